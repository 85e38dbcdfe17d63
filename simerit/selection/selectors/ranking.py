"""Reads of the integration runs and the ranking: the runs, the ranked results of a formasi, the
per-formasi summary of a run (one GROUP BY), the one-line explanation of a result and the Excel
export. What is missing before a run and the cut counts are in `ranking_readiness`, the run's
digest and the durations in `ranking_digest`, the optimalisasi in `ranking_optimalisasi`.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from django.db.models import Count, F, Q, QuerySet
from django.utils.text import slugify
from openpyxl import Workbook

from simerit.core.spreadsheets.writing import (
    TEXT_FORMAT,
    header_cells,
    safe_row,
    text_cell,
    workbook_bytes,
)
from simerit.recruitment.models import Formasi, SelectionPeriod
from simerit.recruitment.rules import mask_name
from simerit.selection.models import ComponentResult, FinalResult, IntegrationRun, SkbComponent
from simerit.selection.rules import FinalStatus, display, explain
from simerit.selection.selectors.ranking_optimalisasi import Optimalisasi, optimalisasi

HUNDRED = Decimal(100)


# --- runs and results


def latest_run(period: SelectionPeriod) -> IntegrationRun | None:
    """The period's newest integration run: the current ranking until it is announced."""
    return IntegrationRun.objects.filter(period=period).order_by("-run_at", "-pk").first()


def list_runs(period: SelectionPeriod) -> QuerySet[IntegrationRun]:
    return (
        IntegrationRun.objects.filter(period=period)
        .select_related("run_by")
        .order_by("-run_at", "-pk")
    )


def results_of(run: IntegrationRun, formasi: Formasi) -> QuerySet[FinalResult]:
    """The run's results of one formasi in rank order; the unranked last (Tidak Lulus, then
    Mengundurkan diri), each group by registration number."""
    return (
        FinalResult.objects.filter(run=run, formasi=formasi)
        .select_related("application__applicant", "candidate")
        .order_by(
            F("rank").asc(nulls_last=True), "-status", "application__registration_number", "pk"
        )
    )


STATUS_FIELDS = {
    FinalStatus.LULUS: "lulus",
    FinalStatus.PL: "p_l",
    FinalStatus.TIDAK_LULUS: "tidak_lulus",
    FinalStatus.MENGUNDURKAN_DIRI: "mengundurkan_diri",
}


def _status_counts() -> dict[str, Any]:
    return {
        name: Count("pk", filter=Q(status=status.value)) for status, name in STATUS_FIELDS.items()
    }


def run_summary(
    run: IntegrationRun, *, search: str = ""
) -> "QuerySet[FinalResult, dict[str, Any]]":
    """Per formasi of the run (code order), in ONE GROUP BY query: dicts with formasi_id,
    formasi__code, formasi__quota, formasi__position__name, results, ranked and the count of
    each status (lulus, p_l, tidak_lulus, mengundurkan_diri)."""
    results = FinalResult.objects.filter(run=run)
    if search:
        results = results.filter(
            Q(formasi__code__icontains=search) | Q(formasi__position__name__icontains=search)
        )
    return (
        results.values("formasi_id", "formasi__code", "formasi__quota", "formasi__position__name")
        .annotate(results=Count("pk"), ranked=Count("rank"), **_status_counts())
        .order_by("formasi__code", "formasi_id")
    )


def run_totals(run: IntegrationRun) -> dict[str, int]:
    """The run's count of each status, in one query."""
    counts: dict[str, int] = FinalResult.objects.filter(run=run).aggregate(**_status_counts())
    return counts


def ranked_count(run: IntegrationRun, formasi: Formasi) -> int:
    return FinalResult.objects.filter(run=run, formasi=formasi, rank__isnull=False).count()


def formasi_components(formasi: Formasi) -> list[SkbComponent]:
    return list(SkbComponent.objects.filter(formasi=formasi).order_by("order"))


def component_results(results: Iterable[FinalResult]) -> dict[int, dict[int, ComponentResult]]:
    """{candidate_id: {component_id: ComponentResult}} for the given results (one query)."""
    candidate_ids = [result.candidate_id for result in results]
    found: dict[int, dict[int, ComponentResult]] = {}
    for item in ComponentResult.objects.filter(candidate_id__in=candidate_ids):
        found.setdefault(item.candidate_id, {})[item.component_id] = item
    return found


class Weights(Protocol):
    """The numbers an explanation needs: a SelectionSetup or a run's `RunSettings`."""

    @property
    def skd_max(self) -> int: ...

    @property
    def skd_weight(self) -> Decimal: ...

    @property
    def skb_weight(self) -> Decimal: ...


@dataclass(frozen=True)
class RunSettings:
    skd_max: int
    skd_weight: Decimal
    skb_weight: Decimal


def run_settings(run: IntegrationRun) -> RunSettings:
    """The weights and SKD maximum the run used (from its snapshot, not today's setup)."""
    snapshot = run.settings_snapshot
    return RunSettings(
        skd_max=int(snapshot["skd_max"]),
        skd_weight=Decimal(snapshot["skd_weight"]),
        skb_weight=Decimal(snapshot["skb_weight"]),
    )


