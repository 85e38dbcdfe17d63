"""The calibration page's report: outlying raters (any bias flag) with the SKPs they rated, raw
and rater-normalised scores side by side and the appraisal to calibrate. Rater identities follow
selectors.bias_access (names for the Auditor, pseudonyms for peers and subordinates otherwise)."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Avg, Q

from simerit.organization.models import WorkUnit
from simerit.performance.models import Appraisal, BehaviourRating, PerformanceYear, RaterGroup
from simerit.performance.selectors.bias import (
    NormalisedScore,
    RaterStatistic,
    normalised_scores,
    rater_statistics,
)


@dataclass(frozen=True)
class RaterRow:
    """A rater as shown on a page: `label` is the name or the pseudonym."""

    label: str
    statistic: RaterStatistic


@dataclass(frozen=True)
class RatedSkp:
    """One SKP an outlying rater rated: `given_mean` what this rater gave (mean over the
    indicators), `score` the SKP's raw and normalised means, `appraisal` the decision if any."""

    skp_id: int
    given_mean: float
    score: NormalisedScore
    appraisal: Appraisal | None


@dataclass(frozen=True)
class OutlyingRater:
    rater: RaterRow
    skps: list[RatedSkp]


def rater_rows(statistics: list[RaterStatistic], *, reveal: bool) -> list[RaterRow]:
    return [RaterRow(label=item.label(reveal=reveal), statistic=item) for item in statistics]


def calibration_report(
    *, year: PerformanceYear, unit: WorkUnit | None, reveal: bool
) -> list[OutlyingRater]:
    """Outlying raters, most extreme z first. Seven queries whatever the data."""
    outliers = [item for item in rater_statistics(year=year, unit=unit) if item.flags.any]
    if not outliers:
        return []
    outliers.sort(key=lambda item: (-abs(item.z_organisation or 0), item.rater_name))
    scores = {item.skp_id: item for item in normalised_scores(year=year, unit=unit)}
    ratings = BehaviourRating.objects.filter(
        ~Q(response__group=RaterGroup.SELF),
        response__skp__year=year,
        response__assignment__rater_id__in=[item.rater_id for item in outliers],
    )
    if unit is not None:
        ratings = ratings.filter(response__skp__work_unit__path__startswith=unit.path)
    given = (
        ratings.order_by()
        .values("response_id")
        .annotate(mean=Avg("score"))
        .values_list("response__assignment__rater_id", "response__skp_id", "mean")
    )
    rated: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for rater_id, skp_id, mean in given:
        rated[rater_id].append((skp_id, float(mean)))
    skp_ids = {skp_id for pairs in rated.values() for skp_id, _ in pairs}
    appraisals = {a.skp_id: a for a in Appraisal.objects.filter(skp_id__in=skp_ids)}
    report = []
    for item in outliers:
        pairs = sorted(rated[item.rater_id], key=lambda pair: scores[pair[0]].employee_name)
        report.append(
            OutlyingRater(
                rater=RaterRow(label=item.label(reveal=reveal), statistic=item),
                skps=[
                    RatedSkp(
                        skp_id=skp_id,
                        given_mean=mean,
                        score=scores[skp_id],
                        appraisal=appraisals.get(skp_id),
                    )
                    for skp_id, mean in pairs
                ],
            )
        )
    return report
