"""Council sessions, agendas, attendance, ballots and minutes (DESIGN §8, DOMAIN §4).

Secrecy lives in the shape of these tables: `Ballot` and `BallotMark` carry no member, no time and no
sequential key (random UUIDs), and are ordered by that random key, so no query over them yields the
order in which members voted. The only named facts of a secret ballot are the `BallotReceipt` ("this
member has voted in this session") and the audit event saying the same. See docs/council.md.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dossiers.models import Dossier, Nomination, ThresholdBase, VoteMethod
from roles.models import Organization


class SessionState(models.TextChoices):
    DRAFT = "draft", _("Đang chuẩn bị")
    OPEN = "open", _("Đang biểu quyết")
    CLOSED = "closed", _("Đã kết thúc")


class Choice(models.TextChoices):
    AGREE = "agree", _("Đồng ý")
    DISAGREE = "disagree", _("Không đồng ý")
    ABSTAIN = "abstain", _("Không có ý kiến")


class ItemResult(models.TextChoices):
    PASSED = "passed", _("Thông qua")
    FAILED = "failed", _("Không thông qua")
    # The dossier left "council" (e.g. suspended on a complaint) while the session was open: the count is
    # recorded in the minutes but not applied; its nominees wait for a later session.
    NOT_APPLIED = "not_applied", _("Không áp dụng (hồ sơ không còn chờ Hội đồng xét)")


class CouncilSession(models.Model):
    """A meeting of the commune's Emulation and Commendation Council (phiên họp): draft -> open -> closed."""

    commune = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="council_sessions")
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveIntegerField(_("số thứ tự phiên họp trong năm"))
    title = models.CharField(_("tên phiên họp"), max_length=255)
    meeting_date = models.DateField(_("ngày họp"))
    place = models.CharField(_("địa điểm"), max_length=255)
    state = models.CharField(
        _("trạng thái"), max_length=8, choices=SessionState.choices, default=SessionState.DRAFT, db_index=True
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Chủ tịch Hội đồng"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("thư ký")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    opened_at = models.DateTimeField(_("mở biểu quyết lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, help_text="Raised by every write; a stale form is refused.")

    class Meta:
        verbose_name = _("phiên họp Hội đồng")
        verbose_name_plural = _("phiên họp Hội đồng")
        ordering = ["-meeting_date", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "year", "number"], name="councilsession_number_unique"),
        ]

    def __str__(self):
        return self.title

    @property
    def audit_stream(self) -> str:
        return f"session:{self.pk}"

    @property
    def label(self) -> str:
        return f"{self.number:02d}/{self.year}"


class SessionMember(models.Model):
    """A council member of the session (snapshot taken at opening) and their attendance."""

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="council_seats")
    full_name = models.CharField(_("họ và tên"), max_length=255)
    position = models.CharField(_("chức vụ"), max_length=255, blank=True)
    is_chair = models.BooleanField(_("Chủ tịch Hội đồng"), default=False)
    present = models.BooleanField(_("có mặt"), default=False)

    class Meta:
        verbose_name = _("thành viên dự họp")
        verbose_name_plural = _("thành viên dự họp")
        ordering = ["-is_chair", "full_name", "pk"]
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="sessionmember_unique")]

    def __str__(self):
        return self.full_name


class AgendaItem(models.Model):
    """One nomination on the agenda, with its voting rule as of opening and, after closing, its count."""

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="agenda")
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="+")
    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="council_items")
    position = models.PositiveIntegerField(_("thứ tự"))
    # The member named in the nomination, who cannot mark it (recusal, DESIGN §4); set at opening.
    recused = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The award type's rule, copied at opening: the count and the minutes keep the rule the vote was held under.
    vote_method = models.CharField(max_length=8, choices=VoteMethod.choices, blank=True)
    quorum_numerator = models.PositiveSmallIntegerField(null=True, blank=True)
    quorum_denominator = models.PositiveSmallIntegerField(null=True, blank=True)
    threshold_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    threshold_base = models.CharField(max_length=8, choices=ThresholdBase.choices, blank=True)
    absentee_opinions_allowed = models.BooleanField(default=False)
    chair_must_agree = models.BooleanField(default=False)
    # Written at closing.
    result = models.CharField(_("kết quả"), max_length=16, choices=ItemResult.choices, blank=True)
    agree = models.PositiveIntegerField(null=True, blank=True)
    disagree = models.PositiveIntegerField(null=True, blank=True)
    abstain = models.PositiveIntegerField(null=True, blank=True)
    base = models.PositiveIntegerField(null=True, blank=True)
    required = models.PositiveIntegerField(null=True, blank=True)
    chair_agreed = models.BooleanField(null=True, blank=True)

    class Meta:
        verbose_name = _("nội dung biểu quyết")
        verbose_name_plural = _("nội dung biểu quyết")
        ordering = ["session", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["session", "nomination"], name="agendaitem_unique")]

    def __str__(self):
        return f"{self.position}. {self.nomination}"


