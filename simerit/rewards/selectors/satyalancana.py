"""Satyalancana Karya Satya: the contract other apps read (`eligibility`) and the yearly list.

Set-based: one query for the employees, one for their sedang/berat sanctions
(`discipline.selectors.sanctions.heavy_between`), one for the classes already granted, one for
the three awards, whatever the number of employees. Nothing is stored: an annulled sanction or a
revoked grant changes the answer at once (ADR 0012).
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from simerit.discipline.selectors.sanctions import heavy_between
from simerit.employees.models import Employee, EmployeeKind, EmployeeQuerySet
from simerit.rewards.models import Award, Grant, Nomination
from simerit.rewards.rules import satyalancana as rules
from simerit.rewards.rules.conditions import Condition, SanctionFact

# The earliest day a sanction could matter: before any TMT CPNS SiMerit holds.
EPOCH = dt.date(1900, 1, 1)


@dataclass(frozen=True)
class SatyalancanaCheck:
    """The contract (issue #8): `award_id` is the class reached in `year` (the highest reached by
    31 December; None below 10 years or without TMT CPNS); `reasons` say why not eligible, in
    Indonesian, with the case numbers. `public_reasons` are the same without case numbers;
    `already_granted` marks an employee whose class reached was granted before."""

    employee_id: int
    service_years: int
    award_id: int | None
    eligible: bool
    reasons: list[str]
    public_reasons: list[str] = field(default_factory=list)
    already_granted: bool = False
    class_years: int | None = None
    conditions: list[Condition] = field(default_factory=list)


def satyalancana_awards() -> dict[int, Award]:
    """{10: Award, 20: Award, 30: Award} (seeded by migration)."""
    awards = Award.objects.filter(kind=Award.Kind.SATYALANCANA)
    return {award.service_years: award for award in awards if award.service_years}


def _sanction_facts(ids: list[int], *, year: int) -> dict[int, list[SanctionFact]]:
    found = heavy_between(ids, start=EPOCH, end=rules.year_end(year))
    return {
        employee_id: [
            SanctionFact(
                case_number=sanction.case.number,
                level=sanction.level,
                decided_on=sanction.decided_on,
                annulled=sanction.annulled_at is not None,
            )
            for sanction in sanctions
        ]
        for employee_id, sanctions in found.items()
    }


def _granted(ids: list[int]) -> dict[int, dict[int, int]]:
    """{employee id: {class years: year granted}} of the Satyalancana grants not revoked."""
    rows = Grant.objects.filter(
        employee_id__in=ids,
        award__kind=Award.Kind.SATYALANCANA,
        revoked_at__isnull=True,
    ).values_list("employee_id", "award__service_years", "year")
    found: dict[int, dict[int, int]] = {}
    for employee_id, years, granted_year in rows:
        if years is not None:
            found.setdefault(employee_id, {})[years] = granted_year
    return found


def checks_of(
    employees: Sequence[Employee], *, year: int, target: int | None = None
) -> dict[int, SatyalancanaCheck]:
    """The check of each employee given (their rows already loaded)."""
    ids = [employee.pk for employee in employees]
    sanctions = _sanction_facts(ids, year=year)
    granted = _granted(ids)
    awards = satyalancana_awards()
    found: dict[int, SatyalancanaCheck] = {}
    for employee in employees:
        verdict = rules.check(
            kind=employee.kind,
            is_active=employee.is_active,
            tmt_cpns=employee.tmt_cpns,
            year=year,
            sanctions=sanctions.get(employee.pk, []),
            granted=granted.get(employee.pk, {}),
            target=target,
        )
        award = awards.get(verdict.class_years) if verdict.class_years else None
        found[employee.pk] = SatyalancanaCheck(
            employee_id=employee.pk,
            service_years=verdict.service_years,
            award_id=award.pk if award else None,
            eligible=verdict.eligible and award is not None and award.is_active,
            reasons=verdict.reasons,
            public_reasons=verdict.public_reasons,
            already_granted=verdict.already_granted,
            class_years=verdict.class_years,
            conditions=verdict.conditions,
        )
    return found


def eligibility(employee_ids: Iterable[int], *, year: int) -> dict[int, SatyalancanaCheck]:
    """The contract: {employee id: check} for the Satyalancana class reached in `year`."""
    employees = list(Employee.objects.filter(pk__in=list(employee_ids)))
    return checks_of(employees, year=year)


# --- The yearly list


@dataclass(frozen=True)
class Row:
    employee: Employee
    check: SatyalancanaCheck
    award: Award | None
    nomination: Nomination | None


@dataclass(frozen=True)
class YearlyList:
    year: int
    eligible: list[Row]
    excluded: list[Row]


def candidates(scope: EmployeeQuerySet, *, year: int) -> list[Employee]:
    """Active PNS and CPNS of `scope` reaching at least 10 years of service by 31 December of
    `year`, by name."""
    reach_by = rules.year_end(year).replace(year=year - rules.FIRST_CLASS)
    queryset = scope.active().filter(
        kind__in=[EmployeeKind.PNS, EmployeeKind.CPNS], tmt_cpns__lte=reach_by
    )
    return list(queryset.select_related("work_unit", "position", "golongan").order_by("name", "pk"))


def yearly_list(scope: EmployeeQuerySet, *, year: int) -> YearlyList:
    """The year's list within `scope` (the employees the reader may see): those eligible, and
    those excluded with the reasons. An employee whose class was granted already is done, and
    appears in neither."""
    people = candidates(scope, year=year)
    ids = [employee.pk for employee in people]
    checks = checks_of(people, year=year)
    awards = {award.pk: award for award in satyalancana_awards().values()}
    nominations = {
        (nomination.employee_id, nomination.award_id): nomination
        for nomination in Nomination.objects.filter(
            award__kind=Award.Kind.SATYALANCANA, year=year, employee_id__in=ids
        ).exclude(status=Nomination.Status.WITHDRAWN)
    }
    eligible: list[Row] = []
    excluded: list[Row] = []
    for employee in people:
        check = checks[employee.pk]
        if check.already_granted:
            continue
        award = awards.get(check.award_id) if check.award_id else None
        row = Row(
            employee=employee,
            check=check,
            award=award,
            nomination=nominations.get((employee.pk, check.award_id or 0)),
        )
        (eligible if check.eligible else excluded).append(row)
    return YearlyList(year=year, eligible=eligible, excluded=excluded)
