"""Kenaikan pangkat reguler (domain reference §8.1): the periods of the rule in force and the
conditions one PNS must meet on a period date. Pure functions, no ORM.

- Legal basis: PP 99/2000 jo. PP 12/2002. Pasal 7: at least 4 years in the last pangkat, and
  each element of performance at least Baik in the last 2 years. Pasal 8: the ceiling of a KP
  reguler by education. The figures are configuration (`PromotionRule`, `EducationCeiling`).
- Periods: 1 April and 1 October historically; six periods from 1 January 2024 (Peraturan BKN
  4/2023: 1 Feb, 1 Apr, 1 Jun, 1 Aug, 1 Oct, 1 Dec); every month from 1 October 2025 (Peraturan
  BKN 4/2025). Each `PromotionRule` row lists its months.
- No KP while a disciplinary sanction runs (PP 94/2021; §7.5), checked on the period date. Whether
  a keberatan/banding not yet decided also holds back a KP (the PP 53/2010-era rule, §7.4) is [U]:
  `PromotionRule.pending_appeal_blocks`, off by default.
- KP reguler is for a PNS holding no structural post and no jabatan fungsional tertentu, and "may
  not exceed the pangkat of the direct superior" (PP 99/2000; §8.1 [V]). A structural
  official (JPT, administrator, pengawas) gets a KP pilihan by post and a jabatan fungsional the
  angka kredit route: both stay on the list, the structural official with a note; the superior's
  limit is checked for the others only.
- A jabatan fungsional also needs its angka kredit kumulatif for the next pangkat (PermenPANRB
  1/2023; §5.8, §8.1).
- Only a PNS has a KP reguler: a CPNS becomes a PNS first; a PPPK has no pangkat.

Years in the rank are counted from the TMT golongan up to the period date; the predikat years are
the `predikat_years` calendar years before the period's year (period 1 December 2026 → 2025 and
2024), each final on the period date.
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from simerit.career.rules.credit import format_credit
from simerit.employees.models import EmployeeKind
from simerit.performance.models import Predikat

# Best first: a predikat meets a minimum when it stands at or before it in this order.
PREDIKAT_ORDER: tuple[str, ...] = (
    Predikat.SANGAT_BAIK,
    Predikat.BAIK,
    Predikat.BUTUH_PERBAIKAN,
    Predikat.KURANG,
    Predikat.SANGAT_KURANG,
)
# How far the period search looks ahead (the longest gap between periods is 6 months).
SEARCH_MONTHS = 24

NOT_PNS = {
    EmployeeKind.CPNS: "Kenaikan pangkat reguler hanya untuk PNS; pegawai ini masih CPNS.",
    EmployeeKind.PPPK: "Kenaikan pangkat reguler hanya untuk PNS; PPPK tidak memiliki pangkat.",
}
INACTIVE = "Pegawai tidak aktif."
NO_GOLONGAN = "Golongan belum tercatat."
NO_TMT = "TMT golongan belum tercatat."
NO_EDUCATION = "Pendidikan belum tercatat; batas pangkat menurut pendidikan tidak diperiksa."
NO_CEILING = "Batas pangkat menurut pendidikan belum diatur."
NO_RULE = "Belum ada ketentuan kenaikan pangkat yang berlaku pada tanggal ini."
NO_LEVEL = "Jenjang jabatan fungsional belum tercatat; angka kredit tidak diperiksa."
STRUCTURAL = "Pejabat struktural: kenaikan pangkat pilihan menurut jabatan (bukan reguler)."
# For a reader who may not see the case (an Admin OPD): no case number, no dates.
SANCTION_HIDDEN = "Sedang menjalani hukuman disiplin."
PENDING_APPEAL = (
    "Sedang menempuh upaya administratif atas hukuman disiplin; kenaikan pangkat menunggu putusan."
)


@dataclass(frozen=True)
class RuleTerms:
    """A `PromotionRule` row as the rules read it."""

    effective_from: dt.date
    min_years_in_rank: int
    min_predikat: str
    predikat_years: int
    period_months: tuple[int, ...]
    pending_appeal_blocks: bool = False


@dataclass(frozen=True)
class EmployeeFacts:
    """What the check needs of one employee. `golongan_code` is "" and `golongan_rank` None when
    no golongan is recorded; `education_code` is "" without an education record."""

    kind: str
    is_active: bool
    golongan_code: str
    golongan_rank: int | None
    tmt_golongan: dt.date | None
    education_code: str
    is_functional: bool
    is_structural: bool = False  # JPT, administrator or pengawas


@dataclass(frozen=True)
class RunningSanction:
    """`revealed` is False for a reader who may not see the case: the reason then names neither
    the case nor its dates."""

    case_number: str
    starts_on: dt.date
    ends_on: dt.date | None  # None: permanent (PDHTAPS)
    revealed: bool = True


@dataclass(frozen=True)
class Superior:
    """The direct superior's golongan (PP 99/2000: a KP reguler may not exceed it; §8.1)."""

    golongan_code: str
    golongan_rank: int


