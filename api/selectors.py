"""Reads the API needs beyond dossiers.selectors (organisations, people, catalogue), scoped the same way.

Administrators (staff with the model's view permission) read the whole directory and catalogue, as in
the admin; everyone else reads the communes they work in and their units.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from decisions import selectors as decision_selectors
from dossiers import selectors
from dossiers.models import AwardType, Campaign, Nomination
from roles.models import Organization, Person


def _administers(actor, permission: str) -> bool:
    return actor.is_staff and actor.has_perm(permission)


def organization_list_for(*, actor, scope: selectors.Scope) -> QuerySet:
    if _administers(actor, "roles.view_organization"):
        return Organization.objects.order_by("pk")
    communes = sorted(scope.communes_seen)
    return Organization.objects.filter(Q(pk__in=communes) | Q(commune_id__in=communes)).order_by("pk")


def person_list_for(*, actor, scope: selectors.Scope, organization: int | None = None) -> QuerySet:
    if _administers(actor, "roles.view_person"):
        people = Person.objects.all()
    else:
        communes = sorted(scope.communes_seen)
        people = Person.objects.filter(Q(organization_id__in=communes) | Q(organization__commune_id__in=communes))
    if organization:
        people = people.filter(organization_id=organization)
    return people.order_by("full_name", "pk")


def campaign_list_for(*, actor, scope: selectors.Scope) -> QuerySet:
    campaigns = Campaign.objects.prefetch_related("award_types")
    if not _administers(actor, "dossiers.view_campaign"):
        campaigns = campaigns.filter(commune_id__in=sorted(scope.communes_seen))
    return campaigns.order_by("-year", "name", "pk")


def award_type_list_for(*, actor, scope: selectors.Scope) -> QuerySet:
    """The catalogue items used by the campaigns of the caller's communes (all of it for administrators)."""
    award_types = AwardType.objects.all()
    if not _administers(actor, "dossiers.view_awardtype"):
        used = Campaign.award_types.through.objects.filter(
            awardtype_id=OuterRef("pk"), campaign__commune_id__in=sorted(scope.communes_seen)
        )
        award_types = award_types.filter(Exists(used))
    return award_types.order_by("code", "-valid_from", "pk")


def decision_list_for(*, scope: selectors.Scope, year=None, status=None, kind=None, award_type=None) -> QuerySet:
    """The decisions page's list (decisions.selectors), with the API's filters. A draft has no number yet:
    its year is its campaign's."""
    decisions = decision_selectors.decision_list_for(scope=scope, status=status)
    if year:
        decisions = decisions.filter(Q(year=year) | Q(year__isnull=True, campaign__year=year))
    if kind:
        decisions = decisions.filter(kind=kind)
    if award_type:
        decisions = decisions.filter(award_type_id=award_type)
    return decisions


def campaign_of(nomination_ids) -> Campaign | None:
    """The campaign of a draft's nominees when they share one (as on the drafting page), else none."""
    campaigns = set(Nomination.objects.filter(pk__in=nomination_ids).values_list("dossier__campaign_id", flat=True))
    return Campaign.objects.get(pk=campaigns.pop()) if len(campaigns) == 1 else None


def nominations_outside(nomination_ids, *, commune) -> bool:
    """Whether any of these ids is not a nominee of the commune's dossiers (or does not exist)."""
    ids = set(nomination_ids)
    return Nomination.objects.filter(pk__in=ids, dossier__commune=commune).count() != len(ids)
