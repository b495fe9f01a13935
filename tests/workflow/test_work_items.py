"""Work items (DESIGN §7): one viewflow task per waiting state, opened and closed by engine.perform only."""

import datetime

import pytest
from django.db import connection, transaction
from django.test import RequestFactory
from django.utils import timezone
from viewflow.workflow.models import Process, Task
from viewflow.workflow.status import PROCESS, STATUS

from dossiers.models import Dossier, DossierState
from roles import services as role_services
from roles.models import Membership, Role
from tests.conftest import grant
from tests.factories.commune import UserFactory
from tests.workflow import helpers
from tests.workflow.helpers import assert_unchanged, reasons_of, snapshot
from workflow import calendar, rows, workitems
from workflow.engine import Action, ActionNotAllowed, GuardFailed, perform
from workflow.flows import DossierFlow, open_dossier
from workflow.models import CalendarDay, CalendarDayKind

S = DossierState
D = datetime.date


def open_tasks(dossier):
    dossier.refresh_from_db()
    return list(Task.objects.filter(process_id=dossier.process_id, status__in=workitems.OPEN_STATUSES))


def only_open_task(dossier):
    tasks = open_tasks(dossier)
    assert len(tasks) == 1, tasks
    return tasks[0]


def test_a_draft_has_no_process_and_submitting_opens_the_review_in_the_queue(world):
    dossier = helpers.make(world)
    assert dossier.process_id is None
    perform(dossier, Action.SUBMIT, world.thcs)
    task = only_open_task(dossier)
    assert task.flow_task is DossierFlow.review
    assert (task.status, task.owner_id) == (STATUS.NEW, None)
    assert task.owner_permission == "roles.review_for_commune"
    assert task.owner_permission_obj_pk == str(world.commune.pk)
    assert Process.objects.get(pk=dossier.process_id).artifact == Dossier.objects.get(pk=dossier.pk)


def test_each_waiting_state_has_its_task_along_the_whole_route(world):
    dossier = helpers.make(world, route="chair")
    steps = []

    def step():
        task = only_open_task(dossier)
        steps.append((dossier.state, task.flow_task.name, task.status, task.owner_id))

    perform(dossier, Action.SUBMIT, world.thcs)
    step()
    perform(dossier, Action.TAKE, world.canbovhxh)
    step()
    perform(dossier, Action.RETURN_FOR_REVISION, world.canbovhxh, reason="Bổ sung biên bản")
    step()
    perform(dossier, Action.SUBMIT, world.thcs)
    step()
    perform(dossier, Action.TAKE, world.canbovhxh)
    perform(dossier, Action.FORWARD_TO_CHAIR, world.canbovhxh)
    step()
    perform(dossier, Action.SEND_BACK, world.chutich, reason="Xác minh thêm")
    step()
    perform(dossier, Action.FORWARD_TO_CHAIR, world.canbovhxh)
    helpers.decide(world, dossier)
    assert open_tasks(dossier) == []

    reviewer = world.canbovhxh.pk
    assert steps == [
        (S.SUBMITTED, "review", STATUS.NEW, None),
        (S.IN_REVIEW, "review", STATUS.ASSIGNED, reviewer),
        (S.RETURNED, "revision", STATUS.NEW, None),
        (S.SUBMITTED, "review", STATUS.NEW, None),
        (S.AWAITING_DECISION, "decision", STATUS.NEW, None),
        (S.IN_REVIEW, "review", STATUS.ASSIGNED, reviewer),  # sent back to the same reviewer
    ]
    process = Process.objects.get(pk=dossier.process_id)
    assert process.status == PROCESS.DONE and process.finished is not None
    assert dossier.due_on is None
    # The claim changed the review task; it was not a new step.
    names = list(Task.objects.filter(process_id=dossier.process_id).order_by("pk").values_list("flow_task", flat=True))
    assert [node.name for node in names] == [
        "start", "review", "revision", "review", "decision", "review", "decision",
    ]


def test_council_route_waits_on_the_council_then_the_chair(world):
    dossier = helpers.to_state(world, helpers.make(world), S.COUNCIL)
    assert only_open_task(dossier).flow_task is DossierFlow.council
    world.close_vote(dossier)
    assert only_open_task(dossier).flow_task is DossierFlow.decision


