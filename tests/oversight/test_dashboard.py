"""The dashboard's figures and the yearly summary: right counts, scope, charts, XLSX, constant queries."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from dossiers.models import DossierState
from oversight import dashboard
from oversight.charts import Bar, bar_chart, line_chart
from workflow.engine import SYSTEM, Action, perform

pytestmark = pytest.mark.django_db


def decided(world, unit=None, officer=None, nominees=("Nguyễn Thị Hoa",)):
    dossier = world.ready(unit=unit, officer=officer, nominees=nominees) if unit else world.ready(nominees=nominees)
    world.advance(dossier, DossierState.COUNCIL)
    world.close_vote(dossier)
    awarded = list(dossier.nominations.values_list("pk", flat=True))
    perform(dossier, Action.DECIDE, SYSTEM, signer=world.chutich, awarded=awarded, decision="01/QĐ-UBND")
    return dossier


def test_figures_count_by_state_unit_award_type_and_month(world):
    decided(world, nominees=("Nguyễn Thị Hoa", "Lê Văn Nam"))
    submitted = world.ready(unit=world.doantn_unit, officer=world.doantn)
    world.advance(submitted, DossierState.SUBMITTED)
    world.draft()  # a unit's draft is not the commune's business
    world.draft(unit=world.other_unit, officer=world.other_officer)

    figures = dashboard.figures([world.commune.pk], timezone.localdate())

    assert figures.total == 2
    assert {b.label: b.value for b in figures.by_state} == {"Đã có quyết định": 1, "Đã trình": 1}
    assert {b.label: b.value for b in figures.by_unit} == {world.thcs_unit.name: 1, world.doantn_unit.name: 1}
    assert figures.by_award_type == [("Lao động tiên tiến", 3, 2)]
    assert figures.submitted_per_month[-1].value == 2
    assert figures.awarded_per_month[-1].value == 2
    assert [(b.label, b.value) for b in figures.awarded_per_unit] == [(world.thcs_unit.name, 2)]
    assert len(figures.submitted_per_month) == 12


def test_the_yearly_summary_counts_awards_in_force_by_unit_and_type(world, client_for):
    dossier = decided(world, nominees=("Nguyễn Thị Hoa", "Lê Văn Nam"))
    hoa = dossier.nominations.get(nominee_name="Nguyễn Thị Hoa")
    perform(dossier, Action.REVOKE, SYSTEM, nominations=[hoa.pk], reason="Khai man thành tích",
            legal_ground="Điều 94 Luật Thi đua, khen thưởng 2022", decision="02/QĐ-UBND")
    year = world.campaign.year

    summary = dashboard.yearly_summary([world.commune.pk], year)
    assert summary.rows == [(world.thcs_unit.name, [1], 1)] and summary.grand_total == 1

    response = client_for(world.chutich).get(reverse("yearly_summary_xlsx"), {"year": year})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    assert values[0] == ["Đơn vị", "Lao động tiên tiến", "Tổng"]
    assert values[1] == [world.thcs_unit.name, 1, 1]
    assert values[-1] == ["Tổng cộng", 1, 1]


@pytest.mark.parametrize("persona", ["canbovhxh", "vhxh", "chutich", "kiemtra", "vanthu"])
def test_commune_roles_open_the_dashboard(world, client_for, persona):
    response = client_for(getattr(world, persona)).get(reverse("dashboard"))
    assert response.status_code == 200
    assert "<svg" in response.content.decode()


@pytest.mark.parametrize("persona", ["thcs", "doantn", "hoidong1", "quantri"])
def test_units_members_and_administrators_do_not(world, client_for, persona):
    assert client_for(getattr(world, persona)).get(reverse("dashboard")).status_code == 403
    assert client_for(getattr(world, persona)).get(reverse("yearly_summary")).status_code == 403


@pytest.mark.parametrize("count", [1, 12])
def test_the_dashboard_runs_a_constant_number_of_queries(world, client_for, django_assert_max_num_queries, count):
    for i in range(count):
        dossier = world.ready(nominees=(f"Người {i}",))
        world.advance(dossier, DossierState.SUBMITTED)
    client = client_for(world.chutich)
    with django_assert_max_num_queries(14):
        client.get(reverse("dashboard"))


def test_chart_text_is_escaped():
    svg = bar_chart([Bar("<script>x</script>", 3)], "Tiêu đề") + line_chart([Bar("<b>", 1)], "<i>")
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "<b>" not in svg
