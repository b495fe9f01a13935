"""Routes of the API, under /api/ (config/urls.py): v1 endpoints, the OpenAPI schema and its docs."""

from django.urls import include, path, re_path

from api.views import actions, attachments, audit, directory, docs, dossiers, exports, tokens
from api.views.base import NotFoundApi

v1 = [
    path("organizations/", directory.OrganizationListApi.as_view(), name="api_organizations"),
    path("organizations/<int:pk>/", directory.OrganizationDetailApi.as_view(), name="api_organization"),
    path("people/", directory.PersonListApi.as_view(), name="api_people"),
    path("people/<int:pk>/", directory.PersonDetailApi.as_view(), name="api_person"),
    path("award-types/", directory.AwardTypeListApi.as_view(), name="api_award_types"),
    path("award-types/<int:pk>/", directory.AwardTypeDetailApi.as_view(), name="api_award_type"),
    path("campaigns/", directory.CampaignListApi.as_view(), name="api_campaigns"),
    path("campaigns/<int:pk>/", directory.CampaignDetailApi.as_view(), name="api_campaign"),
    path("dossiers/", dossiers.DossierListApi.as_view(), name="api_dossiers"),
    path("dossiers/<int:pk>/", dossiers.DossierDetailApi.as_view(), name="api_dossier"),
    path("dossiers/<int:pk>/export/", exports.DossierExportApi.as_view(), name="api_dossier_export"),
    path("dossiers/<int:pk>/nominations/", dossiers.NominationListApi.as_view(), name="api_nominations"),
    path("dossiers/<int:pk>/nominations/<int:nomination_pk>/", dossiers.NominationDetailApi.as_view(),
         name="api_nomination"),
    path("dossiers/<int:pk>/attachments/", attachments.AttachmentListApi.as_view(), name="api_attachments"),
    path("dossiers/<int:pk>/attachments/<int:attachment_pk>/download/", attachments.AttachmentDownloadApi.as_view(),
         name="api_attachment_download"),
    path("dossiers/<int:pk>/actions/", actions.ActionListApi.as_view(), name="api_actions"),
    path("dossiers/<int:pk>/actions/<str:action>/", actions.ActionPerformApi.as_view(), name="api_action"),
    path("audit/events/", audit.AuditEventListApi.as_view(), name="api_audit_events"),
    path("audit/events/export/", audit.AuditExportApi.as_view(), name="api_audit_export"),
    path("audit/verify/", audit.AuditVerifyApi.as_view(), name="api_audit_verify"),
    path("exports/awards/", exports.AwardExportApi.as_view(), name="api_award_export"),
    path("tokens/", tokens.TokenListApi.as_view(), name="api_tokens"),
    path("tokens/<int:pk>/revoke/", tokens.TokenRevokeApi.as_view(), name="api_token_revoke"),
]

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", docs.SchemaApi.as_view(), name=docs.SCHEMA_URL_NAME),
    path("docs/", docs.SwaggerDocs.as_view(), name="api_docs"),
    path("docs/redoc/", docs.RedocDocs.as_view(), name="api_redoc"),
    # Anything else under /api/ answers in the API's error format, not with the site's HTML 404 page.
    re_path(r"^.*$", NotFoundApi.as_view()),
]
