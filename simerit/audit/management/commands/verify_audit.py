from typing import Any

from django.core.management.base import BaseCommand, CommandError

from simerit.audit.integrity import run_checks
from simerit.audit.services import verify_chain


class Command(BaseCommand):
    help = (
        "Periksa rantai hash jejak audit dan catatan terbitan yang hash-nya tercatat di sana; "
        "keluar dengan kode bukan nol bila ada yang dirusak."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        failures: list[str] = []
        if report.intact:
            self.stdout.write(f"Rantai audit utuh: {report.length} baris.")
        else:
            where = f"baris #{report.bad_seq}" + (f" (id {report.bad_id})" if report.bad_id else "")
            failures.append(
                f"Rantai audit RUSAK pada {where}: {report.reason}. "
                f"Baris utuh sebelum kerusakan: {report.length}."
            )
        checks, problems = run_checks()
        for problem in problems:
            failures.append(f"{problem.check} — {problem.where}: {problem.reason}.")
        if not problems:
            self.stdout.write(f"Catatan terbitan cocok dengan hash-nya ({checks} pemeriksaan).")
        if failures:
            raise CommandError("\n".join(failures))
