import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One appended fact. Rows are never changed: the database refuses UPDATE, DELETE and TRUNCATE.

    `hash` = SHA-256 of the canonical JSON of every other field except the database id (see
    workflow.audit.canonical_bytes); `prev_hash` links it to the previous event of its stream.
    """

    stream = models.CharField(max_length=64)
    stream_seq = models.PositiveBigIntegerField()
    occurred_at = models.DateTimeField()
    # Plain integers and names, not foreign keys: deleting or renaming a user must never touch the log.
    actor_id = models.BigIntegerField(null=True)
    actor_username = models.CharField(max_length=150)
    on_behalf_of_id = models.BigIntegerField(null=True)
    on_behalf_of_username = models.CharField(max_length=150, blank=True)
    role = models.CharField(max_length=64, blank=True)
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64)
    from_state = models.CharField(max_length=32, blank=True)
    to_state = models.CharField(max_length=32, blank=True)
    # Canonical JSON text, hashed exactly as stored (never re-serialised): see workflow.audit.
    data_json = models.TextField(default="{}")
    client_address = models.CharField(max_length=64, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("sự kiện nhật ký")
        verbose_name_plural = _("nhật ký kiểm tra")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["stream", "stream_seq"], name="auditevent_stream_seq_unique")]
        indexes = [
            models.Index(fields=["occurred_at"]),
            models.Index(fields=["actor_id", "occurred_at"]),
            models.Index(fields=["object_type", "object_id"]),
            # Not db_index=True on the field: on PostgreSQL that adds a LIKE-only index too, one more write per event.
            models.Index(fields=["action"], name="auditevent_action_idx"),
        ]
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.stream}#{self.stream_seq} {self.action}"

    @property
    def data(self) -> dict:
        return json.loads(self.data_json)


class AuditStreamHead(models.Model):
    """The last event of each stream; a lockable cache that the verifier never trusts."""

    stream = models.CharField(max_length=64, primary_key=True)
    last_seq = models.PositiveBigIntegerField()
    last_hash = models.CharField(max_length=64)

    class Meta:
        default_permissions = ()

    def __str__(self):
        return f"{self.stream}@{self.last_seq}"


class AuditCheckpoint(models.Model):
    """A signed commitment, at one moment, to the head of every stream (a Merkle root)."""

    created_at = models.DateTimeField()
    heads = models.JSONField(help_text="{stream: [seq, hash]}")
    stream_count = models.PositiveIntegerField()
    event_count = models.PositiveBigIntegerField()
    merkle_root = models.CharField(max_length=64)
    public_key = models.CharField(max_length=64, help_text="Ed25519 public key, hex")
    signature = models.CharField(max_length=128, help_text="Ed25519 signature of the digest, hex")

    class Meta:
        verbose_name = _("điểm chốt nhật ký")
        verbose_name_plural = _("điểm chốt nhật ký")
        ordering = ["id"]
        default_permissions = ("view",)

    def __str__(self):
        return f"#{self.pk} {self.merkle_root[:16]}"


class CalendarDayKind(models.TextChoices):
    DAY_OFF = "day_off", _("Ngày nghỉ")
    WORKING_DAY = "working_day", _("Ngày làm việc bù")


class CalendarDay(models.Model):
    """A commune's exception to the working-day calendar: an extra day off, or a make-up working day (§11)."""

    commune = models.ForeignKey(
        "roles.Organization",
        on_delete=models.PROTECT,
        related_name="calendar_days",
        limit_choices_to={"kind": "commune"},
        verbose_name=_("xã"),
    )
    day = models.DateField(_("ngày"))
    kind = models.CharField(_("loại ngày"), max_length=16, choices=CalendarDayKind.choices)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("ngày trong lịch làm việc")
        verbose_name_plural = _("lịch làm việc")
        ordering = ["commune", "day"]
        constraints = [models.UniqueConstraint(fields=["commune", "day"], name="calendarday_commune_day_unique")]

    def __str__(self):
        return f"{self.day.isoformat()} {self.get_kind_display()}"


class Notification(models.Model):
    """One message to one user in the in-app inbox (DESIGN §11); the e-mail copy is not stored."""

    # Not indexed alone: both indexes below start with it.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("người nhận"),
        db_index=False,
    )
    subject = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    # The audit event that caused it, if any: a plain id, like the log's own references to users.
    event_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"]), models.Index(fields=["recipient", "-created_at"])]

    def __str__(self):
        return self.subject


class DeadlineNoticeKind(models.TextChoices):
    REMINDER = "reminder", _("Nhắc hạn")
    ESCALATED_TO_OFFICE_HEAD = "office_head", _("Báo quá hạn cho Trưởng phòng")
    ESCALATED_TO_CHAIR = "chair", _("Báo quá hạn cho Chủ tịch")


class DeadlineNotice(models.Model):
    """What `check_deadlines` has sent for one task: at most one of each kind, so a re-run sends nothing twice."""

    task = models.ForeignKey("viewflow.Task", on_delete=models.CASCADE, related_name="+")
    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.CASCADE, related_name="deadline_notices")
    kind = models.CharField(_("loại"), max_length=16, choices=DeadlineNoticeKind.choices)
    due_on = models.DateField(_("hạn xử lý"))
    sent_on = models.DateField(_("ngày gửi"))
    recipients = models.JSONField(_("người nhận"), default=list)

    class Meta:
        verbose_name = _("nhắc hạn, báo quá hạn")
        verbose_name_plural = _("nhắc hạn, báo quá hạn")
        ordering = ["-sent_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["task", "kind"], name="deadlinenotice_task_kind_unique")]

    def __str__(self):
        return f"{self.dossier_id} {self.kind} {self.due_on.isoformat()}"
