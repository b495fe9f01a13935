"""An action is legal only from its source states (DESIGN §4 table, "from -> to").

Asked from another state by someone who holds the right, the engine refuses with GuardFailed naming
the action and the current state in Vietnamese, and changes nothing. Someone without the right learns
nothing about the state: ActionNotAllowed (deny by default, STYLE §1).
"""

import pytest

from dossiers.models import DossierState
from tests.workflow import helpers
from tests.workflow.helpers import refused
from workflow.engine import SYSTEM, Action, ActionNotAllowed, GuardFailed, perform

S = DossierState
DATA = {"reason": "Lý do", "complaint": 0, "nomination": 0, "eligible": True, "results": {}, "awarded": [1],
        "decision": "1/QĐ-UBND", "legal_ground": "Điều 94", "nominations": [1]}

WRONG = [
    # action, actor, state, route, action label, state label
    (Action.SUBMIT, "thcs", S.IN_REVIEW, "council", "Trình hồ sơ", "Đang thẩm định"),
    (Action.SUBMIT, "thcs", S.REJECTED, "council", "Trình hồ sơ", "Không khen thưởng"),
    (Action.WITHDRAW, "thcs_head", S.DRAFT, "council", "Rút hồ sơ", "Dự thảo"),
    (Action.TAKE, "canbovhxh", S.DRAFT, "council", "Nhận thẩm định", "Dự thảo"),
    (Action.RETURN_FOR_REVISION, "canbovhxh", S.SUBMITTED, "council", "Trả lại để bổ sung", "Đã trình"),
    (Action.POST_PUBLICLY, "canbovhxh", S.POSTED, "posting", "Niêm yết công khai", "Đang công khai"),
    (Action.FORWARD_TO_COUNCIL, "canbovhxh", S.COUNCIL, "council", "Chuyển Hội đồng xét", "Chờ Hội đồng xét"),
    (Action.FORWARD_TO_CHAIR, "canbovhxh", S.SUBMITTED, "chair", "Trình Chủ tịch quyết định", "Đã trình"),
    (Action.SEND_BACK, "chutich", S.IN_REVIEW, "chair", "Gửi lại để thẩm định", "Đang thẩm định"),
    (Action.REJECT, "chutich", S.DECIDED, "chair", "Không khen thưởng", "Đã có quyết định"),
    (Action.SUSPEND, "canbovhxh", S.SUSPENDED, "council", "Tạm dừng xử lý", "Tạm dừng"),
    (Action.RESUME, "canbovhxh", S.IN_REVIEW, "council", "Tiếp tục xử lý", "Đang thẩm định"),
    (Action.ASSESS_NOMINATION, "canbovhxh", S.AWAITING_DECISION, "chair", "Đánh giá điều kiện người được đề nghị",
     "Chờ quyết định"),
    (Action.CLOSE_VOTE, "SYSTEM", S.IN_REVIEW, "council", "Kết thúc biểu quyết", "Đang thẩm định"),
    (Action.DECIDE, "SYSTEM", S.DECIDED, "chair", "Quyết định khen thưởng", "Đã có quyết định"),
    (Action.REVOKE, "SYSTEM", S.REVOKED, "chair", "Hủy bỏ quyết định", "Đã hủy quyết định"),
]


def _actor(world, name):
    return SYSTEM if name == "SYSTEM" else getattr(world, name)


@pytest.mark.parametrize(("action", "actor", "state", "route", "action_label", "state_label"), WRONG,
                         ids=[f"{w[1]}-{w[0]}-from-{w[2]}" for w in WRONG])
def test_rights_holder_cannot_act_from_wrong_state(world, action, actor, state, route, action_label, state_label):
    dossier = helpers.to_state(world, helpers.make(world, route=route), state, passed=False)
    reasons = refused(GuardFailed, dossier, action, _actor(world, actor), **DATA)
    assert f"Không thể «{action_label}» khi hồ sơ đang ở trạng thái «{state_label}»." in reasons


RIGHT = [
    (Action.SUBMIT, "thcs", S.DRAFT, "council", S.SUBMITTED),
    (Action.TAKE, "canbovhxh", S.SUBMITTED, "council", S.IN_REVIEW),
    (Action.SEND_BACK, "chutich", S.AWAITING_DECISION, "chair", S.IN_REVIEW),
    (Action.RESUME, "canbovhxh", S.SUSPENDED, "council", S.IN_REVIEW),
]


@pytest.mark.parametrize(("action", "actor", "state", "route", "target"), RIGHT, ids=[f"{r[1]}-{r[0]}" for r in RIGHT])
def test_rights_holder_can_act_from_source_state(world, action, actor, state, route, target):
    dossier = helpers.to_state(world, helpers.make(world, route=route), state)
    if action == Action.RESUME:
        helpers.settle(world, dossier.complaints.get())
    perform(dossier, action, _actor(world, actor), reason="Lý do")
    assert dossier.state == target


NO_RIGHT = [
    (Action.TAKE, "kiemtra", S.DRAFT, "Bạn không có quyền"),
    (Action.SUBMIT, "quantri", S.IN_REVIEW, "Bạn không có quyền"),
    (Action.WITHDRAW, "thcs", S.DRAFT, "Bạn không có quyền"),  # an officer, not the head
    (Action.CLOSE_VOTE, "vhxh", S.IN_REVIEW, "Thao tác này do hệ thống tự thực hiện"),
    (Action.DECIDE, "chutich", S.IN_REVIEW, "Thao tác này do hệ thống tự thực hiện"),
    (Action.SUBMIT, "SYSTEM", S.IN_REVIEW, "Bạn không có quyền"),
    (Action.TAKE, "SYSTEM", S.DRAFT, "Bạn không có quyền"),
]


@pytest.mark.parametrize(("action", "actor", "state", "message"), NO_RIGHT,
                         ids=[f"{n[1]}-{n[0]}-from-{n[2]}" for n in NO_RIGHT])
def test_actor_without_right_cannot_learn_state_from_wrong_state_refusal(world, action, actor, state, message):
    dossier = helpers.to_state(world, helpers.make(world), state)
    reasons = refused(ActionNotAllowed, dossier, action, _actor(world, actor), **DATA)
    assert message in reasons
    assert "trạng thái" not in reasons


def test_reviewer_cannot_perform_unknown_action(world):
    dossier = helpers.to_state(world, helpers.make(world), S.IN_REVIEW)
    assert "Thao tác không hợp lệ." in refused(GuardFailed, dossier, "publish", world.canbovhxh)
