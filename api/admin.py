"""API tokens in the admin: an administrator issues one per integration (the secret is shown once, in the
confirmation message) and revokes it; both through api.tokens, so both are audited. Never deleted."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from api import tokens
from api.models import ApiToken
from workflow.exceptions import WorkflowError


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "organization", "prefix", "created_by", "created_at", "revoked_at",
                    "last_used_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "prefix", "user__username"]
    list_select_related = ["user", "organization", "created_by"]
    fields = ["name", "user", "organization"]
    autocomplete_fields = ["user", "organization"]
    actions = ["revoke"]

    def get_readonly_fields(self, request, obj=None):
        return self.fields if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            return  # an issued token is not edited: revoke it and issue another
        token, key = tokens.token_create(actor=request.user, user=obj.user, organization=obj.organization,
                                         name=obj.name)
        obj.pk = token.pk
        messages.warning(request, _("Khóa API (chỉ hiển thị một lần, hãy lưu lại ngay): %(key)s") % {"key": key})

    @admin.action(description=gettext_lazy("Thu hồi các khóa API đã chọn"))
    def revoke(self, request, queryset):
        for token in queryset.filter(revoked_at__isnull=True):
            try:
                tokens.token_revoke(actor=request.user, token=token)
            except WorkflowError as exc:
                messages.error(request, exc.message)
                return
        messages.success(request, _("Đã thu hồi các khóa API đã chọn."))
