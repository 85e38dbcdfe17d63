"""Reads of the assessment: an assessor's own queue and score sheet, HR's progress and statistics.

What an assessor reads here never holds another assessor's score, and (for a blind component) no
name, registration number or NIK: only the candidate's code.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet

from simerit.accounts.models import User
from simerit.core.roles import Role
from simerit.recruitment.models import SelectionPeriod
from simerit.recruitment.rules import mask_name
from simerit.selection.models import (
    AssessorAssignment,
    ComponentResult,
    CriterionScore,
    Method,
    RubricAnchor,
    RubricCriterion,
    SkbCandidate,
    SkbComponent,
)
from simerit.selection.rules import assessment as rules

Kind = AssessorAssignment.Kind
ResultStatus = ComponentResult.Status

# --- Assessors and their load


def active_assessors() -> QuerySet[User]:
    return (
        User.objects.filter(is_active=True, groups__name=Role.ASESOR.value)
        .distinct()
        .order_by("pk")
    )


def open_load(user_ids: Iterable[int]) -> dict[int, int]:
    """Unsubmitted assignments (every component, every period) per assessor; none counts 0."""
    ids = list(user_ids)
    counts = dict(
        AssessorAssignment.objects.filter(assessor_id__in=ids, submitted_at__isnull=True)
        .values("assessor_id")
        .annotate(n=Count("pk"))
        .values_list("assessor_id", "n")
    )
    return {user_id: counts.get(user_id, 0) for user_id in ids}


def case_assessor_ids(*, component: SkbComponent, candidate: SkbCandidate) -> set[int]:
    """Everyone who holds or held an assignment on the case (any kind)."""
    return set(
        AssessorAssignment.objects.filter(component=component, candidate=candidate).values_list(
            "assessor_id", flat=True
        )
    )


# --- The assessor's own pages


def candidate_label(candidate: SkbCandidate, *, is_blind: bool) -> str:
    """What an assessor sees of the candidate: the code; with the masked name when not blind."""
    code = candidate.code or "—"
    if is_blind:
        return code
    return f"{code} · {mask_name(candidate.application.applicant.name)}"


QUEUE_FILTERS = {"terbuka": "Belum dinilai", "terkirim": "Sudah dikirim"}


def list_my_assignments(*, assessor: User, status: str = "") -> QuerySet[AssessorAssignment]:
    """The assessor's own assignments: open ones first, by deadline, then component and code
    (never by id or SKD rank, which would tell the assessor the candidates' SKD order)."""
    assignments = AssessorAssignment.objects.filter(assessor=assessor).select_related(
        "component__formasi__position", "candidate__application__applicant"
    )
    if status == "terbuka":
        assignments = assignments.filter(submitted_at__isnull=True)
    elif status == "terkirim":
        assignments = assignments.filter(submitted_at__isnull=False)
    return assignments.order_by(
        F("submitted_at").desc(nulls_first=True),
        F("component__scoring_closes_at").asc(nulls_last=True),
        "component__formasi__code",
        "component__order",
        "candidate__code",
        "pk",
    )


def get_my_assignment(*, assessor: User, assignment_id: int) -> AssessorAssignment | None:
    """The assessor's own assignment, or None (someone else's is not theirs to see)."""
    return (
        AssessorAssignment.objects.filter(pk=assignment_id, assessor=assessor)
        .select_related(
            "component__formasi__position",
            "component__rubric",
            "candidate__application__applicant",
        )
        .first()
    )


@dataclass(frozen=True)
class SheetCriterion:
    criterion: RubricCriterion
    anchors: list[RubricAnchor]
    level: int | None  # the assessor's own submitted level
    note: str


@dataclass(frozen=True)
class ScoreSheet:
    assignment: AssessorAssignment
    candidate_label: str
    criteria: list[SheetCriterion] = field(default_factory=list)


def score_sheet(assignment: AssessorAssignment) -> ScoreSheet:
    """The rubric with its anchors and, once submitted, the assessor's own levels (only theirs)."""
    component = assignment.component
    assert component.rubric is not None  # noqa: S101 (assessed components always have one)
    criteria = RubricCriterion.objects.filter(rubric=component.rubric).prefetch_related(
        Prefetch("anchors", queryset=RubricAnchor.objects.order_by("level"))
    )
    own = {
        score.criterion_id: score for score in CriterionScore.objects.filter(assignment=assignment)
    }
    return ScoreSheet(
        assignment=assignment,
        candidate_label=candidate_label(assignment.candidate, is_blind=component.is_blind),
        criteria=[
            SheetCriterion(
                criterion=criterion,
                anchors=list(criterion.anchors.all()),
                level=own[criterion.pk].level if criterion.pk in own else None,
                note=own[criterion.pk].note if criterion.pk in own else "",
            )
            for criterion in criteria.order_by("order")
        ],
    )


# --- HR: progress per component and per period


def assessed_components(period: SelectionPeriod) -> QuerySet[SkbComponent]:
    """The period's assessed components with their progress counts, by formasi and order."""
    return (
        SkbComponent.objects.filter(formasi__period=period)
        .exclude(method=Method.CAT)
        .select_related("formasi__position", "rubric")
        .annotate(
            assigned=Count("assignments", distinct=True),
            submitted=Count(
                "assignments", filter=Q(assignments__submitted_at__isnull=False), distinct=True
            ),
            final=Count("results", filter=Q(results__status=ResultStatus.FINAL), distinct=True),
            flagged=Count("results", filter=Q(results__status=ResultStatus.FLAGGED), distinct=True),
            absent=Count("results", filter=Q(results__status=ResultStatus.ABSENT), distinct=True),
        )
        .order_by("formasi__code", "order")
    )


def component_progress(component: SkbComponent) -> dict[str, int]:
    """Counts of one component: candidates, cases with assessors, assignments, results."""
    candidates = SkbCandidate.objects.filter(formasi=component.formasi, withdrawn_at__isnull=True)
    assignments = AssessorAssignment.objects.filter(component=component)
    results = dict(
        ComponentResult.objects.filter(component=component)
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return {
        "candidates": candidates.count(),
        "cases_assigned": assignments.values("candidate_id").distinct().count(),
        "assigned": assignments.count(),
        "submitted": assignments.filter(submitted_at__isnull=False).count(),
        "final": results.get(ResultStatus.FINAL, 0),
        "flagged": results.get(ResultStatus.FLAGGED, 0),
        "absent": results.get(ResultStatus.ABSENT, 0),
    }


def list_cases(component: SkbComponent) -> QuerySet[SkbCandidate]:
    """The candidates of the component's formasi (not withdrawn) with this component's
    assignments (`case_assignments`, assessor included) and result (`case_results`)."""
    return (
        SkbCandidate.objects.filter(formasi=component.formasi, withdrawn_at__isnull=True)
        .select_related("application__applicant")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=AssessorAssignment.objects.filter(component=component)
                .select_related("assessor")
                .order_by("pk"),
                to_attr="case_assignments",
            ),
            Prefetch(
                "component_results",
                queryset=ComponentResult.objects.filter(component=component),
                to_attr="case_results",
            ),
        )
        .order_by("cut_rank", "pk")
    )


