"""The needs analysis for next year's plan (the issue's item 5; PP 11/2017 Pasal 205–206): each
employee's gaps (competencies of the position against the assessed levels, the training needs of
the latest appraisal, a missing leadership training) with the programmes proposed for them
(rules.needs holds the matching), and the totals per unit.

Who reads what: Admin BKPSDM and the Auditor the whole organisation, an Admin OPD its unit's
subtree (the plan pages and their export); each employee their own proposals; through the API,
whoever may see the employee's training data (permissions.visible_employees).

`analyse` reads a set of employees in a fixed number of queries (no query per employee)."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery

from simerit.accounts.models import User
from simerit.core.roles import Role
from simerit.employees.models import Employee, EmployeeQuerySet
from simerit.organization.models import Position, WorkUnit
from simerit.organization.permissions import opd_scope
from simerit.performance.models import BehaviourIndicator, Predikat, Skp, TrainingNeed
from simerit.training.models import (
    Competency,
    EmployeeCompetency,
    Enrolment,
    PositionCompetency,
    Programme,
    ProgrammeKind,
)
from simerit.training.permissions import reads_everything
from simerit.training.rules import needs as rules
from simerit.training.selectors.leadership import (
    IN_PROGRESS_STATUSES,
    is_flagged,
    with_leadership,
)

if TYPE_CHECKING:
    from simerit.training.selectors.leadership import LeadershipEmployee

# --- Who reads the plan


def may_read_plan(user: User) -> bool:
    """Admin BKPSDM, the Auditor, and an Admin OPD with a unit."""
    if reads_everything(user):
        return True
    return user.is_authenticated and user.has_role(Role.ADMIN_OPD) and opd_scope(user) is not None


def plan_root(user: User) -> WorkUnit | None:
    """The unit whose subtree the account reads: None for the whole organisation."""
    if reads_everything(user):
        return None
    return opd_scope(user) if user.is_authenticated and user.has_role(Role.ADMIN_OPD) else None


def plan_units(user: User) -> QuerySet[WorkUnit]:
    """The units the account may choose in the plan's unit filter (none for other accounts)."""
    if not may_read_plan(user):
        return WorkUnit.objects.none()
    root = plan_root(user)
    units = WorkUnit.objects.all()
    return units if root is None else units.subtree(root)


def plan_employees(user: User, *, unit: WorkUnit | None) -> EmployeeQuerySet:
    """The active employees the plan counts: the account's scope, narrowed to `unit`'s subtree
    (a unit outside the scope gives nobody: the filter narrows, never widens)."""
    employees: EmployeeQuerySet = Employee.objects.active()
    if not may_read_plan(user):
        return employees.none()
    root = plan_root(user)
    if root is not None:
        employees = employees.in_subtree(root)
    if unit is not None:
        employees = employees.in_subtree(unit)
    return employees


def default_plan_year(today: dt.date) -> int:
    """The plan is for next year."""
    return today.year + 1


# --- The analysis


@dataclass(frozen=True)
class EmployeeNeedsRow:
    employee: Employee
    needs: rules.EmployeeNeeds
    # The year of the appraisal whose training needs were read (None: no appraisal before).
    appraisal_year: int | None


def _offer(programme: Programme) -> rules.Offer:
    return rules.Offer(
        id=programme.pk,
        code=programme.code,
        name=programme.name,
        kind=programme.kind,
        kind_label=ProgrammeKind(programme.kind).label,
        jp=programme.jp,
        competency_ids=frozenset(c.pk for c in programme.competencies.all()),
        indicator_ids=frozenset(i.pk for i in programme.indicators.all()),
        for_weak_predikat=programme.for_weak_predikat,
        is_active=programme.is_active,
    )


def _offers(taken_programmes: set[int]) -> list[rules.Offer]:
    """The active programmes and those the employees are taking: three queries."""
    programmes = Programme.objects.filter(Q(is_active=True) | Q(pk__in=taken_programmes))
    return [
        _offer(programme)
        for programme in programmes.prefetch_related(
            Prefetch("competencies", queryset=Competency.objects.only("pk")),
            Prefetch("indicators", queryset=BehaviourIndicator.objects.only("pk")),
        )
    ]


def _taken(
    employee_ids: QuerySet[Any, Any], *, year: int
) -> dict[int, dict[int, rules.TakenState]]:
    """Per employee: programme id → why it is not proposed again (in progress wins)."""
    enrolments = Enrolment.objects.filter(employee__in=employee_ids).filter(
        Q(status__in=IN_PROGRESS_STATUSES)
        | Q(
            status=Enrolment.Status.COMPLETED,
            training_class__ends_on__gte=rules.taken_since(year),
        )
    )
    taken: dict[int, dict[int, rules.TakenState]] = defaultdict(dict)
    for employee_id, programme_id, status in enrolments.values_list(
        "employee_id", "training_class__programme_id", "status"
    ):
        if status == Enrolment.Status.COMPLETED:
            taken[employee_id].setdefault(programme_id, rules.TakenState.COMPLETED)
        else:
            taken[employee_id][programme_id] = rules.TakenState.IN_PROGRESS
    return taken


@dataclass
class _PerformanceGaps:
    weak_predikat: rules.WeakPredikat | None = None
    low_indicators: list[rules.LowIndicator] = field(default_factory=list)


