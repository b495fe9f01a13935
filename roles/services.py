"""Writes of roles: memberships keep guardian's object permissions in step, and every change is audited."""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from roles.catalog import ADMINISTRATOR_MODEL_PERMISSIONS, ADMINISTRATORS_GROUP, CATALOG, permissions_of
from roles.models import Delegation, Membership, Organization, OrganizationUserObjectPermission
from workflow import audit


def _permission_name(codename: str) -> str:
    return f"roles.{codename}"


def _sync_grants(user, organization: Organization, day: date) -> None:
    """Make guardian's grants on `organization` equal what the user's active memberships carry."""
    wanted = set()
    for role in (
        Membership.objects.active_on(day).filter(user=user, organization=organization).values_list("role", flat=True)
    ):
        wanted.update(permissions_of(role))
    every = {p for spec in CATALOG.values() for p in spec.permissions}
    for codename in every:
        if codename in wanted:
            assign_perm(_permission_name(codename), user, organization)
        else:
            remove_perm(_permission_name(codename), user, organization)
    groups = {
        CATALOG[r].group_name
        for r in Membership.objects.active_on(day).filter(user=user).values_list("role", flat=True)
    }
    role_groups = {spec.group_name for spec in CATALOG.values()}
    user.groups.remove(*Group.objects.filter(name__in=role_groups - groups))
    user.groups.add(*Group.objects.filter(name__in=groups))


@transaction.atomic
def membership_grant(
    *, user, organization: Organization, role: str, valid_from: date, actor, valid_to: date | None = None
) -> Membership:
    """Give `user` a role in `organization` from `valid_from`, granting its object permissions."""
    spec = CATALOG[role]
    if organization.kind != spec.granted_on:
        raise ValueError(f"role {role} is granted on a {spec.granted_on}, not a {organization.kind}")
    membership = Membership.objects.create(
        user=user, organization=organization, role=role, valid_from=valid_from, valid_to=valid_to
    )
    _sync_grants(user, organization, timezone.localdate())
    _audit_membership(membership, "role_granted", actor)
    return membership


@transaction.atomic
def membership_end(*, membership: Membership, valid_to: date, actor) -> Membership:
    """End a role on `valid_to` and withdraw the permissions nothing else still carries."""
    membership.valid_to = valid_to
    membership.full_clean()
    membership.save(update_fields=["valid_to"])
    _sync_grants(membership.user, membership.organization, timezone.localdate())
    _audit_membership(membership, "role_ended", actor)
    return membership


@transaction.atomic
def memberships_refresh(*, day: date | None = None) -> int:
    """Re-derive every grant from the memberships active on `day` (expired roles lose their rights)."""
    day = day or timezone.localdate()
    pairs = set(Membership.objects.values_list("user_id", "organization_id"))
    users = get_user_model().objects.in_bulk({u for u, _ in pairs})
    organizations = Organization.objects.in_bulk({o for _, o in pairs})
    for user_id, organization_id in sorted(pairs):
        _sync_grants(users[user_id], organizations[organization_id], day)
    return len(pairs)


def _audit_membership(membership: Membership, action: str, actor) -> None:
    audit.append(
        stream=f"user:{membership.user_id}",
        action=action,
        actor=actor,
        object_type="membership",
        object_id=membership.pk,
        data={
            "user": membership.user.get_username(),
            "organization": membership.organization.name,
            "role": membership.role,
            "permissions": list(permissions_of(membership.role)),
            "valid_from": membership.valid_from,
            "valid_to": membership.valid_to,
        },
    )


@transaction.atomic
def delegation_create(
    *,
    principal,
    delegate,
    organization: Organization,
    permissions: list[str],
    valid_from: date,
    valid_to: date,
    instrument: str,
    actor,
    signing_mode: str = "KT.",
) -> Delegation:
    """Record that `delegate` acts for `principal` within `permissions` for a window, under an instrument."""
    delegation = Delegation(
        principal=principal,
        delegate=delegate,
        organization=organization,
        permissions=sorted(permissions),
        valid_from=valid_from,
        valid_to=valid_to,
        instrument=instrument,
        signing_mode=signing_mode,
    )
    delegation.full_clean()
    delegation.save()
    _audit_delegation(delegation, "delegation_created", actor)
    return delegation


