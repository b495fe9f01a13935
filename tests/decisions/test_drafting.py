"""Drafting (issue 5 §1): the office drafts a decision for one award type from nominations that passed (or
are eligible where no vote is needed) in dossiers awaiting decision, from one or many units; nobody else
drafts; a nominee is on one draft at a time. A refusal says why in Vietnamese and writes nothing."""

import pytest

from decisions import services
from decisions.models import Decision
from documents.models import DocumentSeries
from documents.services import series_continue_from
from tests.decisions import helpers
from tests.workflow import helpers as workflow
from workflow.exceptions import ActionNotAllowed, GuardFailed
from workflow.models import AuditEvent

HOA, BINH = "Nguyễn Thị Hoa", "Trần Văn Bình"


def test_office_can_draft_from_dossiers_of_two_units(world):
    thcs = helpers.awaiting(world)
    doantn = helpers.awaiting(world, nominees=(BINH,), unit=world.doantn_unit)
    decision = helpers.draft(world, thcs, doantn)
    assert sorted(decision.entries.values_list("nomination__dossier__unit__code", flat=True)) == ["DTN", "THCS"]
    assert AuditEvent.objects.filter(stream=decision.audit_stream, action="decision_draft").count() == 1


def test_office_cannot_draft_a_nominee_the_council_did_not_pass(world):
    dossier = workflow.to_state(world, workflow.make(world, nominees=(HOA, BINH)), workflow.S.COUNCIL)
    results = workflow.results_by_name(dossier, **{HOA: "passed", BINH: "failed"})
    workflow.close_vote(dossier, results)
    failed = dossier.nominations.get(nominee_name=BINH)
    with pytest.raises(GuardFailed) as excinfo:
        services.decision_draft_create(actor=world.canbovhxh, commune=world.commune,
                                       award_type=world.lao_dong_tien_tien, nomination_ids=[failed.pk])
    assert f"{BINH} không thể được đưa vào quyết định này" in excinfo.value.message
    assert not Decision.objects.exists()


def test_office_cannot_put_a_nominee_on_two_drafts(world):
    dossier = helpers.awaiting(world)
    helpers.draft(world, dossier)
    with pytest.raises(GuardFailed):
        helpers.draft(world, dossier)
    assert Decision.objects.count() == 1


def test_office_cannot_draft_for_a_dossier_not_awaiting_decision(world):
    dossier = workflow.to_state(world, workflow.make(world), workflow.S.IN_REVIEW)
    with pytest.raises(GuardFailed):
        services.decision_draft_create(actor=world.canbovhxh, commune=world.commune,
                                       award_type=world.lao_dong_tien_tien,
                                       nomination_ids=[dossier.nominations.get().pk])
    assert not Decision.objects.exists()


def test_office_cannot_draft_another_communes_nominee_nor_learn_its_name(world):
    theirs = helpers.awaiting(world, nominees=(BINH,), unit=world.other_unit)
    with pytest.raises(GuardFailed) as excinfo:
        services.decision_draft_create(actor=world.canbovhxh, commune=world.commune,
                                       award_type=world.lao_dong_tien_tien,
                                       nomination_ids=[theirs.nominations.get().pk])
    assert "không thuộc hồ sơ của xã này" in excinfo.value.message
    assert BINH not in excinfo.value.message
    assert not Decision.objects.exists()


@pytest.mark.parametrize("persona", ["chutich", "thcs", "vanthu"])
def test_only_the_office_can_draft(world, persona):
    dossier = helpers.awaiting(world)
    with pytest.raises(ActionNotAllowed):
        services.decision_draft_create(actor=getattr(world, persona), commune=world.commune,
                                       award_type=world.lao_dong_tien_tien,
                                       nomination_ids=[dossier.nominations.get().pk])
    assert not Decision.objects.exists()


def test_register_continues_after_numbers_used_on_paper_and_never_goes_back(world):
    series_continue_from(issuer=world.commune, code="QĐ", symbol="QĐ-UBND", year=2025, last_number=245,
                         actor=world.quantri)
    assert DocumentSeries.objects.get().last_number == 245
    assert AuditEvent.objects.filter(action="series_continue_from", actor_username="quantri").exists()
    with pytest.raises(GuardFailed) as excinfo:
        series_continue_from(issuer=world.commune, code="QĐ", symbol="QĐ-UBND", year=2025, last_number=10,
                             actor=world.quantri)
    assert "không thể lùi về 10" in excinfo.value.message
    assert DocumentSeries.objects.get().last_number == 245
