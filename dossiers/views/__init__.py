from dossiers.views.editing import (
    AttachmentUploadView,
    DossierCreateView,
    DossierEditView,
    NominationAddView,
    NominationEditView,
    NominationRemoveView,
)
from dossiers.views.pages import (
    AttachmentDownloadView,
    DossierActionView,
    DossierDetailView,
    DossierListView,
    MyWorkView,
)

__all__ = [
    "AttachmentDownloadView",
    "AttachmentUploadView",
    "DossierActionView",
    "DossierCreateView",
    "DossierDetailView",
    "DossierEditView",
    "DossierListView",
    "MyWorkView",
    "NominationAddView",
    "NominationEditView",
    "NominationRemoveView",
]
