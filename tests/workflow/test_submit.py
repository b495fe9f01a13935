"""submit: draft, returned -> submitted, by an officer or head of the owning unit.

Guards (DESIGN §4): at least one nomination; the documents each award type requires for the
commendation kind are present (DOMAIN.md §3.2, the required component matrix: full báo cáo thành tích
for thường xuyên, tóm tắt thành tích for đột xuất); the campaign is open unless the commendation is
đột xuất; every award belongs to the campaign and its rule is in force (DESIGN §3 "rules are data with
effective dates").
"""

import datetime

from django.utils import timezone

from dossiers import services as dossier_services
from dossiers.models import DocumentKind, DossierState
from tests.conftest import pdf_upload
from tests.workflow import helpers
from tests.workflow.helpers import refused
from workflow.engine import Action, ActionNotAllowed, GuardFailed, available_actions, perform
from workflow.models import AuditEvent

S = DossierState


def _yesterday():
    return timezone.localdate() - datetime.timedelta(days=1)


def test_unit_officer_can_submit_complete_dossier(world):
    dossier = helpers.make(world)
    event = perform(dossier, Action.SUBMIT, world.thcs)
    assert dossier.state == S.SUBMITTED
    assert dossier.submitted_at is not None
    assert dossier.rules_as_of == timezone.localdate()
    assert (event.from_state, event.to_state, event.role) == (S.DRAFT, S.SUBMITTED, "unit_officer")


def test_unit_officer_cannot_submit_dossier_without_nominations(world):
    dossier = world.draft()
    reasons = refused(GuardFailed, dossier, Action.SUBMIT, world.thcs)
    assert "Hồ sơ chưa có người hoặc tập thể nào được đề nghị." in reasons


def test_unit_officer_cannot_submit_dossier_missing_its_own_documents(world):
    """Tờ trình, danh sách and biên bản bình xét belong to the dossier as a whole."""
    dossier = world.draft()
    helpers.add_nominee(world, dossier, name="Nguyễn Thị Hoa")
    helpers.upload(world, dossier, "danh_sach")
    reasons = refused(GuardFailed, dossier, Action.SUBMIT, world.thcs)
    assert "Thiếu «Tờ trình» của hồ sơ." in reasons
    assert "Thiếu «Biên bản bình xét» của hồ sơ." in reasons
    assert "Danh sách" not in reasons


def test_unit_officer_cannot_submit_when_one_nominee_lacks_achievement_report(world):
    """The reason names the nominee whose báo cáo thành tích is missing, and only them."""
    dossier = helpers.make(world, nominees=("Nguyễn Thị Hoa",))
    helpers.add_nominee(world, dossier, name="Trần Văn Bình", documents=False)
    reasons = refused(GuardFailed, dossier, Action.SUBMIT, world.thcs)
    assert "Thiếu «Báo cáo thành tích» của Trần Văn Bình." in reasons
    assert "Nguyễn Thị Hoa" not in reasons


def test_unit_officer_can_submit_once_missing_report_is_uploaded(world):
    dossier = helpers.make(world, nominees=("Nguyễn Thị Hoa",))
    nomination = helpers.add_nominee(world, dossier, name="Trần Văn Bình", documents=False)
    helpers.upload(world, dossier, "bao_cao_thanh_tich", nomination=nomination)
    perform(dossier, Action.SUBMIT, world.thcs)
    assert dossier.state == S.SUBMITTED


def test_unit_officer_cannot_submit_with_report_attached_to_another_nominee(world):
    """A nominee's document counts for that nominee only."""
    dossier = helpers.make(world, nominees=("Nguyễn Thị Hoa",))
    helpers.add_nominee(world, dossier, name="Trần Văn Bình", documents=False)
    hoa = dossier.nominations.get(nominee_name="Nguyễn Thị Hoa")
    helpers.upload(world, dossier, "bao_cao_thanh_tich", nomination=hoa)
    assert "Thiếu «Báo cáo thành tích» của Trần Văn Bình." in refused(GuardFailed, dossier, Action.SUBMIT, world.thcs)


def test_unit_officer_can_submit_ad_hoc_dossier_with_summary_instead_of_report(world):
    """Đột xuất: tờ trình and tóm tắt thành tích are enough (required documents depend on the kind)."""
    dossier = world.draft(campaign=world.ad_hoc_campaign, kind="dot_xuat")
    nomination = helpers.add_nominee(world, dossier, name="Nguyễn Thị Hoa", documents=False)
    helpers.upload(world, dossier, "to_trinh")
    helpers.upload(world, dossier, "tom_tat_thanh_tich", nomination=nomination)
    perform(dossier, Action.SUBMIT, world.thcs)
    assert dossier.state == S.SUBMITTED


def test_unit_officer_cannot_submit_ad_hoc_dossier_without_summary(world):
    dossier = world.draft(campaign=world.ad_hoc_campaign, kind="dot_xuat")
    nomination = helpers.add_nominee(world, dossier, name="Nguyễn Thị Hoa", documents=False)
    helpers.upload(world, dossier, "to_trinh")
    helpers.upload(world, dossier, "bao_cao_thanh_tich", nomination=nomination)
    reasons = refused(GuardFailed, dossier, Action.SUBMIT, world.thcs)
    assert "Thiếu «Tóm tắt thành tích» của Nguyễn Thị Hoa." in reasons


