"""The QR check-in and the manual record. Now is 28 November 2026 10.00 WIB (conftest.py); the
first meeting of running_class_with_meetings() runs 09.30–12.00 today."""

import datetime as dt
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError, DomainError
from simerit.core.roles import Role
from simerit.employees.tests.factories import EmployeeFactory
from simerit.training.models import Attendance, Enrolment, Meeting, TrainingClass
from simerit.training.selectors.classes import checkin_code as code
from simerit.training.services import attendance as services
from simerit.training.tests.factories_classes import (
    employee_user,
    participant,
    running_class_with_meetings,
    wib,
)

pytestmark = pytest.mark.django_db


def attendance_actions() -> list[str]:
    return list(
        AuditEvent.objects.filter(action__startswith="training.attendance")
        .order_by("seq")
        .values_list("action", flat=True)
    )


@pytest.fixture(name="course")
def course_fixture() -> tuple[TrainingClass, list[Meeting]]:
    return running_class_with_meetings()


def at(moment: dt.datetime):
    return mock.patch.object(timezone, "now", return_value=moment)


def test_an_enrolled_participant_checks_in_once(course, employee):
    training_class, meetings = course
    seat = participant(training_class, employee)

    first = services.check_in(code=code(meetings[0]), actor=employee)
    again = services.check_in(code=code(meetings[0]), actor=employee)

    assert first.created is True
    assert again.created is False
    assert again.attendance.pk == first.attendance.pk
    attendance = Attendance.objects.get()
    assert (attendance.enrolment, attendance.method, attendance.recorded_by) == (
        seat,
        Attendance.Method.QR,
        employee,
    )
    event = AuditEvent.objects.get(action="training.attendance.recorded")
    assert event.changes == {
        "class": training_class.pk,
        "meeting": 1,
        "enrolment": seat.pk,
        "method": "qr",
    }
    assert meetings[0].checkin_token not in str(event.changes)
    assert event.target_repr.count(meetings[0].checkin_token) == 0


@pytest.mark.parametrize(
    ("moment", "message"),
    [
        (
            wib(28, 8, 59),
            "Presensi pertemuan ini belum dibuka; presensi dibuka 28 November 2026 pukul 09.00 WIB.",
        ),
        (wib(28, 12) + dt.timedelta(seconds=1), "Presensi pertemuan ini sudah ditutup."),
    ],
)
def test_a_check_in_outside_the_window_is_refused(course, employee, moment, message):
    training_class, meetings = course
    participant(training_class, employee)

    with at(moment), pytest.raises(DomainError) as refused:
        services.check_in(code=code(meetings[0]), actor=employee)

    assert refused.value.message == message
    assert Attendance.objects.count() == 0
    assert attendance_actions() == []


@pytest.mark.parametrize("moment", [wib(28, 9, 0), wib(28, 12, 0)])
def test_the_window_includes_both_ends(course, employee, moment):
    training_class, meetings = course
    participant(training_class, employee)
    with at(moment):
        assert services.check_in(code=code(meetings[0]), actor=employee).created is True


def test_a_later_meeting_is_not_open_yet(course, employee):
    training_class, meetings = course
    participant(training_class, employee)
    with pytest.raises(DomainError, match="belum dibuka"):
        services.check_in(code=code(meetings[1]), actor=employee)
    assert Attendance.objects.count() == 0


@pytest.mark.parametrize(
    "status",
    [
        Enrolment.Status.PENDING,
        Enrolment.Status.WAITLISTED,
        Enrolment.Status.REJECTED,
        Enrolment.Status.CANCELLED,
    ],
)
def test_someone_without_a_seat_is_not_recorded(course, employee, status):
    training_class, meetings = course
    participant(training_class, employee, status=status)

    with pytest.raises(DomainError) as refused:
        services.check_in(code=code(meetings[0]), actor=employee)

    assert refused.value.message == "Anda tidak terdaftar di kelas ini."
    assert Attendance.objects.count() == 0
    assert attendance_actions() == []


def test_accounts_that_are_not_participants_are_refused(course, hr_admin, auditor, applicant):
    _, meetings = course
    for user in (hr_admin, auditor, applicant, employee_user("Orang Lain")):
        with pytest.raises(DomainError, match="Anda tidak terdaftar di kelas ini"):
            services.check_in(code=code(meetings[0]), actor=user)
    assert Attendance.objects.count() == 0


