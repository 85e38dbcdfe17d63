"""Leadership training for new officials (the issue's item 6; domain reference §6.2), computed on
read: an active employee whose position kind has a LeadershipRule and who has neither COMPLETED a
class of a programme of the rule's kind nor a VALIDATED external training of that kind is flagged
until one of the two exists. `with_leadership` adds the rule and the completion to any employee
queryset as correlated subqueries, so that the flags of a whole unit are one query."""

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Exists, OuterRef, QuerySet, Subquery

from simerit.employees.models import Employee, EmployeeQuerySet
from simerit.organization.models import Position
from simerit.training.models import Enrolment, ExternalTraining, LeadershipRule, ProgrammeKind
from simerit.training.rules import leadership as rules

IN_PROGRESS_STATUSES = (
    Enrolment.Status.PENDING,
    Enrolment.Status.ENROLLED,
    Enrolment.Status.WAITLISTED,
)


class LeadershipAnnotations(TypedDict):
    leadership_kind: str | None
    leadership_months: int | None
    leadership_completed_class: bool
    leadership_validated_external: bool
    leadership_in_class: bool
    leadership_external_submitted: bool


if TYPE_CHECKING:  # the generic alias exists for the type checker only
    from django_stubs_ext import WithAnnotations

    LeadershipEmployee = WithAnnotations[Employee, LeadershipAnnotations]


def with_leadership(employees: EmployeeQuerySet) -> "QuerySet[LeadershipEmployee]":
    """`employees` with the leadership training their position requires (`leadership_kind`, None
    for a position without a rule), its deadline in months, whether it is completed (a class or a
    validated external training) and whether it is under way (a live enrolment in a class of that
    kind, an external training waiting for validation)."""
    rule = LeadershipRule.objects.filter(position_kind=OuterRef("position__kind"))
    kind = OuterRef("leadership_kind")
    enrolments = Enrolment.objects.filter(
        employee=OuterRef("pk"), training_class__programme__kind=kind
    )
    external = ExternalTraining.objects.filter(employee=OuterRef("pk"), kind=kind)
    # The plugin types the annotations as Any; LeadershipAnnotations states them.
    return employees.annotate(  # type: ignore[return-value]
        leadership_kind=Subquery(rule.values("programme_kind")[:1]),
        leadership_months=Subquery(rule.values("months_to_complete")[:1]),
    ).annotate(
        leadership_completed_class=Exists(enrolments.filter(status=Enrolment.Status.COMPLETED)),
        leadership_validated_external=Exists(
            external.filter(status=ExternalTraining.Status.VALIDATED)
        ),
        leadership_in_class=Exists(enrolments.filter(status__in=IN_PROGRESS_STATUSES)),
        leadership_external_submitted=Exists(
            external.filter(status=ExternalTraining.Status.SUBMITTED)
        ),
    )


def is_flagged(employee: "LeadershipEmployee") -> bool:
    """The position requires a leadership training the employee has not completed."""
    return (
        employee.leadership_kind is not None
        and not employee.leadership_completed_class
        and not employee.leadership_validated_external
    )


@dataclass(frozen=True)
class LeadershipFlag:
    employee: Employee
    programme_kind: str
    programme_kind_label: str
    position_kind_label: str
    months_to_complete: int
    deadline: rules.Deadline
    in_class: bool  # enrolled (or waiting) in a class of that kind
    external_submitted: bool  # an external training of that kind awaits validation

    @property
    def notes(self) -> list[str]:
        notes = []
        if self.deadline.tmt_missing:
            notes.append(f"{rules.TMT_MISSING_NOTE}: batas waktu dihitung dari hari ini")
        if self.in_class:
            notes.append(f"Sedang mendaftar/mengikuti kelas {self.programme_kind_label}")
        if self.external_submitted:
            notes.append("Pelatihan eksternal menunggu validasi BKPSDM")
        return notes


def leadership_flags(
    employees: EmployeeQuerySet, *, today: dt.date, overdue_only: bool = False
) -> list[LeadershipFlag]:
    """The flags of the active employees among `employees`, the earliest due first (then by
    name); `overdue_only` keeps those past their due date. One query."""
    rows = (
        with_leadership(employees.active())
        .exclude(leadership_kind=None)
        .filter(
            leadership_completed_class=False,
            leadership_validated_external=False,
        )
        .select_related("position", "work_unit")
        .order_by("name", "pk")
    )
    flags = []
    for employee in rows:
        kind = employee.leadership_kind
        months = employee.leadership_months
        if kind is None or months is None:  # excluded by the filter; keeps the types honest
            continue
        deadline = rules.deadline(
            tmt_position=employee.tmt_position, months_to_complete=months, today=today
        )
        if overdue_only and not deadline.overdue:
            continue
        flags.append(
            LeadershipFlag(
                employee=employee,
                programme_kind=kind,
                programme_kind_label=ProgrammeKind(kind).label,
                position_kind_label=Position.Kind(employee.position.kind).label,
                months_to_complete=months,
                deadline=deadline,
                in_class=employee.leadership_in_class,
                external_submitted=employee.leadership_external_submitted,
            )
        )
    # A stable sort on the due date keeps the names in order within one day.
    flags.sort(key=lambda flag: flag.deadline.due_on)
    return flags
