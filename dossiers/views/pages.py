"""Reading pages and the action form: "Việc của tôi", "Chờ nhận", the dossier list, one dossier, downloads."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from council import selectors as council_selectors
from decisions import selectors as decision_selectors
from dossiers import eligibility, selectors
from dossiers.forms import ActionForm, DossierFilterForm
from dossiers.models import EDITABLE_STATES, ComplaintStatus, DocumentKind
from dossiers.views.common import PageMixin, PartialMixin, WorkflowErrorMixin
from roles.catalog import Perm
from workflow import engine, guards
from workflow.actions import SPECS, Action
from workflow.exceptions import WorkflowError

OPEN_CAMPAIGNS_SHOWN = 5


def _page(request, queryset):
    return Paginator(queryset, selectors.PAGE_SIZE).get_page(request.GET.get("page"))


class MyWorkView(PageMixin, TemplateView):
    template_name = "dossiers/my_work.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_obj"] = _page(self.request, selectors.inbox_for(actor=self.request.user, scope=self.scope))
        # A council member's work is a ballot, not a dossier: without this the page they land on reads "nothing".
        context["to_vote"] = list(council_selectors.sessions_to_vote_in(user=self.request.user))
        # The Chair decides by signing drafts, which live on the decisions pages: say how many wait.
        context["to_sign"] = decision_selectors.chair_queue_for(scope=self.scope).count()
        # What a unit may propose for, and until when: the first thing it needs on signing in. The nearest
        # deadlines only; "Đợt thi đua" has them all.
        campaigns = selectors.open_campaign_deadlines_for(scope=self.scope)
        context["open_campaigns"] = campaigns[:OPEN_CAMPAIGNS_SHOWN]
        context["more_campaigns"] = len(campaigns[OPEN_CAMPAIGNS_SHOWN:])
        return context


class ClaimQueueView(PageMixin, TemplateView):
    """"Chờ nhận": dossiers of the actor's communes that no reviewer holds yet, to claim (take)."""

    template_name = "dossiers/claim_queue.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_obj"] = _page(self.request, selectors.claim_queue_for(actor=self.request.user, scope=self.scope))
        return context


class DossierListView(PartialMixin, PageMixin, TemplateView):
    template_name = "dossiers/dossier_list.html"
    # The filters and the pages of the list refresh the table alone (htmx).
    partial_target = "dossier-results"
    partial_template_name = "dossiers/_dossier_results.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        options = selectors.filter_options_for(scope=self.scope)
        form = DossierFilterForm(self.request.GET or None, options=options)
        filters = selectors.DossierFilters()
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            filters = selectors.DossierFilters(
                state=data["state"],
                unit=getattr(data["unit"], "pk", None),
                campaign=getattr(data["campaign"], "pk", None),
                award_type=getattr(data["award_type"], "pk", None),
                q=data["q"],
            )
        queryset = selectors.dossier_list_for(actor=self.request.user, filters=filters, scope=self.scope)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(form=form, page_obj=_page(self.request, queryset), query=query.urlencode())
        return context


class DossierDetailView(WorkflowErrorMixin, PageMixin, TemplateView):
    """One dossier in scope (else 404): fields, nominees, documents, timeline and the actions of now."""

    template_name = "dossiers/dossier_detail.html"

    def get_dossier(self):
        return selectors.dossier_detail_for(actor=self.request.user, pk=self.kwargs["pk"], scope=self.scope)

    def render_page(self, dossier, *, errors=(), posted_action="", posted=None, status=200):
        user = self.request.user
        actions = engine.available_actions(dossier, user)
        can_assess = engine.can_assess(dossier, user)
        current, superseded = selectors.attachment_versions(dossier=dossier)
        office = dossier.commune_id in self.scope.organizations_with(Perm.REVIEW_FOR_COMMUNE)
        nominations = list(dossier.nominations.all())
        # The office reviews eligibility: show it what the award history and open complaints say.
        warnings = eligibility.warnings_for(dossier) if office else {}
        for nomination in nominations:
            nomination.warnings = warnings.get(nomination.pk, [])
        context = self.get_context_data(
            dossier=dossier,
            nominations=nominations,
            office=office,
            document_kinds=DocumentKind.choices,
            complaints=list(dossier.complaints.all()) if dossier.commune_id in self.scope.commune_ids else [],
            current_attachments=current,
            superseded_attachments=superseded,
            timeline=selectors.dossier_timeline(
                dossier=dossier, show_complaints=dossier.commune_id in self.scope.commune_ids
            ),
            chart=selectors.process_chart(dossier=dossier),
            reviewers=(
                selectors.reviewers_for(dossier=dossier) if any(a.action == Action.REASSIGN for a in actions) else []
            ),
            actions=actions,
            can_assess=can_assess,
            can_edit=any(a.action == Action.SUBMIT for a in actions) and dossier.state in EDITABLE_STATES,
            missing_documents=guards.missing_documents(dossier) if dossier.state in EDITABLE_STATES else [],
            open_complaints=[c for c in dossier.complaints.all() if c.status == ComplaintStatus.OPEN],
            errors=list(errors),
            posted_action=posted_action,
            posted=posted or {},
        )
        return self.render_to_response(context, status=status)

    def get(self, request, *args, **kwargs):
        return self.render_page(self.get_dossier())


class DossierActionView(DossierDetailView):
    """POST /ho-so/<id>/thao-tac/<action>/: parse the form, call engine.perform, show the outcome."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        dossier = self.get_dossier()
        action = kwargs["action"]
        spec = SPECS.get(action)
        if spec is None or spec.system:
            raise Http404(_("Không có thao tác này."))
        form = ActionForm(request.POST)
        posted = {"reason": request.POST.get("reason", ""), "nomination": request.POST.get("nomination", "")}
        if not form.is_valid():
            errors = [e for field_errors in form.errors.values() for e in field_errors]
            return self.render_page(dossier, errors=errors, posted_action=action, posted=posted, status=400)
        data = form.engine_data(action)
        if action == Action.REASSIGN:
            # The engine checks that the person chosen reviews for this commune.
            data["assignee"] = selectors.user_by_id(request.POST.get("assignee", ""))
        try:
            engine.perform(dossier, action, request.user, **data)
        except WorkflowError as exc:
            fresh = self.get_dossier()
            return self.render_page(fresh, errors=self.error_messages(exc, fresh), posted_action=action,
                                    posted=posted, status=self.error_status(exc))
        messages.success(request, _("Đã thực hiện: «%(action)s».") % {"action": Action(action).label})
        return redirect("dossier_detail", pk=dossier.pk)


class AttachmentDownloadView(PageMixin, View):
    """Stream a document of a dossier in scope, re-checking the scope on every download."""

    def get(self, request, *args, **kwargs):
        dossier = selectors.dossier_detail_for(actor=request.user, pk=kwargs["pk"], scope=self.scope)
        attachment = selectors.attachment_for(dossier=dossier, pk=kwargs["attachment_pk"])
        return FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=attachment.original_name,
            content_type=attachment.content_type,
        )


__all__ = [
    "AttachmentDownloadView", "ClaimQueueView", "DossierActionView", "DossierDetailView", "DossierListView",
    "MyWorkView",
]
