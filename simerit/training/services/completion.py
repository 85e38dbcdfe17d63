"""Completion of a class by Admin BKPSDM: each participant's pre-test, post-test and final
assessment scores (0–100), the decision COMPLETED (lulus) or NOT_COMPLETED (tidak lulus), its
reversal while no certificate exists, and the class marked COMPLETED once every seat holder is
decided. Passing needs at least the class's minimum share of its meetings attended (meetings
cancelled do not count); the participant is told of the decision. Nobody scores or decides their
own participation."""

from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import ConflictError, DomainError, InvalidInputError
from simerit.training.models import Certificate, Enrolment, TrainingClass
from simerit.training.rules import classes as rules
from simerit.training.rules.jp import format_jp
from simerit.training.selectors.classes import DECIDED_STATUSES, RUNNING_STATUSES
from simerit.training.services.classes import (
    WAITING_STATUSES,
    class_url,
    end_open_enrolments,
    lock_class,
    notify_participants,
    refuse_own,
    require_hr,
)

EnrolmentStatus = Enrolment.Status
OUTCOMES = (EnrolmentStatus.COMPLETED, EnrolmentStatus.NOT_COMPLETED)
NOT_RUNNING = (
    "Hasil pelatihan hanya dapat dicatat pada kelas yang sedang berjalan (bukan draf, selesai, "
    "atau dibatalkan)."
)
OWN_RESULT = (
    "Anda tidak dapat menilai atau memutuskan kelulusan Anda sendiri; minta Admin BKPSDM lain."
)


@dataclass(frozen=True)
class Scores:
    pre_test_score: Decimal | None = None
    post_test_score: Decimal | None = None
    assessment_score: Decimal | None = None


def _check_scores(scores: Scores) -> None:
    errors: dict[str, list[str]] = {}
    for field, value in asdict(scores).items():
        message = rules.score_error(value) if value is not None else None
        if message:
            errors[field] = [message]
    if errors:
        raise InvalidInputError(errors)


def _lock(enrolment: Enrolment, *, actor: User) -> Enrolment:
    """The enrolment locked after its class (the order every writer of a class takes); refused
    when it is the actor's own."""
    training_class = lock_class(enrolment.training_class)
    locked = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("employee__user")
        .get(pk=enrolment.pk)
    )
    refuse_own(actor, locked.employee, OWN_RESULT)
    locked.training_class = training_class
    return locked


def attendance_of(enrolment: Enrolment) -> tuple[int, int]:
    """(meetings attended, meetings of the class), cancelled meetings left out of both."""
    held = enrolment.training_class.meetings.filter(is_cancelled=False).count()
    attended = enrolment.attendance.filter(meeting__is_cancelled=False).count()
    return attended, held


def _snapshot(enrolment: Enrolment) -> dict[str, Any]:
    return {
        "status": enrolment.status,
        **{field: getattr(enrolment, field) for field in Scores.__dataclass_fields__},
    }


def _check_outcome(enrolment: Enrolment, outcome: str) -> dict[str, Any]:
    """Refuse a decision the participant cannot get; returns the attendance for the audit row."""
    training_class = enrolment.training_class
    if outcome not in OUTCOMES:
        raise InvalidInputError({"outcome": ["Pilih lulus atau tidak lulus."]})
    if enrolment.status != EnrolmentStatus.ENROLLED:
        raise ConflictError(
            f"Peserta ini sudah dinyatakan {enrolment.get_status_display().lower()}.",
            field="outcome",
        )
    if timezone.localdate() < training_class.starts_on:
        raise DomainError(
            "Kelas belum dimulai; kelulusan peserta dicatat setelah kelas berjalan.",
            field="outcome",
        )
    attended, held = attendance_of(enrolment)
    minimum = training_class.min_attendance_percent
    if outcome == EnrolmentStatus.COMPLETED and not rules.meets_attendance(
        attended=attended, held=held, minimum_percent=minimum
    ):
        raise DomainError(
            rules.attendance_shortfall_message(
                attended=attended, held=held, minimum_percent=minimum
            ),
            field="outcome",
        )
    return {"attended": attended, "meetings": held, "minimum_percent": minimum}


