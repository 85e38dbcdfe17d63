"""Reads of enrolment: the seat counts of a class, a waitlist position, the enrolment panel of the
class detail page, an employee's enrolments and a supervisor's approval queue."""

from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from simerit.accounts.models import User
from simerit.core.roles import Role
from simerit.employees.models import Employee
from simerit.employees.permissions import team_condition
from simerit.training import permissions
from simerit.training.models import Enrolment, TrainingClass
from simerit.training.rules import enrolment as rules

# A nomination list longer than this is cut (a head of a large OPD nominates by the API or asks
# HR to assign); the panel says so.
NOMINABLE_LIMIT = 200


@dataclass(frozen=True)
class EnrolPanel:
    """What the enrolment panel of a class detail page shows to one account."""

    can_enrol: bool
    reason_if_not: str
    my_enrolment: Enrolment | None
    seats_left: int
    waitlist_count: int
    nominable: list[Employee] = field(default_factory=list)
    my_waitlist_position: int | None = None
    can_cancel: bool = False
    can_nominate: bool = False
    nominable_truncated: bool = False
    can_assign: bool = False
    is_employee: bool = False


def class_facts(training_class: TrainingClass) -> rules.ClassFacts:
    unit = training_class.work_unit
    return rules.ClassFacts(
        status=training_class.status,
        starts_on=training_class.starts_on,
        enrolment_closes_on=training_class.enrolment_closes_on,
        unit_path=unit.path if unit is not None else None,
        unit_name=unit.name if unit is not None else "",
    )


def seats_taken(training_class: TrainingClass) -> int:
    return Enrolment.objects.filter(
        training_class=training_class, status__in=Enrolment.SEAT_STATUSES
    ).count()


def waitlist(training_class: TrainingClass) -> QuerySet[Enrolment]:
    """The waitlisted enrolments in the order they move up: first come, first served."""
    return Enrolment.objects.filter(
        training_class=training_class, status=Enrolment.Status.WAITLISTED
    ).order_by("waitlisted_at", "id")


def waitlist_position(enrolment: Enrolment) -> int | None:
    """1 for the next to move up; None when the enrolment is not waitlisted."""
    if enrolment.status != Enrolment.Status.WAITLISTED or enrolment.waitlisted_at is None:
        return None
    earlier = Q(waitlisted_at__lt=enrolment.waitlisted_at) | Q(
        waitlisted_at=enrolment.waitlisted_at, id__lt=enrolment.pk
    )
    return (
        Enrolment.objects.filter(
            earlier,
            training_class_id=enrolment.training_class_id,
            status=Enrolment.Status.WAITLISTED,
        ).count()
        + 1
    )


def live_enrolment(employee: Employee, training_class: TrainingClass) -> Enrolment | None:
    return Enrolment.objects.filter(
        training_class=training_class, employee=employee, status__in=Enrolment.LIVE_STATUSES
    ).first()


def outcome_message(enrolment: Enrolment) -> str:
    """What happened to a request, nomination, assignment or approval, in one sentence."""
    name = enrolment.employee.display_name
    if enrolment.status == Enrolment.Status.PENDING:
        return "Permintaan terkirim dan menunggu persetujuan atasan langsung."
    if enrolment.status == Enrolment.Status.WAITLISTED:
        position = waitlist_position(enrolment) or 1
        return f"{name}: {rules.waitlist_message(position)}"
    return f"{name} terdaftar sebagai peserta {enrolment.training_class}."


def nominable_team(user: User, training_class: TrainingClass) -> QuerySet[Employee]:
    """Active team members of the supervisor who may still be put on the class."""
    if not user.has_role(Role.ATASAN):
        return Employee.objects.none()
    enrolled = Enrolment.objects.filter(
        training_class=training_class, status__in=Enrolment.LIVE_STATUSES
    ).values("employee")
    members = Employee.objects.active().filter(team_condition(user)).exclude(pk__in=enrolled)
    if training_class.work_unit is not None:
        members = members.in_subtree(training_class.work_unit)
    return members.order_by("name", "id")


