"""decide (system): awaiting_decision -> decided, done by signing a decision.

Awarded nominees must have passed the Council, or be eligible when their award needs no vote; the
others become not_awarded. The signer holds the Chair's right (own, or "KT. CHỦ TỊCH" by delegation);
nobody signs an award to themselves; a reviewer who took the dossier does not sign it. Sources:
DESIGN §4 (decide row, separation of duties), §9; DOMAIN.md §6 (Luật 2022 Art. 80(3), "KT. CHỦ TỊCH").
"""

import datetime

from django.utils import timezone

from dossiers.models import DossierState, Outcome
from roles import services as role_services
from roles.catalog import Perm
from roles.models import Role
from tests.conftest import grant
from tests.workflow import helpers
from tests.workflow.helpers import refused, results_by_name
from workflow.engine import SYSTEM, Action, ActionNotAllowed, GuardFailed, perform

S = DossierState
HOA, BINH = "Nguyễn Thị Hoa", "Trần Văn Bình"


def _decide(world, dossier, awarded, signer=None, **data):
    return perform(dossier, Action.DECIDE, SYSTEM, signer=signer or world.chutich, awarded=awarded,
                   decision=data.pop("decision", "12/QĐ-UBND"), **data)


def _refused_decision(error, world, dossier, awarded, signer=None, **data):
    data.setdefault("decision", "12/QĐ-UBND")
    return refused(error, dossier, Action.DECIDE, SYSTEM, signer=signer or world.chutich, awarded=awarded, **data)


def _voted(world, hoa="passed", binh="failed"):
    dossier = helpers.to_state(world, helpers.make(world, nominees=(HOA, BINH)), S.COUNCIL)
    helpers.close_vote(dossier, results_by_name(dossier, **{HOA: hoa, BINH: binh}))
    return dossier


def _id(dossier, name):
    return dossier.nominations.get(nominee_name=name).pk


def _delegate_to_vice_chair(world):
    today = timezone.localdate()
    return role_services.delegation_create(
        principal=world.chutich, delegate=world.phochutich, organization=world.commune,
        permissions=[Perm.DECIDE_FOR_COMMUNE], valid_from=today - datetime.timedelta(days=1),
        valid_to=today + datetime.timedelta(days=30), instrument="Quyết định số 12/QĐ-UBND", actor=world.chutich,
    )


def test_system_can_decide_awarding_passed_nominee_and_others_are_not_awarded(world):
    dossier = helpers.to_state(world, helpers.make(world, nominees=(HOA, BINH)), S.COUNCIL)
    helpers.close_vote(dossier, results_by_name(dossier, **{HOA: "passed", BINH: "passed"}))
    event = _decide(world, dossier, [_id(dossier, HOA)])
    assert dossier.state == S.DECIDED
    assert dict(dossier.nominations.values_list("nominee_name", "outcome")) == {
        HOA: Outcome.AWARDED, BINH: Outcome.NOT_AWARDED,
    }
    assert (event.data["decision"], event.data["signer"]) == ("12/QĐ-UBND", "chutich")


def test_system_cannot_decide_awarding_failed_nominee(world):
    dossier = _voted(world)
    reasons = _refused_decision(GuardFailed, world, dossier, [_id(dossier, HOA), _id(dossier, BINH)])
    assert f"{BINH} không thể được khen thưởng (kết quả hiện tại: Hội đồng không thông qua)." in reasons


def test_system_can_decide_awarding_eligible_nominee_whose_award_needs_no_vote(world):
    dossier = helpers.to_state(world, helpers.make(world, route="chair"), S.AWAITING_DECISION)
    _decide(world, dossier, [dossier.nominations.get().pk])
    assert dossier.nominations.get().outcome == Outcome.AWARDED


def test_system_cannot_decide_awarding_eligible_nominee_whose_award_now_needs_a_vote(world):
    dossier = helpers.to_state(world, helpers.make(world, route="chair"), S.AWAITING_DECISION)
    world.giay_khen.vote_exempt_kinds = []  # the rule in force now asks for the Council's vote
    world.giay_khen.save()
    reasons = _refused_decision(GuardFailed, world, dossier, [dossier.nominations.get().pk])
    assert "Nguyễn Thị Hoa chưa được Hội đồng thông qua." in reasons


def test_system_cannot_decide_without_awarded_nominees(world):
    dossier = _voted(world)
    reasons = _refused_decision(GuardFailed, world, dossier, [])
    assert "Quyết định phải khen thưởng ít nhất một người được đề nghị." in reasons


def test_system_cannot_decide_without_decision_number(world):
    dossier = _voted(world)
    reasons = _refused_decision(GuardFailed, world, dossier, [_id(dossier, HOA)], decision="")
    assert "Thiếu số, ký hiệu của quyết định." in reasons


def test_system_cannot_decide_without_signer(world):
    dossier = _voted(world)
    reasons = refused(ActionNotAllowed, dossier, Action.DECIDE, SYSTEM, awarded=[_id(dossier, HOA)],
                      decision="12/QĐ-UBND")
    assert "Thiếu người ký quyết định." in reasons


def test_chair_cannot_sign_decision_awarding_self(world):
    dossier = helpers.make(world, route="chair")
    mine = helpers.add_nominee(world, dossier, name="Chủ tịch UBND xã", award=world.giay_khen, user=world.chutich)
    helpers.to_state(world, dossier, S.AWAITING_DECISION)
    reasons = _refused_decision(ActionNotAllowed, world, dossier, [mine.pk])
    assert "Người ký không được ký quyết định khen thưởng cho chính mình." in reasons


