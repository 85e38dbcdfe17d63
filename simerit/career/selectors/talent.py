"""Reads of the 9-box (§8.2): the contract `boxes(ids, on=)`, whose talent pages an account may
open and over which employees, and the figures of the 9-box page.

Visibility (career/permissions.py): Admin BKPSDM and the Auditor see every active employee, an
Admin OPD the employees of its unit subtree, a supervisor their team. Nobody sees their own
placement on these pages: it is a talent decision about them (self-service does not show it
either).

Set-based: a call to `boxes` costs one query for the settings, one for the assessments and the
performance history's one for the appraisals, whatever the number of employees.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet

from simerit.accounts.models import User
from simerit.career.models import PotentialAssessment, TalentSettings
from simerit.career.permissions import reads_everything
from simerit.career.rules import talent as rules
from simerit.core.roles import Role
from simerit.employees.models import Employee, EmployeeQuerySet
from simerit.employees.permissions import team_condition
from simerit.organization.models import WorkUnit
from simerit.organization.permissions import opd_scope
from simerit.performance.models import Predikat
from simerit.performance.selectors.history import final_predikats

DENIED = "Manajemen talenta hanya untuk Admin BKPSDM, Auditor, Admin OPD dan atasan."
PREDIKAT_LABELS = dict(Predikat.choices)


@dataclass(frozen=True)
class TalentPlacement:
    """One employee's 9-box placement on a day (the cross-part contract: the first six fields).

    `performance` is "above"/"as_expected"/"below" ("" when unknown), `potential`
    "high"/"medium"/"low" ("" when unknown), `box` 1–9 or None, `actions` the recommended actions
    of the box, `reason` why there is no box ("" when placed). The facts behind the axes follow.
    """

    employee_id: int
    performance: str
    potential: str
    box: int | None
    actions: list[str]
    reason: str
    predikat: str = ""
    predikat_year: int | None = None
    score: Decimal | None = None
    assessed_on: dt.date | None = None
    method: str = ""

    @property
    def performance_label(self) -> str:
        return rules.PERFORMANCE_LABELS.get(self.performance, "")

    @property
    def potential_label(self) -> str:
        return rules.POTENTIAL_LABELS.get(self.potential, "")

    @property
    def predikat_label(self) -> str:
        return PREDIKAT_LABELS.get(self.predikat, self.predikat)


def talent_settings() -> TalentSettings:
    """The one settings row (seeded by migration 0002; recreated with the seed's values if it was
    ever deleted)."""
    return TalentSettings.objects.get_or_create(
        pk=1, defaults={"above_predikats": ["sangat_baik"], "as_expected_predikats": ["baik"]}
    )[0]


def thresholds(settings: TalentSettings) -> rules.Thresholds:
    return rules.Thresholds(
        medium_from=settings.potential_medium_from,
        high_from=settings.potential_high_from,
        above=list(settings.above_predikats),
        as_expected=list(settings.as_expected_predikats),
        valid_years=settings.assessment_valid_years,
    )


def latest_assessments(
    employee_ids: Iterable[int], *, on: dt.date, valid_years: int
) -> dict[int, PotentialAssessment]:
    """{employee id: the latest assessment valid on `on`} (the latest date; on one day, the last
    recorded). One query."""
    rows = (
        PotentialAssessment.objects.filter(
            employee_id__in=list(employee_ids),
            assessed_on__gte=rules.valid_from(on, valid_years=valid_years),
            assessed_on__lte=on,
        )
        .order_by("employee_id", "-assessed_on", "-id")
        .only("id", "employee_id", "assessed_on", "method", "score")
    )
    found: dict[int, PotentialAssessment] = {}
    for row in rows:
        found.setdefault(row.employee_id, row)
    return found


def latest_predikats(employee_ids: Iterable[int], *, on: dt.date) -> dict[int, tuple[int, str]]:
    """{employee id: (year, predikat)} of the most recent appraisal final on `on`."""
    latest: dict[int, tuple[int, str]] = {}
    for (employee_id, year), predikat in final_predikats(employee_ids, on=on).items():
        if employee_id not in latest or year > latest[employee_id][0]:
            latest[employee_id] = (year, predikat)
    return latest


def boxes(employee_ids: Iterable[int], *, on: dt.date) -> dict[int, TalentPlacement]:
    """The contract: every given employee's placement on `on`, from their latest final predikat
    and their latest potential assessment valid on `on`."""
    ids = list(dict.fromkeys(employee_ids))
    settings = talent_settings()
    limits = thresholds(settings)
    predikats = latest_predikats(ids, on=on)
    assessments = latest_assessments(ids, on=on, valid_years=limits.valid_years)
    placements: dict[int, TalentPlacement] = {}
    for employee_id in ids:
        year, predikat = predikats.get(employee_id, (None, ""))
        assessment = assessments.get(employee_id)
        score = assessment.score if assessment is not None else None
        placement = rules.place(predikat=predikat, score=score, thresholds=limits)
        placements[employee_id] = TalentPlacement(
            employee_id=employee_id,
            performance=placement.performance,
            potential=placement.potential,
            box=placement.box,
            actions=placement.actions,
            reason=placement.reason,
            predikat=predikat,
            predikat_year=year,
            score=score,
            assessed_on=assessment.assessed_on if assessment is not None else None,
            method=assessment.method if assessment is not None else "",
        )
    return placements


# --- who sees which placements


def talent_scope(user: User, *, include_self: bool = False) -> EmployeeQuerySet | None:
    """The active employees the account may see on the talent pages; None when it may not open
    them. `include_self` keeps the account's own record (the retirement forecast, which is no
    talent decision)."""
    if not user.is_authenticated:
        return None
    active = Employee.objects.active()
    if reads_everything(user):
        scoped = active
    elif user.has_role(Role.ADMIN_OPD, Role.ATASAN):
        condition = Q(pk__in=[])
        if user.has_role(Role.ADMIN_OPD):
            scope = opd_scope(user)
            if scope is not None:
                condition |= Q(work_unit__path__startswith=scope.path)
        if user.has_role(Role.ATASAN):
            condition |= team_condition(user)
        if include_self:
            condition |= Q(user=user)
        scoped = active.filter(condition)
    else:
        return None
    return scoped if include_self else scoped.exclude(user=user)


def _common_path(paths: Iterable[str]) -> str:
    """The longest shared ancestry of materialised paths ("/1/4/17/", "/1/4/20/" → "/1/4/")."""
    common: list[str] | None = None
    for path in paths:
        parts = [part for part in path.split("/") if part]
        common = parts if common is None else _shared(common, parts)
    return "/" + "/".join(common) + "/" if common else ""


def _shared(left: list[str], right: list[str]) -> list[str]:
    length = 0
    while length < min(len(left), len(right)) and left[length] == right[length]:
        length += 1
    return left[:length]


def home_unit(user: User, employees: QuerySet[Employee]) -> WorkUnit | None:
    """Where the pages open: None (every unit) for those who read everything, else the nearest
    unit holding every unit the account may see (its OPD scope, its team)."""
    if reads_everything(user):
        return None
    paths = set(employees.order_by().values_list("work_unit__path", flat=True).distinct())
    scope = opd_scope(user) if user.has_role(Role.ADMIN_OPD) else None
    if scope is not None:
        paths.add(scope.path)
    common = _common_path(paths)
    return WorkUnit.objects.filter(path=common).first() if common else None


@dataclass(frozen=True)
class Access:
    """An account's talent pages: the employees it sees and the unit they open on."""

    employees: EmployeeQuerySet
    home: WorkUnit | None
    everything: bool

    def may_open(self, unit: WorkUnit) -> bool:
        """A unit filter the account may choose: any unit, or one inside its home unit."""
        return self.everything or (self.home is not None and unit.is_within(self.home))

    def unit_choices(self) -> list[WorkUnit]:
        """The units offered in the filter: the home unit and two levels below it (everything:
        the top three levels)."""
        units = WorkUnit.objects.active()
        if self.home is not None:
            units = units.subtree(self.home).filter(depth__lte=self.home.depth + 2)
        elif self.everything:
            units = units.filter(depth__lte=2)
        else:
            return []
        return list(units.order_by("path"))

    def within(self, unit: WorkUnit | None) -> EmployeeQuerySet:
        return self.employees if unit is None else self.employees.in_subtree(unit)


