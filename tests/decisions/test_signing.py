"""Signing a decision (DESIGN §9; DOMAIN §6.3): in one transaction the number is taken ("Số: 01/QĐ-UBND",
sequential, restarting on 1 January), the nominations become awarded and the others of those dossiers
not_awarded, the dossiers move through `decide`, the audit events and a signed checkpoint are written, the
PDF and DOCX are stored with their SHA-256, and the clerk is notified. A failed signing leaves nothing."""

import datetime
import hashlib

import pytest
from django.utils import timezone

from decisions.models import Decision, DecisionStatus, SigningMode
from decisions.services import decision_draft_update
from decisions.signing import decision_sign
from documents.models import DocumentSeries
from dossiers.models import DossierState, Outcome
from tests.decisions import helpers
from tests.workflow.helpers import complain, snapshot
from workflow.engine import Action, perform
from workflow.exceptions import Conflict, GuardFailed
from workflow.models import AuditCheckpoint, AuditEvent, Notification

S = DossierState
HOA, BINH = "Nguyễn Thị Hoa", "Trần Văn Bình"


def _freeze(monkeypatch, moment: datetime.datetime):
    """Fix the clock (only the clock): timezone.now and, through it, timezone.localdate."""
    monkeypatch.setattr(timezone, "now", lambda: moment)


def test_chair_can_sign_draft_and_everything_happens_together(world, django_capture_on_commit_callbacks):
    dossier = helpers.awaiting(world, nominees=(HOA, BINH))
    binh = dossier.nominations.get(nominee_name=BINH)
    decision = helpers.draft(world, dossier)
    decision.entries.filter(nomination=binh).delete()  # the office left Bình out of the list
    with django_capture_on_commit_callbacks(execute=True):
        signed = decision_sign(decision=decision, actor=world.chutich)
    assert signed.status == DecisionStatus.SIGNED
    assert (signed.number, signed.number_text, signed.signing_mode) == (1, "01/QĐ-UBND", SigningMode.CHAIR)
    assert signed.signed_on == timezone.localdate()
    dossier.refresh_from_db()
    assert dossier.state == S.DECIDED
    assert dict(dossier.nominations.values_list("nominee_name", "outcome")) == {
        HOA: Outcome.AWARDED, BINH: Outcome.NOT_AWARDED,
    }
    decide = AuditEvent.objects.get(stream=dossier.audit_stream, action=Action.DECIDE)
    assert (decide.data["decision"], decide.data["signer"]) == ("01/QĐ-UBND", "chutich")
    sign = AuditEvent.objects.get(stream=signed.audit_stream, action="decision_sign")
    assert sign.data["pdf_sha256"] == hashlib.sha256(signed.pdf.read()).hexdigest()
    signed.docx.seek(0)
    assert sign.data["docx_sha256"] == hashlib.sha256(signed.docx.read()).hexdigest()
    checkpoint = AuditCheckpoint.objects.get(pk=signed.checkpoint_id)
    assert checkpoint.heads[dossier.audit_stream][1] == decide.hash  # the checkpoint anchors the decide event
    assert Notification.objects.filter(recipient=world.vanthu, subject__contains="01/QĐ-UBND").count() == 1


def test_numbers_follow_each_other_within_a_year(world):
    numbers = []
    for _ in range(3):
        decision = helpers.draft(world, helpers.awaiting(world))
        numbers.append(decision_sign(decision=decision, actor=world.chutich).number_text)
    assert numbers == ["01/QĐ-UBND", "02/QĐ-UBND", "03/QĐ-UBND"]


def test_numbering_restarts_at_01_on_1_january(world, monkeypatch):
    first = helpers.draft(world, helpers.awaiting(world))
    second = helpers.draft(world, helpers.awaiting(world))
    third = helpers.draft(world, helpers.awaiting(world))
    vietnam = datetime.timezone(datetime.timedelta(hours=7))
    _freeze(monkeypatch, datetime.datetime(2025, 12, 31, 16, 0, tzinfo=vietnam))
    assert decision_sign(decision=first, actor=world.chutich).number_text == "01/QĐ-UBND"
    assert decision_sign(decision=second, actor=world.chutich).number_text == "02/QĐ-UBND"
    _freeze(monkeypatch, datetime.datetime(2026, 1, 1, 8, 0, tzinfo=vietnam))
    signed = decision_sign(decision=third, actor=world.chutich)
    assert (signed.number_text, signed.year, signed.signed_on) == ("01/QĐ-UBND", 2026, datetime.date(2026, 1, 1))
    assert dict(DocumentSeries.objects.values_list("year", "last_number")) == {2025: 2, 2026: 1}


