"""Reads of the catalogue and the competency dictionary: the programmes an account may browse,
the classes of a programme open for enrolment with their seats left, the competency dictionary
with where each competency is used, the positions' standards and one employee's competency
profile (required level next to assessed level)."""

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest
from django.http import Http404
from django.utils import timezone

from simerit.accounts.models import User
from simerit.core.roles import Role
from simerit.employees import selectors as employee_selectors
from simerit.employees.models import Employee, EmployeeQuerySet
from simerit.employees.permissions import can_manage_employee
from simerit.organization.models import Position, WorkUnit
from simerit.organization.permissions import opd_scope
from simerit.training import permissions
from simerit.training.models import (
    Competency,
    EmployeeCompetency,
    Enrolment,
    PositionCompetency,
    Programme,
    TrainingClass,
)
from simerit.training.rules import catalogue as rules


class ProgrammeCounts(TypedDict):
    open_class_count: int


class ClassSeats(TypedDict):
    seats_taken: int
    seats_left: int
    enrolment_open: bool


class CompetencyUses(TypedDict):
    position_count: int
    assessment_count: int
    programme_count: int


if TYPE_CHECKING:  # the generic aliases exist for the type checker only
    from django_stubs_ext import WithAnnotations

    ListedProgramme = WithAnnotations[Programme, ProgrammeCounts]
    OpenClass = WithAnnotations[TrainingClass, ClassSeats]
    ListedCompetency = WithAnnotations[Competency, CompetencyUses]

# Who reads the competency dictionary and the positions' standards: Admin BKPSDM manages them,
# the Auditor reads, an Admin OPD reads the codes it types into assessments and imports.
DICTIONARY_READERS = (Role.ADMIN_BKPSDM, Role.AUDITOR, Role.ADMIN_OPD)
# Who enters assessments: Admin BKPSDM for everyone, an Admin OPD for its subtree.
ASSESSORS = (Role.ADMIN_BKPSDM, Role.ADMIN_OPD)


# --- who may do what


def can_manage_catalogue(user: User) -> bool:
    """Programmes, competencies, the positions' standards and the configuration: Admin BKPSDM."""
    return permissions.is_hr(user)


def sees_inactive(user: User) -> bool:
    """Inactive programmes stay visible to Admin BKPSDM and the Auditor (history), no one else."""
    return permissions.reads_everything(user)


def reads_dictionary(user: User) -> bool:
    return user.is_authenticated and user.has_role(*DICTIONARY_READERS)


ASSESSORS_ONLY = (
    "Hanya Admin BKPSDM atau Admin OPD unit kerja pegawai ini yang dapat mengisi level "
    "kompetensinya."
)
OWN_LEVELS = (
    "Anda tidak dapat mengisi atau menghapus level kompetensi Anda sendiri; minta Admin BKPSDM "
    "atau Admin OPD lain yang berwenang mengisinya."
)


def is_own(user: User, employee: Employee) -> bool:
    """The employee record is the account's own."""
    return user.is_authenticated and employee.user_id == user.pk


def assessment_refusal(user: User, employee: Employee) -> str | None:
    """Why the account may not enter the employee's assessed levels, or None: Admin BKPSDM, or
    the Admin OPD of the employee's unit subtree (the same rule as editing the employee's
    record), never for their own record (the levels feed the needs analysis; someone else
    decides them)."""
    if not user.is_authenticated or not can_manage_employee(user, employee):
        return ASSESSORS_ONLY
    if is_own(user, employee):
        return OWN_LEVELS
    return None


def can_assess(user: User, employee: Employee) -> bool:
    return assessment_refusal(user, employee) is None


def may_import_assessments(user: User) -> bool:
    return permissions.is_hr(user) or (
        user.is_authenticated and user.has_role(Role.ADMIN_OPD) and opd_scope(user) is not None
    )


# --- programmes


def list_programmes(
    *,
    user: User,
    kind: str = "",
    search: str = "",
    active: bool | None = True,
    today: dt.date | None = None,
) -> "QuerySet[ListedProgramme]":
    """The programmes the account may browse, filtered, each with `open_class_count` (its
    classes open for enrolment that start today or later and the account may see).

    Only Admin BKPSDM and the Auditor see inactive programmes; for anyone else `active` is True.
    """
    today = today or timezone.localdate()
    programmes = Programme.objects.all()
    if not sees_inactive(user):
        active = True
    if active is not None:
        programmes = programmes.filter(is_active=active)
    if kind:
        programmes = programmes.filter(kind=kind)
    term = search.strip()
    if term:
        programmes = programmes.filter(
            Q(code__icontains=term) | Q(name__icontains=term) | Q(provider__icontains=term)
        )
    open_classes = Q(
        classes__status=TrainingClass.Status.OPEN, classes__starts_on__gte=today
    ) & permissions.class_reach(user, prefix="classes__")
    return programmes.annotate(
        open_class_count=Count("classes", filter=open_classes, distinct=True)
    ).order_by("name", "pk")


def get_programme(*, user: User, programme_id: int) -> Programme:
    """The programme if the account may see it; Http404 otherwise (as if it did not exist).

    An inactive programme stays visible to Admin BKPSDM and the Auditor, and to an account whose
    employee record has an enrolment (of any status) in one of its classes: the class page links
    to its programme."""
    programmes = Programme.objects.prefetch_related("competencies", "indicators__value")
    if not sees_inactive(user):
        visible = Q(is_active=True)
        employee = permissions.employee_of(user)
        if employee is not None:
            visible |= Q(
                Exists(
                    Enrolment.objects.filter(
                        training_class__programme=OuterRef("pk"), employee=employee
                    )
                )
            )
        programmes = programmes.filter(visible)
    programme = programmes.filter(pk=programme_id).first()
    if programme is None:
        raise Http404("Program pelatihan tidak ditemukan.")
    return programme


