from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    """Read-only pages for those who oversee the work: the audit log, its integrity, the dashboard."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "oversight"
    verbose_name = _("Giám sát và báo cáo")
