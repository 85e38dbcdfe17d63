"""What the exam page and the exam API show of an attempt: its state (items in this participant's
order, current answers, the server's clock), its clock alone, and its result. Option points never
leave the server.
"""

import datetime as dt
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from simerit.exams.models import AnswerEvent, Attempt, AttemptItem
from simerit.exams.rules.scoring import fold_events


def remaining_seconds(attempt: Attempt, now: dt.datetime) -> int:
    """Whole seconds left by the server's clock; a paused attempt keeps what it had at the pause."""
    if attempt.status == Attempt.Status.FINISHED:
        return 0
    reference = attempt.paused_at if attempt.status == Attempt.Status.PAUSED else now
    left = (attempt.deadline - (reference or now)).total_seconds()
    return max(0, int(left))


def image_url(attempt_id: int, position: int) -> str | None:
    try:
        return reverse("exams:take-image", args=[attempt_id, position])
    except NoReverseMatch:
        return None


def _item(attempt_id: int, item: AttemptItem) -> dict[str, Any]:
    version = item.question_version
    texts = {str(option["key"]): str(option["text"]) for option in version.options}
    return {
        "position": item.position,
        "section": item.section.category.code,
        "section_name": item.section.category.name,
        "text": version.text,
        "image_url": image_url(attempt_id, item.position) if version.image else None,
        "options": [{"key": key, "text": texts.get(key, "")} for key in item.option_order],
    }


def attempt_state(attempt: Attempt, *, now: dt.datetime | None = None) -> dict[str, Any]:
    """Everything a (reloaded) exam page needs, from the server alone: two queries (items and
    events) once `attempt.blueprint` is loaded (`services.attempts.authenticate` loads it)."""
    now = now or timezone.now()
    items = (
        AttemptItem.objects.filter(attempt=attempt)
        .select_related("question_version", "section__category")
        .order_by("position")
    )
    events = list(
        AnswerEvent.objects.filter(attempt=attempt)
        .order_by("id")
        .values_list("position", "kind", "option", "client_seq")
    )
    answers, flagged = fold_events((position, kind, option) for position, kind, option, _ in events)
    return {
        "id": attempt.pk,
        "status": attempt.status,
        "is_practice": attempt.is_practice,
        "blueprint_name": attempt.blueprint.name,
        "server_now": now.isoformat(),
        "deadline": attempt.deadline.isoformat(),
        "remaining_seconds": remaining_seconds(attempt, now),
        "items": [_item(attempt.pk, item) for item in items],
        "answers": {str(position): key for position, key in sorted(answers.items())},
        "flagged": sorted(flagged),
        "last_seq": max((seq for *_, seq in events), default=0),
    }


def attempt_clock(attempt: Attempt, *, now: dt.datetime | None = None) -> dict[str, Any]:
    """The exam page's periodic sync (a pause, a resumption or an extension by the proctor):
    the status and the server's time left, from the authenticated attempt alone (no query)."""
    now = now or timezone.now()
    return {
        "status": attempt.status,
        "remaining_seconds": remaining_seconds(attempt, now),
        "server_now": now.isoformat(),
    }


def attempt_result(attempt: Attempt) -> dict[str, Any]:
    """The result shown to the participant at once (issue #4 item 5) with the sealed hash."""
    return {
        "status": attempt.status,
        "scores": dict(attempt.scores),
        "total": attempt.total,
        "passed": attempt.passed,
        "result_reason": attempt.result_reason,
        "final_hash": attempt.final_hash,
        "finish_reason": attempt.finish_reason,
    }
