"""Decisions (quyết định) of the commune Chair: drafts, signed decisions and their files (DESIGN §9)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dossiers.models import AwardType, Campaign, Nomination
from roles.models import Organization


class DecisionKind(models.TextChoices):
    AWARD = "award", _("Khen thưởng")
    CORRECTION = "correction", _("Đính chính")
    REPLACEMENT = "replacement", _("Thay thế")
    REVOCATION = "revocation", _("Hủy bỏ")


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    SIGNED = "signed", _("Đã ký")


class SigningMode(models.TextChoices):
    CHAIR = "chair", _("Chủ tịch ký")
    DEPUTY = "deputy", _("Phó Chủ tịch ký thay (KT. CHỦ TỊCH)")


class Decision(models.Model):
    """One decision: a draft the office prepares, then, once signed, an immutable numbered document.

    A correction, replacement or revocation is a decision of its own that links the `original`.
    """

    issuer = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("cơ quan ban hành")
    )
    kind = models.CharField(_("loại quyết định"), max_length=16, choices=DecisionKind.choices)
    status = models.CharField(
        _("tình trạng"), max_length=8, choices=DecisionStatus.choices, default=DecisionStatus.DRAFT
    )
    award_type = models.ForeignKey(
        AwardType, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("danh hiệu, hình thức")
    )
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions",
        verbose_name=_("phong trào, đợt khen thưởng"),
    )
    original = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="amendments",
        verbose_name=_("quyết định gốc"),
    )
    summary = models.CharField(_("trích yếu"), max_length=500)
    proposal = models.CharField(
        _("tờ trình đề nghị"), max_length=255, blank=True,
        help_text=_("Ví dụ: Tờ trình số 15/TTr-VHXH ngày 20 tháng 12 năm 2025 của Phòng Văn hóa - Xã hội"),
    )
    content = models.TextField(_("nội dung đính chính, thay thế"), blank=True)
    reason = models.TextField(_("lý do"), blank=True)
    legal_ground = models.TextField(_("căn cứ hủy bỏ"), blank=True)
    collective_signing = models.BooleanField(
        _("ký thay mặt tập thể (TM. ỦY BAN NHÂN DÂN)"), default=False
    )
    nominations = models.ManyToManyField(
        Nomination, through="DecisionEntry", related_name="decisions", verbose_name=_("người được khen thưởng")
    )
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, help_text="Raised by every write; a stale form is refused.")

    # Set once, at signing.
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("người ký"),
    )
    signer_name = models.CharField(_("họ tên người ký"), max_length=255, blank=True)
    signing_mode = models.CharField(_("hình thức ký"), max_length=8, choices=SigningMode.choices, blank=True)
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    number = models.PositiveIntegerField(_("số"), null=True, blank=True)
    number_text = models.CharField(_("số, ký hiệu"), max_length=64, blank=True)
    signed_on = models.DateField(_("ngày ký"), null=True, blank=True)
    signed_at = models.DateTimeField(_("thời điểm ký"), null=True, blank=True)
    checkpoint_id = models.PositiveBigIntegerField(null=True, blank=True)
    checkpoint_digest = models.CharField(_("mã điểm chốt nhật ký"), max_length=64, blank=True)
    pdf = models.FileField(_("tệp PDF đã ký"), upload_to="decisions/%Y/", blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    docx = models.FileField(_("tệp DOCX"), upload_to="decisions/%Y/", blank=True)
    docx_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("quyết định")
        verbose_name_plural = _("quyết định")
        ordering = ["-year", "-number", "-pk"]
        indexes = [models.Index(fields=["issuer", "status", "year"])]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "year", "number"], condition=Q(number__isnull=False), name="decision_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | (Q(number__isnull=False) & Q(signed_on__isnull=False)),
                name="decision_signed_has_number",
            ),
            models.CheckConstraint(
                condition=Q(kind="award") | Q(original__isnull=False), name="decision_amendment_has_original"
            ),
        ]

    def __str__(self):
        return f"{self.number_text or _('Dự thảo')} {self.summary}"

    @property
    def is_signed(self) -> bool:
        return self.status == DecisionStatus.SIGNED

    @property
    def audit_stream(self) -> str:
        return f"decision:{self.pk}"


class DecisionEntry(models.Model):
    """One nomination a decision awards (or revokes), in the order of the attached list."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="entries")
    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="decision_entries")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "nomination"], name="decision_entry_unique"),
        ]

    def __str__(self):
        return f"{self.decision_id}:{self.nomination_id}"
