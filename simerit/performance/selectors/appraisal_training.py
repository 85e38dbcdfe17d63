"""Reads of the evaluation → training loop (the issue's item 8): the BerAKHLAK indicators an
employee's 360 evidence scores low on, and the training needs per unit for HR."""

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet

from simerit.performance import rules
from simerit.performance.models import (
    BehaviourIndicator,
    BehaviourRating,
    PerformanceYear,
    RaterGroup,
    TrainingNeed,
)
from simerit.performance.selectors.feedback360 import MERGED

TWO_PLACES = Decimal("0.01")
PROTECTED = (RaterGroup.PEER.value, RaterGroup.SUBORDINATE.value)


def counted_groups(evidence: Mapping[str, Any]) -> set[str]:
    """The rater groups whose answers count for training needs: the non-self groups the
    evidence summary (as kept on the appraisal) shows with a mean, a merged group standing for
    the protected groups that are not listed on their own. Withheld groups never count."""
    groups: set[str] = set()
    listed = {str(item["group"]) for item in evidence.get("groups", [])}
    for item in evidence.get("groups", []):
        group = str(item["group"])
        if item.get("mean") is None or group == RaterGroup.SELF:
            continue
        if group == MERGED:
            groups.update(g for g in PROTECTED if g not in listed)
        else:
            groups.add(group)
    return groups


def low_indicators(
    *, skp_id: int, groups: Iterable[str]
) -> list[tuple[BehaviourIndicator, Decimal]]:
    """Each indicator whose mean score over the answers of `groups` is low (rules.is_low_indicator:
    the unrounded mean below rules.LOW_INDICATOR_SCORE), with that mean rounded to 2 decimals, in
    catalogue order. One aggregate query plus one for the indicators found."""
    groups = list(groups)
    if not groups:
        return []
    means = (
        BehaviourRating.objects.filter(response__skp_id=skp_id, response__group__in=groups)
        .values("indicator")
        .annotate(mean=Avg("score"))
        .values_list("indicator", "mean")
    )
    low: dict[int, Decimal] = {}
    for indicator_id, mean in means:
        score = Decimal(str(mean))
        if rules.is_low_indicator(score):
            low[indicator_id] = score.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
    indicators = BehaviourIndicator.objects.filter(pk__in=low).select_related("value")
    return [(indicator, low[indicator.pk]) for indicator in indicators]


def unit_totals(*, year: PerformanceYear) -> QuerySet[Any, dict[str, Any]]:
    """Per unit kerja (as on the SKP): employees with a need, needs from a weak predikat, needs
    from a low indicator. One GROUP BY query, by unit name."""
    return (
        TrainingNeed.objects.filter(skp__year=year)
        .values("skp__work_unit_id", "skp__work_unit__name")
        .annotate(
            employees=Count("skp", distinct=True),
            predikat=Count("pk", filter=Q(source=TrainingNeed.Source.PREDIKAT)),
            indicator=Count("pk", filter=Q(source=TrainingNeed.Source.INDICATOR)),
        )
        .order_by("skp__work_unit__name", "skp__work_unit_id")
    )


def needs_of_year(*, year: PerformanceYear) -> QuerySet[TrainingNeed]:
    """Every training need of the year, by unit and employee (for the export)."""
    return (
        TrainingNeed.objects.filter(skp__year=year)
        .select_related("skp__employee", "skp__work_unit", "indicator__value")
        .order_by("skp__work_unit__name", "skp__employee__name", "source", "indicator__code")
    )


def default_year() -> PerformanceYear | None:
    return PerformanceYear.objects.order_by("-year").first()
