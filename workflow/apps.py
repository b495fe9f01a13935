from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "workflow"
    verbose_name = _("Quy trình và nhật ký")

    def ready(self):
        from workflow import checks  # noqa: F401  (registers the system checks)
