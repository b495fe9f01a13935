"""withdraw: submitted, in_review, returned -> withdrawn, by the head of the owning unit, with a reason.

Source: DESIGN §4 (withdraw row).
"""

import pytest

from dossiers.models import DossierState
from tests.workflow import helpers
from tests.workflow.helpers import refused
from workflow.engine import Action, ActionNotAllowed, GuardFailed, perform

S = DossierState


@pytest.mark.parametrize("state", [S.SUBMITTED, S.IN_REVIEW, S.RETURNED])
def test_unit_head_can_withdraw_with_reason(world, state):
    dossier = helpers.to_state(world, helpers.make(world), state)
    event = perform(dossier, Action.WITHDRAW, world.thcs_head, reason="Đơn vị xin rút để hoàn thiện năm sau")
    assert dossier.state == S.WITHDRAWN
    assert dossier.assignee is None
    assert event.data["reason"] == "Đơn vị xin rút để hoàn thiện năm sau"


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_unit_head_cannot_withdraw_without_reason(world, reason):
    dossier = helpers.to_state(world, helpers.make(world), S.SUBMITTED)
    data = {} if reason is None else {"reason": reason}
    assert "Vui lòng nêu lý do." in refused(GuardFailed, dossier, Action.WITHDRAW, world.thcs_head, **data)


def test_unit_officer_cannot_withdraw(world):
    """Withdrawing binds the unit: only its head may do it."""
    dossier = helpers.to_state(world, helpers.make(world), S.SUBMITTED)
    reasons = refused(ActionNotAllowed, dossier, Action.WITHDRAW, world.thcs, reason="Xin rút")
    assert "Bạn không có quyền" in reasons


def test_unit_head_cannot_withdraw_once_forwarded_to_council(world):
    dossier = helpers.to_state(world, helpers.make(world), S.COUNCIL)
    reasons = refused(GuardFailed, dossier, Action.WITHDRAW, world.thcs_head, reason="Xin rút")
    assert "Không thể «Rút hồ sơ» khi hồ sơ đang ở trạng thái «Chờ Hội đồng xét»." in reasons
