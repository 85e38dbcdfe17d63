"""Angka kredit kumulatif of a jabatan fungsional towards the next pangkat (domain reference §5.8,
§8.1). Pure functions, no ORM.

PermenPANRB 1/2023 and Peraturan BKN 3/2023: since 2023 the angka kredit of a year follows from
the appraisal (months in the position / 12 × the predikat's percentage × the jenjang's annual
coefficient; `performance.rules.angka_kredit`), added to what the employee already held (the
integrated balance, or what remained after the last promotion: `CreditOpening`). A kenaikan
pangkat needs the jenjang's angka kredit kumulatif (`CreditRequirement`, configuration [S/U]).

The accumulated total = the opening balance + the credit of every final appraisal of a year
after the opening's date (a year is counted whole: the opening of 31 December 2024 takes 2025
onwards; one of 30 June 2025 also takes 2026 onwards, its own year being in the balance).
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

ZERO = Decimal("0.000")
REQUIREMENT_MISSING = "Kebutuhan angka kredit jenjang ini belum diatur."
SUFFICIENT = "Angka kredit mencukupi untuk kenaikan pangkat."
NO_OPENING = (
    "Saldo awal angka kredit belum dicatat Admin BKPSDM: yang dihitung hanya angka kredit dari "
    "penilaian kinerja."
)


def format_credit(value: Decimal) -> str:
    """42,500: three decimals with the Indonesian comma, as the angka kredit is written."""
    return f"{value:.3f}".replace(".", ",")


def counts_year(year: int, as_of: dt.date | None) -> bool:
    """Whether the appraisal of `year` adds to an opening balance dated `as_of` (every year
    counts when there is no opening balance)."""
    return as_of is None or year > as_of.year


@dataclass(frozen=True)
class Standing:
    """The total and how it compares with the requirement. `shortfall` is 0 when sufficient and
    None (like `sufficient`) when the requirement is not configured."""

    opening: Decimal
    earned: Decimal
    accumulated: Decimal
    required: Decimal | None
    shortfall: Decimal | None
    sufficient: bool | None
    message: str


def standing(*, opening: Decimal, earned: Iterable[Decimal], required: Decimal | None) -> Standing:
    earned_total = sum(earned, ZERO)
    accumulated = opening + earned_total
    if required is None:
        return Standing(opening, earned_total, accumulated, None, None, None, REQUIREMENT_MISSING)
    if accumulated >= required:
        return Standing(opening, earned_total, accumulated, required, ZERO, True, SUFFICIENT)
    shortfall = required - accumulated
    message = (
        f"Kurang {format_credit(shortfall)} angka kredit untuk kenaikan pangkat (terkumpul "
        f"{format_credit(accumulated)} dari {format_credit(required)})."
    )
    return Standing(opening, earned_total, accumulated, required, shortfall, False, message)
