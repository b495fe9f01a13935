"""The three refusals of the engine (DESIGN §5), each with its HTTP status and Vietnamese text."""

from django.utils.translation import gettext as _


class WorkflowError(Exception):
    http_status = 400
    default_message = ""

    def __init__(self, *reasons: str):
        self.reasons = [str(r) for r in reasons if r] or [str(self.default_message)]
        super().__init__("; ".join(self.reasons))

    @property
    def message(self) -> str:
        return " ".join(self.reasons)


class ActionNotAllowed(WorkflowError):
    """The actor holds no role or delegation in scope for this action."""

    http_status = 403

    @property
    def default_message(self):
        return _("Bạn không có quyền thực hiện thao tác này trên hồ sơ.")


class GuardFailed(WorkflowError):
    """The action is known and permitted, but the dossier does not meet its conditions now."""

    http_status = 409

    @property
    def default_message(self):
        return _("Hồ sơ chưa đáp ứng điều kiện để thực hiện thao tác này.")


class Conflict(WorkflowError):
    """Someone else changed the dossier first (stale form or concurrent action)."""

    http_status = 409

    @property
    def default_message(self):
        return _("Hồ sơ vừa được người khác thay đổi. Vui lòng tải lại trang để xem trạng thái mới nhất.")
