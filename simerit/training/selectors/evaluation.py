"""Reads of the evaluation of training: the participant's surveys, the evaluation of one class
(survey, pre/post test, predikat before and after), the overview of held classes and the predikat
comparison per programme. The arithmetic and the definitions are rules/evaluation.py's; each read
here is a fixed number of queries, whatever the number of participants."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from simerit.accounts.models import User
from simerit.performance.models import Appraisal
from simerit.training.models import (
    Enrolment,
    Meeting,
    Programme,
    SurveyResponse,
    SurveySubmission,
    TrainingClass,
)
from simerit.training.permissions import visible_enrolments
from simerit.training.rules import evaluation as rules
from simerit.training.rules.jp import training_year

SEAT_STATUSES = [str(status) for status in Enrolment.SEAT_STATUSES]
# Enrolments a participant may (eventually) answer the survey of.
SURVEY_STATUSES = [
    Enrolment.Status.ENROLLED,
    Enrolment.Status.COMPLETED,
    Enrolment.Status.NOT_COMPLETED,
]
NOT_OWN_SURVEY = "Survei hanya dapat diisi oleh peserta sendiri."


def _survey_total(prefix: str = "") -> CombinedExpression | F:
    """The sum of the four aspect scores of one answer (its mean × 4)."""
    first, *others = (F(f"{prefix}{name}") for name, _ in rules.SURVEY_ASPECTS)
    total: CombinedExpression | F = first
    for other in others:
        total = total + other
    return total


def _per_class(aggregate: Count | Sum) -> Coalesce:
    """`aggregate` over the survey answers of the outer class (a subquery: joining the answers
    next to the enrolments would multiply the seat counts)."""
    answers = (
        SurveyResponse.objects.filter(training_class=OuterRef("pk"))
        .order_by()
        .values("training_class")
        .annotate(value=aggregate)
        .values("value")
    )
    return Coalesce(Subquery(answers, output_field=IntegerField()), 0)


def _last_meeting_end(class_ref: str) -> Subquery:
    """The end of the class's last meeting that was not cancelled (an annotation)."""
    return Subquery(
        Meeting.objects.filter(training_class=OuterRef(class_ref), is_cancelled=False)
        .values("training_class")
        .annotate(last=Max("ends_at"))
        .values("last")[:1]
    )


# --- The participant's survey


def get_survey_enrolment(*, user: User, enrolment_id: int) -> Enrolment:
    """The participant's own enrolment for the survey. Http404 for an enrolment the account may
    not see; PermissionDenied for one it sees but does not hold (a supervisor, HR)."""
    enrolment = (
        Enrolment.objects.select_related("training_class__programme", "employee")
        .filter(pk=enrolment_id)
        .first()
    )
    if enrolment is None:
        raise Http404("Peserta tidak ditemukan.")
    if enrolment.employee.user_id is None or enrolment.employee.user_id != user.pk:
        if visible_enrolments(user).filter(pk=enrolment.pk).exists():
            raise PermissionDenied(NOT_OWN_SURVEY)
        raise Http404("Peserta tidak ditemukan.")
    return enrolment


def survey_refusal(enrolment: Enrolment) -> str | None:
    """Why the enrolment's survey cannot be answered now (None: it can); one query."""
    last = Meeting.objects.filter(
        training_class_id=enrolment.training_class_id, is_cancelled=False
    ).aggregate(last=Max("ends_at"))["last"]
    return _refusal(enrolment, last)


def _refusal(enrolment: Enrolment, last_meeting_ends_at: dt.datetime | None) -> str | None:
    training_class = enrolment.training_class
    return rules.survey_refusal(
        enrolment_status=enrolment.status,
        class_cancelled=training_class.status == TrainingClass.Status.CANCELLED,
        last_meeting_ends_at=last_meeting_ends_at,
        class_ends_on=training_class.ends_on,
        now=timezone.now(),
        today=timezone.localdate(),
    )


def has_survey(enrolment: Enrolment) -> bool:
    """The participant has answered (the submission marker; the answer names only the class)."""
    return SurveySubmission.objects.filter(enrolment=enrolment).exists()


@dataclass(frozen=True)
class SurveyTask:
    """One line of the participant's survey list."""

    enrolment: Enrolment
    answered: bool
    refusal: str | None

    @property
    def can_answer(self) -> bool:
        return not self.answered and self.refusal is None

    @property
    def closes_on(self) -> dt.date:
        return rules.survey_closes_on(self.enrolment.training_class.ends_on)


