"""Bulk forward in a real browser (issue 6): the council secretary opens the session in preparation, goes to
"forward many dossiers", ticks the dossiers in review and forwards them onto the session's agenda at once;
the same page at phone size needs no sideways scrolling."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from council import selectors
from council.models import AgendaItem, CouncilSession, SessionState
from dossiers.models import Dossier, DossierState
from dossiers.selectors import scope_for
from tests.browser.conftest import PHONE

pytestmark = pytest.mark.django_db(transaction=True)


def test_secretary_forwards_many_dossiers_onto_a_session_from_its_page(sign_in):
    vhxh = get_user_model().objects.get(username="vhxh")
    ready = [d for d in selectors.forward_candidates(actor=vhxh, scope=scope_for(actor=vhxh)) if not d.blocked_reasons]
    assert ready, "the demo should have a dossier in review ready for the council"
    session = CouncilSession.objects.filter(state=SessionState.DRAFT).first()

    secretary = sign_in("vhxh")
    page = secretary.page
    page.get_by_role("navigation", name="Trình đơn chính").get_by_role("link", name="Hội đồng").click()
    page.get_by_role("link", name=session.title).click()
    page.get_by_role("link", name="Chuyển nhiều hồ sơ đang thẩm định vào phiên họp này").click()
    page.wait_for_load_state()
    expect(page.get_by_label("Đưa vào chương trình phiên họp")).to_have_value(str(session.pk))
    for dossier in ready:
        page.get_by_label(f"#{dossier.pk} {dossier.title}").check()
    secretary.shot("bulk-forward-01-chosen")
    page.get_by_role("button", name="Chuyển các hồ sơ đã chọn").click()
    page.wait_for_load_state()

    expect(page.get_by_text(f"Đã chuyển {len(ready)} hồ sơ sang Hội đồng xét.")).to_be_visible()
    assert set(Dossier.objects.filter(pk__in=[d.pk for d in ready]).values_list("state", flat=True)) == {
        DossierState.COUNCIL}
    assert {d.pk for d in ready} <= set(AgendaItem.objects.filter(session=session).values_list("dossier_id",
                                                                                                 flat=True))
    secretary.shot("bulk-forward-02-on-the-agenda")

    phone = sign_in("canbovhxh", viewport=PHONE)
    phone.go("/hoi-dong/chuyen-ho-so/")
    expect(phone.page.get_by_role("heading", name="Chuyển nhiều hồ sơ sang Hội đồng xét")).to_be_visible()
    assert not phone.overflows_horizontally()
    phone.shot("bulk-forward-03-phone")
