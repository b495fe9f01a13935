"""`manage.py seed_demo` builds the demo commune of DESIGN §12 and SCENARIO.md through the real services.

One seed per module (it takes a few seconds): the data is built once inside an outer transaction that is
rolled back at the end; each test runs in its own savepoint on top of it.
"""

import io
import re
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from dossiers.models import (
    Attachment,
    AwardType,
    Campaign,
    CommendationKind,
    Complaint,
    ComplaintStatus,
    DocumentKind,
    Dossier,
    DossierState,
    Nomination,
    Outcome,
    ThresholdBase,
    VoteMethod,
)
from dossiers.uploads import PDF, detect
from roles.catalog import ADMINISTRATORS_GROUP, Perm
from roles.models import Delegation, Membership, Organization, OrganizationUserObjectPermission, Person, Role
from workflow import authority, verification
from workflow.engine import Action, available_actions, perform
from workflow.models import AuditCheckpoint, AuditEvent

DESIGN_ACCOUNTS = [
    "chutich", "phochutich", "vhxh", "canbovhxh", "vanthu", "kiemtra", "quantri", "doantn", "hoiphunu", "thcs",
    "tramyte", "hoidong1", "hoidong2", "hoidong3", "hoidong4", "hoidong5", "hoidong6",
]
EVERY_STATE_BUT_REVOKED = set(DossierState.values) - {DossierState.REVOKED}


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            out = io.StringIO()
            call_command("seed_demo", force=True, stdout=out)
            yield out.getvalue()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def output(seeded, db):
    return seeded


def user(username):
    return get_user_model().objects.get(username=username)


def dossier_of(unit_code, state, campaign_kind=None):
    dossiers = Dossier.objects.filter(unit__code=unit_code, state=state)
    if campaign_kind:
        dossiers = dossiers.filter(campaign__kind=campaign_kind)
    return dossiers.get()


def counts():
    models = [Organization, Person, Membership, Delegation, AwardType, Campaign, Dossier, Nomination, Attachment,
              Complaint, AuditEvent, AuditCheckpoint, OrganizationUserObjectPermission, get_user_model(), Group]
    return {model.__name__: model.objects.count() for model in models}


def test_seed_creates_the_commune_of_the_plan(output):
    commune = Organization.objects.get(kind="commune", code="UBND")
    assert commune.name == "UBND xã Nguyễn Lương Bằng"
    assert commune.place_name == "Nguyễn Lương Bằng"
    units = set(Organization.objects.filter(commune=commune, kind="unit").values_list("name", flat=True))
    assert {"Phòng Văn hóa - Xã hội", "Đoàn TNCS Hồ Chí Minh xã", "Hội Liên hiệp Phụ nữ xã", "Trạm Y tế xã",
            "Trường THCS Nguyễn Lương Bằng", "Thôn Thanh Liễu"} <= units
    blocks = Organization.objects.filter(commune=commune, kind="block")
    assert blocks.count() >= 2
    assert all(b.members.exists() for b in blocks)


def test_seed_creates_every_demo_account_of_design_12(output):
    usernames = set(get_user_model().objects.values_list("username", flat=True))
    assert set(DESIGN_ACCOUNTS) <= usernames
    for username in DESIGN_ACCOUNTS:
        assert username in output
    assert "vinhdanh2025" in output
    assert user("chutich").get_full_name() == "Bùi Trọng Thược"
    assert Person.objects.get(user=user("chutich")).full_name == "Bùi Trọng Thược"
    assert user("chutich").check_password("vinhdanh2025")


@pytest.mark.parametrize(
    ("username", "roles"),
    [
        ("chutich", {Role.CHAIR, Role.COUNCIL_MEMBER}),
        ("phochutich", {Role.VICE_CHAIR, Role.COUNCIL_MEMBER}),
        ("vhxh", {Role.OFFICE_HEAD, Role.COUNCIL_MEMBER, Role.COUNCIL_SECRETARY}),
        ("canbovhxh", {Role.REVIEWER}),
        ("vanthu", {Role.CLERK}),
        ("kiemtra", {Role.AUDITOR}),
        ("quantri", set()),
        ("doantn", {Role.UNIT_HEAD}),
        ("hoiphunu", {Role.UNIT_HEAD}),
        ("thcs", {Role.UNIT_HEAD}),
        ("tramyte", {Role.UNIT_HEAD}),
        ("hoidong6", {Role.COUNCIL_MEMBER}),
    ],
)
def test_demo_account_holds_exactly_its_roles(output, username, roles):
    assert set(Membership.objects.filter(user__username=username).values_list("role", flat=True)) == roles


