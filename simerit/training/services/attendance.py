"""Meetings (pertemuan) of a class and the attendance at them, run by Admin BKPSDM: add, edit
and cancel meetings, each with its random QR check-in token (and a new token when the code got
out); the participant's own check-in by scanning the meeting's QR code; Admin BKPSDM's manual
record (or its removal) for a meeting that has started.

A participant is anyone holding a seat in the class (ENROLLED, or already decided COMPLETED or
NOT_COMPLETED); attendance is the evidence of the pass/fail decision, so none is added once the
participant is decided. The QR check-in is accepted from rules.CHECKIN_OPENS_BEFORE before the
start until the end of the meeting, and only with a check-in code signed less than
rules.CHECKIN_CODE_MAX_AGE seconds ago (the QR code on the room's screen is redrawn every
rules.CHECKIN_CODE_REFRESH seconds; selectors.classes.checkin_code). The token and the code are
credentials and never enter the audit log: the audit rows name the meeting and the participant.
Nobody records or removes their own attendance by hand."""

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.dates import WIB, format_datetime_wib
from simerit.core.exceptions import ConflictError, DomainError, InvalidInputError
from simerit.training.models import Attendance, Enrolment, Meeting, TrainingClass
from simerit.training.permissions import employee_of
from simerit.training.rules import classes as rules
from simerit.training.selectors.classes import DECIDED_STATUSES, RUNNING_STATUSES, meeting_for_code
from simerit.training.services.classes import (
    EDITABLE_STATUSES,
    NOT_EDITABLE,
    class_url,
    full_clean,
    lock_class,
    notify_participants,
    refuse_own,
    require_hr,
)

MAX_MEETING_NUMBER = 999
OWN_ATTENDANCE = (
    "Anda tidak dapat mencatat atau menghapus kehadiran Anda sendiri; minta Admin BKPSDM lain."
)


# --- Meetings


@dataclass(frozen=True)
class MeetingInput:
    topic: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    # None: the number after the class's highest.
    number: int | None = None


MEETING_FIELDS = ("number", "topic", "starts_at", "ends_at")


def _meeting_fields(meeting: Meeting) -> dict[str, Any]:
    return {field: getattr(meeting, field) for field in MEETING_FIELDS}


def _validate_meeting(data: MeetingInput, *, training_class: TrainingClass) -> None:
    errors = rules.meeting_times_errors(
        starts_at=data.starts_at,
        ends_at=data.ends_at,
        class_starts_on=training_class.starts_on,
        class_ends_on=training_class.ends_on,
        tz=WIB,
    )
    if not data.topic.strip():
        errors["topic"] = ["Materi pertemuan wajib diisi."]
    if data.number is not None and not 1 <= data.number <= MAX_MEETING_NUMBER:
        errors["number"] = [f"Nomor pertemuan harus antara 1 dan {MAX_MEETING_NUMBER}."]
    if errors:
        raise InvalidInputError(errors)


def _check_number_free(
    training_class: TrainingClass, number: int, *, meeting_id: int | None
) -> None:
    taken = Meeting.objects.filter(training_class=training_class, number=number)
    if meeting_id is not None:
        taken = taken.exclude(pk=meeting_id)
    if taken.exists():
        raise ConflictError(f"Pertemuan ke-{number} sudah ada di kelas ini.", field="number")


@transaction.atomic
def add_meeting(*, training_class: TrainingClass, data: MeetingInput, actor: User) -> Meeting:
    """A meeting within the class's dates, with a fresh random check-in token."""
    require_hr(actor)
    training_class = lock_class(training_class)
    if training_class.status not in EDITABLE_STATUSES:
        raise DomainError(NOT_EDITABLE)
    _validate_meeting(data, training_class=training_class)
    number = data.number
    if number is None:
        highest = training_class.meetings.aggregate(highest=Max("number"))["highest"]
        number = (highest or 0) + 1
    _check_number_free(training_class, number, meeting_id=None)
    meeting = Meeting(
        training_class=training_class,
        number=number,
        topic=data.topic.strip(),
        starts_at=data.starts_at,
        ends_at=data.ends_at,
        checkin_token=secrets.token_urlsafe(32),
    )
    full_clean(meeting)
    meeting.save()
    audit.record(
        actor=actor,
        action="training.meeting.created",
        target=meeting,
        changes={"class": training_class.pk, **_meeting_fields(meeting)},
    )
    return meeting


def _lock_meeting(meeting: Meeting) -> Meeting:
    """The meeting locked, after its class (the order every writer takes)."""
    lock_class(meeting.training_class)
    return (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("training_class")
        .get(pk=meeting.pk)
    )


def _enrolled(training_class: TrainingClass) -> list[Enrolment]:
    return list(
        training_class.enrolments.filter(status=Enrolment.Status.ENROLLED).select_related(
            "employee__user"
        )
    )


