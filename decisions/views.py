"""Decision pages: thin views that parse a form, call a service or selector, and render (STYLE: views)."""

import datetime
import hashlib
import io

from django.contrib import messages
from django.db.models import ObjectDoesNotExist
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from openpyxl import Workbook
from openpyxl.styles import Font

from documents import keys
from documents.signing import validate
from dossiers.models import AwardType, Dossier
from dossiers.uploads import XLSX
from dossiers.views.common import PageMixin
from roles.catalog import Perm
from roles.models import Organization
from workflow import audit
from workflow.exceptions import WorkflowError

from . import selectors, services, signing
from .forms import CorrectionForm, DraftForm, RevocationForm, SendBackForm, SignForm, ValidationForm
from .models import Decision, DecisionStatus


class DecisionPageMixin(PageMixin):
    def can_draft(self, commune_id) -> bool:
        return commune_id in self.scope.organizations_with(Perm.REVIEW_FOR_COMMUNE)

    def can_sign(self, commune_id) -> bool:
        return commune_id in self.scope.organizations_with(Perm.DECIDE_FOR_COMMUNE, delegation=True)

    def communes(self) -> list[int]:
        return selectors.communes_for(self.scope)

    def decision(self, pk) -> Decision:
        try:
            return selectors.decision_detail_for(scope=self.scope, pk=pk)
        except ObjectDoesNotExist as exc:
            raise Http404 from exc

    def drafting_communes(self):
        return Organization.objects.filter(pk__in=sorted(self.scope.organizations_with(Perm.REVIEW_FOR_COMMUNE)))


class DecisionListView(DecisionPageMixin, TemplateView):
    template_name = "decisions/decision_list.html"

    def get(self, request, *args, **kwargs):
        if not self.communes():  # unit roles read issued decisions where everyone does
            return redirect("decisions:public_list")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        decisions = selectors.decision_list_for(scope=self.scope)
        return super().get_context_data(
            drafts=[d for d in decisions if d.status == DecisionStatus.DRAFT],
            signed=[d for d in decisions if d.status == DecisionStatus.SIGNED][:100],
            can_draft=bool(self.scope.organizations_with(Perm.REVIEW_FOR_COMMUNE)), **kwargs,
        )


class ChairQueueView(DecisionPageMixin, TemplateView):
    template_name = "decisions/chair_queue.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(drafts=list(selectors.chair_queue_for(scope=self.scope)), **kwargs)


class DecisionCreateView(DecisionPageMixin, TemplateView):
    template_name = "decisions/decision_form.html"

    def setup_award(self):
        communes = list(self.drafting_communes())
        if not communes:
            raise Http404
        self.commune = communes[0]
        waiting = selectors.waiting_by_award_code(commune=self.commune)
        self.award_types = list(AwardType.objects.order_by("name", "-valid_from"))
        for award in self.award_types:
            award.waiting = waiting.get(award.code, 0)
        # Award types with nominees waiting come first: they are the ones to draft.
        self.award_types.sort(key=lambda a: a.waiting == 0)
        chosen = self.request.GET.get("award_type") or self.request.POST.get("award_type")
        self.award_type = next((a for a in self.award_types if str(a.pk) == str(chosen)), None)
        self.candidates = (
            services.awardable_nominations(commune=self.commune, award_type=self.award_type)
            if self.award_type else []
        )

    def get(self, request, *args, **kwargs):
        self.setup_award()
        return self.render_form(DraftForm(candidates=self.candidates))

    def render_form(self, form, status=200, errors=()):
        context = self.get_context_data(
            form=form, award_types=self.award_types, award_type=self.award_type, errors=errors,
            candidates=self.candidates, title=_("Dự thảo quyết định khen thưởng"),
        )
        return render(self.request, self.template_name, context, status=status)

    def post(self, request, *args, **kwargs):
        self.setup_award()
        form = DraftForm(request.POST, candidates=self.candidates)
        if self.award_type is None or not form.is_valid():
            return self.render_form(form, status=400)
        campaigns = {n.dossier.campaign_id for n in self.candidates if n.pk in form.cleaned_data["nominations"]}
        campaign = None
        if len(campaigns) == 1:
            campaign = next(n.dossier.campaign for n in self.candidates if n.dossier.campaign_id in campaigns)
        try:
            decision = services.decision_draft_create(
                actor=request.user, commune=self.commune, award_type=self.award_type,
                nomination_ids=form.cleaned_data["nominations"], summary=form.cleaned_data["summary"],
                proposal=form.cleaned_data["proposal"], collective_signing=form.cleaned_data["collective_signing"],
                campaign=campaign,
            )
        except WorkflowError as exc:
            return self.render_form(form, status=exc.http_status, errors=exc.reasons)
        messages.success(request, _("Đã lập dự thảo quyết định; dự thảo đã chuyển đến Chủ tịch."))
        return redirect("decisions:detail", pk=decision.pk)


