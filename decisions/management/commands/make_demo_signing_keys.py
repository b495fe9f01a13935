"""Create a demo CA, the organisation certificate and personal certificates for the demo signers."""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from decisions.signing import signer_name
from documents import keys
from roles.models import Organization, OrganizationKind

DEFAULT_USERS = ("chutich", "phochutich")


class Command(BaseCommand):
    help = (
        "Tạo khóa ký số mẫu (CA mẫu, chứng thư số của cơ quan và của chutich, phochutich) dạng PKCS#12 "
        "trong SIGNING_KEYS_DIR. Chỉ dùng cho máy thử nghiệm."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", help="Thư mục lưu khóa (mặc định: SIGNING_KEYS_DIR, tức var/keys).")
        parser.add_argument("--users", nargs="+", default=list(DEFAULT_USERS), help="Tài khoản cần chứng thư cá nhân.")
        parser.add_argument("--commune", help="Mã xã (mặc định: xã đầu tiên).")
        parser.add_argument("--force", action="store_true", help="Ghi đè khóa đã có.")

    def handle(self, *args, **options):
        directory = Path(options["dir"] or settings.SIGNING_KEYS_DIR)
        if (directory / "organisation.p12").exists() and not options["force"]:
            self.stdout.write(f"Khóa ký số mẫu đã có trong {directory}: giữ nguyên (dùng --force để tạo lại).")
            return
        communes = Organization.objects.filter(kind=OrganizationKind.COMMUNE).order_by("pk")
        commune = communes.filter(code=options["commune"]).first() if options["commune"] else communes.first()
        place = (commune.place_name or commune.name).upper() if commune else "NGUYỄN LƯƠNG BẰNG"
        users = {u.username: u for u in get_user_model().objects.filter(username__in=options["users"])}
        missing = [name for name in options["users"] if name not in users]
        if missing:
            raise CommandError(f"Không có tài khoản: {', '.join(missing)} (chạy seed_demo trước).")
        people = [(name, signer_name(users[name]), users[name].email) for name in options["users"]]
        passphrase = settings.SIGNING_KEY_PASSPHRASE.encode() or None
        written = keys.write_demo_keys(directory, f"ỦY BAN NHÂN DÂN XÃ {place}", people, passphrase)
        for path in written:
            self.stdout.write(f"  {path}")
        self.stdout.write(self.style.SUCCESS(f"Đã tạo {len(written)} tệp khóa ký số mẫu (CA mẫu, không dùng thật)."))
