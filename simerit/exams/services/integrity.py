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
# What a browser's report may carry: whole numbers under known names only, so that a participant
# cannot write text into the proctor's log that reads like an official note.
CLIENT_DETAIL_KEYS = ("position", "ms")
MAX_CLIENT_NUMBER = 10**9
# Browser reports stored per attempt. A real exam produces tens (each blur, hidden page or paste);
# past this a script or a broken page is flooding the log. Further reports are still answered
# 204 (reporting never blocks the exam) but are not stored: the 500 already stored make the point.
MAX_CLIENT_EVENTS = 500
# A browser opening the exam page without the attempt's token is logged at most this often.
PAGE_WITHOUT_TOKEN_INTERVAL = dt.timedelta(minutes=1)
PAGE_WITHOUT_TOKEN = "page_without_token"  # noqa: S105 (a reason, not a secret)


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


def client_detail(detail: Mapping[str, Any] | None) -> dict[str, int]:
    """The known whole-number entries of a browser's report; everything else is dropped."""
    bounded: dict[str, int] = {}
    for key in CLIENT_DETAIL_KEYS:
        value = (detail or {}).get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            bounded[key] = max(-MAX_CLIENT_NUMBER, min(MAX_CLIENT_NUMBER, value))
    return bounded


def log_client_event(
    *, attempt: Attempt, kind: str, detail: Mapping[str, Any] | None, now: dt.datetime | None = None
) -> IntegrityEvent | None:
    """Store a report of the attempt's browser (focus lost, page hidden, paste), or None when it
    is not stored: the attempt is finished, or already has MAX_CLIENT_EVENTS reports."""
    if kind not in CLIENT_KINDS:
        raise ValueError(f"not a browser report: {kind!r}")
    if attempt.status == Attempt.Status.FINISHED:
        return None  # the page of a finished attempt has nothing left to report
    stored = IntegrityEvent.objects.filter(attempt=attempt, kind__in=CLIENT_KINDS)
    if stored.count() >= MAX_CLIENT_EVENTS:
        return None
    return log_event(attempt=attempt, kind=kind, detail=client_detail(detail), now=now)


def log_page_without_token(
    *, attempt: Attempt, actor: User | None, now: dt.datetime | None = None
) -> IntegrityEvent | None:
    """The participant's account opened the exam page in a browser that does not hold the
    attempt's token (another computer, or one locked out by a takeover): LOCKED_OUT with reason
    page_without_token, at most once per PAGE_WITHOUT_TOKEN_INTERVAL per attempt."""
    now = now or timezone.now()
    recent = IntegrityEvent.objects.filter(
        attempt=attempt,
        kind=IntegrityEvent.Kind.LOCKED_OUT,
        server_at__gt=now - PAGE_WITHOUT_TOKEN_INTERVAL,
        detail__reason=PAGE_WITHOUT_TOKEN,
    )
    if recent.exists():
        return None
    return log_event(
        attempt=attempt,
        kind=IntegrityEvent.Kind.LOCKED_OUT,
        detail={"reason": PAGE_WITHOUT_TOKEN},
        actor=actor,
        now=now,
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