def my_survey_enrolments(user: User) -> QuerySet[Enrolment]:
    """The account's own seats in classes that have started (newest first), with `answered` and
    `last_meeting_ends_at` annotated for survey_tasks()."""
    return (
        Enrolment.objects.filter(
            employee__user=user,
            status__in=SURVEY_STATUSES,
            training_class__starts_on__lte=timezone.localdate(),
        )
        .exclude(training_class__status=TrainingClass.Status.CANCELLED)
        .select_related("training_class__programme")
        .annotate(
            answered=Exists(SurveySubmission.objects.filter(enrolment=OuterRef("pk"))),
            last_meeting_ends_at=_last_meeting_end("training_class"),
        )
        .order_by("-training_class__ends_on", "-pk")
    )


def survey_tasks(enrolments: Iterable[Enrolment]) -> list[SurveyTask]:
    """The enrolments of my_survey_enrolments (one page of them) as survey tasks; no query."""
    return [
        SurveyTask(
            enrolment=enrolment,
            answered=bool(getattr(enrolment, "answered", False)),
            refusal=_refusal(enrolment, getattr(enrolment, "last_meeting_ends_at", None)),
        )
        for enrolment in enrolments
    ]


# --- The evaluation of one class


@dataclass(frozen=True)
class ClassEvaluation:
    training_class: TrainingClass
    participants: int  # seat holders: enrolled, lulus, tidak lulus
    completed: int
    not_completed: int
    survey: rules.SurveySummary
    response_percent: Decimal | None
    pre_post: rules.PrePostSummary
    predikat: rules.PredikatComparison


def survey_of_class(training_class: TrainingClass) -> rules.SurveySummary:
    """One aggregate query, and one for the comments when they may be shown (the survey is
    closed and has enough answers: rules.shows_results)."""
    answers = SurveyResponse.objects.filter(training_class=training_class)
    sums = answers.aggregate(
        responses=Count("pk"), **{name: Coalesce(Sum(name), 0) for name, _ in rules.SURVEY_ASPECTS}
    )
    responses = int(sums.pop("responses"))
    today = timezone.localdate()
    comments: list[str] = []
    closed = rules.survey_closed(training_class.ends_on, today=today)
    if rules.shows_results(responses=responses, closed=closed):
        comments = list(answers.exclude(comment="").values_list("comment", flat=True))
    return rules.survey_summary(
        responses=responses,
        totals={k: int(v) for k, v in sums.items()},
        comments=comments,
        class_ends_on=training_class.ends_on,
        today=today,
    )


def class_evaluation(training_class: TrainingClass) -> ClassEvaluation:
    """Survey, pre/post test and predikat comparison of one class (at most 5 queries)."""
    seats = list(
        Enrolment.objects.filter(
            training_class=training_class, status__in=SEAT_STATUSES
        ).values_list("status", "pre_test_score", "post_test_score")
    )
    survey = survey_of_class(training_class)
    completed = Enrolment.objects.filter(
        training_class=training_class, status=Enrolment.Status.COMPLETED
    )
    return ClassEvaluation(
        training_class=training_class,
        participants=len(seats),
        completed=sum(1 for status, _, _ in seats if status == Enrolment.Status.COMPLETED),
        not_completed=sum(1 for status, _, _ in seats if status == Enrolment.Status.NOT_COMPLETED),
        survey=survey,
        response_percent=rules.percent(survey.responses, len(seats)),
        pre_post=rules.pre_post_summary((pre, post) for _, pre, post in seats),
        predikat=rules.compare([row.participation for row in participations(completed)]),
    )


# --- Predikat before and after


@dataclass(frozen=True)
class ParticipationRow:
    programme_id: int
    programme_code: str
    programme_name: str
    participation: rules.Participation


def completed_enrolments(
    *,
    year: int | None = None,
    programme: Programme | None = None,
    training_class: TrainingClass | None = None,
) -> QuerySet[Enrolment]:
    """The COMPLETED (lulus) enrolments, optionally of the classes ending in `year`, of one
    programme, or of one class."""
    enrolments = Enrolment.objects.filter(status=Enrolment.Status.COMPLETED)
    if year is not None:
        enrolments = enrolments.filter(training_class__ends_on__year=year)
    if programme is not None:
        enrolments = enrolments.filter(training_class__programme=programme)
    if training_class is not None:
        enrolments = enrolments.filter(training_class=training_class)
    return enrolments


