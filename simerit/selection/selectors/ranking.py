"""Reads of the cut, the integration and the ranking: what is missing before a run (in numbers,
a few aggregate queries whatever the number of candidates), the runs, the ranked results of a
formasi, the per-formasi summary of a run (one GROUP BY) and the one-line explanation."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol, TypedDict

from django.db import connections, router
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Round
from django.utils.text import slugify
from openpyxl import Workbook

from simerit.core.spreadsheets.writing import (
    TEXT_FORMAT,
    header_cells,
    safe_row,
    text_cell,
    workbook_bytes,
)
from simerit.exams.models import ExamKind, ExamResult
from simerit.recruitment.models import Formasi, SelectionPeriod
from simerit.recruitment.rules import mask_name
from simerit.selection.models import (
    ComponentResult,
    FinalResult,
    IntegrationRun,
    Method,
    SelectionSetup,
    SkbCandidate,
    SkbComponent,
)
from simerit.selection.rules import FinalStatus, display, explain
from simerit.selection.selectors.setup import component_problems, get_setup

HUNDRED = Decimal(100)
EXAMPLES = 3


# --- readiness of the integration


@dataclass(frozen=True)
class BadFormasi:
    formasi: Formasi
    problems: list[str]


@dataclass(frozen=True)
class Readiness:
    """What keeps the period's integration from running, in numbers (all zero: ready)."""

    cut_done: bool
    candidates: int  # SkbCandidate rows of the period
    withdrawn: int
    invalid_formasi: int  # formasi with candidates whose SKB composition is not valid
    invalid_examples: list[BadFormasi]
    cat_components: int
    cat_imported: bool  # any CAT ComponentResult of the period
    cat_not_imported: int  # candidates with an SKB result but no CAT component result
    flagged: int  # candidates with a FLAGGED component result
    missing_assessed: int  # candidates without a result on an assessed component
    problems: list[str] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return not self.problems

    @property
    def message(self) -> str:
        return f"Integrasi belum dapat dijalankan: {'; '.join(self.problems)}."


def invalid_formasi(period: SelectionPeriod, setup: SelectionSetup) -> QuerySet[Formasi]:
    """Formasi of the period with SKB candidates whose composition is not valid, in ONE GROUP BY
    query: no component, weights not summing to 100 %, not exactly one CAT component, the CAT
    weight below the minimum, too many additional components (`selectors.setup.composition_problems`
    is the same rule per formasi, in Python, and gives the messages). Weights are compared as
    integers of hundredths: SQLite sums decimals as floating point."""
    centi = Round(F("skb_components__weight") * 100)
    zero = Value(Decimal(0), output_field=DecimalField(max_digits=9, decimal_places=2))
    cat = Q(skb_components__method=Method.CAT)
    return (
        Formasi.objects.filter(
            Exists(SkbCandidate.objects.filter(formasi=OuterRef("pk"))), period=period
        )
        .annotate(
            parts=Count("skb_components"),
            cats=Count("skb_components", filter=cat),
            weight_centi=Coalesce(Sum(centi), zero),
            cat_centi=Coalesce(Sum(centi, filter=cat), zero),
        )
        .filter(
            Q(parts=0)
            | ~Q(weight_centi=10000)
            | ~Q(cats=1)
            | Q(cat_centi__lt=setup.min_cat_weight * 100)
            | Q(parts__gt=F("cats") + setup.max_additional_components)
        )
        .order_by("code", "pk")
    )


