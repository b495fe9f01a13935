"""The council pages the demo walk cannot reach without a vote (the ballot, the results) are accessible too
(issue 6): skip link, labels, captions, the checks of tests/web/a11y.py."""

from django.test import Client
from django.urls import reverse

from tests.council.conftest import A
from tests.web.a11y import problems_of

HUONG = "Nguyễn Thị Thu Hương"


def _page(user, name, session):
    client = Client()
    client.force_login(user)
    path = reverse(name, kwargs={"pk": session.pk})
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode(), path


def test_member_ballot_and_secretary_pages_of_an_open_session_are_accessible(council):
    session = council.opened(council.dossier(HUONG))
    for user, name in [(council.hoidong1, "council_ballot"), (council.vhxh, "council_session"),
                       (council.vhxh, "council_written_opinion")]:
        html, path = _page(user, name, session)
        assert problems_of(html, path) == [], path


def test_results_of_a_closed_session_are_accessible(council):
    session = council.opened(council.dossier(HUONG))
    council.everyone_votes(session, {HUONG: A})
    council.close(session)
    html, path = _page(council.vhxh, "council_results", session)
    assert problems_of(html, path) == []
