"""Create the role groups and the administrators' group, then re-derive every grant from memberships.

Safe to run at any time and nightly (docs/operations.md): a second run changes nothing.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q

from roles import services
from roles.catalog import ADMINISTRATOR_MODEL_PERMISSIONS, ADMINISTRATORS_GROUP, CATALOG
from roles.models import OrganizationUserObjectPermission


@dataclass
class Summary:
    groups_created: int = 0
    administrator_permissions: int = 0
    administrator_permissions_changed: bool = False
    pairs: int = 0
    grants: int = 0
    granted: int = 0
    withdrawn: int = 0


def administrator_permissions() -> list[Permission]:
    """The model permissions of ADMINISTRATOR_MODEL_PERMISSIONS, or CommandError if one is missing."""
    wanted = Q(pk__in=[])
    count = 0
    for app_label, model, actions in ADMINISTRATOR_MODEL_PERMISSIONS:
        for action in actions:
            wanted |= Q(content_type__app_label=app_label, content_type__model=model, codename=f"{action}_{model}")
            count += 1
    found = list(Permission.objects.filter(wanted).select_related("content_type"))
    if len(found) != count:
        raise CommandError("Thiếu quyền mô hình của nhóm quản trị: hãy chạy «manage.py migrate» trước.")
    return found


@transaction.atomic
def roles_setup() -> Summary:
    """Make one group per catalogue role and the administrators' group with exactly its permissions."""
    summary = Summary()
    for spec in CATALOG.values():
        _, created = Group.objects.get_or_create(name=spec.group_name)
        summary.groups_created += created
    administrators, created = Group.objects.get_or_create(name=ADMINISTRATORS_GROUP)
    summary.groups_created += created
    wanted = administrator_permissions()
    if set(administrators.permissions.values_list("pk", flat=True)) != {p.pk for p in wanted}:
        administrators.permissions.set(wanted)
        summary.administrator_permissions_changed = True
    summary.administrator_permissions = len(wanted)
    before = _grants()
    summary.pairs = services.memberships_refresh()
    after = _grants()
    summary.grants, summary.granted, summary.withdrawn = len(after), len(after - before), len(before - after)
    return summary


def _grants() -> set[tuple[int, int, int]]:
    return set(OrganizationUserObjectPermission.objects.values_list("user_id", "content_object_id", "permission_id"))


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
