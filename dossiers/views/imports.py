"""Nominees from a spreadsheet: download the template, upload it filled in, every row or none."""

from django.http import HttpResponse
from django.utils.translation import gettext as _

from dossiers import imports, services
from dossiers.forms import NominationImportForm
from dossiers.uploads import XLSX, UnsupportedFile
from dossiers.views.editing import DossierEditView
from workflow.exceptions import WorkflowError


class NominationTemplateView(DossierEditView):
    def get(self, request, *args, **kwargs):
        dossier = self.get_dossier()
        response = HttpResponse(imports.template_xlsx(dossier), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="mau-danh-sach-de-nghi-ho-so-{dossier.pk}.xlsx"'
        return response


class NominationImportView(DossierEditView):
    template_name = "dossiers/nomination_import.html"

    def render_import(self, dossier, form, problems=(), status=200):
        context = self.get_context_data(dossier=dossier, form=form, problems=list(problems),
                                        award_types=list(dossier.campaign.award_types.order_by("code")))
        return self.render_to_response(context, status=status)

    def get(self, request, *args, **kwargs):
        dossier = self.get_dossier()
        return self.render_import(dossier, NominationImportForm(initial={"expected_version": dossier.version}))

    def post(self, request, *args, **kwargs):
        dossier = self.get_dossier()
        form = NominationImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_import(dossier, form, status=400)
        try:
            added = services.nominations_import(dossier=dossier, actor=request.user, upload=form.cleaned_data["upload"],
                                                expected_version=form.cleaned_data["expected_version"])
        except imports.ImportRefused as exc:
            return self.render_import(dossier, form, problems=exc.problems, status=400)
        except UnsupportedFile as exc:
            return self.render_import(dossier, form, problems=[str(exc)], status=400)
        except WorkflowError as exc:
            dossier, status = self.refused(form, exc, dossier)
            return self.render_import(dossier, form, status=status)
        return self.done(_("Đã thêm %(count)s người, tập thể được đề nghị từ tệp Excel.") % {"count": len(added)},
                         "#nominations")
