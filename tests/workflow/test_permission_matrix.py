"""Who may take which action where (DESIGN §4 "who", §6 roles): the whole table, cell by cell.

Each cell puts a dossier in the action's source state and supplies valid data, so only the actor's
right decides. Scopes are seen from the THCS unit: its own dossier, a dossier of another unit of the
same commune (Đoàn TN) and one of another commune. Deny by default (STYLE §1): a persona not listed
for a cell is refused with ActionNotAllowed, and a refusal changes nothing. Sources: DESIGN §4 table,
§6 ("Administrators ... hold no workflow rights"), DOMAIN.md (the Chair or a Vice-Chair "KT. CHỦ TỊCH").
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import transaction

from dossiers.models import Dossier, DossierState
from tests.conftest import World
from tests.workflow import helpers
from tests.workflow.helpers import assert_unchanged, reasons_of, snapshot
from workflow.engine import SYSTEM, Action, ActionNotAllowed, available_actions, can_assess, perform
from workflow.models import AuditEvent

S = DossierState

NO_RIGHT = "Bạn không có quyền thực hiện thao tác này trên hồ sơ."
NOT_ASSIGNEE = "Chỉ cán bộ đang thụ lý hồ sơ mới được thực hiện thao tác này."
SYSTEM_ONLY = "Thao tác này do hệ thống tự thực hiện"

PERSONAS = [
    "thcs", "thcs_head", "doantn", "canbovhxh", "vhxh", "chutich", "phochutich", "vanthu", "kiemtra", "hoidong1",
    "quantri", "other_reviewer", "other_officer", "other_chair", "SYSTEM",
]
SCOPES = {"own_unit": "thcs_unit", "other_unit": "doantn_unit", "other_commune": "other_unit"}


def _reason(world, dossier):
    return {"reason": "Lý do ghi rõ trong phiếu xử lý"}


def _nothing(world, dossier):
    return {}


def _open_complaint(world, dossier):
    complaint = dossier.complaints.get(status="open")
    return {"complaint": complaint.pk, "reason": "Có đơn phản ánh cần xác minh"}


def _first_nomination(world, dossier):
    return {"nomination": dossier.nominations.order_by("pk").first().pk, "eligible": True}


def _results(world, dossier):
    return {"results": {str(n.pk): "passed" for n in dossier.nominations.filter(outcome="eligible")}, "session": "s"}


def _decision(world, dossier):
    return {
        "signer": helpers.chair_of(world, dossier),
        "awarded": [n.pk for n in dossier.nominations.all()],
        "decision": "12/QĐ-UBND",
    }


def _other_reviewer(world, dossier):
    return {"assignee": world.other_reviewer if helpers.in_other_commune(world, dossier) else world.canbovhxh}


def _revocation(world, dossier):
    return {
        "reason": "Khai man thành tích", "legal_ground": "Điểm a khoản 2 Điều 94 Luật Thi đua, khen thưởng 2022",
        "decision": "30/QĐ-UBND", "nominations": [n.pk for n in dossier.nominations.all()],
    }


@dataclass(frozen=True)
class Case:
    action: str
    source: str
    target: str
    route: str
    data: Callable
    # personas allowed in scopes own_unit, other_unit, other_commune
    allowed: tuple


REVIEWERS = {"canbovhxh", "vhxh"}
ASSIGNEE = {"canbovhxh"}  # canbovhxh took every dossier of the commune; other_reviewer those of the other one

CASES = {
    "submit": Case(Action.SUBMIT, S.DRAFT, S.SUBMITTED, "council", _nothing,
                   ({"thcs", "thcs_head"}, {"doantn"}, {"other_officer"})),
    "withdraw": Case(Action.WITHDRAW, S.SUBMITTED, S.WITHDRAWN, "council", _reason,
                     ({"thcs_head"}, {"doantn"}, {"other_officer"})),
    "take": Case(Action.TAKE, S.SUBMITTED, S.IN_REVIEW, "council", _nothing,
                 (REVIEWERS, REVIEWERS, {"other_reviewer"})),
    "return_for_revision": Case(Action.RETURN_FOR_REVISION, S.IN_REVIEW, S.RETURNED, "council", _reason,
                                (ASSIGNEE, ASSIGNEE, {"other_reviewer"})),
    "post_publicly": Case(Action.POST_PUBLICLY, S.IN_REVIEW, S.POSTED, "posting", _nothing,
                          (ASSIGNEE, ASSIGNEE, {"other_reviewer"})),
    # The council secretary (vhxh holds manage_council) may put any dossier on the agenda.
    "forward_to_council": Case(Action.FORWARD_TO_COUNCIL, S.IN_REVIEW, S.COUNCIL, "council", _nothing,
                               (REVIEWERS, REVIEWERS, {"other_reviewer"})),
    "forward_to_chair": Case(Action.FORWARD_TO_CHAIR, S.IN_REVIEW, S.AWAITING_DECISION, "chair", _nothing,
                             (ASSIGNEE, ASSIGNEE, {"other_reviewer"})),
    "send_back": Case(Action.SEND_BACK, S.AWAITING_DECISION, S.IN_REVIEW, "chair", _reason,
                      ({"chutich"}, {"chutich"}, {"other_chair"})),
    "reject_in_review": Case(Action.REJECT, S.IN_REVIEW, S.REJECTED, "council", _reason,
                             (ASSIGNEE, ASSIGNEE, {"other_reviewer"})),
    "reject_awaiting_decision": Case(Action.REJECT, S.AWAITING_DECISION, S.REJECTED, "chair", _reason,
                                     ({"chutich"}, {"chutich"}, {"other_chair"})),
    "suspend": Case(Action.SUSPEND, S.IN_REVIEW, S.SUSPENDED, "council", _open_complaint,
                    (REVIEWERS, REVIEWERS, {"other_reviewer"})),
    "resume": Case(Action.RESUME, S.SUSPENDED, S.IN_REVIEW, "council", _nothing,
                   (REVIEWERS, REVIEWERS, {"other_reviewer"})),
    "assess_nomination": Case(Action.ASSESS_NOMINATION, S.IN_REVIEW, S.IN_REVIEW, "council", _first_nomination,
                              (ASSIGNEE, ASSIGNEE, {"other_reviewer"})),
    # Work items (DESIGN §7): only the head of the office gives a dossier to a reviewer; the assignee or the
    # head puts it back in the queue.
    "reassign": Case(Action.REASSIGN, S.SUBMITTED, S.IN_REVIEW, "council", _other_reviewer,
                     ({"vhxh"}, {"vhxh"}, set())),
    "unassign": Case(Action.UNASSIGN, S.IN_REVIEW, S.SUBMITTED, "council", _nothing,
                     ({"canbovhxh", "vhxh"}, {"canbovhxh", "vhxh"}, {"other_reviewer"})),
    "close_vote": Case(Action.CLOSE_VOTE, S.COUNCIL, S.AWAITING_DECISION, "council", _results,
                       ({"SYSTEM"}, {"SYSTEM"}, {"SYSTEM"})),
    "decide": Case(Action.DECIDE, S.AWAITING_DECISION, S.DECIDED, "chair", _decision,
                   ({"SYSTEM"}, {"SYSTEM"}, {"SYSTEM"})),
    "revoke": Case(Action.REVOKE, S.DECIDED, S.REVOKED, "chair", _revocation,
                   ({"SYSTEM"}, {"SYSTEM"}, {"SYSTEM"})),
}
SYSTEM_CASES = {"close_vote", "decide", "revoke"}
ASSIGNEE_CASES = {"return_for_revision", "post_publicly", "forward_to_chair", "reject_in_review", "assess_nomination"}


def _build(world, case: Case, unit):
    dossier = helpers.make(world, unit=unit, route=case.route)
    if case.action == Action.RESUME:
        helpers.to_state(world, dossier, S.SUSPENDED)
        helpers.settle(world, dossier.complaints.get())
    else:
        helpers.to_state(world, dossier, case.source)
    if case.action == Action.SUSPEND:
        helpers.complain(world, dossier)
    assert dossier.state == case.source
    return dossier.pk


@pytest.fixture(scope="module")
def matrix(django_db_setup, django_db_blocker):
    """One World and one dossier per (case, scope), built once and rolled back after the module."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            world = helpers.extend(World())
            dossiers = {
                (name, scope): _build(world, case, getattr(world, unit))
                for name, case in CASES.items()
                for scope, unit in SCOPES.items()
            }
            yield world, dossiers
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _expected_refusal(name: str, persona: str, scope: str) -> str:
    if name in SYSTEM_CASES and persona != "SYSTEM":
        return SYSTEM_ONLY
    if name in ASSIGNEE_CASES and persona == "vhxh" and scope != "other_commune":
        return NOT_ASSIGNEE  # vhxh holds review_for_commune but did not take the dossier
    return NO_RIGHT


