"""Builders for the decision specifications: dossiers reach awaiting_decision through the engine."""

from decisions import services
from dossiers.models import DossierState
from tests.workflow import helpers as workflow

S = DossierState


def awaiting(world, nominees=("Nguyễn Thị Hoa",), route="council", unit=None):
    """A dossier awaiting the Chair's decision, its nominees passed (or eligible where no vote is needed)."""
    return workflow.to_state(world, workflow.make(world, route=route, nominees=nominees, unit=unit),
                             S.AWAITING_DECISION)


def draft(world, *dossiers, award=None, **kwargs):
    """A draft decision, by the office reviewer, for every awardable nominee of `dossiers` for `award`."""
    award = award or dossiers[0].nominations.first().award_type
    ids = [
        n.pk for d in dossiers for n in d.nominations.all()
        if n.outcome in ("passed", "eligible") and n.award_type_id == award.pk
    ]
    return services.decision_draft_create(
        actor=world.canbovhxh, commune=world.commune, award_type=award, nomination_ids=ids,
        campaign=dossiers[0].campaign, **kwargs,
    )
