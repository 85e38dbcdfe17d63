"""Scoring attempts from the database: builds rules.scoring inputs and writes the results.

Shared by finishing an attempt (services/finishing.py), rescoring after an item decision
(services/decisions.py), the live scoreboard and the bench.
"""

from collections.abc import Iterable, Mapping

from simerit.exams.models import (
    Attempt,
    AttemptItem,
    Blueprint,
    ItemDecision,
    PassingRule,
)
from simerit.exams.rules.scoring import (
    ItemKey,
    PassRule,
    SheetScore,
    Verdict,
    fold_events,
    judge,
    score_sheet,
)
from simerit.recruitment.models import Track


def decisions_for(blueprint: Blueprint) -> dict[int, str]:
    """Item decisions of a blueprint: question_version_id -> mode."""
    return dict(
        ItemDecision.objects.filter(blueprint=blueprint).values_list("question_version_id", "mode")
    )


def item_keys(
    items: Iterable[AttemptItem], *, decisions: Mapping[int, str] | None = None
) -> list[ItemKey]:
    """ItemKeys for served items (select_related question_version__question, section__category)."""
    decisions = decisions or {}
    keys = []
    for item in items:
        version = item.question_version
        section = item.section
        keys.append(
            ItemKey(
                position=item.position,
                category=section.category.code,
                kind=version.question.kind,
                option_points={option["key"]: int(option["points"]) for option in version.options},
                correct_points=section.correct_points,
                wrong_points=section.wrong_points,
                blank_points=section.blank_points,
                decision=decisions.get(version.pk),
            )
        )
    return keys


def attempt_item_keys(
    attempt: Attempt, *, decisions: Mapping[int, str] | None = None
) -> list[ItemKey]:
    items = attempt.items.select_related(
        "question_version__question", "section__category"
    ).order_by("position")
    if decisions is None:
        decisions = decisions_for(attempt.blueprint)
    return item_keys(items, decisions=decisions)


def attempt_answers(attempt: Attempt) -> tuple[dict[int, str], set[int]]:
    """Current answers and flags of an attempt, replayed from its events in server order."""
    events = attempt.events.order_by("id").values_list("position", "kind", "option")
    return fold_events(events)


def pass_rule_for(blueprint: Blueprint, track: str) -> PassRule | None:
    """The track's own rule, else the blueprint's rule for every track (track ""), else none."""
    rules = {rule.track: rule for rule in PassingRule.objects.filter(blueprint=blueprint)}
    rule = rules.get(track) or rules.get("")
    if rule is None:
        return None
    return PassRule(
        category_minimums={code: int(value) for code, value in rule.category_minimums.items()},
        total_minimum=rule.total_minimum,
    )


def attempt_track(attempt: Attempt) -> str:
    """The track a participant is judged under: their formasi's track (tryouts: umum)."""
    if attempt.participant_id is None:
        return Track.UMUM
    return str(attempt.participant.application.formasi.track)  # type: ignore[union-attr]


def score_attempt(attempt: Attempt) -> tuple[SheetScore, Verdict]:
    """Score an attempt from its events (does not save)."""
    answers, _ = attempt_answers(attempt)
    sheet = score_sheet(attempt_item_keys(attempt), answers)
    verdict = judge(sheet, pass_rule_for(attempt.blueprint, attempt_track(attempt)))
    return sheet, verdict