def explain_result(result: FinalResult, setup: Weights, ranked_count: int, quota: int) -> str:
    """Why, in one line: "peringkat 4 dari 57; kuota 3; nilai akhir 78,40 = 40 % × (395/550 ×
    100) + 60 % × 70,00"; for an unranked result the reason. Weights are percents (as stored)."""
    status = FinalStatus(result.status)
    if status == FinalStatus.MENGUNDURKAN_DIRI:
        return "Mengundurkan diri: tidak diperingkat; peringkat berikutnya naik."
    if result.rank is None or result.skb_score is None:
        return "Tidak Lulus: ada komponen SKB tanpa nilai (tidak hadir atau tidak mengikuti)."
    try:
        return explain(
            rank=result.rank,
            ranked=ranked_count,
            quota=quota,
            skd_total=result.skd_total,
            skd_max=setup.skd_max,
            skb=result.skb_score,
            skd_weight=setup.skd_weight / HUNDRED,
            skb_weight=setup.skb_weight / HUNDRED,
        )
    except ValueError:
        # Scores outside the range of the rule (a changed SKD maximum): the plain facts.
        return f"peringkat {result.rank} dari {ranked_count}; kuota {quota}"


def score_text(value: Decimal | None) -> str:
    return display(value) if value is not None else "—"


# --- export


@dataclass(frozen=True)
class Export:
    content: bytes
    filename: str
    rows: int  # result rows in the "Hasil integrasi" sheet


RESULT_HEADERS = (
    "Formasi",
    "Peringkat",
    "Nomor pendaftaran",
    "Nama (disamarkan)",
    "Total SKD",
    "TWK",
    "TIU",
    "TKP",
    "Nilai SKB",
    "Nilai akhir",
    "IPK / rata-rata ijazah",
    "Status",
)
OPTIMALISASI_HEADERS = (
    "Jabatan",
    "Formasi belum terisi (sisa kuota)",
    "Sisa kuota jabatan",
    "Urutan",
    "Nomor pendaftaran",
    "Nama (disamarkan)",
    "Formasi asal",
    "Peringkat di formasi asal",
    "Nilai akhir",
    "Total SKD",
    "TWK",
    "TIU",
    "TKP",
    "IPK / rata-rata ijazah",
)


def results_workbook(*, run: IntegrationRun, formasi: Formasi | None = None) -> Export:
    """The run's results (all formasi, or one) as .xlsx, formasi and rank order. Names are masked
    as on the pages. The export of the whole run has a second sheet, "Optimalisasi" (one row per
    P/L applicant of a position with an open formasi, best first)."""
    results = (
        FinalResult.objects.filter(run=run)
        .select_related("application__applicant", "formasi")
        .order_by("formasi__code", F("rank").asc(nulls_last=True), "-status", "pk")
    )
    if formasi is not None:
        results = results.filter(formasi=formasi)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Hasil integrasi")
    sheet.append(header_cells(sheet, RESULT_HEADERS))
    rows = 0
    for result in results.iterator(chunk_size=2000):
        application = result.application
        sheet.append(
            [
                text_cell(sheet, result.formasi.code),
                result.rank,
                text_cell(sheet, application.registration_number, number_format=TEXT_FORMAT),
                *safe_row(
                    sheet,
                    [
                        mask_name(application.applicant.name),
                        result.skd_total,
                        result.twk,
                        result.tiu,
                        result.tkp,
                        result.skb_score,
                        result.final_score,
                        result.education_score,
                        FinalStatus(result.status).label,
                    ],
                ),
            ]
        )
        rows += 1
    if formasi is None:
        _optimalisasi_sheet(workbook.create_sheet("Optimalisasi"), run)
    suffix = f"-{formasi.code}" if formasi is not None else ""
    name = slugify(f"hasil-integrasi-{run.pk}{suffix}") or "hasil-integrasi"
    return Export(workbook_bytes(workbook), f"{name}.xlsx", rows)


def open_formasi_text(group: Optimalisasi) -> str:
    """ "GURU-02 (1), GURU-05 (2)": the open formasi with their open places."""
    return ", ".join(f"{item.formasi.code} ({item.open_places})" for item in group.formasi)


def _optimalisasi_sheet(sheet: Any, run: IntegrationRun) -> None:
    sheet.append(header_cells(sheet, OPTIMALISASI_HEADERS))
    groups = optimalisasi(run)
    if not groups:
        sheet.append(["Tidak ada formasi yang belum terisi dengan peserta P/L jabatan yang sama."])
    for group in groups:
        for place, result in enumerate(group.candidates, start=1):
            sheet.append(
                [
                    *safe_row(sheet, [group.position_name, open_formasi_text(group)]),
                    group.open_places,
                    place,
                    text_cell(
                        sheet, result.application.registration_number, number_format=TEXT_FORMAT
                    ),
                    *safe_row(
                        sheet,
                        [
                            mask_name(result.application.applicant.name),
                            result.formasi.code,
                            result.rank,
                            result.final_score,
                            result.skd_total,
                            result.twk,
                            result.tiu,
                            result.tkp,
                            result.education_score,
                        ],
                    ),
                ]
            )


def status_label(status: str) -> str:
    return FinalStatus(status).label


def component_cells(
    components: Sequence[SkbComponent], results: dict[int, ComponentResult]
) -> list[str]:
    """Each component's score as shown: "72,40", "tidak hadir", "selisih" or "—"."""
    cells = []
    for component in components:
        item = results.get(component.pk)
        if item is None:
            cells.append("—")
        elif item.status == ComponentResult.Status.ABSENT:
            cells.append("tidak hadir")
        elif item.status == ComponentResult.Status.FLAGGED:
            cells.append("selisih")
        else:
            cells.append(score_text(item.score))
    return cells
