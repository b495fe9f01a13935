"""revoke (system): decided -> revoked, done by a signed revocation decision.

A revocation names the awards it cancels and states its reason, its legal ground (Luật Thi đua, khen
thưởng 2022 Art. 94) and the revocation decision; cancelling some awards keeps the dossier decided,
cancelling the last one revokes it. Sources: DESIGN §4 (revoke row), §9; DOMAIN.md (Art. 94(2)).
"""

import pytest

from dossiers.models import DossierState, Outcome
from tests.workflow import helpers
from tests.workflow.helpers import refused, results_by_name
from workflow.engine import SYSTEM, Action, ActionNotAllowed, GuardFailed

S = DossierState
HOA, BINH = "Nguyễn Thị Hoa", "Trần Văn Bình"
VALID = {
    "reason": "Khai man thành tích",
    "legal_ground": "Điểm a khoản 2 Điều 94 Luật Thi đua, khen thưởng 2022",
    "decision": "30/QĐ-UBND",
}


def _decided(world, binh="passed"):
    dossier = helpers.to_state(world, helpers.make(world, nominees=(HOA, BINH)), S.COUNCIL)
    helpers.close_vote(dossier, results_by_name(dossier, **{HOA: "passed", BINH: binh}))
    helpers.decide(world, dossier)
    return dossier


def _ids(dossier, *names):
    return [dossier.nominations.get(nominee_name=name).pk for name in names]


def test_system_can_revoke_every_award_and_dossier_is_revoked(world):
    dossier = _decided(world)
    event = helpers.revoke(dossier, _ids(dossier, HOA, BINH))
    assert dossier.state == S.REVOKED
    outcomes = set(dossier.nominations.values_list("outcome", "outcome_reason"))
    assert outcomes == {(Outcome.REVOKED, "Khai man thành tích")}
    assert (event.data["decision"], event.data["legal_ground"]) == (VALID["decision"], VALID["legal_ground"])


def test_system_can_revoke_one_award_and_dossier_stays_decided(world):
    dossier = _decided(world)
    helpers.revoke(dossier, _ids(dossier, BINH))
    assert dossier.state == S.DECIDED
    assert dict(dossier.nominations.values_list("nominee_name", "outcome")) == {
        HOA: Outcome.AWARDED, BINH: Outcome.REVOKED,
    }
    helpers.revoke(dossier, _ids(dossier, HOA), decision="31/QĐ-UBND")
    assert dossier.state == S.REVOKED


@pytest.mark.parametrize(("missing", "message"), [
    ("reason", "Vui lòng nêu lý do hủy bỏ."),
    ("legal_ground", "Vui lòng nêu căn cứ hủy bỏ (Điều 94 Luật Thi đua, khen thưởng 2022)."),
    ("decision", "Thiếu số, ký hiệu của quyết định hủy bỏ."),
])
def test_system_cannot_revoke_without(world, missing, message):
    dossier = _decided(world)
    data = {**VALID, missing: ""}
    reasons = refused(GuardFailed, dossier, Action.REVOKE, SYSTEM, nominations=_ids(dossier, HOA), **data)
    assert message in reasons


def test_system_cannot_revoke_without_naming_awards(world):
    dossier = _decided(world)
    reasons = refused(GuardFailed, dossier, Action.REVOKE, SYSTEM, nominations=[], **VALID)
    assert "Chưa chọn khen thưởng nào bị hủy bỏ." in reasons


def test_system_cannot_revoke_nominee_who_was_not_awarded(world):
    dossier = _decided(world, binh="failed")
    reasons = refused(GuardFailed, dossier, Action.REVOKE, SYSTEM, nominations=_ids(dossier, BINH), **VALID)
    assert f"{BINH} không thể bị hủy khen thưởng (kết quả hiện tại: Hội đồng không thông qua)." in reasons


def test_system_cannot_revoke_dossier_not_decided(world):
    dossier = helpers.to_state(world, helpers.make(world, route="chair"), S.AWAITING_DECISION)
    reasons = refused(GuardFailed, dossier, Action.REVOKE, SYSTEM, nominations=_ids(dossier, HOA), **VALID)
    assert "Không thể «Hủy bỏ quyết định» khi hồ sơ đang ở trạng thái «Chờ quyết định»." in reasons


def test_chair_cannot_revoke_directly(world):
    dossier = _decided(world)
    reasons = refused(ActionNotAllowed, dossier, Action.REVOKE, world.chutich, nominations=_ids(dossier, HOA), **VALID)
    assert "Thao tác này do hệ thống tự thực hiện" in reasons
