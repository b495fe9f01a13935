"""`manage.py setup_roles`: the role groups, the administrators' group, and grants equal to active roles.

DESIGN §6; docs/operations.md (run nightly: expired roles lose their rights).
"""

import datetime
import io
from unittest import mock

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.utils import timezone

from roles import services
from roles.catalog import ADMINISTRATOR_MODEL_PERMISSIONS, ADMINISTRATORS_GROUP, CATALOG, Perm
from roles.models import OrganizationUserObjectPermission, Role
from tests.factories.commune import UserFactory
from workflow import authority
from workflow.models import AuditEvent


def setup_roles() -> str:
    out = io.StringIO()
    call_command("setup_roles", stdout=out)
    return out.getvalue()


def grants_of(user):
    granted = OrganizationUserObjectPermission.objects.filter(user=user)
    return set(granted.values_list("content_object_id", "permission__codename"))


def every_grant():
    rows = OrganizationUserObjectPermission.objects.values_list("pk", "user_id", "content_object_id", "permission_id")
    return set(rows)


def administrator_codenames():
    return {
        (app, f"{action}_{model}") for app, model, actions in ADMINISTRATOR_MODEL_PERMISSIONS for action in actions
    }


@pytest.mark.django_db
def test_setup_roles_creates_one_group_per_role_and_the_administrators_group():
    setup_roles()
    names = set(Group.objects.values_list("name", flat=True))
    assert names == {spec.group_name for spec in CATALOG.values()} | {ADMINISTRATORS_GROUP}


@pytest.mark.django_db
def test_administrators_group_holds_exactly_the_catalogue_model_permissions():
    administrators = Group.objects.create(name=ADMINISTRATORS_GROUP)
    administrators.permissions.add(Permission.objects.get(codename="change_dossier"))
    setup_roles()
    held = set(administrators.permissions.values_list("content_type__app_label", "codename"))
    assert held == administrator_codenames()
    # The working-day calendar is workflow configuration administrators keep; the audit log is not theirs.
    assert not any((app == "workflow" and "calendarday" not in codename) or "dossier" in codename
                   for app, codename in held)


def test_setup_roles_twice_changes_nothing(world):
    setup_roles()
    groups = {g.name: set(g.permissions.values_list("pk", flat=True)) for g in Group.objects.all()}
    grants = every_grant()
    members = set(Group.user_set.through.objects.values_list("user_id", "group_id"))
    events = AuditEvent.objects.count()

    second = setup_roles()

    assert "0 nhóm mới tạo" in second and "không đổi" in second and "cấp thêm 0, thu hồi 0" in second
    assert {g.name: set(g.permissions.values_list("pk", flat=True)) for g in Group.objects.all()} == groups
    assert every_grant() == grants
    assert set(Group.user_set.through.objects.values_list("user_id", "group_id")) == members
    assert AuditEvent.objects.count() == events


def test_setup_roles_puts_members_in_their_role_groups(world):
    setup_roles()
    assert set(world.vhxh.groups.values_list("name", flat=True)) == {CATALOG[Role.OFFICE_HEAD].group_name}
    assert not world.quantri.groups.exists()


def test_expired_membership_loses_its_permissions_after_setup_roles(world):
    """A role ending today still works today; after midnight setup_roles withdraws its grant."""
    today = timezone.localdate()
    reviewer = UserFactory(username="canbo_tamthoi")
    services.membership_grant(
        user=reviewer, organization=world.commune, role=Role.REVIEWER, valid_from=datetime.date(2025, 1, 1),
        valid_to=today, actor=None,
    )
    setup_roles()
    assert grants_of(reviewer) == {(world.commune.pk, Perm.REVIEW_FOR_COMMUNE)}

    tomorrow = today + datetime.timedelta(days=1)
    with mock.patch("django.utils.timezone.localdate", return_value=tomorrow):
        output = setup_roles()

    assert grants_of(reviewer) == set()
    assert "thu hồi 1" in output
    assert not reviewer.groups.exists()
    assert not authority.resolve(reviewer, [world.commune.pk], tomorrow).has(world.commune.pk, Perm.REVIEW_FOR_COMMUNE)
    assert grants_of(world.canbovhxh) == {(world.commune.pk, Perm.REVIEW_FOR_COMMUNE)}


def test_setup_roles_restores_a_grant_lost_outside_the_services(world):
    OrganizationUserObjectPermission.objects.filter(user=world.canbovhxh).delete()
    output = setup_roles()
    assert grants_of(world.canbovhxh) == {(world.commune.pk, Perm.REVIEW_FOR_COMMUNE)}
    assert "cấp thêm 1" in output
