"""Kenaikan pangkat reguler per period (§8.1): the cross-app contract `eligibility(ids, period=)`
and the period list page. Every fact is read once for all the employees asked about (the
employees, their education, the golongan ladder, the rules, the ceilings, the predikat final on
the period date, the sanctions running on it, the appeals pending on it, the direct superiors'
golongan, the angka kredit), then `rules.promotion.check` decides per employee.

Case details are visible only to the employee, their chain of supervisors, Admin BKPSDM and the
Auditor (issue #8; `discipline.permissions`). A reason about a running sanction names the case
and its dates only for a `viewer` who may see that case; for anyone else (an Admin OPD) it says
"Sedang menjalani hukuman disiplin." without either."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from simerit.accounts.models import User
from simerit.career import permissions
from simerit.career.models import EducationCeiling, PromotionRule
from simerit.career.rules import promotion as rules
from simerit.career.selectors import credit as credit_selectors
from simerit.core.roles import Role
from simerit.discipline.models import Appeal, Sanction
from simerit.discipline.permissions import visible_cases
from simerit.discipline.selectors.sanctions import running_on
from simerit.employees.models import EducationHistory, Employee, EmployeeKind
from simerit.organization.models import Golongan, Position, WorkUnit
from simerit.organization.permissions import opd_scope
from simerit.performance.selectors.history import final_predikats

# The period selector offers the periods this many months before and after today.
PERIOD_WINDOW_MONTHS = 12


@dataclass(frozen=True)
class PromotionCheck:
    """One employee's KP reguler on a period: `reasons` (Indonesian, empty when eligible) say why
    not; `notes` inform (a condition that could not be checked); `next_golongan` is the code of
    the golongan a KP would give, "" when there is none."""

    employee_id: int
    eligible: bool
    reasons: list[str]
    notes: list[str]
    next_golongan: str


# --- the rules -----------------------------------------------------------------------------------


def rule_terms() -> list[rules.RuleTerms]:
    return [
        rules.RuleTerms(
            effective_from=row.effective_from,
            min_years_in_rank=row.min_years_in_rank,
            min_predikat=row.min_predikat,
            predikat_years=row.predikat_years,
            period_months=tuple(int(month) for month in row.period_months),
            pending_appeal_blocks=row.pending_appeal_blocks,
        )
        for row in PromotionRule.objects.order_by("effective_from")
    ]


def period_choices(*, today: dt.date | None = None) -> list[dt.date]:
    """The periods from 12 months before today to 12 months after, oldest first."""
    day = today or timezone.localdate()
    start = rules.add_months(day, -PERIOD_WINDOW_MONTHS)
    return rules.periods(rule_terms(), start, rules.add_months(day, PERIOD_WINDOW_MONTHS))


def default_period(*, today: dt.date | None = None) -> dt.date | None:
    """The next period on or after today."""
    return rules.next_period(rule_terms(), today or timezone.localdate())


def is_period(day: dt.date) -> bool:
    return day in rules.periods(rule_terms(), day, day)


# --- the contract --------------------------------------------------------------------------------


def _education(employee_ids: list[int]) -> dict[int, str]:
    """{employee id: code of the highest education level recorded}."""
    found: dict[int, tuple[int, str]] = {}
    rows = EducationHistory.objects.filter(employee_id__in=employee_ids).values_list(
        "employee_id", "level__rank", "level__code"
    )
    for employee_id, rank, code in rows:
        if employee_id not in found or rank > found[employee_id][0]:
            found[employee_id] = (rank, code)
    return {employee_id: code for employee_id, (_rank, code) in found.items()}


def _ceilings() -> dict[str, rules.Ceiling]:
    rows = EducationCeiling.objects.select_related("education_level", "max_golongan")
    return {
        row.education_level.code: rules.Ceiling(
            education_code=row.education_level.code,
            max_golongan_code=row.max_golongan.code,
            max_golongan_rank=row.max_golongan.rank,
        )
        for row in rows
    }


def _credit_facts(employees: list[Employee], period: dt.date) -> dict[int, rules.CreditFacts]:
    reports = credit_selectors.reports(employees, on=period)
    return {
        employee_id: rules.CreditFacts(
            level_label=report.level_label,
            accumulated=report.standing.accumulated,
            required=report.standing.required,
        )
        for employee_id, report in reports.items()
    }


def _superiors(people: list[Employee]) -> dict[int, rules.Superior]:
    """{supervisor id: golongan} of the direct superiors who have a golongan."""
    ids = {person.supervisor_id for person in people if person.supervisor_id is not None}
    rows = (
        Employee.objects.filter(pk__in=ids, golongan__isnull=False)
        .values_list("pk", "golongan__code", "golongan__rank")
        .order_by()
    )
    return {pk: rules.Superior(code, rank) for pk, code, rank in rows}


def _pending_appeals(ids: list[int], *, period: dt.date) -> set[int]:
    """Employees with a keberatan/banding pending on `period` (filed by then, not decided by
    then) against a sanction still in force."""
    rows = (
        Appeal.objects.filter(
            sanction__employee_id__in=ids,
            sanction__annulled_at__isnull=True,
            filed_on__lte=period,
        )
        .filter(Q(outcome=Appeal.Outcome.PENDING) | Q(decided_on__gt=period))
        .values_list("sanction__employee_id", flat=True)
    )
    return set(rows)


def _revealed_cases(viewer: User | None, sanctions: Iterable[Sanction]) -> set[int] | None:
    """The case ids of `sanctions` the viewer may see (None: every case, no viewer given)."""
    if viewer is None:
        return None
    case_ids = {sanction.case_id for sanction in sanctions}
    if not case_ids:
        return set()
    return set(visible_cases(viewer).filter(pk__in=case_ids).values_list("pk", flat=True))


def _running(sanction: Sanction | None, revealed: set[int] | None) -> rules.RunningSanction | None:
    if sanction is None:
        return None
    return rules.RunningSanction(
        sanction.case.number,
        sanction.starts_on,
        sanction.ends_on,
        revealed=revealed is None or sanction.case_id in revealed,
    )


def checks_for(
    employees: Iterable[Employee], *, period: dt.date, viewer: User | None = None
) -> dict[int, PromotionCheck]:
    """{employee id: check} for employees read with `golongan` and `position` selected. With a
    `viewer`, a sanction's case number and dates appear only where the viewer may see the case."""
    people = list(employees)
    ids = [employee.pk for employee in people]
    if not ids:
        return {}
    terms = rule_terms()
    rule = rules.rule_on(terms, period)
    years = rules.predikat_years(rule, period) if rule else []
    predikats = final_predikats(ids, on=period, years=years)
    sanctions = running_on(ids, on=period)
    revealed = _revealed_cases(viewer, sanctions.values())
    appealing = (
        _pending_appeals(ids, period=period) if rule and rule.pending_appeal_blocks else set()
    )
    superiors = _superiors(people)
    education = _education(ids)
    ceilings = _ceilings()
    ladder = {row.rank: row.code for row in Golongan.objects.all()}
    credits = _credit_facts(people, period)
    found = {}
    for employee in people:
        rank = employee.golongan.rank if employee.golongan else None
        education_code = education.get(employee.pk, "")
        outcome = rules.check(
            facts=rules.EmployeeFacts(
                kind=employee.kind,
                is_active=employee.is_active,
                golongan_code=employee.golongan.code if employee.golongan else "",
                golongan_rank=rank,
                tmt_golongan=employee.tmt_golongan,
                education_code=education_code,
                is_functional=employee.position.kind == Position.Kind.FUNGSIONAL,
                is_structural=employee.position.is_managerial,
            ),
            rule=rule,
            period=period,
            predikats={
                year: predikats[(employee.pk, year)]
                for year in years
                if (employee.pk, year) in predikats
            },
            sanction=_running(sanctions.get(employee.pk), revealed),
            ceiling=ceilings.get(education_code),
            next_golongan=ladder.get(rank + 1, "") if rank is not None else "",
            credit=credits.get(employee.pk),
            superior=superiors.get(employee.supervisor_id) if employee.supervisor_id else None,
            pending_appeal=employee.pk in appealing,
        )
        found[employee.pk] = PromotionCheck(
            employee_id=employee.pk,
            eligible=outcome.eligible,
            reasons=outcome.reasons,
            notes=outcome.notes,
            next_golongan=outcome.next_golongan,
        )
    return found


