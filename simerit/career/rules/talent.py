"""The 9-box of talent management (PermenPANRB 3/2020 Manajemen Talenta ASN; domain reference §8.2).

Two axes place an employee in one of nine boxes:
- **Kinerja** from the latest final predikat: the predikat in `above` are Di Atas Ekspektasi, those
  in `as_expected` Sesuai Ekspektasi, every other predikat Di Bawah Ekspektasi. The lists are
  `TalentSettings` (instansi-defined [U]).
- **Potensial** from the latest valid assessment score (0–100): Rendah below `medium_from`,
  Menengah from `medium_from`, Tinggi from `high_from` (thresholds [U], `TalentSettings`).

The grid as KemenPANRB draws it (rows kinerja from the top, columns potensial from the left):
`4 7 9 / 2 5 8 / 1 3 6`. The recommended action per box is §8.2's text [V-ish: the box meanings
agree in four public implementations; the wording comes from one, matched in part by a second].
Promotions are proposed from boxes 7, 8 and 9.

Pure: no ORM. The callers read the predikat and the score.
"""

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

ABOVE = "above"
AS_EXPECTED = "as_expected"
BELOW = "below"
HIGH = "high"
MEDIUM = "medium"
LOW = "low"

PERFORMANCE_LABELS = {
    ABOVE: "Di atas ekspektasi",
    AS_EXPECTED: "Sesuai ekspektasi",
    BELOW: "Di bawah ekspektasi",
}
POTENTIAL_LABELS = {HIGH: "Tinggi", MEDIUM: "Menengah", LOW: "Rendah"}

# The rows of the grid from the top (kinerja) and the columns from the left (potensial).
PERFORMANCE_ORDER = (ABOVE, AS_EXPECTED, BELOW)
POTENTIAL_ORDER = (LOW, MEDIUM, HIGH)
GRID: dict[tuple[str, str], int] = {
    (ABOVE, LOW): 4,
    (ABOVE, MEDIUM): 7,
    (ABOVE, HIGH): 9,
    (AS_EXPECTED, LOW): 2,
    (AS_EXPECTED, MEDIUM): 5,
    (AS_EXPECTED, HIGH): 8,
    (BELOW, LOW): 1,
    (BELOW, MEDIUM): 3,
    (BELOW, HIGH): 6,
}
AXES_OF_BOX = {number: axes for axes, number in GRID.items()}

# The boxes a succession pool (and a promotion proposal) is drawn from.
SUCCESSION_BOXES = frozenset({7, 8, 9})

ACTIONS: dict[int, tuple[str, ...]] = {
    9: (
        "Dipromosikan dan dipertahankan",
        "Masuk Kelompok Rencana Suksesi Instansi/Nasional",
        "Penghargaan",
    ),
    8: (
        "Dipertahankan",
        "Masuk Kelompok Rencana Suksesi Instansi",
        "Rotasi/perluasan jabatan",
        "Bimbingan kinerja",
    ),
    7: (
        "Dipertahankan",
        "Masuk Kelompok Rencana Suksesi Instansi",
        "Rotasi/pengayaan jabatan",
        "Pengembangan kompetensi",
        "Tugas belajar",
    ),
    6: ("Penempatan yang sesuai", "Bimbingan kinerja", "Konseling kinerja"),
    5: ("Penempatan yang sesuai", "Bimbingan kinerja", "Pengembangan kompetensi"),
    4: ("Rotasi", "Pengembangan kompetensi"),
    3: (
        "Bimbingan kinerja",
        "Konseling kinerja",
        "Pengembangan kompetensi",
        "Penempatan yang sesuai",
    ),
    2: ("Bimbingan kinerja", "Pengembangan kompetensi", "Penempatan yang sesuai"),
    1: ("Diproses sesuai ketentuan peraturan perundang-undangan",),
}

NO_PREDIKAT = "Belum ada predikat final."
NO_ASSESSMENT = "Belum ada hasil asesmen potensial yang berlaku."


@dataclass(frozen=True)
class Thresholds:
    """`TalentSettings` as the rules need it."""

    medium_from: Decimal
    high_from: Decimal
    above: Collection[str]
    as_expected: Collection[str]
    valid_years: int


@dataclass(frozen=True)
class Placement:
    performance: str  # ABOVE / AS_EXPECTED / BELOW, "" when unknown
    potential: str  # HIGH / MEDIUM / LOW, "" when unknown
    box: int | None
    actions: list[str]
    reason: str  # why there is no box; "" when placed


def performance_axis(
    predikat: str | None, *, above: Collection[str], as_expected: Collection[str]
) -> str:
    """The kinerja axis of a final predikat; "" without one."""
    if not predikat:
        return ""
    if predikat in above:
        return ABOVE
    if predikat in as_expected:
        return AS_EXPECTED
    return BELOW


def potential_axis(score: Decimal | None, *, medium_from: Decimal, high_from: Decimal) -> str:
    """The potensial axis of a score; "" without one. A threshold itself belongs to the higher
    band (a score equal to `high_from` is Tinggi)."""
    if score is None:
        return ""
    if score >= high_from:
        return HIGH
    if score >= medium_from:
        return MEDIUM
    return LOW


def format_score(value: Decimal) -> str:
    """A threshold as people write it: 60.00 → "60", 62.50 → "62,5"."""
    text = f"{value.normalize():f}"
    return text.replace(".", ",")


def box(performance: str, potential: str) -> int | None:
    """The box number (1–9) of two known axes; None when either is unknown."""
    return GRID.get((performance, potential))


def actions_for(number: int | None) -> list[str]:
    return list(ACTIONS.get(number, ())) if number is not None else []


def place(*, predikat: str | None, score: Decimal | None, thresholds: Thresholds) -> Placement:
    """The employee's box from their latest final predikat and latest valid potential score, with
    the recommended actions, or no box and why (each missing axis, in axis order)."""
    performance = performance_axis(
        predikat, above=thresholds.above, as_expected=thresholds.as_expected
    )
    potential = potential_axis(
        score, medium_from=thresholds.medium_from, high_from=thresholds.high_from
    )
    number = box(performance, potential)
    missing = [
        message
        for known, message in ((performance, NO_PREDIKAT), (potential, NO_ASSESSMENT))
        if not known
    ]
    return Placement(
        performance=performance,
        potential=potential,
        box=number,
        actions=actions_for(number),
        reason=" ".join(missing),
    )


def years_before(day: dt.date, years: int) -> dt.date:
    """The same calendar day `years` earlier (29 February falls back to the 28th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def valid_from(on: dt.date, *, valid_years: int) -> dt.date:
    """The earliest assessment date still valid on `on`: an assessment counts for
    `valid_years` years, the anniversary day included."""
    return years_before(on, valid_years)


def is_valid_assessment(assessed_on: dt.date, *, on: dt.date, valid_years: int) -> bool:
    """Valid on `on`: not after `on` and not older than `valid_years` years."""
    return valid_from(on, valid_years=valid_years) <= assessed_on <= on


def box_label(number: int) -> str:
    """ "Kotak 7: kinerja di atas ekspektasi, potensial menengah"."""
    performance, potential = AXES_OF_BOX[number]
    return (
        f"Kotak {number}: kinerja {PERFORMANCE_LABELS[performance].lower()}, potensial "
        f"{POTENTIAL_LABELS[potential].lower()}"
    )
