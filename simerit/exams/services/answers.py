"""Saving one answer event: the exam's hot path (PERF-NOTES.md; ADR 0008).

A saved answer is ONE SQL statement: an INSERT ... SELECT that appends the event only if the
attempt row has this browser token, is active and before its deadline, and that ignores a resent
(attempt, client_seq). It runs in autocommit: no BEGIN/COMMIT round trips and, on SQLite, no write
lock held across Python code. Everything else happens before it (the position and option are
checked against the attempt's immutable layout, cached in this process) or only when it stored
nothing (the slow path finds out why, logs it and answers with a precise code).

This deliberately writes no audit row: the events are the record, sealed into the attempt's hash
chain and anchored in the audit chain when the attempt finishes.
"""

import datetime as dt
import threading
from collections import OrderedDict
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from simerit.core.exceptions import InvalidInputError
from simerit.exams.models import AnswerEvent, Attempt, AttemptItem, IntegrityEvent
from simerit.exams.services import integrity
from simerit.exams.services.attempts import AttemptError, token_matches, token_refusal
from simerit.exams.services.finishing import finish_if_expired

ANSWER = AnswerEvent.Kind.ANSWER
KINDS = frozenset(AnswerEvent.Kind.values)
MAX_SEQ = 2_147_483_647  # PositiveIntegerField on PostgreSQL
# Refused answers to a finished attempt logged at most, per attempt (one row per seq below
# that): a browser left open after the end, or a script, cannot grow the proctor's log.
MAX_FINISHED_REFUSAL_LOGS = 100

# `status = 'active'` is Attempt.Status.ACTIVE. SQLite needs the SELECT to have a WHERE clause so
# that ON CONFLICT is not parsed as a join constraint (sqlite.org/lang_upsert.html, "Parsing
# Ambiguity"); it has one. {lock}: see _insert.
INSERT_SQL = (
    'INSERT INTO exams_answerevent (attempt_id, client_seq, position, kind, "option", server_at) '
    "SELECT id, %s, %s, %s, %s, %s FROM exams_attempt "
    "WHERE id = %s AND browser_token = %s AND status = 'active' AND deadline > %s{lock} "
    "ON CONFLICT (attempt_id, client_seq) DO NOTHING"
)
INSERT_SQL_BY_VENDOR = {
    "sqlite": INSERT_SQL.format(lock=""),
    "postgresql": INSERT_SQL.format(lock=" FOR KEY SHARE"),
}


@dataclass(frozen=True)
class Event:
    """One answer event as the browser sent it, stamped with the server's time."""

    attempt_id: int
    token: str
    seq: int
    position: int
    kind: str
    option: str
    now: dt.datetime


@dataclass(frozen=True)
class SaveResult:
    seq: int
    duplicate: bool = False
    saved: bool = True


# --- The layout cache: {(attempt id, token): positions' option keys}. A layout never changes
# after the start, so every worker process keeps its own copy; the token in the key means a
# wrong token never fills the cache and a reused id (restored database) never reads a stale one.

Layout = tuple[frozenset[str] | None, ...]  # index = position; index 0 unused
LAYOUT_CACHE_SIZE = 4096
_layouts: OrderedDict[tuple[int, str], Layout] = OrderedDict()
_layouts_lock = threading.Lock()
_option_sets: dict[tuple[str, ...], frozenset[str]] = {}


def clear_layout_cache() -> None:
    with _layouts_lock:
        _layouts.clear()


def _option_set(keys: list[str]) -> frozenset[str]:
    """Shared frozensets: most questions have the keys A–E, so a layout costs a pointer each."""
    key = tuple(sorted(keys))
    found = _option_sets.get(key)
    if found is None:
        found = _option_sets.setdefault(key, frozenset(key))
    return found


def _load_layout(attempt_id: int, token: str) -> Layout | None:
    rows = list(
        AttemptItem.objects.filter(attempt_id=attempt_id, attempt__browser_token=token)
        .order_by("position")
        .values_list("position", "option_order")
    )
    if not rows:
        return None
    layout: list[frozenset[str] | None] = [None] * (rows[-1][0] + 1)
    for position, option_order in rows:
        layout[position] = _option_set([str(key) for key in option_order])
    return tuple(layout)


def _layout(attempt_id: int, token: str) -> Layout | None:
    key = (attempt_id, token)
    with _layouts_lock:
        layout = _layouts.get(key)
        if layout is not None:
            _layouts.move_to_end(key)
            return layout
    layout = _load_layout(attempt_id, token)
    if layout is not None:
        with _layouts_lock:
            _layouts[key] = layout
            if len(_layouts) > LAYOUT_CACHE_SIZE:
                _layouts.popitem(last=False)
    return layout


def _problem(layout: Layout, position: int, kind: str, option: str) -> str | None:
    options = layout[position] if 0 < position < len(layout) else None
    if options is None:
        return "invalid_position"
    if kind not in KINDS or (option not in options if kind == ANSWER else option != ""):
        return "invalid_option"
    return None


def _insert(event: Event) -> int:
    """Rows inserted (1, or 0 when the attempt refused it or the seq is already stored).

    On PostgreSQL the SELECT locks the attempt row FOR KEY SHARE, the lock the foreign-key check
    takes anyway: an insert that races a finish (which holds the row FOR UPDATE) waits, then
    re-checks the status and stores nothing, so no acknowledged answer is left out of the sealed
    chain. SQLite serialises writers, which gives the same guarantee.
    """
    at = connection.ops.adapt_datetimefield_value(event.now)
    params = (
        event.seq,
        event.position,
        event.kind,
        event.option,
        at,
        event.attempt_id,
        event.token,
        at,
    )
    with connection.cursor() as cursor:
        cursor.execute(INSERT_SQL_BY_VENDOR[connection.vendor], params)
        return int(cursor.rowcount)