def eligibility(
    employee_ids: Iterable[int], *, period: dt.date, viewer: User | None = None
) -> dict[int, PromotionCheck]:
    """The contract other apps use: {employee id: check} of a KP reguler on `period` (a period
    date); unknown ids are left out. No permission check: the caller decides who sees what.
    Without a `viewer` the reasons name the sanction's case and dates (self-service: the reader
    is the employee, who may see their own case); with one, only for the cases the viewer may
    see."""
    employees = Employee.objects.filter(pk__in=list(employee_ids)).select_related(
        "golongan", "position"
    )
    return checks_for(employees, period=period, viewer=viewer)


# --- the period page -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PromotionRow:
    employee: Employee
    check: PromotionCheck


@dataclass(frozen=True)
class PeriodList:
    period: dt.date
    eligible: list[PromotionRow]
    ineligible: list[PromotionRow]
    pending_appeal_blocks: bool = False  # the rule in force on the period says so [U]


def unit_choices(user: User) -> list[WorkUnit]:
    """The units the account may filter on: every active unit for HR and the Auditor, the OPD's
    subtree for an Admin OPD, the units of the team for a supervisor."""
    units = WorkUnit.objects.active().order_by("path")
    if permissions.reads_everything(user):
        return list(units)
    condition = Q(pk__in=[])
    if user.has_role(Role.ADMIN_OPD):
        scope = opd_scope(user)
        if scope is not None:
            condition |= Q(path__startswith=scope.path)
    condition |= Q(pk__in=permissions.visible_employees(user).values("work_unit"))
    return list(units.filter(condition))


def period_list(user: User, *, period: dt.date, unit: WorkUnit | None = None) -> PeriodList:
    """The active PNS the account may see (within `unit`'s subtree), eligible and not, by name."""
    employees = (
        permissions.visible_employees(user)
        .active()
        .filter(kind=EmployeeKind.PNS)
        .select_related("work_unit", "position", "golongan")
        .order_by("name", "pk")
    )
    if unit is not None:
        employees = employees.in_subtree(unit)
    people = list(employees)
    checks = checks_for(people, period=period, viewer=user)
    rows = [PromotionRow(employee, checks[employee.pk]) for employee in people]
    rule = rules.rule_on(rule_terms(), period)
    return PeriodList(
        period=period,
        eligible=[row for row in rows if row.check.eligible],
        ineligible=[row for row in rows if not row.check.eligible],
        pending_appeal_blocks=rule is not None and rule.pending_appeal_blocks,
    )
