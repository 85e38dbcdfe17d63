"""Meetings of a class: numbers, times within the class, the QR token, changes and cancellation."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError, DomainError, InvalidInputError
from simerit.notifications.models import Notification
from simerit.training.models import Attendance, Enrolment, Meeting
from simerit.training.services import attendance as services
from simerit.training.services.attendance import MeetingInput
from simerit.training.tests.factories import MeetingFactory, TrainingClassFactory
from simerit.training.tests.factories_classes import participant, running_class, wib

pytestmark = pytest.mark.django_db


def training_actions() -> list[str]:
    return list(
        AuditEvent.objects.filter(action__startswith="training.")
        .order_by("seq")
        .values_list("action", flat=True)
    )


def meeting_input(**overrides) -> MeetingInput:
    values: dict[str, Any] = {
        "topic": "Pembukaan",
        "starts_at": wib(14, 8, month=12),
        "ends_at": wib(14, 12, month=12),
    }
    values.update(overrides)
    return MeetingInput(**values)


def test_meetings_are_numbered_and_get_a_random_token(hr_admin):
    training_class = TrainingClassFactory.create()

    first = services.add_meeting(
        training_class=training_class, data=meeting_input(), actor=hr_admin
    )
    second = services.add_meeting(
        training_class=training_class,
        data=meeting_input(
            topic="Materi inti", starts_at=wib(15, 8, month=12), ends_at=wib(15, 12, month=12)
        ),
        actor=hr_admin,
    )

    assert (first.number, second.number) == (1, 2)
    assert len(first.checkin_token) == 43
    assert first.checkin_token != second.checkin_token
    events = AuditEvent.objects.filter(action="training.meeting.created")
    assert events.count() == 2
    for event in events:
        assert "token" not in str(event.changes)
        assert first.checkin_token not in str(event.changes)


def test_a_meeting_number_is_used_once(hr_admin):
    training_class = TrainingClassFactory.create()
    services.add_meeting(
        training_class=training_class, data=meeting_input(number=3), actor=hr_admin
    )

    with pytest.raises(ConflictError, match="Pertemuan ke-3 sudah ada di kelas ini"):
        services.add_meeting(
            training_class=training_class, data=meeting_input(number=3), actor=hr_admin
        )
    assert Meeting.objects.count() == 1


def test_a_meeting_outside_the_class_dates_is_refused(hr_admin):
    training_class = TrainingClassFactory.create()
    with pytest.raises(InvalidInputError) as refused:
        services.add_meeting(
            training_class=training_class,
            data=meeting_input(
                starts_at=wib(17, 8, month=12), ends_at=wib(17, 7, month=12), topic=""
            ),
            actor=hr_admin,
        )
    assert refused.value.errors == {
        "ends_at": [
            "Waktu selesai harus sesudah waktu mulai.",
            "Pertemuan harus berada di antara tanggal mulai dan selesai kelas.",
        ],
        "starts_at": ["Pertemuan harus berada di antara tanggal mulai dan selesai kelas."],
        "topic": ["Materi pertemuan wajib diisi."],
    }
    assert Meeting.objects.count() == 0


def test_moving_a_meeting_tells_the_enrolled(hr_admin):
    training_class = TrainingClassFactory.create()
    meeting = MeetingFactory.create(training_class=training_class, number=1)
    seated = participant(training_class)
    participant(training_class, name="Tunggu", status=Enrolment.Status.WAITLISTED)

    services.update_meeting(
        meeting=meeting,
        data=meeting_input(starts_at=wib(15, 13, month=12), ends_at=wib(15, 15, month=12)),
        actor=hr_admin,
    )

    meeting.refresh_from_db()
    assert meeting.starts_at == wib(15, 13, month=12)
    notifications = Notification.objects.filter(title="Jadwal pertemuan pelatihan berubah")
    assert [n.user for n in notifications] == [seated.employee.user]
    assert "15 Desember 2026 pukul 13.00 WIB" in notifications[0].body
    changes = AuditEvent.objects.get(action="training.meeting.updated").changes
    assert set(changes) == {"topic", "starts_at", "ends_at"}
    assert changes["topic"][1] == "Pembukaan"


def test_a_meeting_with_attendance_keeps_its_times_and_is_not_cancelled(hr_admin):
    training_class = running_class()
    meeting = MeetingFactory.create(training_class=training_class, number=1, starts_at=wib(28, 8))
    seated = participant(training_class)
    Attendance.objects.create(meeting=meeting, enrolment=seated, method="qr", recorded_by=hr_admin)

    with pytest.raises(DomainError, match="sudah memiliki catatan kehadiran tidak dapat diubah"):
        services.update_meeting(
            meeting=meeting,
            data=MeetingInput(topic="Baru", starts_at=wib(29, 8), ends_at=wib(29, 10)),
            actor=hr_admin,
        )
    with pytest.raises(DomainError, match="tidak dapat dibatalkan"):
        services.cancel_meeting(meeting=meeting, actor=hr_admin)
    # The topic alone may still change.
    services.update_meeting(
        meeting=meeting,
        data=MeetingInput(topic="Baru", starts_at=meeting.starts_at, ends_at=meeting.ends_at),
        actor=hr_admin,
    )

    meeting.refresh_from_db()
    assert (meeting.topic, meeting.starts_at, meeting.is_cancelled) == ("Baru", wib(28, 8), False)
    assert training_actions() == ["training.meeting.updated"]


def test_cancel_a_meeting_tells_the_enrolled_once(hr_admin):
    training_class = TrainingClassFactory.create()
    meeting = MeetingFactory.create(training_class=training_class, number=1)
    participant(training_class)

    services.cancel_meeting(meeting=meeting, actor=hr_admin)
    with pytest.raises(ConflictError, match="sudah dibatalkan"):
        services.cancel_meeting(meeting=meeting, actor=hr_admin)

    meeting.refresh_from_db()
    assert meeting.is_cancelled is True
    assert Notification.objects.filter(title="Pertemuan pelatihan dibatalkan").count() == 1
    assert training_actions() == ["training.meeting.cancelled"]


def test_rotating_the_token_invalidates_the_old_one_and_audits_no_token(hr_admin):
    meeting = MeetingFactory.create()
    old = meeting.checkin_token

    services.rotate_checkin_token(meeting=meeting, actor=hr_admin)

    meeting.refresh_from_db()
    assert meeting.checkin_token != old
    assert len(meeting.checkin_token) == 43
    event = AuditEvent.objects.get(action="training.meeting.token_rotated")
    assert event.changes == {}


def test_meetings_are_hr_only(employee, auditor):
    training_class = TrainingClassFactory.create()
    meeting = MeetingFactory.create(training_class=training_class, number=1)
    for user in (employee, auditor):
        with pytest.raises(PermissionDenied):
            services.add_meeting(training_class=training_class, data=meeting_input(), actor=user)
        with pytest.raises(PermissionDenied):
            services.cancel_meeting(meeting=meeting, actor=user)
        with pytest.raises(PermissionDenied):
            services.rotate_checkin_token(meeting=meeting, actor=user)
    assert Meeting.objects.count() == 1
    assert training_actions() == []