def list_open_classes(
    *, programme: Programme, user: User, today: dt.date | None = None
) -> "QuerySet[OpenClass]":
    """The programme's classes open for enrolment that start today or later and the account may
    see, earliest first, each with `seats_taken`, `seats_left` (capacity minus the enrolments
    holding a seat, never below 0) and `enrolment_open` (the closing day not passed)."""
    today = today or timezone.localdate()
    seats = Count("enrolments", filter=Q(enrolments__status__in=Enrolment.SEAT_STATUSES))
    return (
        TrainingClass.objects.filter(
            permissions.class_reach(user),
            programme=programme,
            status=TrainingClass.Status.OPEN,
            starts_on__gte=today,
        )
        .select_related("work_unit")
        .annotate(
            seats_taken=seats,
            enrolment_open=ExpressionWrapper(
                Q(enrolment_closes_on__gte=today), output_field=BooleanField()
            ),
        )
        .annotate(
            seats_left=Greatest(
                ExpressionWrapper(F("capacity") - F("seats_taken"), output_field=IntegerField()),
                Value(0),
            )
        )
        .order_by("starts_on", "name", "pk")
    )


# --- the competency dictionary


def _count(model: type[PositionCompetency | EmployeeCompetency]) -> Coalesce:
    """How many rows of `model` use the competency of the outer query (one subquery, no join
    that would multiply the other counts)."""
    counted = (
        model.objects.filter(competency=OuterRef("pk"))
        .order_by()
        .values("competency")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def list_competencies(*, search: str = "", kind: str = "") -> "QuerySet[ListedCompetency]":
    """The dictionary, filtered, each competency with `position_count`, `assessment_count` and
    `programme_count` (where it is used)."""
    competencies = Competency.objects.all()
    if kind:
        competencies = competencies.filter(kind=kind)
    term = search.strip()
    if term:
        competencies = competencies.filter(Q(code__icontains=term) | Q(name__icontains=term))
    return competencies.annotate(
        position_count=_count(PositionCompetency),
        assessment_count=_count(EmployeeCompetency),
        programme_count=Count("programmes", distinct=True),
    ).order_by("kind", "code")


def list_positions(*, search: str = "", work_unit: WorkUnit | None = None) -> QuerySet[Position]:
    """Positions with `requirement_count` (competencies in their standard), by name; `work_unit`
    keeps the positions of that unit and the general ones (without a unit)."""
    positions = Position.objects.select_related("work_unit")
    term = search.strip()
    if term:
        positions = positions.filter(name__icontains=term)
    if work_unit is not None:
        positions = positions.filter(Q(work_unit=work_unit) | Q(work_unit__isnull=True))
    return positions.annotate(requirement_count=Count("competencies")).order_by("name", "pk")


def list_requirements(position: Position) -> QuerySet[PositionCompetency]:
    return (
        PositionCompetency.objects.filter(position=position)
        .select_related("competency")
        .order_by("competency__kind", "competency__code")
    )


# --- one employee's competencies


def list_assessable_employees(*, user: User, search: str = "") -> EmployeeQuerySet:
    """The active employees whose competencies the account may see (own record, team, OPD
    subtree, everyone for Admin BKPSDM and the Auditor), with `assessment_count`."""
    employees: EmployeeQuerySet = employee_selectors.list_employees(user=user, search=search)
    return employees.annotate(
        assessment_count=Coalesce(
            Subquery(
                EmployeeCompetency.objects.filter(employee=OuterRef("pk"))
                .order_by()
                .values("employee")
                .annotate(n=Count("pk"))
                .values("n"),
                output_field=IntegerField(),
            ),
            Value(0),
        )
    )


def get_visible_employee(*, user: User, employee_id: int) -> Employee:
    """The employee if the account may see their training data; Http404 otherwise."""
    employee = (
        permissions.visible_employees(user)
        .select_related("work_unit", "position")
        .filter(pk=employee_id)
        .first()
    )
    if employee is None:
        raise Http404("Pegawai tidak ditemukan.")
    return employee


@dataclass(frozen=True)
class CompetencyLine:
    """One competency of an employee's profile: what the position requires, what was assessed."""

    competency: Competency
    required_level: int | None
    assessment: EmployeeCompetency | None

    @property
    def level(self) -> int | None:
        return self.assessment.level if self.assessment is not None else None

    @property
    def gap(self) -> int:
        return rules.gap(required_level=self.required_level, level=self.level)


def competency_profile(employee: Employee) -> list[CompetencyLine]:
    """The competencies of the employee's position standard and those assessed, one line each,
    in the dictionary's order (kind, code). Two queries."""
    requirements = {
        row.competency_id: row
        for row in PositionCompetency.objects.filter(
            position_id=employee.position_id
        ).select_related("competency")
    }
    assessments = {
        row.competency_id: row
        for row in EmployeeCompetency.objects.filter(employee=employee).select_related("competency")
    }
    competencies = {row.competency_id: row.competency for row in requirements.values()}
    competencies.update({row.competency_id: row.competency for row in assessments.values()})
    kinds = {value: index for index, value in enumerate(Competency.Kind.values)}
    ordered = sorted(competencies.values(), key=lambda c: (kinds.get(c.kind, 99), c.code))
    return [
        CompetencyLine(
            competency=competency,
            required_level=(
                requirements[competency.pk].required_level
                if competency.pk in requirements
                else None
            ),
            assessment=assessments.get(competency.pk),
        )
        for competency in ordered
    ]
