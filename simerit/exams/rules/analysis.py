"""Item analysis of a finished exam: pure functions over a response matrix, no database.

Classical test theory (Crocker & Algina, *Introduction to Classical and Modern Test Theory*,
1986, ch. 14 and 7; Kelley 1939 for the 27 % groups):

- difficulty p: proportion answering correctly (single-answer items); mean score ÷ maximum
  points (weighted items, e.g. TKP 1–5);
- discrimination: point-biserial correlation between the item score and the *rest* score (total
  minus the item), i.e. Pearson's r = cov(x, y) / (σx σy); None when either variance is zero;
- distractor counts: how many chose each option, and how many left the item blank;
- reliability: KR-20 = k/(k−1) · (1 − Σ pᵢqᵢ / σ²_X) when every item is single-answer (scored on
  the number-correct total), Cronbach's α = k/(k−1) · (1 − Σ σ²ᵢ / σ²_X) in general. Both are
  None with fewer than two items or a zero total variance. Variances are population variances
  (divide by n), as in the textbook formulas.

Items are scored as answered: an annulment decision (credit to all, drop) is ignored here, so the
analysis keeps showing why the item was annulled. The review thresholds below are conventional
rules of thumb of item analysis, not regulation; a flag asks a person to look, it decides nothing.
"""

import hashlib
import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from simerit.exams.rules.scoring import SINGLE, ItemKey, item_score, max_item_points

# Rules of thumb (Crocker & Algina 1986; Ebel & Frisbie 1991), not regulation.
DIFFICULTY_TOO_HARD = 0.2  # p below this: almost nobody answers correctly
DIFFICULTY_TOO_EASY = 0.9  # p above this: almost everybody answers correctly
DISCRIMINATION_MINIMUM = 0.2  # point-biserial below this: the item hardly separates abilities
UPPER_GROUP_FRACTION = 0.27  # Kelley's upper group: the best 27 % by total score

TOO_HARD = "too_hard"
TOO_EASY = "too_easy"
LOW_DISCRIMINATION = "low_discrimination"
DISTRACTOR_BEATS_KEY = "distractor_beats_key"


def _decimal(value: float) -> str:
    """0.2 → "0,2", the Indonesian way."""
    return str(value).replace(".", ",")


FLAG_LABELS = {
    TOO_HARD: f"Terlalu sulit (p < {_decimal(DIFFICULTY_TOO_HARD)})",
    TOO_EASY: f"Terlalu mudah (p > {_decimal(DIFFICULTY_TOO_EASY)})",
    LOW_DISCRIMINATION: f"Daya beda rendah (< {_decimal(DISCRIMINATION_MINIMUM)})",
    DISTRACTOR_BEATS_KEY: "Pengecoh lebih banyak dipilih kelompok atas daripada kunci",
}

KR20 = "KR-20"
ALPHA = "alpha"


@dataclass(frozen=True)
class OptionCount:
    key: str
    count: int  # every examinee
    upper: int  # the upper group only
    is_key: bool  # SINGLE: the correct option; WEIGHTED: the option(s) with the most points


@dataclass(frozen=True)
class ItemStats:
    examinees: int
    difficulty: float | None
    discrimination: float | None
    options: tuple[OptionCount, ...]
    blanks: int
    flags: tuple[str, ...]


@dataclass(frozen=True)
class Reliability:
    method: str  # KR20 or ALPHA
    value: float | None


@dataclass(frozen=True)
class MatrixAnalysis:
    examinees: int
    items: tuple[ItemStats, ...]
    reliability: Reliability
    mean_total: float | None
    sd_total: float | None


# --- statistics


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def variance(values: Sequence[float]) -> float:
    """Population variance σ² = Σ(x − x̄)² / n (0 for fewer than two values)."""
    if len(values) < 2:
        return 0.0
    centre = sum(values) / len(values)
    return sum((value - centre) ** 2 for value in values) / len(values)


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r = Σ(x − x̄)(y − ȳ) / √(Σ(x − x̄)² · Σ(y − ȳ)²); None when a variance is zero."""
    if len(xs) != len(ys) or len(xs) < 2:
        return None
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def point_biserial(item_scores: Sequence[float], totals: Sequence[float]) -> float | None:
    """Item–rest correlation: r(item score, total − item score). For a 0/1 item this is the
    point-biserial r_pb = (M₁ − M₀)/σ · √(pq) against the rest score; None on zero variance."""
    rest = [total - score for score, total in zip(item_scores, totals, strict=True)]
    return pearson(item_scores, rest)


def kr20(correct: Sequence[Sequence[int]]) -> float | None:
    """Kuder–Richardson 20 over a 0/1 matrix (rows = examinees): k/(k−1) · (1 − Σpq / σ²_X)."""
    if not correct or len(correct[0]) < 2:
        return None
    k, n = len(correct[0]), len(correct)
    totals = [float(sum(row)) for row in correct]
    total_variance = variance(totals)
    if total_variance == 0:
        return None
    sum_pq = 0.0
    for column in range(k):
        p = sum(row[column] for row in correct) / n
        sum_pq += p * (1 - p)
    return k / (k - 1) * (1 - sum_pq / total_variance)


def cronbach_alpha(scores: Sequence[Sequence[float]]) -> float | None:
    """Cronbach's α over a score matrix (rows = examinees): k/(k−1) · (1 − Σσ²ᵢ / σ²_X)."""
    if not scores or len(scores[0]) < 2:
        return None
    k = len(scores[0])
    total_variance = variance([float(sum(row)) for row in scores])
    if total_variance == 0:
        return None
    item_variances = sum(variance([row[column] for row in scores]) for column in range(k))
    return k / (k - 1) * (1 - item_variances / total_variance)