@transaction.atomic
def update_meeting(*, meeting: Meeting, data: MeetingInput, actor: User) -> Meeting:
    """Change a meeting; its times stay fixed once attendance was recorded. Enrolled
    participants are told of a new time."""
    require_hr(actor)
    meeting = _lock_meeting(meeting)
    training_class = meeting.training_class
    if training_class.status not in EDITABLE_STATUSES:
        raise DomainError(NOT_EDITABLE)
    if meeting.is_cancelled:
        raise DomainError("Pertemuan yang sudah dibatalkan tidak dapat diubah.")
    number = meeting.number if data.number is None else data.number
    _validate_meeting(data, training_class=training_class)
    moved = (data.starts_at, data.ends_at) != (meeting.starts_at, meeting.ends_at)
    if moved and meeting.attendance.exists():
        raise DomainError(
            "Waktu pertemuan yang sudah memiliki catatan kehadiran tidak dapat diubah.",
            field="starts_at",
        )
    _check_number_free(training_class, number, meeting_id=meeting.pk)
    before = _meeting_fields(meeting)
    meeting.number = number
    meeting.topic = data.topic.strip()
    meeting.starts_at = data.starts_at
    meeting.ends_at = data.ends_at
    full_clean(meeting)
    changes = audit.diff(before, _meeting_fields(meeting))
    if not changes:
        return meeting
    meeting.save()
    audit.record(actor=actor, action="training.meeting.updated", target=meeting, changes=changes)
    if moved:
        notify_participants(
            _enrolled(training_class),
            title="Jadwal pertemuan pelatihan berubah",
            body=f"Pertemuan ke-{meeting.number} kelas {training_class} kini "
            f"{format_datetime_wib(meeting.starts_at)}.",
            url=class_url(training_class),
        )
    return meeting


@transaction.atomic
def cancel_meeting(*, meeting: Meeting, actor: User) -> Meeting:
    """A meeting nobody attended is cancelled (it no longer counts toward attendance); the
    enrolled participants are told."""
    require_hr(actor)
    meeting = _lock_meeting(meeting)
    training_class = meeting.training_class
    if meeting.is_cancelled:
        raise ConflictError("Pertemuan ini sudah dibatalkan.")
    if training_class.status not in EDITABLE_STATUSES:
        raise DomainError(NOT_EDITABLE)
    if meeting.attendance.exists():
        raise DomainError("Pertemuan yang sudah memiliki catatan kehadiran tidak dapat dibatalkan.")
    meeting.is_cancelled = True
    meeting.save(update_fields=["is_cancelled", "updated_at"])
    audit.record(
        actor=actor,
        action="training.meeting.cancelled",
        target=meeting,
        changes={"is_cancelled": [False, True]},
    )
    notify_participants(
        _enrolled(training_class),
        title="Pertemuan pelatihan dibatalkan",
        body=f"Pertemuan ke-{meeting.number} kelas {training_class} "
        f"({format_datetime_wib(meeting.starts_at)}) dibatalkan.",
        url=class_url(training_class),
    )
    return meeting


@transaction.atomic
def rotate_checkin_token(*, meeting: Meeting, actor: User) -> Meeting:
    """A new QR code for the meeting (the old one, e.g. shared outside the room, stops working)."""
    require_hr(actor)
    meeting = _lock_meeting(meeting)
    if meeting.is_cancelled or meeting.training_class.status not in EDITABLE_STATUSES:
        raise DomainError("Kode QR hanya dapat diganti untuk pertemuan yang masih berjalan.")
    meeting.checkin_token = secrets.token_urlsafe(32)
    meeting.save(update_fields=["checkin_token", "updated_at"])
    # The token itself is a credential: only the fact that it changed is recorded.
    audit.record(actor=actor, action="training.meeting.token_rotated", target=meeting)
    return meeting


# --- Attendance


@dataclass(frozen=True)
class CheckinResult:
    attendance: Attendance
    # False: the participant was already recorded present; nothing changed.
    created: bool


def _record(*, meeting: Meeting, enrolment: Enrolment, method: str, actor: User) -> Attendance:
    attendance = Attendance.objects.create(
        meeting=meeting, enrolment=enrolment, method=method, recorded_by=actor
    )
    audit.record(
        actor=actor,
        action="training.attendance.recorded",
        target=attendance,
        changes={
            "class": meeting.training_class_id,
            "meeting": meeting.number,
            "enrolment": enrolment.pk,
            "method": method,
        },
    )
    return attendance