@pytest.mark.parametrize("status", [Enrolment.Status.COMPLETED, Enrolment.Status.NOT_COMPLETED])
def test_a_participant_already_decided_gets_no_new_attendance(course, employee, status):
    training_class, meetings = course
    participant(training_class, employee, status=status)

    with pytest.raises(DomainError) as refused:
        services.check_in(code=code(meetings[0]), actor=employee)

    assert refused.value.message == (
        "Kelulusan Anda di kelas ini sudah diputuskan; kehadiran tidak dapat ditambahkan lagi."
    )
    assert Attendance.objects.count() == 0
    assert attendance_actions() == []


def test_a_code_older_than_three_minutes_is_refused(course, employee):
    training_class, meetings = course
    participant(training_class, employee)
    signed_at = 1_795_000_000
    with mock.patch("django.core.signing.time.time", return_value=signed_at):
        old = code(meetings[0])

    with (
        mock.patch("django.core.signing.time.time", return_value=signed_at + 181),
        pytest.raises(DomainError) as refused,
    ):
        services.check_in(code=old, actor=employee)

    assert refused.value.message == "Kode QR sudah kedaluwarsa; pindai ulang kode di layar."
    assert Attendance.objects.count() == 0
    assert attendance_actions() == []
    with mock.patch("django.core.signing.time.time", return_value=signed_at + 180):
        assert services.check_in(code=old, actor=employee).created is True


@pytest.mark.parametrize("make", [lambda m: m.checkin_token, lambda m: code(m) + "x"])
def test_a_bare_token_or_a_forged_code_is_unknown(course, employee, make):
    training_class, meetings = course
    participant(training_class, employee)

    with pytest.raises(DomainError) as refused:
        services.check_in(code=make(meetings[0]), actor=employee)

    assert refused.value.message == "Kode presensi tidak dikenal."
    assert Attendance.objects.count() == 0
    assert attendance_actions() == []


def test_a_cancelled_meeting_or_class_takes_no_check_in(course, employee):
    training_class, meetings = course
    participant(training_class, employee)
    Meeting.objects.filter(pk=meetings[0].pk).update(is_cancelled=True)
    with pytest.raises(DomainError, match="Pertemuan ini dibatalkan"):
        services.check_in(code=code(meetings[0]), actor=employee)

    Meeting.objects.filter(pk=meetings[0].pk).update(is_cancelled=False)
    TrainingClass.objects.filter(pk=training_class.pk).update(status=TrainingClass.Status.CANCELLED)
    with pytest.raises(DomainError, match="Kelas ini tidak sedang berjalan"):
        services.check_in(code=code(meetings[0]), actor=employee)
    assert Attendance.objects.count() == 0


def test_already_present_is_answered_even_after_the_window(course, employee):
    training_class, meetings = course
    participant(training_class, employee)
    services.check_in(code=code(meetings[0]), actor=employee)

    with at(wib(28, 18)):
        result = services.check_in(code=code(meetings[0]), actor=employee)

    assert result.created is False
    assert Attendance.objects.count() == 1
    assert attendance_actions() == ["training.attendance.recorded"]


# --- manual record


def test_hr_records_a_participant_at_a_meeting_that_started(course, hr_admin):
    training_class, meetings = course
    seat = participant(training_class)

    attendance = services.record_attendance(meeting=meetings[0], enrolment=seat, actor=hr_admin)

    assert (attendance.method, attendance.recorded_by) == (Attendance.Method.MANUAL, hr_admin)
    assert AuditEvent.objects.get(action="training.attendance.recorded").changes["method"] == (
        "manual"
    )
    with pytest.raises(ConflictError, match="sudah tercatat hadir"):
        services.record_attendance(meeting=meetings[0], enrolment=seat, actor=hr_admin)
    assert Attendance.objects.count() == 1


def test_a_meeting_not_held_yet_takes_no_manual_record(course, hr_admin):
    training_class, meetings = course
    seat = participant(training_class)

    with pytest.raises(DomainError) as refused:
        services.record_attendance(meeting=meetings[1], enrolment=seat, actor=hr_admin)

    assert refused.value.message == (
        "Pertemuan belum dilaksanakan; kehadiran dapat dicatat setelah pertemuan dimulai."
    )
    assert Attendance.objects.count() == 0
    assert attendance_actions() == []