def test_withdrawal_cancels_the_task_and_the_process(world):
    dossier = helpers.to_state(world, helpers.make(world), S.IN_REVIEW)
    task = only_open_task(dossier)
    perform(dossier, Action.WITHDRAW, world.thcs_head, reason="Đơn vị rút để hoàn thiện")
    task.refresh_from_db()
    assert task.status == STATUS.CANCELED
    assert Process.objects.get(pk=dossier.process_id).status == PROCESS.CANCELED
    assert open_tasks(dossier) == []


def test_a_refused_action_leaves_the_task_as_it_was(world):
    dossier = helpers.to_state(world, helpers.make(world), S.SUBMITTED)
    before = only_open_task(dossier)
    with pytest.raises(ActionNotAllowed):
        perform(dossier, Action.TAKE, world.thcs)
    after = only_open_task(dossier)
    assert (after.pk, after.status, after.owner_id) == (before.pk, STATUS.NEW, None)


def test_suspension_stops_the_clock_and_resume_gives_back_the_working_days_left(world):
    dossier = helpers.to_state(world, helpers.make(world), S.IN_REVIEW)
    due = dossier.due_on
    left = calendar.working_days_between(datetime.date.today(), due, commune=world.commune.pk)
    complaint = helpers.complain(world, dossier)
    perform(dossier, Action.SUSPEND, world.canbovhxh, complaint=complaint.pk, reason="Có đơn phản ánh")
    task = only_open_task(dossier)
    assert task.flow_task is DossierFlow.suspension
    assert task.data["resume_days"] == left
    assert dossier.due_on is None
    helpers.settle(world, complaint)
    perform(dossier, Action.RESUME, world.canbovhxh)
    resumed = only_open_task(dossier)
    assert (resumed.flow_task, resumed.owner_id) == (DossierFlow.review, world.canbovhxh.pk)
    assert dossier.due_on == calendar.add_working_days(datetime.date.today(), left, commune=world.commune.pk)


# Claim, unassign, reassign ----------------------------------------------------------------------------------


@pytest.fixture
def second_reviewer(world):
    return grant(UserFactory(username="canbovhxh2"), world.commune, Role.REVIEWER)


def test_taking_a_dossier_claims_its_review_task(world):
    dossier = helpers.to_state(world, helpers.make(world), S.SUBMITTED)
    perform(dossier, Action.TAKE, world.canbovhxh)
    task = only_open_task(dossier)
    assert (task.status, task.owner_id) == (STATUS.ASSIGNED, world.canbovhxh.pk)
    assert task.assigned is not None


def test_the_assignee_puts_a_dossier_back_in_the_queue(world, second_reviewer):
    dossier = helpers.to_state(world, helpers.make(world), S.IN_REVIEW)
    event = perform(dossier, Action.UNASSIGN, world.canbovhxh)
    assert (event.from_state, event.to_state, event.data["from_assignee"]) == (S.IN_REVIEW, S.SUBMITTED, "canbovhxh")
    assert dossier.assignee_id is None
    task = only_open_task(dossier)
    assert (task.status, task.owner_id) == (STATUS.NEW, None)
    perform(dossier, Action.TAKE, second_reviewer)  # anyone of the office may claim it again
    assert only_open_task(dossier).owner_id == second_reviewer.pk


def test_a_colleague_cannot_unassign_a_dossier_they_do_not_hold(world, second_reviewer):
    dossier = helpers.to_state(world, helpers.make(world), S.IN_REVIEW)
    before = snapshot(dossier)
    with pytest.raises(ActionNotAllowed) as refused:
        perform(dossier, Action.UNASSIGN, second_reviewer)
    assert "Chỉ cán bộ đang thụ lý hồ sơ mới được thực hiện thao tác này." in reasons_of(refused)
    assert_unchanged(dossier, before)


def test_the_office_head_reassigns_and_the_audit_log_says_from_whom_to_whom(world, second_reviewer):
    dossier = helpers.to_state(world, helpers.make(world), S.IN_REVIEW)
    event = perform(dossier, Action.REASSIGN, world.vhxh, assignee=second_reviewer)
    assert (event.action, event.role, event.from_state, event.to_state) == (
        Action.REASSIGN, Role.OFFICE_HEAD, S.IN_REVIEW, S.IN_REVIEW,
    )
    assert event.data == {"from_assignee": "canbovhxh", "assignee": "canbovhxh2"}
    assert dossier.assignee_id == second_reviewer.pk
    assert only_open_task(dossier).owner_id == second_reviewer.pk
    # The new holder now acts; the former one no longer may.
    with pytest.raises(ActionNotAllowed):
        perform(dossier, Action.RETURN_FOR_REVISION, world.canbovhxh, reason="Bổ sung")
    perform(dossier, Action.RETURN_FOR_REVISION, second_reviewer, reason="Bổ sung")


