"""Vietnamese names of the audit log's actions, for the auditor's filter and table.

An action not named here (a feature newer than this list) is shown by its code, never hidden.
"""

from django.utils.translation import gettext_lazy as _

from dossiers.selectors import CONTENT_EVENT_LABELS
from workflow.actions import Action

OTHER_LABELS = {
    "login": _("Đăng nhập"),
    "logout": _("Đăng xuất"),
    "login_failed": _("Đăng nhập không thành công"),
    "account_created": _("Tạo tài khoản"),
    "account_rights_changed": _("Thay đổi quyền của tài khoản"),
    "role_granted": _("Giao vai trò"),
    "role_ended": _("Kết thúc vai trò"),
    "delegation_created": _("Ủy quyền"),
    "delegation_revoked": _("Thu hồi ủy quyền"),
    "catalogue_created": _("Thêm danh mục"),
    "catalogue_changed": _("Sửa danh mục"),
    "calendar_day_added": _("Khai báo ngày nghỉ, ngày làm bù"),
    "calendar_day_changed": _("Sửa ngày nghỉ, ngày làm bù"),
    "calendar_day_deleted": _("Xóa ngày nghỉ, ngày làm bù"),
    "audit_checkpoint": _("Chốt nhật ký (checkpoint)"),
    "audit_exported": _("Xuất nhật ký kiểm tra"),
    "audit_verified": _("Kiểm tra tính toàn vẹn nhật ký"),
}


def action_choices() -> list[tuple[str, str]]:
    labels = {**dict(Action.choices), **CONTENT_EVENT_LABELS, **OTHER_LABELS}
    return sorted(((code, str(label)) for code, label in labels.items()), key=lambda pair: pair[1])


def action_label(code: str) -> str:
    for known in (dict(Action.choices), CONTENT_EVENT_LABELS, OTHER_LABELS):
        if code in known:
            return str(known[code])
    return code