@transaction.atomic
def delegation_revoke(*, delegation: Delegation, revoked_on: date, actor) -> Delegation:
    """End a delegation early."""
    delegation.revoked_on = revoked_on
    delegation.save(update_fields=["revoked_on"])
    _audit_delegation(delegation, "delegation_revoked", actor)
    return delegation


def _audit_delegation(delegation: Delegation, action: str, actor) -> None:
    audit.append(
        stream=f"user:{delegation.delegate_id}",
        action=action,
        actor=actor,
        object_type="delegation",
        object_id=delegation.pk,
        data={
            "principal": delegation.principal.get_username(),
            "delegate": delegation.delegate.get_username(),
            "organization": delegation.organization.name,
            "permissions": delegation.permissions,
            "valid_from": delegation.valid_from,
            "valid_to": delegation.valid_to,
            "revoked_on": delegation.revoked_on,
            "instrument": delegation.instrument,
        },
    )


@dataclass
class Summary:
    groups_created: int = 0
    administrator_permissions: int = 0
    administrator_permissions_changed: bool = False
    pairs: int = 0
    grants: int = 0
    granted: int = 0
    withdrawn: int = 0


def administrator_permissions() -> list[Permission]:
    """The model permissions of ADMINISTRATOR_MODEL_PERMISSIONS; all must exist (after migrate)."""
    wanted = Q(pk__in=[])
    count = 0
    for app_label, model, actions in ADMINISTRATOR_MODEL_PERMISSIONS:
        for action in actions:
            wanted |= Q(content_type__app_label=app_label, content_type__model=model, codename=f"{action}_{model}")
            count += 1
    found = list(Permission.objects.filter(wanted).select_related("content_type"))
    if len(found) != count:
        raise ImproperlyConfigured("Thiếu quyền mô hình của nhóm quản trị: hãy chạy «manage.py migrate» trước.")
    return found


@transaction.atomic
def roles_setup() -> Summary:
    """Make one group per catalogue role and the administrators' group with exactly its permissions."""
    summary = Summary()
    for spec in CATALOG.values():
        _, created = Group.objects.get_or_create(name=spec.group_name)
        summary.groups_created += created
    administrators, created = Group.objects.get_or_create(name=ADMINISTRATORS_GROUP)
    summary.groups_created += created
    wanted = administrator_permissions()
    if set(administrators.permissions.values_list("pk", flat=True)) != {p.pk for p in wanted}:
        administrators.permissions.set(wanted)
        summary.administrator_permissions_changed = True
    summary.administrator_permissions = len(wanted)
    before = _grants()
    summary.pairs = memberships_refresh()
    after = _grants()
    summary.grants, summary.granted, summary.withdrawn = len(after), len(after - before), len(before - after)
    return summary


def _grants() -> set[tuple[int, int, int]]:
    return set(OrganizationUserObjectPermission.objects.values_list("user_id", "content_object_id", "permission_id"))


# What of an account is a right: who may log in, who is staff or superuser, which groups and permissions.
ACCOUNT_RIGHT_FIELDS = ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")


def account_change_record(*, user, actor, created: bool, changed_fields) -> None:
    """Audit a new account or a change to an account's rights (never its password)."""
    changed = [name for name in changed_fields if name in ACCOUNT_RIGHT_FIELDS]
    if not created and not changed:
        return
    values = {}
    for name in ACCOUNT_RIGHT_FIELDS if created else changed:
        value = getattr(user, name)
        values[name] = sorted(str(v) for v in value.all()) if hasattr(value, "all") else value
    audit.append(
        stream=f"user:{user.pk}",
        action="account_created" if created else "account_rights_changed",
        actor=actor,
        object_type="user",
        object_id=user.pk,
        data={"user": user.get_username(), "rights": values},
    )
