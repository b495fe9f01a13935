"""Complaints and objections (khiếu nại, phản ánh): the office registers them, may suspend the dossier
while it settles them, records the outcome and resumes. Services and the engine do every write."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from dossiers import selectors, services
from dossiers.forms import ComplaintForm, ComplaintSettleForm
from dossiers.models import SUSPENDABLE_STATES, ComplaintStatus, DossierState
from dossiers.views.common import PageMixin, WorkflowErrorMixin
from roles.catalog import Perm
from workflow.exceptions import WorkflowError


class OfficeMixin(PageMixin):
    """Complaints belong to the commune's office; others are refused."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.scope.commune_ids:
            raise PermissionDenied(_("Chỉ cán bộ của xã mới xem được khiếu nại, phản ánh."))
        return super().dispatch(request, *args, **kwargs)

    def may_handle(self, dossier) -> bool:
        return dossier.commune_id in self.scope.organizations_with(Perm.REVIEW_FOR_COMMUNE)


class ComplaintListView(OfficeMixin, TemplateView):
    template_name = "dossiers/complaint_list.html"

    def get_context_data(self, **kwargs):
        status = self.request.GET.get("status", "")
        status = status if status in ComplaintStatus.values else ""
        return super().get_context_data(
            title=_("Khiếu nại, phản ánh"),
            complaints=list(selectors.complaints_for(scope=self.scope, status=status)[:200]),
            status=status,
            statuses=ComplaintStatus.choices,
            **kwargs,
        )


class ComplaintCreateView(WorkflowErrorMixin, OfficeMixin, TemplateView):
    template_name = "dossiers/complaint_form.html"

    def get_dossier(self):
        dossier = selectors.dossier_detail_for(actor=self.request.user, pk=self.kwargs["pk"], scope=self.scope)
        if not self.may_handle(dossier):
            raise PermissionDenied(_("Chỉ cán bộ thẩm định của xã mới tiếp nhận khiếu nại, phản ánh."))
        return dossier

    def make_form(self, dossier, data=None):
        return ComplaintForm(data, nominations=list(dossier.nominations.all()),
                             can_suspend=dossier.state in SUSPENDABLE_STATES,
                             initial={"received_on": timezone.localdate()})

    def render_form(self, dossier, form, status=200):
        return self.render_to_response(self.get_context_data(dossier=dossier, form=form), status=status)

    def get(self, request, *args, **kwargs):
        dossier = self.get_dossier()
        return self.render_form(dossier, self.make_form(dossier))

    def post(self, request, *args, **kwargs):
        dossier = self.get_dossier()
        form = self.make_form(dossier, request.POST)
        if not form.is_valid():
            return self.render_form(dossier, form, status=400)
        data = form.cleaned_data
        try:
            complaint = services.complaint_receive(
                dossier=dossier, actor=request.user, complainant=data["complainant"], summary=data["summary"],
                received_on=data["received_on"], nomination=data["nomination"], suspend=data.get("suspend", False),
            )
        except WorkflowError as exc:
            for text in self.error_messages(exc, dossier):
                form.add_error(None, text)
            return self.render_form(dossier, form, status=self.error_status(exc))
        messages.success(request, _("Đã tiếp nhận khiếu nại, phản ánh."))
        return redirect("complaint_detail", pk=complaint.pk)


class ComplaintDetailView(WorkflowErrorMixin, OfficeMixin, TemplateView):
    template_name = "dossiers/complaint_detail.html"

    def make_form(self, complaint, data=None):
        others_open = [c for c in complaint.dossier.complaints.all()
                       if c.status == ComplaintStatus.OPEN and c.pk != complaint.pk]
        can_resume = complaint.dossier.state == DossierState.SUSPENDED and not others_open
        return ComplaintSettleForm(data, can_resume=can_resume, initial={"resume": can_resume})

    def render_page(self, complaint, form=None, status=200):
        context = self.get_context_data(
            complaint=complaint, dossier=complaint.dossier,
            form=form or (self.make_form(complaint) if complaint.status == ComplaintStatus.OPEN else None),
            may_handle=self.may_handle(complaint.dossier),
        )
        return self.render_to_response(context, status=status)

    def get(self, request, *args, **kwargs):
        return self.render_page(selectors.complaint_for(scope=self.scope, pk=kwargs["pk"]))

    def post(self, request, *args, **kwargs):
        complaint = selectors.complaint_for(scope=self.scope, pk=kwargs["pk"])
        form = self.make_form(complaint, request.POST)
        if not form.is_valid():
            return self.render_page(complaint, form, status=400)
        data = form.cleaned_data
        try:
            services.complaint_settle(complaint=complaint, actor=request.user, status=data["status"],
                                      outcome=data["outcome"], resume=data.get("resume", False))
        except WorkflowError as exc:
            for text in self.error_messages(exc, complaint.dossier):
                form.add_error(None, text)
            return self.render_page(selectors.complaint_for(scope=self.scope, pk=kwargs["pk"]), form,
                                    status=self.error_status(exc))
        messages.success(request, _("Đã ghi kết quả giải quyết."))
        return redirect("complaint_detail", pk=complaint.pk)
