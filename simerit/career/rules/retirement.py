"""Batas usia pensiun (BUP) and the date an employee retires (UU 20/2023; domain reference §4.7
and §9 [S]).

The ages are configuration (`RetirementAge`): 60 for JPT, 58 for administrator, pengawas and
pelaksana, 58 for jabatan fungsional unless its own regulation sets another age for a jenjang
(e.g. 65 for Ahli Utama). A row for the jenjang wins over the row for the kind of jabatan.

An employee is honourably discharged at the end of the month in which they reach the age, so the
pension starts (the BUP date, "TMT pensiun") on the first day of the following month: born on 1 or
31 March 1968 with BUP 58, both reach 58 in March 2026 and retire on 1 April 2026. A 29 February
birthday reaches its age in February, whether or not that year is a leap year.

Pure: no ORM.
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

NO_AGE = "Batas usia pensiun jabatan ini belum diatur."
# How many calendar years the forecast covers, the current one included.
FORECAST_YEARS = 5


@dataclass(frozen=True)
class Retirement:
    age: int | None
    retires_on: dt.date | None  # the BUP date (TMT pensiun); None when no age applies
    reason: str  # NO_AGE when no age applies, else ""


def age_for(
    ages: Mapping[tuple[str, str], int], *, position_kind: str, functional_level: str
) -> int | None:
    """The BUP age from {(position kind, jenjang or ""): age}: the jenjang's row, else the kind's
    row, else None."""
    if functional_level and (position_kind, functional_level) in ages:
        return ages[(position_kind, functional_level)]
    return ages.get((position_kind, ""))


def retirement_date(birth_date: dt.date, age: int) -> dt.date:
    """The first day of the month after the month in which the employee reaches `age`."""
    year = birth_date.year + age
    if birth_date.month == 12:
        return dt.date(year + 1, 1, 1)
    return dt.date(year, birth_date.month + 1, 1)


def retirement_of(
    ages: Mapping[tuple[str, str], int],
    *,
    birth_date: dt.date,
    position_kind: str,
    functional_level: str,
) -> Retirement:
    age = age_for(ages, position_kind=position_kind, functional_level=functional_level)
    if age is None:
        return Retirement(age=None, retires_on=None, reason=NO_AGE)
    return Retirement(age=age, retires_on=retirement_date(birth_date, age), reason="")


def forecast_years(today: dt.date, *, count: int = FORECAST_YEARS) -> list[int]:
    """The calendar years of the forecast: this year and the next `count - 1`."""
    return [today.year + offset for offset in range(count)]


def is_overdue(retires_on: dt.date, *, today: dt.date) -> bool:
    """Past the BUP date while still recorded as active (a record to correct)."""
    return retires_on <= today


def count_per_year(
    dates: Iterable[dt.date], *, today: dt.date, years: Iterable[int]
) -> dict[int, int]:
    """How many BUP dates after `today` fall in each of `years` (every year present, 0 included)."""
    counts = dict.fromkeys(years, 0)
    for day in dates:
        if day > today and day.year in counts:
            counts[day.year] += 1
    return counts