class DecisionDetailView(DecisionPageMixin, TemplateView):
    template_name = "decisions/decision_detail.html"

    def page(self, decision, status=200, errors=(), send_back_form=None):
        entries = selectors.entries_of(decision)
        dossiers = {}
        for entry in entries:
            dossiers.setdefault(entry.nomination.dossier_id, entry.nomination.dossier)
        context = self.get_context_data(
            decision=decision, entries=entries, dossiers=list(dossiers.values()), errors=errors,
            can_draft=self.can_draft(decision.issuer_id), can_sign=self.can_sign(decision.issuer_id),
            sign_form=SignForm(initial={"version": decision.version}),
            send_back_form=send_back_form or SendBackForm(initial={"version": decision.version}),
            amendments=list(decision.amendments.order_by("pk")), title=str(decision),
            left_out=selectors.left_out(decision),
        )
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        return self.page(self.decision(kwargs["pk"]))


class DecisionSignView(DecisionDetailView):
    def post(self, request, *args, **kwargs):
        decision = self.decision(kwargs["pk"])
        form = SignForm(request.POST)
        if not form.is_valid():
            errors = [e for field in form.errors.values() for e in field]
            return self.page(decision, status=400, errors=errors)
        try:
            signed = signing.decision_sign(
                decision=decision, actor=request.user, expected_version=form.cleaned_data["version"]
            )
        except WorkflowError as exc:
            return self.page(self.decision(kwargs["pk"]), status=exc.http_status, errors=exc.reasons)
        messages.success(request, _("Đã ký Quyết định số %(number)s.") % {"number": signed.number_text})
        return redirect("decisions:detail", pk=signed.pk)


