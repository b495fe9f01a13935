"""Who may act where: an actor's permissions on organisations, as of a day, and their delegations.

A permission counts only while both hold: the guardian object permission on the organisation (the
grant) and an active Membership whose role carries it (the dated record). Delegations add the
principal's permissions "on behalf of" for their window (DESIGN §6).
"""

import functools
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import Permission
from django.db import connection
from django.db.models import Q

from roles.catalog import permissions_of
from roles.models import Delegation, Membership, OrganizationUserObjectPermission
from workflow import statements

_GRANT, _MEMBERSHIP = 0, 1


@dataclass
class Authority:
    user: object
    day: date
    held: set[tuple[int, str]]
    roles: dict[tuple[int, str], str]
    # (organisation, role) pairs whose every permission is granted: a role held in full (e.g. office head).
    full_roles: set[tuple[int, str]] = field(default_factory=set)
    _delegations: list | None = field(default=None, repr=False)

    def has(self, organization_id: int, permission: str) -> bool:
        return (organization_id, permission) in self.held

    def has_role(self, organization_id: int, role: str) -> bool:
        return (organization_id, role) in self.full_roles

    def role_for(self, organization_id: int, permission: str) -> str:
        return self.roles.get((organization_id, permission), "")

    def delegation_for(self, organization_id: int, permission: str) -> Delegation | None:
        """An active delegation to this user, for this permission, whose principal holds it."""
        if self._delegations is None:
            self._delegations = list(active_delegations(self.user, self.day))
        for delegation in self._delegations:
            if delegation.organization_id == organization_id and permission in delegation.permissions:
                if resolve(delegation.principal, [organization_id], self.day).has(organization_id, permission):
                    return delegation
        return None

    def delegated(self, permissions) -> set[tuple[int, str]]:
        """The (organisation, permission) pairs among `permissions` this user holds only by delegation."""
        if self._delegations is None:
            self._delegations = list(active_delegations(self.user, self.day))
        pairs = set()
        for delegation in self._delegations:
            for permission in delegation.permissions:
                if permission in permissions and not self.has(delegation.organization_id, permission):
                    if self.delegation_for(delegation.organization_id, permission) is not None:
                        pairs.add((delegation.organization_id, permission))
        return pairs


def active_delegations(user, day: date):
    """Delegations to `user` in force on `day` (not yet revoked), with their principals."""
    return Delegation.objects.filter(
        Q(revoked_on__isnull=True) | Q(revoked_on__gt=day), delegate=user, valid_from__lte=day, valid_to__gte=day
    ).select_related("principal")


def resolve(user, organization_ids, day: date) -> Authority:
    """Resolve what `user` holds on the given organisations on `day` (one indexed query)."""
    if not _counts(user):
        return Authority(user, day, set(), {})
    granted: set[tuple[int, str]] = set()
    held_roles: list[tuple[int, str]] = []
    with connection.cursor() as cursor:
        statements.execute(cursor, *_grants_and_memberships_sql(user.pk, list(dict.fromkeys(organization_ids)), day))
        for organization_id, name, source in cursor.fetchall():
            if source == _GRANT:
                granted.add((organization_id, name))
            else:
                held_roles.append((organization_id, name))
    return _authority(user, day, granted, held_roles)


def _counts(user) -> bool:
    return user is not None and getattr(user, "is_active", False)


def dossier_lists(user, day: date) -> dict[str, tuple[str, list]] | None:
    """The grants and memberships of `user` on the locked dossier `d`'s unit and commune, as list columns of
    "<organisation id> <codename or role>" for the locking read (`rows.lock_dossier(lists=…)`): resolve's
    two halves without a round trip of their own. None where that cannot be (SQLite, no active user)."""
    if connection.vendor != "postgresql" or not _counts(user):
        return None
    grants, memberships = _dossier_lists_text()
    day = connection.ops.adapt_datefield_value(day)
    return {"_grants": (grants, [user.pk]), "_memberships": (memberships, [user.pk, day, day])}


