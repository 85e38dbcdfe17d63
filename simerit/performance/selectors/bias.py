"""Rater bias (the issue's item 4; §5.7 lists leniency, strictness, central tendency and halo):
statistics per rater and rater-normalised scores per SKP.

Everything over the ratings is aggregated by the database (GROUP BY with COUNT, SUM and SUM of
squares; the halo via a per-response MAX − MIN subquery), so the number of queries and the rows
read back do not grow with the number of ratings: Python only combines rows per rater (at most
one per employee) or per answer. A rater is known only from the assignment side
(`RaterAssignment.response`); self-assessment is no rater behaviour and is left out of every
rater statistic (it is used only for the self-versus-others gap).
"""

import hashlib
import hmac
import math
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, F, IntegerField, Max, Min, OuterRef, Q, QuerySet, Subquery, Sum

from simerit.organization.models import WorkUnit
from simerit.performance import rules
from simerit.performance.models import (
    BehaviourRating,
    BehaviourResponse,
    PerformanceYear,
    RaterGroup,
    Skp,
)

SELF = RaterGroup.SELF.value
SUPERVISOR = RaterGroup.SUPERVISOR.value
# Without any spread below this, a standard deviation is treated as zero (float rounding).
EPSILON = 1e-9


@dataclass(frozen=True)
class RaterStatistic:
    """One rater's answers in the year (self-assessment excluded). `mean` and `sd` (population)
    are over every score the rater gave; `spread` is that sd; `z_unit` compares the rater's mean
    with the means of the raters of the same work unit, `z_organisation` with the means of all
    raters in scope (None when that reference has no spread); `halo_share` is the share of the
    rater's answers with one score on every indicator. `supervisor_only` is True when every
    counted answer was given as the pejabat penilai (the only case where HR and unit leadership
    may see the name)."""

    rater_id: int
    rater_name: str
    pseudonym: str
    work_unit_id: int
    work_unit_name: str
    answers: int
    supervisor_answers: int
    self_answers_excluded: int
    ratings: int
    mean: float
    sd: float
    z_unit: float | None
    z_organisation: float | None
    halo_share: float
    flags: rules.RaterFlags

    @property
    def spread(self) -> float:
        return self.sd

    @property
    def supervisor_only(self) -> bool:
        return self.answers > 0 and self.supervisor_answers == self.answers

    def label(self, *, reveal: bool) -> str:
        """The rater's name when `reveal` (the Auditor) or when the rater answered only as
        pejabat penilai (known anyway); otherwise the stable pseudonym."""
        return self.rater_name if reveal or self.supervisor_only else self.pseudonym


@dataclass(frozen=True)
class NormalisedScore:
    """One SKP's behaviour scores from others (self excluded): `raw_mean` the plain mean,
    `normalised_mean` the mean after each rating is put on the reference scale with its rater's
    leniency and spread taken out (rules.normalised); `self_other_gap` = self mean − raw_mean."""

    skp_id: int
    employee_name: str
    work_unit_name: str
    answers: int
    raw_mean: float | None
    normalised_mean: float | None
    self_mean: float | None
    self_other_gap: float | None


@dataclass(frozen=True)
class _Moments:
    count: int
    mean: float
    sd: float


def pseudonym(*, rater_id: int, year: PerformanceYear) -> str:
    """A stable pseudonym for a rater in a year ("Penilai R-3F9A0C"): an HMAC of the secret key,
    so the employee id cannot be read back or guessed from it."""
    message = f"rater:{rater_id}:{year.year}".encode()
    digest = hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()
    return f"Penilai R-{digest[:6].upper()}"


def _moments(*, count: int, total: float, squares: float) -> _Moments:
    mean = total / count
    variance = max(squares / count - mean * mean, 0.0)
    sd = math.sqrt(variance)
    return _Moments(count=count, mean=mean, sd=0.0 if sd < EPSILON else sd)