def _cell_id(name, persona, i, scope):
    verdict = "can" if persona in CASES[name].allowed[i] else "cannot"
    return f"{persona}-{verdict}-{name}-{scope}"


CELLS = [
    pytest.param(name, persona, scope, id=_cell_id(name, persona, i, scope))
    for name in CASES
    for persona in PERSONAS
    for i, scope in enumerate(SCOPES)
]


@pytest.mark.parametrize(("name", "persona", "scope"), CELLS)
def test_permission_matrix(matrix, db, name, persona, scope):
    world, dossiers = matrix
    case = CASES[name]
    dossier = Dossier.objects.get(pk=dossiers[name, scope])
    actor = SYSTEM if persona == "SYSTEM" else getattr(world, persona)
    data = case.data(world, dossier)
    before = snapshot(dossier)
    allowed = persona in case.allowed[list(SCOPES).index(scope)]

    # The UI shows exactly what perform allows (DESIGN §5): the list agrees with the cell.
    if case.action == Action.ASSESS_NOMINATION:
        listed = can_assess(dossier, actor)
    else:
        listed = case.action in {a.action for a in available_actions(dossier, actor)}
    assert listed == (allowed and persona != "SYSTEM")

    if allowed:
        event = perform(dossier, case.action, actor, **data)
        assert (event.action, event.from_state, event.to_state) == (case.action, case.source, case.target)
        assert event.actor_id == (None if actor is SYSTEM else actor.pk)
        assert dossier.state == case.target
        assert dossier.version == before.version + 1
        assert AuditEvent.objects.count() == before.events + 1
    else:
        with pytest.raises(ActionNotAllowed) as refused:
            perform(dossier, case.action, actor, **data)
        assert _expected_refusal(name, persona, scope) in reasons_of(refused)
        assert refused.value.http_status == 403
        assert_unchanged(dossier, before)


def test_matrix_covers_every_action():
    """Every action of the state machine has a row; reject has one per source state."""
    assert {c.action for c in CASES.values()} == set(Action.values)
