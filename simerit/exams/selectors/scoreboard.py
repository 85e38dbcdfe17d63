"""The live public scoreboard of a sitting (issue #4 item 6; domain reference §2.5: CAT BKN shows
scores moving in real time on public screens at the test site).

The board is public and may be open on a thousand screens and phones at once, so it never reads
the database per viewer (../shared/PERF-NOTES.md): it is computed at most once per
SIMERIT_SCOREBOARD_CACHE_SECONDS (default 5) and served from the cache. The computation is
single-flight: the request that wins `cache.add` on a lock recomputes while every other request
keeps serving the previous board. The cache is the per-process "local" memory cache (settings),
whatever DJANGO_CACHE_URL says: a viewer never touches the database, and each worker computes at
most once per interval (a database cache would put a query back on every viewer's request).

Running scores of attempts in progress are replayed from their answer events (one query for the
whole sitting) with the same rules as the final scoring (rules.scoring). Finished attempts show
their stored scores. Only registration numbers and masked names are shown: no NIK, no full name.
"""

import datetime as dt
import re
import time
from collections import defaultdict
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
from simerit.exams.services.scoring import decisions_for

KEY_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
CACHE_PREFIX = "exams:scoreboard:"
# A stale board is kept this many intervals so that it can be served while one request
# recomputes; the lock expires on its own if that request dies.
STALE_INTERVALS = 12
LOCK_SECONDS = 30
# A request that finds neither a board nor the lock free waits for the one computing it.
COLD_WAIT_SECONDS = 2.0
COLD_WAIT_STEP = 0.05
MISSING = "missing"
RECENT_DAYS = 7

STATUS_NOT_STARTED = "belum_mulai"
STATUS_LABELS = {
    STATUS_NOT_STARTED: "Belum mulai",
    Attempt.Status.ACTIVE: "Mengerjakan",
    Attempt.Status.PAUSED: "Dijeda",
    Attempt.Status.FINISHED: "Selesai",
}


# Per-process memory (settings.CACHES["local"]).
cache = caches["local"]


def cache_seconds() -> int:
    return int(settings.SIMERIT_SCOREBOARD_CACHE_SECONDS)


def mask_name(name: str) -> str:
    """ "Budi Santoso" -> "Bu*** Sa***": two letters of each word and a fixed tail, so that a
    participant recognises their row without the board showing a name or its length."""
    return " ".join(word[:2] + "***" for word in name.split())


def public_sittings(*, now: dt.datetime | None = None) -> QuerySet[Sitting]:
    """Sittings with a public board: real exams (not tryouts) of today and the last days."""
    today = timezone.localdate(now or timezone.now())
    return (
        Sitting.objects.exclude(blueprint__kind=ExamKind.TRYOUT)
        .filter(
            starts_at__date__gte=today - dt.timedelta(days=RECENT_DAYS),
            starts_at__date__lte=today,
        )
        .select_related("blueprint")
        .order_by("-starts_at", "code")
    )


def _item_keys(sitting: Sitting, attempt_ids: list[int]) -> dict[int, list[ItemKey]]:
    """ItemKeys per attempt in three queries: the served positions, the blueprint's versions
    (every attempt of a blueprint serves the same versions, each in its own order) and the
    item decisions."""
    served = AttemptItem.objects.filter(attempt_id__in=attempt_ids).values_list(
        "attempt_id", "position", "question_version_id", "section_id"
    )
    rows = list(served)
    if not rows:
        return {}
    versions = {
        item.question_version_id: item
        for item in BlueprintItem.objects.filter(blueprint_id=sitting.blueprint_id).select_related(
            "question_version__question", "section__category"
        )
    }
    decisions = decisions_for(sitting.blueprint)
    keys: dict[int, list[ItemKey]] = defaultdict(list)
    for attempt_id, position, version_id, _section_id in rows:
        item = versions.get(version_id)
        if item is None:
            continue
        version = item.question_version
        section = item.section
        keys[attempt_id].append(
            ItemKey(
                position=position,
                category=section.category.code,
                kind=version.question.kind,
                option_points={option["key"]: int(option["points"]) for option in version.options},
                correct_points=section.correct_points,
                wrong_points=section.wrong_points,
                blank_points=section.blank_points,
                decision=decisions.get(version_id),
            )
        )
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
    """The board of the sitting with this key (JSON-ready), or None: unknown key or a tryout."""
    sitting = (
        Sitting.objects.select_related("blueprint")
        .exclude(blueprint__kind=ExamKind.TRYOUT)
        .filter(scoreboard_key=key)
        .first()
    )
    if sitting is None:
        return None
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
    rows: list[dict[str, Any]] = []
    for person in participants:
        attempt = attempts[person.pk]
        status = attempt.status if attempt is not None else STATUS_NOT_STARTED
        scores: dict[str, int] = {}
        total: int | None = None
        passed: bool | None = None
        if attempt is not None and attempt.status == Attempt.Status.FINISHED:
            scores = {code: int(value) for code, value in (attempt.scores or {}).items()}
            total = attempt.total
            passed = attempt.passed
        elif attempt is not None:
            scores, total = running[attempt.pk]
        rows.append(
            {
                "registration_number": person.application.registration_number,
                "name": mask_name(person.application.applicant.name),
                "scores": {code: scores.get(code, 0) for code in sections} if scores else {},
                "total": total,
                "status": str(status),
                "status_label": STATUS_LABELS[status],
                "passed": passed,
            }
        )
    _rank(rows)
    generated = now or timezone.now()
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
        "generated_at": generated.isoformat(),
        "generated_time": timezone.localtime(generated).strftime("%H.%M.%S"),
        "refresh_seconds": cache_seconds(),
    }


def get_scoreboard(key: str, *, clock: float | None = None) -> dict[str, Any] | None:
    """The cached board (None: no such public board). At most one computation per interval.

    The cache holds {"fresh_until": epoch seconds, "board": board-or-"missing"}; an unknown key
    is cached too, so guessing keys does not reach the database either.
    """
    if not KEY_PATTERN.match(key):
        return None
    now = time.time() if clock is None else clock
    data_key = CACHE_PREFIX + key
    entry = cache.get(data_key)
    if entry is not None and entry["fresh_until"] > now:
        return _board(entry)
    lock_key = data_key + ":lock"
    if cache.add(lock_key, "1", timeout=LOCK_SECONDS):
        try:
            return _recompute(key, data_key, now)
        finally:
            cache.delete(lock_key)
    if entry is not None:
        return _board(entry)  # stale while another request recomputes
    return _wait_for_board(key, data_key, now)


def _board(entry: dict[str, Any]) -> dict[str, Any] | None:
    board: dict[str, Any] | str = entry["board"]
    return board if isinstance(board, dict) else None


def _recompute(key: str, data_key: str, now: float) -> dict[str, Any] | None:
    board = compute_scoreboard(key)
    interval = cache_seconds()
    entry = {"fresh_until": now + interval, "board": board if board is not None else MISSING}
    cache.set(data_key, entry, timeout=max(interval * STALE_INTERVALS, LOCK_SECONDS))
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
    return _recompute(key, data_key, now)
