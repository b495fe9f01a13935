"""Admin: decisions are read here, never written (a signed decision is immutable; drafts change through
the office's pages so every change is audited)."""

from django.contrib import admin

from .models import Decision, DecisionEntry


class DecisionEntryInline(admin.TabularInline):
    model = DecisionEntry
    fields = ("position", "nomination")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ("number_text", "year", "kind", "status", "summary", "signer_name", "signed_on")
    list_filter = ("status", "kind", "year")
    search_fields = ("number_text", "summary", "signer_name")
    inlines = [DecisionEntryInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Decision._meta.concrete_fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