def save_answer(
    *,
    attempt_id: int,
    token: str,
    seq: int,
    position: int,
    kind: str,
    option: str,
    now: dt.datetime | None = None,
) -> SaveResult:
    """Append one answer event (answer, clear, flag, unflag) sent by the attempt's browser.

    Idempotent by (attempt, seq): resending a stored event answers `duplicate`. Refusals raise
    AttemptError with the API code; nothing is stored and the proctor's log gets the event.
    """
    event = Event(attempt_id, token, seq, position, kind, option, now or timezone.now())
    layout = _layout(attempt_id, token) if token else None
    if layout is None:
        attempt = Attempt.objects.filter(pk=attempt_id).first() if token else None
        raise _refusal(attempt, event) or AttemptError("invalid_token")
    if seq < 1 or seq > MAX_SEQ:
        raise InvalidInputError({"seq": [f"Nomor urut kiriman harus 1 sampai {MAX_SEQ}."]})
    problem = _problem(layout, position, kind, option)
    if problem is not None:
        raise _invalid(event, problem)
    if _insert(event) == 1:
        return SaveResult(seq=seq)
    return _explain(event)


# --- The slow path: the INSERT stored nothing, or the request was invalid. Rare by design.


def _invalid(event: Event, problem: str) -> AttemptError:
    attempt = Attempt.objects.filter(pk=event.attempt_id).first()
    if attempt is None or not token_matches(attempt.browser_token, event.token):
        # A cached layout of a browser replaced since.
        return _refusal(attempt, event) or AttemptError("invalid_token")
    detail: dict[str, int | str] = {
        "code": problem,
        "seq": event.seq,
        "position": event.position,
        "kind": event.kind[:1],
        "option": event.option[:2],
    }
    _log(attempt, IntegrityEvent.Kind.INVALID_ANSWER, detail, event.now)
    return AttemptError(problem, field="position" if problem == "invalid_position" else "option")


def _explain(event: Event) -> SaveResult:
    """Why the INSERT stored nothing: a resend (success), or a refusal (raised)."""
    attempt = Attempt.objects.filter(pk=event.attempt_id).first()
    if attempt is not None and token_matches(attempt.browser_token, event.token):
        stored = (
            AnswerEvent.objects.filter(attempt_id=event.attempt_id, client_seq=event.seq)
            .values_list("position", "kind", "option")
            .first()
        )
        if stored == (event.position, event.kind, event.option):
            return SaveResult(seq=event.seq, duplicate=True)
        if stored is not None and attempt.status != Attempt.Status.FINISHED:
            raise AttemptError("seq_conflict", field="seq")
    error = _refusal(attempt, event)
    if error is not None:
        raise error
    # Nothing is wrong any more (e.g. a proctor resumed the attempt in between): once more.
    if _insert(event) == 1:
        return SaveResult(seq=event.seq)
    raise AttemptError("retry")


def _refusal(attempt: Attempt | None, event: Event) -> AttemptError | None:
    """Why the attempt refuses this browser's write now (logged for the proctor), or None."""
    if attempt is None or not event.token:
        return AttemptError("invalid_token")
    if not token_matches(attempt.browser_token, event.token):
        error = token_refusal(attempt.pk, event.token)
        if error.code == "locked_out":
            _log(attempt, IntegrityEvent.Kind.LOCKED_OUT, {"seq": event.seq}, event.now)
        return error
    if attempt.status == Attempt.Status.FINISHED:
        _log_after_finish(attempt, event)
        return AttemptError("finished")
    if attempt.status == Attempt.Status.PAUSED:
        return AttemptError("paused")
    if attempt.deadline <= event.now:
        detail: dict[str, int | str] = {"seq": event.seq, "code": "deadline_passed"}
        _log(attempt, IntegrityEvent.Kind.LATE_ANSWER, detail, event.now)
        finish_if_expired(attempt, now=event.now)
        return AttemptError("deadline_passed")
    return None


def _log_after_finish(attempt: Attempt, event: Event) -> None:
    """Log a (new) answer to a finished attempt: past its deadline a LATE_ANSWER (usually: the
    minute job closed it first), before it (submitted or stopped early) an INVALID_ANSWER. A
    resend of a stored event never gets here (_explain answers it as a duplicate), and each seq
    is logged once per attempt, MAX_FINISHED_REFUSAL_LOGS at most."""
    late = attempt.deadline <= event.now
    kind = IntegrityEvent.Kind.LATE_ANSWER if late else IntegrityEvent.Kind.INVALID_ANSWER
    logged = list(
        IntegrityEvent.objects.filter(
            attempt=attempt,
            kind__in=[IntegrityEvent.Kind.LATE_ANSWER, IntegrityEvent.Kind.INVALID_ANSWER],
            detail__code="finished",
        ).values_list("detail", flat=True)[:MAX_FINISHED_REFUSAL_LOGS]
    )
    if len(logged) >= MAX_FINISHED_REFUSAL_LOGS or any(d.get("seq") == event.seq for d in logged):
        return
    _log(attempt, kind, {"seq": event.seq, "code": "finished"}, event.now)


def _log(attempt: Attempt, kind: str, detail: dict[str, int | str], now: dt.datetime) -> None:
    integrity.log_event(attempt=attempt, kind=kind, detail=detail, now=now)