def flagged_results(component: SkbComponent) -> QuerySet[ComponentResult]:
    return (
        ComponentResult.objects.filter(component=component, status=ResultStatus.FLAGGED)
        .select_related("candidate__application__applicant")
        .prefetch_related(
            Prefetch(
                "candidate__assignments",
                queryset=AssessorAssignment.objects.filter(component=component)
                .select_related("assessor")
                .order_by("pk"),
                to_attr="case_assignments",
            )
        )
        .order_by("candidate__cut_rank", "pk")
    )


@dataclass(frozen=True)
class CandidateComponent:
    component: SkbComponent
    result: ComponentResult | None


def candidate_components(candidate: SkbCandidate) -> list[CandidateComponent]:
    """Every SKB component of the candidate's formasi (in order) with the candidate's result on
    it, or None; two queries."""
    results = {
        result.component_id: result
        for result in ComponentResult.objects.filter(candidate=candidate).select_related(
            "component", "candidate", "decided_by"
        )
    }
    components = SkbComponent.objects.filter(formasi_id=candidate.formasi_id).order_by("order")
    return [CandidateComponent(item, results.get(item.pk)) for item in components]


# --- HR: assessor statistics and reliability


@dataclass(frozen=True)
class AssessorStat:
    assessor: User
    scored: int
    mean: Decimal
    sd: Decimal | None  # sample standard deviation (n − 1); None below 2 scores
    # Own score minus the mean of the co-assessors' scores on the same cases, averaged over the
    # cases that have co-assessors: > 0 scores more leniently than colleagues, < 0 more strictly.
    mean_difference: Decimal | None
    shared_cases: int