def _performance_needs(skp_ids: QuerySet[Any, Any]) -> dict[int, _PerformanceGaps]:
    """Per employee: the weak predikat and the low indicators recorded on the SKPs `skp_ids`."""
    found: dict[int, _PerformanceGaps] = defaultdict(_PerformanceGaps)
    needs = TrainingNeed.objects.filter(skp__in=skp_ids).select_related(
        "skp__year", "skp__appraisal", "indicator"
    )
    for need in needs:
        skp = need.skp
        gaps = found[skp.employee_id]
        if need.source == TrainingNeed.Source.PREDIKAT:
            label = Predikat(skp.appraisal.predikat).label
            gaps.weak_predikat = rules.WeakPredikat(year=skp.year.year, predikat_label=label)
        elif need.indicator is not None:
            gaps.low_indicators.append(
                rules.LowIndicator(
                    year=skp.year.year,
                    indicator_id=need.indicator.pk,
                    code=need.indicator.code,
                    text=need.indicator.text,
                    score=need.score,
                )
            )
    return found


def _latest_appraised_skp(year: int) -> QuerySet[Skp]:
    """The employee's (OuterRef "pk") appraised SKPs before `year`, the latest first."""
    return Skp.objects.filter(
        employee=OuterRef("pk"), year__year__lt=year, appraisal__isnull=False
    ).order_by("-year__year")


def _requirements(
    person: Employee,
    required: dict[int, list[PositionCompetency]],
    levels: dict[int, dict[int, int]],
) -> list[rules.Requirement]:
    return [
        rules.Requirement(
            competency_id=item.competency_id,
            code=item.competency.code,
            name=item.competency.name,
            required_level=item.required_level,
            assessed_level=levels[person.pk].get(item.competency_id),
        )
        for item in required[person.position_id]
    ]


def _leadership_gap(person: "LeadershipEmployee") -> rules.LeadershipGap | None:
    kind = person.leadership_kind
    if kind is None or not is_flagged(person):
        return None
    return rules.LeadershipGap(
        programme_kind=kind,
        programme_kind_label=ProgrammeKind(kind).label,
        position_kind_label=Position.Kind(person.position.kind).label,
    )


def analyse(employees: EmployeeQuerySet, *, year: int) -> list[EmployeeNeedsRow]:
    """The needs of every employee of `employees` for the plan of `year`, by unit and name: the
    competency gaps of their current position, the training needs of their latest appraisal
    before `year`, and a missing leadership training; eight queries whatever their number."""
    people = list(
        with_leadership(employees)
        .annotate(appraisal_year=Subquery(_latest_appraised_skp(year).values("year__year")[:1]))
        .select_related("position", "work_unit")
        .order_by("work_unit__path", "name", "pk")
    )
    if not people:
        return []
    ids = employees.values("pk")
    required: dict[int, list[PositionCompetency]] = defaultdict(list)
    for item in PositionCompetency.objects.filter(
        position_id__in={person.position_id for person in people}
    ).select_related("competency"):
        required[item.position_id].append(item)
    levels: dict[int, dict[int, int]] = defaultdict(dict)
    for employee_id, competency_id, level in EmployeeCompetency.objects.filter(
        employee__in=ids
    ).values_list("employee_id", "competency_id", "level"):
        levels[employee_id][competency_id] = level
    performance = _performance_needs(
        employees.annotate(
            latest_skp=Subquery(_latest_appraised_skp(year).values("pk")[:1])
        ).values("latest_skp")
    )
    taken = _taken(ids, year=year)
    offers = _offers({pk for programmes in taken.values() for pk in programmes})
    rows = []
    for person in people:
        found = performance.get(person.pk, _PerformanceGaps())
        gaps = rules.employee_gaps(
            requirements=_requirements(person, required, levels),
            weak_predikat=found.weak_predikat,
            low_indicators=found.low_indicators,
            leadership=_leadership_gap(person),
        )
        rows.append(
            EmployeeNeedsRow(
                employee=person,
                needs=rules.propose(gaps, offers, taken.get(person.pk, {})),
                appraisal_year=person.appraisal_year,
            )
        )
    return rows


def employee_needs(employee: Employee, *, year: int) -> EmployeeNeedsRow:
    """One employee's needs (whether active or not: their own page and the API)."""
    return analyse(Employee.objects.filter(pk=employee.pk), year=year)[0]


# --- The plan of a scope


def group_unit_id(unit: WorkUnit, *, depth: int) -> int:
    """The ancestor of `unit` at `depth` (the unit itself when it lies higher)."""
    parts = unit.path.strip("/").split("/")
    return int(parts[depth]) if len(parts) > depth else unit.pk


@dataclass(frozen=True)
class PlanReport:
    year: int
    rows: list[EmployeeNeedsRow]  # every employee analysed
    totals: list[rules.UnitTotal]  # per unit one level below the unit viewed

    @property
    def with_needs(self) -> list[EmployeeNeedsRow]:
        return [row for row in self.rows if row.needs.has_needs]

    @property
    def total_jp(self) -> Decimal:
        return sum((total.jp for total in self.totals), Decimal("0.0"))


def plan_report(user: User, *, year: int, unit: WorkUnit | None) -> PlanReport:
    """The plan of the employees `user` reads within `unit` (the account's scope when None),
    totalled per unit one level below the unit viewed (per OPD for the whole organisation)."""
    rows = analyse(plan_employees(user, unit=unit), year=year)
    base = unit if unit is not None else plan_root(user)
    depth = base.depth + 1 if base is not None else 1
    grouped = [(group_unit_id(row.employee.work_unit, depth=depth), row.needs) for row in rows]
    names = list(
        WorkUnit.objects.filter(pk__in={unit_id for unit_id, _ in grouped})
        .order_by("path")
        .values_list("pk", "name")
    )
    return PlanReport(year=year, rows=rows, totals=rules.unit_totals(grouped, names))
