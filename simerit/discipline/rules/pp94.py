"""The PP 94/2021 sanction table (Pasal 8; reference §7.1 [V]) and the date arithmetic of a
sanction. Pure functions, no ORM.

Every sanction type belongs to exactly one level. The sedang types cut the tunjangan kinerja
(for regional staff: the TPP) by 25 % for 6, 9 or 12 months; the first two berat types last 12
months; PDHTAPS ends the employment and has no end date; a ringan sanction has no duration.

Working days (the summons and appeal windows) are Monday to Friday less the national holidays and
cuti bersama of the yearly SKB (Menteri Agama, Menaker, MenPAN-RB); the services pass them from
`models.Holiday`, which Admin BKPSDM keeps.
"""

import datetime as dt
from dataclasses import dataclass

from simerit.discipline.models import Level, SanctionType


@dataclass(frozen=True)
class SanctionSpec:
    type: str
    level: str
    months: int  # 0: no duration (ringan) or permanent (PDHTAPS, see `permanent`)
    tpp_cut_percent: int
    permanent: bool = False

    @property
    def label(self) -> str:
        return str(SanctionType(self.type).label)


TABLE: dict[str, SanctionSpec] = {
    spec.type: spec
    for spec in (
        SanctionSpec(SanctionType.TEGURAN_LISAN, Level.RINGAN, 0, 0),
        SanctionSpec(SanctionType.TEGURAN_TERTULIS, Level.RINGAN, 0, 0),
        SanctionSpec(SanctionType.PERNYATAAN_TIDAK_PUAS, Level.RINGAN, 0, 0),
        SanctionSpec(SanctionType.POTONG_6, Level.SEDANG, 6, 25),
        SanctionSpec(SanctionType.POTONG_9, Level.SEDANG, 9, 25),
        SanctionSpec(SanctionType.POTONG_12, Level.SEDANG, 12, 25),
        SanctionSpec(SanctionType.PENURUNAN_JABATAN, Level.BERAT, 12, 0),
        SanctionSpec(SanctionType.PEMBEBASAN_JABATAN, Level.BERAT, 12, 0),
        SanctionSpec(SanctionType.PDHTAPS, Level.BERAT, 0, 0, permanent=True),
    )
}

# The levels a Satyalancana period must be free of (PP 35/2010; §7.5).
HEAVY_LEVELS = (Level.SEDANG, Level.BERAT)


class SanctionTableError(ValueError):
    """A sanction type that does not exist or does not belong to the level; the message is
    Indonesian and safe to show."""


def spec_for(sanction_type: str, level: str | None = None) -> SanctionSpec:
    """The table row of `sanction_type`; with `level`, also checks that the type belongs to it."""
    spec = TABLE.get(sanction_type)
    if spec is None:
        raise SanctionTableError("Jenis hukuman disiplin tidak dikenal dalam PP 94/2021.")
    if level is not None and spec.level != level:
        raise SanctionTableError(
            f"Jenis hukuman “{spec.label}” bukan hukuman disiplin tingkat "
            f"{Level(level).label.lower()}: jenis ini termasuk tingkat "
            f"{Level(spec.level).label.lower()} (PP 94/2021 Pasal 8)."
        )
    return spec


def types_of_level(level: str) -> list[SanctionSpec]:
    return [spec for spec in TABLE.values() if spec.level == level]


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole months, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    for candidate in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def end_date(sanction_type: str, starts_on: dt.date) -> dt.date | None:
    """The last day (inclusive) the sanction runs: starts_on + months − 1 day; None for a type
    without duration (ringan) or a permanent one (PDHTAPS)."""
    spec = spec_for(sanction_type)
    if spec.months == 0:
        return None
    return add_months(starts_on, spec.months) - dt.timedelta(days=1)


def is_active(
    *, sanction_type: str, starts_on: dt.date, ends_on: dt.date | None, on: dt.date
) -> bool:
    """Whether a sanction in force runs on `on`: a timed one between its dates, PDHTAPS from its
    start for ever, a ringan one never (it has no duration)."""
    spec = spec_for(sanction_type)
    if spec.permanent:
        return starts_on <= on
    if ends_on is None:
        return False
    return starts_on <= on <= ends_on


def cuts_tpp_in_month(
    *, sanction_type: str, starts_on: dt.date, ends_on: dt.date | None, month: dt.date
) -> bool:
    """Whether the sanction cuts the TPP of the month that starts on `month` (the 1st): a sedang
    sanction (which starts on a 1st) covers exactly its 6, 9 or 12 months."""
    spec = spec_for(sanction_type)
    if spec.tpp_cut_percent == 0 or ends_on is None:
        return False
    return starts_on <= month <= ends_on


def _is_working_day(day: dt.date, holidays: frozenset[dt.date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_working_days(
    day: dt.date, count: int, holidays: frozenset[dt.date] = frozenset()
) -> dt.date:
    """`day` plus `count` working days: Monday to Friday, except `holidays` (the national
    holidays and cuti bersama of the SKB, as the caller passes them; weekend dates in it change
    nothing)."""
    current = day
    remaining = count
    while remaining > 0:
        current += dt.timedelta(days=1)
        if _is_working_day(current, holidays):
            remaining -= 1
    return current


def working_days_between(
    start: dt.date, end: dt.date, holidays: frozenset[dt.date] = frozenset()
) -> int:
    """Working days (Monday to Friday, except `holidays`) after `start` up to and including
    `end`; 0 if end ≤ start."""
    count = 0
    current = start
    while current < end:
        current += dt.timedelta(days=1)
        if _is_working_day(current, holidays):
            count += 1
    return count
