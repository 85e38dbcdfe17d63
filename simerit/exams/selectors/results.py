"""Reading exam results: blueprints with their attempt counts, when each sitting counts as ended, a
blueprint's results list and its Excel export.

The results list has one row per placed participant (Participant), not per attempt: a participant
who never started has no Attempt and is listed as "Tidak hadir" once their sitting has ended
("Belum mulai" before). Publication (services/results.py) writes no ExamResult for them, so the
selection reads "a placed participant of a published blueprint without an ExamResult" as absent
(tidak hadir). Before publication the scores are provisional; afterwards they are the official
ExamResult rows. An attempt stopped by a proctor keeps the verdict computed from its scores and is
published with a reason that starts with STOPPED_PREFIX.
"""

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Count, F, Max, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import slugify
from openpyxl import Workbook

from simerit.core.spreadsheets.writing import (
    TEXT_FORMAT,
    header_cells,
    safe_row,
    text_cell,
    workbook_bytes,
)
from simerit.exams.models import Attempt, Blueprint, ExamKind, ExamPin, Participant, Sitting

PASSED = "lulus"
FAILED = "tidak_lulus"
NO_THRESHOLD = "tanpa_ambang"
ABSENT = "tidak_hadir"
STOPPED = "dihentikan_pengawas"
VERDICT_CHOICES = {
    PASSED: "Memenuhi ambang batas",
    FAILED: "Tidak memenuhi ambang batas",
    NO_THRESHOLD: "Tanpa ambang batas",
}
FILTER_CHOICES = {
    **VERDICT_CHOICES,
    ABSENT: "Tidak hadir",
    STOPPED: "Dihentikan pengawas",
}
ABSENT_LABEL = "Tidak hadir"
NOT_STARTED_LABEL = "Belum mulai"
UNFINISHED_LABEL = "Belum selesai"
STOPPED_PREFIX = "Ujian dihentikan pengawas."
REASON_MAX_LENGTH = 300  # ExamResult.result_reason


@dataclass(frozen=True)
class ResultFilters:
    verdict: str = ""  # one of FILTER_CHOICES, "" for all
    track: str = ""  # a recruitment Track value, "" for all


@dataclass(frozen=True)
class SittingEnd:
    """When a sitting counts as ended (nobody who has not started can start any more), and how
    many of its attempts are still active or paused."""

    sitting_id: int
    code: str
    ends_at: dt.datetime
    running: int

    def has_ended(self, now: dt.datetime) -> bool:
        return self.ends_at <= now

    def is_over(self, now: dt.datetime) -> bool:
        """Ended, and nobody is still taking the exam (a paused attempt's deadline moves on)."""
        return self.has_ended(now) and self.running == 0


@dataclass(frozen=True)
class ResultRow:
    """One placed participant in the results list."""

    participant: Participant
    attempt: Attempt | None
    status: str  # an Attempt.Status value, "absent" or "not_started"
    status_label: str
    verdict: str
    result_reason: str  # as it is (or will be) published

    @property
    def stopped(self) -> bool:
        return self.attempt is not None and is_stopped(self.attempt)


def list_blueprints(*, include_tryouts: bool = False) -> QuerySet[Blueprint]:
    """Blueprints delivered by SiMerit, newest first, with their attempt counts."""
    blueprints = Blueprint.objects.filter(delivery=Blueprint.Delivery.SIMERIT)
    if not include_tryouts:
        blueprints = blueprints.exclude(kind=ExamKind.TRYOUT)
    return (
        blueprints.select_related("period")
        .annotate(
            n_attempts=Count("attempts"),
            n_finished=Count("attempts", filter=Q(attempts__status=Attempt.Status.FINISHED)),
        )
        .order_by("-created_at", "-id")
    )


# --- when a sitting has ended


def sitting_ends(blueprint: Blueprint) -> list[SittingEnd]:
    """Each sitting of the blueprint, by start: it counts as ended after
    max(start + duration + the largest extra minutes plus extension of its participants, the latest
    START PIN expiry of its participants). One query."""
    rows = (
        Sitting.objects.filter(blueprint=blueprint)
        .annotate(
            longest=Max(
                F("participants__extra_minutes")
                + Coalesce(F("participants__attempt__extended_minutes"), Value(0))
            ),
            pin_expiry=Max(
                "participants__pins__expires_at",
                filter=Q(participants__pins__purpose=ExamPin.Purpose.START),
            ),
            running=Count(
                "participants__attempt",
                filter=~Q(participants__attempt__status=Attempt.Status.FINISHED),
                distinct=True,
            ),
        )
        .order_by("starts_at", "code")
        .values_list("pk", "code", "starts_at", "longest", "pin_expiry", "running")
    )
    ends = []
    for pk, code, starts_at, longest, pin_expiry, running in rows:
        minutes = blueprint.duration_minutes + (longest or 0)
        ends_at = starts_at + dt.timedelta(minutes=minutes)
        if pin_expiry is not None and pin_expiry > ends_at:
            ends_at = pin_expiry
        ends.append(SittingEnd(pk, code, ends_at, running))
    return ends


def ended_sitting_ids(blueprint: Blueprint, *, now: dt.datetime | None = None) -> set[int]:
    """The sittings that have ended: their participants who have not started are absent."""
    now = now or timezone.now()
    return {end.sitting_id for end in sitting_ends(blueprint) if end.has_ended(now)}


# --- the results list


