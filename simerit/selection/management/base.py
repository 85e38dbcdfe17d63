"""Shared by the selection's management commands: run one period's cut, SKB-CAT import or
integration from a shell or cron (large periods outside a web worker's timeout), as a named
Admin BKPSDM, through the same services as the pages and the API.

`--period <id>` and `--actor <username>`; the command prints what the service returns with the
seconds it took; a refusal (the service's Indonesian message), an unknown period or account, or
an account that may not run it exits with a non-zero code and changes nothing.
"""

import time
from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from simerit.accounts.models import User
from simerit.core.exceptions import DomainError
from simerit.recruitment.models import SelectionPeriod


def seconds_text(seconds: float) -> str:
    """1.234 → "1,2"."""
    return f"{seconds:.1f}".replace(".", ",")


class SelectionCommand(BaseCommand):
    """Resolves --period and --actor, calls `run`, reports the result and the seconds."""

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--period", type=int, required=True, help="ID periode seleksi.")
        parser.add_argument(
            "--actor", required=True, help="Nama pengguna Admin BKPSDM yang menjalankan."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        period = SelectionPeriod.objects.filter(pk=options["period"]).first()
        if period is None:
            raise CommandError(f"Periode seleksi dengan ID {options['period']} tidak ditemukan.")
        actor = User.objects.filter(username=options["actor"]).first()
        if actor is None:
            raise CommandError(f"Akun dengan nama pengguna {options['actor']!r} tidak ditemukan.")
        if not actor.is_active:
            raise CommandError(f"Akun {actor.username} tidak aktif.")
        started = time.perf_counter()
        try:
            report = self.run(period=period, actor=actor)
        except PermissionDenied as error:
            raise CommandError(str(error) or "Akses ditolak.") from error
        except DomainError as error:
            raise CommandError(error.message) from error
        elapsed = seconds_text(time.perf_counter() - started)
        self.stdout.write(f"{period.name}: {report} ({elapsed} detik).")

    def run(self, *, period: SelectionPeriod, actor: User) -> str:
        """Call the service; return what it did, in one Indonesian sentence without its stop."""
        raise NotImplementedError
