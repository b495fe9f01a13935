"""A form posted without a valid CSRF token (a page kept open across a new login, or a forged post) is
refused with a Vietnamese page in our layout, and changes nothing (issue 6 §9: a stale page says so)."""

from django.test import Client
from django.urls import reverse

from tests.web.conftest import text
from workflow.models import Notification
from workflow.notifications import notify


def test_a_post_without_its_token_is_refused_in_vietnamese_and_changes_nothing(world):
    unread = notify([world.thcs], "Hồ sơ bị trả lại", "Bổ sung biên bản.")[0]
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.thcs)
    response = client.post(reverse("notifications_read_all"))
    assert response.status_code == 403
    page = text(response)
    assert "Trang đã cũ, thao tác chưa được thực hiện" in page and "Không có gì bị thay đổi" in page
    assert "Đăng xuất" in page  # the layout of a signed-in person: menu, name, a fresh token to go on with
    assert "<style" not in page  # our stylesheet only: the CSP allows no inline style
    assert Notification.objects.get(pk=unread.pk).read_at is None


def test_a_login_form_kept_open_too_long_is_refused_in_vietnamese(db):
    response = Client(enforce_csrf_checks=True).post(reverse("login"), {"username": "thcs", "password": "x"})
    assert response.status_code == 403
    assert "Trang đã cũ, thao tác chưa được thực hiện" in text(response)
