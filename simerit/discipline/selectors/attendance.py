"""Reads of the attendance recap: the monthly list (scoped by `permissions.visible_attendance`),
an employee's totals of a year, and the absence ladder (§7.2): the employees whose absences of a
year reach a step, with the cases already opened from the ladder. Set-based: one aggregate query,
one query of employees and one of cases, whatever the number of employees."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max, Q, QuerySet, Sum

from simerit.accounts.models import User
from simerit.discipline import permissions
from simerit.discipline.models import DisciplineCase, MonthlyAttendance
from simerit.discipline.rules import absence
from simerit.discipline.rules.absence import LadderStep
from simerit.employees.models import Employee
from simerit.organization.models import WorkUnit

LADDER_READERS_ONLY = (
    "Usulan jenjang hukuman dari rekap kehadiran hanya untuk Admin BKPSDM dan Auditor."
)


def reads_ladder(user: User) -> bool:
    return permissions.reads_everything(user)


def list_attendance(
    *,
    user: User,
    month: dt.date | None = None,
    unit: WorkUnit | None = None,
    search: str = "",
) -> QuerySet[MonthlyAttendance]:
    """The recap rows the account may see, newest month first; `search` of digits matches the
    start of the NIP, anything else the name."""
    rows = permissions.visible_attendance(user).select_related(
        "employee", "employee__work_unit", "employee__position"
    )
    if month is not None:
        rows = rows.filter(month=month)
    if unit is not None:
        rows = rows.filter(employee__work_unit__path__startswith=unit.path)
    term = search.strip()
    if term.isdigit():
        rows = rows.filter(employee__nip__startswith=term)
    elif term:
        rows = rows.filter(employee__name__icontains=term)
    return rows.order_by("-month", "employee__name", "employee_id")


def months_of(user: User) -> list[dt.date]:
    """The months the account has recap rows of, newest first (the month filter's choices)."""
    months = permissions.visible_attendance(user).values_list("month", flat=True).distinct()
    return sorted(set(months), reverse=True)


def unit_choices() -> QuerySet[WorkUnit]:
    """The OPDs (the level below the city), for the unit filter."""
    return WorkUnit.objects.filter(depth=1, is_active=True).order_by("name")


@dataclass(frozen=True)
class YearTotals:
    absent_days: int
    longest_absence: int
    months: int
    last_absent_month: dt.date | None


def year_totals(employee_id: int, *, year: int) -> YearTotals:
    """One employee's absences of `year`: the cumulative days, the longest run in one month."""
    rows = MonthlyAttendance.objects.filter(employee_id=employee_id, month__year=year)
    totals = rows.aggregate(days=Sum("absent_days"), longest=Max("longest_absence"))
    last = rows.filter(absent_days__gt=0).aggregate(last=Max("month"))["last"]
    return YearTotals(
        absent_days=totals["days"] or 0,
        longest_absence=totals["longest"] or 0,
        months=rows.count(),
        last_absent_month=last,
    )


@dataclass(frozen=True)
class LadderRow:
    employee: Employee
    absent_days: int
    longest_absence: int
    step: LadderStep
    cases: list[DisciplineCase]  # opened from the ladder in the year, oldest first
    needs_case: bool  # the step is heavier than every case already opened for the year


def ladder(*, year: int, search: str = "", open_only: bool = False) -> list[LadderRow]:
    """Active employees whose absences of `year` reach a step, heaviest step first, then most
    days, then name. `open_only` keeps those whose step still needs a case."""
    totals = (
        MonthlyAttendance.objects.filter(month__year=year, employee__is_active=True)
        .values("employee_id")
        .annotate(days=Sum("absent_days"), longest=Max("longest_absence"))
        .filter(Q(days__gte=absence.THRESHOLD) | Q(longest__gte=absence.CONSECUTIVE_DAYS))
    )
    found = {row["employee_id"]: (row["days"], row["longest"]) for row in totals}
    employees = Employee.objects.filter(pk__in=found).select_related("work_unit", "position")
    term = search.strip()
    if term.isdigit():
        employees = employees.filter(nip__startswith=term)
    elif term:
        employees = employees.filter(name__icontains=term)
    cases: dict[int, list[DisciplineCase]] = {}
    for case in DisciplineCase.objects.filter(absence_year=year, employee_id__in=found).order_by(
        "reported_on", "id"
    ):
        cases.setdefault(case.employee_id, []).append(case)
    rows: list[LadderRow] = []
    for employee in employees:
        days, longest = found[employee.pk]
        step = absence.proposal(days, longest)
        if step is None:  # pragma: no cover (the aggregate filter keeps only reached steps)
            continue
        opened = cases.get(employee.pk, [])
        needs_case = absence.needs_new_case(
            step, [(case.absence_days or 0, case.suspected_level) for case in opened]
        )
        if open_only and not needs_case:
            continue
        rows.append(LadderRow(employee, days, longest, step, opened, needs_case))
    rows.sort(key=lambda row: (-absence.rank(row.step), -row.absent_days, row.employee.name))
    return rows


def year_choices(*, current: int) -> list[int]:
    """The years with a recap, and the current one, newest first."""
    years = {day.year for day in MonthlyAttendance.objects.dates("month", "year")}
    return sorted(years | {current}, reverse=True)
