"""Administration of organisations, people, roles and delegations.

Roles and delegations are written only through roles.services, so guardian's grants and the audit log
follow every change; nothing here deletes them (a role ends on a date, a delegation is revoked).
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from roles import services
from roles.catalog import CATALOG, Perm
from roles.models import Delegation, Membership, Organization, Person, Role
from roles.text import fold

admin.site.site_header = _("Vinh Danh — Quản trị hệ thống")
admin.site.site_title = _("Vinh Danh — Quản trị")
admin.site.index_title = _("Tài khoản, tổ chức và danh mục")

User = get_user_model()


class VinhDanhUserAdmin(UserAdmin):
    """Only a superuser changes superuser status, groups and global permissions.

    Role groups follow memberships (roles.services), and an administrator must not raise their own rights.
    """

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["is_superuser", "groups", "user_permissions", "last_login", "date_joined"]
        return fields

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.account_change_record(
            user=form.instance, actor=request.user, created=not change, changed_fields=form.changed_data
        )


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, VinhDanhUserAdmin)


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "unit_type", "commune", "block", "is_active"]
    list_filter = ["kind", "unit_type", "is_active", "commune"]
    search_fields = ["name", "short_name", "code"]
    autocomplete_fields = ["parent", "commune", "block"]
    list_select_related = ["commune", "block"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "position", "organization", "date_of_birth", "user"]
    list_filter = ["organization__kind", "organization"]
    search_fields = ["full_name", "search_name", "user__username"]
    autocomplete_fields = ["organization", "user"]
    list_select_related = ["organization", "user"]

    def get_search_results(self, request, queryset, search_term):
        # "nguyen van an" finds "Nguyễn Văn An": the folded term also searches the folded name.
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term:
            found |= queryset.filter(search_name__contains=fold(search_term))
        return found, may_have_duplicates


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["user", "organization", "role", "valid_from", "valid_to"]

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            organization, role = cleaned.get("organization"), cleaned.get("role")
            if organization is not None and role in CATALOG and organization.kind != CATALOG[role].granted_on:
                self.add_error(
                    "organization",
                    _("Vai trò «%(role)s» được giao trên %(kind)s, không phải trên «%(org)s».")
                    % {
                        "role": Role(role).label,
                        "kind": _("một đơn vị") if CATALOG[role].granted_on == "unit" else _("xã"),
                        "org": organization,
                    },
                )
        elif self.initial.get("valid_to") is not None and cleaned.get("valid_to") is None:
            self.add_error("valid_to", _("Không thể mở lại vai trò đã kết thúc; hãy giao một vai trò mới."))
        elif "valid_to" in self.changed_data and cleaned.get("valid_to") is None:
            self.add_error("valid_to", _("Hãy nhập ngày kết thúc vai trò."))
        return cleaned


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Giving a role grants its permissions; ending it on a date withdraws them. Both are audited."""

    form = MembershipForm
    list_display = ["user", "role", "organization", "valid_from", "valid_to"]
    list_filter = ["role", "organization"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "organization__name"]
    autocomplete_fields = ["user", "organization"]
    list_select_related = ["user", "organization"]
    date_hierarchy = "valid_from"

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return ["user", "organization", "role", "valid_from"]
        return []

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if not change:
            membership = services.membership_grant(
                user=obj.user, organization=obj.organization, role=obj.role, valid_from=obj.valid_from,
                valid_to=obj.valid_to, actor=request.user,
            )
            obj.pk = membership.pk
            obj._state.adding = False
        elif "valid_to" in form.changed_data:
            services.membership_end(
                membership=Membership.objects.get(pk=obj.pk), valid_to=obj.valid_to, actor=request.user
            )


class DelegationForm(forms.ModelForm):
    permissions = forms.MultipleChoiceField(
        label=_("Phạm vi"),
        choices=[
            (Perm.DECIDE_FOR_COMMUNE, _("Quyết định khen thưởng")),
            (Perm.REVIEW_FOR_COMMUNE, _("Thẩm định hồ sơ của xã")),
            (Perm.MANAGE_COUNCIL, _("Thư ký Hội đồng Thi đua - Khen thưởng")),
            (Perm.ISSUE_FOR_COMMUNE, _("Phát hành văn bản (văn thư)")),
        ],
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Delegation
        fields = ["principal", "delegate", "organization", "permissions", "signing_mode", "valid_from", "valid_to",
                  "instrument"]


class DelegationChangeForm(forms.ModelForm):
    class Meta:
        model = Delegation
        fields = ["revoked_on"]

    def clean_revoked_on(self):
        revoked_on = self.cleaned_data.get("revoked_on")
        if self.instance.revoked_on is not None and revoked_on != self.instance.revoked_on:
            raise forms.ValidationError(_("Ủy quyền đã chấm dứt; hãy lập ủy quyền mới nếu cần."))
        return revoked_on


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    """A delegation is created and revoked through roles.services (audited); it is never deleted."""

    list_display = ["delegate", "principal", "organization", "signing_mode", "valid_from", "valid_to", "revoked_on",
                    "instrument"]
    list_filter = ["organization", "signing_mode"]
    search_fields = ["delegate__username", "principal__username", "instrument"]
    autocomplete_fields = ["principal", "delegate", "organization"]
    list_select_related = ["delegate", "principal", "organization"]
    actions = ["revoke_today"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = DelegationChangeForm if obj is not None else DelegationForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is not None:
            return ["principal", "delegate", "organization", "permissions", "signing_mode", "valid_from", "valid_to",
                    "instrument", "revoked_on"]
        return super().get_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return ["principal", "delegate", "organization", "permissions", "signing_mode", "valid_from", "valid_to",
                    "instrument"]
        return []

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if not change:
            delegation = services.delegation_create(
                principal=obj.principal, delegate=obj.delegate, organization=obj.organization,
                permissions=list(obj.permissions), valid_from=obj.valid_from, valid_to=obj.valid_to,
                instrument=obj.instrument, signing_mode=obj.signing_mode, actor=request.user,
            )
            obj.pk = delegation.pk
            obj._state.adding = False
        elif "revoked_on" in form.changed_data and obj.revoked_on is not None:
            services.delegation_revoke(
                delegation=Delegation.objects.get(pk=obj.pk), revoked_on=obj.revoked_on, actor=request.user
            )

    @admin.action(description=_("Chấm dứt các ủy quyền đã chọn từ hôm nay"), permissions=["change"])
    def revoke_today(self, request, queryset):
        today = timezone.localdate()
        count = 0
        for delegation in queryset.filter(revoked_on__isnull=True):
            services.delegation_revoke(delegation=delegation, revoked_on=today, actor=request.user)
            count += 1
        self.message_user(
            request,
            ngettext("Đã chấm dứt %(count)d ủy quyền.", "Đã chấm dứt %(count)d ủy quyền.", count) % {"count": count},
            messages.SUCCESS,
        )
