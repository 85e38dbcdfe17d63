import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from simerit.core.exceptions import DomainError
from simerit.demo import data
from simerit.demo.seed import seed_demo


class Command(BaseCommand):
    help = (
        "Isi basis data dengan data demo Pemerintah Kota Palembang (sekali saja; menjalankan "
        "ulang tidak mengubah apa pun) lalu tampilkan akun demo."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        try:
            result = seed_demo(today=timezone.localdate())
        except DomainError as error:
            raise CommandError(error.message) from error
        if result.created:
            self.stdout.write(
                f"Data demo dibuat dalam {time.monotonic() - started:.1f} detik: "
                f"{result.units} unit kerja, {result.positions} jabatan, "
                f"{result.employees} pegawai, {result.users} akun petugas."
            )
            story = result.recruitment
            if story is not None:
                self.stdout.write(
                    f"Rekrutmen: {story.periods} periode seleksi, {story.formasi} formasi, "
                    f"{story.applicants} pelamar, {story.applications} lamaran "
                    f"({story.refused} ditolak karena tidak memenuhi syarat), "
                    f"{story.announcements} pengumuman, {story.sanggah} sanggah."
                )
        else:
            self.stdout.write("Data demo sudah ada; tidak ada yang diubah.")
        self.stdout.write(account_table())


def account_table() -> str:
    """The demo logins as a plain-text table: username, role, password."""
    rows = [("Nama pengguna", "Peran", "Kata sandi")]
    for account in data.DEMO_ACCOUNTS:
        roles = " + ".join(str(role.label) for role in account.roles)
        rows.append((account.username, roles, data.DEMO_PASSWORD))
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    lines = ["", "Akun demo:"]
    for index, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
        if index == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)