def test_the_office_head_gives_a_queued_dossier_to_a_reviewer(world, second_reviewer):
    dossier = helpers.to_state(world, helpers.make(world), S.SUBMITTED)
    event = perform(dossier, Action.REASSIGN, world.vhxh, assignee=second_reviewer)
    assert (event.from_state, event.to_state) == (S.SUBMITTED, S.IN_REVIEW)
    task = only_open_task(dossier)
    assert (task.flow_task, task.status, task.owner_id) == (DossierFlow.review, STATUS.ASSIGNED, second_reviewer.pk)


def test_a_reviewer_who_is_not_the_office_head_cannot_reassign(world, second_reviewer):
    dossier = helpers.to_state(world, helpers.make(world), S.IN_REVIEW)
    before = snapshot(dossier)
    with pytest.raises(ActionNotAllowed):
        perform(dossier, Action.REASSIGN, world.canbovhxh, assignee=second_reviewer)
    assert_unchanged(dossier, before)


@pytest.mark.parametrize(
    ("who", "reason"),
    [
        ("thcs", "Người được giao không phải cán bộ thẩm định của xã."),
        ("other_reviewer", "Người được giao không phải cán bộ thẩm định của xã."),
        ("canbovhxh", "Hồ sơ đang do chính cán bộ này thụ lý."),
        (None, "Vui lòng chọn cán bộ thụ lý."),
    ],
)
def test_reassigning_to_someone_who_may_not_review_it_changes_nothing(world, who, reason):
    dossier = helpers.to_state(world, helpers.make(world), S.IN_REVIEW)
    before = snapshot(dossier)
    task = only_open_task(dossier)
    with pytest.raises(GuardFailed) as refused:
        perform(dossier, Action.REASSIGN, world.vhxh, assignee=getattr(world, who) if who else None)
    assert reason in reasons_of(refused)
    assert_unchanged(dossier, before)
    assert only_open_task(dossier).owner_id == task.owner_id


def test_reassigning_to_the_submitter_is_refused(world, second_reviewer):
    """Separation of duties (DESIGN §4): whoever submitted a dossier does not review it."""
    grant(second_reviewer, world.thcs_unit, Role.UNIT_OFFICER)
    dossier = helpers.make(world)
    perform(dossier, Action.SUBMIT, second_reviewer)
    with pytest.raises(GuardFailed) as refused:
        perform(dossier, Action.REASSIGN, world.vhxh, assignee=second_reviewer)
    assert "Người đã lập hoặc trình hồ sơ không được thẩm định, xử lý chính hồ sơ đó." in reasons_of(refused)


def test_a_reviewer_given_the_dossier_by_the_head_cannot_sign_it(world, second_reviewer):
    """A reviewer cannot sign (DESIGN §4), whether they took the dossier or were given it."""
    grant(second_reviewer, world.commune, Role.CHAIR)
    dossier = helpers.to_state(world, helpers.make(world, route="chair"), S.SUBMITTED)
    perform(dossier, Action.REASSIGN, world.vhxh, assignee=second_reviewer)
    perform(dossier, Action.FORWARD_TO_CHAIR, second_reviewer)
    with pytest.raises(ActionNotAllowed) as refused:
        helpers.decide(world, dossier, signer=second_reviewer)
    assert "Người đã thẩm định hồ sơ không được ký quyết định khen thưởng hồ sơ đó." in reasons_of(refused)


# Due dates ------------------------------------------------------------------------------------------------


def test_review_is_due_in_twenty_working_days_and_the_decision_in_ten(world):
    dossier = helpers.to_state(world, helpers.make(world, route="chair"), S.SUBMITTED)
    today = datetime.date.today()
    assert dossier.due_on == calendar.add_working_days(today, 20, commune=world.commune.pk)
    assert only_open_task(dossier).data["due_on"] == dossier.due_on.isoformat()
    perform(dossier, Action.TAKE, world.canbovhxh)
    assert dossier.due_on == calendar.add_working_days(today, 20, commune=world.commune.pk)  # same step goes on
    perform(dossier, Action.FORWARD_TO_CHAIR, world.canbovhxh)
    assert dossier.due_on == calendar.add_working_days(today, 10, commune=world.commune.pk)


