"""The integrity log the proctor reads, and the check of an attempt's sealed answer chain."""

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

from django.utils import timezone

from simerit.accounts.models import User
from simerit.exams.models import AnswerEvent, Attempt, IntegrityEvent
from simerit.exams.rules.integrity import chain

# What a participant's browser may report (issue #4 item 4: logged, never blocking).
CLIENT_KINDS = frozenset(
    {IntegrityEvent.Kind.FOCUS_LOST, IntegrityEvent.Kind.HIDDEN, IntegrityEvent.Kind.PASTE}
)
MAX_DETAIL_KEYS = 6
MAX_KEY_LENGTH = 40
MAX_TEXT_LENGTH = 200


def _finite(value: object) -> bool:
    return isinstance(value, float) and math.isfinite(value)


def bounded_detail(detail: Mapping[str, Any] | None) -> dict[str, Any]:
    """At most a few short scalar entries: a client cannot fill the log with large payloads."""
    bounded: dict[str, Any] = {}
    for key, value in (detail or {}).items():
        if len(bounded) == MAX_DETAIL_KEYS:
            break
        if isinstance(value, str):
            bounded[str(key)[:MAX_KEY_LENGTH]] = value[:MAX_TEXT_LENGTH]
        elif value is None or isinstance(value, bool | int) or _finite(value):
            bounded[str(key)[:MAX_KEY_LENGTH]] = value
    return bounded


def log_event(
    *,
    attempt: Attempt,
    kind: str,
    detail: Mapping[str, Any] | None,
    actor: User | None = None,
    now: dt.datetime | None = None,
) -> IntegrityEvent:
    """Append one integrity event to the attempt (autocommit: it stays even if the caller's
    request is then refused)."""
    if kind not in IntegrityEvent.Kind.values:
        raise ValueError(f"unknown integrity event kind {kind!r}")
    return IntegrityEvent.objects.create(
        attempt=attempt,
        participant_id=attempt.participant_id,
        kind=kind,
        detail=bounded_detail(detail),
        server_at=now or timezone.now(),
        actor=actor if actor is not None and actor.is_authenticated else None,
    )


def attempt_chain(attempt_id: int) -> tuple[str, int]:
    """The hash over the attempt's answer events in id (arrival) order, and their number."""
    events = list(
        AnswerEvent.objects.filter(attempt_id=attempt_id)
        .order_by("id")
        .values_list("client_seq", "position", "kind", "option", "server_at")
    )
    return chain(attempt_id, events), len(events)


def verify_attempt_chain(attempt: Attempt) -> bool:
    """True when a finished attempt's events still hash to the sealed final hash."""
    if attempt.status != Attempt.Status.FINISHED or not attempt.final_hash:
        return False
    final_hash, count = attempt_chain(attempt.pk)
    return final_hash == attempt.final_hash and count == attempt.event_count
