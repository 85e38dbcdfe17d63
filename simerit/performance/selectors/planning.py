"""Reads of SKP planning: the years with their SKP counts, my SKPs, my team's, an employee's
history, and one SKP as its page and its document show it. Visibility always starts from
`permissions.visible_skps`."""

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from simerit.accounts.models import User
from simerit.employees.models import Employee
from simerit.employees.permissions import visible_employees
from simerit.performance import permissions
from simerit.performance.models import (
    Appraisal,
    BehaviourIndicator,
    BehaviourValue,
    Expectation,
    Indicator,
    PerformanceYear,
    Skp,
    WorkResult,
)

Status = Skp.Status


def years_with_counts() -> QuerySet[PerformanceYear]:
    """Every year, newest first, with `n_<status>` and `n_total` SKP counts: one query."""

    def count(status: str) -> Count:
        return Count("skps", filter=Q(skps__status=status))

    return PerformanceYear.objects.annotate(
        n_total=Count("skps"),
        n_draft=count(Status.DRAFT),
        n_submitted=count(Status.SUBMITTED),
        n_returned=count(Status.RETURNED),
        n_approved=count(Status.APPROVED),
    ).order_by("-year")


def posted_year(raw: str | None) -> PerformanceYear | None:
    """The year whose id a form posted; None for a missing, non-numeric or unknown id."""
    if raw is None or not re.fullmatch(r"[0-9]{1,18}", raw):
        return None
    return PerformanceYear.objects.filter(pk=int(raw)).first()


def closable_feedback(years: Iterable[PerformanceYear], *, on: dt.date) -> set[int]:
    """Ids of the running years whose 360 collection is still open (HR may close it early)."""
    return {
        year.pk
        for year in years
        if year.status == PerformanceYear.Status.RUNNING and year.feedback_open(on=on)
    }


def skps_with_header(skps: QuerySet[Skp]) -> QuerySet[Skp]:
    return skps.select_related(
        "year", "employee", "work_unit", "position", "evaluator", "appraisal"
    )


def my_skps(user: User) -> QuerySet[Skp]:
    """The account's own SKPs, newest year first."""
    return skps_with_header(Skp.objects.filter(employee__user=user)).order_by("-year__year")


def years_open_for_new_skp(user: User) -> QuerySet[PerformanceYear]:
    """Years not closed in which the account has no SKP yet."""
    return (
        PerformanceYear.objects.exclude(status=PerformanceYear.Status.CLOSED)
        .exclude(skps__employee__user=user)
        .order_by("-year")
    )


def team_skps(user: User, *, status: str = "", year: int | None = None) -> QuerySet[Skp]:
    """SKPs on which the account is the pejabat penilai; submitted ones (waiting) first."""
    skps = Skp.objects.filter(evaluator__user=user)
    if status:
        skps = skps.filter(status=status)
    if year is not None:
        skps = skps.filter(year__year=year)
    return skps_with_header(skps).order_by("-year__year", "employee__name", "pk")


def waiting_count(user: User) -> int:
    """Submitted SKPs waiting for the account's approval."""
    return Skp.objects.filter(evaluator__user=user, status=Status.SUBMITTED).count()


def visible_list(user: User, *, year: int | None = None, status: str = "") -> QuerySet[Skp]:
    """Every SKP the account may open (the API list), filtered."""
    skps = permissions.visible_skps(user)
    if year is not None:
        skps = skps.filter(year__year=year)
    if status:
        skps = skps.filter(status=status)
    return skps_with_header(skps).order_by("-year__year", "employee__name", "pk")


def history_employee(user: User, employee_id: int) -> Employee | None:
    """The employee whose history the account may read: someone whose SKPs it may see, or an
    employee record it may open (its own, its team's, HR's and the Auditor's view)."""
    employee = Employee.objects.filter(pk=employee_id).first()
    if employee is None:
        return None
    if permissions.visible_skps(user).filter(employee=employee).exists():
        return employee
    if visible_employees(user).filter(pk=employee.pk).exists():
        return employee
    return None


def employee_history(user: User, employee: Employee) -> QuerySet[Skp]:
    """The employee's SKPs the account may see, newest year first, with the appraisal."""
    skps = permissions.visible_skps(user).filter(employee=employee)
    return skps_with_header(skps).order_by("-year__year")


def results_of(skp: Skp) -> list[WorkResult]:
    """The RHK in document order (main, then additional), with indicators and the parent."""
    return list(
        WorkResult.objects.filter(skp=skp)
        .select_related("parent")
        .prefetch_related(Prefetch("indicators", queryset=Indicator.objects.order_by("pk")))
        .order_by("kind", "order")
    )


@dataclass(frozen=True)
class ValueRow:
    """One BerAKHLAK value with its three panduan perilaku and the SKP's expectation."""

    value: BehaviourValue
    indicators: list[BehaviourIndicator]
    expectation: Expectation | None


def behaviour_rows(skp: Skp) -> list[ValueRow]:
    expectations = {e.value_id: e for e in Expectation.objects.filter(skp=skp)}
    values = BehaviourValue.objects.prefetch_related(
        Prefetch("indicators", queryset=BehaviourIndicator.objects.order_by("order"))
    ).order_by("order")
    return [
        ValueRow(
            value=value,
            indicators=list(value.indicators.all()),
            expectation=expectations.get(value.pk),
        )
        for value in values
    ]


def parent_choices(skp: Skp) -> QuerySet[WorkResult]:
    """The RHK an RHK of `skp` may intervene in: those of the pejabat penilai's own SKP of the
    same year."""
    return (
        WorkResult.objects.filter(skp__employee_id=skp.evaluator_id, skp__year_id=skp.year_id)
        .select_related("skp")
        .order_by("kind", "order")
    )


def has_appraisal(skp: Skp) -> bool:
    return Appraisal.objects.filter(skp=skp).exists()


def get_result(skp: Skp, result_id: int) -> WorkResult | None:
    return WorkResult.objects.filter(skp=skp, pk=result_id).first()


def get_indicator(skp: Skp, indicator_id: int) -> Indicator | None:
    return (
        Indicator.objects.filter(result__skp=skp, pk=indicator_id).select_related("result").first()
    )
