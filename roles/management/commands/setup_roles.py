"""Create the role groups and the administrators' group, then re-derive every grant from memberships.

Safe to run at any time and nightly (docs/operations.md): a second run changes nothing.
"""

from django.core.management.base import BaseCommand

from roles.catalog import ADMINISTRATORS_GROUP, CATALOG
from roles.services import roles_setup


class Command(BaseCommand):
    help = "Tạo các nhóm vai trò và nhóm quản trị; đồng bộ quyền theo các vai trò đang còn hiệu lực."

    def handle(self, *args, **options):
        summary = roles_setup()
        self.stdout.write(
            f"Nhóm vai trò: {len(CATALOG)} nhóm và nhóm «{ADMINISTRATORS_GROUP}» "
            f"({summary.groups_created} nhóm mới tạo)."
        )
        changed = "đã cập nhật" if summary.administrator_permissions_changed else "không đổi"
        self.stdout.write(f"Nhóm quản trị: {summary.administrator_permissions} quyền ({changed}).")
        self.stdout.write(
            f"Đã đồng bộ quyền của {summary.pairs} cặp người dùng – tổ chức: {summary.grants} quyền trên tổ chức "
            f"(cấp thêm {summary.granted}, thu hồi {summary.withdrawn})."
        )
        self.stdout.write(self.style.SUCCESS("Hoàn tất."))
