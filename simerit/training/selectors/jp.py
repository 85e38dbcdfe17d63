"""JP tracking (the issue's item 4): an employee's JP of a year, and the compliance of the units.

The JP of an employee for a year = Σ class.jp of the enrolments COMPLETED whose class ends in the
year + Σ jp_validated of the VALIDATED external trainings ending in the year. `with_jp` adds both
sums to any employee queryset as correlated subqueries, so that a list of a whole unit is one
query. The sums are exact numerics on PostgreSQL; SQLite adds in floating point, which Django reads
back as decimals equal to the stored one-place values (the API quantizes them for display)."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    BooleanField,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, ExtractYear

from simerit.accounts.models import User
from simerit.core.roles import Role
from simerit.employees.models import Employee, EmployeeQuerySet
from simerit.employees.permissions import team_condition
from simerit.organization.models import WorkUnit
from simerit.organization.permissions import opd_scope
from simerit.training.models import Certificate, Enrolment, ExternalTraining, TrainingYear
from simerit.training.permissions import reads_everything
from simerit.training.rules import jp as jp_rules

JP_FIELD: DecimalField[Decimal, Decimal] = DecimalField(max_digits=8, decimal_places=1)
ZERO = Decimal("0.0")


def _year_range(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


# --- The year's target


@dataclass(frozen=True)
class YearTarget:
    """The minimum and the reminder window of a year; `is_default` when HR has not set the year
    (no TrainingYear row): then the model's defaults apply."""

    year: int
    minimum_jp: Decimal
    reminders_from: dt.date
    is_default: bool


def default_minimum_jp() -> Decimal:
    default: Decimal = TrainingYear._meta.get_field("minimum_jp").get_default()
    return default


def _target(year: int, row: TrainingYear | None) -> YearTarget:
    if row is None:
        return YearTarget(
            year=year,
            minimum_jp=default_minimum_jp(),
            reminders_from=jp_rules.default_reminders_from(year),
            is_default=True,
        )
    return YearTarget(
        year=year,
        minimum_jp=row.minimum_jp,
        reminders_from=row.reminders_from,
        is_default=False,
    )


def year_target(year: int) -> YearTarget:
    return _target(year, TrainingYear.objects.filter(year=year).first())


def year_targets(years: Iterable[int]) -> dict[int, YearTarget]:
    """The targets of several years in one query."""
    wanted = set(years)
    rows = {row.year: row for row in TrainingYear.objects.filter(year__in=wanted)}
    return {year: _target(year, rows.get(year)) for year in wanted}


def year_choices(*, current: int, extra: Iterable[int] = ()) -> list[int]:
    """The years offered by the filters, newest first: every configured year, the current one and
    `extra` (an employee's years with JP, and the year shown, though HR never configured them)."""
    years = set(TrainingYear.objects.values_list("year", flat=True))
    years.add(current)
    years.update(extra)
    return sorted(years, reverse=True)


# --- JP per employee, set-based


def _class_jp(year: int) -> Subquery:
    start, end = _year_range(year)
    completed = (
        Enrolment.objects.filter(
            employee=OuterRef("pk"),
            status=Enrolment.Status.COMPLETED,
            training_class__ends_on__range=(start, end),
        )
        .order_by()
        .values("employee")
        .annotate(total=Sum("training_class__jp"))
        .values("total")
    )
    return Subquery(completed, output_field=JP_FIELD)


def _external_jp(year: int) -> Subquery:
    start, end = _year_range(year)
    validated = (
        ExternalTraining.objects.filter(
            employee=OuterRef("pk"),
            status=ExternalTraining.Status.VALIDATED,
            ends_on__range=(start, end),
        )
        .order_by()
        .values("employee")
        .annotate(total=Sum("jp_validated"))
        .values("total")
    )
    return Subquery(validated, output_field=JP_FIELD)


def with_jp(employees: QuerySet[Employee], *, year: int) -> QuerySet[Employee]:
    """`employees` annotated with jp_classes, jp_external and jp_total of `year` (0 when none)."""
    zero = Value(ZERO, output_field=JP_FIELD)
    return employees.annotate(
        jp_classes=Coalesce(_class_jp(year), zero, output_field=JP_FIELD),
        jp_external=Coalesce(_external_jp(year), zero, output_field=JP_FIELD),
    ).annotate(
        jp_total=ExpressionWrapper(F("jp_classes") + F("jp_external"), output_field=JP_FIELD)
    )


