"""The base layout: who is signed in, their roles and unit, and a menu of only what the roles may use."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse, reverse_lazy

from tests.web.conftest import detail_url, text
from workflow.models import AuditEvent


def test_header_shows_name_roles_and_unit(world, client_for):
    world.thcs.first_name, world.thcs.last_name = "Hoa", "Nguyễn Thị"
    world.thcs.save()
    page = text(client_for(world.thcs).get(reverse("my_work")))
    assert "Nguyễn Thị" in page and "Hoa" in page
    assert "Cán bộ thi đua đơn vị — Trường THCS Nguyễn Lương Bằng" in page


def test_unit_officer_menu_offers_creating_a_dossier_but_not_administration(world, client_for):
    page = text(client_for(world.thcs).get(reverse("my_work")))
    assert reverse("dossier_create") in page
    assert reverse("dossier_list") in page
    assert reverse("admin:index") not in page


def test_reviewer_menu_does_not_offer_creating_a_dossier(world, client_for):
    page = text(client_for(world.canbovhxh).get(reverse("my_work")))
    assert reverse("dossier_list") in page
    assert reverse("dossier_create") not in page


def test_administrator_menu_offers_administration_but_no_dossiers(world, client_for):
    page = text(client_for(world.quantri).get(reverse("my_work")))
    assert reverse("admin:index") in page
    assert reverse("dossier_list") not in page
    assert reverse("dossier_create") not in page


def test_pages_use_the_local_stylesheet_only(world, client_for):
    page = text(client_for(world.thcs).get(reverse("my_work")))
    assert '/static/css/app.css' in page
    assert "http://" not in page and "https://" not in page


def test_timeline_shows_vietnam_time(world, client_for):
    dossier = world.draft()
    event = AuditEvent.objects.filter(stream=dossier.audit_stream).first()
    local = event.occurred_at.astimezone(zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
    page = text(client_for(world.thcs).get(detail_url(dossier)))
    assert local.strftime("%H:%M %d/%m/%Y") in page
    assert isinstance(event.occurred_at, datetime.datetime)


def test_missing_dossier_page_is_in_vietnamese(world, client_for):
    response = client_for(world.thcs).get(reverse("dossier_detail", kwargs={"pk": 999999}))
    assert response.status_code == 404
    assert "Không tìm thấy trang" in text(response)


def test_dossier_page_gives_the_creation_date_in_the_long_vietnamese_form(world, client_for):
    dossier = world.draft()
    local = dossier.created_at.astimezone(zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
    page = text(client_for(world.thcs).get(detail_url(dossier)))
    assert f"ngày {local.day:02d} tháng {local.month:02d} năm {local.year}" in page


MENU = {
    "campaigns": reverse_lazy("campaign_list"),
    "claim_queue": reverse_lazy("claim_queue"),
    "council": reverse_lazy("council_sessions"),
    "decisions": reverse_lazy("decisions:list"),
    "complaints": reverse_lazy("complaints"),
    "dashboard": reverse_lazy("dashboard"),
    "audit_log": reverse_lazy("audit_log"),
}


@pytest.mark.parametrize(
    "persona, offered",
    [
        ("thcs", {"campaigns"}),
        ("canbovhxh", {"claim_queue", "council", "decisions", "complaints", "dashboard"}),
        ("chutich", {"council", "decisions", "complaints", "dashboard"}),
        ("hoidong1", {"council", "decisions", "complaints"}),
        ("kiemtra", {"council", "decisions", "complaints", "dashboard", "audit_log"}),
        ("quantri", set()),
    ],
)
def test_the_menu_offers_each_role_only_its_pages(world, client_for, persona, offered):
    nav = text(client_for(getattr(world, persona)).get(reverse("my_work"))).split("</nav>")[0]
    assert {name for name, url in MENU.items() if f'href="{url}"' in nav} == offered
