from simerit.accounts.models import User
from simerit.recruitment.models import SelectionPeriod
from simerit.selection.management.base import SelectionCommand
from simerit.selection.services.cut import run_cut


class Command(SelectionCommand):
    help = (
        "Jalankan pemeringkatan SKD (peserta SKB) satu periode, seperti tombol di halaman "
        "Pemeringkatan & Integrasi: --period <id> --actor <nama pengguna Admin BKPSDM>."
    )

    def run(self, *, period: SelectionPeriod, actor: User) -> str:
        count = run_cut(period=period, actor=actor)
        return f"pemeringkatan SKD selesai, {count} peserta lolos ke SKB"
