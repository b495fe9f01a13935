"""htmx in a real browser (issue 6): the dossier list filters refresh the table in place with the address bar
following, a notification is marked read in place with the header count going down, and the secretary's
session page shows new ballots while the session is open; none of them loads a new page, and the strict
Content-Security-Policy (same-origin scripts and styles only) is never violated."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from council import services as council_services
from council.models import AgendaItem, Choice, CouncilSession, SessionState
from dossiers.models import Dossier, DossierState
from workflow.models import Notification
from workflow.notifications import notify

pytestmark = pytest.mark.django_db(transaction=True)


class Watch:
    """A tab's CSP violations (the page's own events and the console's "Refused to …") and a marker that
    only survives as long as no new page is loaded."""

    def __init__(self, page):
        self.page = page
        self.console = []
        page.on("console", lambda message: self.console.append(message.text))
        # Injected by the browser driver, not by the page, so the CSP does not apply to this listener.
        page.context.add_init_script(
            "window.__violations = [];"
            "document.addEventListener('securitypolicyviolation', e => window.__violations.push("
            "e.violatedDirective + ' ' + e.blockedURI));"
        )

    def mark(self):
        self.page.evaluate("window.__samePage = true")

    def same_page(self) -> bool:
        return self.page.evaluate("window.__samePage === true")

    def violations(self) -> list[str]:
        refused = [text for text in self.console if "Content Security Policy" in text or "Refused to" in text]
        return self.page.evaluate("window.__violations") + refused


def test_filters_and_notifications_update_in_place_without_breaking_the_csp(sign_in):
    states = set(Dossier.objects.exclude(state=DossierState.DRAFT).values_list("state", flat=True))
    assert len(states) > 1, "the demo should have dossiers in several states"
    state = DossierState.IN_REVIEW if DossierState.IN_REVIEW in states else sorted(states)[0]
    label = str(DossierState(state).label)
    kiemtra = get_user_model().objects.get(username="kiemtra")
    Notification.objects.filter(recipient=kiemtra).update(read_at=None)
    notify([kiemtra], "Nhắc hạn xử lý", "Còn 3 ngày làm việc.")
    unread = Notification.objects.filter(recipient=kiemtra, read_at__isnull=True).count()

    auditor = sign_in("kiemtra")
    page = auditor.page
    watch = Watch(page)
    auditor.go("/ho-so/")
    page.wait_for_load_state()
    watch.mark()
    with page.expect_response(lambda r: f"state={state}" in r.url and r.request.headers.get("hx-request")):
        page.get_by_label("Trạng thái").select_option(state)
    expect(page).to_have_url(re.compile(f"state={state}"))
    shown = page.locator("#dossier-results tbody .state")
    expect(shown.first).to_have_text(label)
    assert set(shown.all_inner_texts()) == {label}
    assert watch.same_page(), "filtering reloaded the page"
    auditor.shot("htmx-01-dossier-list-filtered")
    page.reload()  # the pushed address is a page of its own: bookmarkable, and whole without htmx
    expect(page.get_by_label("Trạng thái")).to_have_value(state)
    assert set(shown.all_inner_texts()) == {label}

    auditor.go("/thong-bao/")
    page.wait_for_load_state()
    watch.mark()
    badge = page.locator("#notifications-link .badge")
    expect(badge).to_have_text(str(unread))
    item = page.locator("li.notification", has_text="Nhắc hạn xử lý")
    item.get_by_role("button", name="Đánh dấu đã đọc").click()
    expect(page.locator("li.notification.unread", has_text="Nhắc hạn xử lý")).to_have_count(0)
    expect(page.locator("li.notification", has_text="Nhắc hạn xử lý")).to_be_visible()
    if unread > 1:
        expect(badge).to_have_text(str(unread - 1))
    else:
        expect(badge).to_have_count(0)
        expect(page.get_by_role("button", name="Đánh dấu tất cả là đã đọc")).to_have_count(0)
    assert watch.same_page(), "marking read reloaded the page"
    assert Notification.objects.filter(recipient=kiemtra, read_at__isnull=True).count() == unread - 1
    auditor.shot("htmx-02-notification-marked-read")

    assert watch.violations() == []


def test_secretary_page_shows_new_ballots_while_open_without_reloading(sign_in):
    session = CouncilSession.objects.get(state=SessionState.DRAFT)
    vhxh = get_user_model().objects.get(username="vhxh")
    session = council_services.session_open(session=session, actor=vhxh)
    present = session.members.filter(present=True).count()

    secretary = sign_in("vhxh")
    page = secretary.page
    watch = Watch(page)
    secretary.go(f"/hoi-dong/phien-hop/{session.pk}/")
    progress = page.locator("#progress")
    expect(progress).to_contain_text(f"0 trên {present} thành viên có mặt đã bỏ phiếu.")
    watch.mark()
    member = get_user_model().objects.get(username="hoidong1")
    items = AgendaItem.objects.filter(session=session).exclude(recused=member)
    council_services.ballot_cast(session=session, actor=member, choices={item.pk: Choice.AGREE for item in items})

    # The page asks every 10 seconds: the new count arrives within one round, on the same page.
    expect(progress).to_contain_text(f"1 trên {present} thành viên có mặt đã bỏ phiếu.", timeout=15_000)
    expect(page.locator("#close-warning")).to_contain_text(f"Còn {present - 1} thành viên có mặt chưa bỏ phiếu.")
    assert "Đồng ý" not in progress.inner_text()
    assert watch.same_page(), "the progress reloaded the page"
    secretary.shot("htmx-03-session-progress")
    assert watch.violations() == []
