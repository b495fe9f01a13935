"""Every step tells the people who must act next (DESIGN §11), in the inbox and by e-mail after the commit;
nothing is told about a change that rolled back or was refused."""

import pytest
from django.db import transaction
from django.urls import reverse

from dossiers.models import DossierState
from roles import services as role_services
from tests.workflow import helpers
from workflow.engine import Action, ActionNotAllowed, perform
from workflow.models import Notification

S = DossierState


@pytest.fixture
def mailed(world):
    for user in (world.thcs, world.thcs_head, world.canbovhxh, world.vhxh, world.chutich, world.other_reviewer,
                 world.doantn, world.hoidong1):
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])
    return world


def told(dossier):
    return sorted(Notification.objects.filter(url=reverse("dossier_detail", kwargs={"pk": dossier.pk}))
                  .values_list("recipient__username", flat=True))


def test_submission_tells_the_communes_reviewers_by_inbox_and_mail(mailed, mailoutbox,
                                                                    django_capture_on_commit_callbacks):
    world = mailed
    dossier = helpers.make(world)
    with django_capture_on_commit_callbacks(execute=True):
        event = perform(dossier, Action.SUBMIT, world.thcs)
    assert told(dossier) == ["canbovhxh", "vhxh"]
    assert Notification.objects.filter(event_id=event.pk).count() == 2
    assert sorted(m.to[0] for m in mailoutbox) == ["canbovhxh@example.org", "vhxh@example.org"]
    assert dossier.title in mailoutbox[0].subject
    assert "Hạn xử lý: ngày" in mailoutbox[0].body


def test_claiming_tells_nobody_and_each_later_step_tells_who_acts_next(mailed):
    world = mailed
    dossier = helpers.to_state(world, helpers.make(world, route="chair"), S.SUBMITTED)
    Notification.objects.all().delete()
    perform(dossier, Action.TAKE, world.canbovhxh)
    assert told(dossier) == []
    perform(dossier, Action.RETURN_FOR_REVISION, world.canbovhxh, reason="Bổ sung biên bản")
    assert told(dossier) == ["thcs", "thcs_head"]  # the unit that must supplement, not another unit
    Notification.objects.all().delete()
    perform(dossier, Action.SUBMIT, world.thcs)
    perform(dossier, Action.TAKE, world.canbovhxh)
    Notification.objects.all().delete()
    perform(dossier, Action.FORWARD_TO_CHAIR, world.canbovhxh)
    assert told(dossier) == ["chutich"]


def test_the_chairs_delegate_is_told_too(mailed):
    world = mailed
    role_services.delegation_create(
        principal=world.chutich, delegate=world.phochutich, organization=world.commune,
        permissions=["decide_for_commune"], valid_from=world.campaign.opens_on,
        valid_to=world.campaign.opens_on.replace(year=2100), instrument="Quyết định số 12/QĐ-UBND", actor=None,
    )
    dossier = helpers.to_state(world, helpers.make(world, route="chair"), S.IN_REVIEW)
    Notification.objects.all().delete()
    perform(dossier, Action.FORWARD_TO_CHAIR, world.canbovhxh)
    assert told(dossier) == ["chutich", "phochutich"]


def test_nothing_is_told_when_the_transaction_rolls_back(mailed, mailoutbox, django_capture_on_commit_callbacks):
    world = mailed
    dossier = helpers.make(world)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                perform(dossier, Action.SUBMIT, world.thcs)
                raise RuntimeError("a later write of the same request fails")
    assert callbacks == []
    assert mailoutbox == []
    assert told(dossier) == []


def test_nothing_is_told_when_the_engine_refuses(mailed, mailoutbox, django_capture_on_commit_callbacks):
    world = mailed
    dossier = helpers.make(world)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(ActionNotAllowed):
            perform(dossier, Action.SUBMIT, world.canbovhxh)
    assert mailoutbox == [] and told(dossier) == []


def test_the_reviewer_given_a_dossier_by_the_office_head_is_told(mailed):
    world = mailed
    dossier = helpers.to_state(world, helpers.make(world), S.SUBMITTED)
    Notification.objects.all().delete()
    perform(dossier, Action.REASSIGN, world.vhxh, assignee=world.canbovhxh)
    assert told(dossier) == ["canbovhxh"]


def test_a_revoked_or_other_permission_delegate_is_not_told(mailed):
    """The delegates are read with their permission list (JSON) and their window: only one in force for the
    Chair's decision is told."""
    world = mailed
    window = {"valid_from": world.campaign.opens_on, "valid_to": world.campaign.opens_on.replace(year=2100)}
    revoked = role_services.delegation_create(
        principal=world.chutich, delegate=world.phochutich, organization=world.commune,
        permissions=["decide_for_commune"], instrument="Quyết định số 12/QĐ-UBND", actor=None, **window,
    )
    role_services.delegation_revoke(delegation=revoked, revoked_on=world.campaign.opens_on, actor=None)
    role_services.delegation_create(
        principal=world.chutich, delegate=world.phochutich, organization=world.commune,
        permissions=["review_for_commune"], instrument="Quyết định số 13/QĐ-UBND", actor=None, **window,
    )
    dossier = helpers.to_state(world, helpers.make(world, route="chair"), S.IN_REVIEW)
    Notification.objects.all().delete()
    perform(dossier, Action.FORWARD_TO_CHAIR, world.canbovhxh)
    assert told(dossier) == ["chutich"]