@transaction.atomic
def record_result(
    *, enrolment: Enrolment, scores: Scores, outcome: str | None, actor: User
) -> Enrolment:
    """Store the participant's scores (None clears one) and, with `outcome`, decide the
    participant COMPLETED or NOT_COMPLETED (completed_at = now) and tell them."""
    require_hr(actor)
    enrolment = _lock(enrolment, actor=actor)
    if enrolment.training_class.status not in RUNNING_STATUSES:
        raise DomainError(NOT_RUNNING)
    if enrolment.status not in Enrolment.SEAT_STATUSES:
        raise DomainError("Hanya peserta yang mendapat kursi di kelas ini yang dapat dinilai.")
    _check_scores(scores)
    attendance = _check_outcome(enrolment, outcome) if outcome is not None else None
    before = _snapshot(enrolment)
    for field, value in asdict(scores).items():
        setattr(enrolment, field, value)
    if outcome is not None:
        enrolment.status = outcome
        enrolment.completed_at = timezone.now()
        enrolment.completed_by = actor
    changes = audit.diff(before, _snapshot(enrolment))
    if not changes:
        return enrolment
    enrolment.save()
    if attendance is None:
        audit.record(
            actor=actor, action="training.enrolment.scored", target=enrolment, changes=changes
        )
        return enrolment
    audit.record(
        actor=actor,
        action="training.enrolment.completion_recorded",
        target=enrolment,
        changes={**changes, **attendance},
    )
    training_class = enrolment.training_class
    passed = outcome == EnrolmentStatus.COMPLETED
    notify_participants(
        [enrolment],
        title="Hasil pelatihan Anda" if passed else "Hasil pelatihan Anda: tidak lulus",
        body=(
            f"Anda dinyatakan lulus pelatihan {training_class} ({format_jp(training_class.jp)} JP)."
            if passed
            else f"Anda dinyatakan tidak lulus pelatihan {training_class}."
        ),
        url=class_url(training_class),
    )
    return enrolment


@transaction.atomic
def revert_result(*, enrolment: Enrolment, reason: str, actor: User) -> Enrolment:
    """Undo a pass/fail decision taken by mistake (back to ENROLLED), while the class is not
    completed and no certificate was issued for it."""
    require_hr(actor)
    reason = rules.clean_text(reason, label="Alasan")
    enrolment = _lock(enrolment, actor=actor)
    if enrolment.status not in DECIDED_STATUSES:
        raise DomainError("Kelulusan peserta ini belum diputuskan.")
    if enrolment.training_class.status not in RUNNING_STATUSES:
        raise DomainError(NOT_RUNNING)
    if Certificate.objects.filter(enrolment=enrolment).exists():
        raise DomainError(
            "Sertifikat sudah diterbitkan untuk peserta ini; keputusan kelulusan tidak dapat "
            "dibatalkan."
        )
    old = enrolment.status
    enrolment.status = EnrolmentStatus.ENROLLED
    enrolment.completed_at = None
    enrolment.completed_by = None
    enrolment.save(update_fields=["status", "completed_at", "completed_by", "updated_at"])
    audit.record(
        actor=actor,
        action="training.enrolment.completion_reverted",
        target=enrolment,
        changes={"status": [old, EnrolmentStatus.ENROLLED], "reason": reason},
    )
    notify_participants(
        [enrolment],
        title="Keputusan kelulusan pelatihan dibatalkan",
        body=f"Keputusan kelulusan Anda di kelas {enrolment.training_class} dibatalkan untuk "
        f"diperbaiki. Alasan: {reason}",
        url=class_url(enrolment.training_class),
    )
    return enrolment


@transaction.atomic
def complete_class(*, training_class: TrainingClass, actor: User) -> TrainingClass:
    """Mark the class COMPLETED once every seat holder is decided. Requests still pending or
    waitlisted end (cancelled, their employees told)."""
    require_hr(actor)
    training_class = lock_class(training_class)
    if training_class.status == TrainingClass.Status.COMPLETED:
        raise ConflictError("Kelas ini sudah diselesaikan.")
    if training_class.status not in RUNNING_STATUSES:
        raise DomainError("Hanya kelas yang sedang berjalan yang dapat diselesaikan.")
    if timezone.localdate() < training_class.starts_on:
        raise DomainError("Kelas belum dimulai sehingga belum dapat diselesaikan.")
    enrolments = training_class.enrolments
    undecided = enrolments.filter(status=EnrolmentStatus.ENROLLED).count()
    if undecided:
        raise DomainError(
            f"Masih ada {undecided} peserta yang belum diputuskan lulus atau tidak lulus."
        )
    passed = enrolments.filter(status=EnrolmentStatus.COMPLETED).count()
    failed = enrolments.filter(status=EnrolmentStatus.NOT_COMPLETED).count()
    if passed + failed == 0:
        raise DomainError(
            "Kelas tanpa peserta tidak dapat diselesaikan; batalkan kelas bila tidak jadi "
            "dilaksanakan."
        )
    ended = end_open_enrolments(
        training_class,
        statuses=WAITING_STATUSES,
        reason="Kelas telah selesai dilaksanakan.",
        actor=actor,
    )
    old = training_class.status
    training_class.status = TrainingClass.Status.COMPLETED
    training_class.completed_at = timezone.now()
    training_class.save(update_fields=["status", "completed_at", "updated_at"])
    audit.record(
        actor=actor,
        action="training.class.completed",
        target=training_class,
        changes={
            "status": [old, TrainingClass.Status.COMPLETED],
            "completed": passed,
            "not_completed": failed,
            "requests_ended": len(ended),
        },
    )
    notify_participants(
        ended,
        title="Permohonan pelatihan berakhir",
        body=f"Kelas {training_class} telah selesai dilaksanakan; permohonan Anda berakhir "
        "tanpa kursi.",
        url=class_url(training_class),
    )
    return training_class