def _submitted(component: SkbComponent) -> list[AssessorAssignment]:
    return list(
        AssessorAssignment.objects.filter(component=component, submitted_at__isnull=False)
        .select_related("assessor")
        .order_by("pk")
    )


def assessor_stats(component: SkbComponent) -> list[AssessorStat]:
    """Per assessor of the component: how many scored, mean, SD and the lean against co-assessors."""
    submitted = [item for item in _submitted(component) if item.score is not None]
    by_case: dict[int, list[AssessorAssignment]] = defaultdict(list)
    by_assessor: dict[int, list[AssessorAssignment]] = defaultdict(list)
    for assignment in submitted:
        by_case[assignment.candidate_id].append(assignment)
        by_assessor[assignment.assessor_id].append(assignment)
    stats = []
    for own in by_assessor.values():
        scores = [item.score for item in own if item.score is not None]
        differences = []
        for item in own:
            others = [
                Fraction(other.score)
                for other in by_case[item.candidate_id]
                if other.pk != item.pk and other.score is not None
            ]
            if others and item.score is not None:
                co_mean = sum(others, start=Fraction(0)) / len(others)
                differences.append(Fraction(item.score) - co_mean)
        stats.append(
            AssessorStat(
                assessor=own[0].assessor,
                scored=len(scores),
                mean=rules.mean(scores),
                sd=rules.sample_sd(scores),
                mean_difference=(
                    rules.quantize(sum(differences, start=Fraction(0)) / len(differences))
                    if differences
                    else None
                ),
                shared_cases=len(differences),
            )
        )
    return sorted(stats, key=lambda stat: (stat.assessor.username, stat.assessor.pk))


def icc_cases(component: SkbComponent) -> list[list[Decimal]]:
    """Per case, the first two submitted independent scores (cases with fewer are left out):
    every case then has k = 2 ratings, as ICC(1) requires."""
    first_two: dict[int, list[Decimal]] = defaultdict(list)
    for assignment in _submitted(component):
        if assignment.kind != Kind.INDEPENDENT or assignment.score is None:
            continue
        if len(first_two[assignment.candidate_id]) < 2:
            first_two[assignment.candidate_id].append(assignment.score)
    return [scores for scores in first_two.values() if len(scores) == 2]


@dataclass(frozen=True)
class Reliability:
    icc: Decimal | None
    cases: int
    reading: str


def reliability(component: SkbComponent) -> Reliability:
    cases = icc_cases(component)
    value = rules.icc1(cases)
    return Reliability(icc=value, cases=len(cases), reading=rules.icc_reading(value))


def stats_rows(stats: Sequence[AssessorStat]) -> list[dict[str, Any]]:
    """The statistics as plain values for the page and the API."""
    return [
        {
            "assessor_id": stat.assessor.pk,
            "username": stat.assessor.username,
            "name": stat.assessor.full_name,
            "scored": stat.scored,
            "mean": stat.mean,
            "sd": stat.sd,
            "mean_difference": stat.mean_difference,
            "shared_cases": stat.shared_cases,
        }
        for stat in stats
    ]