@pytest.mark.parametrize(
    ("username", "unit"),
    [("doantn", "Đoàn TNCS Hồ Chí Minh xã"), ("hoiphunu", "Hội Liên hiệp Phụ nữ xã"),
     ("thcs", "Trường THCS Nguyễn Lương Bằng"), ("tramyte", "Trạm Y tế xã")],
)
def test_unit_account_may_propose_for_its_unit_only(output, username, unit):
    unit = Organization.objects.get(name=unit)
    granted = OrganizationUserObjectPermission.objects.filter(user__username=username)
    assert set(granted.values_list("content_object__name", flat=True)) == {unit.name}
    assert {Perm.PROPOSE_FOR_UNIT, Perm.LEAD_UNIT} == set(granted.values_list("permission__codename", flat=True))


def test_council_has_nine_members(output):
    members = Membership.objects.filter(role=Role.COUNCIL_MEMBER).values_list("user__username", flat=True)
    assert sorted(members) == sorted(["chutich", "phochutich", "vhxh"] + [f"hoidong{i}" for i in range(1, 7)])


def test_quantri_is_an_administrator_without_workflow_rights(output):
    quantri = user("quantri")
    assert quantri.is_staff and not quantri.is_superuser
    assert quantri.groups.filter(name=ADMINISTRATORS_GROUP).exists()
    assert not OrganizationUserObjectPermission.objects.filter(user=quantri).exists()
    for dossier in Dossier.objects.all():
        assert available_actions(dossier, quantri) == []


def test_phochutich_decides_for_the_chair_under_a_delegation(output):
    delegation = Delegation.objects.get(delegate__username="phochutich")
    assert delegation.principal.username == "chutich"
    assert delegation.permissions == [Perm.DECIDE_FOR_COMMUNE]
    assert delegation.signing_mode == "KT." and delegation.instrument
    dossier = dossier_of("HLHPN", DossierState.AWAITING_DECISION)
    power = authority.resolve(user("phochutich"), [dossier.commune_id], delegation.valid_from)
    assert not power.has(dossier.commune_id, Perm.DECIDE_FOR_COMMUNE)
    actions = {a.action for a in available_actions(dossier, user("phochutich"))}
    assert {Action.SEND_BACK, Action.REJECT} <= actions


def test_thcs_can_submit_its_complete_draft(output):
    draft = dossier_of("THCS", DossierState.DRAFT)
    submit = next(a for a in available_actions(draft, user("thcs")) if a.action == Action.SUBMIT)
    assert not submit.blocked
    perform(draft, Action.SUBMIT, user("thcs"))
    assert draft.state == DossierState.SUBMITTED


def test_thcs_cannot_act_on_another_units_dossier(output):
    for dossier in Dossier.objects.exclude(unit__code="THCS"):
        assert available_actions(dossier, user("thcs")) == []


def test_canbovhxh_sees_take_on_every_submitted_dossier(output):
    submitted = Dossier.objects.filter(state=DossierState.SUBMITTED)
    assert submitted.exists()
    for dossier in submitted:
        assert Action.TAKE in {a.action for a in available_actions(dossier, user("canbovhxh"))}


def test_the_unfinished_draft_is_blocked_by_its_missing_documents(output):
    draft = dossier_of("TYT", DossierState.DRAFT)
    submit = next(a for a in available_actions(draft, user("tramyte")) if a.action == Action.SUBMIT)
    assert any("Thiếu" in reason for reason in submit.blocked_reasons)


def test_about_twenty_dossiers_cover_every_state_but_revoked(output):
    states = Counter(Dossier.objects.values_list("state", flat=True))
    assert 18 <= sum(states.values()) <= 25
    assert set(states) == EVERY_STATE_BUT_REVOKED


