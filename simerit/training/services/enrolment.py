"""Putting employees on a class: the employee's own request (approved by the direct supervisor, or
by Admin BKPSDM when there is none), a supervisor's nomination of team members, Admin BKPSDM's
assignment, the decision on a request, cancellation, and the waitlist moving up.

Seats: the enrolments in `Enrolment.SEAT_STATUSES` never outnumber the class capacity. Every write
that can take or free a seat locks the class row first (then the enrolment row), so two requests
for the last seat are served one after the other. One audit row per changed enrolment."""

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import ConflictError, DomainError, InvalidInputError
from simerit.core.roles import Role
from simerit.employees.models import Employee
from simerit.employees.permissions import team_condition
from simerit.notifications import services as notifications
from simerit.training import permissions
from simerit.training.models import Enrolment, TrainingClass
from simerit.training.rules import enrolment as rules
from simerit.training.rules.classes import clean_text
from simerit.training.selectors import enrolment as selectors
from simerit.training.services.classes import is_own, lock_class, notify_participants, refuse_own

NIP_LENGTH = 18

NOT_AN_EMPLOYEE = "Hanya pegawai dengan data kepegawaian yang dapat mendaftar pelatihan."
NOT_APPROVER = (
    "Hanya atasan langsung pegawai ini atau Admin BKPSDM yang dapat memutuskan permintaan ini."
)
NOT_IN_TEAM = "Anda hanya dapat mengusulkan pegawai dalam tim Anda."
NOT_CANCELLER = "Hanya pegawai yang bersangkutan atau Admin BKPSDM yang dapat membatalkannya."
OWN_ASSIGNMENT = (
    "Anda tidak dapat menugaskan diri Anda sendiri; ajukan pendaftaran melalui atasan langsung "
    "atau minta Admin BKPSDM lain."
)


def _lock_enrolment(enrolment: Enrolment) -> Enrolment:
    return (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("employee__supervisor__user", "employee__user", "employee__work_unit")
        .get(pk=enrolment.pk)
    )


def _ensure_may_join(training_class: TrainingClass, employee: Employee, *, is_self: bool) -> None:
    """Refuse (nothing changed) when the employee may not be put on the locked class today."""
    has_live = Enrolment.objects.filter(
        training_class=training_class, employee=employee, status__in=Enrolment.LIVE_STATUSES
    ).exists()
    refusal = rules.enrolment_refusal(
        selectors.class_facts(training_class),
        selectors.candidate_facts(employee, has_live=has_live, is_self=is_self),
        today=timezone.localdate(),
    )
    if refusal is not None:
        raise (ConflictError if has_live else DomainError)(refusal)


def _seat_or_waitlist(training_class: TrainingClass) -> tuple[str, dt.datetime | None]:
    """Status and waitlist time of an enrolment placed now on the locked class."""
    if rules.has_free_seat(
        capacity=training_class.capacity, seats_taken=selectors.seats_taken(training_class)
    ):
        return Enrolment.Status.ENROLLED, None
    return Enrolment.Status.WAITLISTED, timezone.now()


def _my_enrolments_url() -> str:
    return reverse("training:my-enrolments")


def _placement_text(enrolment: Enrolment) -> str:
    if enrolment.status == Enrolment.Status.ENROLLED:
        return "Anda terdaftar sebagai peserta."
    position = selectors.waitlist_position(enrolment) or 1
    return f"Kelas sudah penuh; Anda berada pada urutan ke-{position} daftar tunggu."


def _notify_employee(enrolment: Enrolment, *, title: str, body: str) -> None:
    """Tell the enrolment's employee, with a link to their enrolments (inactive accounts are
    skipped by services.classes.notify_participants)."""
    notify_participants([enrolment], title=title, body=body, url=_my_enrolments_url())


def _approvers(employee: Employee) -> list[User]:
    """Who decides the employee's request: the direct supervisor's account, or Admin BKPSDM when
    the employee has no supervisor with an active Atasan account."""
    supervisor = employee.supervisor
    account = supervisor.user if supervisor is not None else None
    if account is not None and account.has_role(Role.ATASAN):
        return [account]
    return list(
        User.objects.filter(is_active=True, groups__name=Role.ADMIN_BKPSDM.value).distinct()
    )


