from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase

from roles.text import fold


class OrganizationKind(models.TextChoices):
    COMMUNE = "commune", _("Xã / phường")
    UNIT = "unit", _("Đơn vị")
    BLOCK = "block", _("Khối thi đua")


class UnitType(models.TextChoices):
    OFFICE = "office", _("Phòng, ban chuyên môn")
    MASS_ORGANIZATION = "mass_org", _("Mặt trận, đoàn thể")
    PUBLIC_SERVICE = "public_service", _("Đơn vị sự nghiệp")
    VILLAGE = "village", _("Thôn, tổ dân phố")


class Organization(models.Model):
    """A commune, one of its units, or an emulation block grouping units."""

    kind = models.CharField(_("loại"), max_length=16, choices=OrganizationKind.choices)
    unit_type = models.CharField(_("loại đơn vị"), max_length=16, choices=UnitType.choices, blank=True)
    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=64, blank=True)
    code = models.CharField(_("mã"), max_length=32, help_text=_("Ví dụ: UBND, VHXH, THCS"))
    place_name = models.CharField(
        _("địa danh"), max_length=128, blank=True, help_text=_("Dùng ở dòng địa danh, ngày tháng của văn bản.")
    )
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("trực thuộc")
    )
    commune = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("xã"),
        help_text=_("Xã mà tổ chức này thuộc về; để trống với chính xã."),
    )
    block = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        limit_choices_to={"kind": OrganizationKind.BLOCK},
        verbose_name=_("khối thi đua"),
    )
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("tổ chức")
        verbose_name_plural = _("tổ chức")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "code"], name="organization_code_unique_in_commune"),
            models.CheckConstraint(
                condition=Q(kind="commune", commune__isnull=True) | (~Q(kind="commune") & Q(commune__isnull=False)),
                name="organization_commune_set_below_commune",
            ),
        ]
        permissions = [
            ("propose_for_unit", "Đề nghị khen thưởng cho đơn vị"),
            ("lead_unit", "Thủ trưởng đơn vị"),
            ("review_for_commune", "Thẩm định hồ sơ của xã"),
            ("manage_council", "Thư ký Hội đồng Thi đua - Khen thưởng"),
            ("vote_in_council", "Biểu quyết trong Hội đồng"),
            ("decide_for_commune", "Quyết định khen thưởng"),
            ("issue_for_commune", "Phát hành văn bản (văn thư)"),
            ("audit_commune", "Kiểm tra, giám sát"),
        ]

    def __str__(self):
        return self.name

    @property
    def commune_id_or_self(self):
        return self.pk if self.kind == OrganizationKind.COMMUNE else self.commune_id


class OrganizationUserObjectPermission(UserObjectPermissionBase):
    """Guardian's direct foreign-key permission table for organisations (STACK.md: index-driven)."""

    content_object = models.ForeignKey(Organization, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("quyền trên tổ chức")
        verbose_name_plural = _("quyền trên tổ chức")


class Person(models.Model):
    """A nominee or staff identity; need not have an account."""

    full_name = models.CharField(_("họ và tên"), max_length=255)
    date_of_birth = models.DateField(_("ngày sinh"), null=True, blank=True)
    position = models.CharField(_("chức vụ"), max_length=255, blank=True)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="people", verbose_name=_("đơn vị công tác")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("tài khoản"),
    )
    search_name = models.CharField(max_length=255, editable=False, db_index=True)

    class Meta:
        verbose_name = _("cá nhân")
        verbose_name_plural = _("cá nhân")
        ordering = ["full_name", "pk"]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.search_name = fold(self.full_name)
        super().save(*args, **kwargs)


class Role(models.TextChoices):
    """The role catalogue of DESIGN §6; roles.catalog maps each to its permissions."""

    UNIT_OFFICER = "unit_officer", _("Cán bộ thi đua đơn vị")
    UNIT_HEAD = "unit_head", _("Thủ trưởng đơn vị")
    REVIEWER = "reviewer", _("Cán bộ thẩm định (Phòng VH-XH)")
    OFFICE_HEAD = "office_head", _("Trưởng phòng Văn hóa - Xã hội")
    COUNCIL_SECRETARY = "council_secretary", _("Thư ký Hội đồng TĐKT")
    COUNCIL_MEMBER = "council_member", _("Thành viên Hội đồng TĐKT")
    CHAIR = "chair", _("Chủ tịch UBND xã")
    VICE_CHAIR = "vice_chair", _("Phó Chủ tịch UBND xã")
    CLERK = "clerk", _("Văn thư")
    AUDITOR = "auditor", _("Kiểm tra, giám sát")


class MembershipQuerySet(models.QuerySet):
    def active_on(self, day):
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day)


class Membership(models.Model):
    """A user holds a role in an organisation for a period; services keep guardian in step."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("vai trò"), max_length=32, choices=Role.choices)
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("vai trò được giao")
        verbose_name_plural = _("vai trò được giao")
        ordering = ["organization__name", "role", "user__username"]
        indexes = [models.Index(fields=["user", "organization", "role"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="membership_valid_window",
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.organization}"


class Delegation(models.Model):
    """Who acts for whom (e.g. a Vice-Chair signs "KT. CHỦ TỊCH"), for which permissions and when."""

    principal = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="delegations_given",
        verbose_name=_("người ủy quyền"),
    )
    delegate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="delegations_received",
        verbose_name=_("người được ủy quyền"),
    )
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="delegations")
    permissions = models.JSONField(
        _("phạm vi"), default=list, help_text=_('Các quyền được ủy, ví dụ ["decide_for_commune"].')
    )
    signing_mode = models.CharField(_("hình thức ký"), max_length=16, default="KT.")
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày"))
    instrument = models.CharField(
        _("văn bản ủy quyền"), max_length=255, help_text=_("Ví dụ: Quyết định số 12/QĐ-UBND ngày 02/01/2025")
    )
    revoked_on = models.DateField(_("ngày chấm dứt"), null=True, blank=True)

    class Meta:
        verbose_name = _("ủy quyền")
        verbose_name_plural = _("ủy quyền")
        ordering = ["-valid_from", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(principal=models.F("delegate")), name="delegation_not_to_self"),
            models.CheckConstraint(condition=Q(valid_to__gte=models.F("valid_from")), name="delegation_valid_window"),
        ]

    def __str__(self):
        return f"{self.principal} → {self.delegate} ({self.instrument})"
