"""Classes (angkatan) of a programme, run by Admin BKPSDM: create and edit a class, open its
enrolment (DRAFT → OPEN), close it (→ CLOSED), cancel it (notifying everyone with a live
enrolment); the audit row of a roster download.

Meetings and attendance are services/attendance.py; scores, pass/fail and the class's completion
are services/completion.py. The helpers every writer of a class shares (the class lock, the
participant notification, the rule that nobody acts on their own participation) are here too;
services/enrolment.py uses them."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.dates import WIB, format_datetime_wib
from simerit.core.exceptions import ConflictError, DomainError, InvalidInputError
from simerit.employees.models import Employee
from simerit.notifications.services import Message, notify_many
from simerit.organization.models import WorkUnit
from simerit.training import permissions
from simerit.training.models import Enrolment, Programme, TrainingClass, TrainingYear
from simerit.training.rules import classes as rules
from simerit.training.rules.jp import training_year
from simerit.training.selectors.classes import DECIDED_STATUSES
from simerit.training.selectors.enrolment import seats_taken

Status = TrainingClass.Status
# A class may be changed (and given meetings) until it is completed or cancelled; its JP only
# while nobody could have been credited with it yet.
EDITABLE_STATUSES = (Status.DRAFT, Status.OPEN, Status.CLOSED)
JP_EDITABLE_STATUSES = (Status.DRAFT, Status.OPEN)
# Requests that wait for a seat or an approval; a cancelled or completed class ends them.
WAITING_STATUSES = (Enrolment.Status.PENDING, Enrolment.Status.WAITLISTED)
OPEN_STATUSES = (Enrolment.Status.PENDING, Enrolment.Status.ENROLLED, Enrolment.Status.WAITLISTED)

MAX_CAPACITY = 5000
NOT_EDITABLE = "Kelas yang sudah selesai atau dibatalkan tidak dapat diubah."


def require_hr(actor: User) -> None:
    """Only Admin BKPSDM runs classes; the Auditor is told it only reads."""
    if permissions.is_hr(actor):
        return
    raise PermissionDenied(
        permissions.READ_ONLY if permissions.is_auditor(actor) else permissions.HR_ONLY
    )


def full_clean(obj: Any) -> None:
    """The model's own validation (lengths, URL), as InvalidInputError by field."""
    try:
        obj.full_clean()
    except ValidationError as error:
        raise InvalidInputError(
            {field: list(messages) for field, messages in error.message_dict.items()}
        ) from error


def class_url(training_class: TrainingClass) -> str:
    return reverse("training:class-detail", args=[training_class.pk])


def max_jp_per_day(year: int) -> Decimal:
    """The configured daily ceiling of the year, or TrainingYear's default when not configured."""
    configured = TrainingYear.objects.filter(year=year).values_list("max_jp_per_day", flat=True)
    value = configured.first()
    if value is not None:
        return value
    return Decimal(str(TrainingYear._meta.get_field("max_jp_per_day").get_default()))


def has_decisions(training_class: TrainingClass) -> bool:
    return training_class.enrolments.filter(status__in=DECIDED_STATUSES).exists()


def notify_participants(
    enrolments: Iterable[Enrolment], *, title: str, body: str, url: str
) -> None:
    """One message to the account of each enrolment's employee; employees without an account
    or with a deactivated one are skipped. Every message to a participant or applicant of a class
    (classes, attendance, completion, enrolment) goes through here."""
    messages = [
        Message(user=user, title=title, body=body, url=url)
        for enrolment in enrolments
        if (user := enrolment.employee.user) is not None and user.is_active
    ]
    if messages:
        notify_many(messages=messages)


def lock_class(training_class: TrainingClass) -> TrainingClass:
    """The class row locked (select_for_update), with its programme and unit. Every write that
    counts seats or changes a class's participants takes this lock first, then the enrolment's:
    two requests for the last seat are served one after the other."""
    return (
        TrainingClass.objects.select_for_update(of=("self",))
        .select_related("programme", "work_unit")
        .get(pk=training_class.pk)
    )


