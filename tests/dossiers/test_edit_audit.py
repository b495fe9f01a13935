"""Edits of a dossier's content are audited with a field diff, and only the owning unit edits, only
while the dossier is a draft or returned (DESIGN §3, §10 "data (JSON: diffs, ...)"; §6 administrators
cannot edit dossiers). A refused edit changes nothing.
"""

import pytest

from dossiers import services
from dossiers.models import Dossier, DossierState, Nomination
from tests.workflow import helpers
from tests.workflow.helpers import snapshot
from workflow.engine import ActionNotAllowed, Conflict, GuardFailed
from workflow.models import AuditEvent

S = DossierState


def _last_event(dossier):
    return AuditEvent.objects.filter(stream=dossier.audit_stream).last()


def _refused(error, dossier, call, message):
    before = snapshot(dossier)
    row = Dossier.objects.filter(pk=dossier.pk).values("title", "reference_number", "kind").get()
    nominations = list(Nomination.objects.filter(dossier=dossier).values())
    with pytest.raises(error) as refused:
        call()
    assert message in " ".join(refused.value.reasons)
    assert snapshot(dossier) == before
    assert Dossier.objects.filter(pk=dossier.pk).values("title", "reference_number", "kind").get() == row
    assert list(Nomination.objects.filter(dossier=dossier).values()) == nominations


def test_unit_officer_can_update_dossier_and_the_diff_is_audited(world):
    dossier = world.draft(title="Đề nghị khen thưởng năm 2025")
    before = snapshot(dossier)
    services.dossier_update(dossier=dossier, actor=world.thcs, title="Đề nghị khen thưởng tổng kết năm học",
                            reference_number=" 15/TTr-THCS ", kind="thuong_xuyen")
    event = _last_event(dossier)
    assert (event.action, event.actor_username, event.role) == ("dossier_updated", "thcs", "unit_officer")
    assert event.data == {"changes": {
        "title": ["Đề nghị khen thưởng năm 2025", "Đề nghị khen thưởng tổng kết năm học"],
        "reference_number": ["", "15/TTr-THCS"],
    }}
    fresh = Dossier.objects.get(pk=dossier.pk)
    assert fresh.version == before.version + 1
    assert "tong ket nam hoc" in fresh.search_text


def test_unit_officer_can_save_unchanged_dossier_without_audit_event(world):
    dossier = world.draft()
    before = snapshot(dossier)
    services.dossier_update(dossier=dossier, actor=world.thcs, title=dossier.title)
    assert snapshot(dossier) == before


def test_unit_officer_cannot_update_dossier_with_blank_title(world):
    dossier = world.draft()
    _refused(GuardFailed, dossier, lambda: services.dossier_update(dossier=dossier, actor=world.thcs, title="  "),
             "Vui lòng nhập trích yếu của hồ sơ.")


def test_unit_officer_cannot_update_dossier_with_unknown_kind(world):
    dossier = world.draft()
    _refused(GuardFailed, dossier, lambda: services.dossier_update(dossier=dossier, actor=world.thcs, kind="khac"),
             "Loại hình khen thưởng không hợp lệ.")


def test_unit_officer_can_update_nominee_and_the_diff_is_audited(world):
    dossier = helpers.make(world)
    nomination = dossier.nominations.get()
    services.nomination_update(nomination=nomination, actor=world.thcs, position="Tổ trưởng chuyên môn",
                               achievement_summary="Giáo viên dạy giỏi cấp huyện", award_type=world.giay_khen)
    event = _last_event(dossier)
    assert event.action == "nomination_updated"
    assert event.data == {"nomination": nomination.pk, "changes": {
        "position": ["Giáo viên", "Tổ trưởng chuyên môn"],
        "achievement_summary": ["", "Giáo viên dạy giỏi cấp huyện"],
        "award_type": [world.lao_dong_tien_tien.pk, world.giay_khen.pk],
    }}


def test_unit_officer_cannot_change_nominee_to_award_outside_the_campaign(world):
    dossier = helpers.make(world)
    nomination = dossier.nominations.get()
    world.campaign.award_types.remove(world.giay_khen)
    _refused(GuardFailed, dossier,
             lambda: services.nomination_update(nomination=nomination, actor=world.thcs, award_type=world.giay_khen),
             "«Giấy khen của Chủ tịch UBND xã» không thuộc phong trào của hồ sơ.")


def test_unit_officer_can_edit_returned_dossier(world):
    dossier = helpers.to_state(world, helpers.make(world), S.RETURNED)
    services.dossier_update(dossier=dossier, actor=world.thcs, reference_number="16/TTr-THCS")
    assert _last_event(dossier).data == {"changes": {"reference_number": ["", "16/TTr-THCS"]}}


@pytest.mark.parametrize("state", [S.SUBMITTED, S.IN_REVIEW, S.AWAITING_DECISION, S.DECIDED])
def test_unit_officer_cannot_edit_dossier_outside_draft_or_returned(world, state):
    dossier = helpers.to_state(world, helpers.make(world, route="chair"), state)
    nomination = dossier.nominations.get()
    message = f"Hồ sơ đang ở trạng thái «{S(state).label}», không thể chỉnh sửa."
    _refused(GuardFailed, dossier, lambda: services.dossier_update(dossier=dossier, actor=world.thcs, title="Sửa"),
             message)
    _refused(GuardFailed, dossier,
             lambda: services.nomination_update(nomination=nomination, actor=world.thcs, position="Sửa"), message)


@pytest.mark.parametrize("persona", ["doantn", "canbovhxh", "vhxh", "chutich", "kiemtra", "quantri", "other_officer"])
def test_persona_outside_the_unit_cannot_edit_dossier_or_nominee(world, persona):
    dossier = helpers.make(world)
    nomination = dossier.nominations.get()
    actor = getattr(world, persona)
    _refused(ActionNotAllowed, dossier, lambda: services.dossier_update(dossier=dossier, actor=actor, title="Sửa"),
             "Bạn không có quyền")
    _refused(ActionNotAllowed, dossier,
             lambda: services.nomination_update(nomination=nomination, actor=actor, position="Sửa"),
             "Bạn không có quyền")


def test_unit_officer_cannot_update_from_stale_form(world):
    dossier = world.draft()
    seen = dossier.version
    services.dossier_update(dossier=dossier, actor=world.thcs_head, title="Bản của thủ trưởng")
    _refused(Conflict, dossier,
             lambda: services.dossier_update(dossier=dossier, actor=world.thcs, title="Bản cũ", expected_version=seen),
             "Hồ sơ vừa được người khác thay đổi.")


def test_unit_officer_can_remove_nominee_without_documents(world):
    dossier = world.draft()
    nomination = helpers.add_nominee(world, dossier, name="Trần Văn Bình", documents=False)
    services.nomination_remove(nomination=nomination, actor=world.thcs)
    assert not dossier.nominations.exists()
    assert _last_event(dossier).data["nominee"] == "Trần Văn Bình"


def test_unit_officer_cannot_remove_nominee_with_documents(world):
    dossier = helpers.make(world)
    nomination = dossier.nominations.get()
    _refused(GuardFailed, dossier, lambda: services.nomination_remove(nomination=nomination, actor=world.thcs),
             "Người được đề nghị đã có tài liệu đính kèm; không thể xóa.")
