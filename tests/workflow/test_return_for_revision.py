"""return_for_revision: in_review -> returned, by the assignee reviewer, with the list of what to supplement.

An incomplete dossier gets one written request to supplement (DOMAIN.md §3 and the deadlines table:
"request supplement once (một lần), in writing"): a second return is refused until the reviewer
confirms it (DESIGN §4 "the second return warns").
"""

from dossiers.models import DossierState
from tests.workflow import helpers
from tests.workflow.helpers import refused
from workflow.engine import Action, ActionNotAllowed, GuardFailed, perform

S = DossierState
REPEAT = "quy định chỉ cho phép yêu cầu bổ sung một lần"


def _returned_once(world):
    dossier = helpers.to_state(world, helpers.make(world), S.RETURNED)
    perform(dossier, Action.SUBMIT, world.thcs)
    perform(dossier, Action.TAKE, world.canbovhxh)
    return dossier


def test_assignee_can_return_with_reason(world):
    dossier = helpers.to_state(world, helpers.make(world), S.IN_REVIEW)
    event = perform(dossier, Action.RETURN_FOR_REVISION, world.canbovhxh, reason="Bổ sung biên bản bình xét")
    assert dossier.state == S.RETURNED
    assert dossier.return_count == 1
    assert event.data == {"reason": "Bổ sung biên bản bình xét", "return_count": 1}


def test_assignee_cannot_return_without_reason(world):
    dossier = helpers.to_state(world, helpers.make(world), S.IN_REVIEW)
    reasons = refused(GuardFailed, dossier, Action.RETURN_FOR_REVISION, world.canbovhxh, reason=" ")
    assert "Vui lòng nêu lý do." in reasons
    assert dossier.return_count == 0


def test_reviewer_cannot_return_dossier_taken_by_colleague(world):
    dossier = helpers.to_state(world, helpers.make(world), S.IN_REVIEW)
    reasons = refused(ActionNotAllowed, dossier, Action.RETURN_FOR_REVISION, world.vhxh, reason="Bổ sung")
    assert "Chỉ cán bộ đang thụ lý hồ sơ mới được thực hiện thao tác này." in reasons


def test_assignee_cannot_return_a_second_time_without_confirming(world):
    dossier = _returned_once(world)
    reasons = refused(GuardFailed, dossier, Action.RETURN_FOR_REVISION, world.canbovhxh, reason="Bổ sung lần hai")
    assert "Hồ sơ đã được yêu cầu bổ sung 1 lần" in reasons
    assert REPEAT in reasons
    dossier.refresh_from_db()
    assert dossier.return_count == 1


def test_assignee_can_return_a_second_time_when_confirming(world):
    dossier = _returned_once(world)
    event = perform(dossier, Action.RETURN_FOR_REVISION, world.canbovhxh, reason="Bổ sung lần hai", confirm_repeat=True)
    assert dossier.state == S.RETURNED
    assert dossier.return_count == 2
    assert event.data["return_count"] == 2


def test_the_return_names_the_documents_to_supplement_in_the_catalogue_order(world):
    dossier = helpers.to_state(world, helpers.make(world), S.IN_REVIEW)
    event = perform(dossier, Action.RETURN_FOR_REVISION, world.canbovhxh, reason="Thiếu chữ ký",
                    supplement=["bao_cao_thanh_tich", "bien_ban_binh_xet"])
    assert event.data["supplement"] == ["bien_ban_binh_xet", "bao_cao_thanh_tich"]


def test_an_unknown_document_kind_to_supplement_is_refused(world):
    dossier = helpers.to_state(world, helpers.make(world), S.IN_REVIEW)
    reasons = refused(GuardFailed, dossier, Action.RETURN_FOR_REVISION, world.canbovhxh, reason="Bổ sung",
                      supplement=["giay_khai_sinh"])
    assert "Loại tài liệu cần bổ sung không hợp lệ." in reasons
    assert dossier.state == S.IN_REVIEW
