from django.contrib import admin
from django.urls import include, path

from roles import views as role_views

urlpatterns = [
    # The admin signs in and out through our audited views (same page, same axes protection).
    path("admin/login/", role_views.LoginView.as_view(), name="admin_login"),
    path("admin/logout/", role_views.LogoutView.as_view(), name="admin_logout"),
    path("admin/", admin.site.urls),
    path("", include("roles.urls")),
    path("", include("dossiers.urls")),
    path("", include("council.urls")),
    path("", include("decisions.urls")),
    path("", include("documents.urls")),
    path("api/", include("api.urls")),
    path("", include("oversight.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]