def test_campaign_setting_wins_over_award_types_which_win_over_the_default(world):
    """Precedence (workflow.workitems): campaign, else the longest of the award types, else the setting."""
    dossier = helpers.make(world, nominees=("Nguyễn Thị Hoa", "Trần Văn Nam"))
    world.lao_dong_tien_tien.review_working_days = 15
    world.lao_dong_tien_tien.save()
    assert workitems.working_days_for(dossier, "review_working_days") == 15
    world.campaign.review_working_days = 5
    world.campaign.save()
    dossier = Dossier.objects.get(pk=dossier.pk)
    assert workitems.working_days_for(dossier, "review_working_days") == 5
    assert workitems.working_days_for(dossier, "decision_working_days") == 10


def test_the_longest_award_type_setting_counts(world):
    dossier = helpers.make(world)
    world.complete(dossier, award=world.giay_khen, nominees=("Lê Văn Ba",))
    world.lao_dong_tien_tien.decision_working_days = 7
    world.lao_dong_tien_tien.save()
    world.giay_khen.decision_working_days = 12
    world.giay_khen.save()
    assert workitems.working_days_for(dossier, "decision_working_days") == 12


@pytest.fixture
def calendar_world(world):
    """The commune works Sat 28 Feb 2026 (make-up day) and rests Mon 2 Mar 2026; the other commune does not."""
    CalendarDay.objects.create(commune=world.commune, day=D(2026, 2, 28), kind=CalendarDayKind.WORKING_DAY)
    CalendarDay.objects.create(commune=world.commune, day=D(2026, 3, 2), kind=CalendarDayKind.DAY_OFF)
    return world


# (step, working days (None: the default, review 20, decision 10), day the step opens, whose calendar, due date).
# Each expected date is counted by hand in the comment; "commune" works Sat 28 Feb 2026 and rests Mon 2 Mar 2026.
DUE_DATES = [
    # 12–16, 19–23, 26–30 Jan, 2–6 Feb: four weekends skipped.
    pytest.param("review", None, D(2026, 1, 9), "other", D(2026, 2, 6), id="review-across-four-weekends"),
    # 1 Jan off; 2 (1), 5–9 (6), 12–16 (11), 19–23 (16), 26–29 Jan (20).
    pytest.param("review", None, D(2025, 12, 31), "other", D(2026, 1, 29), id="review-across-new-year"),
    # Tết 16–20 Feb off; 23–27 Feb (5), 2–6 Mar (10).
    pytest.param("decision", None, D(2026, 2, 13), "other", D(2026, 3, 6), id="decision-across-tet-2026"),
    # 13 Feb (1), Tết, 23–27 (6), 2–6 Mar (11), 9–13 (16), 16–19 Mar (20).
    pytest.param("review", None, D(2026, 2, 12), "other", D(2026, 3, 19), id="review-across-tet-2026"),
    # Tết, 23–27 (5), Sat 28 worked (6), Mon 2 off, 3–6 Mar (10): same day, counted differently.
    pytest.param("decision", None, D(2026, 2, 13), "commune", D(2026, 3, 6), id="tet-make-up-day-and-day-off"),
    pytest.param("decision", 1, D(2026, 2, 27), "commune", D(2026, 2, 28), id="configured-make-up-saturday"),
    pytest.param("decision", 1, D(2026, 2, 27), "other", D(2026, 3, 2), id="no-make-up-day-elsewhere"),
    pytest.param("decision", 1, D(2026, 2, 28), "commune", D(2026, 3, 3), id="configured-day-off"),
    # 21–25 Apr (5), Sat 26 Apr worked for Fri 2 May (6), 28–29 (8), 30 Apr–2 May off, 5–6 May (10).
    pytest.param("decision", None, D(2025, 4, 18), "other", D(2025, 5, 6), id="national-make-up-saturday-2025"),
    # Mon 27 Apr (Hùng Kings observed) off, 28–29 (2), 30 Apr–1 May off, 4–8 May (7), 11–13 May (10).
    pytest.param("decision", None, D(2026, 4, 24), "other", D(2026, 5, 13), id="hung-kings-observed-and-30-4-1-5"),
]


