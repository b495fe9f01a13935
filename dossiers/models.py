from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, ConcurrentTransitionMixin, FSMField, transition

from roles.models import Organization, Person


class AwardCategory(models.TextChoices):
    TITLE = "title", _("Danh hiệu thi đua")
    FORM = "form", _("Hình thức khen thưởng")


class Subject(models.TextChoices):
    INDIVIDUAL = "individual", _("Cá nhân")
    COLLECTIVE = "collective", _("Tập thể")
    HOUSEHOLD = "household", _("Hộ gia đình")


class CommendationKind(models.TextChoices):
    REGULAR = "thuong_xuyen", _("Thường xuyên (công trạng)")
    THEMATIC = "chuyen_de", _("Chuyên đề")
    AD_HOC = "dot_xuat", _("Đột xuất")
    BY_ROUND = "theo_dot", _("Theo đợt")


class VoteMethod(models.TextChoices):
    SECRET = "secret", _("Bỏ phiếu kín")
    OPEN = "open", _("Biểu quyết công khai")


class ThresholdBase(models.TextChoices):
    TOTAL_MEMBERS = "total", _("Tổng số thành viên Hội đồng")
    PRESENT = "present", _("Số thành viên có mặt")
    VALID_BALLOTS = "valid", _("Số phiếu hợp lệ")


class DocumentKind(models.TextChoices):
    TO_TRINH = "to_trinh", _("Tờ trình")
    DANH_SACH = "danh_sach", _("Danh sách đề nghị")
    BIEN_BAN_BINH_XET = "bien_ban_binh_xet", _("Biên bản bình xét")
    BAO_CAO_THANH_TICH = "bao_cao_thanh_tich", _("Báo cáo thành tích")
    TOM_TAT_THANH_TICH = "tom_tat_thanh_tich", _("Tóm tắt thành tích")
    XAC_NHAN_SANG_KIEN = "xac_nhan_sang_kien", _("Xác nhận sáng kiến")
    OTHER = "other", _("Tài liệu khác")


# Documents that describe one nominee; the others belong to the dossier as a whole.
NOMINATION_DOCUMENT_KINDS = frozenset(
    {DocumentKind.BAO_CAO_THANH_TICH, DocumentKind.TOM_TAT_THANH_TICH, DocumentKind.XAC_NHAN_SANG_KIEN}
)


class AwardTypeQuerySet(models.QuerySet):
    def in_force_on(self, day):
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day)


