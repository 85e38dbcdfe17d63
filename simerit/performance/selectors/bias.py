"""Rater bias (the issue's item 4; §5.7 lists leniency, strictness, central tendency and halo):
statistics per rater and rater-normalised scores per SKP.

Everything over the ratings is aggregated by the database: one GROUP BY per answer (count, sum,
sum of squares and max − min of its scores), so the number of queries and the rows read back do
not grow with the number of ratings. The rater statistics add the answers up per rater in the
same statement (Python sees one row per rater); the normalised scores combine the answers' rows
per SKP. A rater is known only from the assignment side (`RaterAssignment.response`);
self-assessment is no rater behaviour and is left out of every rater statistic (it is used only
for the self-versus-others gap).

Leniency and severity are measured against the other raters of the same SKP, not from the raw
mean: a fair rater who happened to rate strong colleagues gives high scores without being
lenient. Each score a rater gave is compared with the mean of the other raters' scores (self
excluded) of the same SKP; `relative_mean` is the mean of these differences and the z-scores
standardise it. The feedback service accepts an answer only with a score on each of the 21
indicators (`services.feedback360._validate_scores`), so all answers of an SKP cover the same
indicators and the difference from the other answers' pooled mean is exactly the mean of the
per-indicator differences (each score minus the other raters' mean on the same indicator); the
pooled form needs only the per-answer sums (a window over the answers of each SKP), not a
second pass over the ratings.
"""

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import Case, Count, F, Max, Min, QuerySet, Sum, Value, When
from django.utils.crypto import salted_hmac

from simerit.employees.models import Employee
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
PSEUDONYM_SALT = "simerit.performance.rater-pseudonym"
# 48 bits: no two raters of one year share a pseudonym in practice.
PSEUDONYM_HEX = 12
NO_FLAGS = rules.RaterFlags(lenient=False, severe=False, central_tendency=False, halo=False)


@dataclass(frozen=True)
class RaterStatistic:
    """One rater's answers in the year (self-assessment excluded). `mean` and `sd` (population)
    are over every score the rater gave; `spread` is that sd. `relative_mean` is the rater's
    leniency: the mean over their scores of score − the other raters' mean for the same SKP
    (None when no SKP they rated had another rater); `compared_ratings` counts those scores.
    `z_unit` compares `relative_mean` with the raters of the same work unit, `z_organisation`
    with all raters in scope (None when that reference has no spread or the rater has no
    `relative_mean`); `halo_share` is the share of the rater's answers with one score on every
    indicator. `supervisor_only` is True when every counted answer was given as the pejabat
    penilai (the only case where HR and unit leadership may see the name). `enough_answers` is
    False when the rater gave fewer answers in scope than the minimum asked for: such a rater
    has no z and no flags and is left out of the references (its numbers would be one or two
    answers' scores); the pages show none of its numbers."""

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
    relative_mean: float | None
    compared_ratings: int
    z_unit: float | None
    z_organisation: float | None
    halo_share: float
    flags: rules.RaterFlags
    enough_answers: bool = True

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
    """A stable pseudonym for a rater in a year ("Penilai R-3F9A0C12D4E5"): an HMAC under a key
    derived from the secret key for this purpose alone (salted_hmac), so the employee id cannot
    be read back or guessed from it, and 48 bits of it."""
    digest = salted_hmac(PSEUDONYM_SALT, f"{year.year}:{rater_id}").hexdigest()
    return f"Penilai R-{digest[:PSEUDONYM_HEX].upper()}"


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


# The SKPs a reader may see (bias_access.skp_scope); None: every SKP.
Scope = QuerySet[Skp] | None


