"""Validate the digital signatures of a signed decision PDF: intact, signer, time, chain to the configured CA."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from documents import keys
from documents.signing import validate


class Command(BaseCommand):
    help = (
        "Kiểm tra chữ ký số của tệp PDF quyết định (toàn vẹn, người ký, thời gian, chuỗi chứng thư). "
        "Không hợp lệ: mã thoát 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Đường dẫn tệp PDF.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        try:
            report = validate(path.read_bytes())
        except keys.KeyMissing as exc:
            raise CommandError(f"Chưa cấu hình chứng thư CA tin cậy ({exc}).") from exc
        if report.problem:
            self.stdout.write(report.problem)
        for signature in report.signatures:
            verdict = "HỢP LỆ" if signature.ok else "KHÔNG HỢP LỆ"
            self.stdout.write(
                f"- {signature.field}: {verdict}; người ký: {signature.signer}; "
                f"thời gian: {signature.signed_at_local}; "
                f"toàn vẹn: {'có' if signature.intact else 'không'}; "
                f"chứng thư tin cậy: {'có' if signature.trusted else 'không'}"
            )
        if not report.ok:
            raise SystemExit(1)
        self.stdout.write(self.style.SUCCESS(f"Tệp có {len(report.signatures)} chữ ký số hợp lệ."))