class AwardType(models.Model):
    """A catalogue item with its rules; a new rule version is a new row with the same code."""

    code = models.CharField(_("mã"), max_length=32)
    name = models.CharField(_("tên"), max_length=255)
    category = models.CharField(_("loại"), max_length=8, choices=AwardCategory.choices)
    subject = models.CharField(_("đối tượng"), max_length=16, choices=Subject.choices)
    authority = models.CharField(_("thẩm quyền quyết định"), max_length=255)
    legal_basis = models.TextField(_("căn cứ pháp lý"))
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    required_documents = models.JSONField(
        _("thành phần hồ sơ bắt buộc"),
        default=dict,
        help_text=_('Theo loại hình khen thưởng, ví dụ {"thuong_xuyen": ["to_trinh", "danh_sach"]}.'),
    )
    requires_council_vote = models.BooleanField(_("cần Hội đồng xét"), default=True)
    vote_exempt_kinds = models.JSONField(
        _("loại hình không cần Hội đồng xét"),
        default=list,
        blank=True,
        help_text=_('Ví dụ ["dot_xuat"] cho thủ tục đơn giản.'),
    )
    posting_days = models.PositiveSmallIntegerField(_("số ngày công khai"), default=0)
    vote_method = models.CharField(
        _("hình thức biểu quyết"), max_length=8, choices=VoteMethod.choices, default=VoteMethod.OPEN
    )
    quorum_numerator = models.PositiveSmallIntegerField(_("túc số (tử số)"), default=2)
    quorum_denominator = models.PositiveSmallIntegerField(_("túc số (mẫu số)"), default=3)
    threshold_percent = models.PositiveSmallIntegerField(_("tỷ lệ đồng ý tối thiểu (%)"), default=51)
    threshold_base = models.CharField(
        _("cơ sở tính tỷ lệ"), max_length=8, choices=ThresholdBase.choices, default=ThresholdBase.PRESENT
    )
    absentee_opinions_allowed = models.BooleanField(_("cho phép ý kiến bằng văn bản của người vắng mặt"), default=False)
    chair_must_agree = models.BooleanField(_("Chủ tịch Hội đồng phải đồng ý"), default=False)
    quota_percent = models.PositiveSmallIntegerField(_("hạn mức (%)"), null=True, blank=True)
    quota_of_code = models.CharField(_("hạn mức tính trên số đạt danh hiệu"), max_length=32, blank=True)
    eligibility_rules = models.JSONField(_("điều kiện"), default=dict, blank=True)
    cash_multiplier = models.DecimalField(
        _("tiền thưởng (× lương cơ sở)"), max_digits=4, decimal_places=2, null=True, blank=True
    )
    # Deadlines in working days (DESIGN §11). Precedence: the campaign's, then the longest of the dossier's award
    # types', then settings.REVIEW_WORKING_DAYS / DECISION_WORKING_DAYS (workflow.deadlines).
    review_working_days = models.PositiveSmallIntegerField(
        _("thời hạn thẩm định (ngày làm việc)"), null=True, blank=True
    )
    decision_working_days = models.PositiveSmallIntegerField(
        _("thời hạn quyết định (ngày làm việc)"), null=True, blank=True
    )
    publish_personal_details = models.BooleanField(
        _("công khai thông tin cá nhân trên trang công khai"),
        default=True,
        help_text=_("Bỏ chọn để trang công khai chỉ hiện họ tên, đơn vị và hình thức khen thưởng."),
    )

    objects = AwardTypeQuerySet.as_manager()

    class Meta:
        verbose_name = _("danh hiệu, hình thức khen thưởng")
        verbose_name_plural = _("danh hiệu, hình thức khen thưởng")
        ordering = ["name", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="awardtype_version_unique"),
            models.CheckConstraint(condition=Q(threshold_percent__lte=100), name="awardtype_threshold_percent"),
            models.CheckConstraint(
                condition=Q(quorum_denominator__gt=0) & Q(quorum_numerator__lte=models.F("quorum_denominator")),
                name="awardtype_quorum_fraction",
            ),
        ]

    def __str__(self):
        return self.name

    def needs_vote(self, kind: str) -> bool:
        return self.requires_council_vote and kind not in self.vote_exempt_kinds

    def documents_required_for(self, kind: str) -> list[str]:
        return list(self.required_documents.get(kind, []))


