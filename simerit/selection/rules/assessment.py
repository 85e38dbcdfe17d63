"""Scoring by assessors: rubric scores, aggregation of several assessors, inter-rater reliability.

Domain reference §3.3: no national rule says how the scores of several assessors (praktik kerja,
wawancara, simulasi kasus) are combined; PermenPANRB 6/2024 leaves it to the instansi's pedoman
SKB tambahan. Everything here is therefore configuration (the component's aggregation rule and
maximum spread), stored with each result. Pure functions, no ORM. Arithmetic is exact (fractions)
and the result is rounded once, half up, to the 4 decimals the scores are stored with.
"""

from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from simerit.selection.models.components import Aggregation

PLACES = Decimal("0.0001")
HUNDRED = Decimal(100)


def quantize(value: Fraction) -> Decimal:
    """A fraction as a Decimal rounded half up (away from zero) to 4 decimals, exactly."""
    quotient, remainder = divmod(abs(value.numerator) * 10_000, value.denominator)
    if 2 * remainder >= value.denominator:
        quotient += 1
    return Decimal(quotient if value >= 0 else -quotient).scaleb(-4).quantize(PLACES)


def rubric_score(
    levels: Mapping[int, int], weights: Mapping[int, Decimal], max_level: int
) -> Decimal:
    """Σ weight × level / max_level over the criteria (0–100 when the weights sum to 100).

    §3.3 (configuration): each criterion counts with its weight in percent; the top level of the
    rubric earns the full weight. `levels` and `weights` must name the same criteria.
    """
    if set(levels) != set(weights):
        raise ValueError("levels and weights must name the same criteria")
    if max_level < 1:
        raise ValueError("max_level must be at least 1")
    total = sum((Fraction(weights[key]) * levels[key] for key in weights), start=Fraction(0))
    return quantize(total / max_level)


def _mean(values: Sequence[Fraction]) -> Fraction:
    return sum(values, start=Fraction(0)) / len(values)


def _median(values: Sequence[Fraction]) -> Fraction:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def aggregate(rule: str, scores: Sequence[Decimal]) -> Decimal:
    """The assessors' scores combined by `rule` (an Aggregation value), §3.3: configuration.

    mean: the arithmetic mean. median: the middle score (the mean of the two middle ones for an
    even count). trimmed_mean: the highest and the lowest score dropped, then the mean; with fewer
    than 3 scores nothing can be dropped, so it is the mean.
    """
    if not scores:
        raise ValueError("aggregate needs at least one score")
    values = [Fraction(score) for score in scores]
    if rule == Aggregation.MEAN:
        result = _mean(values)
    elif rule == Aggregation.MEDIAN:
        result = _median(values)
    elif rule == Aggregation.TRIMMED_MEAN:
        ordered = sorted(values)
        result = _mean(ordered[1:-1] if len(ordered) >= 3 else ordered)
    else:
        raise ValueError(f"unknown aggregation rule: {rule!r}")
    return quantize(result)


def mean(scores: Sequence[Decimal]) -> Decimal:
    """The arithmetic mean, rounded half up to 4 decimals."""
    if not scores:
        raise ValueError("mean needs at least one score")
    return quantize(_mean([Fraction(score) for score in scores]))


def sample_sd(scores: Sequence[Decimal]) -> Decimal | None:
    """The sample standard deviation √(Σ(x − x̄)² / (n − 1)); None below 2 scores."""
    if len(scores) < 2:
        return None
    values = [Fraction(score) for score in scores]
    average = _mean(values)
    variance = sum(((value - average) ** 2 for value in values), start=Fraction(0)) / (
        len(values) - 1
    )
    root = (Decimal(variance.numerator) / Decimal(variance.denominator)).sqrt()
    return root.quantize(PLACES, rounding=ROUND_HALF_UP)


def spread(scores: Sequence[Decimal]) -> Decimal:
    """The largest difference between two assessors: max − min."""
    if not scores:
        raise ValueError("spread needs at least one score")
    return max(scores) - min(scores)


def needs_resolution(scores: Sequence[Decimal], max_spread: Decimal) -> bool:
    """True when the assessors differ by more than the configured limit (§3.3: configuration):
    the case is flagged for a third assessor or a panel decision."""
    return spread(scores) > max_spread


def icc1(cases: Sequence[Sequence[Decimal]]) -> Decimal | None:
    """One-way random-effects intra-class correlation ICC(1,1) (Shrout & Fleiss 1979).

    Each case (candidate) is rated by k ≥ 2 assessors, the same k for every case, the assessors
    themselves varying from case to case (hence the one-way model). With n cases, case means m_i
    and grand mean m:

        MSB = k × Σ (m_i − m)² / (n − 1)              between-case mean square
        MSW = Σ Σ (x_ij − m_i)² / (n × (k − 1))        within-case mean square
        ICC(1) = (MSB − MSW) / (MSB + (k − 1) × MSW)

    None when fewer than 2 cases or no variance at all (every score equal). Can be negative
    (assessors agree less than chance would). §3.3: reliability is shown to HR, not regulated.
    """
    if len(cases) < 2:
        return None
    k = len(cases[0])
    if k < 2 or any(len(case) != k for case in cases):
        raise ValueError("icc1 needs the same number (at least 2) of ratings for every case")
    n = len(cases)
    rows = [[Fraction(score) for score in case] for case in cases]
    means = [_mean(row) for row in rows]
    grand = _mean(means)
    msb = k * sum(((mean - grand) ** 2 for mean in means), start=Fraction(0)) / (n - 1)
    msw = sum(
        ((score - mean) ** 2 for row, mean in zip(rows, means, strict=True) for score in row),
        start=Fraction(0),
    ) / (n * (k - 1))
    denominator = msb + (k - 1) * msw
    if denominator == 0:
        return None
    return quantize((msb - msw) / denominator)


# Koo & Li (2016), J Chiropr Med 15(2): the usual reading of an ICC.
ICC_READINGS = (
    (Decimal("0.5"), "rendah"),
    (Decimal("0.75"), "sedang"),
    (Decimal("0.9"), "baik"),
)


def icc_reading(value: Decimal | None) -> str:
    """Plain Indonesian: < 0,5 rendah; 0,5–0,75 sedang; 0,75–0,9 baik; > 0,9 sangat baik."""
    if value is None:
        return "belum dapat dihitung (perlu paling sedikit 2 peserta dengan 2 nilai asesor)"
    for limit, label in ICC_READINGS:
        if value < limit:
            return label
    return "sangat baik"
