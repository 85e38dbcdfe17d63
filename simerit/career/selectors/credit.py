"""Angka kredit towards the next pangkat for employees in a jabatan fungsional (§5.8, §8.1): the
opening balance HR recorded, plus the credit of each final appraisal of a later year (computed
by `performance.selectors.credit`, the same figures the appraisal pages show), against the
jenjang's requirement. Set-based: one query per fact (openings, requirements, appraisals,
coefficients) whatever the number of employees."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet

from simerit.accounts.models import User
from simerit.career import permissions
from simerit.career.models import CreditOpening, CreditRequirement
from simerit.career.rules import credit as rules
from simerit.employees.models import Employee, EmployeeQuerySet
from simerit.organization.models import Position, WorkUnit
from simerit.performance.models import Appraisal, Predikat
from simerit.performance.selectors.appraisal import effective_status
from simerit.performance.selectors.credit import CreditLine, coefficients, credit_line


@dataclass(frozen=True)
class CreditYear:
    """One final appraisal's angka kredit (`line.amount` None without a coefficient)."""

    year: int
    predikat: str  # label
    position: str
    line: CreditLine
    counted: bool  # False: the year lies within the opening balance


@dataclass(frozen=True)
class CreditReport:
    employee_id: int
    level: str  # Position.FunctionalLevel value
    level_label: str
    opening: CreditOpening | None
    years: list[CreditYear]
    standing: rules.Standing
    notes: list[str] = field(default_factory=list)


def is_functional(employee: Employee) -> bool:
    """In a jabatan fungsional with a jenjang: the employees angka kredit applies to."""
    return (
        employee.position.kind == Position.Kind.FUNGSIONAL
        and employee.position.functional_level != ""
    )


def _appraisals(employee_ids: list[int], on: dt.date) -> dict[int, list[Appraisal]]:
    """The appraisals final on `on`, per employee, oldest year first."""
    found: dict[int, list[Appraisal]] = {}
    appraisals = (
        Appraisal.objects.filter(skp__employee_id__in=employee_ids)
        .select_related("skp__year", "skp__position", "skp__employee")
        .order_by("skp__year__year", "pk")
    )
    for appraisal in appraisals:
        if effective_status(appraisal, on=on) == Appraisal.Status.FINAL:
            found.setdefault(appraisal.skp.employee_id, []).append(appraisal)
    return found


def reports(employees: Iterable[Employee], *, on: dt.date) -> dict[int, CreditReport]:
    """{employee id: report} for the employees in a jabatan fungsional with a jenjang (others are
    left out). The employees should come with `position` selected."""
    functional = [employee for employee in employees if is_functional(employee)]
    ids = [employee.pk for employee in functional]
    if not ids:
        return {}
    openings = {row.employee_id: row for row in CreditOpening.objects.filter(employee_id__in=ids)}
    required = dict(CreditRequirement.objects.values_list("functional_level", "for_next_rank"))
    configured = coefficients()
    appraisals = _appraisals(ids, on)
    found = {}
    for employee in functional:
        opening = openings.get(employee.pk)
        found[employee.pk] = _report(
            employee,
            opening=opening,
            appraisals=appraisals.get(employee.pk, []),
            required=required.get(employee.position.functional_level),
            configured=configured,
        )
    return found


def _report(
    employee: Employee,
    *,
    opening: CreditOpening | None,
    appraisals: list[Appraisal],
    required: Decimal | None,
    configured: dict[str, Decimal],
) -> CreditReport:
    as_of = opening.as_of if opening else None
    years: list[CreditYear] = []
    notes: list[str] = [] if opening else [rules.NO_OPENING]
    for appraisal in appraisals:
        line = credit_line(appraisal.skp, predikat=appraisal.predikat, coefficients=configured)
        if line is None:  # the SKP's position was not a jabatan fungsional
            continue
        year = appraisal.skp.year.year
        counted = rules.counts_year(year, as_of)
        years.append(
            CreditYear(
                year=year,
                predikat=Predikat(appraisal.predikat).label,
                position=appraisal.skp.position.name,
                line=line,
                counted=counted,
            )
        )
        if counted and line.amount is None and line.message not in notes:
            notes.append(line.message)
    standing = rules.standing(
        opening=opening.amount if opening else rules.ZERO,
        earned=[item.line.amount for item in years if item.counted and item.line.amount],
        required=required,
    )
    level = employee.position.functional_level
    return CreditReport(
        employee_id=employee.pk,
        level=level,
        level_label=Position.FunctionalLevel(level).label,
        opening=opening,
        years=years,
        standing=standing,
        notes=notes,
    )


def report_for(employee: Employee, *, on: dt.date) -> CreditReport | None:
    """One employee's report; None outside a jabatan fungsional with a jenjang."""
    return reports([employee], on=on).get(employee.pk)


# --- the list page -------------------------------------------------------------------------------


def functional_employees(
    user: User, *, unit: WorkUnit | None = None, search: str = ""
) -> EmployeeQuerySet:
    """The active employees in a jabatan fungsional the account may see (HR and the Auditor all,
    an Admin OPD its subtree, a supervisor their team), by name."""
    employees = (
        permissions.visible_employees(user)
        .active()
        .filter(position__kind=Position.Kind.FUNGSIONAL)
        .exclude(position__functional_level="")
        .select_related("work_unit", "position", "golongan")
        .order_by("name", "pk")
    )
    if unit is not None:
        employees = employees.in_subtree(unit)
    term = search.strip()
    if term:
        employees = employees.filter(Q(name__icontains=term) | Q(nip__startswith=term))
    return employees


def requirements() -> QuerySet[CreditRequirement]:
    return CreditRequirement.objects.order_by("functional_level")
