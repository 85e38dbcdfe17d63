"""The live public scoreboard of a sitting (issue #4 item 6; domain reference §2.5: CAT BKN shows
scores moving in real time on public screens at the test site).

The board is public and may be open on a thousand screens and phones at once, so it never reads
the database per viewer (../shared/PERF-NOTES.md): it is computed at most once per
SIMERIT_SCOREBOARD_CACHE_SECONDS (default 5) and served from the cache. The computation is
single-flight: the request that wins `cache.add` on a lock recomputes while every other request
keeps serving the previous board. The cache is the per-process "local" memory cache (settings),
whatever DJANGO_CACHE_URL says: a viewer never touches the database, and each worker computes at
most once per interval (a database cache would put a query back on every viewer's request).

A board is public for OPEN_DAYS days after its sitting's date (UU 27/2022 PDP: data
minimisation); afterwards it is closed (BoardClosedError) and the index no longer lists it.

Unknown keys never enter the board cache: a guessed key costs one indexed query and is then
remembered for a few seconds in a small separate memo (`misses`), so guessing can push out only
other guessed keys, never a real board.

Running scores of attempts in progress are replayed from their answer events (one query for the
whole sitting) with the same inputs and rules as the final scoring (services.scoring.item_keys,
rules.scoring). Finished attempts show their stored scores. Only registration numbers and names
masked by the one public masking (recruitment.rules.mask_name) are shown: no NIK, no full name.
"""

import datetime as dt
import re
import threading
import time
from collections import OrderedDict, defaultdict
from dataclasses import replace
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db.models import QuerySet
from django.utils import timezone

from simerit.exams.models import (
    AnswerEvent,
    Attempt,
    AttemptItem,
    BlueprintItem,
    BlueprintSection,
    ExamKind,
    Participant,
    Sitting,
)
from simerit.exams.rules.scoring import ItemKey, fold_events, score_sheet
from simerit.exams.selectors.sittings import sitting_has_ended
from simerit.exams.services.scoring import decisions_for, item_keys
from simerit.recruitment.rules import mask_name

KEY_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
CACHE_PREFIX = "exams:scoreboard:"
# A stale board is kept this many intervals so that it can be served while one request
# recomputes; the lock expires on its own if that request dies.
STALE_INTERVALS = 12
LOCK_SECONDS = 30
# A request that finds neither a board nor the lock free waits for the one computing it.
COLD_WAIT_SECONDS = 2.0
COLD_WAIT_STEP = 0.05
# A sitting's board is public from its creation until this many days after the sitting's date;
# the index lists the sittings of today and of these last days.
OPEN_DAYS = 30
CLOSED = "closed"
CLOSED_MESSAGE = "Papan skor sesi ini sudah ditutup."
# Unknown keys remembered per process (apart from the boards), each for one interval.
MISS_SLOTS = 1000

STATUS_NOT_STARTED = "belum_mulai"
STATUS_ABSENT = "tidak_hadir"
STATUS_LABELS = {
    STATUS_NOT_STARTED: "Belum mulai",
    STATUS_ABSENT: "Tidak hadir",
    Attempt.Status.ACTIVE: "Mengerjakan",
    Attempt.Status.PAUSED: "Dijeda",
    Attempt.Status.FINISHED: "Selesai",
}


class BoardClosedError(Exception):
    """The sitting exists but its public board is closed (OPEN_DAYS after the sitting)."""


class Misses:
    """Unknown keys looked up lately: at most `slots`, each until its time is up, oldest out
    first. Kept apart from the board cache so that guessed keys cannot evict real boards."""

    def __init__(self, slots: int) -> None:
        self.slots = slots
        self._until: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def recent(self, key: str, now: float) -> bool:
        with self._lock:
            until = self._until.get(key)
            if until is None:
                return False
            if until <= now:
                del self._until[key]
                return False
            return True

    def add(self, key: str, until: float) -> None:
        with self._lock:
            self._until[key] = until
            self._until.move_to_end(key)
            while len(self._until) > self.slots:
                self._until.popitem(last=False)

    def __len__(self) -> int:
        return len(self._until)

    def clear(self) -> None:
        with self._lock:
            self._until.clear()


# Per-process memory (settings.CACHES["local"]) for boards, and the memo of unknown keys.
cache = caches["local"]
misses = Misses(MISS_SLOTS)


def cache_seconds() -> int:
    return int(settings.SIMERIT_SCOREBOARD_CACHE_SECONDS)


