from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from simerit.recruitment.services import applicants as services


class Command(BaseCommand):
    help = (
        "Hapus pendaftaran pelamar yang e-mailnya tidak pernah dikonfirmasi dalam N hari dan "
        "belum memiliki lamaran, sehingga NIK dan e-mailnya dapat dipakai lagi. Aman dijalankan "
        "berulang (cron/systemd timer)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--hari",
            dest="days",
            type=int,
            default=None,
            help="Batas hari sejak pendaftaran (bawaan: SIMERIT_UNCONFIRMED_APPLICANT_DAYS, 3).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"] if options["days"] is not None else services.unconfirmed_days()
        if days < 1:
            raise CommandError("Batas hari paling sedikit 1.")
        expired = services.expire_unconfirmed_applicants(days=days)
        self.stdout.write(
            f"{expired} pendaftaran pelamar yang tidak dikonfirmasi dalam {days} hari dihapus."
        )