class BallotReceipt(models.Model):
    """"This member has voted in this session": the one named fact of a ballot. One per member (DESIGN §8)."""

    session = models.ForeignKey(CouncilSession, on_delete=models.PROTECT, related_name="receipts")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ballot_receipts")
    cast_at = models.DateTimeField(_("thời điểm bỏ phiếu"))

    class Meta:
        verbose_name = _("xác nhận đã bỏ phiếu")
        verbose_name_plural = _("xác nhận đã bỏ phiếu")
        ordering = ["session", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="ballotreceipt_one_per_member"),
        ]

    def __str__(self):
        return f"{self.member} — {self.session}"


class Ballot(models.Model):
    """A secret ballot returned in the meeting: no member, no time, a random key. It counts ballots
    returned (checked against the receipts); its marks are stored apart, see BallotMark."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(CouncilSession, on_delete=models.PROTECT, related_name="ballots")

    class Meta:
        verbose_name = _("phiếu bầu kín")
        verbose_name_plural = _("phiếu bầu kín")
        ordering = ["id"]
        default_permissions = ()

    def __str__(self):
        return str(self.id)


class BallotMark(models.Model):
    """One secret choice (agree, disagree, abstain) on one agenda item.

    Deliberately not grouped under its Ballot (a departure from DESIGN §8): ballots differ in shape (a
    recused member has no mark on the item naming them, a written opinion marks only the items whose rule
    allows it), so a grouped ballot could be picked out by its shape and the rest of its marks read as
    that member's. Ungrouped marks cannot be regrouped: no member, no time, no ballot, a random key.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="marks")
    choice = models.CharField(max_length=8, choices=Choice.choices)

    class Meta:
        verbose_name = _("ý kiến trên phiếu kín")
        verbose_name_plural = _("ý kiến trên phiếu kín")
        ordering = ["id"]
        default_permissions = ()

    def __str__(self):
        return self.choice


class OpenVote(models.Model):
    """A named vote (biểu quyết công khai), or the Chair's own mark where the rule needs the Chair's agreement."""

    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="open_votes")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(max_length=8, choices=Choice.choices)

    class Meta:
        verbose_name = _("biểu quyết công khai")
        verbose_name_plural = _("biểu quyết công khai")
        ordering = ["item", "pk"]
        constraints = [models.UniqueConstraint(fields=["item", "member"], name="openvote_one_per_member")]

    def __str__(self):
        return f"{self.member}: {self.choice}"


class WrittenOpinion(models.Model):
    """An absent member's written opinion (ý kiến bằng văn bản), recorded by the secretary with the scan.

    Its marks are stored like those of a ballot cast in the meeting (anonymous BallotMarks for secret items,
    named OpenVotes for open ones); this row is its receipt, and counts only where the rule allows it.
    """

    session = models.ForeignKey(CouncilSession, on_delete=models.PROTECT, related_name="written_opinions")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField(_("ngày nhận"))
    file = models.FileField(upload_to="council/opinions/%Y/")
    original_name = models.CharField(_("tên tệp"), max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField(_("dung lượng"))
    content_type = models.CharField(_("định dạng"), max_length=128)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("ghi nhận lúc"))

    class Meta:
        verbose_name = _("ý kiến bằng văn bản")
        verbose_name_plural = _("ý kiến bằng văn bản")
        ordering = ["session", "pk"]
        constraints = [models.UniqueConstraint(fields=["session", "member"], name="writtenopinion_one_per_member")]

    def __str__(self):
        return f"{self.member} — {self.session}"


class Minutes(models.Model):
    """The minutes of meeting and count (biên bản họp và kiểm phiếu), written once at closing.

    `content` holds every figure printed; the PDF and DOCX are rendered from it at closing and never
    again (their SHA-256 is in the closing audit event).
    """

    session = models.OneToOneField(CouncilSession, on_delete=models.PROTECT, related_name="minutes")
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveIntegerField(_("số"))
    number_text = models.CharField(_("số, ký hiệu"), max_length=64)
    issued_on = models.DateField(_("ngày lập"))
    content = models.JSONField(default=dict)
    pdf = models.FileField(upload_to="council/minutes/%Y/", blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    docx = models.FileField(upload_to="council/minutes/%Y/", blank=True)
    docx_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("biên bản họp và kiểm phiếu")
        verbose_name_plural = _("biên bản họp và kiểm phiếu")
        ordering = ["-year", "-number"]

    def __str__(self):
        return self.number_text
