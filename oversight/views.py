"""Thin views over the oversight reads: parse the query, check the role, render or stream."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from dossiers.models import Dossier
from dossiers.selectors import dossier_timeline
from dossiers.uploads import XLSX
from dossiers.views.common import PageMixin
from oversight import audit_log, dashboard, exports, history, services
from oversight.access import audited_communes, overseen_communes
from oversight.charts import bar_chart, line_chart
from oversight.forms import AsOfForm, AuditFilterForm, YearForm
from oversight.labels import action_label
from roles.models import Organization, OrganizationKind
from workflow.verification import verify


class RoleRequiredMixin(PageMixin):
    """A page for the communes where the actor holds a role; signed-in users without one get 403."""

    refusal = ""

    def communes_of(self, scope) -> list[int]:
        raise NotImplementedError

    @cached_property
    def communes(self) -> list[int]:
        return self.communes_of(self.scope)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.communes:
            raise PermissionDenied(self.refusal)
        return super().dispatch(request, *args, **kwargs)


class AuditorMixin(RoleRequiredMixin):
    """Pages of the commune's auditors (kiểm tra, giám sát)."""

    refusal = gettext_lazy("Chỉ cán bộ kiểm tra, giám sát mới xem được trang này.")

    def communes_of(self, scope) -> list[int]:
        return audited_communes(scope)


class AuditFilterMixin(AuditorMixin):
    def filter_form(self) -> AuditFilterForm:
        units = Organization.objects.filter(commune_id__in=self.communes, kind=OrganizationKind.UNIT).order_by("name")
        return AuditFilterForm(self.request.GET or None, units=list(units))


class AuditLogView(AuditFilterMixin, TemplateView):
    template_name = "oversight/audit_log.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.filter_form()
        filters = form.filters() if form.is_bound else audit_log.AuditFilters()
        refused = form.is_bound and not form.is_valid()
        before = self.request.GET.get("before", "")
        page = (
            audit_log.AuditPage([], None)
            if refused
            else audit_log.page(self.communes, filters, int(before) if before.isdigit() else None)
        )
        query = self.request.GET.copy()
        query.pop("before", None)
        context.update(
            title=_("Nhật ký kiểm tra"),
            form=form,
            page=page,
            rows=[(event, action_label(event.action)) for event in page.events],
            query=query.urlencode(),
            first_page=bool(before),
        )
        return context


class AuditExportView(AuditFilterMixin, TemplateView):
    """The filtered log as CSV; the export is recorded (with its filters and size) before it streams."""

    def get(self, request, *args, **kwargs):
        form = self.filter_form()
        if form.is_bound and not form.is_valid():
            raise PermissionDenied(_("Bộ lọc không hợp lệ: vui lòng sửa trên trang nhật ký rồi xuất lại."))
        filters = form.filters() if form.is_bound else audit_log.AuditFilters()
        row_count = audit_log.filtered(self.communes, filters).count()
        services.audit_export_record(actor=request.user, filters=filters, row_count=row_count, file_format="csv")
        counter = [0]
        response = StreamingHttpResponse(
            exports.audit_csv_rows(audit_log.for_export(self.communes, filters), counter),
            content_type="text/csv; charset=utf-8",
        )
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="nhat-ky-kiem-tra-{stamp}.csv"'
        return response


class DossierAsOfView(AuditorMixin, TemplateView):
    template_name = "oversight/dossier_as_of.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        dossier = get_object_or_404(
            Dossier.objects.select_related("unit"), pk=kwargs["pk"], commune_id__in=self.communes
        )
        form = AsOfForm(self.request.GET or None)
        then = history.dossier_as_of(dossier, history.end_of_day(form.cleaned_data["day"])) if (
            form.is_bound and form.is_valid()
        ) else None
        context.update(
            title=_("Hồ sơ #%(pk)s theo nhật ký") % {"pk": dossier.pk},
            dossier=dossier,
            form=form,
            then=then,
            timeline=dossier_timeline(dossier=dossier),
        )
        return context


class VerifyView(AuditorMixin, TemplateView):
    """Run the verifier on demand (it reads the whole log: a POST, and recorded, never on a plain visit)."""

    template_name = "oversight/verify.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Kiểm tra tính toàn vẹn nhật ký")
        return context

    def post(self, request, *args, **kwargs):
        started = timezone.now()
        report = verify()
        seconds = (timezone.now() - started).total_seconds()
        services.verification_record(actor=request.user, report=report)
        context = self.get_context_data(report=report, problems=report.ordered_problems()[:50], seconds=seconds)
        return self.render_to_response(context)


class OverseerMixin(RoleRequiredMixin):
    refusal = gettext_lazy("Trang tổng quan dành cho lãnh đạo và cán bộ của xã.")

    def communes_of(self, scope) -> list[int]:
        return overseen_communes(scope)


class DashboardView(OverseerMixin, TemplateView):
    template_name = "oversight/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        figures = dashboard.figures(self.communes, timezone.localdate())
        context.update(
            title=_("Tổng quan"),
            figures=figures,
            state_chart=bar_chart(figures.by_state, _("Hồ sơ theo trạng thái")),
            unit_chart=bar_chart(figures.by_unit, _("Hồ sơ theo đơn vị")),
            awarded_unit_chart=bar_chart(figures.awarded_per_unit, _("Khen thưởng theo đơn vị")),
            submitted_chart=line_chart(figures.submitted_per_month, _("Hồ sơ trình theo tháng")),
            awarded_chart=line_chart(figures.awarded_per_month, _("Khen thưởng theo tháng")),
        )
        return context


class YearlySummaryView(OverseerMixin, TemplateView):
    template_name = "oversight/yearly_summary.html"

    def year(self) -> tuple[YearForm, int]:
        form = YearForm(self.request.GET or None)
        year = form.cleaned_data["year"] if form.is_bound and form.is_valid() else timezone.localdate().year
        return form, year

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, year = self.year()
        context.update(
            title=_("Tổng hợp khen thưởng năm %(year)s") % {"year": year},
            form=form,
            summary=dashboard.yearly_summary(self.communes, year),
        )
        return context


class YearlySummaryExportView(YearlySummaryView):
    def get(self, request, *args, **kwargs):
        _form, year = self.year()
        commune = Organization.objects.filter(pk__in=self.communes).order_by("name").first()
        content = exports.yearly_summary_xlsx(dashboard.yearly_summary(self.communes, year), commune.name)
        response = HttpResponse(
            content, content_type=XLSX
        )
        response["Content-Disposition"] = f'attachment; filename="tong-hop-khen-thuong-{year}.xlsx"'
        return response
