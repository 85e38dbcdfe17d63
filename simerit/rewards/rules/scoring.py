"""Committee scoring of a nomination (pure: no database).

An award's criteria carry weights that must sum to exactly 100 % before anyone scores. A member
scores each criterion from 0 to its maximum; their total is Σ(score / maximum × weight), a figure
out of 100. The final score is the mean of the members' totals, computed exactly (fractions) and
rounded once, to two decimals, half up. The weighting is the instansi's own (§7.6, [U]); the
arithmetic is fixed here so that every page, export and audit row agrees to the cent.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

FULL_WEIGHT = Decimal(100)
SCORE_PLACES = 2


@dataclass(frozen=True)
class CriterionSpec:
    id: int
    name: str
    weight: Decimal
    max_score: int


def format_number(value: Decimal) -> str:
    """90 → "90", 92.50 → "92,5" (Indonesian decimal comma, no trailing zeros)."""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def weights_total(weights: Iterable[Decimal]) -> Decimal:
    return sum(weights, Decimal(0))


def weights_error(weights: Iterable[Decimal]) -> str | None:
    """The refusal while the weights do not sum to 100 %, else None."""
    total = weights_total(weights)
    if total == FULL_WEIGHT:
        return None
    return f"Jumlah bobot kriteria harus 100%; saat ini {format_number(total)}%."


def score_error(criterion: CriterionSpec, score: Decimal) -> str | None:
    """The refusal of a score out of 0..max or with more than two decimals, else None."""
    if not score.is_finite() or score < 0 or score > criterion.max_score:
        return f"Nilai {criterion.name} harus antara 0 dan {criterion.max_score}."
    exponent = score.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -SCORE_PLACES:
        return f"Nilai {criterion.name} paling banyak {SCORE_PLACES} angka desimal."
    return None


def member_total(criteria: Sequence[CriterionSpec], scores: Mapping[int, Decimal]) -> Fraction:
    """Σ(score / max × weight) over the criteria, exactly; every criterion must be scored."""
    return sum(
        (Fraction(scores[item.id]) / item.max_score * Fraction(item.weight) for item in criteria),
        Fraction(0),
    )


def round_half_up(value: Fraction, places: int = SCORE_PLACES) -> Decimal:
    """`value` (≥ 0) to `places` decimals, half up, without a detour through floats."""
    scale = 10**places
    scaled = value * scale + Fraction(1, 2)
    whole = scaled.numerator // scaled.denominator
    return Decimal(whole).scaleb(-places)


def final_score(totals: Sequence[Fraction]) -> Decimal:
    """The mean of the members' totals, two decimals, half up."""
    if not totals:
        raise ValueError("Belum ada nilai anggota tim penilai.")
    return round_half_up(sum(totals, Fraction(0)) / len(totals))
