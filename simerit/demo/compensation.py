"""The demo's TPP story (issue #8), built only through the compensation services.

1. Admin BKPSDM sets up a sample scheme, labelled as such: the Perwali Palembang on TPP is not
   part of the demo, so the name and the legal basis say it is an example. 60 % performance and
   40 % discipline (a split common in Perbup/Perwali, §7.6 [U]), a rate per predikat, a rate for
   employees without a final predikat (everybody outside Dinas Kesehatan, whose staff alone have
   a performance history, and its newest staff), cuts per day absent and per hour late, the
   sanction cut applied, and a base amount per kind of jabatan. It is in force from January of
   last month's year.
2. Admin BKPSDM computes last month from the attendance recaps (discipline.py) and the predikat
   of last year (performance_history.py), and finalises it: the Dinas Kesehatan staff get the
   rate of their predikat, the sanctioned apoteker's line shows the 25 % cut of case HD-…, the
   ladder employee's the five days absent, the others their late minutes.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from simerit.accounts.models import User
from simerit.compensation.models import Line, Run, Scheme
from simerit.compensation.services import runs as run_services
from simerit.compensation.services import schemes as scheme_services
from simerit.demo.discipline import month_start
from simerit.organization.models import Position
from simerit.performance.models import Predikat

SCHEME_NAME = "Skema contoh (demo)"
LEGAL_BASIS = "Contoh untuk demonstrasi — bukan Perwali yang berlaku"
PERFORMANCE_WEIGHT = Decimal(60)
DISCIPLINE_WEIGHT = Decimal(40)
ABSENT_DAY_CUT = Decimal(3)  # % of the discipline share per day absent without a valid reason
LATE_HOUR_CUT = Decimal("1.5")  # % of the discipline share per hour late or leaving early
MISSING_PREDIKAT_RATE = Decimal(80)
RATES = {
    Predikat.SANGAT_BAIK: Decimal(100),
    Predikat.BAIK: Decimal(90),
    Predikat.BUTUH_PERBAIKAN: Decimal(70),
    Predikat.KURANG: Decimal(50),
    Predikat.SANGAT_KURANG: Decimal(25),
}
# Monthly base (pagu) per kind of jabatan, in rupiah; the city has no JPT Utama or Madya.
BASE_AMOUNTS = {
    Position.Kind.JPT_PRATAMA: 12_000_000,
    Position.Kind.ADMINISTRATOR: 8_000_000,
    Position.Kind.PENGAWAS: 5_500_000,
    Position.Kind.FUNGSIONAL: 4_000_000,
    Position.Kind.PELAKSANA: 3_000_000,
}


@dataclass
class CompensationStoryResult:
    schemes: int = 0
    runs: int = 0
    lines: int = 0
    total_amount: int = 0
    month: dt.date | None = None
    with_predikat: int = 0  # lines at the rate of a final predikat (the others: the missing rate)
    sanction_cuts: int = 0


class CompensationStory:
    def __init__(self, *, today: dt.date) -> None:
        self.today = today
        self.month = month_start(today, back=1)
        self.result = CompensationStoryResult(month=self.month)
        self.admin = User.objects.get(username="admin.bkpsdm")

    def build(self) -> CompensationStoryResult:
        self.scheme()
        run = self.run()
        self.result.lines = run.employees
        self.result.total_amount = run.total_amount
        lines = Line.objects.filter(run=run)
        self.result.with_predikat = lines.exclude(predikat="").count()
        self.result.sanction_cuts = lines.exclude(sanction_cut_percent=0).count()
        return self.result

    def scheme(self) -> Scheme:
        scheme = scheme_services.create_scheme(
            actor=self.admin,
            data=scheme_services.SchemeData(
                name=SCHEME_NAME,
                effective_from=dt.date(self.month.year, 1, 1),
                legal_basis=LEGAL_BASIS,
                performance_weight=PERFORMANCE_WEIGHT,
                discipline_weight=DISCIPLINE_WEIGHT,
                absent_day_cut=ABSENT_DAY_CUT,
                late_hour_cut=LATE_HOUR_CUT,
                missing_predikat_rate=MISSING_PREDIKAT_RATE,
                apply_sanction_cut=True,
                rates={str(predikat): rate for predikat, rate in RATES.items()},
                kind_amounts={str(kind): amount for kind, amount in BASE_AMOUNTS.items()},
            ),
        )
        self.result.schemes += 1
        return scheme

    def run(self) -> Run:
        draft = run_services.compute_run(actor=self.admin, month=self.month)
        final = run_services.finalise_run(actor=self.admin, run=draft)
        self.result.runs += 1
        return final
