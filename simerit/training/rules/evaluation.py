"""Evaluation of training as pure functions (no ORM): when a participant may fill the
satisfaction survey, the summaries of the survey and of the pre/post test, and the comparison of
the participants' predikat kinerja before and after the training.

PP 11/2017 Pasal 203(5) requires the PPK to evaluate competency development; the link to the
appraisal is domain reference §6.3 (training as the answer to a weak predikat). The thresholds
that protect the participants (3 survey answers, shown only after the survey closed 14 days after
the class; 5 compared participants) are this instansi's choice, as for the 360 input (§5.7).

Definitions of the predikat comparison (kept simple on purpose and shown on the page):
- the class's year is the year of its last day (`ends_on`), as for the JP credited;
- "before" is the participant's latest appraisal of a year before the class's year;
- "after" is the earliest appraisal of the class's year or a later year;
- a participant lacking either is not compared (counted as such); a move is the difference of
  the two predikat on the order Sangat Kurang < Kurang < Butuh Perbaikan < Baik < Sangat Baik.
"""

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from simerit.core.dates import format_date_id
from simerit.performance.models import Predikat

TWO_PLACES = Decimal("0.01")

# Anonymity: survey averages and comments only from this many answers, and only once the survey
# is closed (SURVEY_OPEN_DAYS after the class's last day): a page that changed with every new
# answer would show, by difference, what the latest participant answered.
MIN_SURVEY_RESPONSES = 3
# The survey of a class may be answered up to and including this many days after its last day.
SURVEY_OPEN_DAYS = 14
# k-anonymity of the predikat comparison: a group of fewer compared participants is withheld.
MIN_COMPARISON_GROUP = 5

SURVEY_SCORE_MIN = 1
SURVEY_SCORE_MAX = 5
SURVEY_COMMENT_MAX_LENGTH = 2000
# The four aspects of the survey: (field of SurveyResponse, label).
SURVEY_ASPECTS: tuple[tuple[str, str], ...] = (
    ("content_score", "Materi"),
    ("facilitator_score", "Pengajar/fasilitator"),
    ("relevance_score", "Manfaat bagi pekerjaan"),
    ("organisation_score", "Penyelenggaraan"),
)
SURVEY_SCALE: dict[int, str] = {
    1: "Sangat tidak puas",
    2: "Tidak puas",
    3: "Cukup",
    4: "Puas",
    5: "Sangat puas",
}

# The predikat kinerja from the lowest (1) to the highest (5) (PermenPANRB 6/2022; §5.4).
PREDIKAT_RANK: dict[str, int] = {
    Predikat.SANGAT_KURANG: 1,
    Predikat.KURANG: 2,
    Predikat.BUTUH_PERBAIKAN: 3,
    Predikat.BAIK: 4,
    Predikat.SANGAT_BAIK: 5,
}
PREDIKAT_ORDER: tuple[Predikat, ...] = tuple(
    sorted(Predikat, key=lambda predikat: PREDIKAT_RANK[predikat])
)
PREDIKAT_LABELS: tuple[str, ...] = tuple(str(predikat.label) for predikat in PREDIKAT_ORDER)

NOT_A_PARTICIPANT = "Survei hanya untuk peserta yang mendapat kursi di kelas ini."
CLASS_CANCELLED = "Kelas ini dibatalkan sehingga tidak ada survei."
NOT_YET_ENDED = "Survei dapat diisi setelah pertemuan terakhir kelas ini selesai."
SURVEY_CLOSED = (
    "Survei kelas ini sudah ditutup pada {closed_on} ({days} hari setelah hari terakhir kelas)."
)


def mean(values: Sequence[Decimal]) -> Decimal | None:
    """The mean, 2 decimals rounded half up; None for no values."""
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def ratio(total: int, count: int) -> Decimal | None:
    """total ÷ count, 2 decimals rounded half up (exact on integer sums); None when count is 0."""
    if count == 0:
        return None
    return (Decimal(total) / count).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def percent(part: int, whole: int) -> Decimal | None:
    """part as a percentage of whole, 1 decimal; None when whole is 0."""
    if whole == 0:
        return None
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# --- Survey


def survey_closes_on(class_ends_on: dt.date) -> dt.date:
    """The last day the survey of a class ending on `class_ends_on` may be answered."""
    return class_ends_on + dt.timedelta(days=SURVEY_OPEN_DAYS)


def survey_closed(class_ends_on: dt.date, *, today: dt.date) -> bool:
    """The answering window is over: the class's averages and comments may be shown."""
    return today > survey_closes_on(class_ends_on)


