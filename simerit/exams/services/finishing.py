"""Finishing an attempt: score it, seal its answer log into a hash chain, anchor the hash in the
audit chain (docs/decisions/0008-exam-answer-log.md). An attempt finishes when the participant
submits, when a proctor stops it, or at its deadline (`finish_expired`, run every minute by cron;
`finish_if_expired` on any later call of the attempt). A paused attempt never expires.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.exams.models import Attempt, IntegrityEvent
from simerit.exams.services.integrity import attempt_chain
from simerit.exams.services.scoring import score_attempt


def is_expired(attempt: Attempt, now: dt.datetime) -> bool:
    return attempt.status == Attempt.Status.ACTIVE and attempt.deadline <= now


@transaction.atomic
def _finish(
    *,
    attempt_id: int,
    reason: str,
    actor: User | None,
    now: dt.datetime,
) -> tuple[Attempt, bool]:
    """(attempt, whether this call finished it)."""
    # The row lock also waits for answer writes in flight: on PostgreSQL the answer INSERT locks
    # the attempt row FOR KEY SHARE and re-checks its status after this transaction commits.
    attempt = (
        Attempt.objects.select_for_update(of=("self",))
        .select_related("blueprint", "participant__application__formasi")
        .get(pk=attempt_id)
    )
    if attempt.status == Attempt.Status.FINISHED:
        return attempt, False
    if reason == Attempt.FinishReason.TIMEOUT and not is_expired(attempt, now):
        return attempt, False  # paused, or the deadline was extended meanwhile
    sheet, verdict = score_attempt(attempt)
    final_hash, event_count = attempt_chain(attempt.pk)
    attempt.status = Attempt.Status.FINISHED
    attempt.finish_reason = reason
    # A timeout ends the exam at the deadline itself, however late the job notices it.
    attempt.finished_at = attempt.deadline if reason == Attempt.FinishReason.TIMEOUT else now
    attempt.paused_at = None
    attempt.scores = sheet.scores
    attempt.total = sheet.total
    attempt.passed = verdict.passed
    attempt.result_reason = verdict.reason
    attempt.final_hash = final_hash
    attempt.event_count = event_count
    attempt.save(
        update_fields=[
            "status",
            "finish_reason",
            "finished_at",
            "paused_at",
            "scores",
            "total",
            "passed",
            "result_reason",
            "final_hash",
            "event_count",
        ]
    )
    IntegrityEvent.objects.create(
        attempt=attempt,
        participant_id=attempt.participant_id,
        kind=IntegrityEvent.Kind.FINISHED,
        detail={"reason": reason, "final_hash": final_hash, "event_count": event_count},
        server_at=now,
        actor=actor,
    )
    if not attempt.is_practice:
        # Tryouts are never official results: no audit row (ADR 0008).
        audit.record(
            actor=actor,
            action="exams.attempt.finished",
            target=attempt,
            changes={
                "final_hash": final_hash,
                "total": sheet.total,
                "event_count": event_count,
                "scores": sheet.scores,
                "passed": verdict.passed,
                "finish_reason": reason,
            },
        )
    return attempt, True


def finish_attempt(
    *,
    attempt: Attempt,
    reason: Attempt.FinishReason,
    actor: User | None = None,
    now: dt.datetime | None = None,
) -> Attempt:
    """Score, seal and close the attempt; a finished attempt is returned unchanged.

    With reason TIMEOUT the attempt is closed only if it is active and past its deadline.
    """
    finished, _ = _finish(
        attempt_id=attempt.pk, reason=reason, actor=actor, now=now or timezone.now()
    )
    return finished


def finish_if_expired(attempt: Attempt, now: dt.datetime | None = None) -> Attempt:
    """Close the attempt if it is active and its deadline has passed; else return it as is."""
    now = now or timezone.now()
    if not is_expired(attempt, now):
        return attempt
    return finish_attempt(attempt=attempt, reason=Attempt.FinishReason.TIMEOUT, now=now)


def finish_expired(*, now: dt.datetime | None = None) -> int:
    """Close every active attempt past its deadline (idempotent); returns how many it closed."""
    now = now or timezone.now()
    expired = Attempt.objects.filter(status=Attempt.Status.ACTIVE, deadline__lte=now)
    closed = 0
    for attempt_id in expired.values_list("pk", flat=True).order_by("deadline", "pk"):
        _, done = _finish(
            attempt_id=attempt_id, reason=Attempt.FinishReason.TIMEOUT, actor=None, now=now
        )
        closed += done
    return closed
