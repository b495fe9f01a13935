"""Report every dossier whose state and open task disagree (DESIGN §7); exit status 1 if there is any."""

import sys

from django.core.management.base import BaseCommand

from workflow.consistency import disagreements


class Command(BaseCommand):
    help = "Đối chiếu trạng thái hồ sơ với việc đang mở của quy trình; có sai lệch thì thoát với mã 1."

    def handle(self, *args, **options):
        found = disagreements()
        for item in found:
            self.stdout.write(str(item))
        if found:
            self.stderr.write(f"{len(found)} hồ sơ có trạng thái và việc đang mở không khớp.")
            sys.exit(1)
        self.stdout.write("Trạng thái của mọi hồ sơ khớp với việc đang mở.")