class Campaign(models.Model):
    """An emulation movement or commendation round of a commune."""

    commune = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="campaigns")
    name = models.CharField(_("tên"), max_length=255)
    year = models.PositiveSmallIntegerField(_("năm"))
    kind = models.CharField(_("loại hình"), max_length=16, choices=CommendationKind.choices)
    award_types = models.ManyToManyField(AwardType, related_name="campaigns", verbose_name=_("danh hiệu, hình thức"))
    opens_on = models.DateField(_("ngày bắt đầu nhận hồ sơ"))
    submission_deadline = models.DateField(_("hạn nộp hồ sơ"), null=True, blank=True)
    legal_basis = models.TextField(_("căn cứ"), blank=True)
    review_working_days = models.PositiveSmallIntegerField(
        _("thời hạn thẩm định (ngày làm việc)"), null=True, blank=True
    )
    decision_working_days = models.PositiveSmallIntegerField(
        _("thời hạn quyết định (ngày làm việc)"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("phong trào, đợt khen thưởng")
        verbose_name_plural = _("phong trào, đợt khen thưởng")
        ordering = ["-year", "name"]

    def __str__(self):
        return self.name

    def is_open_on(self, day) -> bool:
        if day < self.opens_on:
            return False
        return self.submission_deadline is None or day <= self.submission_deadline

    def accepts_on(self, day, kind: str | None = None) -> bool:
        """Whether a dossier of `kind` (the campaign's own by default) may be opened or submitted on `day`:
        a đột xuất dossier any day, the others within the campaign's window."""
        return (kind or self.kind) == CommendationKind.AD_HOC or self.is_open_on(day)


class DossierState(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    SUBMITTED = "submitted", _("Đã trình")
    IN_REVIEW = "in_review", _("Đang thẩm định")
    RETURNED = "returned", _("Trả lại bổ sung")
    POSTED = "posted", _("Đang công khai")
    COUNCIL = "council", _("Chờ Hội đồng xét")
    AWAITING_DECISION = "awaiting_decision", _("Chờ quyết định")
    DECIDED = "decided", _("Đã có quyết định")
    REJECTED = "rejected", _("Không khen thưởng")
    WITHDRAWN = "withdrawn", _("Đã rút")
    SUSPENDED = "suspended", _("Tạm dừng")
    REVOKED = "revoked", _("Đã hủy quyết định")


S = DossierState
SUSPENDABLE_STATES = [S.SUBMITTED, S.IN_REVIEW, S.POSTED, S.COUNCIL, S.AWAITING_DECISION]
EDITABLE_STATES = frozenset({S.DRAFT, S.RETURNED})


class Dossier(ConcurrentTransitionMixin, models.Model):
    """One unit's proposal in one campaign. Its state changes only through workflow.engine.perform."""

    # Not indexed alone: the (unit, state) and (commune, state) indexes below serve lookups by either, and
    # every index is one more write when a state change moves the row (bench/transitions.py).
    commune = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", db_index=False)
    unit = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="dossiers", verbose_name=_("đơn vị"), db_index=False
    )
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="dossiers", verbose_name=_("phong trào")
    )
    kind = models.CharField(_("loại hình"), max_length=16, choices=CommendationKind.choices)
    title = models.CharField(_("trích yếu"), max_length=255)
    reference_number = models.CharField(_("số tờ trình của đơn vị"), max_length=64, blank=True)
    state = FSMField(_("trạng thái"), default=S.DRAFT, choices=DossierState.choices, protected=True)
    state_before_suspension = models.CharField(max_length=32, choices=DossierState.choices, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thụ lý"),
    )
    # The dossier's viewflow process (DESIGN §7), made at the first submission by workflow.workitems.
    process = models.OneToOneField(
        "viewflow.Process", on_delete=models.PROTECT, null=True, blank=True, related_name="dossier", editable=False
    )
    # The current step's due date (working days, DESIGN §11), copied from the open task so that every list
    # shows it without reading the tasks.
    due_on = models.DateField(_("hạn xử lý"), null=True, blank=True, editable=False)
    return_count = models.PositiveSmallIntegerField(default=0)
    rules_as_of = models.DateField(_("áp dụng quy định tại ngày"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("ngày trình"), null=True, blank=True)
    posting_starts_on = models.DateField(null=True, blank=True)
    posting_ends_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, help_text="Raised by every write; a stale form is refused.")
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("hồ sơ đề nghị khen thưởng")
        verbose_name_plural = _("hồ sơ đề nghị khen thưởng")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["unit", "state"]),
            models.Index(fields=["commune", "state"]),
            models.Index(fields=["due_on"]),
            # A Meta index, not db_index=True: on PostgreSQL that adds a second, LIKE-only index nobody uses.
            models.Index(fields=["state"], name="dossier_state_idx"),
        ]

    def __str__(self):
        return self.title

    @property
    def audit_stream(self) -> str:
        return f"dossier:{self.pk}"

    # Transitions. Bodies are empty on purpose: workflow.engine checks rights and guards and writes
    # the related data; these declare the legal moves of DESIGN §4 and nothing else may call them.
    @transition(field=state, source=[S.DRAFT, S.RETURNED], target=S.SUBMITTED)
    def submit(self):
        pass

    @transition(field=state, source=[S.SUBMITTED, S.IN_REVIEW, S.RETURNED], target=S.WITHDRAWN)
    def withdraw(self):
        pass

    @transition(field=state, source=S.SUBMITTED, target=S.IN_REVIEW)
    def take(self):
        pass

    @transition(field=state, source=S.IN_REVIEW, target=S.RETURNED)
    def return_for_revision(self):
        pass

    @transition(field=state, source=S.IN_REVIEW, target=S.POSTED)
    def post_publicly(self):
        pass

    @transition(field=state, source=[S.IN_REVIEW, S.POSTED], target=S.COUNCIL)
    def forward_to_council(self):
        pass

    @transition(field=state, source=[S.IN_REVIEW, S.POSTED], target=S.AWAITING_DECISION)
    def forward_to_chair(self):
        pass

    @transition(field=state, source=S.COUNCIL, target=RETURN_VALUE(S.AWAITING_DECISION, S.REJECTED))
    def close_vote(self, target):
        return target

    @transition(field=state, source=S.AWAITING_DECISION, target=S.IN_REVIEW)
    def send_back(self):
        pass

    @transition(field=state, source=[S.IN_REVIEW, S.AWAITING_DECISION], target=S.REJECTED)
    def reject(self):
        pass

    # Decided once nothing is left to award; a decision for one award type may leave others awaiting theirs.
    @transition(field=state, source=S.AWAITING_DECISION, target=RETURN_VALUE(S.DECIDED, S.AWAITING_DECISION))
    def decide(self, target):
        return target

    @transition(field=state, source=SUSPENDABLE_STATES, target=S.SUSPENDED)
    def suspend(self):
        pass

    @transition(field=state, source=S.SUSPENDED, target=RETURN_VALUE(*SUSPENDABLE_STATES))
    def resume(self, target):
        return target

    @transition(field=state, source=S.DECIDED, target=RETURN_VALUE(S.DECIDED, S.REVOKED))
    def revoke(self, target):
        return target

    # Work items (DESIGN §7): the office head gives the dossier to a reviewer (from the queue, or from one
    # reviewer to another, keeping the state) or puts it back in the queue.
    @transition(field=state, source=[S.SUBMITTED, S.IN_REVIEW, S.POSTED], target=RETURN_VALUE(S.IN_REVIEW, S.POSTED))
    def reassign(self, target):
        return target

    @transition(field=state, source=S.IN_REVIEW, target=S.SUBMITTED)
    def unassign(self):
        pass

    # Marks an in-state act (assessing a nomination) that must still hold the state it was taken in.
    @transition(field=state, source=S.IN_REVIEW, target=None)
    def assess_nomination(self):
        pass


