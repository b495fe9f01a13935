"""Sign-in and sign-out, audited here in the views (STYLE: no signal receiver audits).

Django's AuthenticationForm calls `authenticate(request, ...)`, which django-axes needs to count
failures and lock a username and address out; the lockout page itself comes from AxesMiddleware.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from workflow import audit

AUTH_STREAM = "auth"
MAX_USERNAME = 150


class AuthEvent:
    LOGIN = "login"
    LOGOUT = "logout"
    LOGIN_FAILED = "login_failed"


ANONYMOUS = audit.Actor(None, "anonymous")


def _user_stream(user_id) -> str:
    return f"user:{user_id}"


class LoginView(auth_views.LoginView):
    """The one sign-in page, also behind /admin/login/; every success and failure is audited."""

    template_name = "registration/login.html"
    extra_context = {"title": _("Đăng nhập")}

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        audit.record(stream=_user_stream(user.pk), action=AuthEvent.LOGIN, actor=user, object_type="user",
                     object_id=user.pk, data={"username": user.get_username()})
        return response

    def form_invalid(self, form):
        # The attempted username only, never the password.
        username = str(form.data.get("username", ""))[:MAX_USERNAME]
        user_model = get_user_model()
        user = user_model._default_manager.filter(**{user_model.USERNAME_FIELD: username}).first() if username else None
        audit.record(
            stream=_user_stream(user.pk) if user else AUTH_STREAM,
            action=AuthEvent.LOGIN_FAILED,
            actor=ANONYMOUS,
            object_type="user",
            object_id=user.pk if user else "",
            data={"username": username, "locked_out": bool(getattr(self.request, "axes_locked_out", False))},
        )
        return super().form_invalid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # /admin/login/ for someone signed in without staff rights: say why the form shows again.
        context["not_staff"] = self.request.user.is_authenticated and self.request.path == reverse("admin_login")
        return context


class LogoutView(auth_views.LogoutView):
    """Sign out (POST only, as Django requires), audited before the session ends."""

    def post(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated:
            audit.record(stream=_user_stream(user.pk), action=AuthEvent.LOGOUT, actor=user, object_type="user",
                         object_id=user.pk, data={"username": user.get_username()})
        return super().post(request, *args, **kwargs)
