"""Pages where a unit prepares its dossier: create, edit, nominees, documents. Services do the writes."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from dossiers import selectors, services
from dossiers.forms import AttachmentForm, DossierCreateForm, DossierEditForm, NominationForm, VersionForm
from dossiers.models import EDITABLE_STATES
from dossiers.uploads import UnsupportedFile
from dossiers.views.common import PageMixin, WorkflowErrorMixin
from roles.catalog import Perm
from workflow import engine, guards
from workflow.exceptions import WorkflowError


class DossierCreateView(WorkflowErrorMixin, PageMixin, TemplateView):
    """"Lập hồ sơ": a unit where the actor proposes, an open campaign of its commune, a title."""

    template_name = "dossiers/dossier_create.html"

    def make_form(self, data=None):
        return DossierCreateForm(data, units=selectors.proposing_units_for(scope=self.scope),
                                 campaigns=selectors.open_campaigns_for(scope=self.scope))

    def render_form(self, form, status=200):
        return self.render_to_response(self.get_context_data(form=form), status=status)

    def get(self, request, *args, **kwargs):
        form = self.make_form()
        # "Lập hồ sơ" on "Đợt thi đua" comes with ?campaign=<id>: pre-select it only when it is one of the choices
        # (an open campaign of the actor's units' communes); any other value is said to be ignored.
        wanted = request.GET.get("campaign", "")
        preselected = wanted in form.fields["campaign"].objects
        if preselected:
            form.initial["campaign"] = wanted
        return self.render_to_response(
            self.get_context_data(form=form, campaign_ignored=bool(wanted) and not preselected),
            status=200 if self.scope.can_propose else 403,
        )

    def post(self, request, *args, **kwargs):
        form = self.make_form(request.POST)
        if not form.is_valid():
            return self.render_form(form, status=400)
        data = form.cleaned_data
        try:
            dossier = services.dossier_create(actor=request.user, unit=data["unit"], campaign=data["campaign"],
                                              title=data["title"], reference_number=data["reference_number"])
        except WorkflowError as exc:
            for text in self.error_messages(exc):
                form.add_error(None, text)
            return self.render_form(form, status=self.error_status(exc))
        messages.success(request, _("Đã lập hồ sơ. Hãy thêm người được đề nghị và tải lên tài liệu."))
        return redirect("dossier_edit", pk=dossier.pk)


class DossierEditView(WorkflowErrorMixin, PageMixin, TemplateView):
    """The unit's working page of a draft or returned dossier; refused (with the reason) otherwise."""

    template_name = "dossiers/dossier_edit.html"

    def get_dossier(self):
        dossier = selectors.dossier_detail_for(actor=self.request.user, pk=self.kwargs["pk"], scope=self.scope)
        # Rights come from the engine: no propose_for_unit, or not editable now, is refused with its reason.
        engine.authorize(dossier, self.request.user, Perm.PROPOSE_FOR_UNIT, editable_states=EDITABLE_STATES)
        return dossier

    def nomination_form(self, dossier, data=None, **kwargs):
        return NominationForm(data, award_types=list(dossier.campaign.award_types.all()),
                              people=selectors.people_of_unit(unit=dossier.unit),
                              initial={"expected_version": dossier.version}, **kwargs)

    def attachment_form(self, dossier, data=None, files=None):
        current, _superseded = selectors.attachment_versions(dossier=dossier)
        return AttachmentForm(data, files, nominations=list(dossier.nominations.all()), current_attachments=current,
                              initial={"expected_version": dossier.version})

    def render_page(self, dossier, *, dossier_form=None, nomination_form=None, attachment_form=None, status=200):
        current, superseded = selectors.attachment_versions(dossier=dossier)
        context = self.get_context_data(
            dossier=dossier,
            nominations=list(dossier.nominations.all()),
            current_attachments=current,
            superseded_attachments=superseded,
            missing_documents=guards.missing_documents(dossier),
            dossier_form=dossier_form or DossierEditForm(initial={
                "title": dossier.title, "reference_number": dossier.reference_number,
                "expected_version": dossier.version,
            }),
            nomination_form=nomination_form or self.nomination_form(dossier),
            attachment_form=attachment_form or self.attachment_form(dossier),
            version_form=VersionForm(initial={"expected_version": dossier.version}),
        )
        return self.render_to_response(context, status=status)

    def refused(self, form, exc, dossier):
        """Show a refusal on the form that caused it, keeping what the person typed."""
        for text in self.error_messages(exc, dossier):
            form.add_error(None, text)
        # Re-read without the edit check: after a conflict the dossier may have moved on, and the page
        # must still show why the form was refused.
        fresh = selectors.dossier_detail_for(actor=self.request.user, pk=self.kwargs["pk"], scope=self.scope)
        return fresh, self.error_status(exc)

    def done(self, text, anchor=""):
        messages.success(self.request, text)
        return redirect(reverse("dossier_edit", kwargs={"pk": self.kwargs["pk"]}) + anchor)

    def get(self, request, *args, **kwargs):
        return self.render_page(self.get_dossier())

    def post(self, request, *args, **kwargs):
        dossier = self.get_dossier()
        form = DossierEditForm(request.POST)
        if not form.is_valid():
            return self.render_page(dossier, dossier_form=form, status=400)
        try:
            services.dossier_update(dossier=dossier, actor=request.user, **form.cleaned_data)
        except WorkflowError as exc:
            dossier, status = self.refused(form, exc, dossier)
            return self.render_page(dossier, dossier_form=form, status=status)
        return self.done(_("Đã lưu thông tin hồ sơ."))


