"""Admin: document series are read here; numbers are taken at signing, and a register is continued only
through `documents.services.series_continue_from` (audited)."""

from django.contrib import admin

from .models import DocumentSeries


@admin.register(DocumentSeries)
class DocumentSeriesAdmin(admin.ModelAdmin):
    list_display = ("issuer", "symbol", "year", "last_number")
    list_filter = ("year", "code")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
