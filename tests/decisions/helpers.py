"""Builders for the decision specifications: dossiers reach awaiting_decision through the engine."""

import datetime

from django.utils import timezone

from decisions import services
from dossiers.models import DossierState
from roles import services as role_services
from roles.catalog import Perm
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


def delegate_to_vice_chair(world, *, valid_from=None, valid_to=None):
    today = timezone.localdate()
    return role_services.delegation_create(
        principal=world.chutich, delegate=world.phochutich, organization=world.commune,
        permissions=[Perm.DECIDE_FOR_COMMUNE], valid_from=valid_from or today - datetime.timedelta(days=1),
        valid_to=valid_to or today + datetime.timedelta(days=30), instrument="Quyết định số 12/QĐ-UBND",
        actor=world.chutich,
    )