def is_own(actor: User, employee: Employee) -> bool:
    """The employee record is the account's own."""
    return employee.user_id is not None and employee.user_id == actor.pk


def refuse_own(actor: User, employee: Employee, message: str) -> None:
    """Nobody places, marks present or grades themselves (the JP and the certificate would rest
    on nobody else's check): PermissionDenied with `message`, nothing changed."""
    if is_own(actor, employee):
        raise PermissionDenied(message)


# --- Classes


@dataclass(frozen=True)
class ClassInput:
    name: str
    starts_on: dt.date
    ends_on: dt.date
    enrolment_closes_on: dt.date
    capacity: int
    venue: str = ""
    online_url: str = ""
    min_attendance_percent: int = 80
    work_unit: WorkUnit | None = None
    # None: the programme's JP on creation, the class's current JP on an edit.
    jp: Decimal | None = None


CLASS_FIELDS = (
    "name",
    "starts_on",
    "ends_on",
    "enrolment_closes_on",
    "capacity",
    "venue",
    "online_url",
    "min_attendance_percent",
    "work_unit_id",
    "jp",
)


def _fields(training_class: TrainingClass) -> dict[str, Any]:
    return {field: getattr(training_class, field) for field in CLASS_FIELDS}


def _validate_class(data: ClassInput, *, jp: Decimal) -> None:
    """Every refusal of the input at once, by field."""
    errors = rules.class_dates_errors(
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        enrolment_closes_on=data.enrolment_closes_on,
    )
    if not data.name.strip():
        errors["name"] = ["Nama kelas/angkatan wajib diisi."]
    if not 1 <= data.capacity <= MAX_CAPACITY:
        errors["capacity"] = ["Kapasitas harus antara 1 dan 5.000 peserta."]
    if not 0 <= data.min_attendance_percent <= 100:
        errors["min_attendance_percent"] = ["Kehadiran minimum harus antara 0 dan 100 persen."]
    if not data.venue.strip() and not data.online_url.strip():
        errors["venue"] = ["Isi tempat pelaksanaan atau tautan daring (atau keduanya)."]
    if data.online_url.strip():
        try:
            URLValidator(schemes=["https", "http"])(data.online_url.strip())
        except ValidationError:
            errors["online_url"] = ["Tautan daring harus berupa alamat web (https://...)."]
    if "ends_on" not in errors:
        days = rules.class_days(data.starts_on, data.ends_on)
        per_day = max_jp_per_day(training_year(data.ends_on))
        message = rules.jp_error(jp, days=days, per_day=per_day)
        if message:
            errors["jp"] = [message]
    if errors:
        raise InvalidInputError(errors)


def _apply(training_class: TrainingClass, data: ClassInput, *, jp: Decimal) -> None:
    training_class.name = data.name.strip()
    training_class.starts_on = data.starts_on
    training_class.ends_on = data.ends_on
    training_class.enrolment_closes_on = data.enrolment_closes_on
    training_class.capacity = data.capacity
    training_class.venue = data.venue.strip()
    training_class.online_url = data.online_url.strip()
    training_class.min_attendance_percent = data.min_attendance_percent
    training_class.work_unit = data.work_unit
    training_class.jp = jp


@transaction.atomic
def create_class(*, programme: Programme, data: ClassInput, actor: User) -> TrainingClass:
    """A new class of an active programme, in DRAFT; its JP is the programme's unless given."""
    require_hr(actor)
    if not programme.is_active:
        raise DomainError(
            "Program ini tidak aktif; kelas baru hanya dapat dibuat untuk program yang aktif.",
            field="programme",
        )
    jp = programme.jp if data.jp is None else data.jp
    _validate_class(data, jp=jp)
    training_class = TrainingClass(
        programme=programme, status=Status.DRAFT, created_by=actor, jp=jp
    )
    _apply(training_class, data, jp=jp)
    full_clean(training_class)
    training_class.save()
    audit.record(
        actor=actor,
        action="training.class.created",
        target=training_class,
        changes={"programme": programme.code, "status": Status.DRAFT, **_fields(training_class)},
    )
    return training_class