@transaction.atomic
def request_enrolment(
    *, training_class: TrainingClass, motivation: str = "", actor: User
) -> Enrolment:
    """The employee's own request: PENDING until the direct supervisor (or Admin BKPSDM) decides."""
    employee = selectors.self_enrolling_employee(actor)
    if employee is None:
        raise PermissionDenied(NOT_AN_EMPLOYEE)
    motivation = clean_text(
        motivation, field="motivation", label="Alasan mengikuti", required=False
    )
    training_class = lock_class(training_class)
    _ensure_may_join(training_class, employee, is_self=True)
    enrolment = Enrolment.objects.create(
        training_class=training_class,
        employee=employee,
        route=Enrolment.Route.SELF,
        status=Enrolment.Status.PENDING,
        requested_by=actor,
        motivation=motivation,
    )
    audit.record(
        actor=actor,
        action="training.enrolment.requested",
        target=enrolment,
        changes={
            "training_class": training_class.pk,
            "route": enrolment.route,
            "status": enrolment.status,
            "motivation": motivation,
        },
    )
    employee = Employee.objects.select_related("supervisor__user").get(pk=employee.pk)
    notifications.notify_many(
        messages=[
            notifications.Message(
                user=approver,
                title="Permintaan pelatihan menunggu persetujuan",
                body=f"{employee.display_name} mengajukan diri mengikuti {training_class}.",
                url=reverse("training:approvals"),
            )
            for approver in _approvers(employee)
        ]
    )
    return enrolment


def _ensure_approver(actor: User, enrolment: Enrolment) -> None:
    employee = enrolment.employee
    if not (permissions.is_hr(actor) or permissions.is_direct_supervisor(actor, employee)):
        raise PermissionDenied(NOT_APPROVER)
    refuse_own(actor, employee, "Anda tidak dapat memutuskan permintaan Anda sendiri.")


def _ensure_pending(enrolment: Enrolment) -> None:
    if enrolment.status != Enrolment.Status.PENDING:
        raise ConflictError(
            f"Permintaan ini sudah diputuskan (status: {enrolment.get_status_display()})."
        )


@transaction.atomic
def approve_enrolment(*, enrolment: Enrolment, note: str = "", actor: User) -> Enrolment:
    """Approve a PENDING request: a seat when one is free, else the end of the waitlist."""
    training_class = lock_class(enrolment.training_class)
    enrolment = _lock_enrolment(enrolment)
    _ensure_approver(actor, enrolment)
    _ensure_pending(enrolment)
    note = clean_text(note, field="note", label="Catatan", required=False)
    # The unit restriction and the duplicate rule were checked when the request was made; they
    # still hold: services.classes.update_class refuses to restrict a class to a unit while a live
    # enrolment lies outside it, and a second live enrolment is refused at creation.
    if training_class.status not in rules.RUNNING_STATUSES:
        raise DomainError(
            f"Kelas ini tidak lagi menerima peserta (status: "
            f"{training_class.get_status_display()})."
        )
    if timezone.localdate() >= training_class.starts_on:
        raise DomainError("Kelas sudah dimulai; permintaan ini tidak dapat disetujui lagi.")
    if not enrolment.employee.is_active:
        raise DomainError("Pegawai ini tidak aktif dan tidak dapat didaftarkan.")
    enrolment.status, enrolment.waitlisted_at = _seat_or_waitlist(training_class)
    enrolment.decided_by = actor
    enrolment.decided_at = timezone.now()
    enrolment.decision_note = note
    enrolment.save(
        update_fields=[
            "status",
            "waitlisted_at",
            "decided_by",
            "decided_at",
            "decision_note",
            "updated_at",
        ]
    )
    audit.record(
        actor=actor,
        action="training.enrolment.approved",
        target=enrolment,
        changes={"status": [Enrolment.Status.PENDING, enrolment.status], "note": note},
    )
    _notify_employee(
        enrolment,
        title="Permintaan pelatihan disetujui",
        body=f"Permintaan Anda mengikuti {training_class} disetujui. {_placement_text(enrolment)}",
    )
    return enrolment


