from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError, DomainError, InvalidInputError
from simerit.core.roles import Role
from simerit.employees.tests.factories import EmployeeFactory
from simerit.notifications.models import Notification
from simerit.training.models import Attendance, Certificate, Enrolment, Meeting, TrainingClass
from simerit.training.services import completion
from simerit.training.services.completion import Scores
from simerit.training.tests.factories import TrainingClassFactory
from simerit.training.tests.factories_classes import (
    employee_user,
    participant,
    running_class_with_meetings,
)
from simerit.training.tests.factories_records import CertificateFactory

pytestmark = pytest.mark.django_db

COMPLETED = Enrolment.Status.COMPLETED
NOT_COMPLETED = Enrolment.Status.NOT_COMPLETED


def training_actions() -> list[str]:
    return list(
        AuditEvent.objects.filter(action__startswith="training.")
        .order_by("seq")
        .values_list("action", flat=True)
    )


@pytest.fixture(name="course")
def course_fixture() -> tuple[TrainingClass, list[Meeting]]:
    return running_class_with_meetings()


def attend(enrolment: Enrolment, meetings: list[Meeting], recorder) -> None:
    for meeting in meetings:
        Attendance.objects.create(
            meeting=meeting, enrolment=enrolment, method="manual", recorded_by=recorder
        )


def test_hr_records_scores_and_passes_a_participant_who_attended_enough(course, hr_admin, employee):
    training_class, meetings = course
    seat = participant(training_class, employee)
    attend(seat, meetings, hr_admin)

    decided = completion.record_result(
        enrolment=seat,
        scores=Scores(Decimal("55.5"), Decimal("82.25"), Decimal("80")),
        outcome=COMPLETED,
        actor=hr_admin,
    )

    seat.refresh_from_db()
    assert seat.status == COMPLETED
    assert (seat.pre_test_score, seat.post_test_score, seat.assessment_score) == (
        Decimal("55.50"),
        Decimal("82.25"),
        Decimal("80.00"),
    )
    assert seat.completed_at == decided.completed_at
    assert seat.completed_by == hr_admin
    event = AuditEvent.objects.get(action="training.enrolment.completion_recorded")
    assert event.changes == {
        "status": ["enrolled", "completed"],
        "pre_test_score": [None, "55.5"],
        "post_test_score": [None, "82.25"],
        "assessment_score": [None, "80"],
        "attended": 3,
        "meetings": 3,
        "minimum_percent": 80,
    }
    notification = Notification.objects.get(user=employee)
    assert notification.title == "Hasil pelatihan Anda"
    assert notification.body == f"Anda dinyatakan lulus pelatihan {training_class} (12 JP)."


def test_passing_is_refused_below_the_attendance_minimum_with_the_numbers(course, hr_admin):
    training_class, meetings = course
    seat = participant(training_class)
    attend(seat, meetings[:2], hr_admin)

    with pytest.raises(DomainError) as refused:
        completion.record_result(
            enrolment=seat,
            scores=Scores(post_test_score=Decimal(90)),
            outcome=COMPLETED,
            actor=hr_admin,
        )

    assert refused.value.message == (
        "Kehadiran peserta 2 dari 3 pertemuan (66,66%) kurang dari batas minimum 80%; peserta "
        "tidak dapat dinyatakan lulus."
    )
    assert refused.value.field == "outcome"
    seat.refresh_from_db()
    assert (seat.status, seat.post_test_score, seat.completed_at) == ("enrolled", None, None)
    assert training_actions() == []


def test_cancelled_meetings_do_not_count_toward_attendance(course, hr_admin):
    training_class, meetings = course
    seat = participant(training_class)
    attend(seat, meetings[:2], hr_admin)
    Meeting.objects.filter(pk=meetings[2].pk).update(is_cancelled=True)

    completion.record_result(enrolment=seat, scores=Scores(), outcome=COMPLETED, actor=hr_admin)

    seat.refresh_from_db()
    assert seat.status == COMPLETED


def test_not_completed_needs_no_attendance(course, hr_admin):
    training_class, _ = course
    seat = participant(training_class)
    completion.record_result(enrolment=seat, scores=Scores(), outcome=NOT_COMPLETED, actor=hr_admin)
    seat.refresh_from_db()
    assert seat.status == NOT_COMPLETED
    assert Notification.objects.get().title == "Hasil pelatihan Anda: tidak lulus"