@dataclass(frozen=True)
class Ceiling:
    """The highest golongan a KP reguler reaches with the employee's education."""

    education_code: str
    max_golongan_code: str
    max_golongan_rank: int


@dataclass(frozen=True)
class CreditFacts:
    """A jabatan fungsional's angka kredit towards the next pangkat. `required` is None when the
    jenjang's requirement is not configured."""

    level_label: str
    accumulated: Decimal
    required: Decimal | None


@dataclass(frozen=True)
class Outcome:
    eligible: bool
    reasons: list[str]
    notes: list[str]
    next_golongan: str


# --- periods -------------------------------------------------------------------------------------


def rule_on(rules: Iterable[RuleTerms], day: dt.date) -> RuleTerms | None:
    """The rule in force on `day`: the latest `effective_from` on or before it."""
    in_force = [rule for rule in rules if rule.effective_from <= day]
    return max(in_force, key=lambda rule: rule.effective_from, default=None)


def _month_starts(start: dt.date, end: dt.date) -> list[dt.date]:
    first = start.replace(day=1)
    if first < start:
        first = _next_month(first)
    days = []
    while first <= end:
        days.append(first)
        first = _next_month(first)
    return days


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def periods(rules: Iterable[RuleTerms], start: dt.date, end: dt.date) -> list[dt.date]:
    """The period dates from `start` to `end` inclusive: each 1st of a month that the rule in
    force on that day lists."""
    terms = list(rules)
    found = []
    for day in _month_starts(start, end):
        rule = rule_on(terms, day)
        if rule is not None and day.month in rule.period_months:
            found.append(day)
    return found


def next_period(rules: Iterable[RuleTerms], on: dt.date) -> dt.date | None:
    """The first period on or after `on`."""
    ahead = periods(rules, on, add_months(on, SEARCH_MONTHS))
    return ahead[0] if ahead else None


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole months, clamped to the month's last day (29 Feb + 12 = 28 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


# --- the conditions ------------------------------------------------------------------------------


def service_in_rank(tmt: dt.date, on: dt.date) -> tuple[int, int]:
    """Whole (years, months) from `tmt` to `on` (0, 0 when `on` is before `tmt`)."""
    months = (on.year - tmt.year) * 12 + on.month - tmt.month
    if add_months(tmt, months) > on:
        months -= 1
    months = max(months, 0)
    return months // 12, months % 12


def format_duration(years: int, months: int) -> str:
    """3 tahun 7 bulan; 4 tahun; 7 bulan; 0 bulan."""
    parts = []
    if years:
        parts.append(f"{years} tahun")
    if months or not years:
        parts.append(f"{months} bulan")
    return " ".join(parts)


def meets(predikat: str, minimum: str) -> bool:
    return PREDIKAT_ORDER.index(predikat) <= PREDIKAT_ORDER.index(minimum)


def predikat_years(rule: RuleTerms, period: dt.date) -> list[int]:
    """The calendar years whose predikat count, newest first (period 2026 → 2025, 2024)."""
    return [period.year - offset for offset in range(1, rule.predikat_years + 1)]


def education_label(code: str) -> str:
    """S1 → S-1, D3 → D-III, SMA → SMA: as education is written on decrees."""
    roman = {"1": "I", "2": "II", "3": "III", "4": "IV"}
    if len(code) == 2 and code[0] == "S" and code[1].isdigit():
        return f"S-{code[1]}"
    if len(code) == 2 and code[0] == "D" and code[1] in roman:
        return f"D-{roman[code[1]]}"
    return code


