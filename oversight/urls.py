from django.urls import path

from oversight import views

urlpatterns = [
    path("kiem-tra/nhat-ky/", views.AuditLogView.as_view(), name="audit_log"),
    path("kiem-tra/nhat-ky/xuat-csv/", views.AuditExportView.as_view(), name="audit_export"),
    path("kiem-tra/ho-so/<int:pk>/", views.DossierAsOfView.as_view(), name="dossier_as_of"),
    path("kiem-tra/toan-ven/", views.VerifyView.as_view(), name="audit_verify"),
    path("tong-quan/", views.DashboardView.as_view(), name="dashboard"),
    path("tong-quan/tong-hop-nam/", views.YearlySummaryView.as_view(), name="yearly_summary"),
    path("tong-quan/tong-hop-nam/xlsx/", views.YearlySummaryExportView.as_view(), name="yearly_summary_xlsx"),
]
