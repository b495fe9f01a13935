"""available_actions lists exactly what the actor may do now (DESIGN §5: the UI and the API show it).

Blocked actions carry the Vietnamese reasons shown beside a disabled button (for example the missing
documents of a submission). Administrators, auditors, the clerk and council members see nothing.
The permission matrix (test_permission_matrix.py) checks the list against perform cell by cell.
"""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from dossiers.models import DossierState
from roles import services as role_services
from roles.catalog import Perm
from tests.workflow import helpers
from workflow.engine import SYSTEM, Action, available_actions, can_assess

S = DossierState
A = Action


def _listed(dossier, actor):
    return {a.action: a for a in available_actions(dossier, actor)}


def _names(dossier, actor):
    return set(_listed(dossier, actor))


def test_unit_officer_can_see_submit_on_complete_draft(world):
    dossier = helpers.make(world)
    listed = _listed(dossier, world.thcs)
    assert set(listed) == {A.SUBMIT}
    assert listed[A.SUBMIT].blocked_reasons == []
    assert listed[A.SUBMIT].label == "Trình hồ sơ"


def test_unit_officer_cannot_submit_draft_without_documents_and_sees_why(world):
    dossier = world.draft()
    helpers.add_nominee(world, dossier, name="Nguyễn Thị Hoa", documents=False)
    submit = _listed(dossier, world.thcs)[A.SUBMIT]
    assert submit.blocked
    assert "Thiếu «Báo cáo thành tích» của Nguyễn Thị Hoa." in submit.blocked_reasons
    assert "Thiếu «Tờ trình» của hồ sơ." in submit.blocked_reasons


def test_unit_head_can_see_withdraw_with_reason_needed_on_submitted(world):
    dossier = helpers.to_state(world, helpers.make(world), S.SUBMITTED)
    listed = _listed(dossier, world.thcs_head)
    assert set(listed) == {A.WITHDRAW}
    assert listed[A.WITHDRAW].needs_reason


def test_reviewer_can_see_take_and_suspend_on_submitted(world):
    dossier = helpers.to_state(world, helpers.make(world), S.SUBMITTED)
    assert _names(dossier, world.canbovhxh) == {A.TAKE, A.SUSPEND}


def test_assignee_can_see_review_actions_with_blocked_ones_explained(world):
    dossier = helpers.to_state(world, helpers.make(world), S.IN_REVIEW)
    listed = _listed(dossier, world.canbovhxh)
    assert set(listed) == {A.RETURN_FOR_REVISION, A.POST_PUBLICLY, A.FORWARD_TO_COUNCIL, A.FORWARD_TO_CHAIR, A.REJECT,
                           A.UNASSIGN, A.SUSPEND}
    assert {name for name, a in listed.items() if a.blocked} == {A.POST_PUBLICLY, A.FORWARD_TO_CHAIR, A.SUSPEND}
    assert listed[A.FORWARD_TO_CHAIR].blocked_reasons == [
        "Có đề nghị phải được Hội đồng Thi đua - Khen thưởng xét trước khi trình Chủ tịch."
    ]
    assert can_assess(dossier, world.canbovhxh)


def test_council_secretary_cannot_see_assignee_actions_on_dossier_taken_by_reviewer(world):
    dossier = helpers.to_state(world, helpers.make(world), S.IN_REVIEW)
    # vhxh is also the head of the office: they may give the dossier to another reviewer or back to the queue.
    assert _names(dossier, world.vhxh) == {A.FORWARD_TO_COUNCIL, A.SUSPEND, A.REASSIGN, A.UNASSIGN}
    assert not can_assess(dossier, world.vhxh)


def test_chair_can_see_send_back_and_reject_when_awaiting_decision(world):
    dossier = helpers.to_state(world, helpers.make(world, route="chair"), S.AWAITING_DECISION)
    assert _names(dossier, world.chutich) == {A.SEND_BACK, A.REJECT}


def test_vice_chair_can_see_decision_actions_only_with_delegation(world):
    dossier = helpers.to_state(world, helpers.make(world, route="chair"), S.AWAITING_DECISION)
    assert _names(dossier, world.phochutich) == set()
    today = timezone.localdate()
    role_services.delegation_create(
        principal=world.chutich, delegate=world.phochutich, organization=world.commune,
        permissions=[Perm.DECIDE_FOR_COMMUNE], valid_from=today, valid_to=today + datetime.timedelta(days=7),
        instrument="Quyết định số 12/QĐ-UBND", actor=world.chutich,
    )
    assert _names(dossier, world.phochutich) == {A.SEND_BACK, A.REJECT}


def test_reviewer_can_see_resume_blocked_while_complaint_is_open(world):
    dossier = helpers.to_state(world, helpers.make(world), S.SUSPENDED)
    resume = _listed(dossier, world.canbovhxh)[A.RESUME]
    assert resume.blocked_reasons == ["Hồ sơ còn khiếu nại, phản ánh chưa giải quyết xong."]


@pytest.mark.parametrize("state", [S.DRAFT, S.SUBMITTED, S.IN_REVIEW, S.AWAITING_DECISION, S.DECIDED])
@pytest.mark.parametrize("persona", ["quantri", "kiemtra", "vanthu", "hoidong1", "other_reviewer", "doantn"])
def test_persona_without_rights_cannot_see_any_action(world, state, persona):
    dossier = helpers.to_state(world, helpers.make(world, route="chair"), state)
    assert available_actions(dossier, getattr(world, persona)) == []


@pytest.mark.parametrize("actor", [None, AnonymousUser(), SYSTEM])
def test_anonymous_or_system_cannot_see_any_action(world, actor):
    dossier = helpers.make(world)
    assert available_actions(dossier, actor) == []


def test_nobody_can_see_system_actions(world):
    dossier = helpers.to_state(world, helpers.make(world), S.COUNCIL)
    for persona in ("canbovhxh", "vhxh", "chutich", "hoidong1"):
        assert _names(dossier, getattr(world, persona)) <= {A.SUSPEND}


def test_reviewer_cannot_suspend_without_open_complaint_and_sees_why(world):
    """Suspension follows a complaint (DOMAIN §1, S28): without an open one the button is disabled."""
    dossier = helpers.to_state(world, helpers.make(world), S.SUBMITTED)
    listed = _listed(dossier, world.canbovhxh)
    assert listed[A.SUSPEND].blocked_reasons == [
        "Việc tạm dừng phải gắn với một khiếu nại, phản ánh đang giải quyết của hồ sơ này."
    ]


def test_reviewer_can_suspend_once_a_complaint_is_open(world):
    from dossiers.services import complaint_register

    dossier = helpers.to_state(world, helpers.make(world), S.SUBMITTED)
    complaint_register(dossier=dossier, actor=world.canbovhxh, complainant="Nguyễn Văn Dân",
                       summary="Phản ánh thành tích chưa đúng", received_on=timezone.localdate())
    assert _listed(dossier, world.canbovhxh)[A.SUSPEND].blocked_reasons == []