def format_day(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def _years_reason(facts: EmployeeFacts, rule: RuleTerms, period: dt.date) -> str | None:
    if facts.tmt_golongan is None:
        return NO_TMT
    years, months = service_in_rank(facts.tmt_golongan, period)
    if years >= rule.min_years_in_rank:
        return None
    return (
        f"Masa kerja dalam pangkat {format_duration(years, months)}; "
        f"minimal {rule.min_years_in_rank} tahun."
    )


def _predikat_reasons(rule: RuleTerms, period: dt.date, predikats: Mapping[int, str]) -> list[str]:
    minimum = Predikat(rule.min_predikat).label
    reasons = []
    for year in predikat_years(rule, period):
        predikat = predikats.get(year)
        if predikat is None:
            reasons.append(f"Predikat {year} belum final.")
        elif not meets(predikat, rule.min_predikat):
            reasons.append(f"Predikat {year}: {Predikat(predikat).label}; minimal {minimum}.")
    return reasons


def _sanction_reason(sanction: RunningSanction) -> str:
    if not sanction.revealed:
        return SANCTION_HIDDEN
    if sanction.ends_on is None:
        return (
            f"Dijatuhi hukuman disiplin pemberhentian ({sanction.case_number}) sejak "
            f"{format_day(sanction.starts_on)}."
        )
    return (
        f"Sedang menjalani hukuman disiplin ({sanction.case_number}) sampai "
        f"{format_day(sanction.ends_on)}."
    )


def _rank_reasons(
    facts: EmployeeFacts, next_golongan: str, ceiling: Ceiling | None
) -> tuple[list[str], list[str]]:
    """(reasons, notes) about the golongan: the highest one, or the ceiling by education."""
    if facts.golongan_rank is None:
        return [NO_GOLONGAN], []
    if not next_golongan:
        return [f"Sudah golongan tertinggi ({facts.golongan_code})."], []
    if not facts.education_code:
        return [], [NO_EDUCATION]
    if ceiling is None:
        return [], [NO_CEILING]
    if facts.golongan_rank >= ceiling.max_golongan_rank:
        label = education_label(ceiling.education_code)
        return [
            f"Sudah mencapai batas pangkat untuk pendidikan {label} ({ceiling.max_golongan_code})."
        ], []
    return [], []


def _superior_reason(
    facts: EmployeeFacts, next_golongan: str, superior: Superior | None
) -> str | None:
    """The superior's limit, for a KP reguler only (not a structural post, not a JF)."""
    if superior is None or not next_golongan or facts.golongan_rank is None:
        return None
    if facts.is_structural or facts.is_functional:
        return None
    if facts.golongan_rank + 1 <= superior.golongan_rank:
        return None
    return (
        "Kenaikan pangkat reguler tidak boleh melebihi pangkat atasan langsung "
        f"({superior.golongan_code})."
    )


def _credit_reasons(credit: CreditFacts) -> tuple[list[str], list[str]]:
    if credit.required is None:
        return [], [
            f"Kebutuhan angka kredit jenjang {credit.level_label} belum diatur; angka kredit "
            "tidak diperiksa."
        ]
    if credit.accumulated >= credit.required:
        return [], []
    short = credit.required - credit.accumulated
    return [
        f"Angka kredit {format_credit(credit.accumulated)}; dibutuhkan "
        f"{format_credit(credit.required)} untuk kenaikan pangkat (kurang {format_credit(short)})."
    ], []


def check(
    *,
    facts: EmployeeFacts,
    rule: RuleTerms | None,
    period: dt.date,
    predikats: Mapping[int, str],
    sanction: RunningSanction | None,
    ceiling: Ceiling | None,
    next_golongan: str,
    credit: CreditFacts | None,
    superior: Superior | None = None,
    pending_appeal: bool = False,
) -> Outcome:
    """Whether the employee meets every condition of a KP reguler on `period`, and why not.
    `predikats` maps a year to the predikat final on the period date; `sanction` is the one
    running on the period date; `next_golongan` is "" above the highest golongan; `credit` is
    given for a jabatan fungsional; `superior` is the direct superior's golongan (None: no
    superior or no golongan recorded); `pending_appeal` whether a keberatan/banding against a
    sanction of the employee was pending on the period date (a reason only when the rule says
    so)."""
    if facts.kind != EmployeeKind.PNS:
        return Outcome(False, [NOT_PNS[EmployeeKind(facts.kind)]], [], "")
    reasons: list[str] = [] if facts.is_active else [INACTIVE]
    notes: list[str] = []
    if facts.is_structural:
        notes.append(STRUCTURAL)
    rank_reasons, rank_notes = _rank_reasons(facts, next_golongan, ceiling)
    reasons += rank_reasons
    notes += rank_notes
    above_superior = _superior_reason(facts, next_golongan, superior)
    reasons += [above_superior] if above_superior else []
    if rule is None:
        reasons.append(NO_RULE)
    else:
        years = _years_reason(facts, rule, period)
        reasons += [years] if years else []
        reasons += _predikat_reasons(rule, period, predikats)
    if sanction is not None:
        reasons.append(_sanction_reason(sanction))
    if pending_appeal and rule is not None and rule.pending_appeal_blocks:
        reasons.append(PENDING_APPEAL)
    if facts.is_functional and credit is None:
        notes.append(NO_LEVEL)
    elif facts.is_functional and credit is not None:
        credit_reasons, credit_notes = _credit_reasons(credit)
        reasons += credit_reasons
        notes += credit_notes
    return Outcome(not reasons, reasons, notes, next_golongan)
