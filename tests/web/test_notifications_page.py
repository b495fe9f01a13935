"""The in-app notifications: an unread count in the header, one's own list, and marking read (DESIGN §11)."""

from django.urls import reverse

from tests.web.conftest import text
from workflow.models import Notification
from workflow.notifications import notify


def test_header_counts_unread_and_the_list_shows_only_ones_own(world, client_for):
    mine = notify([world.canbovhxh], "Hồ sơ chờ nhận thẩm định", "Có hồ sơ mới.", url="/ho-so/1/")[0]
    notify([world.canbovhxh], "Nhắc hạn xử lý", "Còn 3 ngày làm việc.")
    notify([world.thcs], "Hồ sơ bị trả lại", "Bổ sung biên bản.")
    client = client_for(world.canbovhxh)
    page = text(client.get(reverse("notifications")))
    assert '<span class="badge"' in page and ">2</span>" in page
    assert "Hồ sơ chờ nhận thẩm định" in page and "Nhắc hạn xử lý" in page
    assert "Hồ sơ bị trả lại" not in page

    response = client.post(reverse("notification_open", kwargs={"pk": mine.pk}))
    assert response.status_code == 302 and response["Location"] == "/ho-so/1/"
    assert ">1</span>" in text(client.get(reverse("notifications")))
    client.post(reverse("notifications_read_all"))
    assert '<span class="badge"' not in text(client.get(reverse("my_work")))


def test_someone_elses_notification_cannot_be_opened_or_marked(world, client_for):
    theirs = notify([world.thcs], "Hồ sơ bị trả lại", "Bổ sung biên bản.", url="/ho-so/1/")[0]
    response = client_for(world.canbovhxh).post(reverse("notification_open", kwargs={"pk": theirs.pk}))
    assert response.status_code == 302 and response["Location"] == reverse("notifications")
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_a_link_to_another_site_is_not_followed(world, client_for):
    odd = notify([world.thcs], "Thông báo", "Nội dung.", url="https://example.com/")[0]
    response = client_for(world.thcs).post(reverse("notification_open", kwargs={"pk": odd.pk}))
    assert response["Location"] == reverse("notifications")
