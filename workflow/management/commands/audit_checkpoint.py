"""Sign a checkpoint over the head of every audit stream and print its digest (DESIGN §10)."""

from django.core.management.base import BaseCommand

from workflow import checkpoints


class Command(BaseCommand):
    help = "Tạo điểm chốt nhật ký (gốc Merkle của đầu mọi chuỗi, có chữ ký) và in mã xác nhận."

    def handle(self, *args, **options):
        checkpoint = checkpoints.checkpoint_create()
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã tạo điểm chốt #{checkpoint.pk}: {checkpoint.stream_count} chuỗi, "
                f"{checkpoint.event_count} sự kiện, mã xác nhận {checkpoints.digest(checkpoint)}"
            )
        )
