"""What every page shares: login, the actor's scope (resolved once per request), the layout context,
and the one place that turns engine and service refusals into Vietnamese messages (STYLE: errors)."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.utils.cache import patch_vary_headers
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from dossiers import selectors
from dossiers.models import Dossier, DossierState
from dossiers.uploads import UnsupportedFile
from oversight.access import audited_communes, overseen_communes
from roles.catalog import Perm
from workflow import notifications
from workflow.exceptions import Conflict, WorkflowError


@dataclass(frozen=True)
class Layout:
    """The header and menu: who is signed in, their roles, and only the pages their roles may use."""

    user_name: str
    roles: tuple
    sees_dossiers: bool
    can_propose: bool
    is_staff: bool
    can_claim: bool = False  # reviews for a commune: has a "Chờ nhận" queue
    unread_notifications: int = 0
    in_commune: bool = False  # holds a commune role: council, decisions, complaints
    oversees: bool = False  # the dashboard and the yearly summary
    audits: bool = False  # the audit log


def layout_for(request, scope: selectors.Scope) -> Layout:
    user = request.user
    return Layout(
        user_name=user.get_full_name() or user.get_username(),
        roles=scope.roles,
        sees_dossiers=scope.sees_dossiers,
        can_propose=scope.can_propose,
        is_staff=user.is_staff,
        can_claim=bool(scope.organizations_with(Perm.REVIEW_FOR_COMMUNE)),
        unread_notifications=notifications.unread_count(user),
        in_commune=bool(scope.commune_ids),
        oversees=bool(overseen_communes(scope)),
        audits=bool(audited_communes(scope)),
    )


class PageMixin(LoginRequiredMixin):
    """A signed-in page: the actor's scope is resolved once and the layout goes into the context."""

    @cached_property
    def scope(self) -> selectors.Scope:
        return selectors.scope_for(actor=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["layout"] = layout_for(self.request, self.scope)
        return context

    def handle_no_permission(self):
        # An htmx request would follow the redirect and swap the login page into a table: send the whole tab
        # to the login page instead, coming back to the page it was on.
        if self.request.htmx and not self.request.user.is_authenticated:
            login = redirect_to_login(self.request.htmx.current_url_abs_path or self.request.get_full_path())
            return HttpResponseClientRedirect(login.url)
        return super().handle_no_permission()


def wants_part(request, target: str) -> bool:
    """An htmx request that replaces the element `target` (an id): answer with that part of the page only.

    A history restore always gets the whole page, whatever base.html's htmx config says about Back."""
    return bool(request.htmx) and request.htmx.target == target and not request.htmx.history_restore_request


class PartialMixin:
    """A page whose `partial_target` element htmx may refresh on its own: the same view, selectors and
    queries, rendered with `partial_template_name` instead of the whole page."""

    partial_target = ""
    partial_template_name = ""

    def get_template_names(self):
        if wants_part(self.request, self.partial_target):
            return [self.partial_template_name]
        return super().get_template_names()

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        # One address, two answers: a cache (the browser's included) must not give the part for the page.
        patch_vary_headers(response, ("HX-Request", "HX-Target"))
        return response


class WorkflowErrorMixin:
    """Map ActionNotAllowed (403), GuardFailed (409), Conflict (409) and refused files (400).

    Views that can show the error beside the form call `error_messages` and `error_status`; anything
    that escapes them is caught in `dispatch`, shown as a message on the dossier page.
    """

    error_redirect_to = "dossier_detail"

    def error_messages(self, exc: Exception, dossier: Dossier | None = None) -> list[str]:
        if isinstance(exc, Conflict):
            result = [_("Đã có người thao tác trên hồ sơ trước bạn, nên thao tác của bạn chưa được thực hiện.")]
            result += [r for r in exc.reasons if r != str(exc.default_message)]
            if dossier is not None:
                state = Dossier.objects.filter(pk=dossier.pk).values_list("state", flat=True).first()
                if state:
                    result.append(
                        _("Trạng thái hiện tại của hồ sơ: «%(state)s». Vui lòng xem lại trước khi thao tác tiếp.")
                        % {"state": DossierState(state).label}
                    )
            return result
        if isinstance(exc, WorkflowError):
            return list(exc.reasons)
        return [str(exc)]

    def error_status(self, exc: Exception) -> int:
        return getattr(exc, "http_status", 400)

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except (WorkflowError, UnsupportedFile) as exc:
            for text in self.error_messages(exc):
                messages.error(request, text)
            if "pk" in kwargs:
                return redirect(self.error_redirect_to, pk=kwargs["pk"])
            return redirect("my_work")
