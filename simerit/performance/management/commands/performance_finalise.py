"""Periodic job: a delivered appraisal nobody objected to within the window becomes final."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from simerit.performance.services.appraisal import finalise_expired_appraisals


class Command(BaseCommand):
    help = (
        "Tetapkan status final pada penilaian kinerja yang masa keberatannya sudah berakhir "
        "tanpa keberatan (aman dijalankan berulang)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = finalise_expired_appraisals(today=timezone.localdate())
        self.stdout.write(f"{count} penilaian kinerja menjadi final (masa keberatan berakhir).")
