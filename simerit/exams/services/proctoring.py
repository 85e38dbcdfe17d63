"""Proctor actions on running attempts: pause, resume, extend, stop (issue #4 item 7).

The deadline lives on the attempt (server time only). A pause stops the clock: resuming moves
the deadline on by exactly the pause's length, so the participant loses no time. While paused,
the one-statement answer write refuses answers (it accepts only `status='active' AND deadline >
now`). Every action needs a reason, writes an audit row and an IntegrityEvent the proctor
dashboard and the participant's integrity log show.

Only a proctor of the attempt's sitting or Admin BKPSDM may act (permissions.can_proctor):
checked here as well as in the pages and the API, so every caller behaves the same.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import ConflictError, InvalidInputError
from simerit.exams.models import Attempt, IntegrityEvent, Sitting
from simerit.exams.permissions import can_proctor

MAX_REASON_LENGTH = 500
MIN_EXTEND_MINUTES = 1
MAX_EXTEND_MINUTES = 60

REASON_REQUIRED = "Alasan wajib diisi."
REASON_TOO_LONG = f"Alasan paling banyak {MAX_REASON_LENGTH} karakter."
MINUTES_RANGE = (
    f"Perpanjangan waktu harus {MIN_EXTEND_MINUTES}–{MAX_EXTEND_MINUTES} menit (bilangan bulat)."
)
NOT_ACTIVE = "Hanya pengerjaan yang sedang berjalan yang dapat dijeda."
NOT_PAUSED = "Pengerjaan ini tidak sedang dijeda."
EXPIRED = "Waktu pengerjaan sudah habis."
FINISHED = "Pengerjaan ini sudah selesai."
NOT_PROCTOR = "Anda bukan pengawas sesi ujian ini."
PRACTICE = "Pengerjaan latihan (tryout) tidak diawasi."
NOTHING_TO_PAUSE = "Tidak ada peserta yang sedang mengerjakan di sesi ini."
NOTHING_TO_RESUME = "Tidak ada peserta yang sedang dijeda di sesi ini."


def clean_reason(reason: str) -> str:
    """The reason, stripped; InvalidInputError (field "reason") when it is empty or too long."""
    cleaned = (reason or "").strip()
    if not cleaned:
        raise InvalidInputError({"reason": [REASON_REQUIRED]})
    if len(cleaned) > MAX_REASON_LENGTH:
        raise InvalidInputError({"reason": [REASON_TOO_LONG]})
    return cleaned


def _authorise(actor: User, sitting: Sitting) -> None:
    if not can_proctor(actor, sitting):
        raise PermissionDenied(NOT_PROCTOR)


def _locked(attempt: Attempt, actor: User) -> Attempt:
    """The attempt's row, locked for this transaction, after the proctor check."""
    locked = (
        Attempt.objects.select_for_update(of=("self",))
        .select_related("participant__sitting")
        .get(pk=attempt.pk)
    )
    if locked.participant is None:
        raise ConflictError(PRACTICE)
    _authorise(actor, locked.participant.sitting)
    return locked


def _refresh(target: Attempt, source: Attempt) -> None:
    """Copy the saved state onto the caller's instance so that it sees the change."""
    for name in ("status", "deadline", "paused_at", "extended_minutes", "finished_at"):
        setattr(target, name, getattr(source, name))


def _log(
    attempt: Attempt, *, kind: str, actor: User, detail: dict[str, Any], now: dt.datetime
) -> None:
    IntegrityEvent.objects.create(
        attempt=attempt,
        participant_id=attempt.participant_id,
        kind=kind,
        detail=detail,
        server_at=now,
        actor=actor,
    )