def enrol_panel(user: User, training_class: TrainingClass) -> EnrolPanel:
    """The enrolment panel of the class detail page for this account (part C includes it)."""
    today = timezone.localdate()
    facts = class_facts(training_class)
    class_open = rules.class_refusal(facts, today=today) is None
    nominable: list[Employee] = []
    if class_open:
        nominable = list(nominable_team(user, training_class)[: NOMINABLE_LIMIT + 1])
    employee = self_enrolling_employee(user)
    mine = live_enrolment(employee, training_class) if employee is not None else None
    if employee is None:
        refusal: str | None = "Hanya pegawai dengan data kepegawaian yang dapat mendaftar."
    else:
        refusal = rules.enrolment_refusal(
            facts, candidate_facts(employee, has_live=mine is not None, is_self=True), today=today
        )
    return EnrolPanel(
        can_enrol=refusal is None,
        reason_if_not=refusal or "",
        my_enrolment=mine,
        seats_left=rules.seats_left(
            capacity=training_class.capacity, seats_taken=seats_taken(training_class)
        ),
        waitlist_count=waitlist(training_class).count(),
        nominable=nominable[:NOMINABLE_LIMIT],
        my_waitlist_position=waitlist_position(mine) if mine is not None else None,
        can_cancel=mine is not None
        and rules.may_cancel_own(
            status=mine.status, starts_on=training_class.starts_on, today=today
        ),
        can_nominate=bool(nominable),
        nominable_truncated=len(nominable) > NOMINABLE_LIMIT,
        can_assign=class_open and permissions.is_hr(user),
        is_employee=employee is not None,
    )


def self_enrolling_employee(user: User) -> Employee | None:
    """The employee record an account enrols for itself: only a Pegawai or Atasan account has one
    in this sense (an Admin or the Auditor acting in that role does not enrol)."""
    if not user.is_authenticated or not user.has_role(Role.PEGAWAI, Role.ATASAN):
        return None
    return permissions.employee_of(user)


def candidate_facts(employee: Employee, *, has_live: bool, is_self: bool) -> rules.CandidateFacts:
    return rules.CandidateFacts(
        is_active=employee.is_active,
        unit_path=employee.work_unit.path,
        has_live_enrolment=has_live,
        is_self=is_self,
    )


def classes_for_enrolment(user: User) -> QuerySet[TrainingClass]:
    """The classes whose enrolment actions the account may reach (others answer 404): exactly
    those whose page it may open (permissions.classes_visible_to, the one rule of the catalogue,
    the class pages and enrolment). Whether it may enrol, nominate or assign there is the
    services' answer (a message or a 403)."""
    return permissions.classes_visible_to(user).select_related("programme", "work_unit")


def _count_in_class(*conditions: Q, **lookups: object) -> Coalesce:
    """COUNT of the enrolments of the outer row's class that match (0 when none)."""
    counted = (
        Enrolment.objects.filter(*conditions, training_class=OuterRef("training_class"), **lookups)
        .order_by()
        .values("training_class")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _with_waitlist_position(enrolments: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    earlier = Q(waitlisted_at__lt=OuterRef("waitlisted_at")) | Q(
        waitlisted_at=OuterRef("waitlisted_at"), id__lt=OuterRef("id")
    )
    return enrolments.annotate(
        waitlist_position=Case(
            When(
                status=Enrolment.Status.WAITLISTED,
                then=_count_in_class(earlier, status=Enrolment.Status.WAITLISTED) + 1,
            ),
            default=Value(None),
            output_field=IntegerField(),
        )
    )


def list_my_enrolments(employee: Employee, *, status: str = "") -> QuerySet[Enrolment]:
    """Every enrolment of the employee (or those with one status), newest class first, each with
    its `waitlist_position` (None unless waitlisted)."""
    enrolments = Enrolment.objects.filter(employee=employee)
    if status:
        enrolments = enrolments.filter(status=status)
    return _with_waitlist_position(
        enrolments.select_related("training_class__programme", "employee").order_by(
            "-training_class__starts_on", "-id"
        )
    )


NOT_A_DECIDER = "Persetujuan pelatihan hanya untuk atasan langsung dan Admin BKPSDM."


def may_decide_requests(user: User) -> bool:
    """Supervisors and Admin BKPSDM have an approval queue."""
    return permissions.is_hr(user) or (user.is_authenticated and user.has_role(Role.ATASAN))


def list_pending_approvals(user: User) -> QuerySet[Enrolment]:
    """The PENDING requests the account may decide, oldest first, each with the `seats_left` of
    its class: its direct subordinates' (a supervisor), or every one (Admin BKPSDM, who also
    decides for employees without a supervisor)."""
    pending = (
        Enrolment.objects.filter(status=Enrolment.Status.PENDING)
        .select_related("employee__supervisor", "employee__work_unit", "training_class__programme")
        .annotate(
            seats_left=Greatest(
                F("training_class__capacity") - _count_in_class(status__in=Enrolment.SEAT_STATUSES),
                0,
            )
        )
        .order_by("created_at", "id")
    )
    if permissions.is_hr(user):
        return pending
    if not user.has_role(Role.ATASAN):
        return pending.none()
    return pending.filter(employee__supervisor__user=user)
