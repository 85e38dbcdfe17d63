"""Scoring an answer sheet: pure functions, no database (domain reference §2.1, §2.2, §2.6).

Points per answer come from configuration (the blueprint section and the question version),
passing grades from PassingRule rows. Nothing here knows a year's numbers.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

ANSWER = "a"
CLEAR = "c"
FLAG = "f"
UNFLAG = "u"
SINGLE = "single"
WEIGHTED = "weighted"
CREDIT_ALL = "credit_all"
DROP = "drop"


@dataclass(frozen=True)
class ItemKey:
    """What scoring needs to know about one served item."""

    position: int
    category: str
    kind: str  # SINGLE or WEIGHTED
    # Option key -> points. SINGLE: the correct option has points > 0, the others 0.
    option_points: Mapping[str, int]
    correct_points: int = 5
    wrong_points: int = 0
    blank_points: int = 0
    # An annulment: None, CREDIT_ALL or DROP.
    decision: str | None = None


@dataclass(frozen=True)
class SheetScore:
    scores: dict[str, int]
    total: int


@dataclass(frozen=True)
class PassRule:
    """Nilai ambang batas for the participant's track."""

    category_minimums: Mapping[str, int] = field(default_factory=dict)
    total_minimum: int | None = None


@dataclass(frozen=True)
class Verdict:
    passed: bool | None  # None: the blueprint sets no threshold (ranking decides)
    reason: str


def max_item_points(item: ItemKey) -> int:
    if item.kind == SINGLE:
        return item.correct_points
    return max(item.option_points.values(), default=0)


def item_score(item: ItemKey, chosen: str | None) -> int | None:
    """The points of one item; None when the item is dropped from scoring."""
    if item.decision == DROP:
        return None
    if item.decision == CREDIT_ALL:
        return max_item_points(item)
    if not chosen:
        return item.blank_points
    if item.kind == SINGLE:
        return item.correct_points if item.option_points.get(chosen, 0) > 0 else item.wrong_points
    return item.option_points.get(chosen, 0)


def fold_events(events: Iterable[tuple[int, str, str]]) -> tuple[dict[int, str], set[int]]:
    """Replay (position, kind, option) events in server order: the last answer or clear of a
    position wins; flags toggle. Returns (answers by position, flagged positions)."""
    answers: dict[int, str] = {}
    flagged: set[int] = set()
    for position, kind, option in events:
        if kind == ANSWER:
            answers[position] = option
        elif kind == CLEAR:
            answers.pop(position, None)
        elif kind == FLAG:
            flagged.add(position)
        elif kind == UNFLAG:
            flagged.discard(position)
    return answers, flagged


def score_sheet(items: Sequence[ItemKey], answers: Mapping[int, str]) -> SheetScore:
    """Sub-test scores and total of one answer sheet. Every category of `items` is present."""
    scores: dict[str, int] = {}
    for item in items:
        scores.setdefault(item.category, 0)
        points = item_score(item, answers.get(item.position))
        if points is not None:
            scores[item.category] += points
    return SheetScore(scores=scores, total=sum(scores.values()))


def judge(sheet: SheetScore, rule: PassRule | None) -> Verdict:
    """Pass or fail against the track's threshold, with the reason in Indonesian (§2.2)."""
    if rule is None or (not rule.category_minimums and rule.total_minimum is None):
        return Verdict(None, "Tidak ada nilai ambang batas; kelulusan ditentukan peringkat.")
    shortfalls = [
        f"{code} {sheet.scores.get(code, 0)} < {minimum}"
        for code, minimum in sorted(rule.category_minimums.items())
        if sheet.scores.get(code, 0) < minimum
    ]
    if rule.total_minimum is not None and sheet.total < rule.total_minimum:
        shortfalls.append(f"total {sheet.total} < {rule.total_minimum}")
    if shortfalls:
        return Verdict(False, "Tidak memenuhi nilai ambang batas: " + "; ".join(shortfalls) + ".")
    return Verdict(True, "Memenuhi nilai ambang batas.")