def test_scores_alone_are_audited_as_scored_and_a_no_op_writes_nothing(course, hr_admin):
    training_class, _ = course
    seat = participant(training_class)

    completion.record_result(
        enrolment=seat, scores=Scores(pre_test_score=Decimal(60)), outcome=None, actor=hr_admin
    )
    completion.record_result(
        enrolment=seat, scores=Scores(pre_test_score=Decimal(60)), outcome=None, actor=hr_admin
    )

    assert training_actions() == ["training.enrolment.scored"]
    assert AuditEvent.objects.get(action="training.enrolment.scored").changes == {
        "pre_test_score": [None, "60"]
    }
    assert Notification.objects.count() == 0


def test_bad_scores_are_refused_by_field_and_change_nothing(course, hr_admin):
    training_class, meetings = course
    seat = participant(training_class)
    attend(seat, meetings, hr_admin)

    with pytest.raises(InvalidInputError) as refused:
        completion.record_result(
            enrolment=seat,
            scores=Scores(Decimal("-1"), Decimal("100.5"), Decimal("70.123")),
            outcome=COMPLETED,
            actor=hr_admin,
        )

    assert refused.value.errors == {
        "pre_test_score": ["Nilai harus antara 0 dan 100."],
        "post_test_score": ["Nilai harus antara 0 dan 100."],
        "assessment_score": ["Nilai ditulis dengan paling banyak dua angka desimal."],
    }
    seat.refresh_from_db()
    assert (seat.status, seat.pre_test_score) == ("enrolled", None)
    assert training_actions() == []


def test_a_decided_participant_is_not_decided_again(course, hr_admin):
    training_class, _ = course
    seat = participant(training_class, status=NOT_COMPLETED)
    with pytest.raises(ConflictError, match="Peserta ini sudah dinyatakan tidak lulus"):
        completion.record_result(enrolment=seat, scores=Scores(), outcome=COMPLETED, actor=hr_admin)
    seat.refresh_from_db()
    assert seat.status == NOT_COMPLETED


def test_no_decision_before_the_class_starts(hr_admin):
    future = TrainingClassFactory.create()  # 14–16 December
    seat = participant(future)
    with pytest.raises(DomainError, match="Kelas belum dimulai"):
        completion.record_result(
            enrolment=seat, scores=Scores(), outcome=NOT_COMPLETED, actor=hr_admin
        )
    seat.refresh_from_db()
    assert seat.status == "enrolled"


@pytest.mark.parametrize("status", [Enrolment.Status.WAITLISTED, Enrolment.Status.PENDING])
def test_only_seat_holders_get_results(course, hr_admin, status):
    training_class, _ = course
    waiting = participant(training_class, status=status)
    with pytest.raises(DomainError, match="Hanya peserta yang mendapat kursi"):
        completion.record_result(
            enrolment=waiting, scores=Scores(Decimal(50)), outcome=None, actor=hr_admin
        )
    waiting.refresh_from_db()
    assert waiting.pre_test_score is None


def test_results_are_hr_only(course, employee, supervisor, auditor):
    training_class, _ = course
    seat = participant(training_class, employee)
    for user in (employee, supervisor, auditor):
        with pytest.raises(PermissionDenied):
            completion.record_result(
                enrolment=seat, scores=Scores(Decimal(100)), outcome=NOT_COMPLETED, actor=user
            )
    seat.refresh_from_db()
    assert (seat.status, seat.pre_test_score) == ("enrolled", None)
    assert training_actions() == []


def test_hr_does_not_grade_or_decide_their_own_participation(course, hr_admin):
    """Admin BKPSDM who is a participant is graded by another Admin BKPSDM: the JP and the
    certificate must rest on someone else's decision."""
    training_class, meetings = course
    EmployeeFactory.create(user=hr_admin, name="Admin BKPSDM")
    own = participant(training_class, hr_admin)
    attend(own, meetings, hr_admin)
    message = (
        "Anda tidak dapat menilai atau memutuskan kelulusan Anda sendiri; minta Admin BKPSDM lain."
    )

    for outcome in (COMPLETED, None):
        with pytest.raises(PermissionDenied) as refused:
            completion.record_result(
                enrolment=own, scores=Scores(Decimal(100)), outcome=outcome, actor=hr_admin
            )
        assert str(refused.value) == message

    own.refresh_from_db()
    assert (own.status, own.pre_test_score, own.completed_at) == ("enrolled", None, None)
    assert training_actions() == []
    assert Notification.objects.count() == 0
    # Decided by a colleague, the decision is not reverted by the participant either.
    colleague = employee_user("Admin Dua", roles=[Role.ADMIN_BKPSDM])
    completion.record_result(enrolment=own, scores=Scores(), outcome=COMPLETED, actor=colleague)
    with pytest.raises(PermissionDenied, match="Anda tidak dapat menilai"):
        completion.revert_result(enrolment=own, reason="Koreksi.", actor=hr_admin)
    own.refresh_from_db()
    assert (own.status, own.completed_by) == (COMPLETED, colleague)
    assert training_actions() == ["training.enrolment.completion_recorded"]


