"""Administration of the award catalogue and campaigns; dossiers and their parts are read-only here.

Administrators hold no workflow rights (DESIGN §6): a dossier changes only through workflow.engine.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from dossiers.models import Attachment, AwardType, Campaign, Complaint, Dossier, Nomination
from dossiers.services import catalogue_change_record
from workflow.admin import ReadOnlyAdminMixin


class AuditedCatalogueMixin:
    """Catalogue rows are rules: every save is audited (the admin view already runs in a transaction)."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if form.changed_data or not change:
            catalogue_change_record(
                instance=form.instance, actor=request.user, created=not change, changed_fields=form.changed_data
            )


@admin.register(AwardType)
class AwardTypeAdmin(AuditedCatalogueMixin, admin.ModelAdmin):
    """A rule change is a new version: a row with the same code and a later «hiệu lực từ»."""

    list_display = ["name", "code", "category", "subject", "valid_from", "valid_to", "requires_council_vote",
                    "vote_method", "threshold_percent", "threshold_base", "posting_days"]
    list_filter = ["category", "subject", "requires_council_vote", "vote_method"]
    search_fields = ["name", "code", "legal_basis"]
    fieldsets = [
        (_("Thông tin chung"), {"fields": ["code", "name", "category", "subject", "authority", "legal_basis",
                                           ("valid_from", "valid_to"), "cash_multiplier"]}),
        (_("Thành phần hồ sơ và công khai"), {"fields": ["required_documents", "posting_days"]}),
        (_("Hội đồng xét và biểu quyết"), {"fields": [
            "requires_council_vote", "vote_exempt_kinds", "vote_method", ("quorum_numerator", "quorum_denominator"),
            ("threshold_percent", "threshold_base"), "absentee_opinions_allowed", "chair_must_agree",
        ]}),
        (_("Hạn mức và điều kiện"), {"fields": [("quota_percent", "quota_of_code"), "eligibility_rules"]}),
    ]


@admin.register(Campaign)
class CampaignAdmin(AuditedCatalogueMixin, admin.ModelAdmin):
    list_display = ["name", "year", "kind", "opens_on", "submission_deadline", "commune"]
    list_filter = ["year", "kind", "commune"]
    search_fields = ["name", "legal_basis"]
    filter_horizontal = ["award_types"]
    autocomplete_fields = ["commune"]
    list_select_related = ["commune"]


class NominationInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Nomination
    fields = ["nominee_name", "award_type", "position", "outcome", "outcome_reason"]
    readonly_fields = fields
    extra = 0
    show_change_link = True


class AttachmentInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Attachment
    fk_name = "dossier"
    fields = ["kind", "original_name", "nomination", "version", "size", "sha256", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    extra = 0


@admin.register(Dossier)
class DossierAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "unit", "campaign", "kind", "state", "assignee", "submitted_at", "updated_at"]
    list_filter = ["state", "kind", "campaign", "unit"]
    search_fields = ["title", "reference_number", "search_text"]
    list_select_related = ["unit", "campaign", "assignee"]
    inlines = [NominationInline, AttachmentInline]


@admin.register(Nomination)
class NominationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["nominee_name", "award_type", "dossier", "outcome"]
    list_filter = ["outcome", "award_type"]
    search_fields = ["nominee_name", "search_name"]
    list_select_related = ["award_type", "dossier"]


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["original_name", "kind", "dossier", "nomination", "version", "size", "uploaded_by", "uploaded_at"]
    list_filter = ["kind", "content_type"]
    search_fields = ["original_name", "sha256"]
    list_select_related = ["dossier", "nomination", "uploaded_by"]


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["complainant", "dossier", "nomination", "received_on", "status"]
    list_filter = ["status"]
    search_fields = ["complainant", "summary"]
    list_select_related = ["dossier", "nomination"]
