"""The audit log in the admin: readable by staff, never added to, changed or deleted here (DESIGN §10).

The working-day calendar is configured here by administrators; every save and delete is audited (§11).
"""

import json

from django.contrib import admin
from django.db import transaction
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from workflow import services
from workflow.models import AuditCheckpoint, AuditEvent, CalendarDay


class ReadOnlyAdminMixin:
    """Shown to those allowed to view, changed by nobody here (not even a superuser)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AppendOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """No add, change or delete for anyone, superusers included; any active staff member may read."""

    def has_view_permission(self, request, obj=None):
        return bool(request.user.is_active and request.user.is_staff)

    def has_module_permission(self, request):
        return self.has_view_permission(request)


@admin.register(AuditEvent)
class AuditEventAdmin(AppendOnlyAdmin):
    list_display = ["id", "occurred_at", "stream", "stream_seq", "actor_username", "on_behalf_of_username", "role",
                    "action", "from_state", "to_state"]
    list_filter = ["action", "object_type"]
    search_fields = ["stream", "actor_username", "object_id", "action"]
    date_hierarchy = "occurred_at"
    fields = ["stream", "stream_seq", "occurred_at", "actor_id", "actor_username", "on_behalf_of_id",
              "on_behalf_of_username", "role", "action", "object_type", "object_id", "from_state", "to_state",
              "data_display", "client_address", "request_id", "prev_hash", "hash"]
    readonly_fields = fields
    show_full_result_count = False

    @admin.display(description=_("dữ liệu"))
    def data_display(self, event):
        return format_html("<pre>{}</pre>", json.dumps(event.data, ensure_ascii=False, indent=2, sort_keys=True))


@admin.register(AuditCheckpoint)
class AuditCheckpointAdmin(AppendOnlyAdmin):
    list_display = ["id", "created_at", "stream_count", "event_count", "merkle_root"]
    fields = ["created_at", "stream_count", "event_count", "merkle_root", "public_key", "signature", "heads"]
    readonly_fields = fields


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["day", "commune", "kind", "note"]
    list_filter = ["commune", "kind"]
    date_hierarchy = "day"
    search_fields = ["note"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        action = "calendar_day_changed" if change else "calendar_day_added"
        services.calendar_day_record(day=obj, actor=request.user, action=action)

    def delete_model(self, request, obj):
        services.calendar_day_record(day=obj, actor=request.user, action="calendar_day_deleted")
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        # The bulk "delete selected" action bypasses delete_model and runs outside the admin's transaction.
        with transaction.atomic():
            for obj in queryset:
                services.calendar_day_record(day=obj, actor=request.user, action="calendar_day_deleted")
            super().delete_queryset(request, queryset)
