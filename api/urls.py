"""Routes of the API, under /api/ (config/urls.py): v1 endpoints, the OpenAPI schema and its docs."""

from django.urls import include, path, re_path

from api.views import actions, attachments, audit, council, decisions, directory, docs, dossiers, exports, tokens
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
    path("council/sessions/", council.SessionListApi.as_view(), name="api_sessions"),
    path("council/sessions/<int:pk>/", council.SessionDetailApi.as_view(), name="api_session"),
    path("council/sessions/<int:pk>/candidates/", council.CandidateListApi.as_view(), name="api_session_candidates"),
    path("council/sessions/<int:pk>/agenda/", council.AgendaAddApi.as_view(), name="api_session_agenda"),
    path("council/sessions/<int:pk>/agenda/<int:dossier_pk>/", council.AgendaRemoveApi.as_view(),
         name="api_session_agenda_remove"),
    path("council/sessions/<int:pk>/attendance/", council.AttendanceApi.as_view(), name="api_session_attendance"),
    path("council/sessions/<int:pk>/open/", council.SessionOpenApi.as_view(), name="api_session_open"),
    path("council/sessions/<int:pk>/close/", council.SessionCloseApi.as_view(), name="api_session_close"),
    path("council/sessions/<int:pk>/ballot/", council.BallotApi.as_view(), name="api_session_ballot"),
    path("council/sessions/<int:pk>/receipt/", council.ReceiptApi.as_view(), name="api_session_receipt"),
    path("council/sessions/<int:pk>/results/", council.ResultsApi.as_view(), name="api_session_results"),
    path("council/sessions/<int:pk>/minutes/<str:fmt>/", council.MinutesDownloadApi.as_view(),
         name="api_session_minutes"),
    path("council/sessions/<int:pk>/written-opinions/", council.WrittenOpinionListApi.as_view(),
         name="api_session_written_opinions"),
    path("council/sessions/<int:pk>/written-opinions/<int:opinion_pk>/file/", council.WrittenOpinionFileApi.as_view(),
         name="api_session_written_opinion_file"),
    path("decisions/", decisions.DecisionListApi.as_view(), name="api_decisions"),
    path("decisions/awardable/", decisions.AwardableApi.as_view(), name="api_decisions_awardable"),
    path("decisions/<int:pk>/", decisions.DecisionDetailApi.as_view(), name="api_decision"),
    path("decisions/<int:pk>/preview/", decisions.DecisionPreviewApi.as_view(), name="api_decision_preview"),
    path("decisions/<int:pk>/sign/", decisions.DecisionSignApi.as_view(), name="api_decision_sign"),
    path("decisions/<int:pk>/send-back/", decisions.DecisionSendBackApi.as_view(), name="api_decision_send_back"),
    path("decisions/<int:pk>/files/<str:kind>/", decisions.DecisionFileApi.as_view(), name="api_decision_file"),
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