class DecisionSendBackView(DecisionDetailView):
    def post(self, request, *args, **kwargs):
        decision = self.decision(kwargs["pk"])
        form = SendBackForm(request.POST)
        if not form.is_valid():
            errors = [e for field in form.errors.values() for e in field]
            return self.page(decision, status=400, errors=errors, send_back_form=form)
        dossier = Dossier.objects.filter(pk=form.cleaned_data["dossier"], commune_id=decision.issuer_id).first()
        if dossier is None:
            return self.page(decision, status=400, errors=[_("Hồ sơ này không có trong dự thảo quyết định.")])
        try:
            services.decision_send_back(
                decision=decision, actor=request.user, dossier=dossier, reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except WorkflowError as exc:
            return self.page(self.decision(kwargs["pk"]), status=exc.http_status, errors=exc.reasons,
                             send_back_form=form)
        messages.success(request, _("Đã gửi lại hồ sơ để thẩm định."))
        return redirect("decisions:detail", pk=decision.pk)


class DecisionEditView(DecisionPageMixin, TemplateView):
    template_name = "decisions/decision_form.html"

    def candidates(self, decision):
        current = [e.nomination for e in selectors.entries_of(decision)]
        others = services.awardable_nominations(commune=decision.issuer, award_type=decision.award_type)
        return current + [n for n in others if n.pk not in {c.pk for c in current}]

    def render_form(self, decision, form, status=200, errors=()):
        context = self.get_context_data(
            form=form, decision=decision, award_type=decision.award_type, errors=errors,
            title=_("Sửa dự thảo quyết định"),
        )
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        decision = self.decision(kwargs["pk"])
        initial = {
            "nominations": [e.nomination_id for e in selectors.entries_of(decision)], "summary": decision.summary,
            "proposal": decision.proposal, "collective_signing": decision.collective_signing,
            "version": decision.version,
        }
        return self.render_form(decision, DraftForm(initial=initial, candidates=self.candidates(decision)))

    def post(self, request, *args, **kwargs):
        decision = self.decision(kwargs["pk"])
        form = DraftForm(request.POST, candidates=self.candidates(decision))
        if not form.is_valid():
            return self.render_form(decision, form, status=400)
        try:
            services.decision_draft_update(
                decision=decision, actor=request.user, nomination_ids=form.cleaned_data["nominations"],
                summary=form.cleaned_data["summary"], proposal=form.cleaned_data["proposal"],
                collective_signing=form.cleaned_data["collective_signing"],
                expected_version=form.cleaned_data["version"],
            )
        except WorkflowError as exc:
            return self.render_form(decision, form, status=exc.http_status, errors=exc.reasons)
        messages.success(request, _("Đã lưu dự thảo."))
        return redirect("decisions:detail", pk=decision.pk)


class RevocationCreateView(DecisionPageMixin, TemplateView):
    template_name = "decisions/revocation_form.html"

    def render_form(self, original, form, status=200, errors=()):
        context = self.get_context_data(original=original, form=form, errors=errors, title=_("Hủy bỏ khen thưởng"))
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        original = self.decision(kwargs["pk"])
        return self.render_form(original, RevocationForm(entries=selectors.entries_of(original)))

    def post(self, request, *args, **kwargs):
        original = self.decision(kwargs["pk"])
        form = RevocationForm(request.POST, entries=selectors.entries_of(original))
        if not form.is_valid():
            return self.render_form(original, form, status=400)
        try:
            draft = services.revocation_draft_create(
                original=original, actor=request.user, nomination_ids=form.cleaned_data["nominations"],
                reason=form.cleaned_data["reason"], legal_ground=form.cleaned_data["legal_ground"],
            )
        except WorkflowError as exc:
            return self.render_form(original, form, status=exc.http_status, errors=exc.reasons)
        messages.success(request, _("Đã lập dự thảo quyết định hủy bỏ; chờ Chủ tịch ký."))
        return redirect("decisions:detail", pk=draft.pk)


class CorrectionCreateView(DecisionPageMixin, TemplateView):
    template_name = "decisions/correction_form.html"

    def render_form(self, original, form, status=200, errors=()):
        context = self.get_context_data(original=original, form=form, errors=errors,
                                        title=_("Đính chính, thay thế quyết định"))
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        return self.render_form(self.decision(kwargs["pk"]), CorrectionForm())

    def post(self, request, *args, **kwargs):
        original = self.decision(kwargs["pk"])
        form = CorrectionForm(request.POST)
        if not form.is_valid():
            return self.render_form(original, form, status=400)
        try:
            draft = services.correction_draft_create(original=original, actor=request.user, **form.cleaned_data)
        except WorkflowError as exc:
            return self.render_form(original, form, status=exc.http_status, errors=exc.reasons)
        messages.success(request, _("Đã lập dự thảo; chờ Chủ tịch ký."))
        return redirect("decisions:detail", pk=draft.pk)


def _pdf_response(content: bytes, filename: str, inline=True) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    return response


class DecisionPreviewView(DecisionPageMixin, View):
    def get(self, request, *args, **kwargs):
        decision = self.decision(kwargs["pk"])
        if decision.status != DecisionStatus.DRAFT:
            return redirect("decisions:file", pk=decision.pk, kind="pdf")
        return _pdf_response(signing.draft_preview(decision, request.user), f"du-thao-{decision.pk}.pdf")


class DecisionFileView(DecisionPageMixin, View):
    def get(self, request, *args, **kwargs):
        decision = self.decision(kwargs["pk"])
        return _signed_file(decision, kwargs["kind"])


def _signed_file(decision: Decision, kind: str):
    if decision.status != DecisionStatus.SIGNED or kind not in ("pdf", "docx"):
        raise Http404
    field = decision.pdf if kind == "pdf" else decision.docx
    return FileResponse(field.open("rb"), as_attachment=kind == "docx",
                        filename=f"QD-{decision.number:02d}-{decision.year}.{kind}")


class RegisterView(DecisionPageMixin, TemplateView):
    template_name = "decisions/register.html"

    def year(self) -> int:
        raw = self.request.GET.get("year", "")
        return int(raw) if raw.isdigit() else timezone.localdate().year

    def get_context_data(self, **kwargs):
        if not self.communes():
            raise Http404
        year = self.year()
        return super().get_context_data(
            year=year, rows=list(selectors.register_for(scope=self.scope, year=year)),
            years=selectors.register_years(scope=self.scope), title=_("Sổ đăng ký quyết định"), **kwargs,
        )


class RegisterExportView(RegisterView):
    def get(self, request, *args, **kwargs):
        if not self.communes():
            raise Http404
        year = self.year()
        rows = list(selectors.register_for(scope=self.scope, year=year))
        book = Workbook()
        sheet = book.active
        sheet.title = f"So QD {year}"
        sheet.append([_("Số, ký hiệu"), _("Ngày ký"), _("Loại"), _("Trích yếu"), _("Người ký"), _("Quyết định gốc"),
                      _("SHA-256 tệp PDF")])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for d in rows:
            sheet.append([d.number_text, d.signed_on, d.get_kind_display(), d.summary, d.signer_name,
                          d.original.number_text if d.original_id else "", d.pdf_sha256])
        for row in sheet.iter_rows(min_row=2, min_col=2, max_col=2):
            for cell in row:
                cell.number_format = "DD/MM/YYYY"
        for column, width in zip("ABCDEFG", (16, 12, 12, 70, 28, 16, 66), strict=True):
            sheet.column_dimensions[column].width = width
        out = io.BytesIO()
        book.save(out)
        audit.record(stream=f"user:{request.user.pk}", action="register_export", actor=request.user,
                     object_type="register", object_id=year, data={"year": year, "rows": len(rows)})
        response = HttpResponse(
            out.getvalue(), content_type=XLSX
        )
        response["Content-Disposition"] = f'attachment; filename="so-quyet-dinh-{year}.xlsx"'
        return response


class AwardHistoryView(DecisionPageMixin, TemplateView):
    template_name = "decisions/award_history.html"

    def get_context_data(self, **kwargs):
        communes = self.communes()
        if not communes:
            raise Http404
        person_id = kwargs.get("person")
        name = self.request.GET.get("name", "")
        query = self.request.GET.get("q", "")
        records = selectors.award_history(communes=communes, person_id=person_id, nominee_name=name)
        return super().get_context_data(
            records=records, query=query, name=name, person_id=person_id,
            matches=list(selectors.award_history_search(communes=communes, query=query)),
            title=_("Lịch sử khen thưởng"), **kwargs,
        )


# Public pages: no login (DESIGN §9; Luật 2022 Art. 5: công khai) -------------------------------------------


class PublicListView(TemplateView):
    template_name = "decisions/public_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(decisions=list(selectors.public_decisions()[:200]), **kwargs)


class PublicDetailView(TemplateView):
    template_name = "decisions/public_detail.html"

    def get_context_data(self, **kwargs):
        try:
            decision = selectors.public_decision(kwargs["pk"])
        except ObjectDoesNotExist as exc:
            raise Http404 from exc
        return super().get_context_data(decision=decision, **kwargs)


class PublicFileView(View):
    def get(self, request, *args, **kwargs):
        try:
            decision = selectors.public_decision(kwargs["pk"])
        except ObjectDoesNotExist as exc:
            raise Http404 from exc
        if not decision.award_type.publish_personal_details:
            raise Http404
        return _signed_file(decision, "pdf")


class ValidateView(View):
    """Anyone holding a copy can check it: the signatures, who signed, when, and the chain to our CA."""

    template_name = "decisions/validate.html"

    def get(self, request, *args, **kwargs):
        return render(request, self.template_name, {"form": ValidationForm()})

    def post(self, request, *args, **kwargs):
        form = ValidationForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        content = form.cleaned_data["file"].read()
        try:
            report = validate(content)
        except keys.KeyMissing:
            return render(request, self.template_name, {
                "form": form, "errors": [_("Hệ thống chưa được cấu hình chứng thư gốc (CA) để kiểm tra.")]
            }, status=503)
        digest = hashlib.sha256(content).hexdigest()
        issued = Decision.objects.filter(pdf_sha256=digest, status=DecisionStatus.SIGNED).first()
        return render(request, self.template_name, {
            "form": ValidationForm(), "report": report, "issued": issued, "digest": digest,
            "checked_at": datetime.datetime.now(datetime.UTC),
        }, status=200 if report.ok else 422)
