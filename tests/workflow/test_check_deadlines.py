"""check_deadlines (DESIGN §11): a reminder before the due date, escalations after it (office head, then the
Chair), each sent once however often the command runs."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from dossiers.models import DossierState
from tests.workflow import helpers
from workflow import calendar
from workflow.engine import Action, perform
from workflow.models import AuditEvent, DeadlineNotice, Notification

S = DossierState
ONE_DAY = datetime.timedelta(days=1)


def run(day) -> str:
    out = StringIO()
    call_command("check_deadlines", today=day.isoformat(), stdout=out)
    return out.getvalue()


def day_with(dossier, *, left=None, late=None):
    """The first calendar day with `left` working days to go, or `late` working days past the due date."""
    day = dossier.due_on
    if left is not None:
        while calendar.working_days_between(day, dossier.due_on, commune=dossier.commune_id) < left:
            day -= ONE_DAY
        return day
    while calendar.working_days_between(dossier.due_on, day, commune=dossier.commune_id) < late:
        day += ONE_DAY
    return day


def told(kind=None):
    rows = Notification.objects.filter(subject__startswith="Sắp đến hạn" if kind == "reminder" else "Quá hạn")
    return sorted(rows.values_list("recipient__username", flat=True))


@pytest.fixture
def in_review(world):
    dossier = helpers.to_state(world, helpers.make(world), S.IN_REVIEW)
    Notification.objects.all().delete()
    return dossier


def test_nothing_is_sent_while_the_due_date_is_far(world, in_review):
    assert "nhắc hạn 0" in run(day_with(in_review, left=4))
    assert not DeadlineNotice.objects.exists() and not Notification.objects.exists()


def test_the_holder_is_reminded_once_before_the_due_date(world, in_review):
    day = day_with(in_review, left=3)
    assert "nhắc hạn 1" in run(day)
    assert told("reminder") == ["canbovhxh"]  # the reviewer holding it, nobody else
    assert "nhắc hạn 0" in run(day) and "đã gửi trước đó 1" in run(day)
    assert "nhắc hạn 0" in run(in_review.due_on)  # still before the end of the due date: already reminded
    assert told("reminder") == ["canbovhxh"]
    event = AuditEvent.objects.get(stream=in_review.audit_stream, action="deadline_reminder")
    assert event.actor_username == "system" and event.data["due_on"] == in_review.due_on.isoformat()


def test_overdue_goes_to_the_office_head_then_the_chair_each_once(world, in_review):
    late = day_with(in_review, late=1)
    assert "báo Trưởng phòng 1, báo Chủ tịch 0" in run(late)
    assert told() == ["vhxh"]
    run(late)
    run(late + ONE_DAY)
    assert told() == ["vhxh"]
    much_later = day_with(in_review, late=5)
    assert "báo Trưởng phòng 0, báo Chủ tịch 1" in run(much_later)
    assert "báo Trưởng phòng 0, báo Chủ tịch 0" in run(much_later)
    assert told() == ["chutich", "vhxh"]
    assert DeadlineNotice.objects.count() == 2
    assert AuditEvent.objects.filter(stream=in_review.audit_stream, action="deadline_escalated").count() == 2


def test_a_new_step_is_reminded_again(world):
    dossier = helpers.to_state(world, helpers.make(world, route="chair"), S.IN_REVIEW)
    run(day_with(dossier, left=1))
    perform(dossier, Action.FORWARD_TO_CHAIR, world.canbovhxh)
    Notification.objects.all().delete()
    run(day_with(dossier, left=1))
    assert told("reminder") == ["chutich"]
    assert DeadlineNotice.objects.filter(dossier=dossier, kind="reminder").count() == 2


def test_closed_and_unsubmitted_dossiers_are_left_alone(world, in_review):
    perform(in_review, Action.WITHDRAW, world.thcs_head, reason="Rút để hoàn thiện")
    helpers.make(world)
    run(datetime.date.today() + datetime.timedelta(days=365))
    assert not DeadlineNotice.objects.exists()


def test_a_malformed_date_is_refused():
    with pytest.raises(CommandError, match="Ngày không hợp lệ"):
        call_command("check_deadlines", today="05/01/2026")


def test_reminders_are_written_in_vietnamese_whatever_language_is_active(world):
    from django.utils import translation

    from workflow.deadlines import Kind, _message

    dossier = world.ready()
    world.advance(dossier, "submitted")
    dossier.refresh_from_db()
    with translation.override("en"):
        subject, body = _message(dossier, Kind.REMINDER, dossier.due_on)
    assert subject.startswith("Sắp đến hạn:") and "đến hạn xử lý" in body