def access_of(user: User, *, include_self: bool = False) -> Access | None:
    employees = talent_scope(user, include_self=include_self)
    if employees is None:
        return None
    return Access(
        employees=employees,
        home=home_unit(user, employees),
        everything=reads_everything(user),
    )


# --- the 9-box page


@dataclass(frozen=True)
class Legend:
    """The instansi's settings the 9-box uses (`TalentSettings` [U]), as the page shows them: the
    potential thresholds, the predikat labels of each kinerja band and how long an assessment
    counts."""

    medium_from: str
    high_from: str
    above: list[str]
    as_expected: list[str]
    valid_years: int


def legend() -> Legend:
    settings = talent_settings()
    return Legend(
        medium_from=rules.format_score(settings.potential_medium_from),
        high_from=rules.format_score(settings.potential_high_from),
        above=[PREDIKAT_LABELS.get(code, code) for code in settings.above_predikats],
        as_expected=[PREDIKAT_LABELS.get(code, code) for code in settings.as_expected_predikats],
        valid_years=settings.assessment_valid_years,
    )


@dataclass(frozen=True)
class Row:
    """An employee on the 9-box page or in the export."""

    employee: Employee
    placement: TalentPlacement


@dataclass(frozen=True)
class Cell:
    number: int
    count: int
    performance: str
    potential: str

    @property
    def label(self) -> str:
        return rules.box_label(self.number)

    @property
    def tone(self) -> str:
        """The Bootstrap table colour: boxes 7–9 green, 4–6 yellow, 1–3 red."""
        if self.number >= 7:
            return "success"
        return "warning" if self.number >= 4 else "danger"