def is_open(sitting: Sitting, *, now: dt.datetime | None = None) -> bool:
    """The board stays public until OPEN_DAYS days after the sitting's (local) date."""
    today = timezone.localdate(now or timezone.now())
    return timezone.localdate(sitting.starts_at) >= today - dt.timedelta(days=OPEN_DAYS)


def public_sittings(*, now: dt.datetime | None = None) -> QuerySet[Sitting]:
    """Sittings with an open public board: real exams (not tryouts) of today and the last
    OPEN_DAYS days (the same bound as is_open)."""
    today = timezone.localdate(now or timezone.now())
    return (
        Sitting.objects.exclude(blueprint__kind=ExamKind.TRYOUT)
        .filter(
            starts_at__date__gte=today - dt.timedelta(days=OPEN_DAYS),
            starts_at__date__lte=today,
        )
        .select_related("blueprint")
        .order_by("-starts_at", "code")
    )


def _item_keys(sitting: Sitting, attempt_ids: list[int]) -> dict[int, list[ItemKey]]:
    """ItemKeys per attempt in three queries: the served positions, the blueprint's items (every
    attempt of a blueprint serves the same versions, each in its own order) and the item
    decisions. The keys come from services.scoring.item_keys, as at the finish: one per
    blueprint item (an unsaved AttemptItem gives it a served item's shape), then each served
    row takes its own position."""
    served = list(
        AttemptItem.objects.filter(attempt_id__in=attempt_ids).values_list(
            "attempt_id", "position", "question_version_id"
        )
    )
    if not served:
        return {}
    items = list(
        BlueprintItem.objects.filter(blueprint_id=sitting.blueprint_id).select_related(
            "question_version__question", "section__category"
        )
    )
    shapes = [
        AttemptItem(position=0, question_version=item.question_version, section=item.section)
        for item in items
    ]
    templates = item_keys(shapes, decisions=decisions_for(sitting.blueprint))
    by_version = {item.question_version_id: key for item, key in zip(items, templates, strict=True)}
    keys: dict[int, list[ItemKey]] = defaultdict(list)
    for attempt_id, position, version_id in served:
        template = by_version.get(version_id)
        if template is not None:
            keys[attempt_id].append(replace(template, position=position))
    return keys


def _running_scores(
    sitting: Sitting, attempt_ids: list[int]
) -> dict[int, tuple[dict[str, int], int]]:
    """Scores of attempts in progress, replayed from all their events in one query."""
    if not attempt_ids:
        return {}
    keys = _item_keys(sitting, attempt_ids)
    events: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    rows = (
        AnswerEvent.objects.filter(attempt_id__in=attempt_ids)
        .order_by("id")
        .values_list("attempt_id", "position", "kind", "option")
    )
    for attempt_id, position, kind, option in rows.iterator(chunk_size=5000):
        events[attempt_id].append((position, kind, option))
    scores = {}
    for attempt_id in attempt_ids:
        answers, _ = fold_events(events.get(attempt_id, []))
        sheet = score_sheet(keys.get(attempt_id, []), answers)
        scores[attempt_id] = (sheet.scores, sheet.total)
    return scores


def _rank(rows: list[dict[str, Any]]) -> None:
    """Highest total first, equal totals share a rank (1, 2, 2, 4); those who have not started
    come last without a rank; then by registration number."""
    rows.sort(
        key=lambda row: (row["total"] is None, -(row["total"] or 0), row["registration_number"])
    )
    previous: tuple[int | None, int | None] = (None, None)  # (total, rank)
    for position, row in enumerate(rows, start=1):
        total = row["total"]
        if total is None:
            row["rank"] = None
            continue
        rank = previous[1] if previous[0] == total else position
        row["rank"] = rank
        previous = (total, rank)


