"""Reading exam results: blueprints with their attempt counts, a blueprint's results list (the
attempts' scores; after publication the same values are the official ExamResult rows), the Excel
export."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils.text import slugify
from openpyxl import Workbook

from simerit.core.spreadsheets import TEXT_FORMAT, header_cells, safe_row, text_cell, workbook_bytes
from simerit.exams.models import Attempt, Blueprint, ExamKind

PASSED = "lulus"
FAILED = "tidak_lulus"
NO_THRESHOLD = "tanpa_ambang"
VERDICT_CHOICES = {
    PASSED: "Memenuhi ambang batas",
    FAILED: "Tidak memenuhi ambang batas",
    NO_THRESHOLD: "Tanpa ambang batas",
}


@dataclass(frozen=True)
class ResultFilters:
    verdict: str = ""  # one of VERDICT_CHOICES, "" for all
    track: str = ""  # a recruitment Track value, "" for all


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


def list_results(
    *, blueprint: Blueprint, filters: ResultFilters | None = None
) -> QuerySet[Attempt]:
    """The blueprint's (non-practice) attempts by registration number, with whom they belong to."""
    filters = filters or ResultFilters()
    attempts = Attempt.objects.filter(blueprint=blueprint, is_practice=False).select_related(
        "participant__application__applicant",
        "participant__application__formasi",
        "participant__sitting",
    )
    if filters.verdict == PASSED:
        attempts = attempts.filter(status=Attempt.Status.FINISHED, passed=True)
    elif filters.verdict == FAILED:
        attempts = attempts.filter(status=Attempt.Status.FINISHED, passed=False)
    elif filters.verdict == NO_THRESHOLD:
        attempts = attempts.filter(status=Attempt.Status.FINISHED, passed__isnull=True)
    if filters.track:
        attempts = attempts.filter(participant__application__formasi__track=filters.track)
    return attempts.order_by("participant__application__registration_number", "id")


def result_counts(blueprint: Blueprint) -> dict[str, int]:
    """Attempts by state and verdict (one query)."""
    finished = Q(status=Attempt.Status.FINISHED)
    # Aggregate aliases may not shadow a field name ("passed"): prefixed, then renamed.
    counts = Attempt.objects.filter(blueprint=blueprint, is_practice=False).aggregate(
        n_attempts=Count("id"),
        n_finished=Count("id", filter=finished),
        n_passed=Count("id", filter=finished & Q(passed=True)),
        n_failed=Count("id", filter=finished & Q(passed=False)),
        n_no_threshold=Count("id", filter=finished & Q(passed__isnull=True)),
    )
    return {name.removeprefix("n_"): value for name, value in counts.items()}


def score_categories(blueprint: Blueprint) -> list[str]:
    """The sub-test codes of the blueprint in section order (the score columns)."""
    return list(blueprint.sections.order_by("order").values_list("category__code", flat=True))


def verdict_label(attempt: Attempt) -> str:
    if attempt.status != Attempt.Status.FINISHED:
        return "Belum selesai"
    if attempt.passed is None:
        return VERDICT_CHOICES[NO_THRESHOLD]
    return VERDICT_CHOICES[PASSED] if attempt.passed else VERDICT_CHOICES[FAILED]


def results_workbook(
    *, blueprint: Blueprint, attempts: Sequence[Attempt], categories: Sequence[str]
) -> tuple[bytes, str]:
    """The results list as .xlsx; returns (content, file name)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Hasil ujian")
    headers = ["Nomor pendaftaran", "Nama", "Formasi", "Jalur", "Sesi", "Status"]
    sheet.append(header_cells(sheet, [*headers, *categories, "Total", "Hasil", "Keterangan"]))
    for attempt in attempts:
        participant = attempt.participant
        if participant is None:  # list_results holds real exams only
            continue
        application = participant.application
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
                        participant.sitting.code,
                        attempt.get_status_display(),
                        *(attempt.scores.get(code) for code in categories),
                        attempt.total,
                        verdict_label(attempt),
                        attempt.result_reason,
                    ],
                ),
            ]
        )
    name = slugify(f"hasil-ujian-{blueprint.name}") or "hasil-ujian"
    return workbook_bytes(workbook), f"{name}.xlsx"
