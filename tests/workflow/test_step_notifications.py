"""Every step tells the people who must act next (DESIGN §11), in the inbox and by e-mail after the commit;
nothing is told about a change that rolled back or was refused."""

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from dossiers.models import DossierState
from roles import services as role_services
from roles.catalog import Perm
from tests.workflow import helpers
from workflow import workitems
from workflow.engine import Action, ActionNotAllowed, perform
from workflow.models import Notification
from workflow.notifications import notify, notify_holders

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


def test_finding_the_holders_and_writing_their_inbox_in_one_statement_tells_what_notify_tells(
    mailed, mailoutbox, django_capture_on_commit_callbacks
):
    """PostgreSQL's one-statement path (notifications.notify_holders) against the two-statement one."""
    if connection.vendor != "postgresql":
        pytest.skip("the one-statement path is PostgreSQL's")
    world = mailed
    today = timezone.localdate()
    query = workitems.holders_query(world.commune.pk, Perm.REVIEW_FOR_COMMUNE, today)

    def written(send):
        Notification.objects.all().delete()
        mailoutbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            returned = send()
        stored = Notification.objects.order_by("recipient_id")
        assert [n.pk for n in returned] == list(stored.values_list("pk", flat=True))
        rows = list(stored.values_list("recipient__username", "subject", "body", "url", "event_id", "read_at"))
        return rows, sorted((m.to[0], m.subject, m.body) for m in mailoutbox)

    one = written(lambda: notify_holders(query, "Chủ đề", "Nội dung", "/ho-so/1/", event=7, excluding=world.vhxh.pk))
    two = written(lambda: notify(
        [u for u in workitems.holders(world.commune.pk, Perm.REVIEW_FOR_COMMUNE, today) if u.pk != world.vhxh.pk],
        "Chủ đề", "Nội dung", "/ho-so/1/", event=7,
    ))
    assert one == two
    assert [row[0] for row in one[0]] == ["canbovhxh"]  # vhxh, the one excluded, is told nothing


def test_the_one_statement_path_keeps_nothing_and_mails_nobody_when_the_transaction_rolls_back(
    mailed, mailoutbox, django_capture_on_commit_callbacks
):
    if connection.vendor != "postgresql":
        pytest.skip("the one-statement path is PostgreSQL's")
    world = mailed
    query = workitems.holders_query(world.commune.pk, Perm.REVIEW_FOR_COMMUNE, timezone.localdate())
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        assert len(notify_holders(query, "Chủ đề", "Nội dung", excluding=None)) == 2
        raise RuntimeError("rolled back")
    assert not Notification.objects.exists()
    assert mailoutbox == []
