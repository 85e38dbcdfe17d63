"""The monthly TPP of one employee (Tambahan Penghasilan Pegawai; PP 12/2019 Pasal 58, domain
reference §7.6). Pure functions, no ORM.

The split between a performance share and a discipline share, the rate of each predikat, the
cut per day absent and per hour late, and whether a sedang sanction (PP 94/2021 Pasal 8(3): 25 %
of the tunjangan kinerja for 6, 9 or 12 months) cuts the TPP are set by the Perwali: they are the
scheme's configuration ([U] for Palembang), never constants here.

The order of the computation and its rounding (every amount in whole rupiah, Decimal, never
float; ROUND_HALF_UP, so Rp0,5 becomes Rp1):

1. performance_amount = round(base × performance_weight/100 × performance_rate/100);
2. discipline_rate = max(0, 100 − absent_days × absent_day_cut − late_minutes/60 × late_hour_cut),
   kept to 2 decimals;
3. discipline_amount = round(base × discipline_weight/100 × discipline_rate/100);
4. gross = performance_amount + discipline_amount;
5. sanction_cut_amount = round(gross × cut_percent/100) when the scheme applies the cut, else 0;
6. total = gross − sanction_cut_amount.
"""

import datetime as dt
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from simerit.core.dates import MONTHS_ID

HUNDRED = Decimal(100)
TWO_PLACES = Decimal("0.01")
MINUTES_PER_HOUR = 60
# The explanation step every line without an attendance recap carries (the run page counts them).
NO_ATTENDANCE = "Rekap kehadiran belum diimpor"
NO_PREDIKAT = "belum ada predikat final"

# The steps as the run page shows them above the lines.
METHOD = (
    "Bagian kinerja = pagu × bobot kinerja × tarif predikat, dibulatkan ke rupiah terdekat.",
    "Tarif disiplin = 100% − hari tidak masuk × potongan per hari − menit terlambat ÷ 60 × "
    "potongan per jam, paling rendah 0%, dibulatkan dua desimal.",
    "Bagian disiplin = pagu × bobot disiplin × tarif disiplin, dibulatkan ke rupiah terdekat.",
    "Jumlah = bagian kinerja + bagian disiplin.",
    "Potongan hukuman disiplin = jumlah × persentase potongan hukuman tingkat sedang yang "
    "berjalan pada bulan itu (bila skema menerapkannya), dibulatkan ke rupiah terdekat.",
    "TPP diterima = jumlah − potongan hukuman disiplin. Pembulatan: setengah rupiah ke atas.",
)


@dataclass(frozen=True)
class Formula:
    """A scheme's numbers (percentages)."""

    performance_weight: Decimal
    discipline_weight: Decimal
    absent_day_cut: Decimal
    late_hour_cut: Decimal
    apply_sanction_cut: bool = True


@dataclass(frozen=True)
class Facts:
    """One employee's month. `predikat_label` is empty when no predikat is final (the scheme's
    rate for that case is then `performance_rate`). The sanction is known by its cut alone: the
    steps are read by payroll and an Admin OPD, who may not see the discipline case."""

    base_amount: int
    base_label: str
    performance_rate: Decimal
    predikat_label: str = ""
    predikat_year: int | None = None
    absent_days: int = 0
    late_minutes: int = 0
    attendance_missing: bool = False
    cut_percent: int = 0


@dataclass(frozen=True)
class Outcome:
    performance_amount: int
    discipline_rate: Decimal
    discipline_amount: int
    gross_amount: int
    sanction_cut_percent: int
    sanction_cut_amount: int
    total_amount: int
    steps: tuple[str, ...]


