"""htmx where it spares page loads (issue 6): the same view answers an htmx request for one part of a page
with that part alone, in the same queries, and everything else (no JavaScript, Back, a bookmark) with the
whole page. The dossier list's table, the council session's voting progress, a notification marked read."""

import pytest
from django.urls import reverse

from council import services as council_services
from tests.council.conftest import Council
from tests.web.conftest import listed_ids, text
from tests.web.test_query_budget import BUDGET, make_drafts
from workflow.models import Notification
from workflow.notifications import notify


def htmx(target, **headers):
    """The headers htmx sends when it replaces the element with id `target`."""
    return {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": target, **headers}


@pytest.mark.parametrize("count", [1, 30])
def test_filtering_the_dossier_list_with_htmx_answers_the_table_alone(world, client_for,
                                                                    django_assert_max_num_queries, count):
    make_drafts(world, count)
    client = client_for(world.kiemtra)
    with django_assert_max_num_queries(BUDGET):
        response = client.get(reverse("dossier_list"), {"state": "draft"}, **htmx("dossier-results"))
    page = text(response)
    assert response.status_code == 200 and len(response.context["page_obj"]) == min(count, 25)
    assert "<table" in page and "<html" not in page and 'class="filters"' not in page
    assert "HX-Request" in response["Vary"]
    if count > 25:  # the next page of the filtered list is fetched the same way
        assert 'hx-boost="true" hx-target="#dossier-results"' in page and "state=draft&amp;page=2" in page


def test_the_dossier_list_without_htmx_is_the_whole_page_with_the_same_rows(world, client_for):
    world.draft(title="Hồ sơ nháp")
    client = client_for(world.kiemtra)
    whole = client.get(reverse("dossier_list"), {"state": "draft"})
    part = client.get(reverse("dossier_list"), {"state": "draft"}, **htmx("dossier-results"))
    assert "<html" in text(whole) and 'class="filters"' in text(whole) and 'id="dossier-results"' in text(whole)
    assert listed_ids(whole) == listed_ids(part) and listed_ids(whole)
    assert "HX-Request" in whole["Vary"]  # a cache must not answer the bookmark with the part


def test_history_restore_and_other_targets_get_the_whole_dossier_list(world, client_for):
    client = client_for(world.kiemtra)
    restore = client.get(reverse("dossier_list"), **htmx("dossier-results", HTTP_HX_HISTORY_RESTORE_REQUEST="true"))
    elsewhere = client.get(reverse("dossier_list"), **htmx("main"))
    assert "<html" in text(restore) and "<html" in text(elsewhere)


def test_an_htmx_request_after_the_session_expired_sends_the_tab_to_the_login_page(client):
    response = client.get(reverse("dossier_list"), {"state": "draft"},
                          **htmx("dossier-results", HTTP_HX_CURRENT_URL="http://testserver/ho-so/?state=draft"))
    # Not a 302 (htmx would follow it and put the login page in the table): the whole tab goes, and comes back.
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("login") + "?next=/ho-so/%3Fstate%3Ddraft"


def test_a_page_not_found_for_htmx_is_its_vietnamese_message_alone(world, client_for):
    response = client_for(world.kiemtra).get(reverse("dossier_detail", kwargs={"pk": 999999}), **htmx("main"))
    page = text(response)
    assert response.status_code == 404
    assert "Không tìm thấy trang" in page and "<html" not in page


@pytest.fixture
def council(world):
    return Council(world)


@pytest.fixture
def open_session(council):
    session = council.opened(council.dossier("Nguyễn Thị Thu Hương"), absent=("hoidong6",))
    council.vote(session, council.hoidong1, **{"Nguyễn Thị Thu Hương": "agree"})
    return session


def session_url(session):
    return reverse("council_session", kwargs={"pk": session.pk})


def test_secretary_page_polls_the_voting_progress_while_the_session_is_open(council, open_session, client_for):
    page = text(client_for(council.vhxh).get(session_url(open_session)))
    assert f'hx-get="{session_url(open_session)}" hx-trigger="every 10s"' in page
    assert 'id="close-warning"' in page


def test_progress_alone_counts_who_voted_and_never_how(council, open_session, client_for,
                                                      django_assert_max_num_queries):
    client = client_for(council.vhxh)
    with django_assert_max_num_queries(BUDGET):
        response = client.get(session_url(open_session), **htmx("progress"))
    page = text(response)
    assert response.status_code == 200 and "<html" not in page and 'id="agenda"' not in page
    assert "1 trên 8 thành viên có mặt đã bỏ phiếu." in page and "Chưa bỏ phiếu:" in page
    assert 'hx-trigger="every 10s"' in page  # still open: keep asking
    assert 'id="close-warning" hx-swap-oob="true"' in page and "Còn 7 thành viên có mặt chưa bỏ phiếu." in page
    assert "Đồng ý" not in page


def test_progress_stops_polling_once_the_session_is_closed(council, open_session, client_for):
    council.everyone_votes(open_session, {"Nguyễn Thị Thu Hương": "agree"}, skip=("hoidong1",))
    council_services.session_close(session=open_session, actor=council.vhxh)
    page = text(client_for(council.vhxh).get(session_url(open_session), **htmx("progress")))
    assert "hx-trigger" not in page and "hx-swap-oob" not in page
    assert reverse("council_results", kwargs={"pk": open_session.pk}) in page


def test_a_member_who_does_not_run_the_session_sees_progress_without_polling(council, open_session, client_for):
    page = text(client_for(council.hoidong2).get(session_url(open_session)))
    assert "Tiến độ bỏ phiếu" in page and 'hx-trigger="every 10s"' not in page


def test_marking_a_notification_read_with_htmx_answers_it_and_the_new_count(world, client_for):
    first = notify([world.canbovhxh], "Nhắc hạn xử lý", "Còn 3 ngày.")
    notify([world.canbovhxh], "Hồ sơ chờ nhận", "Có hồ sơ mới.", url="/ho-so/1/")
    client = client_for(world.canbovhxh)
    response = client.post(reverse("notification_open", kwargs={"pk": first[0].pk}), {"stay": "1"},
                           **htmx(""))
    page = text(response)
    assert response.status_code == 200 and "<html" not in page
    assert page.startswith('<li class="notification">') and "Nhắc hạn xử lý" in page and "· chưa đọc" not in page
    assert 'id="notifications-link"' in page and 'hx-swap-oob="true"' in page and ">1</span>" in page
    assert 'id="mark-all-read" hx-swap-oob="true"' in page and "Đánh dấu tất cả là đã đọc" in page
    assert Notification.objects.get(pk=first[0].pk).read_at is not None


def test_marking_a_notification_read_without_javascript_stays_on_the_list(world, client_for):
    mine = notify([world.canbovhxh], "Hồ sơ chờ nhận", "Có hồ sơ mới.", url="/ho-so/1/")[0]
    client = client_for(world.canbovhxh)
    response = client.post(reverse("notification_open", kwargs={"pk": mine.pk}), {"stay": "1", "page": "2"})
    assert response.status_code == 302 and response["Location"] == reverse("notifications") + "?page=2"
    assert Notification.objects.get(pk=mine.pk).read_at is not None
    page = text(client.get(reverse("notifications")))
    assert "Đánh dấu đã đọc" not in page and '<span class="badge"' not in page


def test_someone_elses_notification_cannot_be_marked_read_with_htmx(world, client_for):
    theirs = notify([world.thcs], "Hồ sơ bị trả lại", "Bổ sung biên bản.")[0]
    response = client_for(world.canbovhxh).post(reverse("notification_open", kwargs={"pk": theirs.pk}),
                                                {"stay": "1"}, **htmx(""))
    assert response.status_code == 404 and "Không tìm thấy trang" in text(response)
    assert "<html" not in text(response)
    assert Notification.objects.get(pk=theirs.pk).read_at is None
