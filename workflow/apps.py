from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "workflow"
    verbose_name = "Quy trình và nhật ký"

    def ready(self):
        from workflow import checks  # noqa: F401  (registers the system checks)