@transaction.atomic
def reject_enrolment(*, enrolment: Enrolment, reason: str, actor: User) -> Enrolment:
    """Refuse a PENDING request with a reason the employee reads."""
    enrolment = _lock_enrolment(enrolment)
    _ensure_approver(actor, enrolment)
    _ensure_pending(enrolment)
    reason = clean_text(reason, label="Alasan penolakan")
    enrolment.status = Enrolment.Status.REJECTED
    enrolment.decided_by = actor
    enrolment.decided_at = timezone.now()
    enrolment.decision_note = reason
    enrolment.save(
        update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"]
    )
    audit.record(
        actor=actor,
        action="training.enrolment.rejected",
        target=enrolment,
        changes={"status": [Enrolment.Status.PENDING, enrolment.status], "reason": reason},
    )
    _notify_employee(
        enrolment,
        title="Permintaan pelatihan ditolak",
        body=f"Permintaan Anda mengikuti {enrolment.training_class} ditolak. Alasan: {reason}",
    )
    return enrolment


def _place(
    *, training_class: TrainingClass, employee: Employee, route: str, actor: User
) -> Enrolment:
    """Create a decided enrolment (nomination, assignment) on the locked class."""
    _ensure_may_join(training_class, employee, is_self=False)
    status, waitlisted_at = _seat_or_waitlist(training_class)
    enrolment = Enrolment.objects.create(
        training_class=training_class,
        employee=employee,
        route=route,
        status=status,
        waitlisted_at=waitlisted_at,
        requested_by=actor,
        decided_by=actor,
        decided_at=timezone.now(),
    )
    verb = "nominated" if route == Enrolment.Route.NOMINATED else "assigned"
    audit.record(
        actor=actor,
        action=f"training.enrolment.{verb}",
        target=enrolment,
        changes={
            "training_class": training_class.pk,
            "route": route,
            "status": enrolment.status,
        },
    )
    who = "atasan Anda" if route == Enrolment.Route.NOMINATED else "Admin BKPSDM"
    _notify_employee(
        enrolment,
        title="Anda didaftarkan pada pelatihan",
        body=f"Anda didaftarkan oleh {who} untuk mengikuti {training_class}. "
        f"{_placement_text(enrolment)}",
    )
    return enrolment


@transaction.atomic
def nominate_employees(
    *, training_class: TrainingClass, employees: Sequence[Employee], actor: User
) -> list[Enrolment]:
    """A supervisor puts team members on the class (a seat each while seats last, then the
    waitlist). All or nothing: one refused member leaves every member unchanged."""
    if not employees:
        raise InvalidInputError({"employees": ["Pilih paling sedikit satu pegawai."]})
    if len({employee.pk for employee in employees}) < len(employees):
        raise InvalidInputError({"employees": ["Setiap pegawai hanya dapat dipilih satu kali."]})
    ids = [employee.pk for employee in employees]
    in_team = Employee.objects.filter(team_condition(actor), pk__in=ids).count()
    if not actor.has_role(Role.ATASAN) or in_team != len(ids):
        raise PermissionDenied(NOT_IN_TEAM)
    training_class = lock_class(training_class)
    placed = []
    for employee in employees:
        try:
            placed.append(
                _place(
                    training_class=training_class,
                    employee=employee,
                    route=Enrolment.Route.NOMINATED,
                    actor=actor,
                )
            )
        except DomainError as error:
            if len(employees) == 1:
                raise
            # Name the member the refusal is about; the whole nomination is rolled back.
            message = f"{employee.display_name}: {error.message}"
            if isinstance(error, ConflictError):
                raise ConflictError(message) from error
            raise DomainError(message) from error
    return placed