def list_results(
    *,
    blueprint: Blueprint,
    ended_sittings: Collection[int],
    filters: ResultFilters | None = None,
) -> QuerySet[Participant]:
    """The blueprint's placed participants by registration number, with their attempt (None for
    one who never started) and whom they are. `ended_sittings`: ended_sitting_ids(blueprint)."""
    filters = filters or ResultFilters()
    participants = Participant.objects.filter(blueprint=blueprint).select_related(
        "attempt",
        "application__applicant",
        "application__formasi",
        "sitting",
    )
    finished = Q(attempt__status=Attempt.Status.FINISHED)
    wanted = {
        PASSED: finished & Q(attempt__passed=True),
        FAILED: finished & Q(attempt__passed=False),
        NO_THRESHOLD: finished & Q(attempt__passed__isnull=True),
        ABSENT: Q(attempt__isnull=True, sitting_id__in=list(ended_sittings)),
        STOPPED: finished & Q(attempt__finish_reason=Attempt.FinishReason.PROCTOR),
    }.get(filters.verdict)
    if wanted is not None:
        participants = participants.filter(wanted)
    if filters.track:
        participants = participants.filter(application__formasi__track=filters.track)
    return participants.order_by("application__registration_number", "id")


def result_counts(blueprint: Blueprint, *, ended_sittings: Collection[int]) -> dict[str, int]:
    """Participants by state and verdict (one query)."""
    finished = Q(attempt__status=Attempt.Status.FINISHED)
    # Aggregate aliases may not shadow a field name ("passed"): prefixed, then renamed.
    counts = Participant.objects.filter(blueprint=blueprint).aggregate(
        n_placed=Count("id"),
        n_attempts=Count("attempt"),
        n_finished=Count("id", filter=finished),
        n_passed=Count("id", filter=finished & Q(attempt__passed=True)),
        n_failed=Count("id", filter=finished & Q(attempt__passed=False)),
        n_no_threshold=Count("id", filter=finished & Q(attempt__passed__isnull=True)),
        n_absent=Count("id", filter=Q(attempt__isnull=True, sitting_id__in=list(ended_sittings))),
        n_stopped=Count(
            "id", filter=finished & Q(attempt__finish_reason=Attempt.FinishReason.PROCTOR)
        ),
    )
    return {name.removeprefix("n_"): value for name, value in counts.items()}


def score_categories(blueprint: Blueprint) -> list[str]:
    """The sub-test codes of the blueprint in section order (the score columns)."""
    return list(blueprint.sections.order_by("order").values_list("category__code", flat=True))


def is_stopped(attempt: Attempt) -> bool:
    return (
        attempt.status == Attempt.Status.FINISHED
        and attempt.finish_reason == Attempt.FinishReason.PROCTOR
    )


def published_reason(attempt: Attempt) -> str:
    """The result reason as publication writes it: a proctor-stopped attempt says so first and
    keeps the verdict's own reason after it."""
    if not is_stopped(attempt):
        return attempt.result_reason
    return f"{STOPPED_PREFIX} {attempt.result_reason}".strip()[:REASON_MAX_LENGTH]


def verdict_label(attempt: Attempt) -> str:
    if attempt.status != Attempt.Status.FINISHED:
        return UNFINISHED_LABEL
    if attempt.passed is None:
        return VERDICT_CHOICES[NO_THRESHOLD]
    return VERDICT_CHOICES[PASSED] if attempt.passed else VERDICT_CHOICES[FAILED]


def result_row(participant: Participant, *, ended_sittings: Collection[int]) -> ResultRow:
    attempt: Attempt | None = getattr(participant, "attempt", None)
    if attempt is None:
        absent = participant.sitting_id in ended_sittings
        label = ABSENT_LABEL if absent else NOT_STARTED_LABEL
        return ResultRow(participant, None, "absent" if absent else "not_started", label, label, "")
    status_label = attempt.get_status_display()
    if is_stopped(attempt):
        status_label = f"{status_label} (dihentikan pengawas)"
    return ResultRow(
        participant,
        attempt,
        attempt.status,
        status_label,
        verdict_label(attempt),
        published_reason(attempt),
    )


def result_rows(
    participants: Iterable[Participant], *, ended_sittings: Collection[int]
) -> list[ResultRow]:
    return [result_row(participant, ended_sittings=ended_sittings) for participant in participants]


def results_workbook(
    *, blueprint: Blueprint, rows: Sequence[ResultRow], categories: Sequence[str]
) -> tuple[bytes, str]:
    """The results list as .xlsx; returns (content, file name)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Hasil ujian")
    headers = ["Nomor pendaftaran", "Nama", "Formasi", "Jalur", "Sesi", "Status"]
    sheet.append(header_cells(sheet, [*headers, *categories, "Total", "Hasil", "Keterangan"]))
    for row in rows:
        application = row.participant.application
        scores = row.attempt.scores if row.attempt else {}
        sheet.append(
            [
                # Registration numbers are identifiers: kept as text, never rounded or run.
                text_cell(sheet, application.registration_number, number_format=TEXT_FORMAT),
                *safe_row(
                    sheet,
                    [
                        application.applicant.name,
                        application.formasi.code,
                        application.formasi.get_track_display(),
                        row.participant.sitting.code,
                        row.status_label,
                        *(scores.get(code) for code in categories),
                        row.attempt.total if row.attempt else None,
                        row.verdict,
                        row.result_reason,
                    ],
                ),
            ]
        )
    name = slugify(f"hasil-ujian-{blueprint.name}") or "hasil-ujian"
    return workbook_bytes(workbook), f"{name}.xlsx"
