"""Reads of the monthly TPP runs: the list, one run's lines as the account may see them (with
filters and totals), the lines computed without an attendance recap, and the active employees the
run's scheme gives no base amount ("tanpa pagu": counted on the run when it was computed; a
draft also names those still without one)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet, Sum

from simerit.accounts.models import User
from simerit.compensation.models import BaseAmount, Line, Run
from simerit.compensation.permissions import staff_condition, visible_lines, visible_runs
from simerit.compensation.rules.tpp import NO_ATTENDANCE
from simerit.employees.models import Employee


def list_runs(user: User) -> QuerySet[Run]:
    return visible_runs(user).select_related("scheme", "supersedes").order_by("-month", "-pk")


def get_run(user: User, run_id: int) -> Run | None:
    """The run, when the account may open it."""
    return (
        visible_runs(user)
        .select_related("scheme", "supersedes", "computed_by", "finalised_by")
        .filter(pk=run_id)
        .first()
    )


def superseded_by(run: Run) -> Run | None:
    return Run.objects.filter(supersedes=run).first()


def draft_of_month(month: dt.date) -> Run | None:
    return Run.objects.filter(month=month, status=Run.Status.DRAFT).first()


def run_lines(user: User, run: Run, *, search: str = "") -> QuerySet[Line]:
    """The run's lines the account may read, by name; `search` matches a name or a NIP."""
    lines = visible_lines(user).filter(run=run)
    text = search.strip()
    if text:
        lines = lines.filter(Q(employee__name__icontains=text) | Q(employee__nip__startswith=text))
    # The unit and jabatan shown are the line's own (as computed), not the employee's current ones.
    return lines.select_related("employee").order_by("employee__name", "employee_id")


@dataclass(frozen=True)
class Totals:
    employees: int
    base_amount: int
    performance_amount: int
    discipline_amount: int
    sanction_cut_amount: int
    total_amount: int


def totals(lines: QuerySet[Line]) -> Totals:
    """The sums of a set of lines, in one query."""
    sums = lines.order_by().aggregate(
        base=Sum("base_amount"),
        performance=Sum("performance_amount"),
        discipline=Sum("discipline_amount"),
        cut=Sum("sanction_cut_amount"),
        total=Sum("total_amount"),
    )
    return Totals(
        employees=lines.count(),
        base_amount=sums["base"] or 0,
        performance_amount=sums["performance"] or 0,
        discipline_amount=sums["discipline"] or 0,
        sanction_cut_amount=sums["cut"] or 0,
        total_amount=sums["total"] or 0,
    )


def without_attendance(lines: QuerySet[Line]) -> QuerySet[Line]:
    """Lines computed without the month's attendance recap (their explanation says so)."""
    return lines.filter(explanation__icontains=NO_ATTENDANCE)


def with_sanction_cut(lines: QuerySet[Line]) -> QuerySet[Line]:
    return lines.exclude(sanction_case_number="")


LISTED = 50  # names shown in a warning before "dan N lainnya"


@dataclass(frozen=True)
class RunPage:
    """What the run page shows the account: its lines (filtered), and for staff the totals and
    the warnings (lines without attendance, employees without a base amount, sanction cuts).

    `skipped_count` is the run's own count, stored when it was computed. Only a draft names the
    employees (`skipped`, read now, by their current position): HR sets their base amount and
    recomputes. A final run's page shows the count alone, since a list read now would change as
    employees join, move or leave."""

    lines: QuerySet[Line]
    staff: bool
    totals: Totals | None
    missing: list[Line]
    missing_count: int
    skipped: list[Employee]
    skipped_now: int
    skipped_count: int
    cut_count: int
    replacement: Run | None
    draft: Run | None

    @property
    def missing_more(self) -> int:
        return self.missing_count - len(self.missing)

    @property
    def skipped_more(self) -> int:
        return self.skipped_now - len(self.skipped)


def run_page(user: User, run: Run, *, search: str, staff: bool) -> RunPage:
    every = run_lines(user, run)
    missing = without_attendance(every)
    named = staff and run.status == Run.Status.DRAFT
    skipped = skipped_employees(user, run) if named else Employee.objects.none()
    return RunPage(
        lines=run_lines(user, run, search=search),
        staff=staff,
        totals=totals(every) if staff else None,
        missing=list(missing[:LISTED]) if staff else [],
        missing_count=missing.count() if staff else 0,
        skipped=list(skipped[:LISTED]) if named else [],
        skipped_now=skipped.count() if named else 0,
        skipped_count=run.skipped_without_base if staff else 0,
        cut_count=with_sanction_cut(every).count() if staff else 0,
        replacement=superseded_by(run),
        draft=draft_of_month(run.month) if run.status == Run.Status.FINAL else None,
    )


def skipped_employees(user: User, run: Run) -> QuerySet[Employee]:
    """Active employees, among those whose lines the account may read, whose position has no base
    amount in the run's scheme (neither its own nor its kind's) and who have no line in the run.
    Read now, by the current position: for a draft, whose base amount to set before recomputing
    (the run's `skipped_without_base` is the count as computed)."""
    bases = BaseAmount.objects.filter(scheme_id=run.scheme_id)
    kinds = bases.filter(position__isnull=True).values("position_kind")
    positions = bases.filter(position__isnull=False).values("position_id")
    employees = Employee.objects.active().exclude(position__kind__in=kinds)
    employees = employees.exclude(position__in=positions).exclude(tpp_lines__run=run)
    employees = employees.filter(staff_condition(user))
    return employees.select_related("work_unit", "position").order_by("name", "pk")
