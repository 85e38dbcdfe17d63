"""Periodic job: anonymise the registrants of information sessions past the retention period."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from simerit.core.exceptions import InvalidInputError
from simerit.training.services.public_retention import (
    RETENTION_SETTING,
    anonymise_registrations,
)


class Command(BaseCommand):
    help = (
        "Anonimkan nama, e-mail, dan nomor HP pendaftar sosialisasi/workshop yang sesinya berakhir "
        f"lebih dari N hari lalu (bawaan: {RETENTION_SETTING}, 90 hari); aman dijalankan "
        "berulang."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days", type=int, help="Masa simpan dalam hari sesudah sesi berakhir."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            run = anonymise_registrations(days=options["days"], actor=None)
        except InvalidInputError as error:
            raise CommandError(" ".join(error.errors["days"])) from error
        self.stdout.write(run.summary)