def test_every_dossier_was_created_and_moved_by_the_accounts_the_rules_name(output):
    for dossier in Dossier.objects.select_related("created_by", "unit"):
        events = list(AuditEvent.objects.filter(stream=dossier.audit_stream).order_by("stream_seq"))
        assert events[0].action == "dossier_created"
        assert events[0].actor_username == dossier.created_by.username
        assert events[-1].to_state == dossier.state
        for event in events:
            if event.action in (Action.CLOSE_VOTE, Action.DECIDE):
                assert event.actor_username == "system"
            if event.action == Action.TAKE:
                assert event.actor_username in ("canbovhxh", "vhxh")


def test_thcs_dossier_follows_the_scenario(output):
    """SCENARIO §2-3: 12 LĐTT, 2 CSTĐ, 1 TTLĐTT; returned once for a report, resubmitted, one ineligible."""
    dossier = dossier_of("THCS", DossierState.COUNCIL)
    codes = Counter(dossier.nominations.values_list("award_type__code", flat=True))
    assert codes == {"LDTT": 12, "CSTDCS": 2, "TTLDTT": 1}
    actions = list(AuditEvent.objects.filter(stream=dossier.audit_stream).values_list("action", flat=True))
    assert actions.count(Action.RETURN_FOR_REVISION) == 1
    assert actions.count(Action.SUBMIT) == 2
    returned = AuditEvent.objects.get(stream=dossier.audit_stream, action=Action.RETURN_FOR_REVISION)
    assert "báo cáo thành tích" in returned.data["reason"]
    replaced = Attachment.objects.get(dossier=dossier, supersedes__isnull=False)
    assert replaced.kind == DocumentKind.BAO_CAO_THANH_TICH and replaced.version == 2
    assert replaced.nomination.award_type.code == "CSTDCS"
    assert dossier.nominations.filter(outcome=Outcome.INELIGIBLE).count() == 1
    assert not dossier.nominations.filter(outcome=Outcome.PROPOSED).exists()


def test_doantn_giay_khen_for_three_members_in_the_digital_campaign_is_decided(output):
    dossier = dossier_of("DTN", DossierState.DECIDED)
    assert dossier.campaign.name == "Chuyển đổi số giai đoạn 2021-2025"
    assert dossier.kind == CommendationKind.THEMATIC
    assert list(dossier.nominations.values_list("award_type__code", "outcome")) == [("GKCT", Outcome.AWARDED)] * 3


def test_hoiphunu_ad_hoc_giay_khen_goes_straight_to_the_chair(output):
    dossier = dossier_of("HLHPN", DossierState.AWAITING_DECISION)
    assert dossier.kind == CommendationKind.AD_HOC
    assert set(dossier.attachments.values_list("kind", flat=True)) == {DocumentKind.TO_TRINH,
                                                                      DocumentKind.TOM_TAT_THANH_TICH}
    actions = AuditEvent.objects.filter(stream=dossier.audit_stream).values_list("action", flat=True)
    assert Action.FORWARD_TO_CHAIR in actions and Action.FORWARD_TO_COUNCIL not in actions


def test_gia_dinh_van_hoa_lists_are_posted_for_ten_days(output):
    posted = Dossier.objects.filter(state=DossierState.POSTED)
    assert posted.count() == 2
    for dossier in posted:
        assert dossier.unit.unit_type == "village"
        assert (dossier.posting_ends_on - dossier.posting_starts_on).days == 10
    resumed = posted.get(complaints__isnull=False)
    assert resumed.complaints.get().status == ComplaintStatus.DISMISSED
    actions = list(AuditEvent.objects.filter(stream=resumed.audit_stream).values_list("action", flat=True))
    assert actions[-2:] == ["complaint_closed", Action.RESUME]


def test_suspended_dossier_has_an_open_complaint(output):
    dossier = Dossier.objects.get(state=DossierState.SUSPENDED)
    assert dossier.complaints.filter(status=ComplaintStatus.OPEN).exists()
    assert dossier.state_before_suspension == DossierState.IN_REVIEW
    resume = next(a for a in available_actions(dossier, user("canbovhxh")) if a.action == Action.RESUME)
    assert resume.blocked