def _check_update(training_class: TrainingClass, data: ClassInput, *, jp: Decimal) -> None:
    """What an edit may not change once participants are there."""
    decided = has_decisions(training_class)
    if jp != training_class.jp and (training_class.status not in JP_EDITABLE_STATUSES or decided):
        raise DomainError(
            "JP hanya dapat diubah selama kelas berstatus draf atau pendaftaran dibuka dan belum "
            "ada peserta yang diputuskan kelulusannya.",
            field="jp",
        )
    if data.min_attendance_percent != training_class.min_attendance_percent and decided:
        raise DomainError(
            "Kehadiran minimum tidak dapat diubah karena sudah ada peserta yang diputuskan "
            "kelulusannya.",
            field="min_attendance_percent",
        )
    seats = seats_taken(training_class)
    if data.capacity < seats:
        raise DomainError(
            f"Kapasitas tidak boleh kurang dari jumlah peserta yang sudah mendapat kursi ({seats}).",
            field="capacity",
        )
    for meeting in training_class.meetings.filter(is_cancelled=False):
        starts = timezone.localtime(meeting.starts_at, WIB).date()
        ends = timezone.localtime(meeting.ends_at, WIB).date()
        if starts < data.starts_on or ends > data.ends_on:
            raise DomainError(
                f"Pertemuan ke-{meeting.number} ({format_datetime_wib(meeting.starts_at)}) berada "
                "di luar tanggal kelas yang baru; ubah atau batalkan pertemuan itu dahulu.",
                field="starts_on",
            )
    if data.work_unit is not None and data.work_unit.pk != training_class.work_unit_id:
        outside = (
            training_class.enrolments.filter(status__in=Enrolment.LIVE_STATUSES)
            .exclude(employee__work_unit__path__startswith=data.work_unit.path)
            .count()
        )
        if outside:
            raise DomainError(
                f"Ada {outside} peserta atau pendaftar dari luar unit kerja tersebut; kelas tidak "
                "dapat dibatasi ke unit itu.",
                field="work_unit",
            )


@transaction.atomic
def update_class(*, training_class: TrainingClass, data: ClassInput, actor: User) -> TrainingClass:
    """Change a class that is not completed or cancelled. Seats added to a class with a
    waitlist go to the first waiting (by the time they were waitlisted)."""
    require_hr(actor)
    training_class = lock_class(training_class)
    if training_class.status not in EDITABLE_STATUSES:
        raise DomainError(NOT_EDITABLE)
    jp = training_class.jp if data.jp is None else data.jp
    _validate_class(data, jp=jp)
    _check_update(training_class, data, jp=jp)
    before = _fields(training_class)
    _apply(training_class, data, jp=jp)
    full_clean(training_class)
    changes = audit.diff(before, _fields(training_class))
    if not changes:
        return training_class
    training_class.save()
    audit.record(
        actor=actor, action="training.class.updated", target=training_class, changes=changes
    )
    if training_class.capacity > before["capacity"]:
        # Imported here: services/enrolment.py takes the class lock and the notification helper
        # from this module.
        from simerit.training.services.enrolment import fill_free_seats

        fill_free_seats(training_class=training_class, actor=actor)
    return training_class


@transaction.atomic
def open_class(*, training_class: TrainingClass, actor: User) -> TrainingClass:
    """DRAFT → OPEN (or CLOSED → OPEN again) while its enrolment deadline has not passed."""
    require_hr(actor)
    training_class = lock_class(training_class)
    if training_class.status == Status.OPEN:
        raise ConflictError("Pendaftaran kelas ini sudah dibuka.")
    if training_class.status not in (Status.DRAFT, Status.CLOSED):
        raise DomainError(
            "Hanya kelas berstatus draf atau pendaftaran ditutup yang dapat dibuka pendaftarannya."
        )
    if not training_class.programme.is_active:
        raise DomainError("Program kelas ini sudah tidak aktif; pendaftaran tidak dapat dibuka.")
    if training_class.enrolment_closes_on < timezone.localdate():
        raise DomainError(
            "Batas pendaftaran kelas ini sudah lewat; ubah tanggal penutupan pendaftaran dahulu."
        )
    return _move(training_class, Status.OPEN, action="training.class.opened", actor=actor)