def survey_refusal(
    *,
    enrolment_status: str,
    class_cancelled: bool,
    last_meeting_ends_at: dt.datetime | None,
    class_ends_on: dt.date,
    now: dt.datetime,
    today: dt.date,
) -> str | None:
    """Why the participant may not fill the survey now, or None when they may. Nobody may once
    the survey is closed (SURVEY_OPEN_DAYS after the class's last day). Before that, a decided
    participant (lulus or tidak lulus) may; an enrolled one once the last meeting that was not
    cancelled has ended (without meetings: once the class's last day is over)."""
    decided = enrolment_status in ("completed", "not_completed")
    if not decided and enrolment_status != "enrolled":
        return NOT_A_PARTICIPANT
    if class_cancelled and not decided:
        return CLASS_CANCELLED
    if survey_closed(class_ends_on, today=today):
        return SURVEY_CLOSED.format(
            closed_on=format_date_id(survey_closes_on(class_ends_on)), days=SURVEY_OPEN_DAYS
        )
    if decided:
        return None
    if last_meeting_ends_at is not None:
        return None if now >= last_meeting_ends_at else NOT_YET_ENDED
    return None if today > class_ends_on else NOT_YET_ENDED


def clean_survey_scores(
    scores: Mapping[str, object],
) -> tuple[dict[str, int], dict[str, list[str]]]:
    """The scores per aspect field, and the message per field for a missing score or one that
    is not a whole number 1–5."""
    valid: dict[str, int] = {}
    errors: dict[str, list[str]] = {}
    for name, label in SURVEY_ASPECTS:
        value = scores.get(name)
        if value is None or value == "":
            errors[name] = [f"Nilai {label.lower()} wajib diisi."]
        elif (
            isinstance(value, int)
            and not isinstance(value, bool)
            and SURVEY_SCORE_MIN <= value <= SURVEY_SCORE_MAX
        ):
            valid[name] = value
        else:
            errors[name] = [
                f"Nilai {label.lower()} harus bilangan bulat {SURVEY_SCORE_MIN} sampai "
                f"{SURVEY_SCORE_MAX}."
            ]
    return valid, errors


@dataclass(frozen=True)
class AspectMean:
    name: str
    label: str
    mean: Decimal | None


@dataclass(frozen=True)
class SurveySummary:
    """The survey of one class. Means and comments are None/empty until `enough`: the survey is
    `closed` (on the day after `closes_on`) and has at least MIN_SURVEY_RESPONSES answers."""

    responses: int
    enough: bool
    aspects: tuple[AspectMean, ...]
    overall: Decimal | None
    comments: tuple[str, ...]
    closes_on: dt.date
    closed: bool


def shows_results(*, responses: int, closed: bool) -> bool:
    """Averages and comments of a class are shown only once its survey is closed (no answer can
    be added, so no two views differ by one answer) and from MIN_SURVEY_RESPONSES answers."""
    return closed and responses >= MIN_SURVEY_RESPONSES


def survey_summary(
    *,
    responses: int,
    totals: dict[str, int],
    comments: Iterable[str],
    class_ends_on: dt.date,
    today: dt.date,
) -> SurveySummary:
    """The means per aspect (from each aspect's sum over `responses` answers) and their overall
    mean, and the comments in alphabetical order (not the order of answering, which could point
    to a person); all withheld while the survey is open or below MIN_SURVEY_RESPONSES answers."""
    closed = survey_closed(class_ends_on, today=today)
    enough = shows_results(responses=responses, closed=closed)
    aspects = tuple(
        AspectMean(name, label, ratio(totals.get(name, 0), responses) if enough else None)
        for name, label in SURVEY_ASPECTS
    )
    overall = (
        ratio(sum(totals.get(name, 0) for name, _ in SURVEY_ASPECTS), responses * 4)
        if enough
        else None
    )
    shown = tuple(sorted(text.strip() for text in comments if text.strip())) if enough else ()
    return SurveySummary(
        responses=responses,
        enough=enough,
        aspects=aspects,
        overall=overall,
        comments=shown,
        closes_on=survey_closes_on(class_ends_on),
        closed=closed,
    )


# --- Pre-test and post-test


@dataclass(frozen=True)
class PrePostSummary:
    """Paired scores only: the means are over the participants with both scores, so that the
    gain is the difference of the two means."""

    with_both: int
    pre_only: int
    post_only: int
    mean_pre: Decimal | None
    mean_post: Decimal | None
    mean_gain: Decimal | None
    improved: int
    improved_percent: Decimal | None


def pre_post_summary(scores: Iterable[tuple[Decimal | None, Decimal | None]]) -> PrePostSummary:
    """Summary of (pre, post) pairs of one class's participants."""
    pairs: list[tuple[Decimal, Decimal]] = []
    pre_only = post_only = 0
    for pre, post in scores:
        if pre is not None and post is not None:
            pairs.append((pre, post))
        elif pre is not None:
            pre_only += 1
        elif post is not None:
            post_only += 1
    improved = sum(1 for pre, post in pairs if post > pre)
    return PrePostSummary(
        with_both=len(pairs),
        pre_only=pre_only,
        post_only=post_only,
        mean_pre=mean([pre for pre, _ in pairs]),
        mean_post=mean([post for _, post in pairs]),
        mean_gain=mean([post - pre for pre, post in pairs]),
        improved=improved,
        improved_percent=percent(improved, len(pairs)),
    )