class Outcome(models.TextChoices):
    PROPOSED = "proposed", _("Đề nghị")
    ELIGIBLE = "eligible", _("Đủ điều kiện")
    INELIGIBLE = "ineligible", _("Không đủ điều kiện")
    PASSED = "passed", _("Hội đồng thông qua")
    FAILED = "failed", _("Hội đồng không thông qua")
    AWARDED = "awarded", _("Được khen thưởng")
    NOT_AWARDED = "not_awarded", _("Không được khen thưởng")
    REVOKED = "revoked", _("Đã hủy khen thưởng")


class Nomination(models.Model):
    """One nominee for one award type inside a dossier, with an outcome of its own."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="nominations")
    award_type = models.ForeignKey(
        AwardType, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("danh hiệu, hình thức")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="nominations", verbose_name=_("cá nhân")
    )
    nominee_name = models.CharField(_("tên người / tập thể / hộ được đề nghị"), max_length=255)
    position = models.CharField(_("chức vụ, đơn vị"), max_length=255, blank=True)
    achievement_summary = models.TextField(_("tóm tắt thành tích"), blank=True)
    outcome = models.CharField(_("kết quả"), max_length=16, choices=Outcome.choices, default=Outcome.PROPOSED)
    outcome_reason = models.TextField(_("lý do"), blank=True)
    search_name = models.CharField(max_length=255, editable=False, default="")

    class Meta:
        verbose_name = _("người, tập thể được đề nghị")
        verbose_name_plural = _("người, tập thể được đề nghị")
        ordering = ["dossier", "pk"]

    def __str__(self):
        return f"{self.nominee_name} — {self.award_type}"


class Attachment(models.Model):
    """A stored document. Files are never overwritten: a new version is a new row that supersedes."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="attachments")
    nomination = models.ForeignKey(
        Nomination,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("người được đề nghị"),
    )
    kind = models.CharField(_("loại tài liệu"), max_length=32, choices=DocumentKind.choices)
    file = models.FileField(upload_to="attachments/%Y/%m/")
    original_name = models.CharField(_("tên tệp"), max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField(_("dung lượng"))
    content_type = models.CharField(_("định dạng"), max_length=128)
    version = models.PositiveIntegerField(default=1)
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tài liệu")
        verbose_name_plural = _("tài liệu")
        ordering = ["kind", "pk"]
        indexes = [models.Index(fields=["dossier", "kind"])]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name} (v{self.version})"


class ComplaintStatus(models.TextChoices):
    OPEN = "open", _("Đang giải quyết")
    UPHELD = "upheld", _("Có cơ sở")
    DISMISSED = "dismissed", _("Không có cơ sở")


class Complaint(models.Model):
    """An objection or complaint about a posted nominee or an issued decision."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="complaints")
    nomination = models.ForeignKey(
        Nomination, on_delete=models.PROTECT, null=True, blank=True, related_name="complaints"
    )
    received_on = models.DateField(_("ngày nhận"))
    complainant = models.CharField(_("người phản ánh"), max_length=255)
    summary = models.TextField(_("nội dung"))
    status = models.CharField(
        _("tình trạng"), max_length=16, choices=ComplaintStatus.choices, default=ComplaintStatus.OPEN
    )
    outcome = models.TextField(_("kết quả giải quyết"), blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("khiếu nại, phản ánh")
        verbose_name_plural = _("khiếu nại, phản ánh")
        ordering = ["-received_on", "-pk"]

    def __str__(self):
        return f"{self.complainant}: {self.summary[:40]}"
