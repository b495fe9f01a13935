from dossiers.views.editing import (
    AttachmentUploadView,
    DossierCreateView,
    DossierEditView,
    NominationAddView,
    NominationEditView,
    NominationRemoveView,
)
from dossiers.views.notifications import NotificationListView, NotificationReadView
from dossiers.views.pages import (
    AttachmentDownloadView,
    ClaimQueueView,
    DossierActionView,
    DossierDetailView,
    DossierListView,
    MyWorkView,
)

__all__ = [
    "AttachmentDownloadView",
    "AttachmentUploadView",
    "ClaimQueueView",
    "DossierActionView",
    "DossierCreateView",
    "DossierDetailView",
    "DossierEditView",
    "DossierListView",
    "MyWorkView",
    "NominationAddView",
    "NominationEditView",
    "NominationRemoveView",
    "NotificationListView",
    "NotificationReadView",
]
