"""Reads of the retirement (BUP) forecast for workforce planning: per unit, how many active
employees reach their batas usia pensiun in each of the next five calendar years, who they are,
and whose record cannot be forecast (no age configured for the position) or is past its BUP date.

Who reads: Admin BKPSDM and the Auditor everyone, an Admin OPD its unit subtree, a supervisor
their team and themself (`talent_scope(include_self=True)`: a BUP date is no talent decision).
Set-based: one query for the ages, one for the employees of the unit, one for its child units.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from simerit.accounts.models import User
from simerit.career.models import RetirementAge
from simerit.career.rules import retirement as rules
from simerit.career.selectors import talent as talent_selectors
from simerit.career.selectors.talent import Access
from simerit.employees.models import Employee
from simerit.organization.models import WorkUnit

DENIED = "Proyeksi pensiun hanya untuk Admin BKPSDM, Auditor, Admin OPD dan atasan."
OVERDUE = "lewat"  # the drill-down of records past their BUP date
UNKNOWN = "belum"  # the drill-down of records without an age


def retirement_access(user: User) -> Access | None:
    return talent_selectors.access_of(user, include_self=True)


def default_unit(access: Access) -> WorkUnit | None:
    """The unit the page opens on: the account's home unit, or the one root unit."""
    if access.home is not None or not access.everything:
        return access.home
    roots = list(WorkUnit.objects.filter(parent=None)[:2])
    return roots[0] if len(roots) == 1 else None


def retirement_ages() -> dict[tuple[str, str], int]:
    return {
        (row.position_kind, row.functional_level): row.age for row in RetirementAge.objects.all()
    }


@dataclass(frozen=True)
class Line:
    """One employee's forecast."""

    employee: Employee
    retirement: rules.Retirement

    def overdue(self, today: dt.date) -> bool:
        retires_on = self.retirement.retires_on
        return retires_on is not None and rules.is_overdue(retires_on, today=today)


def lines_of(employees: QuerySet[Employee]) -> list[Line]:
    """Every employee's BUP date, ordered by that date (the unknown last), then by name."""
    ages = retirement_ages()
    people = employees.select_related("work_unit", "position").order_by("name", "pk")
    lines = [
        Line(
            employee=person,
            retirement=rules.retirement_of(
                ages,
                birth_date=person.birth_date,
                position_kind=person.position.kind,
                functional_level=person.position.functional_level,
            ),
        )
        for person in people
    ]
    lines.sort(key=lambda line: line.retirement.retires_on or dt.date.max)
    return lines


@dataclass
class UnitRow:
    """The counts of one unit's subtree (`direct`: the employees placed in the unit itself)."""

    unit: WorkUnit | None  # None: the total over every unit
    direct: bool
    years: dict[int, int]
    employees: int = 0
    overdue: int = 0
    unknown: int = 0

    @property
    def label(self) -> str:
        if self.unit is None:
            return "Semua unit"
        name = self.unit.short_name or self.unit.name
        return f"{name} (langsung)" if self.direct else name

    @property
    def total(self) -> int:
        return sum(self.years.values())

    @property
    def counts(self) -> list[int]:
        return list(self.years.values())


@dataclass
class Forecast:
    unit: WorkUnit | None
    today: dt.date
    years: list[int]
    rows: list[UnitRow] = field(default_factory=list)
    total: UnitRow | None = None

    def chart(self) -> dict[str, Any]:
        """The bar chart's data (read by a static script from a json_script tag)."""
        return {
            "labels": [str(year) for year in self.years],
            "counts": self.total.counts if self.total else [0 for _ in self.years],
        }


def _add(row: UnitRow, line: Line, today: dt.date) -> None:
    row.employees += 1
    retires_on = line.retirement.retires_on
    if retires_on is None:
        row.unknown += 1
    elif rules.is_overdue(retires_on, today=today):
        row.overdue += 1
    elif retires_on.year in row.years:
        row.years[retires_on.year] += 1


def forecast(employees: QuerySet[Employee], *, unit: WorkUnit | None, today: dt.date) -> Forecast:
    """The counts of each unit directly below `unit` (its whole subtree counted), and of the
    employees placed in `unit` itself; `unit` None: the top-level units."""
    years = rules.forecast_years(today)
    scoped = employees if unit is None else employees.filter(work_unit__path__startswith=unit.path)
    children = list(WorkUnit.objects.filter(parent=unit).order_by("name", "pk"))
    rows: dict[int, UnitRow] = {}
    direct = UnitRow(unit=unit, direct=True, years=dict.fromkeys(years, 0)) if unit else None
    total = UnitRow(unit=unit, direct=False, years=dict.fromkeys(years, 0))
    for line in lines_of(scoped):
        path = line.employee.work_unit.path
        owner = next((child for child in children if path.startswith(child.path)), None)
        if owner is not None:
            row = rows.setdefault(
                owner.pk, UnitRow(unit=owner, direct=False, years=dict.fromkeys(years, 0))
            )
        elif direct is not None:
            row = direct
        else:
            continue
        _add(row, line, today)
        _add(total, line, today)
    ordered = [rows[child.pk] for child in children if child.pk in rows]
    if direct is not None and direct.employees:
        ordered.insert(0, direct)
    return Forecast(
        unit=unit, today=today, years=years, rows=ordered, total=total if ordered else None
    )


def drill_down(
    employees: QuerySet[Employee],
    *,
    unit: WorkUnit | None,
    which: str,
    today: dt.date,
    direct_only: bool = False,
) -> list[Line]:
    """The employees behind one figure: `which` is a forecast year ("2027"), OVERDUE or UNKNOWN;
    `direct_only`: only those placed in `unit` itself."""
    if unit is None:
        scoped = employees
    elif direct_only:
        scoped = employees.filter(work_unit=unit)
    else:
        scoped = employees.filter(work_unit__path__startswith=unit.path)
    lines = lines_of(scoped)
    if which == UNKNOWN:
        return [line for line in lines if line.retirement.retires_on is None]
    if which == OVERDUE:
        return [line for line in lines if line.overdue(today)]
    year = int(which)
    return [
        line
        for line in lines
        if line.retirement.retires_on is not None
        and line.retirement.retires_on.year == year
        and not line.overdue(today)
    ]


def choice_of(value: str, *, today: dt.date) -> str:
    """A drill-down parameter as one of the forecast years, OVERDUE or UNKNOWN; "" otherwise."""
    if value in (OVERDUE, UNKNOWN):
        return value
    if value.isdigit() and int(value) in rules.forecast_years(today):
        return value
    return ""


def trail(unit: WorkUnit | None, access: Access) -> list[WorkUnit]:
    """The units from where the account's pages start down to `unit`, for the page's trail."""
    if unit is None:
        return []
    ids = [int(part) for part in unit.path.split("/") if part]
    if access.home is not None:
        home_ids = [int(part) for part in access.home.path.split("/") if part]
        ids = ids[len(home_ids) - 1 :] if ids[: len(home_ids)] == home_ids else [unit.pk]
    units = {row.pk: row for row in WorkUnit.objects.filter(pk__in=ids)}
    return [units[pk] for pk in ids if pk in units]