def test_manual_record_needs_a_seat_in_that_class(course, hr_admin):
    training_class, meetings = course
    waiting = participant(training_class, status=Enrolment.Status.WAITLISTED)
    other_class, _ = running_class_with_meetings()
    elsewhere = participant(other_class, name="Peserta Lain")

    with pytest.raises(DomainError, match="Hanya peserta yang mendapat kursi"):
        services.record_attendance(meeting=meetings[0], enrolment=waiting, actor=hr_admin)
    with pytest.raises(DomainError, match="bukan peserta kelas pertemuan tersebut"):
        services.record_attendance(meeting=meetings[0], enrolment=elsewhere, actor=hr_admin)
    assert Attendance.objects.count() == 0


@pytest.mark.parametrize("status", [Enrolment.Status.COMPLETED, Enrolment.Status.NOT_COMPLETED])
def test_a_decided_participant_is_not_recorded_by_hand(course, hr_admin, status):
    training_class, meetings = course
    seat = participant(training_class, status=status)

    with pytest.raises(DomainError) as refused:
        services.record_attendance(meeting=meetings[0], enrolment=seat, actor=hr_admin)

    assert refused.value.message == (
        "Kelulusan peserta ini sudah diputuskan; kehadiran tidak dapat ditambahkan lagi. "
        "Batalkan keputusan itu dahulu bila kehadirannya perlu dikoreksi."
    )
    assert Attendance.objects.count() == 0
    assert attendance_actions() == []


def test_hr_does_not_record_or_remove_their_own_attendance(course, hr_admin):
    """Admin BKPSDM is often a participant too (BKPSDM staff are PNS): their own attendance is
    their QR scan in the room or another Admin BKPSDM's record."""
    training_class, meetings = course
    EmployeeFactory.create(user=hr_admin, name="Admin BKPSDM")
    own = participant(training_class, hr_admin)

    with pytest.raises(PermissionDenied) as refused:
        services.record_attendance(meeting=meetings[0], enrolment=own, actor=hr_admin)

    assert str(refused.value) == (
        "Anda tidak dapat mencatat atau menghapus kehadiran Anda sendiri; minta Admin BKPSDM lain."
    )
    assert Attendance.objects.count() == 0
    assert attendance_actions() == []
    # Another Admin BKPSDM records it; the participant cannot remove it either.
    colleague = employee_user("Admin Dua", roles=[Role.ADMIN_BKPSDM])
    attendance = services.record_attendance(meeting=meetings[0], enrolment=own, actor=colleague)
    with pytest.raises(PermissionDenied, match="Anda tidak dapat mencatat atau menghapus"):
        services.remove_attendance(attendance=attendance, actor=hr_admin)
    assert list(Attendance.objects.values_list("enrolment", "recorded_by")) == [
        (own.pk, colleague.pk)
    ]
    assert attendance_actions() == ["training.attendance.recorded"]


def test_manual_record_is_hr_only(course, employee, auditor):
    training_class, meetings = course
    seat = participant(training_class, employee)
    for user in (employee, auditor):
        with pytest.raises(PermissionDenied):
            services.record_attendance(meeting=meetings[0], enrolment=seat, actor=user)
    assert Attendance.objects.count() == 0
    assert attendance_actions() == []


def test_hr_removes_an_attendance_while_the_result_is_open(course, hr_admin):
    training_class, meetings = course
    seat = participant(training_class)
    attendance = services.record_attendance(meeting=meetings[0], enrolment=seat, actor=hr_admin)

    services.remove_attendance(attendance=attendance, actor=hr_admin)

    assert Attendance.objects.count() == 0
    event = AuditEvent.objects.get(action="training.attendance.removed")
    assert (event.target_id, event.changes) == (
        str(seat.pk),
        {"class": training_class.pk, "meeting": 1, "enrolment": seat.pk, "method": "manual"},
    )


def test_attendance_of_a_decided_participant_stays(course, hr_admin, employee):
    training_class, meetings = course
    seat = participant(training_class)
    attendance = services.record_attendance(meeting=meetings[0], enrolment=seat, actor=hr_admin)
    Enrolment.objects.filter(pk=seat.pk).update(
        status=Enrolment.Status.COMPLETED, completed_at=timezone.now()
    )

    with pytest.raises(DomainError, match="batalkan keputusan itu dahulu"):
        services.remove_attendance(attendance=attendance, actor=hr_admin)
    with pytest.raises(PermissionDenied):
        services.remove_attendance(attendance=attendance, actor=employee)
    assert Attendance.objects.count() == 1
