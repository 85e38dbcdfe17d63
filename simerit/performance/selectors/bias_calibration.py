"""The calibration page's report: outlying raters (any bias flag), raw and rater-normalised scores
side by side and the appraisal to calibrate. Rater identities follow selectors.bias_access: the
Auditor sees every rater by name with the SKPs they rated; everybody else sees peers and
subordinates under a pseudonym, with their rater-level statistics only (no SKP they rated, no
score they gave, no work unit: the set of people a peer rated names the peer), and only the
pejabat penilai (known anyway) with the SKPs they rated. An SKP's means are shown to them only when
the 360 tab shows every protected group of it (rules.group_visibility): otherwise the raw mean
minus the pejabat penilai's own score would give a withheld group's answers."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Avg, Count, Q, QuerySet

from simerit.organization.models import WorkUnit
from simerit.performance import rules
from simerit.performance.models import (
    Appraisal,
    BehaviourRating,
    BehaviourResponse,
    PerformanceYear,
    RaterGroup,
    Skp,
)
from simerit.performance.selectors.bias import (
    NormalisedScore,
    RaterStatistic,
    normalised_scores,
    rater_statistics,
)


@dataclass(frozen=True)
class RaterRow:
    """A rater as shown on a page: `label` is the name or the pseudonym; `revealed` when the
    reader may know who it is (the Auditor, or a rater who answered only as pejabat penilai):
    only then are the rater's work unit and the SKPs they rated shown."""

    label: str
    statistic: RaterStatistic
    revealed: bool = False


@dataclass(frozen=True)
class RatedSkp:
    """One SKP an outlying rater rated: `given_mean` what this rater gave (mean over the
    indicators), `score` the SKP's raw and normalised means, `appraisal` the decision if any;
    `scores_shown` False when the SKP's means would uncover a withheld group."""

    skp_id: int
    given_mean: float
    score: NormalisedScore
    appraisal: Appraisal | None
    scores_shown: bool = True


@dataclass(frozen=True)
class OutlyingRater:
    rater: RaterRow
    skps: list[RatedSkp]


def row(item: RaterStatistic, *, reveal: bool) -> RaterRow:
    return RaterRow(
        label=item.label(reveal=reveal),
        statistic=item,
        revealed=reveal or item.supervisor_only,
    )


def rater_rows(statistics: list[RaterStatistic], *, reveal: bool) -> list[RaterRow]:
    """The raters as rows: by name for the Auditor; by label otherwise, so a pseudonym's place
    in the list says nothing of the name behind it."""
    rows = [row(item, reveal=reveal) for item in statistics]
    return rows if reveal else sorted(rows, key=lambda item: item.label)


def _skps_with_hidden_groups(year: PerformanceYear, skp_ids: set[int]) -> set[int]:
    """The SKPs among `skp_ids` whose 360 tab withholds a protected group: one query."""
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        BehaviourResponse.objects.filter(skp_id__in=skp_ids)
        .order_by()
        .values_list("skp_id", "group")
        .annotate(n=Count("pk"))
    )
    for skp_id, group, n in rows:
        counts[skp_id][group] = n
    return {
        skp_id
        for skp_id, groups in counts.items()
        if any(
            not (seen.shown or seen.merged)
            for seen in rules.group_visibility(groups, min_raters=year.min_group_raters).values()
        )
    }


def calibration_report(
    *,
    year: PerformanceYear,
    unit: WorkUnit | None,
    reveal: bool,
    skps: QuerySet[Skp] | None = None,
    min_answers: int = 0,
) -> list[OutlyingRater]:
    """Outlying raters, most extreme z first (relative to the other raters of the same SKPs),
    ties by label. Only ratings of SKPs among `skps` (bias_access.skp_scope) count; a rater with
    fewer than `min_answers` answers there has no flag and is not listed. Seven queries whatever
    the data."""
    statistics = rater_statistics(year=year, unit=unit, skps=skps, min_answers=min_answers)
    outliers = [row(item, reveal=reveal) for item in statistics if item.flags.any]
    if not outliers:
        return []
    outliers.sort(key=lambda item: (-abs(item.statistic.z_organisation or 0), item.label))
    listed = [item.statistic.rater_id for item in outliers if item.revealed]
    scores = {item.skp_id: item for item in normalised_scores(year=year, unit=unit, skps=skps)}
    ratings = BehaviourRating.objects.filter(
        ~Q(response__group=RaterGroup.SELF),
        response__skp__year=year,
        response__assignment__rater_id__in=listed,
    )
    if unit is not None:
        ratings = ratings.filter(response__skp__work_unit__path__startswith=unit.path)
    if skps is not None:
        ratings = ratings.filter(response__skp__in=skps.values("pk"))
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
    hidden = set() if reveal else _skps_with_hidden_groups(year, skp_ids)
    appraisals = {a.skp_id: a for a in Appraisal.objects.filter(skp_id__in=skp_ids)}
    report = []
    for item in outliers:
        pairs = sorted(
            rated[item.statistic.rater_id],
            key=lambda pair: (scores[pair[0]].employee_name, pair[0]),
        )
        rated_skps = [
            RatedSkp(
                skp_id=skp_id,
                given_mean=mean,
                score=scores[skp_id],
                appraisal=appraisals.get(skp_id),
                scores_shown=skp_id not in hidden,
            )
            for skp_id, mean in pairs
        ]
        report.append(OutlyingRater(rater=item, skps=rated_skps))
    return report