def _pause(attempt: Attempt, *, actor: User, reason: str, now: dt.datetime, scope: str) -> None:
    """Pause a locked attempt (the checks are the caller's)."""
    attempt.status = Attempt.Status.PAUSED
    attempt.paused_at = now
    attempt.save(update_fields=["status", "paused_at"])
    detail = {"reason": reason, "scope": scope}
    _log(attempt, kind=IntegrityEvent.Kind.PAUSED, actor=actor, detail=detail, now=now)
    audit.record(
        actor=actor,
        action="exams.attempt.paused",
        target=attempt,
        changes={
            "status": [Attempt.Status.ACTIVE, Attempt.Status.PAUSED],
            "paused_at": now,
            **detail,
        },
    )


def _resume(attempt: Attempt, *, actor: User, reason: str, now: dt.datetime, scope: str) -> None:
    """Resume a locked, paused attempt: the deadline moves on by the pause's length."""
    assert attempt.paused_at is not None  # noqa: S101 (a paused attempt has paused_at)
    paused_for = max(now - attempt.paused_at, dt.timedelta(0))
    old_deadline = attempt.deadline
    attempt.deadline = old_deadline + paused_for
    attempt.status = Attempt.Status.ACTIVE
    attempt.paused_at = None
    attempt.save(update_fields=["status", "paused_at", "deadline"])
    detail = {"reason": reason, "scope": scope, "paused_seconds": int(paused_for.total_seconds())}
    _log(attempt, kind=IntegrityEvent.Kind.RESUMED, actor=actor, detail=detail, now=now)
    audit.record(
        actor=actor,
        action="exams.attempt.resumed",
        target=attempt,
        changes={
            "status": [Attempt.Status.PAUSED, Attempt.Status.ACTIVE],
            "deadline": [old_deadline, attempt.deadline],
            **detail,
        },
    )


@transaction.atomic
def pause_attempt(
    *, attempt: Attempt, actor: User, reason: str, now: dt.datetime | None = None
) -> Attempt:
    """Stop the attempt's clock: answers are refused until it is resumed."""
    reason = clean_reason(reason)
    now = now or timezone.now()
    locked = _locked(attempt, actor)
    if locked.status != Attempt.Status.ACTIVE:
        raise ConflictError(FINISHED if locked.status == Attempt.Status.FINISHED else NOT_ACTIVE)
    if locked.deadline <= now:
        raise ConflictError(EXPIRED)
    _pause(locked, actor=actor, reason=reason, now=now, scope="attempt")
    _refresh(attempt, locked)
    return attempt


@transaction.atomic
def resume_attempt(
    *, attempt: Attempt, actor: User, reason: str, now: dt.datetime | None = None
) -> Attempt:
    """Restart the clock; the deadline moves on by exactly now − paused_at."""
    reason = clean_reason(reason)
    now = now or timezone.now()
    locked = _locked(attempt, actor)
    if locked.status != Attempt.Status.PAUSED:
        raise ConflictError(FINISHED if locked.status == Attempt.Status.FINISHED else NOT_PAUSED)
    _resume(locked, actor=actor, reason=reason, now=now, scope="attempt")
    _refresh(attempt, locked)
    return attempt


@transaction.atomic
def extend_attempt(
    *,
    attempt: Attempt,
    actor: User,
    minutes: int,
    reason: str,
    now: dt.datetime | None = None,
) -> Attempt:
    """Give the participant `minutes` (1–60) more; an active or paused attempt only."""
    reason = clean_reason(reason)
    if (
        isinstance(minutes, bool)
        or not isinstance(minutes, int)
        or not MIN_EXTEND_MINUTES <= minutes <= MAX_EXTEND_MINUTES
    ):
        raise InvalidInputError({"minutes": [MINUTES_RANGE]})
    now = now or timezone.now()
    locked = _locked(attempt, actor)
    if locked.status == Attempt.Status.FINISHED:
        raise ConflictError(FINISHED)
    # An active attempt past its deadline is over (its finishing may just not have run yet):
    # an extension must come before the time runs out, not revive a closed attempt.
    if locked.status == Attempt.Status.ACTIVE and locked.deadline <= now:
        raise ConflictError(EXPIRED)
    old_deadline = locked.deadline
    locked.deadline = old_deadline + dt.timedelta(minutes=minutes)
    locked.extended_minutes += minutes
    locked.save(update_fields=["deadline", "extended_minutes"])
    detail = {"reason": reason, "minutes": minutes}
    _log(locked, kind=IntegrityEvent.Kind.EXTENDED, actor=actor, detail=detail, now=now)
    audit.record(
        actor=actor,
        action="exams.attempt.extended",
        target=locked,
        changes={
            "deadline": [old_deadline, locked.deadline],
            "extended_minutes": [locked.extended_minutes - minutes, locked.extended_minutes],
            **detail,
        },
    )
    _refresh(attempt, locked)
    return attempt