def test_chair_can_sign_decision_awarding_others_in_dossier_naming_self(world):
    dossier = helpers.make(world, route="chair")
    mine = helpers.add_nominee(world, dossier, name="Chủ tịch UBND xã", award=world.giay_khen, user=world.chutich)
    helpers.to_state(world, dossier, S.AWAITING_DECISION)
    other = dossier.nominations.exclude(pk=mine.pk).get()
    _decide(world, dossier, [other.pk])
    mine.refresh_from_db()
    assert mine.outcome == Outcome.NOT_AWARDED


def test_vice_chair_can_sign_for_chair_decision_awarding_the_chair(world):
    dossier = helpers.make(world, route="chair")
    mine = helpers.add_nominee(world, dossier, name="Chủ tịch UBND xã", award=world.giay_khen, user=world.chutich)
    helpers.to_state(world, dossier, S.AWAITING_DECISION)
    _delegate_to_vice_chair(world)
    event = _decide(world, dossier, [mine.pk], signer=world.phochutich)
    assert dossier.state == S.DECIDED
    signed = (event.data["signer"], event.data["signing_mode"], event.data["on_behalf_of"])
    assert signed == ("phochutich", "KT.", "chutich")


def test_vice_chair_cannot_sign_without_delegation(world):
    dossier = helpers.to_state(world, helpers.make(world, route="chair"), S.AWAITING_DECISION)
    awarded = [dossier.nominations.get().pk]
    reasons = _refused_decision(ActionNotAllowed, world, dossier, awarded, signer=world.phochutich)
    assert "Người ký không có thẩm quyền quyết định khen thưởng của xã." in reasons


def test_reviewer_cannot_sign_decision(world):
    dossier = helpers.to_state(world, helpers.make(world, route="chair"), S.AWAITING_DECISION)
    awarded = [dossier.nominations.get().pk]
    reasons = _refused_decision(ActionNotAllowed, world, dossier, awarded, signer=world.canbovhxh)
    assert "Người ký không có thẩm quyền quyết định khen thưởng của xã." in reasons


def test_chair_cannot_sign_decision_on_dossier_he_took_as_reviewer(world):
    """A Chair who also holds a reviewer role and took the dossier may not sign it (a reviewer cannot sign)."""
    grant(world.chutich, world.commune, Role.REVIEWER)
    dossier = helpers.to_state(world, helpers.make(world, route="chair"), S.SUBMITTED)
    perform(dossier, Action.TAKE, world.chutich)
    perform(dossier, Action.FORWARD_TO_CHAIR, world.chutich)
    reasons = _refused_decision(ActionNotAllowed, world, dossier, [dossier.nominations.get().pk])
    assert "Người đã thẩm định hồ sơ không được ký quyết định khen thưởng hồ sơ đó." in reasons


def test_vice_chair_can_sign_dossier_the_chair_took_as_reviewer(world):
    grant(world.chutich, world.commune, Role.REVIEWER)
    dossier = helpers.to_state(world, helpers.make(world, route="chair"), S.SUBMITTED)
    perform(dossier, Action.TAKE, world.chutich)
    perform(dossier, Action.FORWARD_TO_CHAIR, world.chutich)
    _delegate_to_vice_chair(world)
    _decide(world, dossier, [dossier.nominations.get().pk], signer=world.phochutich)
    assert dossier.state == S.DECIDED


def test_chair_cannot_decide_directly(world):
    dossier = helpers.to_state(world, helpers.make(world, route="chair"), S.AWAITING_DECISION)
    reasons = refused(ActionNotAllowed, dossier, Action.DECIDE, world.chutich, signer=world.chutich,
                      awarded=[dossier.nominations.get().pk], decision="12/QĐ-UBND")
    assert "Thao tác này do hệ thống tự thực hiện" in reasons


def _two_awards(world):
    """Hoa proposed for LĐTT and Bình for the Chair's Giấy khen, both passed by the council."""
    dossier = world.draft()
    world.complete(dossier, award=world.lao_dong_tien_tien, nominees=(HOA,))
    world.complete(dossier, award=world.giay_khen, nominees=(BINH,))
    world.advance(dossier, S.COUNCIL)
    helpers.close_vote(dossier, results_by_name(dossier, **{HOA: "passed", BINH: "passed"}))
    return dossier


def test_a_decision_for_one_award_type_leaves_the_others_awaiting_their_own(world):
    dossier = _two_awards(world)
    _decide(world, dossier, [_id(dossier, HOA)], award_types=[world.lao_dong_tien_tien.pk], decision="05/QĐ-UBND")
    assert dossier.state == S.AWAITING_DECISION
    assert dict(dossier.nominations.values_list("nominee_name", "outcome")) == {
        HOA: Outcome.AWARDED, BINH: Outcome.PASSED}

    _decide(world, dossier, [_id(dossier, BINH)], award_types=[world.giay_khen.pk], decision="06/QĐ-UBND")
    assert dossier.state == S.DECIDED
    assert dossier.nominations.get(nominee_name=BINH).outcome == Outcome.AWARDED


def test_a_decision_for_one_award_type_cannot_award_another(world):
    dossier = _two_awards(world)
    _refused_decision(GuardFailed, world, dossier, [_id(dossier, BINH)], award_types=[world.lao_dong_tien_tien.pk])