def test_catalogue_carries_the_default_voting_rules(output):
    ldtt, cstd, ttldtt = (AwardType.objects.get(code=c) for c in ("LDTT", "CSTDCS", "TTLDTT"))
    assert (ldtt.vote_method, ldtt.threshold_percent, ldtt.threshold_base) == (
        VoteMethod.OPEN, 51, ThresholdBase.PRESENT)
    assert (cstd.vote_method, cstd.threshold_percent, cstd.threshold_base) == (
        VoteMethod.SECRET, 80, ThresholdBase.TOTAL_MEMBERS)
    assert (cstd.quorum_numerator, cstd.quorum_denominator, cstd.absentee_opinions_allowed) == (2, 3, True)
    assert cstd.eligibility_rules == {"requires_same_year": "LDTT"}
    assert ttldtt.eligibility_rules == {"members_ldtt_percent_over": 50}
    giay_khen = AwardType.objects.get(code="GKCT")
    assert giay_khen.needs_vote(CommendationKind.REGULAR) and not giay_khen.needs_vote(CommendationKind.AD_HOC)
    assert giay_khen.documents_required_for(CommendationKind.AD_HOC) == ["to_trinh", "tom_tat_thanh_tich"]
    gdvh = AwardType.objects.get(code="GDVH")
    assert gdvh.posting_days == 10 and not gdvh.requires_council_vote
    for award in AwardType.objects.all():
        assert "Nghị định 129/2025/NĐ-CP" in award.legal_basis
        assert set(award.required_documents) == set(CommendationKind.values)
        assert award.valid_from.isoformat() == "2025-07-01"


def test_campaigns_of_the_plan_and_open_rounds_for_the_demo(output):
    names = set(Campaign.objects.values_list("name", flat=True))
    assert {"Tổng kết phong trào thi đua năm 2025", "Chuyển đổi số giai đoạn 2021-2025",
            "Khen thưởng đột xuất năm 2025"} <= names
    assert Campaign.objects.filter(kind=CommendationKind.THEMATIC).count() == 8
    old_round = Campaign.objects.get(name="Tổng kết phong trào thi đua năm 2025")
    assert old_round.submission_deadline.isoformat() == "2025-12-15"
    today = timezone.localdate()
    assert Campaign.objects.get(name=f"Tổng kết phong trào thi đua năm {today.year}").is_open_on(today)
    assert Campaign.objects.get(name="Chuyển đổi số giai đoạn 2021-2025").is_open_on(today)


def test_attachments_are_valid_pdf_files(output):
    attachment = Attachment.objects.order_by("pk").first()
    content = attachment.file.read()
    assert detect(attachment.file) == PDF
    offset = int(re.search(rb"startxref\n(\d+)", content).group(1))
    assert content[offset:offset + 4] == b"xref"


def test_audit_log_is_intact_and_checkpointed(output):
    report = verification.verify()
    assert report.intact
    assert report.checkpoint_count == 1
    assert AuditEvent.objects.filter(action="role_granted", actor_username="system").exists()
    assert AuditEvent.objects.filter(action="delegation_created").count() == 1


def test_second_seed_changes_nothing(output):
    before = counts()
    out = io.StringIO()
    call_command("seed_demo", force=True, stdout=out)
    assert counts() == before
    assert "không tạo thêm" in out.getvalue()
    assert "chutich" in out.getvalue()


def test_rerun_with_a_password_resets_the_demo_passwords_only(output):
    before = counts()
    call_command("seed_demo", password="mat-khau-moi-2026", force=True, stdout=io.StringIO())
    assert user("thcs").check_password("mat-khau-moi-2026")
    assert user("quantri").check_password("mat-khau-moi-2026")
    assert counts() == before


@pytest.mark.django_db
def test_seed_demo_refuses_to_run_with_debug_off_unless_forced():
    """Demo accounts share a published password: a production server must not get them by accident."""
    from django.core.management.base import CommandError

    before = (Organization.objects.count(), AuditEvent.objects.count())
    with pytest.raises(CommandError, match="DEBUG đang tắt"):
        call_command("seed_demo", stdout=io.StringIO())
    assert (Organization.objects.count(), AuditEvent.objects.count()) == before
