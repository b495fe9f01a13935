"""Recompute every audit chain and checkpoint; name the first event that was tampered with (DESIGN §10).

Exit status 0 when the log is intact, 1 otherwise, so cron and CI can alert on it.
"""

from django.core.management.base import BaseCommand, CommandError

from workflow import verification


class Command(BaseCommand):
    help = "Kiểm tra toàn vẹn nhật ký: tính lại mọi chuỗi băm và điểm chốt."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Liệt kê mọi vấn đề, không chỉ vấn đề đầu tiên.")
        parser.add_argument(
            "--workers", type=int, default=0,
            help="Số tiến trình kiểm tra song song (PostgreSQL); mặc định tự chọn theo số CPU và cỡ nhật ký.",
        )
        parser.add_argument(
            "--engine", choices=verification.ENGINES, default="auto",
            help="Nơi tính lại mã băm: database (PostgreSQL tự tính), python, hoặc auto (mặc định).",
        )

    def handle(self, *args, **options):
        if options["workers"] < 0:
            raise CommandError("--workers phải là số không âm.")
        try:
            engine = verification.engine_for_this_database(options["engine"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        report = verification.verify(
            workers=options["workers"] or verification.workers_for_this_log(), engine=engine
        )
        if report.intact:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Nhật ký toàn vẹn: {report.event_count} sự kiện, {report.stream_count} chuỗi, "
                    f"{report.checkpoint_count} điểm chốt."
                )
            )
            return
        first = report.first_problem
        others = len(report.problems) - 1
        self.stdout.write(f"Nhật ký KHÔNG toàn vẹn. Vấn đề đầu tiên: {first}")
        if options["all"]:
            for problem in report.ordered_problems()[1:]:
                self.stdout.write(f"- {problem}")
        elif others:
            self.stdout.write(f"Còn {others} vấn đề khác (dùng --all để xem tất cả).")
        self.stdout.write(
            f"Đã kiểm tra {report.event_count} sự kiện, {report.stream_count} chuỗi, "
            f"{report.checkpoint_count} điểm chốt."
        )
        # CommandError prints to stderr and exits 1 under manage.py; call_command raises it to the caller.
        raise CommandError(f"Nhật ký không toàn vẹn: {len(report.problems)} vấn đề.", returncode=1)
