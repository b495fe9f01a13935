"""Sign-in and sign-out are audited by the views (STYLE: no auditing signal receivers); django-axes
locks a username and address out after AXES_FAILURE_LIMIT failures (DESIGN §10, DOMAIN: security)."""

import json

import pytest
from django.urls import reverse

from workflow import verification
from workflow.models import AuditEvent

PASSWORD = "matkhau-demo"  # tests.factories.commune.UserFactory


def events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


def test_user_can_log_in_and_the_login_is_audited(world, client):
    response = client.post(reverse("login"), {"username": "thcs", "password": PASSWORD})

    assert response.status_code == 302
    assert response.url == reverse("my_work")
    [event] = events("login")
    assert event.stream == f"user:{world.thcs.pk}"
    assert event.actor_id == world.thcs.pk
    assert event.client_address == "127.0.0.1"
    assert verification.verify().intact


def test_user_cannot_log_in_with_wrong_password_and_the_failure_is_audited_without_password(world, client):
    response = client.post(reverse("login"), {"username": "thcs", "password": "sai-mat-khau-bi-mat"})

    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()
    assert "_auth_user_id" not in client.session
    [event] = events("login_failed")
    assert event.stream == f"user:{world.thcs.pk}"
    assert event.actor_id is None
    assert json.loads(event.data_json)["username"] == "thcs"
    assert "sai-mat-khau-bi-mat" not in event.data_json
    assert not events("login")


def test_failed_login_of_unknown_username_goes_to_the_auth_stream(world, client):
    client.post(reverse("login"), {"username": "khong-ton-tai", "password": "x"})

    [event] = events("login_failed")
    assert event.stream == "auth"
    assert event.data["username"] == "khong-ton-tai"


def test_user_can_log_out_and_the_logout_is_audited(world, client):
    client.post(reverse("login"), {"username": "canbovhxh", "password": PASSWORD})

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    [event] = events("logout")
    assert event.stream == f"user:{world.canbovhxh.pk}"
    assert event.actor_id == world.canbovhxh.pk


def test_anonymous_user_cannot_open_pages_and_is_sent_to_login(world, client):
    for name in ("my_work", "dossier_list", "dossier_create"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_user_cannot_log_in_after_five_failures_even_with_the_right_password(world, client):
    for _ in range(5):
        client.post(reverse("login"), {"username": "thcs", "password": "sai"})

    response = client.post(reverse("login"), {"username": "thcs", "password": PASSWORD})

    assert response.status_code == 429
    assert "Tạm khóa đăng nhập" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not events("login")
    failures = events("login_failed")
    assert len(failures) == 6
    assert failures[-1].data["locked_out"] is True


def test_user_can_log_in_after_four_failures(world, client):
    for _ in range(4):
        client.post(reverse("login"), {"username": "thcs", "password": "sai"})

    response = client.post(reverse("login"), {"username": "thcs", "password": PASSWORD})

    assert response.status_code == 302
    assert len(events("login")) == 1


@pytest.mark.parametrize("path", ["/admin/login/", "/dang-nhap/"])
def test_admin_login_uses_the_same_audited_view(world, client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.templates[0].name == "registration/login.html"

    response = client.post(f"{path}?next=/admin/", {"username": "quantri", "password": PASSWORD, "next": "/admin/"})

    assert response.status_code == 302
    assert response.url == "/admin/"
    assert [e.actor_id for e in events("login")] == [world.quantri.pk]


def test_admin_logout_is_audited(world, client_for):
    client = client_for(world.quantri)
    client.post("/admin/logout/")
    assert [e.actor_id for e in events("logout")] == [world.quantri.pk]


def test_failed_admin_login_is_audited(world, client):
    client.post("/admin/login/", {"username": "quantri", "password": "sai"})
    assert [e.stream for e in events("login_failed")] == [f"user:{world.quantri.pk}"]


def test_signed_in_user_without_staff_rights_is_told_why_admin_asks_to_sign_in(world, client_for):
    response = client_for(world.thcs).get("/admin/", follow=True)
    assert response.templates[0].name == "registration/login.html"
    assert "không có quyền vào trang quản trị" in response.content.decode()