def annotated_jp(employee: Employee) -> Decimal:
    """The jp_total with_jp put on a row (typed)."""
    total: Decimal = employee.jp_total  # type: ignore[attr-defined]
    return total


def with_compliance(employees: QuerySet[Employee], *, year: int, minimum: Decimal) -> Any:
    """with_jp plus `is_compliant` (jp_total ≥ minimum, PP 11/2017 Pasal 203(4))."""
    return with_jp(employees, year=year).annotate(
        is_compliant=ExpressionWrapper(Q(jp_total__gte=minimum), output_field=BooleanField())
    )


def jp_of(employee: Employee, *, year: int) -> Decimal:
    """One employee's JP of the year (the same sums as with_jp)."""
    row = with_jp(Employee.objects.filter(pk=employee.pk), year=year).first()
    return annotated_jp(row) if row is not None else ZERO


# --- One employee's page


@dataclass(frozen=True)
class YearTotal:
    year: int
    jp_classes: Decimal
    jp_external: Decimal
    minimum_jp: Decimal

    @property
    def total(self) -> Decimal:
        return self.jp_classes + self.jp_external

    @property
    def is_compliant(self) -> bool:
        return jp_rules.is_compliant(jp=self.total, minimum=self.minimum_jp)


@dataclass(frozen=True)
class EmployeeJp:
    """What counted toward the employee's JP of `target.year`, line by line, with the other years'
    totals (`history`, newest first), pending external trainings (not counted yet) and the
    certificates of the trainings of that year (those of another year are on that year's page)."""

    employee: Employee
    target: YearTarget
    classes: list[Enrolment]
    externals: list[ExternalTraining]
    pending_externals: int
    history: list[YearTotal]
    certificates: list[Certificate] = field(default_factory=list)

    @property
    def jp_classes(self) -> Decimal:
        return sum((e.training_class.jp for e in self.classes), ZERO)

    @property
    def jp_external(self) -> Decimal:
        return sum((t.jp_validated or ZERO for t in self.externals), ZERO)

    @property
    def total(self) -> Decimal:
        return self.jp_classes + self.jp_external

    @property
    def shortfall(self) -> Decimal:
        return jp_rules.shortfall(jp=self.total, minimum=self.target.minimum_jp)

    @property
    def is_compliant(self) -> bool:
        return jp_rules.is_compliant(jp=self.total, minimum=self.target.minimum_jp)

    @property
    def progress(self) -> int:
        return jp_rules.progress_percent(jp=self.total, minimum=self.target.minimum_jp)


def _history(employee: Employee, *, exclude_year: int) -> list[YearTotal]:
    classes = dict(
        Enrolment.objects.filter(employee=employee, status=Enrolment.Status.COMPLETED)
        .annotate(year=ExtractYear("training_class__ends_on"))
        .order_by()
        .values_list("year")
        .annotate(total=Sum("training_class__jp"))
        .values_list("year", "total")
    )
    externals = dict(
        ExternalTraining.objects.filter(employee=employee, status=ExternalTraining.Status.VALIDATED)
        .annotate(year=ExtractYear("ends_on"))
        .order_by()
        .values_list("year")
        .annotate(total=Sum("jp_validated"))
        .values_list("year", "total")
    )
    years = (set(classes) | set(externals)) - {exclude_year}
    targets = year_targets(years)
    return [
        YearTotal(
            year=year,
            jp_classes=classes.get(year) or ZERO,
            jp_external=externals.get(year) or ZERO,
            minimum_jp=targets[year].minimum_jp,
        )
        for year in sorted(years, reverse=True)
    ]


def employee_jp(employee: Employee, *, year: int) -> EmployeeJp:
    """The lines that count toward `year` and the totals of the other years. Eight queries,
    whatever the number of lines."""
    start, end = _year_range(year)
    classes = list(
        Enrolment.objects.filter(
            employee=employee,
            status=Enrolment.Status.COMPLETED,
            training_class__ends_on__range=(start, end),
        )
        .select_related("training_class__programme")
        .order_by("training_class__ends_on", "pk")
    )
    externals = ExternalTraining.objects.filter(employee=employee, ends_on__range=(start, end))
    validated = list(
        externals.filter(status=ExternalTraining.Status.VALIDATED).order_by("ends_on", "pk")
    )
    certificates = list(
        Certificate.objects.filter(enrolment__employee=employee, ends_on__range=(start, end))
        .select_related("enrolment__training_class__programme")
        .order_by("-issued_at", "-pk")
    )
    return EmployeeJp(
        employee=employee,
        target=year_target(year),
        classes=classes,
        externals=validated,
        pending_externals=externals.filter(status=ExternalTraining.Status.SUBMITTED).count(),
        history=_history(employee, exclude_year=year),
        certificates=certificates,
    )