def from_dossier_lists(user, day: date, dossier) -> Authority:
    """The Authority that `resolve(user, [unit, commune], day)` gives, from the lists read with the dossier."""
    def pairs(items):
        for item in items:
            organization_id, name = item.split(" ", 1)
            yield int(organization_id), name

    return _authority(user, day, set(pairs(dossier._grants)), list(pairs(dossier._memberships)))


def _authority(user, day: date, granted: set[tuple[int, str]], held_roles: list[tuple[int, str]]) -> Authority:
    held: set[tuple[int, str]] = set()
    roles: dict[tuple[int, str], str] = {}
    # Sorted, so that the role named in the audit log does not depend on the database's row order.
    for organization_id, role in sorted(held_roles):
        for permission in permissions_of(role):
            key = (organization_id, permission)
            if key in granted:
                held.add(key)
                roles.setdefault(key, role)
    full_roles = {
        (organization_id, role)
        for organization_id, role in held_roles
        if all((organization_id, permission) in held for permission in permissions_of(role))
    }
    return Authority(user, day, held, roles, full_roles)


def _grants_and_memberships_sql(user_id: int, organization_ids: list[int], day: date):
    """The guardian grants and the memberships active on `day`, in one round trip (UNION ALL).

    Hand-written because every `perform` runs it: building the same query with the ORM costs about three
    times the round trip itself (bench/transitions.py). The membership condition is
    `MembershipQuerySet.active_on`; tests/workflow/test_membership.py pins both halves.
    """
    day = connection.ops.adapt_datefield_value(day)
    sql = _grants_and_memberships_text(len(organization_ids), connection.vendor)
    return sql, [user_id, *organization_ids, user_id, *organization_ids, day, day]


@functools.cache
def _grants_and_memberships_text(count: int, vendor: str) -> str:
    grants, memberships = _halves(f"IN ({', '.join(['%s'] * count) or 'NULL'})")
    return (
        f"SELECT {grants.organization}, {grants.name}, {_GRANT} {grants.rest} "
        f"UNION ALL SELECT {memberships.organization}, {memberships.name}, {_MEMBERSHIP} {memberships.rest}"
    )


@functools.cache
def _dossier_lists_text() -> tuple[str, str]:
    """The two halves about the locked dossier `d`'s unit and commune, each one text column (PostgreSQL)."""
    return tuple(
        f"SELECT {half.organization}::text || ' ' || {half.name} {half.rest}"
        for half in _halves("IN (d.unit_id, d.commune_id)")
    )


@dataclass(frozen=True)
class _Half:
    organization: str  # the organisation's column
    name: str  # the codename (grants) or the role (memberships)
    rest: str  # FROM … WHERE …


def _halves(among: str) -> tuple[_Half, _Half]:
    """A user's grants and active memberships on the organisations `among` (an SQL IN clause). Parameters:
    the user (grants); the user and the day, twice (memberships). `MembershipQuerySet.active_on`'s rule:
    tests/workflow/test_membership.py pins both halves."""
    quote = connection.ops.quote_name
    grant, permission, membership = OrganizationUserObjectPermission._meta, Permission._meta, Membership._meta

    def column(meta, name):
        return quote(meta.get_field(name).column)

    grants = _Half(
        f"g.{column(grant, 'content_object')}",
        f"p.{column(permission, 'codename')}",
        f"FROM {quote(grant.db_table)} g INNER JOIN {quote(permission.db_table)} p "
        f"ON p.{column(permission, 'id')} = g.{column(grant, 'permission')} "
        f"WHERE g.{column(grant, 'user')} = %s AND g.{column(grant, 'content_object')} {among}",
    )
    memberships = _Half(
        f"m.{column(membership, 'organization')}",
        f"m.{column(membership, 'role')}",
        f"FROM {quote(membership.db_table)} m "
        f"WHERE m.{column(membership, 'user')} = %s AND m.{column(membership, 'organization')} {among} "
        f"AND m.{column(membership, 'valid_from')} <= %s "
        f"AND (m.{column(membership, 'valid_to')} IS NULL OR m.{column(membership, 'valid_to')} >= %s)",
    )
    return grants, memberships
