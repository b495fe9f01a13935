"""Vietnamese first, with an English switch (issue 6): the footer form posts to Django's set_language,
which keeps the choice in the language cookie that LocaleMiddleware reads on every request."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone


def choose(client, language, next_url):
    response = client.post(reverse("set_language"), {"language": language, "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == next_url
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == language
    return client.get(next_url)


def text(response):
    return response.content.decode()


def test_vietnamese_is_the_default_for_a_fresh_visitor(client):
    page = text(client.get(reverse("login")))

    assert '<html lang="vi">' in page
    assert "<h1>Đăng nhập</h1>" in page
    assert "Tên đăng nhập" in page and "Mật khẩu" in page
    assert "Username" not in page and "Sign in" not in page


def test_footer_offers_both_languages_and_marks_the_current_one(client):
    page = text(client.get(reverse("login")))

    form = re.search(r'<form action="/i18n/setlang/" method="post" class="language">.*?</form>', page, re.S)
    assert form, "language switch form missing from the footer"
    assert re.search(r'value="vi" lang="vi"[^>]*aria-current="true" disabled>Tiếng Việt</button>', form.group())
    assert re.search(r'name="language" value="en" lang="en" class="link">English</button>', form.group())


def test_switching_to_english_translates_the_login_page(client):
    page = text(choose(client, "en", reverse("login")))

    assert '<html lang="en">' in page
    assert "<h1>Sign in</h1>" in page
    assert "Username" in page and "Password" in page
    assert "Đăng nhập" not in page and "Mật khẩu" not in page
    assert re.search(r'value="en" lang="en"[^>]*aria-current="true" disabled>English</button>', page)


def test_switching_back_to_vietnamese(client):
    choose(client, "en", reverse("login"))
    page = text(choose(client, "vi", reverse("login")))

    assert '<html lang="vi">' in page
    assert "<h1>Đăng nhập</h1>" in page and "Sign in" not in page


def test_english_login_errors_are_english(client, db):
    choose(client, "en", reverse("login"))

    page = text(client.post(reverse("login"), {"username": "khong-co", "password": "sai"}))

    assert "Incorrect username or password." in page
    assert "không đúng" not in page


@pytest.fixture
def reviewer_client(client, world):
    client.force_login(world.canbovhxh)
    return client


def test_signed_in_reviewer_sees_header_menu_and_dossier_list_in_english(reviewer_client, world):
    world.advance(world.ready(title="Đề nghị khen thưởng năm 2025"), "submitted")

    page = text(choose(reviewer_client, "en", reverse("dossier_list")))

    assert '<nav class="menu" aria-label="Main menu">' in page
    for item in ("My work", "Awaiting pick-up", "Dossiers", "Council", "Sign out"):
        assert f">{item}<" in page, item
    assert 'class="notifications-link">Notifications <span class="badge" aria-label="unread notifications">' in page
    assert "Reviewer (Culture and Social Affairs Office)" in page  # the role under the user's name
    assert "<h1>Commendation proposal dossiers</h1>" in page
    assert "All statuses" in page and "Clear filters" in page
    assert '<span class="state state-submitted">Submitted</span>' in page
    assert 'data-label="Emulation movement"' in page and 'data-label="Assigned officer"' in page
    assert "1 dossier</p>" in page
    # Data stays as entered: the dossier's own title is not translated.
    assert "Đề nghị khen thưởng năm 2025" in page
    for vietnamese in ("Việc của tôi", "Đăng xuất", "Hồ sơ đề nghị khen thưởng</h1>", "Tất cả trạng thái", "Đã trình"):
        assert vietnamese not in page, vietnamese


def test_plural_forms_follow_the_count_in_english(reviewer_client, world):
    world.advance(world.ready(), "submitted")
    world.advance(world.ready(unit=world.doantn_unit, officer=world.doantn), "submitted")

    page = text(choose(reviewer_client, "en", reverse("dossier_list")))

    assert "2 dossiers</p>" in page


def test_long_dates_follow_the_language(reviewer_client, world):
    dossier = world.advance(world.ready(), "submitted")
    url = reverse("dossier_detail", args=[dossier.pk])
    created = timezone.localtime(dossier.created_at).date()

    vietnamese = text(reviewer_client.get(url))
    english = text(choose(reviewer_client, "en", url))

    assert f"ngày {created:%d} tháng {created:%m} năm {created:%Y}" in vietnamese
    assert f"{created:%d/%m/%Y}" in english and "tháng" not in english


def test_signed_in_user_switches_back_to_vietnamese(reviewer_client, world):
    world.advance(world.ready(), "submitted")
    choose(reviewer_client, "en", reverse("dossier_list"))

    page = text(choose(reviewer_client, "vi", reverse("dossier_list")))

    assert '<nav class="menu" aria-label="Trình đơn chính">' in page
    assert ">Việc của tôi<" in page and ">Đăng xuất<" in page
    assert "<h1>Hồ sơ đề nghị khen thưởng</h1>" in page
    assert "My work" not in page and "Sign out" not in page


def test_an_unknown_language_is_refused_and_vietnamese_stays(client):
    client.post(reverse("set_language"), {"language": "fr", "next": reverse("login")})

    page = text(client.get(reverse("login")))

    assert '<html lang="vi">' in page and "<h1>Đăng nhập</h1>" in page


def test_a_browser_set_to_english_still_gets_vietnamese_until_the_person_switches(client):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Tên đăng nhập" in page and "Username" not in page


def test_each_language_is_offered_in_its_own_name(client):
    page = client.get(reverse("login")).content.decode()
    assert 'lang="en"' in page and ">English<" in page and ">Tiếng Việt<" in page


def test_what_others_read_is_written_in_vietnamese_whatever_the_actors_language(world):
    from django.utils import translation

    from dossiers.models import DossierState
    from workflow.models import Notification

    dossier = world.ready()
    with translation.override("en"):
        world.advance(dossier, DossierState.SUBMITTED)
    sent = Notification.objects.filter(recipient=world.canbovhxh).latest("pk")
    assert "vừa chuyển sang bước" in sent.body
