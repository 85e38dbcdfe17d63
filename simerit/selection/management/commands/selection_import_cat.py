from simerit.accounts.models import User
from simerit.recruitment.models import SelectionPeriod
from simerit.selection.management.base import SelectionCommand
from simerit.selection.services.cat_scores import import_cat_scores


class Command(SelectionCommand):
    help = (
        "Impor nilai SKB-CAT satu periode dari hasil ujian SKB, seperti tombol di halaman "
        "Pemeringkatan & Integrasi: --period <id> --actor <nama pengguna Admin BKPSDM>."
    )

    def run(self, *, period: SelectionPeriod, actor: User) -> str:
        count = import_cat_scores(period=period, actor=actor)
        return f"nilai SKB-CAT diimpor, {count} nilai komponen"
