"""The happy path of DESIGN §4 end to end, through the engine only."""

from dossiers.models import DossierState, Outcome
from workflow import verification
from workflow.engine import SYSTEM, Action, perform
from workflow.models import AuditEvent


def test_unit_reviewer_and_chair_carry_a_dossier_from_draft_to_decision(world):
    dossier = world.ready(nominees=("Nguyễn Thị Hoa", "Trần Văn Bình"))
    perform(dossier, Action.SUBMIT, world.thcs)
    perform(dossier, Action.TAKE, world.canbovhxh)
    perform(dossier, Action.RETURN_FOR_REVISION, world.canbovhxh, reason="Bổ sung biên bản bình xét")
    perform(dossier, Action.SUBMIT, world.thcs)
    perform(dossier, Action.TAKE, world.canbovhxh)
    perform(dossier, Action.FORWARD_TO_COUNCIL, world.canbovhxh)
    world.close_vote(dossier)
    assert dossier.state == DossierState.AWAITING_DECISION
    ids = [n.pk for n in dossier.nominations.all()]
    perform(dossier, Action.DECIDE, SYSTEM, signer=world.chutich, awarded=ids[:1], decision="246/QĐ-UBND")

    assert dossier.state == DossierState.DECIDED
    assert [n.outcome for n in dossier.nominations.order_by("pk")] == [Outcome.AWARDED, Outcome.NOT_AWARDED]
    actions = list(AuditEvent.objects.filter(stream=dossier.audit_stream).values_list("action", flat=True))
    assert (
        actions[-7:]
        == ["submit", "take", "return_for_revision", "submit", "take", "forward_to_council", "close_vote", "decide"][
            -7:
        ]
    )
    assert verification.verify().intact