def test_revert_puts_a_decision_back_and_tells_the_participant(course, hr_admin, employee):
    training_class, _ = course
    seat = participant(training_class, employee, status=NOT_COMPLETED)

    completion.revert_result(enrolment=seat, reason="Salah pilih peserta.", actor=hr_admin)

    seat.refresh_from_db()
    assert (seat.status, seat.completed_at, seat.completed_by) == ("enrolled", None, None)
    assert AuditEvent.objects.get(action="training.enrolment.completion_reverted").changes == {
        "status": ["not_completed", "enrolled"],
        "reason": "Salah pilih peserta.",
    }
    assert Notification.objects.get(user=employee).title == (
        "Keputusan kelulusan pelatihan dibatalkan"
    )


def test_revert_is_refused_once_a_certificate_exists(course, hr_admin):
    training_class, _ = course
    seat = participant(training_class, status=COMPLETED)
    CertificateFactory.create(enrolment=seat, issued_by=hr_admin)
    with pytest.raises(DomainError) as refused:
        completion.revert_result(enrolment=seat, reason="Koreksi.", actor=hr_admin)
    assert refused.value.message == (
        "Sertifikat sudah diterbitkan untuk peserta ini; keputusan kelulusan tidak dapat "
        "dibatalkan."
    )
    seat.refresh_from_db()
    assert (seat.status, seat.completed_at is not None) == (COMPLETED, True)
    assert Certificate.objects.filter(enrolment=seat).count() == 1
    assert training_actions() == []


# --- the class


def test_a_class_completes_once_every_seat_holder_is_decided(course, hr_admin):
    training_class, _ = course
    participant(training_class, name="Lulus", status=COMPLETED)
    participant(training_class, name="Gagal", status=NOT_COMPLETED)
    undecided = participant(training_class, name="Belum")
    waiting = participant(training_class, name="Tunggu", status=Enrolment.Status.WAITLISTED)

    with pytest.raises(DomainError, match="Masih ada 1 peserta yang belum diputuskan"):
        completion.complete_class(training_class=training_class, actor=hr_admin)
    assert training_actions() == []

    completion.record_result(
        enrolment=undecided, scores=Scores(), outcome=NOT_COMPLETED, actor=hr_admin
    )
    completion.complete_class(training_class=training_class, actor=hr_admin)

    training_class.refresh_from_db()
    waiting.refresh_from_db()
    assert training_class.status == TrainingClass.Status.COMPLETED
    assert training_class.completed_at is not None
    assert (waiting.status, waiting.cancel_reason) == (
        "cancelled",
        "Kelas telah selesai dilaksanakan.",
    )
    assert AuditEvent.objects.get(action="training.class.completed").changes == {
        "status": ["closed", "completed"],
        "completed": 1,
        "not_completed": 2,
        "requests_ended": 1,
    }
    assert Notification.objects.filter(title="Permohonan pelatihan berakhir").count() == 1
    with pytest.raises(ConflictError, match="sudah diselesaikan"):
        completion.complete_class(training_class=training_class, actor=hr_admin)
    # A completed class keeps its results.
    with pytest.raises(DomainError, match="hanya dapat dicatat pada kelas yang sedang berjalan"):
        completion.record_result(
            enrolment=undecided, scores=Scores(Decimal(1)), outcome=None, actor=hr_admin
        )


def test_a_class_without_participants_or_not_started_does_not_complete(course, hr_admin):
    training_class, _ = course
    with pytest.raises(DomainError, match="Kelas tanpa peserta tidak dapat diselesaikan"):
        completion.complete_class(training_class=training_class, actor=hr_admin)
    future = TrainingClassFactory.create()
    with pytest.raises(DomainError, match="Kelas belum dimulai"):
        completion.complete_class(training_class=future, actor=hr_admin)
    assert set(TrainingClass.objects.values_list("status", flat=True)) == {"closed", "open"}


def test_only_hr_completes_a_class(course, auditor):
    training_class, _ = course
    participant(training_class, status=COMPLETED)
    with pytest.raises(PermissionDenied):
        completion.complete_class(training_class=training_class, actor=auditor)
    training_class.refresh_from_db()
    assert training_class.status == TrainingClass.Status.CLOSED