def _ratings(
    year: PerformanceYear, unit: WorkUnit | None, skps: Scope = None
) -> QuerySet[BehaviourRating]:
    """The year's ratings with a known rater, optionally only of SKPs in `unit`'s subtree and
    among `skps`."""
    ratings = BehaviourRating.objects.filter(
        response__skp__year=year, response__assignment__isnull=False
    )
    if unit is not None:
        ratings = ratings.filter(response__skp__work_unit__path__startswith=unit.path)
    if skps is not None:
        ratings = ratings.filter(response__skp__in=skps.values("pk"))
    return ratings.order_by()


def _responses(
    year: PerformanceYear, unit: WorkUnit | None, skps: Scope = None
) -> QuerySet[BehaviourResponse]:
    """The year's answers with a known rater (in `unit`'s subtree and among `skps` when given)."""
    responses = BehaviourResponse.objects.filter(skp__year=year, assignment__isnull=False)
    if unit is not None:
        responses = responses.filter(skp__work_unit__path__startswith=unit.path)
    if skps is not None:
        responses = responses.filter(skp__in=skps.values("pk"))
    return responses.order_by()


def _answers(
    year: PerformanceYear, unit: WorkUnit | None, skps: Scope = None
) -> QuerySet[BehaviourRating, dict[str, Any]]:
    """One row per answer with a known rater: `skp`, `rater`, `other` (1 unless a
    self-assessment), `supervisor` (1 for the pejabat penilai's answer), and the count `n`, sum
    `total`, sum of squares `squares` and `score_range` (max − min) of its scores. One GROUP BY
    over the ratings, shared by both selectors. Grouped by the answer alone (its SKP, rater and
    group are one per answer, read with MAX): PostgreSQL then estimates one row per answer, not
    per rating, and groups the ratings in the order of the join without sorting them."""
    return (
        _ratings(year, unit, skps)
        .values(answer=F("response_id"))
        .annotate(
            skp=Max("response__skp_id"),
            rater=Max("response__assignment__rater_id"),
            other=Max(Case(When(response__group=SELF, then=Value(0)), default=Value(1))),
            supervisor=Max(Case(When(response__group=SUPERVISOR, then=Value(1)), default=Value(0))),
            n=Count("pk"),
            total=Sum("score"),
            squares=Sum(F("score") * F("score")),
            score_range=Max("score") - Min("score"),
        )
    )


@dataclass(frozen=True)
class _RaterSums:
    rater_id: int
    answers: int
    supervisor_answers: int
    self_answers: int
    moments: _Moments
    halo: int
    compared_ratings: int
    relative_mean: float | None


# Per rater, from the answers: others' answers, as supervisor, self answers, others' ratings,
# their sum and sum of squares, others' answers with one score throughout, the ratings compared
# with other raters of the same SKP and the sum of their differences from those raters' mean
# (pool: the others' ratings of the SKP, this answer included; pool − this answer = the rest).
_RATER_SUMS = """
SELECT rater, SUM(other), SUM(supervisor), SUM(1 - other),
    SUM(other * n), SUM(other * total), SUM(other * squares),
    SUM(CASE WHEN other = 1 AND score_range = 0 THEN 1 ELSE 0 END),
    SUM(CASE WHEN other = 1 AND pool_n > n THEN n ELSE 0 END),
    SUM(CASE WHEN other = 1 AND pool_n > n
        THEN total - n * CAST(pool_total - total AS DOUBLE PRECISION) / (pool_n - n) END)
FROM (
    SELECT answers.*,
        SUM(other * n) OVER (PARTITION BY skp) AS pool_n,
        SUM(other * total) OVER (PARTITION BY skp) AS pool_total
    FROM ({answers}) answers
) pooled
GROUP BY rater
"""