@dataclass
class Grid:
    """The 3×3 grid (rows kinerja from the top) with the count per box, and every row."""

    on: dt.date
    rows: list[Row]
    counts: dict[int, int] = field(default_factory=dict)

    @property
    def placed(self) -> int:
        return sum(self.counts.values())

    @property
    def unplaced(self) -> list[Row]:
        return [row for row in self.rows if row.placement.box is None]

    def lines(self) -> list[tuple[str, list[Cell]]]:
        """The grid's rows from the top: (kinerja label, cells from Rendah to Tinggi)."""
        return [
            (
                rules.PERFORMANCE_LABELS[performance],
                [
                    Cell(
                        number=rules.GRID[(performance, potential)],
                        count=self.counts.get(rules.GRID[(performance, potential)], 0),
                        performance=performance,
                        potential=potential,
                    )
                    for potential in rules.POTENTIAL_ORDER
                ],
            )
            for performance in rules.PERFORMANCE_ORDER
        ]

    def in_box(self, number: int) -> list[Row]:
        return [row for row in self.rows if row.placement.box == number]

    def chart(self) -> dict[str, Any]:
        return {str(number): self.counts.get(number, 0) for number in range(1, 10)}


def grid(employees: QuerySet[Employee], *, on: dt.date) -> Grid:
    """Every employee of `employees` placed on `on`, ordered by name."""
    people = list(employees.select_related("work_unit", "position").order_by("name", "pk"))
    placements = boxes([person.pk for person in people], on=on)
    rows = [Row(employee=person, placement=placements[person.pk]) for person in people]
    counts: dict[int, int] = {}
    for row in rows:
        if row.placement.box is not None:
            counts[row.placement.box] = counts.get(row.placement.box, 0) + 1
    return Grid(on=on, rows=rows, counts=counts)


# --- potential assessments


def list_assessments(
    employees: QuerySet[Employee], *, search: str = ""
) -> QuerySet[PotentialAssessment]:
    """The assessments of `employees`, newest first; `search` matches the name or the NIP."""
    rows = PotentialAssessment.objects.filter(employee__in=employees).select_related(
        "employee", "employee__work_unit", "recorded_by"
    )
    if search:
        rows = rows.filter(
            Q(employee__name__icontains=search) | Q(employee__nip__startswith=search)
        )
    return rows.order_by("-assessed_on", "-id")