def _population(values: list[float]) -> tuple[float, float]:
    """Mean and population sd of a few values (the raters' means)."""
    mean = sum(values) / len(values)
    sd = math.sqrt(sum((value - mean) ** 2 for value in values) / len(values))
    return mean, (0.0 if sd < EPSILON else sd)


def _ratings(year: PerformanceYear, unit: WorkUnit | None) -> QuerySet[BehaviourRating]:
    """The year's ratings with a known rater, optionally only of SKPs in `unit`'s subtree."""
    ratings = BehaviourRating.objects.filter(
        response__skp__year=year, response__assignment__isnull=False
    )
    if unit is not None:
        ratings = ratings.filter(response__skp__work_unit__path__startswith=unit.path)
    return ratings.order_by()


def _responses(year: PerformanceYear, unit: WorkUnit | None) -> QuerySet[BehaviourResponse]:
    """The year's answers with a known rater (in `unit`'s subtree when given)."""
    responses = BehaviourResponse.objects.filter(skp__year=year, assignment__isnull=False)
    if unit is not None:
        responses = responses.filter(skp__work_unit__path__startswith=unit.path)
    return responses.order_by()


def _rater_moments(year: PerformanceYear, unit: WorkUnit | None) -> dict[int, _Moments]:
    """Count, mean and population sd of every rater's scores (self excluded): one query."""
    rows = (
        _ratings(year, unit)
        .filter(~Q(response__group=SELF))
        .values("response__assignment__rater_id")
        .annotate(n=Count("pk"), total=Sum("score"), squares=Sum(F("score") * F("score")))
        .values_list("response__assignment__rater_id", "n", "total", "squares")
    )
    return {
        rater_id: _moments(count=n, total=float(total), squares=float(squares))
        for rater_id, n, total, squares in rows
    }


def rater_statistics(
    *,
    year: PerformanceYear,
    unit: WorkUnit | None = None,
    thresholds: rules.BiasThresholds | None = None,
) -> list[RaterStatistic]:
    """Every rater of the year (only ratings of SKPs in `unit`'s subtree when given), by name.
    Two queries whatever the number of ratings. Flags use the z against the raters in scope
    (the organisation, or the unit asked for): a unit of two or three raters has no stable mean
    of its own; `z_unit` is shown beside it."""
    thresholds = thresholds or rules.BiasThresholds()
    moments = _rater_moments(year, unit)
    score_range = Subquery(
        BehaviourRating.objects.filter(response=OuterRef("pk"))
        .values("response")
        .annotate(score_range=Max("score") - Min("score"))
        .values("score_range"),
        output_field=IntegerField(),
    )
    others = ~Q(group=SELF)
    rows = list(
        _responses(year, unit)
        .annotate(score_range=score_range)
        .values(
            "assignment__rater_id",
            "assignment__rater__name",
            "assignment__rater__work_unit_id",
            "assignment__rater__work_unit__name",
        )
        .annotate(
            answers=Count("pk", filter=others),
            supervisor_answers=Count("pk", filter=Q(group=SUPERVISOR)),
            self_answers=Count("pk", filter=Q(group=SELF)),
            halo=Count("pk", filter=others & Q(score_range=0)),
        )
        .order_by("assignment__rater__name", "assignment__rater_id")
    )
    rows = [row for row in rows if row["answers"] and row["assignment__rater_id"] in moments]
    if not rows:
        return []
    org_mean, org_sd = _population([moments[row["assignment__rater_id"]].mean for row in rows])
    unit_means: dict[int, list[float]] = defaultdict(list)
    for row in rows:
        unit_means[row["assignment__rater__work_unit_id"]].append(
            moments[row["assignment__rater_id"]].mean
        )
    unit_reference = {unit_id: _population(values) for unit_id, values in unit_means.items()}
    result = []
    for row in rows:
        rater_id = row["assignment__rater_id"]
        own = moments[rater_id]
        unit_mean, unit_sd = unit_reference[row["assignment__rater__work_unit_id"]]
        z_org = rules.z_score(own.mean, org_mean, org_sd)
        halo_share = row["halo"] / row["answers"]
        result.append(
            RaterStatistic(
                rater_id=rater_id,
                rater_name=row["assignment__rater__name"],
                pseudonym=pseudonym(rater_id=rater_id, year=year),
                work_unit_id=row["assignment__rater__work_unit_id"],
                work_unit_name=row["assignment__rater__work_unit__name"],
                answers=row["answers"],
                supervisor_answers=row["supervisor_answers"],
                self_answers_excluded=row["self_answers"],
                ratings=own.count,
                mean=own.mean,
                sd=own.sd,
                z_unit=rules.z_score(own.mean, unit_mean, unit_sd),
                z_organisation=z_org,
                halo_share=halo_share,
                flags=rules.classify_rater(
                    z=z_org, spread=own.sd, halo_share=halo_share, thresholds=thresholds
                ),
            )
        )
    return result


