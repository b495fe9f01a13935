"""A council member lands on "Việc của tôi": an open session waiting for their ballot is named there, with a
link to vote (issue 6, UX: the member's work is a ballot, not a dossier); once voted, or when absent, it is not."""

from django.test import Client
from django.urls import reverse

from tests.council.conftest import A

HUONG = "Nguyễn Thị Thu Hương"


def _my_work(user) -> str:
    client = Client()
    client.force_login(user)
    return client.get(reverse("my_work")).content.decode()


def test_member_present_can_reach_their_ballot_from_my_work(council):
    session = council.opened(council.dossier(HUONG), absent=("hoidong6",))
    ballot = reverse("council_ballot", kwargs={"pk": session.pk})
    page = _my_work(council.hoidong1)
    assert "Phiên họp đang chờ đồng chí bỏ phiếu" in page and f'href="{ballot}"' in page
    council.ballot(session, council.hoidong1, {HUONG: A})
    assert f'href="{ballot}"' not in _my_work(council.hoidong1)


def test_absent_member_cannot_see_a_ballot_to_cast_on_my_work(council):
    session = council.opened(council.dossier(HUONG), absent=("hoidong6",))
    assert reverse("council_ballot", kwargs={"pk": session.pk}) not in _my_work(council.hoidong6)
