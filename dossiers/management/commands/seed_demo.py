"""Load the demo commune of DESIGN §12 and print its accounts (idempotent: see dossiers.demo)."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from dossiers import demo
from dossiers.demo import council as council_demo
from dossiers.demo import decisions as demo_decisions
from roles.models import Role


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu: xã Nguyễn Lương Bằng, các đơn vị, tài khoản, danh mục khen thưởng và hồ sơ mẫu."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            help=f"Mật khẩu của mọi tài khoản mẫu (mặc định «{demo.DEFAULT_PASSWORD}»); "
            "khi dữ liệu mẫu đã có, đặt lại mật khẩu cho các tài khoản mẫu.",
        )
        parser.add_argument(
            "--force", action="store_true", help="Cho phép tạo dữ liệu mẫu khi DEBUG tắt (máy thật: không nên)."
        )

    def handle(self, *args, **options):
        # Demo accounts share a known password: never create them on a production server by accident.
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "DEBUG đang tắt (máy chạy thật): dữ liệu mẫu có mật khẩu công khai. Dùng --force nếu chắc chắn."
            )
        started = time.monotonic()
        password = options.get("password")
        result = demo.seed(password=password)
        if result.created:
            council_demo.build()
        demo_decisions.prepare(self.stdout)  # development only: demo signing keys, drafts for the Chair
        if result.created:
            self.stdout.write(self.style.SUCCESS(
                f"Đã tạo dữ liệu mẫu: {demo.COMMUNE_NAME}, {result.dossiers} hồ sơ "
                f"({time.monotonic() - started:.1f} giây)."
            ))
        else:
            self.stdout.write(f"Dữ liệu mẫu đã có (xã mã «{demo.COMMUNE_CODE}»): không tạo thêm gì.")
        self.stdout.write("")
        self.stdout.write("Tài khoản mẫu:")
        width = max(len(a.username) for a in result.accounts)
        for account in result.accounts:
            roles = ", ".join(dict.fromkeys(str(Role(r).label) for r, _ in account.roles)) or "Quản trị hệ thống"
            unit = demo.unit_name(account.organization)
            self.stdout.write(f"  {account.username:<{width}}  {account.full_name} — {roles} — {unit}")
        self.stdout.write("")
        if result.password_set:
            self.stdout.write(f"Mật khẩu: {password or demo.DEFAULT_PASSWORD}")
        else:
            self.stdout.write(
                "Mật khẩu: giữ nguyên như lần tạo trước "
                f"(mặc định «{demo.DEFAULT_PASSWORD}»); dùng --password để đặt lại."
            )
