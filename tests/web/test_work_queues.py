""""Chờ nhận" and "Việc của tôi" (DESIGN §7): each sees exactly their own commune's or unit's work; claiming,
reassigning, due dates, overdue marks and the process chart on the dossier page."""

import datetime

import pytest
from django.urls import reverse

from dossiers.models import Dossier
from dossiers.selectors import process_chart
from roles.models import Role
from tests.conftest import grant
from tests.factories.commune import UserFactory
from tests.web.conftest import action_url, detail_url, listed_ids, text
from tests.workflow import helpers
from workflow import engine
from workflow.actions import Action


@pytest.fixture
def submitted(world):
    return {
        "thcs": world.advance(world.ready(title="Hồ sơ THCS"), "submitted"),
        "doantn": world.advance(world.ready(unit=world.doantn_unit, officer=world.doantn, title="Hồ sơ ĐTN"),
                                "submitted"),
        "other": world.advance(world.ready(unit=world.other_unit, officer=world.other_officer, title="Xã khác"),
                               "submitted"),
    }


QUEUES = {
    "canbovhxh": {"thcs", "doantn"},
    "vhxh": {"thcs", "doantn"},
    "other_reviewer": {"other"},
    "thcs": set(),
    "thcs_head": set(),
    "doantn": set(),
    "other_officer": set(),
    "chutich": set(),
    "hoidong1": set(),
    "vanthu": set(),
    "kiemtra": set(),
    "quantri": set(),
}


@pytest.mark.parametrize(("persona", "expected"), QUEUES.items(), ids=list(QUEUES))
def test_queue_holds_exactly_the_unclaimed_dossiers_of_ones_commune(world, client_for, submitted, persona, expected):
    response = client_for(getattr(world, persona)).get(reverse("claim_queue"))
    assert response.status_code == 200
    assert listed_ids(response) == {submitted[name].pk for name in expected}


def test_a_claimed_dossier_leaves_every_queue_and_enters_the_claimers_inbox(world, client_for, submitted):
    dossier = submitted["thcs"]
    client = client_for(world.canbovhxh)
    response = client.post(action_url(dossier, "take"), {"expected_version": dossier.version})
    assert response.status_code == 302
    assert dossier.pk not in listed_ids(client.get(reverse("claim_queue")))
    assert dossier.pk not in listed_ids(client_for(world.vhxh).get(reverse("claim_queue")))
    assert dossier.pk in listed_ids(client.get(reverse("my_work")))


def test_unit_inbox_holds_only_its_own_returned_dossiers(world, client_for):
    ours = world.advance(world.ready(title="Hồ sơ THCS"), "returned")
    theirs = world.advance(world.ready(unit=world.doantn_unit, officer=world.doantn, title="Hồ sơ ĐTN"), "returned")
    assert ours.pk in listed_ids(client_for(world.thcs).get(reverse("my_work")))
    assert theirs.pk not in listed_ids(client_for(world.thcs).get(reverse("my_work")))
    assert theirs.pk in listed_ids(client_for(world.doantn).get(reverse("my_work")))
    assert ours.pk not in listed_ids(client_for(world.doantn).get(reverse("my_work")))


def test_chairs_inbox_holds_exactly_the_dossiers_awaiting_decision(world, client_for):
    waiting = world.advance(world.ready(campaign=world.ad_hoc_campaign, award=world.giay_khen), "awaiting_decision")
    world.advance(world.ready(), "in_review")
    world.advance(world.ready(), "submitted")
    assert listed_ids(client_for(world.chutich).get(reverse("my_work"))) == {waiting.pk}
    assert listed_ids(client_for(world.chutich).get(reverse("claim_queue"))) == set()


def test_due_date_is_shown_in_lists_and_overdue_ones_are_marked(world, client_for, submitted):
    dossier = submitted["thcs"]
    page = text(client_for(world.canbovhxh).get(reverse("claim_queue")))
    assert dossier.due_on.strftime("%d/%m/%Y") in page
    assert "quá hạn" not in page
    Dossier.objects.filter(pk=dossier.pk).update(due_on=datetime.date.today() - datetime.timedelta(days=1))
    for name in ("claim_queue", "dossier_list"):
        page = text(client_for(world.canbovhxh).get(reverse(name)))
        assert 'class="due overdue"' in page and "quá hạn" in page, name


def test_dossier_page_shows_where_the_dossier_is(world, client_for, submitted):
    dossier = submitted["thcs"]
    engine.perform(dossier, Action.TAKE, world.canbovhxh)
    page = text(client_for(world.thcs).get(detail_url(dossier)))
    assert "Hồ sơ đang ở đâu" in page
    current = page[page.index('aria-current="step"'):]
    current = current[:current.index("</li>")]
    assert "Thẩm định" in current
    assert world.canbovhxh.get_full_name() in current
    assert dossier.due_on.strftime("%d/%m/%Y") in current


def test_office_head_reassigns_from_the_dossier_page(world, client_for, submitted):
    colleague = grant(UserFactory(username="canbovhxh2", first_name="Lan", last_name="Trần"), world.commune,
                      Role.REVIEWER)
    dossier = submitted["thcs"]
    head = client_for(world.vhxh)
    page = text(head.get(detail_url(dossier)))
    assert 'name="assignee"' in page and "canbovhxh2" in page
    assert 'name="assignee"' not in text(client_for(world.canbovhxh).get(detail_url(dossier)))
    response = head.post(action_url(dossier, "reassign"), {"expected_version": dossier.version,
                                                          "assignee": colleague.pk})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.assignee_id == colleague.pk
    assert dossier.pk in listed_ids(client_for(colleague).get(reverse("my_work")))


def test_reassigning_to_nobody_says_so_and_changes_nothing(world, client_for, submitted):
    dossier = submitted["thcs"]
    response = client_for(world.vhxh).post(action_url(dossier, "reassign"),
                                            {"expected_version": dossier.version, "assignee": "abc"})
    assert response.status_code == 409
    assert "Vui lòng chọn cán bộ thụ lý." in text(response)
    dossier.refresh_from_db()
    assert (dossier.state, dossier.assignee_id) == ("submitted", None)


def test_the_chart_of_a_decided_dossier_shows_every_step_it_took_and_its_end(world, client_for):
    dossier = helpers.to_state(world, helpers.make(world), "decided")
    chart = process_chart(dossier=Dossier.objects.select_related("unit").get(pk=dossier.pk))
    assert chart.closed and chart.current is None
    assert [(s.key, s.status) for s in chart.steps] == [
        ("submission", "done"), ("review", "done"), ("council", "done"), ("decision", "done"),
    ]
    assert all(step.finished for step in chart.history)
    page = text(client_for(world.thcs).get(detail_url(dossier)))
    assert "Kết thúc" in page and 'aria-current="step"' not in page
