"""Notifications (DESIGN §11): an inbox row per person and an e-mail, both only for committed changes."""

import pytest
from django.db import transaction

from tests.factories.commune import UserFactory
from workflow.models import Notification
from workflow.notifications import notify, unread_count

pytestmark = pytest.mark.django_db


def test_inbox_row_and_one_mail_per_person_after_commit(mailoutbox, django_capture_on_commit_callbacks, settings):
    settings.SITE_URL = "https://vinhdanh.example.gov.vn"
    hoa = UserFactory(username="hoa", email="hoa@example.org")
    lan = UserFactory(username="lan", email="lan@example.org")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        rows = notify([hoa, lan, hoa.pk], "Hồ sơ chờ thẩm định", "Có hồ sơ mới.", url="/ho-so/1/")
        assert len(mailoutbox) == 0  # nothing leaves before the commit
    assert [r.recipient_id for r in rows] == sorted([hoa.pk, lan.pk])
    for callback in callbacks:
        callback()
    assert sorted(m.to[0] for m in mailoutbox) == ["hoa@example.org", "lan@example.org"]
    assert all(len(m.to) == 1 for m in mailoutbox)
    assert mailoutbox[0].subject == "[Vinh Danh] Hồ sơ chờ thẩm định"
    assert "https://vinhdanh.example.gov.vn/ho-so/1/" in mailoutbox[0].body
    assert unread_count(hoa) == 1


def test_nothing_is_sent_or_kept_when_the_transaction_rolls_back(mailoutbox, django_capture_on_commit_callbacks):
    hoa = UserFactory(username="hoa", email="hoa@example.org")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                notify([hoa], "Hồ sơ chờ thẩm định", "Có hồ sơ mới.")
                raise RuntimeError("the change fails after notifying")
    assert callbacks == []
    assert mailoutbox == []
    assert not Notification.objects.exists()
    assert unread_count(hoa) == 0


def test_inactive_users_and_users_without_address(mailoutbox, django_capture_on_commit_callbacks):
    gone = UserFactory(username="gone", email="gone@example.org", is_active=False)
    silent = UserFactory(username="silent", email="")
    with django_capture_on_commit_callbacks(execute=True):
        rows = notify([gone, silent, None], "Nhắc hạn", "Sắp đến hạn.")
    assert [r.recipient for r in rows] == [silent]  # in the inbox, no e-mail
    assert mailoutbox == []


def test_a_failing_mail_server_does_not_undo_the_committed_change(django_capture_on_commit_callbacks, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 1  # nothing listens
    hoa = UserFactory(username="hoa", email="hoa@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        notify([hoa], "Hồ sơ chờ thẩm định", "Có hồ sơ mới.")
    assert Notification.objects.filter(recipient=hoa).count() == 1