def round_rupiah(value: Decimal) -> int:
    """Whole rupiah, half a rupiah up."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def format_rupiah(amount: int) -> str:
    """Rp5.000.000 (Indonesian thousands separator)."""
    sign = "−" if amount < 0 else ""
    return f"{sign}Rp{abs(amount):,}".replace(",", ".")


def format_percent(value: Decimal | int) -> str:
    """60% · 92,42% · 92,5% (Indonesian decimal comma, no trailing zeros)."""
    number = Decimal(value)
    sign = "−" if number < 0 else ""
    text = f"{abs(number):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{sign}{text.replace('.', ',')}%"


def weights_error(performance_weight: Decimal, discipline_weight: Decimal) -> str | None:
    """The refusal of a scheme whose two shares do not make up the whole TPP."""
    total = performance_weight + discipline_weight
    if total == HUNDRED:
        return None
    return f"Jumlah bobot kinerja dan disiplin harus 100%; saat ini {format_percent(total)}."


def raw_discipline_rate(
    *, absent_days: int, late_minutes: int, absent_day_cut: Decimal, late_hour_cut: Decimal
) -> Decimal:
    """100 − the cuts, before the floor at 0 and the rounding."""
    late = Decimal(late_minutes) / MINUTES_PER_HOUR * late_hour_cut
    return HUNDRED - Decimal(absent_days) * absent_day_cut - late


def discipline_rate(
    *, absent_days: int, late_minutes: int, absent_day_cut: Decimal, late_hour_cut: Decimal
) -> Decimal:
    raw = raw_discipline_rate(
        absent_days=absent_days,
        late_minutes=late_minutes,
        absent_day_cut=absent_day_cut,
        late_hour_cut=late_hour_cut,
    )
    return max(Decimal(0), raw).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def share(base_amount: int, weight: Decimal, rate: Decimal) -> int:
    """base × weight % × rate %, in whole rupiah."""
    return round_rupiah(Decimal(base_amount) * weight / HUNDRED * rate / HUNDRED)


def compute(formula: Formula, facts: Facts) -> Outcome:
    """Every component of one employee's TPP for a month, with the steps shown to the employee
    and to payroll."""
    base = facts.base_amount
    performance_amount = share(base, formula.performance_weight, facts.performance_rate)
    rate = discipline_rate(
        absent_days=facts.absent_days,
        late_minutes=facts.late_minutes,
        absent_day_cut=formula.absent_day_cut,
        late_hour_cut=formula.late_hour_cut,
    )
    discipline_amount = share(base, formula.discipline_weight, rate)
    gross = performance_amount + discipline_amount
    cut_percent = facts.cut_percent if formula.apply_sanction_cut else 0
    cut_amount = round_rupiah(Decimal(gross) * cut_percent / HUNDRED)
    total = gross - cut_amount
    steps = [
        f"Pagu TPP ({facts.base_label}): {format_rupiah(base)}.",
        _predikat_step(facts),
        f"Bagian kinerja: {format_rupiah(base)} × {format_percent(formula.performance_weight)} × "
        f"{format_percent(facts.performance_rate)} ({facts.predikat_label or NO_PREDIKAT}) = "
        f"{format_rupiah(performance_amount)}",
    ]
    if facts.attendance_missing:
        steps.append(f"{NO_ATTENDANCE}: dihitung 0 hari tidak masuk dan 0 menit terlambat.")
    steps += [
        _discipline_rate_step(formula, facts, rate),
        f"Bagian disiplin: {format_rupiah(base)} × {format_percent(formula.discipline_weight)} × "
        f"{format_percent(rate)} = {format_rupiah(discipline_amount)}",
        f"Jumlah sebelum potongan hukuman: {format_rupiah(performance_amount)} + "
        f"{format_rupiah(discipline_amount)} = {format_rupiah(gross)}",
        *_sanction_steps(facts, gross, cut_percent, cut_amount),
    ]
    return Outcome(
        performance_amount=performance_amount,
        discipline_rate=rate,
        discipline_amount=discipline_amount,
        gross_amount=gross,
        sanction_cut_percent=cut_percent,
        sanction_cut_amount=cut_amount,
        total_amount=total,
        steps=tuple(steps),
    )


def _predikat_step(facts: Facts) -> str:
    rate = format_percent(facts.performance_rate)
    if not facts.predikat_label:
        return f"Predikat kinerja: {NO_PREDIKAT}; dipakai tarif kinerja skema {rate}."
    return f"Predikat kinerja: {facts.predikat_label} (tahun {facts.predikat_year}); tarif {rate}."


def _discipline_rate_step(formula: Formula, facts: Facts, rate: Decimal) -> str:
    raw = raw_discipline_rate(
        absent_days=facts.absent_days,
        late_minutes=facts.late_minutes,
        absent_day_cut=formula.absent_day_cut,
        late_hour_cut=formula.late_hour_cut,
    )
    expression = (
        f"Tarif disiplin: 100% − {facts.absent_days} hari × "
        f"{format_percent(formula.absent_day_cut)} − {facts.late_minutes} menit ÷ 60 × "
        f"{format_percent(formula.late_hour_cut)}"
    )
    if raw < 0:
        shown = raw.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
        return f"{expression} = {format_percent(shown)}; tarif paling rendah 0%."
    if raw != rate:
        return f"{expression} = {format_percent(rate)} (dibulatkan dua desimal)"
    return f"{expression} = {format_percent(rate)}"


def _sanction_steps(facts: Facts, gross: int, cut_percent: int, cut_amount: int) -> list[str]:
    if facts.cut_percent and not cut_percent:
        return [
            f"Hukuman disiplin (potongan {facts.cut_percent}%) tidak diterapkan: skema ini tidak "
            "memotong TPP karena hukuman disiplin.",
            f"TPP diterima: {format_rupiah(gross)}",
        ]
    if cut_percent:
        return [
            f"Potongan hukuman disiplin {cut_percent}%: {format_rupiah(gross)} × "
            f"{cut_percent}% = {format_rupiah(cut_amount)}",
            f"TPP diterima: {format_rupiah(gross)} − {format_rupiah(cut_amount)} = "
            f"{format_rupiah(gross - cut_amount)}",
        ]
    return [f"TPP diterima: {format_rupiah(gross)}"]


def month_label(month: dt.date) -> str:
    """Oktober 2026."""
    return f"{MONTHS_ID[month.month - 1]} {month.year}"


MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")
MONTH_MESSAGE = "Tulis bulan dengan format TTTT-BB, mis. 2026-10."


def parse_month(text: str) -> dt.date | None:
    """ "2026-10" → 1 October 2026; None for anything else (a year before 2000 included)."""
    match = MONTH_PATTERN.match(text.strip())
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if year < 2000 or not 1 <= month <= 12:
        return None
    return dt.date(year, month, 1)
