"""Reads the API needs beyond dossiers.selectors (organisations, people, catalogue), scoped the same way.

Administrators (staff with the model's view permission) read the whole directory and catalogue, as in
the admin; everyone else reads the communes they work in and their units.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from dossiers import selectors
from dossiers.models import AwardType, Campaign
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