def test_unit_officer_can_submit_on_the_deadline_day(world):
    dossier = helpers.make(world)
    world.campaign.submission_deadline = timezone.localdate()
    world.campaign.save()
    perform(dossier, Action.SUBMIT, world.thcs)
    assert dossier.state == S.SUBMITTED


def test_unit_officer_cannot_submit_after_campaign_deadline(world):
    dossier = helpers.make(world)
    world.campaign.submission_deadline = _yesterday()
    world.campaign.save()
    reasons = refused(GuardFailed, dossier, Action.SUBMIT, world.thcs)
    assert f"Phong trào «{world.campaign.name}» đã hết hạn nhận hồ sơ." in reasons


def test_unit_officer_can_submit_ad_hoc_dossier_after_campaign_deadline(world):
    """Đột xuất commendation is not bound to the round's deadline."""
    dossier = helpers.make(world, route="chair")
    world.ad_hoc_campaign.submission_deadline = _yesterday()
    world.ad_hoc_campaign.save()
    perform(dossier, Action.SUBMIT, world.thcs)
    assert dossier.state == S.SUBMITTED


def test_unit_officer_cannot_submit_award_not_in_campaign(world):
    """The campaign's award list changed after the nominee was added."""
    dossier = helpers.make(world)
    world.campaign.award_types.remove(world.lao_dong_tien_tien)
    reasons = refused(GuardFailed, dossier, Action.SUBMIT, world.thcs)
    assert "«Lao động tiên tiến» không thuộc phong trào này (Nguyễn Thị Hoa)." in reasons


def test_unit_officer_cannot_submit_award_whose_rule_expired(world):
    dossier = helpers.make(world)
    world.lao_dong_tien_tien.valid_to = _yesterday()
    world.lao_dong_tien_tien.save()
    reasons = refused(GuardFailed, dossier, Action.SUBMIT, world.thcs)
    assert "Quy định về «Lao động tiên tiến» không còn hiệu lực." in reasons


def test_unit_officer_can_resubmit_returned_dossier(world):
    dossier = helpers.to_state(world, helpers.make(world), S.RETURNED)
    perform(dossier, Action.SUBMIT, world.thcs)
    assert dossier.state == S.SUBMITTED
    assert dossier.assignee is None  # the office takes it again


def test_unit_head_can_submit_for_own_unit(world):
    dossier = helpers.make(world)
    perform(dossier, Action.SUBMIT, world.thcs_head)
    assert AuditEvent.objects.filter(stream=dossier.audit_stream, action="submit", actor_id=world.thcs_head.pk).exists()


def test_unit_head_cannot_submit_for_another_unit(world):
    dossier = helpers.make(world)
    assert "Bạn không có quyền" in refused(ActionNotAllowed, dossier, Action.SUBMIT, world.doantn)


def test_campaign_membership_read_with_the_lock_refuses_what_the_plain_guard_refuses(world):
    """The engine answers "is the award in this campaign?" on the nominations it locks (one query less); the
    page's guard asks the campaign. Both name the same nominee, and only that one: the other campaigns that
    still list the award do not count."""
    dossier = world.ready(award=world.lao_dong_tien_tien)
    world.complete(dossier, award=world.giay_khen, nominees=("Trần Văn Nam",))
    world.campaign.award_types.remove(world.giay_khen)
    assert world.ad_hoc_campaign.award_types.filter(pk=world.giay_khen.pk).exists()
    reasons = refused(GuardFailed, dossier, Action.SUBMIT, world.thcs)
    (shown,) = [a for a in available_actions(dossier, world.thcs) if a.action == Action.SUBMIT]
    not_in_campaign = [r for r in shown.blocked_reasons if "không thuộc phong trào" in r]
    assert not_in_campaign == ["«Giấy khen của Chủ tịch UBND xã» không thuộc phong trào này (Trần Văn Nam)."]
    assert all(reason in reasons for reason in shown.blocked_reasons)
    assert reasons.count("không thuộc phong trào") == 1


def test_a_document_replaced_by_another_kind_no_longer_counts_for_the_engine_nor_the_page(world):
    """The engine learns "replaced by a newer version?" with the list of documents; the page asks each one.
    A dossier document replaced by a version of another kind leaves its own kind missing for both."""
    dossier = helpers.make(world)
    document = dossier.attachments.filter(nomination__isnull=True).order_by("kind").first()
    dossier_services.attachment_upload(dossier=dossier, actor=world.thcs, kind=DocumentKind.OTHER,
                                       upload=pdf_upload(), replaces=document)
    dossier.refresh_from_db()
    missing = f"Thiếu «{DocumentKind(document.kind).label}» của hồ sơ."
    assert missing in refused(GuardFailed, dossier, Action.SUBMIT, world.thcs)
    (shown,) = [a for a in available_actions(dossier, world.thcs) if a.action == Action.SUBMIT]
    assert shown.blocked_reasons == [missing]