# --- Predikat before and after


class Move(StrEnum):
    UP = "naik"
    SAME = "tetap"
    DOWN = "turun"


MOVE_LABELS: dict[Move, str] = {Move.UP: "Naik", Move.SAME: "Tetap", Move.DOWN: "Turun"}


def rank(predikat: str) -> int:
    return PREDIKAT_RANK[Predikat(predikat)]


def move(before: str, after: str) -> Move:
    change = rank(after) - rank(before)
    if change > 0:
        return Move.UP
    return Move.DOWN if change < 0 else Move.SAME


@dataclass(frozen=True)
class YearPredikat:
    """One appraisal of an employee: the year of the SKP and its predikat."""

    year: int
    predikat: str


def before_after(
    appraisals: Iterable[YearPredikat], *, class_year: int
) -> tuple[str | None, str | None]:
    """(before, after) as the module docstring defines them."""
    earlier = [a for a in appraisals if a.year < class_year]
    later = [a for a in appraisals if a.year >= class_year]
    before = max(earlier, key=lambda a: a.year).predikat if earlier else None
    after = min(later, key=lambda a: a.year).predikat if later else None
    return before, after


@dataclass(frozen=True)
class Participation:
    """A completed participant of a class with the predikat found before and after it."""

    employee_id: int
    before: str | None
    after: str | None


@dataclass(frozen=True)
class MoveCount:
    move: Move
    label: str
    count: int
    percent: Decimal | None


@dataclass(frozen=True)
class MatrixRow:
    before: str
    label: str
    counts: tuple[int, ...]  # per "after" predikat, in PREDIKAT_ORDER
    total: int


@dataclass(frozen=True)
class PredikatComparison:
    """The comparison of a group of participations. Everything about the predikat (moves,
    matrix, distributions, mean change) is empty/None when `withheld`: fewer than
    MIN_COMPARISON_GROUP distinct employees compared."""

    participants: int
    missing_before: int
    missing_after: int
    compared: int
    employees: int
    withheld: bool
    moves: tuple[MoveCount, ...] = ()
    mean_change: Decimal | None = None
    matrix: tuple[MatrixRow, ...] = ()
    before_counts: tuple[int, ...] = ()
    after_counts: tuple[int, ...] = ()
    labels: tuple[str, ...] = PREDIKAT_LABELS

    def chart(self) -> dict[str, object]:
        """The data of the before/after chart (json_script)."""
        return {
            "labels": list(self.labels),
            "before": list(self.before_counts),
            "after": list(self.after_counts),
        }


def compare(participations: Sequence[Participation]) -> PredikatComparison:
    """Moves (naik/tetap/turun), the before × after matrix, the distributions before and after
    and the mean change of rank (2 decimals) of the participations with both predikat. The unit
    is the participation: an employee who completed two classes of the group counts twice, but
    the k-anonymity threshold counts distinct employees."""
    found = [
        (p.employee_id, Predikat(p.before), Predikat(p.after))
        for p in participations
        if p.before is not None and p.after is not None
    ]
    employees = len({employee for employee, _, _ in found})
    summary = PredikatComparison(
        participants=len(participations),
        missing_before=sum(1 for p in participations if p.before is None),
        missing_after=sum(1 for p in participations if p.before is not None and p.after is None),
        compared=len(found),
        employees=employees,
        withheld=employees < MIN_COMPARISON_GROUP,
    )
    if summary.withheld:
        return summary
    moves = Counter(move(before, after) for _, before, after in found)
    cells = Counter((before, after) for _, before, after in found)
    return replace(
        summary,
        moves=tuple(
            MoveCount(kind, MOVE_LABELS[kind], moves[kind], percent(moves[kind], len(found)))
            for kind in Move
        ),
        mean_change=ratio(sum(rank(a) - rank(b) for _, b, a in found), len(found)),
        matrix=tuple(
            MatrixRow(
                before=str(row.value),
                label=str(row.label),
                counts=tuple(cells[(row, column)] for column in PREDIKAT_ORDER),
                total=sum(cells[(row, column)] for column in PREDIKAT_ORDER),
            )
            for row in PREDIKAT_ORDER
        ),
        before_counts=tuple(sum(1 for _, b, _ in found if b == p) for p in PREDIKAT_ORDER),
        after_counts=tuple(sum(1 for _, _, a in found if a == p) for p in PREDIKAT_ORDER),
    )