def participations(enrolments: QuerySet[Enrolment]) -> list[ParticipationRow]:
    """Each enrolment with the predikat before and after its class (rules.before_after): one
    query for the enrolments and one for the appraisals of their employees (those under a
    keberatan are left out: their predikat may still change)."""
    rows = list(
        enrolments.order_by("pk").values_list(
            "employee_id",
            "training_class__ends_on",
            "training_class__programme_id",
            "training_class__programme__code",
            "training_class__programme__name",
        )
    )
    if not rows:
        return []
    appraised: dict[int, list[rules.YearPredikat]] = defaultdict(list)
    for employee_id, year, predikat in (
        Appraisal.objects.filter(skp__employee__in=enrolments.values("employee_id"))
        .exclude(status=Appraisal.Status.OBJECTED)
        .values_list("skp__employee_id", "skp__year__year", "predikat")
    ):
        appraised[employee_id].append(rules.YearPredikat(year=year, predikat=predikat))
    result: list[ParticipationRow] = []
    for employee_id, ends_on, programme_id, code, name in rows:
        before, after = rules.before_after(
            appraised[employee_id], class_year=training_year(ends_on)
        )
        result.append(
            ParticipationRow(
                programme_id=programme_id,
                programme_code=code,
                programme_name=name,
                participation=rules.Participation(
                    employee_id=employee_id, before=before, after=after
                ),
            )
        )
    return result


@dataclass(frozen=True)
class ProgrammeComparison:
    programme_id: int
    code: str
    name: str
    comparison: rules.PredikatComparison


def by_programme(rows: Sequence[ParticipationRow]) -> list[ProgrammeComparison]:
    """The comparison per programme, by programme name; no query."""
    groups: dict[int, list[ParticipationRow]] = defaultdict(list)
    for row in rows:
        groups[row.programme_id].append(row)
    found = [
        ProgrammeComparison(
            programme_id=programme_id,
            code=members[0].programme_code,
            name=members[0].programme_name,
            comparison=rules.compare([row.participation for row in members]),
        )
        for programme_id, members in groups.items()
    ]
    return sorted(found, key=lambda item: (item.name, item.programme_id))


def comparison_years() -> list[int]:
    """Years (of a class's last day) with at least one lulus participant, newest first."""
    days = TrainingClass.objects.filter(enrolments__status=Enrolment.Status.COMPLETED).dates(
        "ends_on", "year", order="DESC"
    )
    return [day.year for day in days]


# --- Overview of held classes


def held_classes(
    *, year: int | None = None, programme: Programme | None = None, search: str = ""
) -> QuerySet[TrainingClass]:
    """Classes that are completed, or open/closed with their last day reached (their survey may
    be open), newest first; annotated for overview_rows()."""
    today = timezone.localdate()
    classes = TrainingClass.objects.filter(
        Q(status=TrainingClass.Status.COMPLETED)
        | Q(
            status__in=[TrainingClass.Status.OPEN, TrainingClass.Status.CLOSED],
            ends_on__lte=today,
        )
    )
    if year is not None:
        classes = classes.filter(ends_on__year=year)
    if programme is not None:
        classes = classes.filter(programme=programme)
    if search:
        classes = classes.filter(
            Q(name__icontains=search)
            | Q(programme__name__icontains=search)
            | Q(programme__code__icontains=search)
        )
    return (
        classes.select_related("programme")
        .annotate(
            seat_count=Count("enrolments", filter=Q(enrolments__status__in=SEAT_STATUSES)),
            completed_count=Count(
                "enrolments", filter=Q(enrolments__status=Enrolment.Status.COMPLETED)
            ),
            response_count=_per_class(Count("pk")),
            survey_total=_per_class(Sum(_survey_total())),
        )
        .order_by("-ends_on", "name", "pk")
    )


@dataclass(frozen=True)
class OverviewRow:
    training_class: TrainingClass
    participants: int
    completed: int
    responses: int
    # The mean of the four aspects; None while the survey is open or below the threshold.
    satisfaction: Decimal | None
    survey_closes_on: dt.date
    survey_closed: bool


def overview_rows(classes: Iterable[TrainingClass]) -> list[OverviewRow]:
    """One page of held_classes() as rows; no query."""
    today = timezone.localdate()
    rows = []
    for training_class in classes:
        responses = int(getattr(training_class, "response_count", 0))
        total = int(getattr(training_class, "survey_total", None) or 0)
        closed = rules.survey_closed(training_class.ends_on, today=today)
        rows.append(
            OverviewRow(
                training_class=training_class,
                participants=int(getattr(training_class, "seat_count", 0)),
                completed=int(getattr(training_class, "completed_count", 0)),
                responses=responses,
                satisfaction=rules.ratio(total, responses * len(rules.SURVEY_ASPECTS))
                if rules.shows_results(responses=responses, closed=closed)
                else None,
                survey_closes_on=rules.survey_closes_on(training_class.ends_on),
                survey_closed=closed,
            )
        )
    return rows


def held_years() -> list[int]:
    """Years of the classes' last days, newest first (the overview's filter)."""
    return [day.year for day in TrainingClass.objects.dates("ends_on", "year", order="DESC")]