@transaction.atomic
def assign_employee(*, training_class: TrainingClass, nip: str, actor: User) -> Enrolment:
    """Admin BKPSDM puts the employee with this NIP on the class (a seat or the waitlist); not
    their own employee record (that would skip the supervisor's approval)."""
    if not permissions.is_hr(actor):
        raise PermissionDenied(permissions.HR_ONLY)
    nip = nip.strip()
    if len(nip) != NIP_LENGTH or not nip.isdigit():
        raise InvalidInputError({"nip": ["NIP harus 18 digit angka."]})
    employee = Employee.objects.select_related("work_unit", "user").filter(nip=nip).first()
    if employee is None:
        raise InvalidInputError({"nip": ["Pegawai dengan NIP ini tidak ditemukan."]})
    refuse_own(actor, employee, OWN_ASSIGNMENT)
    return _place(
        training_class=lock_class(training_class),
        employee=employee,
        route=Enrolment.Route.ASSIGNED,
        actor=actor,
    )


@transaction.atomic
def cancel_enrolment(*, enrolment: Enrolment, reason: str, actor: User) -> Enrolment:
    """Withdraw a request, a waitlist place or a seat. The employee may do so until the class
    starts, Admin BKPSDM at any time; a freed seat goes to the first on the waitlist."""
    training_class = lock_class(enrolment.training_class)
    enrolment = _lock_enrolment(enrolment)
    own = is_own(actor, enrolment.employee)
    hr = permissions.is_hr(actor)
    if not (hr or own):
        raise PermissionDenied(NOT_CANCELLER)
    before = enrolment.status
    if before not in rules.CANCELLABLE_STATUSES:
        raise ConflictError(
            f"Keikutsertaan berstatus {enrolment.get_status_display()} tidak dapat dibatalkan."
        )
    if not hr and not rules.may_cancel_own(
        status=before, starts_on=training_class.starts_on, today=timezone.localdate()
    ):
        raise DomainError(
            "Kelas sudah dimulai; pembatalan sekarang hanya dapat dilakukan oleh Admin BKPSDM."
        )
    reason = clean_text(reason, label="Alasan pembatalan")
    enrolment.status = Enrolment.Status.CANCELLED
    enrolment.cancelled_at = timezone.now()
    enrolment.cancel_reason = reason
    enrolment.save(update_fields=["status", "cancelled_at", "cancel_reason", "updated_at"])
    audit.record(
        actor=actor,
        action="training.enrolment.cancelled",
        target=enrolment,
        changes={"status": [before, enrolment.status], "reason": reason},
    )
    if not own:
        _notify_employee(
            enrolment,
            title="Keikutsertaan pelatihan dibatalkan",
            body=f"Keikutsertaan Anda pada {training_class} dibatalkan oleh Admin BKPSDM. "
            f"Alasan: {reason}",
        )
    if before == Enrolment.Status.ENROLLED:
        fill_free_seats(training_class=training_class, actor=actor)
    return enrolment


@transaction.atomic
def fill_free_seats(*, training_class: TrainingClass, actor: User | None) -> list[Enrolment]:
    """Move the first waitlisted (by waitlisted_at, id) into every free seat of a class that is
    still running and has not ended, and tell each of them. Safe to call at any time (after a
    cancellation, or after the capacity was raised)."""
    training_class = lock_class(training_class)
    if (
        training_class.status not in rules.RUNNING_STATUSES
        or timezone.localdate() > training_class.ends_on
    ):
        return []
    free = rules.seats_left(
        capacity=training_class.capacity, seats_taken=selectors.seats_taken(training_class)
    )
    promoted = list(
        selectors.waitlist(training_class)
        .select_for_update(of=("self",))
        .select_related("employee__user")[:free]
    )
    for enrolment in promoted:
        waited_since = enrolment.waitlisted_at
        enrolment.status = Enrolment.Status.ENROLLED
        enrolment.save(update_fields=["status", "updated_at"])
        audit.record(
            actor=actor,
            action="training.enrolment.promoted",
            target=enrolment,
            changes={
                "status": [Enrolment.Status.WAITLISTED, enrolment.status],
                "waitlisted_at": waited_since,
            },
        )
        _notify_employee(
            enrolment,
            title="Anda mendapat kursi pelatihan",
            body=f"Sebuah kursi pada {training_class} tersedia: Anda kini terdaftar sebagai "
            "peserta.",
        )
    return promoted