# --- The unit compliance dashboard


def dashboard_scope(user: User) -> EmployeeQuerySet | None:
    """The active employees whose JP the account may see on the dashboard: Admin BKPSDM and the
    Auditor everyone, an Admin OPD its unit subtree, a supervisor their team (not themself).
    None when the account may not open the dashboard."""
    active = Employee.objects.active()
    if reads_everything(user):
        return active
    if not user.has_role(Role.ADMIN_OPD, Role.ATASAN):
        return None
    condition = Q(pk__in=[])
    if user.has_role(Role.ADMIN_OPD):
        scope = opd_scope(user)
        if scope is not None:
            condition |= Q(work_unit__path__startswith=scope.path)
    if user.has_role(Role.ATASAN):
        condition |= team_condition(user)
    return active.filter(condition)


def _common_path(paths: Iterable[str]) -> str:
    """The longest shared ancestry of materialised paths ("/1/4/17/", "/1/4/20/" → "/1/4/")."""
    common: list[str] | None = None
    for path in paths:
        parts = [part for part in path.split("/") if part]
        if common is None:
            common = parts
            continue
        length = 0
        while length < min(len(common), len(parts)) and common[length] == parts[length]:
            length += 1
        common = common[:length]
    return "/" + "/".join(common) + "/" if common else ""


def home_unit(user: User, employees: QuerySet[Employee]) -> WorkUnit | None:
    """Where the dashboard opens: the organisation's root for those who read everything, else the
    nearest unit holding every unit the account may see (its OPD scope, its team)."""
    if reads_everything(user):
        roots = list(WorkUnit.objects.filter(parent=None)[:2])
        return roots[0] if len(roots) == 1 else None
    paths = set(employees.order_by().values_list("work_unit__path", flat=True).distinct())
    scope = opd_scope(user) if user.has_role(Role.ADMIN_OPD) else None
    if scope is not None:
        paths.add(scope.path)
    common = _common_path(paths)
    if not common:
        return None
    return WorkUnit.objects.filter(path=common).first()


def may_open_unit(user: User, unit: WorkUnit, home: WorkUnit | None) -> bool:
    """A unit the account may drill into: any unit for those who read everything, else a unit
    inside its home unit (the figures are counted over its scope anyway)."""
    if reads_everything(user):
        return True
    return home is not None and unit.is_within(home)


@dataclass(frozen=True)
class DashboardAccess:
    """The account's dashboard: the employees it counts and the unit it opens on."""

    employees: QuerySet[Employee]
    home: WorkUnit | None

    def may_open(self, user: User, unit: WorkUnit) -> bool:
        return may_open_unit(user, unit, self.home)


def dashboard_access(user: User) -> DashboardAccess | None:
    """None when the account may not open the dashboard (dashboard_scope)."""
    employees = dashboard_scope(user)
    if employees is None:
        return None
    return DashboardAccess(employees=employees, home=home_unit(user, employees))


def breadcrumbs(unit: WorkUnit | None, home: WorkUnit | None) -> list[WorkUnit]:
    """The units from `home` down to `unit` (both included), for the page's trail."""
    if unit is None:
        return []
    ids = [int(part) for part in unit.path.split("/") if part]
    if home is not None:
        home_ids = [int(part) for part in home.path.split("/") if part]
        ids = ids[len(home_ids) - 1 :] if ids[: len(home_ids)] == home_ids else [unit.pk]
    units = {u.pk: u for u in WorkUnit.objects.filter(pk__in=ids)}
    return [units[pk] for pk in ids if pk in units]


@dataclass(frozen=True)
class UnitRow:
    """The figures of one unit's subtree (`direct`: only the employees placed in the unit itself,
    not in a unit below it)."""

    unit: WorkUnit
    direct: bool
    employees: int
    compliant: int
    total_jp: Decimal

    @property
    def label(self) -> str:
        name = self.unit.short_name or self.unit.name
        return f"{name} (langsung)" if self.direct else name

    @property
    def compliance_percent(self) -> Decimal | None:
        return jp_rules.compliance_percent(compliant=self.compliant, employees=self.employees)

    @property
    def average_jp(self) -> Decimal | None:
        return jp_rules.average_jp(total=self.total_jp, employees=self.employees)