class NominationAddView(DossierEditView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        dossier = self.get_dossier()
        form = self.nomination_form(dossier, request.POST)
        if not form.is_valid():
            return self.render_page(dossier, nomination_form=form, status=400)
        data = form.cleaned_data
        common = {"dossier": dossier, "actor": request.user, "award_type": data["award_type"],
                  "position": data["position"], "achievement_summary": data["achievement_summary"],
                  "expected_version": data["expected_version"]}
        try:
            if form.creates_person:
                nomination = services.nomination_add_new_person(full_name=data["nominee_name"], **common)
            else:
                nomination = services.nomination_add(person=data["person"], nominee_name=data["nominee_name"], **common)
        except WorkflowError as exc:
            dossier, status = self.refused(form, exc, dossier)
            return self.render_page(dossier, nomination_form=form, status=status)
        return self.done(_("Đã thêm %(name)s.") % {"name": nomination.nominee_name}, "#nominations")


class NominationEditView(DossierEditView):
    template_name = "dossiers/nomination_form.html"

    def render_nomination(self, dossier, nomination, form, status=200):
        context = self.get_context_data(dossier=dossier, nomination=nomination, form=form)
        return self.render_to_response(context, status=status)

    def get(self, request, *args, **kwargs):
        dossier = self.get_dossier()
        nomination = selectors.nomination_for(dossier=dossier, pk=kwargs["nomination_pk"])
        form = self.nomination_form(dossier)
        form.initial.update(award_type=nomination.award_type_id, person=nomination.person_id or "",
                            nominee_name="" if nomination.person_id else nomination.nominee_name,
                            position=nomination.position, achievement_summary=nomination.achievement_summary)
        return self.render_nomination(dossier, nomination, form)

    def post(self, request, *args, **kwargs):
        dossier = self.get_dossier()
        nomination = selectors.nomination_for(dossier=dossier, pk=kwargs["nomination_pk"])
        form = self.nomination_form(dossier, request.POST)
        if not form.is_valid():
            return self.render_nomination(dossier, nomination, form, status=400)
        data = form.cleaned_data
        if form.creates_person:
            form.add_error("person", _("Khi sửa, hãy chọn cá nhân trong danh sách của đơn vị; để đề nghị người mới, "
                                       "hãy xóa dòng này và thêm người mới."))
            return self.render_nomination(dossier, nomination, form, status=400)
        changes = {"award_type": data["award_type"], "person": data["person"], "position": data["position"],
                   "achievement_summary": data["achievement_summary"],
                   "nominee_name": data["person"].full_name if data["person"] else data["nominee_name"]}
        try:
            services.nomination_update(nomination=nomination, actor=request.user,
                                       expected_version=data["expected_version"], **changes)
        except WorkflowError as exc:
            dossier, status = self.refused(form, exc, dossier)
            return self.render_nomination(dossier, nomination, form, status=status)
        return self.done(_("Đã lưu thay đổi của %(name)s.") % {"name": changes["nominee_name"]}, "#nominations")


class NominationRemoveView(DossierEditView):
    http_method_names = ["post"]
    error_redirect_to = "dossier_edit"

    def post(self, request, *args, **kwargs):
        dossier = self.get_dossier()
        nomination = selectors.nomination_for(dossier=dossier, pk=kwargs["nomination_pk"])
        form = VersionForm(request.POST)
        if not form.is_valid():
            return self.render_page(dossier, status=400)
        # Refusals (documents attached, stale page) go to the dispatch handler: message on the page.
        services.nomination_remove(nomination=nomination, actor=request.user,
                                   expected_version=form.cleaned_data["expected_version"])
        return self.done(_("Đã xóa %(name)s khỏi hồ sơ.") % {"name": nomination.nominee_name}, "#nominations")


class AttachmentUploadView(DossierEditView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        dossier = self.get_dossier()
        form = self.attachment_form(dossier, request.POST, request.FILES)
        if not form.is_valid():
            return self.render_page(dossier, attachment_form=form, status=400)
        data = form.cleaned_data
        try:
            attachment = services.attachment_upload(
                dossier=dossier, actor=request.user, kind=data["kind"], upload=data["upload"],
                nomination=data["nomination"], replaces=data["replaces"], expected_version=data["expected_version"],
            )
        except UnsupportedFile as exc:
            form.add_error("upload", str(exc))
            return self.render_page(self.get_dossier(), attachment_form=form, status=400)
        except WorkflowError as exc:
            dossier, status = self.refused(form, exc, dossier)
            return self.render_page(dossier, attachment_form=form, status=status)
        return self.done(
            _("Đã tải lên «%(name)s» (phiên bản %(version)s).") % {"name": attachment.original_name,
                                                                  "version": attachment.version},
            "#attachments",
        )