def test_failed_signing_leaves_no_gap_and_no_half_issued_decision(world):
    """The engine refuses a dossier that was suspended after drafting: the number taken before is given back."""
    good = helpers.draft(world, helpers.awaiting(world))
    decision_sign(decision=good, actor=world.chutich)
    dossier = helpers.awaiting(world)
    bad = helpers.draft(world, dossier)
    complaint = complain(world, dossier)
    perform(dossier, Action.SUSPEND, world.canbovhxh, complaint=complaint.pk, reason="Có đơn phản ánh")
    before = snapshot(dossier)
    checkpoints = AuditCheckpoint.objects.count()
    with pytest.raises(GuardFailed):
        decision_sign(decision=bad, actor=world.chutich)
    bad.refresh_from_db()
    assert (bad.status, bad.number, bad.pdf.name) == (DecisionStatus.DRAFT, None, "")
    assert snapshot(dossier) == before
    assert AuditCheckpoint.objects.count() == checkpoints
    assert not AuditEvent.objects.filter(stream=bad.audit_stream, action="decision_sign").exists()
    assert DocumentSeries.objects.get().last_number == 1
    retry = helpers.draft(world, helpers.awaiting(world))
    assert decision_sign(decision=retry, actor=world.chutich).number_text == "02/QĐ-UBND"


def test_chair_cannot_sign_the_same_decision_twice(world):
    decision = helpers.draft(world, helpers.awaiting(world))
    decision_sign(decision=decision, actor=world.chutich)
    stale = Decision.objects.get(pk=decision.pk)
    events = AuditEvent.objects.count()
    with pytest.raises(Conflict) as excinfo:
        decision_sign(decision=stale, actor=world.chutich)
    assert "đã được ký" in excinfo.value.message
    assert AuditEvent.objects.count() == events
    assert DocumentSeries.objects.get().last_number == 1


def test_chair_cannot_sign_a_draft_changed_after_opening_it(world):
    dossier = helpers.awaiting(world, nominees=(HOA, BINH))
    decision = helpers.draft(world, dossier)
    seen = decision.version
    decision_draft_update(decision=decision, actor=world.canbovhxh,
                          nomination_ids=[dossier.nominations.get(nominee_name=HOA).pk], summary=decision.summary)
    with pytest.raises(Conflict):
        decision_sign(decision=decision, actor=world.chutich, expected_version=seen)
    assert Decision.objects.get(pk=decision.pk).status == DecisionStatus.DRAFT


def test_signing_without_the_signers_key_is_refused_and_changes_nothing(world, settings, tmp_path):
    settings.SIGNING_KEYS_DIR = str(tmp_path)  # no PKCS#12 files there
    dossier = helpers.awaiting(world)
    decision = helpers.draft(world, dossier)
    before = snapshot(dossier)
    with pytest.raises(GuardFailed) as excinfo:
        decision_sign(decision=decision, actor=world.chutich)
    assert "Chưa có chứng thư số cá nhân của người ký" in excinfo.value.message
    assert snapshot(dossier) == before
    assert not DocumentSeries.objects.exists()


def test_two_decisions_for_two_award_types_of_one_dossier(world):
    """The scenario's THCS dossier: LĐTT and Giấy khen nominees, decided by two decisions."""
    dossier = world.draft()
    world.complete(dossier, award=world.lao_dong_tien_tien, nominees=(HOA,))
    world.complete(dossier, award=world.giay_khen, nominees=(BINH,))
    world.advance(dossier, S.COUNCIL)
    world.close_vote(dossier)

    first = decision_sign(decision=helpers.draft(world, dossier, award=world.lao_dong_tien_tien), actor=world.chutich)
    dossier.refresh_from_db()
    assert dossier.state == S.AWAITING_DECISION
    assert [e.nomination.nominee_name for e in first.entries.all()] == [HOA]
    assert dossier.nominations.get(nominee_name=BINH).outcome == Outcome.PASSED

    second = decision_sign(decision=helpers.draft(world, dossier, award=world.giay_khen), actor=world.chutich)
    dossier.refresh_from_db()
    assert dossier.state == S.DECIDED
    assert (first.number_text, second.number_text) == ("01/QĐ-UBND", "02/QĐ-UBND")
    assert set(dossier.nominations.values_list("outcome", flat=True)) == {Outcome.AWARDED}


def test_the_clerk_is_told_in_vietnamese_even_when_the_chair_works_in_english(world):
    from django.utils import translation

    decision = helpers.draft(world, helpers.awaiting(world))
    with translation.override("en"):
        decision_sign(decision=decision, actor=world.chutich)
    told = Notification.objects.get(recipient=world.vanthu)
    assert told.subject == "Quyết định số 01/QĐ-UBND đã được ký, chờ phát hành"
