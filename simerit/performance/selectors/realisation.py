"""Reads of the realisation page: the periods of a year, and one SKP's results with their
indicators × periods (target, realisation, capaian, bukti dukung) and the pejabat penilai's
feedback per result and period."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from simerit.core.dates import MONTHS_ID
from simerit.performance import rules
from simerit.performance.models import (
    CoachingNote,
    Evidence,
    Frequency,
    Indicator,
    PerformanceYear,
    Realisation,
    ResultFeedback,
    Skp,
    WorkResult,
)

QUARTER_NAMES = ("I", "II", "III", "IV")


def _add_months(value: dt.date, months: int) -> dt.date:
    month_index = value.month - 1 + months
    year, month = value.year + month_index // 12, month_index % 12 + 1
    # A year starting on the 31st: a shorter month starts on its last day.
    for day in (value.day, 30, 29, 28):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    raise ValueError(value)  # pragma: no cover (day 28 exists in every month)


def period_start(year: PerformanceYear, index: int) -> dt.date:
    """First day of period `index` (1-based): quarters or months counted from `year.starts_on`."""
    step = 1 if year.frequency == Frequency.MONTHLY else 3
    return _add_months(year.starts_on, step * (index - 1))


def period_label(year: PerformanceYear, index: int) -> str:
    """ "Triwulan II" or the month's name ("Maret")."""
    if year.frequency == Frequency.MONTHLY:
        return MONTHS_ID[period_start(year, index).month - 1]
    return f"Triwulan {QUARTER_NAMES[index - 1]}"


def period_started(year: PerformanceYear, index: int, *, today: dt.date) -> bool:
    """The period contains `today` or lies before it."""
    return period_start(year, index) <= today


@dataclass(frozen=True)
class Period:
    index: int
    label: str
    starts_on: dt.date
    started: bool


def periods(year: PerformanceYear, *, today: dt.date) -> list[Period]:
    return [
        Period(
            index=index,
            label=period_label(year, index),
            starts_on=period_start(year, index),
            started=period_started(year, index, today=today),
        )
        for index in range(1, year.period_count + 1)
    ]


@dataclass(frozen=True)
class Cell:
    period: Period
    realisation: Realisation | None
    achievement: Decimal | None
    evidence: list[Evidence]


@dataclass(frozen=True)
class IndicatorRow:
    indicator: Indicator
    cells: list[Cell]


@dataclass(frozen=True)
class PeriodFeedback:
    period: Period
    items: list[ResultFeedback]


@dataclass(frozen=True)
class ResultBlock:
    result: WorkResult
    rows: list[IndicatorRow]
    feedback: list[PeriodFeedback] = field(default_factory=list)


def capaian(realisation: Realisation, *, cap: int) -> Decimal | None:
    """Capaian of one realisation against its indicator's target (rules.achievement)."""
    indicator = realisation.indicator
    return rules.achievement(
        target=indicator.target,
        realised=realisation.value,
        lower_is_better=indicator.lower_is_better,
        cap=cap,
    )


def realisation_board(skp: Skp, *, today: dt.date) -> list[ResultBlock]:
    """Every result of the SKP with its indicators × periods and feedback, in four queries."""
    year = skp.year
    year_periods = periods(year, today=today)
    evidence = Prefetch("evidence", queryset=Evidence.objects.order_by("pk"))
    realisations = Prefetch("realisations", queryset=Realisation.objects.prefetch_related(evidence))
    feedback = Prefetch(
        "feedback", queryset=ResultFeedback.objects.select_related("written_by").order_by("pk")
    )
    results = (
        WorkResult.objects.filter(skp=skp)
        .order_by("kind", "order")
        .prefetch_related(
            Prefetch("indicators", queryset=Indicator.objects.prefetch_related(realisations)),
            feedback,
        )
    )
    blocks: list[ResultBlock] = []
    for result in results:
        rows = []
        for indicator in result.indicators.all():
            by_period = {item.period_index: item for item in indicator.realisations.all()}
            cells = []
            for period in year_periods:
                found = by_period.get(period.index)
                achieved = None
                if found is not None:
                    found.indicator = indicator
                    achieved = capaian(found, cap=year.achievement_cap)
                cells.append(
                    Cell(
                        period=period,
                        realisation=found,
                        achievement=achieved,
                        evidence=list(found.evidence.all()) if found else [],
                    )
                )
            rows.append(IndicatorRow(indicator=indicator, cells=cells))
        notes = list(result.feedback.all())
        per_period = [
            PeriodFeedback(
                period=period, items=[item for item in notes if item.period_index == period.index]
            )
            for period in year_periods
        ]
        blocks.append(
            ResultBlock(
                result=result, rows=rows, feedback=[item for item in per_period if item.items]
            )
        )
    return blocks


def list_realisations(skp: Skp) -> QuerySet[Realisation]:
    """The SKP's realisations in page order, with their indicator and evidence."""
    return (
        Realisation.objects.filter(indicator__result__skp=skp)
        .select_related("indicator__result")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("pk")))
        .order_by(
            "indicator__result__kind", "indicator__result__order", "indicator", "period_index"
        )
    )


def get_evidence(skp: Skp, evidence_id: int) -> Evidence | None:
    """A bukti dukung of this SKP (None for another SKP's file)."""
    return (
        Evidence.objects.filter(pk=evidence_id, realisation__indicator__result__skp=skp)
        .select_related("realisation__indicator__result__skp__year")
        .first()
    )


# --- Coaching (bimbingan kinerja) and the employee's feedback on it (Format B.1.8)


@dataclass(frozen=True)
class FeedbackLine:
    code: str
    statement: str
    level: int | None


def list_coaching_notes(skp: Skp) -> QuerySet[CoachingNote]:
    """The SKP's coaching notes, newest first, each with its feedback (if given)."""
    return (
        CoachingNote.objects.filter(skp=skp)
        .select_related("author", "feedback")
        .order_by("-held_on", "-pk")
    )


def feedback_lines(note: CoachingNote) -> list[FeedbackLine]:
    """The B.1.8 statements with the level the employee chose (empty without feedback)."""
    feedback = getattr(note, "feedback", None)
    if feedback is None:
        return []
    answers = feedback.answers or {}
    return [
        FeedbackLine(code=code, statement=statement, level=answers.get(code))
        for code, statement in rules.COACHING_FEEDBACK_ITEMS
    ]
