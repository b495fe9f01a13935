"""The admin: administrators configure accounts, roles and catalogues; dossiers and the audit log are read-only.

DESIGN §6 (administrators hold no workflow rights and cannot edit dossiers or the audit log), §10.
"""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from dossiers.models import Dossier
from roles.catalog import ADMINISTRATORS_GROUP, Perm
from roles.models import Delegation, Membership, OrganizationUserObjectPermission, Role
from roles.services import roles_setup
from tests.factories.commune import UserFactory
from workflow import checkpoints
from workflow.models import AuditCheckpoint, AuditEvent, CalendarDay, CalendarDayKind


@pytest.fixture
def quantri(world):
    """The administrator of the demo: staff, in the administrators' group, not a superuser."""
    roles_setup()
    user = world.quantri
    user.is_superuser = False
    user.save()
    user.groups.add(Group.objects.get(name=ADMINISTRATORS_GROUP))
    return user


@pytest.fixture
def as_quantri(client, quantri):
    client.force_login(quantri)
    return client


@pytest.fixture
def as_superuser(client, world):
    client.force_login(UserFactory(username="sieuquantri", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def dossier(world):
    return world.advance(world.ready(), "submitted")


def grants_of(user):
    granted = OrganizationUserObjectPermission.objects.filter(user=user)
    return set(granted.values_list("content_object_id", "permission__codename"))


@pytest.mark.parametrize(
    "name",
    [
        "admin:index",
        "admin:roles_organization_changelist", "admin:roles_organization_add",
        "admin:roles_person_changelist", "admin:roles_person_add",
        "admin:roles_membership_changelist", "admin:roles_membership_add",
        "admin:roles_delegation_changelist", "admin:roles_delegation_add",
        "admin:dossiers_awardtype_changelist", "admin:dossiers_awardtype_add",
        "admin:dossiers_campaign_changelist", "admin:dossiers_campaign_add",
        "admin:auth_user_changelist",
        "admin:workflow_auditevent_changelist", "admin:workflow_auditcheckpoint_changelist",
        "admin:workflow_calendarday_changelist", "admin:workflow_calendarday_add",
        "admin:api_apitoken_changelist", "admin:api_apitoken_add",
    ],
)
def test_quantri_can_open_admin_page(as_quantri, dossier, name):
    checkpoints.checkpoint_create()
    assert as_quantri.get(reverse(name)).status_code == 200


def test_quantri_can_open_change_pages(as_quantri, world, dossier):
    membership = Membership.objects.filter(user=world.vhxh).first()
    event = AuditEvent.objects.first()
    for url in [
        reverse("admin:roles_organization_change", args=[world.thcs_unit.pk]),
        reverse("admin:roles_membership_change", args=[membership.pk]),
        reverse("admin:dossiers_awardtype_change", args=[world.lao_dong_tien_tien.pk]),
        reverse("admin:dossiers_campaign_change", args=[world.campaign.pk]),
        reverse("admin:workflow_auditevent_change", args=[event.pk]),
        reverse("admin:auth_user_change", args=[world.thcs.pk]),
    ]:
        assert as_quantri.get(url).status_code == 200, url


def test_quantri_can_search_people_without_diacritics(as_quantri, world):
    world.complete(world.draft(), nominees=("Nguyễn Thị Hoa",))
    response = as_quantri.get(reverse("admin:roles_person_changelist"), {"q": "nguyen thi hoa"})
    assert "Nguyễn Thị Hoa" in response.content.decode()


def test_quantri_cannot_see_dossiers_in_admin(as_quantri, dossier):
    assert as_quantri.get(reverse("admin:dossiers_dossier_changelist")).status_code == 403
    assert as_quantri.get(reverse("admin:dossiers_dossier_change", args=[dossier.pk])).status_code == 403


def test_superuser_cannot_change_or_delete_a_dossier_in_admin(as_superuser, dossier):
    change = reverse("admin:dossiers_dossier_change", args=[dossier.pk])
    page = as_superuser.get(change)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert as_superuser.post(change, {"title": "Sửa tay"}).status_code == 403
    assert as_superuser.get(reverse("admin:dossiers_dossier_delete", args=[dossier.pk])).status_code == 403
    assert as_superuser.get(reverse("admin:dossiers_dossier_add")).status_code == 403
    dossier.refresh_from_db()
    assert dossier.title != "Sửa tay"


@pytest.mark.parametrize("model", ["nomination", "attachment"])
def test_superuser_cannot_change_dossier_parts_in_admin(as_superuser, dossier, model):
    obj = getattr(dossier, f"{model}s").first()
    assert as_superuser.post(reverse(f"admin:dossiers_{model}_change", args=[obj.pk]), {}).status_code == 403
    assert as_superuser.get(reverse(f"admin:dossiers_{model}_delete", args=[obj.pk])).status_code == 403


def test_superuser_cannot_add_change_or_delete_audit_events(as_superuser, dossier):
    event = AuditEvent.objects.filter(stream=dossier.audit_stream).first()
    change = reverse("admin:workflow_auditevent_change", args=[event.pk])
    page = as_superuser.get(change)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert as_superuser.post(change, {"action": "tampered"}).status_code == 403
    assert as_superuser.get(reverse("admin:workflow_auditevent_delete", args=[event.pk])).status_code == 403
    assert as_superuser.get(reverse("admin:workflow_auditevent_add")).status_code == 403
    event.refresh_from_db()
    assert event.action == "dossier_created"


def test_superuser_cannot_delete_audit_checkpoints(as_superuser, dossier):
    checkpoint = checkpoints.checkpoint_create()
    assert as_superuser.get(reverse("admin:workflow_auditcheckpoint_delete", args=[checkpoint.pk])).status_code == 403
    assert as_superuser.post(
        reverse("admin:workflow_auditcheckpoint_changelist"),
        {"action": "delete_selected", "_selected_action": [checkpoint.pk]},
    ).status_code in (200, 302, 403)
    assert AuditCheckpoint.objects.filter(pk=checkpoint.pk).exists()


def test_quantri_gives_a_role_through_admin_which_grants_and_audits(as_quantri, quantri, world):
    officer = UserFactory(username="canbo_moi")
    response = as_quantri.post(reverse("admin:roles_membership_add"), {
        "user": officer.pk, "organization": world.thcs_unit.pk, "role": Role.UNIT_OFFICER,
        "valid_from": "2025-09-01", "valid_to": "",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    membership = Membership.objects.get(user=officer)
    assert membership.role == Role.UNIT_OFFICER
    assert grants_of(officer) == {(world.thcs_unit.pk, Perm.PROPOSE_FOR_UNIT)}
    event = AuditEvent.objects.get(action="role_granted", object_id=str(membership.pk))
    assert event.actor_username == "quantri"
    assert event.data["role"] == Role.UNIT_OFFICER


def test_admin_refuses_a_commune_role_on_a_unit(as_quantri, world):
    officer = UserFactory(username="canbo_sai")
    response = as_quantri.post(reverse("admin:roles_membership_add"), {
        "user": officer.pk, "organization": world.thcs_unit.pk, "role": Role.REVIEWER, "valid_from": "2025-09-01",
    })
    assert response.status_code == 200
    assert "được giao trên xã" in response.content.decode()
    assert not Membership.objects.filter(user=officer).exists()
    assert not AuditEvent.objects.filter(action="role_granted", data_json__contains="canbo_sai").exists()


def test_quantri_ends_a_role_through_admin_which_withdraws_and_audits(as_quantri, world):
    membership = Membership.objects.get(user=world.canbovhxh)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = as_quantri.post(reverse("admin:roles_membership_change", args=[membership.pk]), {
        "valid_to": yesterday.isoformat(),
    })
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.valid_to == yesterday
    assert grants_of(world.canbovhxh) == set()
    assert AuditEvent.objects.get(action="role_ended", object_id=str(membership.pk)).actor_username == "quantri"


def test_memberships_and_delegations_cannot_be_deleted_in_admin(as_superuser, world):
    membership = Membership.objects.get(user=world.canbovhxh)
    assert as_superuser.get(reverse("admin:roles_membership_delete", args=[membership.pk])).status_code == 403
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_quantri_creates_and_revokes_a_delegation_through_admin(as_quantri, world):
    today = timezone.localdate()
    response = as_quantri.post(reverse("admin:roles_delegation_add"), {
        "principal": world.chutich.pk, "delegate": world.phochutich.pk, "organization": world.commune.pk,
        "permissions": [Perm.DECIDE_FOR_COMMUNE], "signing_mode": "KT.", "valid_from": today.isoformat(),
        "valid_to": (today + datetime.timedelta(days=365)).isoformat(),
        "instrument": "Quyết định số 05/QĐ-UBND ngày 02/01/2026",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    delegation = Delegation.objects.get(delegate=world.phochutich)
    assert delegation.permissions == [Perm.DECIDE_FOR_COMMUNE]
    assert AuditEvent.objects.get(action="delegation_created").actor_username == "quantri"

    response = as_quantri.post(reverse("admin:roles_delegation_changelist"), {
        "action": "revoke_today", "_selected_action": [delegation.pk],
    })
    assert response.status_code == 302
    delegation.refresh_from_db()
    assert delegation.revoked_on == today
    assert AuditEvent.objects.get(action="delegation_revoked").actor_username == "quantri"
    assert as_quantri.get(reverse("admin:roles_delegation_delete", args=[delegation.pk])).status_code == 403


def test_quantri_cannot_make_himself_superuser(as_quantri, quantri):
    page = as_quantri.get(reverse("admin:auth_user_change", args=[quantri.pk]))
    assert 'name="is_superuser"' not in page.content.decode()
    assert 'name="groups"' not in page.content.decode()


def test_dossier_admin_has_no_workflow_write_for_quantri(as_quantri, dossier):
    assert Dossier.objects.filter(pk=dossier.pk, state="submitted").exists()
    assert as_quantri.post(reverse("admin:dossiers_dossier_change", args=[dossier.pk]), {}).status_code == 403


def test_quantri_changes_an_award_rule_through_admin_which_is_audited(as_quantri, world):
    """Award types are the rules dossiers are judged by: a change names who made it and what changed."""
    award = world.lao_dong_tien_tien
    url = reverse("admin:dossiers_awardtype_change", args=[award.pk])
    form = as_quantri.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data.update(threshold_percent=70, required_documents='{"thuong_xuyen": ["to_trinh"]}', vote_exempt_kinds="[]",
                eligibility_rules="{}", requires_council_vote="on", absentee_opinions_allowed="", chair_must_agree="")
    response = as_quantri.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    event = AuditEvent.objects.get(stream="catalogue", action="catalogue_changed")
    assert event.actor_username == "quantri"
    assert event.data["changes"]["threshold_percent"] == 70


def test_superuser_raising_an_accounts_rights_through_admin_is_audited(as_superuser, world):
    """A permission change (staff, superuser, groups) names who made it; a password never enters the log."""
    user = world.hoidong1
    url = reverse("admin:auth_user_change", args=[user.pk])
    form = as_superuser.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if name != "password"}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data.update(is_staff="on", is_active="on", is_superuser="", groups=[], user_permissions=[],
                last_login_0="", last_login_1="", date_joined_0="2025-01-01", date_joined_1="08:00:00")
    response = as_superuser.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    event = AuditEvent.objects.get(stream=f"user:{user.pk}", action="account_rights_changed")
    assert event.actor_username == "sieuquantri"
    assert event.data["rights"] == {"is_staff": True}
    assert "password" not in event.data_json


def test_editing_an_accounts_name_only_adds_no_rights_event(as_superuser, world):
    user = world.hoidong1
    url = reverse("admin:auth_user_change", args=[user.pk])
    form = as_superuser.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if name != "password"}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data.update(first_name="Lương", is_active="on", groups=[g.pk for g in user.groups.all()], user_permissions=[],
                last_login_0="", last_login_1="", date_joined_0="2025-01-01", date_joined_1="08:00:00")
    as_superuser.post(url, data)
    assert not AuditEvent.objects.filter(stream=f"user:{user.pk}", action="account_rights_changed").exists()


def test_superuser_saves_a_calendar_day_through_admin_which_audits(as_superuser, world):
    response = as_superuser.post(reverse("admin:workflow_calendarday_add"), {
        "commune": world.commune.pk, "day": "2026-02-23", "kind": CalendarDayKind.DAY_OFF, "note": "Nghỉ bù",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    day = CalendarDay.objects.get(commune=world.commune)
    event = AuditEvent.objects.get(stream=f"calendar:{world.commune.pk}")
    assert (event.action, event.object_id, event.actor_username) == ("calendar_day_added", str(day.pk), "sieuquantri")
    assert event.data == {"day": "2026-02-23", "kind": "day_off", "note": "Nghỉ bù"}


def test_admin_refuses_a_calendar_day_on_a_unit(as_superuser, world):
    response = as_superuser.post(reverse("admin:workflow_calendarday_add"), {
        "commune": world.thcs_unit.pk, "day": "2026-02-23", "kind": CalendarDayKind.DAY_OFF,
    })
    assert response.status_code == 200
    assert not CalendarDay.objects.exists()
    assert not AuditEvent.objects.filter(stream__startswith="calendar:").exists()


def test_quantri_changes_and_deletes_a_calendar_day_through_admin_which_audits(as_quantri, world):
    day, other = CalendarDay.objects.bulk_create(
        CalendarDay(commune=world.commune, day=datetime.date(2026, 2, n), kind=CalendarDayKind.DAY_OFF)
        for n in (23, 24)
    )
    response = as_quantri.post(reverse("admin:workflow_calendarday_change", args=[day.pk]), {
        "commune": world.commune.pk, "day": "2026-02-28", "kind": CalendarDayKind.WORKING_DAY, "note": "",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    response = as_quantri.post(reverse("admin:workflow_calendarday_delete", args=[day.pk]), {"post": "yes"})
    assert response.status_code == 302
    response = as_quantri.post(reverse("admin:workflow_calendarday_changelist"), {
        "action": "delete_selected", "_selected_action": [other.pk], "post": "yes",
    })
    assert response.status_code == 302
    assert not CalendarDay.objects.exists()
    events = AuditEvent.objects.filter(stream=f"calendar:{world.commune.pk}").order_by("stream_seq")
    assert [(e.action, e.object_id, e.actor_username) for e in events] == [
        ("calendar_day_changed", str(day.pk), "quantri"),
        ("calendar_day_deleted", str(day.pk), "quantri"),
        ("calendar_day_deleted", str(other.pk), "quantri"),
    ]
    assert events[0].data["kind"] == "working_day"