def _rater_sums(year: PerformanceYear, unit: WorkUnit | None, skps: Scope) -> list[_RaterSums]:
    """The sums of every rater with others' answers (see _RATER_SUMS; a rater with only a
    self-assessment is no rater): one statement, one row per rater. The ORM cannot aggregate
    over a window, so the answers' compiled query is wrapped in SQL of its own (no values spliced
    in: the parameters stay the ORM's)."""
    answers = _answers(year, unit, skps)
    inner, params = answers.query.get_compiler(using=answers.db).as_sql()
    with connections[answers.db].cursor() as cursor:
        cursor.execute(_RATER_SUMS.format(answers=inner), params)
        rows = cursor.fetchall()
    result = []
    for rater_id, others, supervisor, own, n, total, squares, halo, compared, difference in rows:
        if not others:
            continue
        result.append(
            _RaterSums(
                rater_id=rater_id,
                answers=int(others),
                supervisor_answers=int(supervisor),
                self_answers=int(own),
                moments=_moments(count=int(n), total=float(total), squares=float(squares)),
                halo=int(halo),
                compared_ratings=int(compared),
                relative_mean=float(difference) / int(compared) if compared else None,
            )
        )
    return result


def _rater_names(
    year: PerformanceYear, unit: WorkUnit | None, skps: Scope
) -> dict[int, tuple[str, int, str]]:
    """(name, work unit id, work unit name) of every rater in scope: one query."""
    answers = _responses(year, unit, skps)
    raters = Employee.objects.filter(pk__in=answers.values("assignment__rater_id"))
    return {
        pk: (name, unit_id, unit_name)
        for pk, name, unit_id, unit_name in raters.values_list(
            "pk", "name", "work_unit_id", "work_unit__name"
        )
    }


def _z(value: float | None, reference: tuple[float, float] | None) -> float | None:
    """z of a rater's relative mean against a reference (mean, sd); None without either."""
    if value is None or reference is None:
        return None
    return rules.z_score(value, *reference)


def _reference(values: list[float]) -> tuple[float, float] | None:
    """Mean and population sd of the raters' relative means; None for no rater."""
    return _population(values) if values else None


def rater_statistics(
    *,
    year: PerformanceYear,
    unit: WorkUnit | None = None,
    thresholds: rules.BiasThresholds | None = None,
    skps: Scope = None,
    min_answers: int = 0,
) -> list[RaterStatistic]:
    """Every rater of the year (only ratings of SKPs in `unit`'s subtree and among `skps` when
    given), by name. Two queries whatever the number of ratings (the raters' sums, their names).
    Flags use the z of `relative_mean` against the raters in scope (the organisation, or the unit
    asked for): a unit of two or three raters has no stable mean of its own; `z_unit` is shown
    beside it. A rater with fewer than `min_answers` answers in scope is listed without z or
    flags and is no part of either reference (`enough_answers` False)."""
    thresholds = thresholds or rules.BiasThresholds()
    raters = _rater_sums(year, unit, skps)
    if not raters:
        return []
    names = _rater_names(year, unit, skps)
    leniencies: list[float] = []
    per_unit: dict[int, list[float]] = defaultdict(list)
    for item in raters:
        if item.relative_mean is not None and item.answers >= min_answers:
            leniencies.append(item.relative_mean)
            per_unit[names[item.rater_id][1]].append(item.relative_mean)
    organisation = _reference(leniencies)
    unit_reference = {unit_id: _reference(values) for unit_id, values in per_unit.items()}
    result = []
    for item in sorted(raters, key=lambda item: (names[item.rater_id][0], item.rater_id)):
        own = item.moments
        name, unit_id, unit_name = names[item.rater_id]
        enough = item.answers >= min_answers
        z_org = _z(item.relative_mean, organisation) if enough else None
        halo_share = item.halo / item.answers
        flags = rules.classify_rater(
            z=z_org, spread=own.sd, halo_share=halo_share, thresholds=thresholds
        )
        result.append(
            RaterStatistic(
                rater_id=item.rater_id,
                rater_name=name,
                pseudonym=pseudonym(rater_id=item.rater_id, year=year),
                work_unit_id=unit_id,
                work_unit_name=unit_name,
                answers=item.answers,
                supervisor_answers=item.supervisor_answers,
                self_answers_excluded=item.self_answers,
                ratings=own.count,
                mean=own.mean,
                sd=own.sd,
                relative_mean=item.relative_mean,
                compared_ratings=item.compared_ratings,
                z_unit=_z(item.relative_mean, unit_reference.get(unit_id)) if enough else None,
                z_organisation=z_org,
                halo_share=halo_share,
                flags=flags if enough else NO_FLAGS,
                enough_answers=enough,
            )
        )
    return result


