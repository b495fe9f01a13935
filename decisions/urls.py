from django.urls import path

from . import views

app_name = "decisions"

urlpatterns = [
    path("quyet-dinh/", views.DecisionListView.as_view(), name="list"),
    path("quyet-dinh/cho-ky/", views.ChairQueueView.as_view(), name="queue"),
    path("quyet-dinh/du-thao-moi/", views.DecisionCreateView.as_view(), name="create"),
    path("quyet-dinh/so-dang-ky/", views.RegisterView.as_view(), name="register"),
    path("quyet-dinh/so-dang-ky.xlsx", views.RegisterExportView.as_view(), name="register_export"),
    path("quyet-dinh/lich-su-khen-thuong/", views.AwardHistoryView.as_view(), name="history"),
    path(
        "quyet-dinh/lich-su-khen-thuong/ca-nhan/<int:person>/", views.AwardHistoryView.as_view(), name="history_person"
    ),
    path("quyet-dinh/<int:pk>/", views.DecisionDetailView.as_view(), name="detail"),
    path("quyet-dinh/<int:pk>/sua/", views.DecisionEditView.as_view(), name="edit"),
    path("quyet-dinh/<int:pk>/ky/", views.DecisionSignView.as_view(), name="sign"),
    path("quyet-dinh/<int:pk>/gui-lai/", views.DecisionSendBackView.as_view(), name="send_back"),
    path("quyet-dinh/<int:pk>/xem-truoc.pdf", views.DecisionPreviewView.as_view(), name="preview"),
    path("quyet-dinh/<int:pk>/tep/<str:kind>/", views.DecisionFileView.as_view(), name="file"),
    path("quyet-dinh/<int:pk>/huy-bo/", views.RevocationCreateView.as_view(), name="revoke"),
    path("quyet-dinh/<int:pk>/dinh-chinh/", views.CorrectionCreateView.as_view(), name="correct"),
    path("cong-khai/quyet-dinh/", views.PublicListView.as_view(), name="public_list"),
    path("cong-khai/quyet-dinh/<int:pk>/", views.PublicDetailView.as_view(), name="public_detail"),
    path("cong-khai/quyet-dinh/<int:pk>/tep.pdf", views.PublicFileView.as_view(), name="public_file"),
    path("kiem-tra-chu-ky-so/", views.ValidateView.as_view(), name="validate"),
]
