from django.urls import path, re_path

from council import views

urlpatterns = [
    path("hoi-dong/", views.SessionListView.as_view(), name="council_sessions"),
    path("hoi-dong/chuyen-ho-so/", views.BulkForwardView.as_view(), name="council_bulk_forward"),
    path("hoi-dong/phien-hop/<int:pk>/", views.SessionDetailView.as_view(), name="council_session"),
    path("hoi-dong/phien-hop/<int:pk>/chuong-trinh/them/", views.AgendaAddView.as_view(), name="council_agenda_add"),
    path("hoi-dong/phien-hop/<int:pk>/chuong-trinh/<int:dossier_pk>/rut/", views.AgendaRemoveView.as_view(),
         name="council_agenda_remove"),
    path("hoi-dong/phien-hop/<int:pk>/diem-danh/", views.AttendanceView.as_view(), name="council_attendance"),
    path("hoi-dong/phien-hop/<int:pk>/mo/", views.SessionOpenView.as_view(), name="council_open"),
    path("hoi-dong/phien-hop/<int:pk>/ket-thuc/", views.SessionCloseView.as_view(), name="council_close"),
    path("hoi-dong/phien-hop/<int:pk>/y-kien-van-ban/", views.WrittenOpinionView.as_view(),
         name="council_written_opinion"),
    path("hoi-dong/phien-hop/<int:pk>/y-kien-van-ban/<int:opinion_pk>/tep/", views.WrittenOpinionDownloadView.as_view(),
         name="council_written_opinion_file"),
    path("hoi-dong/phien-hop/<int:pk>/phieu/", views.BallotView.as_view(), name="council_ballot"),
    path("hoi-dong/phien-hop/<int:pk>/bien-nhan/", views.ReceiptView.as_view(), name="council_receipt"),
    path("hoi-dong/phien-hop/<int:pk>/ket-qua/", views.ResultsView.as_view(), name="council_results"),
    re_path(r"^hoi-dong/phien-hop/(?P<pk>[0-9]+)/bien-ban\.(?P<fmt>pdf|docx)$", views.MinutesDownloadView.as_view(),
            name="council_minutes"),
]
