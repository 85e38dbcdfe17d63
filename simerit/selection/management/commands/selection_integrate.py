from simerit.accounts.models import User
from simerit.recruitment.models import SelectionPeriod
from simerit.selection.management.base import SelectionCommand
from simerit.selection.selectors.ranking import run_totals
from simerit.selection.services.integration import run_integration


class Command(SelectionCommand):
    help = (
        "Jalankan integrasi nilai dan pemeringkatan akhir satu periode, seperti tombol di halaman "
        "Pemeringkatan & Integrasi: --period <id> --actor <nama pengguna Admin BKPSDM>."
    )

    def run(self, *, period: SelectionPeriod, actor: User) -> str:
        run = run_integration(period=period, actor=actor)
        totals = run_totals(run)
        return (
            f"integrasi #{run.pk} selesai, {run.result_count} peserta di {run.formasi_count} "
            f"formasi diperingkat: Lulus {totals['lulus']}, P/L {totals['p_l']}, Tidak Lulus "
            f"{totals['tidak_lulus']}, Mengundurkan diri {totals['mengundurkan_diri']}"
        )
