"""Periodic job: remind the employees below the yearly JP minimum, at most once a month each."""

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from simerit.training.forms.jp import MAX_YEAR, MIN_YEAR
from simerit.training.services.reminders import send_jp_reminders


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"Tanggal {value!r} tidak valid; gunakan format TTTT-BB-HH.") from error


class Command(BaseCommand):
    help = (
        "Kirim pengingat kepada pegawai aktif yang JP pengembangan kompetensinya tahun ini masih "
        "di bawah minimum, mulai tanggal pengingat tahun itu (bawaan 1 Oktober); paling banyak "
        "sekali sebulan per pegawai (aman dijalankan berulang)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, help="Tahun JP (bawaan: tahun dari --today).")
        parser.add_argument(
            "--today", type=_date, help="Tanggal hari ini, TTTT-BB-HH (bawaan: hari ini, WIB)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today: dt.date = options["today"] or timezone.localdate()
        year: int | None = options["year"]
        if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
            raise CommandError(f"Tahun harus antara {MIN_YEAR} dan {MAX_YEAR}.")
        run = send_jp_reminders(today=today, year=year, actor=None)
        self.stdout.write(run.summary)
