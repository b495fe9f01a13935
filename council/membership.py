"""Who sits on a commune's council on a day, and who chairs it (DESIGN §6, §8).

A member holds `vote_in_council` on the commune the way every right is held (workflow.authority): an
active Membership whose role carries it and the guardian grant on the commune. The Chair of the Council
is the member who also holds the Chair's own right (`decide_for_commune`) in their own name.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model

from roles.catalog import CATALOG, Perm
from roles.models import Membership, Organization, OrganizationUserObjectPermission, Person


@dataclass(frozen=True)
class Seat:
    user: object
    full_name: str
    position: str
    is_chair: bool


def _roles_with(permission: str) -> list[str]:
    return sorted(role for role, spec in CATALOG.items() if permission in spec.permissions)


def holders(commune: Organization, permission: str, day: date) -> set[int]:
    """Ids of the users who hold `permission` on `commune` on `day` (membership and grant; two queries)."""
    with_role = set(
        Membership.objects.active_on(day)
        .filter(organization=commune, role__in=_roles_with(permission), user__is_active=True)
        .values_list("user_id", flat=True)
    )
    if not with_role:
        return set()
    granted = OrganizationUserObjectPermission.objects.filter(
        content_object=commune, permission__codename=permission, user_id__in=sorted(with_role)
    ).values_list("user_id", flat=True)
    return with_role & set(granted)


def council_of(commune: Organization, day: date) -> list[Seat]:
    """The council's members on `day`, the Chair first, then by name (four queries)."""
    member_ids = holders(commune, Perm.VOTE_IN_COUNCIL, day)
    if not member_ids:
        return []
    chairs = holders(commune, Perm.DECIDE_FOR_COMMUNE, day) & member_ids
    users = get_user_model().objects.in_bulk(sorted(member_ids))
    people = {p.user_id: p for p in Person.objects.filter(user_id__in=sorted(member_ids))}
    seats = []
    for user_id in sorted(member_ids):
        user = users[user_id]
        person = people.get(user_id)
        seats.append(
            Seat(
                user=user,
                full_name=(person.full_name if person else "") or user.get_full_name() or user.get_username(),
                position=person.position if person else "",
                is_chair=user_id in chairs,
            )
        )
    return sorted(seats, key=lambda s: (not s.is_chair, s.full_name, s.user.pk))
