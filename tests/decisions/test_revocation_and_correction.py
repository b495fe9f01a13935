"""A signed decision never changes (DESIGN §9; NĐ 30/2020 Art. 18): a correction or replacement is a new
decision linked to the original; a revocation (Luật 2022 Art. 94: reason and legal ground required) is a
signed decision that links the original, turns the affected nominations revoked, moves the dossiers
through `revoke`, and drops those awards from award histories."""

import pytest

from decisions import selectors, services
from decisions.models import Decision, DecisionKind, DecisionStatus
from decisions.signing import decision_sign
from dossiers.models import DossierState, Outcome
from tests.decisions import helpers
from tests.documents.pdftext import page_texts
from tests.workflow.helpers import snapshot
from workflow.engine import Action
from workflow.exceptions import GuardFailed
from workflow.models import AuditEvent

HOA, BINH = "Nguyễn Thị Hoa", "Trần Văn Bình"
GROUND = "Điểm a khoản 2 Điều 94 Luật Thi đua, khen thưởng năm 2022"


def _awarded(world):
    dossier = helpers.awaiting(world, nominees=(HOA, BINH))
    original = decision_sign(decision=helpers.draft(world, dossier), actor=world.chutich)
    return dossier, original


def _history(world, name):
    return selectors.award_history(communes=[world.commune.pk], nominee_name=name)


def _revoke(world, original, names, **kwargs):
    ids = [e.nomination_id for e in original.entries.select_related("nomination") if e.nomination.nominee_name in names]
    data = {"reason": "Sáng kiến sao chép của người khác", "legal_ground": GROUND, **kwargs}
    return services.revocation_draft_create(original=original, actor=world.canbovhxh, nomination_ids=ids, **data)


def test_revocation_revokes_the_award_moves_the_dossier_and_drops_it_from_history(world):
    dossier, original = _awarded(world)
    assert [r.decision_number for r in _history(world, HOA)] == ["01/QĐ-UBND"]
    draft = _revoke(world, original, [HOA])
    assert draft.original == original and draft.kind == DecisionKind.REVOCATION
    revocation = decision_sign(decision=draft, actor=world.chutich)
    assert revocation.number_text == "02/QĐ-UBND"
    dossier.refresh_from_db()
    assert dossier.state == DossierState.DECIDED  # Bình keeps his award
    assert dict(dossier.nominations.values_list("nominee_name", "outcome")) == {
        HOA: Outcome.REVOKED, BINH: Outcome.AWARDED,
    }
    event = AuditEvent.objects.get(stream=dossier.audit_stream, action=Action.REVOKE)
    assert (event.data["decision"], event.data["legal_ground"]) == ("02/QĐ-UBND", GROUND)
    assert _history(world, HOA) == []
    assert [r.decision_number for r in _history(world, BINH)] == ["01/QĐ-UBND"]
    revocation.pdf.seek(0)
    text = " ".join(page_texts(revocation.pdf.read())[0].split())
    assert "Hủy bỏ việc tặng danh hiệu «Lao động tiên tiến» tại Quyết định số 01/QĐ-UBND" in text
    assert f"- {HOA}" in text and "Căn cứ Điểm a khoản 2 Điều 94 Luật Thi đua, khen thưởng năm 2022;" in text
    original.refresh_from_db()
    assert original.status == DecisionStatus.SIGNED and original.pdf_sha256  # the original never changes


def test_revoking_every_award_of_a_dossier_moves_it_to_revoked(world):
    dossier, original = _awarded(world)
    decision_sign(decision=_revoke(world, original, [HOA, BINH]), actor=world.chutich)
    dossier.refresh_from_db()
    assert dossier.state == DossierState.REVOKED


@pytest.mark.parametrize(("field", "message"), [
    ("reason", "Vui lòng nêu lý do hủy bỏ."),
    ("legal_ground", "Vui lòng nêu căn cứ hủy bỏ (Điều 94 Luật Thi đua, khen thưởng 2022)."),
])
def test_office_cannot_draft_a_revocation_without_reason_or_legal_ground(world, field, message):
    _dossier, original = _awarded(world)
    drafts = Decision.objects.count()
    with pytest.raises(GuardFailed) as excinfo:
        _revoke(world, original, [HOA], **{field: "  "})
    assert message in excinfo.value.reasons
    assert Decision.objects.count() == drafts


def test_office_cannot_revoke_an_award_already_revoked(world):
    _dossier, original = _awarded(world)
    decision_sign(decision=_revoke(world, original, [HOA]), actor=world.chutich)
    with pytest.raises(GuardFailed) as excinfo:
        _revoke(world, original, [HOA])
    assert f"{HOA} hiện không còn được khen thưởng." in excinfo.value.reasons


def test_correction_is_a_new_signed_decision_linked_to_the_original(world):
    dossier, original = _awarded(world)
    before = snapshot(dossier)
    draft = services.correction_draft_create(
        original=original, actor=world.canbovhxh, kind=DecisionKind.CORRECTION,
        content="tại Danh sách kèm theo, dòng 2, sửa «Trần Văn Bình» thành «Trần Văn Bính».",
    )
    correction = decision_sign(decision=draft, actor=world.chutich)
    assert (correction.original_id, correction.number_text) == (original.pk, "02/QĐ-UBND")
    assert snapshot(dossier).state == before.state  # a correction moves no dossier
    correction.pdf.seek(0)
    text = " ".join(page_texts(correction.pdf.read())[0].split())
    assert "Đính chính Quyết định số 01/QĐ-UBND" in text
    assert [r.decision_number for r in _history(world, HOA)] == ["01/QĐ-UBND"]


def test_replacement_takes_the_originals_place_in_award_history(world):
    _dossier, original = _awarded(world)
    draft = services.correction_draft_create(original=original, actor=world.canbovhxh, kind=DecisionKind.REPLACEMENT)
    replacement = decision_sign(decision=draft, actor=world.chutich)
    assert replacement.entries.count() == 2
    assert [r.decision_number for r in _history(world, HOA)] == ["02/QĐ-UBND"]
    with pytest.raises(GuardFailed):
        services.correction_draft_create(original=original, actor=world.canbovhxh, kind=DecisionKind.REPLACEMENT)


def test_office_cannot_draft_a_correction_without_content(world):
    _dossier, original = _awarded(world)
    with pytest.raises(GuardFailed) as excinfo:
        services.correction_draft_create(original=original, actor=world.canbovhxh, kind=DecisionKind.CORRECTION)
    assert "Vui lòng nêu nội dung đính chính." in excinfo.value.reasons


def test_award_history_lists_awards_across_years_with_decision_number_and_date(world):
    _dossier, original = _awarded(world)
    person = original.entries.get(nomination__nominee_name=HOA).nomination.person
    (record,) = selectors.award_history(communes=[world.commune.pk], person_id=person.pk)
    assert (record.award, record.decision_number, record.decision_date) == (
        "Lao động tiên tiến", "01/QĐ-UBND", original.signed_on,
    )