def _candidate_counts(period: SelectionPeriod) -> dict[str, int]:
    """The counts of the readiness in ONE statement of scalar subqueries. A missing result is
    found by an anti-join (candidate × component of its formasi, LEFT JOIN result, result IS
    NULL), which both engines run as one pass with the (component, candidate) unique index or a
    hash; a correlated EXISTS per candidate was several times slower on PostgreSQL. Table names
    come from the models' metadata; every value is a bound parameter."""
    connection = connections[router.db_for_read(SkbCandidate)]
    quote = connection.ops.quote_name
    candidate = quote(SkbCandidate._meta.db_table)
    component = quote(SkbComponent._meta.db_table)
    result = quote(ComponentResult._meta.db_table)
    exam = quote(ExamResult._meta.db_table)
    formasi = quote(Formasi._meta.db_table)
    names = (
        "candidates",
        "withdrawn",
        "flagged",
        "missing_assessed",
        "cat_not_imported",
        "cat_components",
        "cat_imported",
    )
    sql = f"""
SELECT
  (SELECT COUNT(*) FROM {candidate} c WHERE c.period_id = %(period)s),
  (SELECT COUNT(*) FROM {candidate} c
    WHERE c.period_id = %(period)s AND c.withdrawn_at IS NOT NULL),
  (SELECT COUNT(DISTINCT r.candidate_id) FROM {result} r
    INNER JOIN {candidate} c ON c.id = r.candidate_id
    WHERE c.period_id = %(period)s AND c.withdrawn_at IS NULL AND r.status = %(flagged)s),
  (SELECT COUNT(DISTINCT c.id) FROM {candidate} c
    INNER JOIN {component} comp ON comp.formasi_id = c.formasi_id AND comp.method <> %(cat)s
    LEFT JOIN {result} r ON r.component_id = comp.id AND r.candidate_id = c.id
    WHERE c.period_id = %(period)s AND c.withdrawn_at IS NULL AND r.id IS NULL),
  (SELECT COUNT(DISTINCT c.id) FROM {candidate} c
    INNER JOIN {component} comp ON comp.formasi_id = c.formasi_id AND comp.method = %(cat)s
    INNER JOIN {exam} e ON e.application_id = c.application_id AND e.kind = %(skb)s
    LEFT JOIN {result} r ON r.component_id = comp.id AND r.candidate_id = c.id
    WHERE c.period_id = %(period)s AND c.withdrawn_at IS NULL AND r.id IS NULL),
  (SELECT COUNT(*) FROM {component} comp INNER JOIN {formasi} f ON f.id = comp.formasi_id
    WHERE f.period_id = %(period)s AND comp.method = %(cat)s),
  (SELECT COUNT(*) FROM (
    SELECT r.id FROM {result} r INNER JOIN {component} comp ON comp.id = r.component_id
    INNER JOIN {formasi} f ON f.id = comp.formasi_id
    WHERE f.period_id = %(period)s AND comp.method = %(cat)s LIMIT 1) one)
"""  # noqa: S608 (table names from the models' metadata; values are bound)
    params: dict[str, int | str] = {
        "period": period.pk,
        "flagged": ComponentResult.Status.FLAGGED.value,
        "cat": Method.CAT.value,
        "skb": ExamKind.SKB.value,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return {name: int(value or 0) for name, value in zip(names, row, strict=True)}


def readiness(period: SelectionPeriod, *, setup: SelectionSetup | None = None) -> Readiness:
    """Whether the integration can run, with the counts of what is missing: one statement of
    counts (`_candidate_counts`) and one GROUP BY over the formasi (`invalid_formasi`), whatever
    the number of candidates."""
    setup = setup or get_setup(period)
    counts = _candidate_counts(period)
    candidates = counts["candidates"]
    if setup.cut_at is None or not candidates:
        return Readiness(
            cut_done=False,
            candidates=candidates,
            withdrawn=0,
            invalid_formasi=0,
            invalid_examples=[],
            cat_components=0,
            cat_imported=False,
            cat_not_imported=0,
            flagged=0,
            missing_assessed=0,
            problems=["pemeringkatan SKD (peserta SKB) belum dijalankan untuk periode ini"],
        )
    invalid = invalid_formasi(period, setup)
    invalid_count = invalid.count()
    examples = []
    if invalid_count:
        for formasi in invalid.prefetch_related("skb_components")[:EXAMPLES]:
            reasons = component_problems(formasi, setup=setup) or ["Susunan komponen tidak valid."]
            examples.append(BadFormasi(formasi, reasons))
    cat_components = counts["cat_components"]
    cat_imported = bool(counts["cat_imported"])
    cat_not_imported = counts["cat_not_imported"]
    flagged = counts["flagged"]
    missing_assessed = counts["missing_assessed"]
    problems = []
    if invalid_count:
        shown = [f"{item.formasi.code}: {' '.join(item.problems)}" for item in examples]
        if invalid_count > len(examples):
            shown.append(f"Ada {invalid_count - len(examples)} formasi lain.")
        problems.append(f"susunan SKB {invalid_count} formasi belum valid ({' '.join(shown)})")
    if cat_components and not cat_imported:
        problems.append("nilai SKB-CAT belum diimpor")
    elif cat_not_imported:
        problems.append(
            f"{cat_not_imported} peserta memiliki hasil SKB yang belum diimpor sebagai nilai "
            "SKB-CAT (jalankan impor nilai SKB-CAT)"
        )
    if flagged:
        problems.append(
            f"{flagged} peserta masih memiliki nilai yang selisih antarasesornya melebihi batas "
            "(perlu asesor ketiga atau keputusan panel)"
        )
    if missing_assessed:
        problems.append(
            f"{missing_assessed} peserta belum memiliki nilai komponen yang dinilai asesor"
        )
    return Readiness(
        cut_done=True,
        candidates=candidates,
        withdrawn=counts["withdrawn"],
        invalid_formasi=invalid_count,
        invalid_examples=examples,
        cat_components=cat_components,
        cat_imported=cat_imported,
        cat_not_imported=cat_not_imported,
        flagged=flagged,
        missing_assessed=missing_assessed,
        problems=problems,
    )


# --- the cut, per formasi


class CutCounts(TypedDict):
    candidates: int
    withdrawn: int


if TYPE_CHECKING:  # the generic alias exists for the type checker only
    from django_stubs_ext import WithAnnotations

    FormasiWithCounts = WithAnnotations[Formasi, CutCounts]


def cut_counts(period: SelectionPeriod, *, search: str = "") -> "QuerySet[FormasiWithCounts]":
    """The period's formasi with their number of SKB candidates (`candidates`, `withdrawn`), in
    code order; `search` matches the code or the position's name."""
    formasi = Formasi.objects.filter(period=period)
    if search:
        formasi = formasi.filter(Q(code__icontains=search) | Q(position__name__icontains=search))
    counted = (
        formasi.select_related("position", "work_unit")
        .annotate(
            candidates=Count("skb_candidates"),
            withdrawn=Count("skb_candidates", filter=Q(skb_candidates__withdrawn_at__isnull=False)),
        )
        .order_by("code", "pk")
    )
    return counted  # type: ignore[return-value]


def cat_import_counts(period: SelectionPeriod) -> dict[str, int]:
    """SKB candidates with an SKB ExamResult, and the CAT component results written so far."""
    return {
        "with_skb_result": SkbCandidate.objects.filter(
            Exists(
                ExamResult.objects.filter(application=OuterRef("application"), kind=ExamKind.SKB)
            ),
            period=period,
        ).count(),
        "cat_results": ComponentResult.objects.filter(
            candidate__period=period, component__method=Method.CAT
        ).count(),
    }


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


def results_workbook(*, run: IntegrationRun, formasi: Formasi | None = None) -> tuple[bytes, str]:
    """The run's results (all formasi, or one) as .xlsx, formasi and rank order; returns (content,
    file name). Names are masked as on the pages; component scores are the current results."""
    results = (
        FinalResult.objects.filter(run=run)
        .select_related("application__applicant", "formasi")
        .order_by("formasi__code", F("rank").asc(nulls_last=True), "-status", "pk")
    )
    if formasi is not None:
        results = results.filter(formasi=formasi)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Hasil integrasi")
    sheet.append(
        header_cells(
            sheet,
            [
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
            ],
        )
    )
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
    suffix = f"-{formasi.code}" if formasi is not None else ""
    name = slugify(f"hasil-integrasi-{run.pk}{suffix}") or "hasil-integrasi"
    return workbook_bytes(workbook), f"{name}.xlsx"


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