@pytest.mark.parametrize(("step", "days", "opens", "where", "expected"), DUE_DATES)
def test_due_dates_in_working_days(calendar_world, step, days, opens, where, expected):
    world = calendar_world
    dossier = helpers.make(world, unit=world.thcs_unit if where == "commune" else world.other_unit)
    if days is not None:
        dossier.campaign.decision_working_days = days
        dossier.campaign.save()
    assert workitems.due_date(dossier, getattr(DossierFlow, step), opens) == expected


@pytest.mark.parametrize(("step", "days", "opens", "where", "expected"), DUE_DATES)
def test_due_dates_from_the_calendar_the_locking_read_brings_match_and_read_nothing_more(
    calendar_world, step, days, opens, where, expected, django_assert_num_queries
):
    if connection.vendor != "postgresql":
        pytest.skip("the locking read brings the calendar on PostgreSQL only")
    world = calendar_world
    dossier = helpers.make(world, unit=world.thcs_unit if where == "commune" else world.other_unit)
    if days is not None:
        dossier.campaign.decision_working_days = days
        dossier.campaign.save()
    with transaction.atomic():
        locked = rows.lock_dossier(dossier.pk, {}, True, lists={"_days": calendar.dossier_list(opens)})
    rows.load_nominations(locked, with_person=False, with_membership=False)
    locked._calendar = calendar.known_from_list(opens, locked._days)
    with django_assert_num_queries(0):
        assert workitems.due_date(locked, getattr(DossierFlow, step), opens) == expected


def test_submitting_counts_the_communes_days_off_configured_after_today(world):
    today = timezone.localdate()
    closed = [today + datetime.timedelta(days=n) for n in range(1, 8)]
    CalendarDay.objects.bulk_create(
        CalendarDay(commune=world.commune, day=day, kind=CalendarDayKind.DAY_OFF) for day in closed
    )
    dossier = helpers.to_state(world, helpers.make(world, route="chair"), S.SUBMITTED)
    assert dossier.due_on == calendar.add_working_days(today, 20, commune=world.commune.pk)
    assert dossier.due_on > calendar.add_working_days(today, 20, commune=world.other_commune.pk)


def test_a_reviewer_asking_to_reassign_in_another_state_is_refused_for_want_of_the_right(world):
    dossier = helpers.to_state(world, helpers.make(world), S.RETURNED)
    with pytest.raises(ActionNotAllowed):
        perform(dossier, Action.REASSIGN, world.canbovhxh, assignee=world.vhxh)
    with pytest.raises(GuardFailed) as refused:  # the head holds the right: told why not now
        perform(dossier, Action.REASSIGN, world.vhxh, assignee=world.canbovhxh)
    assert "Không thể «Giao cán bộ thụ lý» khi hồ sơ đang ở trạng thái «Trả lại bổ sung»." in reasons_of(refused)


def test_a_task_page_of_viewflow_leads_to_the_dossier(world):
    dossier = helpers.to_state(world, helpers.make(world), S.SUBMITTED)
    task = only_open_task(dossier)
    response = open_dossier(RequestFactory().get("/"), dossier.process_id, task.pk)
    assert response["Location"] == f"/ho-so/{dossier.pk}/"


# Who acts next ----------------------------------------------------------------------------------------------


def test_holders_follow_the_rule_of_the_engine_membership_and_grant_both_active(world):
    """workflow.authority's rule (DESIGN §6), which workitems.holders writes in SQL of its own."""
    today = datetime.date.today()
    ended = UserFactory(username="canbo_cu")
    membership = role_services.membership_grant(user=ended, organization=world.commune, role=Role.REVIEWER,
                                                valid_from=D(2025, 1, 1), actor=None)
    role_services.membership_end(membership=membership, valid_to=today - datetime.timedelta(days=1), actor=None)
    no_grant = UserFactory(username="chua_cap_quyen")
    Membership.objects.create(user=no_grant, organization=world.commune, role=Role.REVIEWER, valid_from=D(2025, 1, 1))
    gone = grant(UserFactory(username="da_nghi"), world.commune, Role.REVIEWER)
    gone.is_active = False
    gone.save()

    names = [u.username for u in workitems.holders(world.commune.pk, "review_for_commune", today)]
    assert names == ["canbovhxh", "vhxh"]
    assert [u.username for u in workitems.holders(world.thcs_unit.pk, "propose_for_unit", today)] == [
        "thcs", "thcs_head",
    ]
    assert workitems.holders(world.other_commune.pk, "decide_for_commune", today) == []