def compute_scoreboard(key: str, *, now: dt.datetime | None = None) -> dict[str, Any] | None:
    """The board of the sitting with this key (JSON-ready), or None: unknown key or a tryout.

    Raises BoardClosedError once the board is closed (is_open). After the sitting has ended
    (selectors.sittings.sitting_has_ended) a participant who never started is "Tidak hadir".
    """
    now = now or timezone.now()
    sitting = (
        Sitting.objects.select_related("blueprint")
        .exclude(blueprint__kind=ExamKind.TRYOUT)
        .filter(scoreboard_key=key)
        .first()
    )
    if sitting is None:
        return None
    if not is_open(sitting, now=now):
        raise BoardClosedError(CLOSED_MESSAGE)
    sections = list(
        BlueprintSection.objects.filter(blueprint_id=sitting.blueprint_id)
        .order_by("order", "pk")
        .values_list("category__code", flat=True)
    )
    participants = list(
        Participant.objects.filter(sitting=sitting)
        .select_related("application__applicant", "attempt")
        .order_by("seat_number", "pk")
    )
    attempts = {p.pk: getattr(p, "attempt", None) for p in participants}
    running_ids = [
        attempt.pk
        for attempt in attempts.values()
        if attempt is not None and attempt.status != Attempt.Status.FINISHED
    ]
    running = _running_scores(sitting, running_ids)
    ended = sitting_has_ended(sitting, now=now, people=participants)
    not_started = STATUS_ABSENT if ended else STATUS_NOT_STARTED
    rows = [
        _row(person, attempts[person.pk], sections, running, not_started) for person in participants
    ]
    _rank(rows)
    return {
        "sitting": {
            "code": sitting.code,
            "blueprint_name": sitting.blueprint.name,
            "kind": sitting.blueprint.kind,
            "site": sitting.site,
            "room": sitting.room,
            "starts_at": sitting.starts_at.isoformat(),
        },
        "sections": sections,
        "rows": rows,
        "generated_at": now.isoformat(),
        "generated_time": timezone.localtime(now).strftime("%H.%M.%S"),
        "refresh_seconds": cache_seconds(),
    }


def _row(
    person: Participant,
    attempt: Attempt | None,
    sections: list[str],
    running: dict[int, tuple[dict[str, int], int]],
    not_started: str,
) -> dict[str, Any]:
    status = attempt.status if attempt is not None else not_started
    scores: dict[str, int] = {}
    total: int | None = None
    passed: bool | None = None
    if attempt is not None and attempt.status == Attempt.Status.FINISHED:
        scores = {code: int(value) for code, value in (attempt.scores or {}).items()}
        total = attempt.total
        passed = attempt.passed
    elif attempt is not None:
        scores, total = running[attempt.pk]
    return {
        "registration_number": person.application.registration_number,
        "name": mask_name(person.application.applicant.name),
        "scores": {code: scores.get(code, 0) for code in sections} if scores else {},
        "total": total,
        "status": str(status),
        "status_label": STATUS_LABELS[status],
        "passed": passed,
    }


def get_scoreboard(key: str, *, clock: float | None = None) -> dict[str, Any] | None:
    """The cached board; None: no such public board. Raises BoardClosedError for a closed board.
    At most one computation per interval.

    The cache holds {"fresh_until": epoch seconds, "board": board-or-CLOSED}. An unknown key is
    not put in it (it could push real boards out of the bounded memory cache): it is remembered
    in `misses` for one interval instead, so a screen polling a dead link does not reach the
    database every time either.
    """
    if not KEY_PATTERN.match(key):
        return None
    now = time.time() if clock is None else clock
    data_key = CACHE_PREFIX + key
    entry = cache.get(data_key)
    if entry is not None and entry["fresh_until"] > now:
        return _board(entry)
    if entry is None and misses.recent(key, now):
        return None
    lock_key = data_key + ":lock"
    if cache.add(lock_key, "1", timeout=LOCK_SECONDS):
        try:
            return _recompute(key, data_key, now)
        finally:
            cache.delete(lock_key)
    if entry is not None:
        return _board(entry)  # stale while another request recomputes
    return _wait_for_board(key, data_key, now)


def _board(entry: dict[str, Any]) -> dict[str, Any]:
    board: dict[str, Any] | str = entry["board"]
    if not isinstance(board, dict):
        raise BoardClosedError(CLOSED_MESSAGE)
    return board


def _recompute(key: str, data_key: str, now: float) -> dict[str, Any] | None:
    interval = cache_seconds()
    timeout = max(interval * STALE_INTERVALS, LOCK_SECONDS)
    try:
        board = compute_scoreboard(key)
    except BoardClosedError:
        cache.set(data_key, {"fresh_until": now + interval, "board": CLOSED}, timeout=timeout)
        raise
    if board is None:
        cache.delete(data_key)  # a sitting deleted since: no stale board either
        misses.add(key, now + interval)
        return None
    cache.set(data_key, {"fresh_until": now + interval, "board": board}, timeout=timeout)
    return board


def _wait_for_board(key: str, data_key: str, now: float) -> dict[str, Any] | None:
    """No board yet and another request is computing it: wait briefly for its result rather
    than stampede the database; compute it only if that request takes too long."""
    waited = 0.0
    while waited < COLD_WAIT_SECONDS:
        time.sleep(COLD_WAIT_STEP)
        waited += COLD_WAIT_STEP
        entry = cache.get(data_key)
        if entry is not None:
            return _board(entry)
        if misses.recent(key, now):
            return None
    return _recompute(key, data_key, now)
