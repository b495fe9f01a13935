"""Who may act where: an actor's permissions on organisations, as of a day, and their delegations.

A permission counts only while both hold: the guardian object permission on the organisation (the
grant) and an active Membership whose role carries it (the dated record). Delegations add the
principal's permissions "on behalf of" for their window (DESIGN §6).
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from roles.catalog import permissions_of
from roles.models import Delegation, Membership, OrganizationUserObjectPermission


@dataclass
class Authority:
    user: object
    day: date
    held: set[tuple[int, str]]
    roles: dict[tuple[int, str], str]
    _delegations: list | None = field(default=None, repr=False)

    def has(self, organization_id: int, permission: str) -> bool:
        return (organization_id, permission) in self.held

    def role_for(self, organization_id: int, permission: str) -> str:
        return self.roles.get((organization_id, permission), "")

    def delegation_for(self, organization_id: int, permission: str) -> Delegation | None:
        """An active delegation to this user, for this permission, whose principal holds it."""
        if self._delegations is None:
            self._delegations = list(
                Delegation.objects.filter(
                    Q(revoked_on__isnull=True) | Q(revoked_on__gt=self.day),
                    delegate=self.user,
                    valid_from__lte=self.day,
                    valid_to__gte=self.day,
                ).select_related("principal")
            )
        for delegation in self._delegations:
            if delegation.organization_id == organization_id and permission in delegation.permissions:
                if resolve(delegation.principal, [organization_id], self.day).has(organization_id, permission):
                    return delegation
        return None


def resolve(user, organization_ids, day: date) -> Authority:
    """Resolve what `user` holds on the given organisations on `day` (two indexed queries)."""
    if user is None or not getattr(user, "is_active", False):
        return Authority(user, day, set(), {})
    granted = set(
        OrganizationUserObjectPermission.objects.filter(
            user=user, content_object_id__in=organization_ids
        ).values_list("content_object_id", "permission__codename")
    )
    held: set[tuple[int, str]] = set()
    roles: dict[tuple[int, str], str] = {}
    memberships = Membership.objects.active_on(day).filter(user=user, organization_id__in=organization_ids)
    for organization_id, role in memberships.values_list("organization_id", "role"):
        for permission in permissions_of(role):
            key = (organization_id, permission)
            if key in granted:
                held.add(key)
                roles.setdefault(key, role)
    return Authority(user, day, held, roles)
