from typing import Any

from django.core.management.base import BaseCommand, CommandError

from simerit.audit.services import verify_chain


class Command(BaseCommand):
    help = (
        "Periksa rantai hash jejak audit; keluar dengan kode bukan nol bila ada baris yang dirusak."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        if report.intact:
            self.stdout.write(f"Rantai audit utuh: {report.length} baris.")
            return
        where = f"baris #{report.bad_seq}" + (f" (id {report.bad_id})" if report.bad_id else "")
        raise CommandError(
            f"Rantai audit RUSAK pada {where}: {report.reason}. "
            f"Baris utuh sebelum kerusakan: {report.length}."
        )