@transaction.atomic
def check_in(*, code: str, actor: User) -> CheckinResult:
    """Record the account's employee present (method QR) at the meeting of the check-in `code`
    read from the QR code. Refused with the reason (a code too old or unknown, then
    rules.checkin_refusal) and nothing recorded; a second scan changes nothing."""
    meeting = meeting_for_code(code)
    employee = employee_of(actor)
    # The enrolment row is the lock: two scans of the same participant run one after the other.
    enrolment = (
        Enrolment.objects.select_for_update()
        .filter(
            training_class_id=meeting.training_class_id,
            employee=employee,
            status__in=Enrolment.SEAT_STATUSES,
        )
        .first()
        if employee is not None
        else None
    )
    existing = (
        Attendance.objects.filter(meeting=meeting, enrolment=enrolment).first()
        if enrolment is not None
        else None
    )
    refusal = rules.checkin_refusal(
        meeting_cancelled=meeting.is_cancelled,
        class_running=meeting.training_class.status in RUNNING_STATUSES,
        enrolled=enrolment is not None,
        already_present=existing is not None,
        decided=enrolment is not None and enrolment.status in DECIDED_STATUSES,
        window=rules.checkin_window(
            now=timezone.now(), starts_at=meeting.starts_at, ends_at=meeting.ends_at
        ),
        starts_at=meeting.starts_at,
    )
    if refusal is not None or enrolment is None:
        raise DomainError(refusal or rules.NOT_ENROLLED)
    if existing is not None:
        return CheckinResult(attendance=existing, created=False)
    attendance = _record(
        meeting=meeting, enrolment=enrolment, method=Attendance.Method.QR, actor=actor
    )
    return CheckinResult(attendance=attendance, created=True)


def _check_meeting_open_for_records(meeting: Meeting, *, now: dt.datetime) -> None:
    if meeting.is_cancelled:
        raise DomainError("Pertemuan ini dibatalkan; kehadiran tidak dicatat.")
    if meeting.training_class.status not in RUNNING_STATUSES:
        raise DomainError("Kehadiran hanya dicatat pada kelas yang sedang berjalan.")
    if now < meeting.starts_at:
        raise DomainError(
            "Pertemuan belum dilaksanakan; kehadiran dapat dicatat setelah pertemuan dimulai."
        )


@transaction.atomic
def record_attendance(*, meeting: Meeting, enrolment: Enrolment, actor: User) -> Attendance:
    """Admin BKPSDM records a participant present (method MANUAL) at a meeting that has
    started, e.g. one who could not scan the code; not their own attendance, and not for a
    participant already decided."""
    require_hr(actor)
    meeting = Meeting.objects.select_related("training_class").get(pk=meeting.pk)
    enrolment = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("employee")
        .get(pk=enrolment.pk)
    )
    refuse_own(actor, enrolment.employee, OWN_ATTENDANCE)
    if enrolment.training_class_id != meeting.training_class_id:
        raise DomainError("Pegawai ini bukan peserta kelas pertemuan tersebut.")
    if enrolment.status not in Enrolment.SEAT_STATUSES:
        raise DomainError(
            "Hanya peserta yang mendapat kursi di kelas ini yang dapat dicatat hadir."
        )
    if enrolment.status in DECIDED_STATUSES:
        raise DomainError(rules.DECIDED_PARTICIPANT)
    _check_meeting_open_for_records(meeting, now=timezone.now())
    if Attendance.objects.filter(meeting=meeting, enrolment=enrolment).exists():
        raise ConflictError("Peserta ini sudah tercatat hadir pada pertemuan ini.")
    return _record(
        meeting=meeting, enrolment=enrolment, method=Attendance.Method.MANUAL, actor=actor
    )


@transaction.atomic
def remove_attendance(*, attendance: Attendance, actor: User) -> None:
    """Admin BKPSDM removes an attendance recorded by mistake, while the participant's result
    is not decided yet."""
    require_hr(actor)
    attendance = Attendance.objects.select_related("meeting__training_class").get(pk=attendance.pk)
    enrolment = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("employee")
        .get(pk=attendance.enrolment_id)
    )
    refuse_own(actor, enrolment.employee, OWN_ATTENDANCE)
    if attendance.meeting.training_class.status not in RUNNING_STATUSES:
        raise DomainError("Kehadiran hanya dapat diubah pada kelas yang sedang berjalan.")
    if enrolment.status != Enrolment.Status.ENROLLED:
        raise DomainError(
            "Kelulusan peserta ini sudah diputuskan; batalkan keputusan itu dahulu sebelum "
            "mengubah kehadirannya."
        )
    changes = {
        "class": attendance.meeting.training_class_id,
        "meeting": attendance.meeting.number,
        "enrolment": enrolment.pk,
        "method": attendance.method,
    }
    attendance.delete()
    audit.record(
        actor=actor, action="training.attendance.removed", target=enrolment, changes=changes
    )
