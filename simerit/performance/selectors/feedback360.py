"""Reads of the 360 input on behaviour: aggregated, never per rater."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count

from simerit.performance import rules
from simerit.performance.models import BehaviourRating, BehaviourResponse, RaterGroup, Skp

TWO_PLACES = Decimal("0.01")
MERGED = "merged"


@dataclass(frozen=True)
class GroupEvidence:
    """One rater group as the employee and the pejabat penilai may see it: `group` is a
    RaterGroup value or MERGED (peers and subordinates together); `mean` the mean score (1–5,
    2 decimals) over all its answers and indicators, None when withheld."""

    group: str
    label: str
    answers: int
    mean: Decimal | None
    reason: str


@dataclass(frozen=True)
class EvidenceSummary:
    groups: list[GroupEvidence]
    # The mean of the shown groups' means (self excluded: the employee's own view is evidence
    # of the gap, not of the behaviour); None when no other group can be shown.
    overall_mean: Decimal | None

    def as_json(self) -> dict[str, object]:
        """For Appraisal.evidence (kept with the decision)."""
        return {
            "groups": [
                {
                    "group": item.group,
                    "answers": item.answers,
                    "mean": None if item.mean is None else str(item.mean),
                    "reason": item.reason,
                }
                for item in self.groups
            ],
            "overall_mean": None if self.overall_mean is None else str(self.overall_mean),
        }


def _mean(value: object) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def evidence_summary(skp: Skp) -> EvidenceSummary:
    """The SKP's 360 answers per group, with the anonymity rule of `rules.group_visibility`
    (the year's `min_group_raters`) applied: a withheld group shows its count and why, never a
    score. Two queries (three when groups are merged)."""
    counts = dict(
        BehaviourResponse.objects.filter(skp=skp)
        .values_list("group")
        .annotate(answers=Count("pk"))
        .values_list("group", "answers")
    )
    means = dict(
        BehaviourRating.objects.filter(response__skp=skp)
        .values_list("response__group")
        .annotate(mean=Avg("score"))
        .values_list("response__group", "mean")
    )
    visibility = rules.group_visibility(counts, min_raters=skp.year.min_group_raters)
    labels = dict(RaterGroup.choices)
    groups: list[GroupEvidence] = []
    merged_groups = [group for group, seen in visibility.items() if seen.merged]
    for group in RaterGroup.values:
        seen = visibility.get(group)
        if seen is None or seen.merged:
            continue
        groups.append(
            GroupEvidence(
                group=group,
                label=labels[group],
                answers=counts[group],
                mean=_mean(means.get(group)) if seen.shown else None,
                reason=seen.reason,
            )
        )
    if merged_groups:
        merged_mean = BehaviourRating.objects.filter(
            response__skp=skp, response__group__in=merged_groups
        ).aggregate(mean=Avg("score"))["mean"]
        groups.append(
            GroupEvidence(
                group=MERGED,
                label="Rekan kerja dan bawahan (digabung)",
                answers=sum(counts[group] for group in merged_groups),
                mean=_mean(merged_mean),
                reason=visibility[merged_groups[0]].reason,
            )
        )
    others = [
        item.mean for item in groups if item.mean is not None and item.group != RaterGroup.SELF
    ]
    overall = _mean(sum(others) / len(others)) if others else None
    return EvidenceSummary(groups=groups, overall_mean=overall)