@transaction.atomic
def close_enrolment(*, training_class: TrainingClass, actor: User) -> TrainingClass:
    """OPEN → CLOSED: no new requests; those already made stay as they are."""
    require_hr(actor)
    training_class = lock_class(training_class)
    if training_class.status == Status.CLOSED:
        raise ConflictError("Pendaftaran kelas ini sudah ditutup.")
    if training_class.status != Status.OPEN:
        raise DomainError("Hanya kelas yang pendaftarannya dibuka yang dapat ditutup.")
    return _move(training_class, Status.CLOSED, action="training.class.closed", actor=actor)


def _move(training_class: TrainingClass, status: str, *, action: str, actor: User) -> TrainingClass:
    old = training_class.status
    training_class.status = status
    training_class.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor, action=action, target=training_class, changes={"status": [old, status]}
    )
    return training_class


def end_open_enrolments(
    training_class: TrainingClass, *, statuses: Iterable[str], reason: str, actor: User
) -> list[Enrolment]:
    """Cancel the class's enrolments in `statuses` (locked) with `reason`, one audit row each
    (as services.enrolment.cancel_enrolment writes); returns them."""
    enrolments = list(
        Enrolment.objects.select_for_update(of=("self",))
        .filter(training_class=training_class, status__in=list(statuses))
        .select_related("employee__user")
    )
    now = timezone.now()
    for enrolment in enrolments:
        before = enrolment.status
        enrolment.status = Enrolment.Status.CANCELLED
        enrolment.cancelled_at = now
        enrolment.cancel_reason = reason[: rules.TEXT_MAX_LENGTH]
        enrolment.updated_at = now  # bulk_update does not fill auto_now fields
        audit.record(
            actor=actor,
            action="training.enrolment.cancelled",
            target=enrolment,
            changes={"status": [before, enrolment.status], "reason": enrolment.cancel_reason},
        )
    Enrolment.objects.bulk_update(
        enrolments, ["status", "cancelled_at", "cancel_reason", "updated_at"]
    )
    return enrolments


@transaction.atomic
def cancel_class(*, training_class: TrainingClass, reason: str, actor: User) -> TrainingClass:
    """Cancel a class nobody has completed yet: every live enrolment (pending, enrolled,
    waitlisted) is cancelled with the reason and its employee is told."""
    require_hr(actor)
    reason = rules.clean_text(reason, label="Alasan")
    training_class = lock_class(training_class)
    if training_class.status == Status.CANCELLED:
        raise ConflictError("Kelas ini sudah dibatalkan.")
    if training_class.status not in EDITABLE_STATUSES:
        raise DomainError("Kelas yang sudah selesai tidak dapat dibatalkan.")
    if has_decisions(training_class):
        raise DomainError(
            "Kelas yang sudah memiliki peserta lulus atau tidak lulus tidak dapat dibatalkan."
        )
    old = training_class.status
    cancelled = end_open_enrolments(
        training_class, statuses=OPEN_STATUSES, reason=f"Kelas dibatalkan: {reason}", actor=actor
    )
    training_class.status = Status.CANCELLED
    training_class.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor,
        action="training.class.cancelled",
        target=training_class,
        changes={
            "status": [old, Status.CANCELLED],
            "reason": reason,
            "enrolments_cancelled": len(cancelled),
        },
    )
    notify_participants(
        cancelled,
        title="Kelas pelatihan dibatalkan",
        body=f"Kelas {training_class} dibatalkan oleh BKPSDM. Alasan: {reason}",
        url=class_url(training_class),
    )
    return training_class


@transaction.atomic
def record_roster_export(*, training_class: TrainingClass, rows: int, actor: User) -> None:
    """The download of a roster (names, NIP, scores: personal data) is written to the audit log."""
    if not permissions.reads_everything(actor):
        raise PermissionDenied("Daftar peserta hanya untuk Admin BKPSDM dan Auditor.")
    audit.record(
        actor=actor,
        action="training.roster.exported",
        target=training_class,
        changes={"rows": rows},
    )