def normalised_scores(
    *, year: PerformanceYear, unit: WorkUnit | None = None
) -> list[NormalisedScore]:
    """Every SKP of the year with behaviour answers (in `unit`'s subtree when given), by employee
    name: raw and rater-normalised means of others' ratings and the self-versus-others gap.

    The reference scale is the mean and population sd of all others' ratings in scope; each
    rater's mean and sd come from the same scope. Three queries: the raters' moments, the sums per
    answer (one row per answer, never per rating), the self means, the SKPs' names."""
    moments = _rater_moments(year, unit)
    total_count = sum(m.count for m in moments.values())
    per_answer = (
        _ratings(year, unit)
        .values("response_id")
        .annotate(n=Count("pk"), total=Sum("score"))
        .values_list(
            "response__skp_id", "response__assignment__rater_id", "response__group", "n", "total"
        )
    )
    reference_mean = reference_sd = 0.0
    if total_count:
        total = sum(m.mean * m.count for m in moments.values())
        squares = sum((m.sd**2 + m.mean**2) * m.count for m in moments.values())
        reference = _moments(count=total_count, total=total, squares=squares)
        reference_mean, reference_sd = reference.mean, reference.sd
    # Per SKP: [others' ratings, raw total, normalised total, self ratings, self total, answers]
    sums: dict[int, list[float]] = defaultdict(lambda: [0, 0.0, 0.0, 0, 0.0, 0])
    for skp_id, rater_id, group, n, answer_total in per_answer:
        item = sums[skp_id]
        if group == SELF:
            item[3] += n
            item[4] += answer_total
            continue
        own = moments[rater_id]
        item[5] += 1
        item[0] += n
        item[1] += answer_total
        item[2] += n * rules.normalised(
            answer_total / n, own.mean, own.sd, reference_mean, reference_sd
        )
    skps = Skp.objects.filter(year=year).order_by()
    if unit is not None:
        skps = skps.filter(work_unit__path__startswith=unit.path)
    names = {
        pk: (employee, work_unit)
        for pk, employee, work_unit in skps.values_list("pk", "employee__name", "work_unit__name")
    }
    result = []
    for skp_id, (n, raw, normalised, self_n, self_total, answers) in sums.items():
        raw_mean = raw / n if n else None
        self_mean = self_total / self_n if self_n else None
        result.append(
            NormalisedScore(
                skp_id=skp_id,
                employee_name=names[skp_id][0],
                work_unit_name=names[skp_id][1],
                answers=int(answers),
                raw_mean=raw_mean,
                normalised_mean=normalised / n if n else None,
                self_mean=self_mean,
                self_other_gap=(
                    self_mean - raw_mean if self_mean is not None and raw_mean is not None else None
                ),
            )
        )
    result.sort(key=lambda item: (item.employee_name, item.skp_id))
    return result