@transaction.atomic
def stop_attempt(
    *, attempt: Attempt, actor: User, reason: str, now: dt.datetime | None = None
) -> Attempt:
    """End the attempt now (e.g. a proven impostor): it is scored like any finished attempt.

    An active attempt whose deadline has already passed (its finishing job has not run yet) was
    over at its deadline: it is finished as a timeout at the deadline, not as stopped now.
    """
    reason = clean_reason(reason)
    now = now or timezone.now()
    locked = _locked(attempt, actor)
    if locked.status == Attempt.Status.FINISHED:
        raise ConflictError(FINISHED)
    expired = locked.status == Attempt.Status.ACTIVE and locked.deadline <= now
    finish_reason = Attempt.FinishReason.TIMEOUT if expired else Attempt.FinishReason.PROCTOR
    audit.record(
        actor=actor,
        action="exams.attempt.stopped",
        target=locked,
        changes={
            "status": [locked.status, Attempt.Status.FINISHED],
            "reason": reason,
            "finish_reason": finish_reason,
        },
    )
    # Imported here: finishing (the engine) scores and seals; this module must not need it to load.
    from simerit.exams.services.finishing import finish_attempt

    return finish_attempt(attempt=locked, reason=finish_reason, actor=actor, now=now)


def _sitting_attempts(sitting: Sitting, status: str) -> list[Attempt]:
    return list(
        Attempt.objects.select_for_update(of=("self",))
        .filter(participant__sitting=sitting, status=status)
        .order_by("pk")
    )


@transaction.atomic
def pause_sitting(
    *, sitting: Sitting, actor: User, reason: str, now: dt.datetime | None = None
) -> int:
    """Pause every running attempt of the sitting (e.g. a power cut); returns how many."""
    _authorise(actor, sitting)
    reason = clean_reason(reason)
    now = now or timezone.now()
    attempts = [
        attempt
        for attempt in _sitting_attempts(sitting, Attempt.Status.ACTIVE)
        if attempt.deadline > now
    ]
    if not attempts:
        raise ConflictError(NOTHING_TO_PAUSE)
    for attempt in attempts:
        _pause(attempt, actor=actor, reason=reason, now=now, scope="sitting")
    audit.record(
        actor=actor,
        action="exams.sitting.paused",
        target=sitting,
        changes={"reason": reason, "attempts": [attempt.pk for attempt in attempts]},
    )
    return len(attempts)


@transaction.atomic
def resume_sitting(
    *, sitting: Sitting, actor: User, reason: str, now: dt.datetime | None = None
) -> int:
    """Resume every paused attempt of the sitting, each by its own pause's length."""
    _authorise(actor, sitting)
    reason = clean_reason(reason)
    now = now or timezone.now()
    attempts = _sitting_attempts(sitting, Attempt.Status.PAUSED)
    if not attempts:
        raise ConflictError(NOTHING_TO_RESUME)
    for attempt in attempts:
        _resume(attempt, actor=actor, reason=reason, now=now, scope="sitting")
    audit.record(
        actor=actor,
        action="exams.sitting.resumed",
        target=sitting,
        changes={"reason": reason, "attempts": [attempt.pk for attempt in attempts]},
    )
    return len(attempts)