# --- the matrix


def is_correct(item: ItemKey, chosen: str) -> bool:
    """A single-answer item is correct when the chosen option carries points."""
    return bool(chosen) and item.option_points.get(chosen, 0) > 0


def key_options(item: ItemKey) -> set[str]:
    """SINGLE: the correct option; WEIGHTED: the option(s) with the most points."""
    if item.kind == SINGLE:
        return {key for key, points in item.option_points.items() if points > 0}
    best = max(item.option_points.values(), default=0)
    return {key for key, points in item.option_points.items() if points == best}


def raw_scores(items: Sequence[ItemKey], choices: Sequence[Sequence[str]]) -> list[list[int]]:
    """Points per examinee and item as answered (annulment decisions ignored)."""
    plain = [replace(item, decision=None) for item in items]
    return [
        [int(item_score(item, row[column]) or 0) for column, item in enumerate(plain)]
        for row in choices
    ]


def upper_group(totals: Sequence[float]) -> set[int]:
    """Row indexes of the best ⌈27 %⌉ by total; ties are broken by row order (deterministic)."""
    if not totals:
        return set()
    size = math.ceil(len(totals) * UPPER_GROUP_FRACTION)
    ranked = sorted(range(len(totals)), key=lambda row: (-totals[row], row))
    return set(ranked[:size])


def item_flags(
    difficulty: float | None, discrimination: float | None, options: Sequence[OptionCount]
) -> tuple[str, ...]:
    flags = []
    if difficulty is not None and difficulty < DIFFICULTY_TOO_HARD:
        flags.append(TOO_HARD)
    if difficulty is not None and difficulty > DIFFICULTY_TOO_EASY:
        flags.append(TOO_EASY)
    if discrimination is not None and discrimination < DISCRIMINATION_MINIMUM:
        flags.append(LOW_DISCRIMINATION)
    keys = [option for option in options if option.is_key]
    distractors = [option for option in options if not option.is_key]
    if keys and distractors:
        best_key = max(option.upper for option in keys)
        if max(option.upper for option in distractors) > best_key:
            flags.append(DISTRACTOR_BEATS_KEY)
    return tuple(flags)


def item_stats(
    item: ItemKey,
    column_choices: Sequence[str],
    column_scores: Sequence[int],
    totals: Sequence[float],
    upper: set[int],
) -> ItemStats:
    n = len(column_choices)
    if item.kind == SINGLE:
        correct = sum(1 for chosen in column_choices if is_correct(item, chosen))
        difficulty = correct / n if n else None
    else:
        maximum = max_item_points(replace(item, decision=None))
        average = mean([float(score) for score in column_scores])
        difficulty = average / maximum if average is not None and maximum > 0 else None
    discrimination = point_biserial([float(score) for score in column_scores], totals)
    counts = Counter(column_choices)
    upper_counts = Counter(column_choices[row] for row in upper)
    keys = key_options(item)
    options = tuple(
        OptionCount(key=key, count=counts[key], upper=upper_counts[key], is_key=key in keys)
        for key in sorted(item.option_points)
    )
    # The distractor rule reads "the key" of a single-answer item; weighted options have no key.
    flag_options = options if item.kind == SINGLE else ()
    return ItemStats(
        examinees=n,
        difficulty=difficulty,
        discrimination=discrimination,
        options=options,
        blanks=counts[""],
        flags=item_flags(difficulty, discrimination, flag_options),
    )


def analyse(items: Sequence[ItemKey], choices: Sequence[Sequence[str]]) -> MatrixAnalysis:
    """Per-item statistics and the test's reliability.

    `items` are the columns (their scoring configuration); `choices` has one row per examinee
    with the chosen option key per column, "" for blank.
    """
    scores = raw_scores(items, choices)
    totals = [float(sum(row)) for row in scores]
    upper = upper_group(totals)
    stats = tuple(
        item_stats(
            item,
            [row[column] for row in choices],
            [row[column] for row in scores],
            totals,
            upper,
        )
        for column, item in enumerate(items)
    )
    if items and all(item.kind == SINGLE for item in items):
        correct = [
            [int(is_correct(item, row[column])) for column, item in enumerate(items)]
            for row in choices
        ]
        reliability = Reliability(KR20, kr20(correct))
    else:
        reliability = Reliability(ALPHA, cronbach_alpha(scores))
    return MatrixAnalysis(
        examinees=len(choices),
        items=stats,
        reliability=reliability,
        mean_total=mean(totals),
        sd_total=math.sqrt(variance(totals)) if totals else None,
    )


# --- rescoring evidence


def score_digest(rows: Iterable[tuple[int, Mapping[str, int], int | None, bool | None]]) -> str:
    """sha256 over (attempt id, scores, total, passed), one canonical JSON line per attempt in
    the order given (callers pass id order): the same results always give the same digest."""
    digest = hashlib.sha256()
    for attempt_id, scores, total, passed in rows:
        line = json.dumps(
            [attempt_id, dict(sorted(scores.items())), total, passed], separators=(",", ":")
        )
        digest.update(line.encode() + b"\n")
    return digest.hexdigest()
