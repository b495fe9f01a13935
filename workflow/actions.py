"""The actions of the dossier state machine and who may take them (DESIGN §4)."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from dossiers.models import DossierState as S
from roles.catalog import Perm
from roles.models import Role


class Action(models.TextChoices):
    SUBMIT = "submit", _("Trình hồ sơ")
    WITHDRAW = "withdraw", _("Rút hồ sơ")
    TAKE = "take", _("Nhận thẩm định")
    RETURN_FOR_REVISION = "return_for_revision", _("Trả lại để bổ sung")
    POST_PUBLICLY = "post_publicly", _("Niêm yết công khai")
    FORWARD_TO_COUNCIL = "forward_to_council", _("Chuyển Hội đồng xét")
    FORWARD_TO_CHAIR = "forward_to_chair", _("Trình Chủ tịch quyết định")
    CLOSE_VOTE = "close_vote", _("Kết thúc biểu quyết")
    SEND_BACK = "send_back", _("Gửi lại để thẩm định")
    REJECT = "reject", _("Không khen thưởng")
    DECIDE = "decide", _("Quyết định khen thưởng")
    SUSPEND = "suspend", _("Tạm dừng xử lý")
    RESUME = "resume", _("Tiếp tục xử lý")
    REVOKE = "revoke", _("Hủy bỏ quyết định")
    ASSESS_NOMINATION = "assess_nomination", _("Đánh giá điều kiện người được đề nghị")
    # Work items (DESIGN §7): the head of the office gives a dossier to a reviewer or back to the queue.
    REASSIGN = "reassign", _("Giao cán bộ thụ lý")
    UNASSIGN = "unassign", _("Trả về hàng chờ nhận")


UNIT, COMMUNE = "unit", "commune"


@dataclass(frozen=True)
class Right:
    """A permission, held on the dossier's unit or commune, that allows an action in some states."""

    permission: str
    scope: str
    states: frozenset | None = None  # None: every source state of the action
    assignee_only: bool = False  # only the reviewer who took the dossier
    reviews: bool = False  # a review act: refused to whoever created or submitted the dossier
    role: str | None = None  # only while the actor holds this whole role on the organisation


@dataclass(frozen=True)
class ActionSpec:
    action: str
    sources: frozenset
    rights: tuple[Right, ...] = ()
    system: bool = False
    needs_reason: bool = False


def _states(*states):
    return frozenset(states)


_REVIEWER_ON_CASE = Right(Perm.REVIEW_FOR_COMMUNE, COMMUNE, assignee_only=True, reviews=True)
_OFFICE_HEAD = Right(Perm.REVIEW_FOR_COMMUNE, COMMUNE, reviews=True, role=Role.OFFICE_HEAD)

SPECS: dict[str, ActionSpec] = {
    spec.action: spec
    for spec in [
        ActionSpec(Action.SUBMIT, _states(S.DRAFT, S.RETURNED), (Right(Perm.PROPOSE_FOR_UNIT, UNIT),)),
        ActionSpec(
            Action.WITHDRAW,
            _states(S.SUBMITTED, S.IN_REVIEW, S.RETURNED),
            (Right(Perm.LEAD_UNIT, UNIT),),
            needs_reason=True,
        ),
        ActionSpec(Action.TAKE, _states(S.SUBMITTED), (Right(Perm.REVIEW_FOR_COMMUNE, COMMUNE, reviews=True),)),
        ActionSpec(Action.RETURN_FOR_REVISION, _states(S.IN_REVIEW), (_REVIEWER_ON_CASE,), needs_reason=True),
        ActionSpec(Action.POST_PUBLICLY, _states(S.IN_REVIEW), (_REVIEWER_ON_CASE,)),
        ActionSpec(
            Action.FORWARD_TO_COUNCIL,
            _states(S.IN_REVIEW, S.POSTED),
            (_REVIEWER_ON_CASE, Right(Perm.MANAGE_COUNCIL, COMMUNE, reviews=True)),
        ),
        ActionSpec(Action.FORWARD_TO_CHAIR, _states(S.IN_REVIEW, S.POSTED), (_REVIEWER_ON_CASE,)),
        ActionSpec(Action.CLOSE_VOTE, _states(S.COUNCIL), system=True),
        ActionSpec(
            Action.SEND_BACK,
            _states(S.AWAITING_DECISION),
            (Right(Perm.DECIDE_FOR_COMMUNE, COMMUNE),),
            needs_reason=True,
        ),
        ActionSpec(
            Action.REJECT,
            _states(S.IN_REVIEW, S.AWAITING_DECISION),
            (
                Right(Perm.REVIEW_FOR_COMMUNE, COMMUNE, states=_states(S.IN_REVIEW), assignee_only=True, reviews=True),
                Right(Perm.DECIDE_FOR_COMMUNE, COMMUNE, states=_states(S.AWAITING_DECISION)),
            ),
            needs_reason=True,
        ),
        ActionSpec(Action.DECIDE, _states(S.AWAITING_DECISION), system=True),
        ActionSpec(
            Action.SUSPEND,
            _states(S.SUBMITTED, S.IN_REVIEW, S.POSTED, S.COUNCIL, S.AWAITING_DECISION),
            (Right(Perm.REVIEW_FOR_COMMUNE, COMMUNE, reviews=True),),
            needs_reason=True,
        ),
        ActionSpec(Action.RESUME, _states(S.SUSPENDED), (Right(Perm.REVIEW_FOR_COMMUNE, COMMUNE, reviews=True),)),
        ActionSpec(Action.REVOKE, _states(S.DECIDED), system=True),
        ActionSpec(Action.ASSESS_NOMINATION, _states(S.IN_REVIEW), (_REVIEWER_ON_CASE,)),
        ActionSpec(Action.REASSIGN, _states(S.SUBMITTED, S.IN_REVIEW, S.POSTED), (_OFFICE_HEAD,)),
        ActionSpec(
            Action.UNASSIGN,
            _states(S.IN_REVIEW),
            (Right(Perm.REVIEW_FOR_COMMUNE, COMMUNE, assignee_only=True, reviews=True), _OFFICE_HEAD),
        ),
    ]
}
