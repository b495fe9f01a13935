from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from roles.models import Organization


class ApiToken(models.Model):
    """A secret an integrated system (e-office, provincial database) sends as `Authorization: Bearer`.

    Only the SHA-256 of the secret is stored: a copy of the database does not yield working tokens.
    The token acts as `user` (the integration's account, with the roles it needs) and only within
    `organization`: a unit, or a commune and its units. Revoked tokens are kept, for the audit trail.
    """

    name = models.CharField(_("tên hệ thống tích hợp"), max_length=120)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens", verbose_name=_("tài khoản")
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="api_tokens", verbose_name=_("phạm vi tổ chức")
    )
    prefix = models.CharField(_("tiền tố"), max_length=12, db_index=True, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người tạo")
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("ngày thu hồi"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thu hồi"),
    )
    last_used_at = models.DateTimeField(_("lần dùng gần nhất"), null=True, blank=True)

    class Meta:
        verbose_name = _("khóa truy cập API")
        verbose_name_plural = _("khóa truy cập API")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