@dataclass(frozen=True)
class UnitCompliance:
    """The rows below `unit` (its child units, and its own employees as a `direct` row), with
    `total` over all of them. `unit` None: the top-level units."""

    target: YearTarget
    unit: WorkUnit | None
    rows: list[UnitRow]
    total: UnitRow | None

    def chart(self) -> dict[str, Any]:
        """The data of the bar chart (read by a static script from a json_script tag)."""
        return {
            "labels": [row.label for row in self.rows],
            "percent": [float(row.compliance_percent or 0) for row in self.rows],
            "average": [float(row.average_jp or 0) for row in self.rows],
            "minimum": float(self.target.minimum_jp),
        }


@dataclass
class _Bucket:
    """The running sums of the work units that fall under one row."""

    employees: int = 0
    compliant: int = 0
    total_jp: Decimal = ZERO

    def add(self, line: dict[str, Any]) -> None:
        self.employees += line["employees"]
        self.compliant += line["compliant"]
        self.total_jp += line["total_jp"] or ZERO

    def row(self, unit: WorkUnit, *, direct: bool) -> UnitRow:
        return UnitRow(
            unit=unit,
            direct=direct,
            employees=self.employees,
            compliant=self.compliant,
            total_jp=self.total_jp,
        )


def _tally(employees: QuerySet[Employee], *, year: int, minimum: Decimal) -> list[dict[str, Any]]:
    """Per work unit: employees, compliant, total JP. One GROUP BY query."""
    return list(
        with_jp(employees, year=year)
        .order_by()
        .values("work_unit_id", "work_unit__path")
        .annotate(
            employees=Count("pk"),
            compliant=Count("pk", filter=Q(jp_total__gte=minimum)),
            total_jp=Sum("jp_total"),
        )
    )


def unit_compliance(
    *, employees: QuerySet[Employee], target: YearTarget, unit: WorkUnit | None
) -> UnitCompliance:
    """The compliance of each unit directly below `unit` (its whole subtree counted), over
    `employees` only. Two queries: the tally per work unit and the child units."""
    scoped = employees if unit is None else employees.filter(work_unit__path__startswith=unit.path)
    tally = _tally(scoped, year=target.year, minimum=target.minimum_jp)
    children = list(
        WorkUnit.objects.filter(parent=unit).order_by("name", "pk")
        if unit is not None
        else WorkUnit.objects.filter(parent=None).order_by("name", "pk")
    )
    sums: dict[int, _Bucket] = {}
    direct = _Bucket()
    for line in tally:
        path: str = line["work_unit__path"]
        owner = next((child for child in children if path.startswith(child.path)), None)
        bucket = direct if owner is None else sums.setdefault(owner.pk, _Bucket())
        bucket.add(line)
    rows = [sums[child.pk].row(child, direct=False) for child in children if child.pk in sums]
    if unit is not None and direct.employees:
        rows.insert(0, direct.row(unit, direct=True))
    total = None
    if rows:
        total = UnitRow(
            unit=unit or rows[0].unit,
            direct=False,
            employees=sum(row.employees for row in rows),
            compliant=sum(row.compliant for row in rows),
            total_jp=sum((row.total_jp for row in rows), ZERO),
        )
    return UnitCompliance(target=target, unit=unit, rows=rows, total=total)


def unit_employees(
    *,
    employees: QuerySet[Employee],
    target: YearTarget,
    unit: WorkUnit | None,
    direct_only: bool = False,
    below_only: bool = False,
) -> Any:
    """The employees of the unit's subtree (all of `employees` for None; only those placed in the
    unit itself with `direct_only`; only those below the minimum with `below_only`) with their
    JP and compliance, by name."""
    scoped = employees
    if unit is not None and direct_only:
        scoped = employees.filter(work_unit=unit)
    elif unit is not None:
        scoped = employees.filter(work_unit__path__startswith=unit.path)
    rows = with_compliance(scoped, year=target.year, minimum=target.minimum_jp)
    if below_only:
        rows = rows.filter(jp_total__lt=target.minimum_jp)
    return rows.select_related("work_unit", "position").order_by("name", "pk")
