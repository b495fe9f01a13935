"""Send deadline reminders and escalations (DESIGN §11). Run daily by cron or a systemd timer
(docs/operations.md); running it again the same day sends nothing twice."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from workflow import deadlines


class Command(BaseCommand):
    help = "Nhắc hạn trước hạn xử lý và báo quá hạn (Trưởng phòng, rồi Chủ tịch). Chạy lại không gửi trùng."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Ngày xét, dạng YYYY-MM-DD (mặc định: hôm nay, giờ Việt Nam).")

    def handle(self, *args, today=None, **options):
        try:
            day = datetime.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"Ngày không hợp lệ: {today!r} (cần dạng YYYY-MM-DD).") from exc
        report = deadlines.check(day)
        self.stdout.write(
            f"{day.isoformat()}: nhắc hạn {report.sent['reminder']}, báo Trưởng phòng {report.sent['office_head']}, "
            f"báo Chủ tịch {report.sent['chair']}; đã gửi trước đó {report.skipped}."
        )
