from typing import Any

from django.core.management.base import BaseCommand

from simerit.exams.services import finishing


class Command(BaseCommand):
    help = (
        "Selesaikan dan nilai setiap pengerjaan ujian aktif yang batas waktunya sudah lewat "
        "(ujian yang dijeda tidak kedaluwarsa). Aman dijalankan berulang; jalankan tiap menit "
        "dari cron/systemd timer."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        closed = finishing.finish_expired()
        self.stdout.write(f"{closed} pengerjaan ujian yang waktunya habis diselesaikan.")
