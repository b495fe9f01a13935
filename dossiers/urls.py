from django.urls import path

from dossiers import views
from dossiers.views import campaigns, complaints, imports

urlpatterns = [
    path("", views.MyWorkView.as_view(), name="my_work"),
    path("cho-nhan/", views.ClaimQueueView.as_view(), name="claim_queue"),
    path("thong-bao/", views.NotificationListView.as_view(), name="notifications"),
    path("thong-bao/da-doc/", views.NotificationReadView.as_view(), name="notifications_read_all"),
    path("thong-bao/<int:pk>/", views.NotificationReadView.as_view(), name="notification_open"),
    path("dot-thi-dua/", campaigns.CampaignListView.as_view(), name="campaign_list"),
    path("ho-so/", views.DossierListView.as_view(), name="dossier_list"),
    path("ho-so/moi/", views.DossierCreateView.as_view(), name="dossier_create"),
    path("ho-so/<int:pk>/", views.DossierDetailView.as_view(), name="dossier_detail"),
    path("ho-so/<int:pk>/sua/", views.DossierEditView.as_view(), name="dossier_edit"),
    path("ho-so/<int:pk>/thao-tac/<slug:action>/", views.DossierActionView.as_view(), name="dossier_action"),
    path("ho-so/<int:pk>/de-nghi/them/", views.NominationAddView.as_view(), name="nomination_add"),
    path("ho-so/<int:pk>/de-nghi/mau-excel/", imports.NominationTemplateView.as_view(), name="nomination_template"),
    path("ho-so/<int:pk>/de-nghi/nhap-excel/", imports.NominationImportView.as_view(), name="nomination_import"),
    path("ho-so/<int:pk>/khieu-nai/moi/", complaints.ComplaintCreateView.as_view(), name="complaint_create"),
    path("khieu-nai/", complaints.ComplaintListView.as_view(), name="complaints"),
    path("khieu-nai/<int:pk>/", complaints.ComplaintDetailView.as_view(), name="complaint_detail"),
    path("ho-so/<int:pk>/de-nghi/<int:nomination_pk>/sua/", views.NominationEditView.as_view(), name="nomination_edit"),
    path("ho-so/<int:pk>/de-nghi/<int:nomination_pk>/xoa/", views.NominationRemoveView.as_view(),
         name="nomination_remove"),
    path("ho-so/<int:pk>/tai-lieu/them/", views.AttachmentUploadView.as_view(), name="attachment_upload"),
    path("ho-so/<int:pk>/tai-lieu/<int:attachment_pk>/", views.AttachmentDownloadView.as_view(),
         name="attachment_download"),
]