# (skp id, rater id, 1 unless self-assessment, ratings, sum, sum of squares) of one answer.
_Answer = tuple[int, int, int, int, int, int]


def _rater_moments(per_answer: list[_Answer]) -> dict[int, _Moments]:
    """Count, mean and population sd of every rater's scores (self excluded), added up from the
    answers' sums: a loop over answers, not ratings."""
    sums: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for _skp, rater_id, other, n, total, squares in per_answer:
        if other:
            item = sums[rater_id]
            item[0] += n
            item[1] += total
            item[2] += squares
    return {
        rater_id: _moments(count=n, total=float(total), squares=float(squares))
        for rater_id, (n, total, squares) in sums.items()
    }


def normalised_scores(
    *, year: PerformanceYear, unit: WorkUnit | None = None, skps: Scope = None
) -> list[NormalisedScore]:
    """Every SKP of the year with behaviour answers (in `unit`'s subtree and among `skps` when
    given), by employee
    name: raw and rater-normalised means of others' ratings and the self-versus-others gap.

    The reference scale is the mean and population sd of all others' ratings in scope; each
    rater's mean and sd come from the same scope. Two queries: the sums per answer (one row per
    answer, never per rating; the raters' moments are added up from them) and the SKPs' names."""
    # The aliases of _answers are no model fields: the stubs cannot follow them.
    per_answer: list[_Answer] = list(
        _answers(year, unit, skps).values_list(  # type: ignore[misc]
            "skp", "rater", "other", "n", "total", "squares"
        )
    )
    moments = _rater_moments(per_answer)
    total_count = sum(m.count for m in moments.values())
    reference_mean = reference_sd = 0.0
    if total_count:
        total = sum(m.mean * m.count for m in moments.values())
        squares = sum((m.sd**2 + m.mean**2) * m.count for m in moments.values())
        reference = _moments(count=total_count, total=total, squares=squares)
        reference_mean, reference_sd = reference.mean, reference.sd
    # Per SKP: [others' ratings, raw total, normalised total, self ratings, self total, answers]
    sums: dict[int, list[float]] = defaultdict(lambda: [0, 0.0, 0.0, 0, 0.0, 0])
    for skp_id, rater_id, other, n, answer_total, _squares in per_answer:
        item = sums[skp_id]
        if not other:
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
    in_scope = Skp.objects.filter(year=year).order_by()
    if unit is not None:
        in_scope = in_scope.filter(work_unit__path__startswith=unit.path)
    if skps is not None:
        in_scope = in_scope.filter(pk__in=skps.values("pk"))
    names = {
        pk: (employee, work_unit)
        for pk, employee, work_unit in in_scope.values_list(
            "pk", "employee__name", "work_unit__name"
        )
    }
    result = []
    for skp_id, (count, raw, normalised, self_n, self_total, answers) in sums.items():
        raw_mean = raw / count if count else None
        self_mean = self_total / self_n if self_n else None
        result.append(
            NormalisedScore(
                skp_id=skp_id,
                employee_name=names[skp_id][0],
                work_unit_name=names[skp_id][1],
                answers=int(answers),
                raw_mean=raw_mean,
                normalised_mean=normalised / count if count else None,
                self_mean=self_mean,
                self_other_gap=(
                    self_mean - raw_mean if self_mean is not None and raw_mean is not None else None
                ),
            )
        )
    result.sort(key=lambda item: (item.employee_name, item.skp_id))
    return result
