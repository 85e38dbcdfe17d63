"""Reads of the cut, the integration and the ranking: what is missing before a run (in numbers,
a few aggregate queries whatever the number of candidates), the runs, the ranked results of a
formasi, the per-formasi summary of a run (one GROUP BY), the one-line explanation, the run's
digest (SHA-256 of its FinalResult rows, kept in the audit row of the run), how long the last
cut, import and run took, the optimalisasi (open formasi next to the P/L applicants of the same
position) and the Excel export."""

import hashlib
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
    IntegerField,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, Round, RowNumber
from django.utils.text import slugify
from openpyxl import Workbook

from simerit.audit.models import AuditEvent
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
    weight below the minimum, too many additional components, a wawancara where the period allows
    none or wawancara weights above the period's maximum (`selectors.setup.composition_problems`
    is the same rule per formasi, in Python, and gives the messages). Weights are compared as
    integers of hundredths: SQLite sums decimals as floating point."""
    centi = Round(F("skb_components__weight") * 100)
    zero = Value(Decimal(0), output_field=DecimalField(max_digits=9, decimal_places=2))
    cat = Q(skb_components__method=Method.CAT)
    interview = Q(skb_components__method=Method.INTERVIEW)
    interview_problem = (
        Q(interview_centi__gt=setup.max_interview_weight * 100)
        if setup.allow_interview
        else Q(interviews__gt=0)
    )
    return (
        Formasi.objects.filter(
            Exists(SkbCandidate.objects.filter(formasi=OuterRef("pk"))), period=period
        )
        .annotate(
            parts=Count("skb_components"),
            cats=Count("skb_components", filter=cat),
            interviews=Count("skb_components", filter=interview),
            weight_centi=Coalesce(Sum(centi), zero),
            cat_centi=Coalesce(Sum(centi, filter=cat), zero),
            interview_centi=Coalesce(Sum(centi, filter=interview), zero),
        )
        .filter(
            Q(parts=0)
            | ~Q(weight_centi=10000)
            | ~Q(cats=1)
            | Q(cat_centi__lt=setup.min_cat_weight * 100)
            | Q(parts__gt=F("cats") + setup.max_additional_components)
            | interview_problem
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


# --- the run's digest and the durations (in the audit rows)

INTEGRATION_ACTION = "selection.integration.completed"
CUT_ACTION = "selection.cut.materialised"
CAT_IMPORT_ACTION = "selection.cat_scores.imported"
DIGEST_CHUNK = 10_000


def _digest_sql(connection: Any) -> str:
    """One text line per FinalResult of the run, built by the database, in (formasi, candidate)
    order: formasi|candidate|application|skd_total|twk|tiu|tkp|skb×10⁴|final×10⁴|education×10²|
    birth date (YYYY-MM-DD)|rank|status, a NULL as the empty text. Decimals are read as exact
    integers of their last decimal (SQLite keeps them as REAL, so ROUND first), so both engines
    give the same lines for the same rows."""
    quote = connection.ops.quote_name

    def column(name: str) -> str:
        return f"r.{quote(name)}"

    def text(expression: str) -> str:
        return f"COALESCE(CAST({expression} AS TEXT), '')"

    def units(name: str, scale: int) -> str:
        return text(f"CAST(ROUND({column(name)} * {scale}) AS BIGINT)")

    birth = (
        f"to_char({column('birth_date')}, 'YYYY-MM-DD')"
        if connection.vendor == "postgresql"
        else column("birth_date")
    )
    parts = [
        text(column("formasi_id")),
        text(column("candidate_id")),
        text(column("application_id")),
        text(column("skd_total")),
        text(column("twk")),
        text(column("tiu")),
        text(column("tkp")),
        units("skb_score", 10_000),
        units("final_score", 10_000),
        units("education_score", 100),
        text(birth),
        text(column("rank")),
        text(column("status")),
    ]
    line = " || '|' || ".join(parts)
    table = quote(FinalResult._meta.db_table)
    return (
        f"SELECT {line} FROM {table} r WHERE {column('run_id')} = %s "  # noqa: S608 (metadata)
        f"ORDER BY {column('formasi_id')}, {column('candidate_id')}"
    )


def run_digest(run: IntegrationRun) -> str:
    """SHA-256 (hex) of the run's FinalResult rows: the lines of `_digest_sql`, each ended by a
    newline. Written into the run's audit row by the integration and checked again before a
    publication, so a row changed in the database after the run is found. The lines are built by
    the database and read in chunks (a server-side cursor on PostgreSQL): nothing but text passes
    through Python, whatever the number of rows."""
    connection = connections[router.db_for_read(FinalResult)]
    digest = hashlib.sha256()
    with connection.chunked_cursor() as cursor:
        cursor.execute(_digest_sql(connection), [run.pk])
        while rows := cursor.fetchmany(DIGEST_CHUNK):
            digest.update("".join(f"{row[0]}\n" for row in rows).encode())
    return digest.hexdigest()


def _latest_event(action: str, target: Model) -> AuditEvent | None:
    return (
        AuditEvent.objects.filter(
            action=action, target_type=target._meta.label_lower, target_id=str(target.pk)
        )
        .order_by("-seq")
        .first()
    )


def integration_event(run: IntegrationRun) -> AuditEvent | None:
    """The audit row the integration wrote for the run (None: the run was not written by
    `services.integration.run_integration`)."""
    return _latest_event(INTEGRATION_ACTION, run)


def recorded_digest(run: IntegrationRun) -> str | None:
    """The digest of the run's rows as the integration recorded it (None: not recorded)."""
    event = integration_event(run)
    digest = event.changes.get("digest") if event is not None else None
    return digest if isinstance(digest, str) else None


@dataclass(frozen=True)
class Durations:
    """How long the period's last cut, CAT import and the given run took, in milliseconds (from
    their audit rows; None when not recorded)."""

    cut_ms: int | None
    cat_import_ms: int | None
    run_ms: int | None


def _duration(event: AuditEvent | None) -> int | None:
    value = event.changes.get("duration_ms") if event is not None else None
    return value if isinstance(value, int) else None


def durations(setup: SelectionSetup, run: IntegrationRun | None) -> Durations:
    return Durations(
        cut_ms=_duration(_latest_event(CUT_ACTION, setup)),
        cat_import_ms=_duration(_latest_event(CAT_IMPORT_ACTION, setup)),
        run_ms=_duration(integration_event(run)) if run is not None else None,
    )


def seconds_text(milliseconds: int) -> str:
    """1234 → "1,2": seconds with one decimal and the Indonesian decimal comma."""
    return f"{milliseconds / 1000:.1f}".replace(".", ",")


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


# --- optimalisasi (§2.4: P/L applicants onto the open formasi of the same position)

# The §2.4 chain after the final score: SKD total, TKP, TIU, TWK, IPK (none last), the older
# first; the registration number only makes the order of full ties stable.
OPTIMALISASI_ORDER = (
    F("final_score").desc(nulls_last=True),
    F("skd_total").desc(),
    F("tkp").desc(),
    F("tiu").desc(),
    F("twk").desc(),
    F("education_score").desc(nulls_last=True),
    F("birth_date").asc(),
    F("application__registration_number").asc(),
)


@dataclass(frozen=True)
class OpenFormasi:
    """A formasi of the period with fewer Lulus than its quota in the run."""

    formasi: Formasi
    lulus: int

    @property
    def open_places(self) -> int:
        return self.formasi.quota - self.lulus


@dataclass(frozen=True)
class Optimalisasi:
    """One position: its open formasi and the P/L applicants of its other formasi, best first
    (final score, then the §2.4 chain); `available` counts all of them, `candidates` holds at
    most the `limit` asked for."""

    position_id: int
    position_name: str
    formasi: list[OpenFormasi]
    candidates: list[FinalResult]
    available: int

    @property
    def open_places(self) -> int:
        return sum(item.open_places for item in self.formasi)


def open_formasi(run: IntegrationRun) -> QuerySet[Formasi]:
    """The period's formasi (not drafts) whose Lulus in the run are fewer than the quota and
    whose position has P/L applicants in the run, annotated `lulus`; ONE query (a formasi with
    P/L applicants has at least its quota of Lulus, so the P/L are always of other formasi)."""
    lulus = (
        FinalResult.objects.filter(run=run, formasi=OuterRef("pk"), status=FinalStatus.LULUS)
        .order_by()
        .values("formasi")
        .annotate(count=Count("pk"))
        .values("count")
    )
    positions = FinalResult.objects.filter(run=run, status=FinalStatus.PL).values(
        "formasi__position_id"
    )
    return (
        Formasi.objects.filter(period_id=run.period_id, position_id__in=positions)
        .exclude(status=Formasi.Status.DRAFT)
        .annotate(lulus=Coalesce(Subquery(lulus, output_field=IntegerField()), 0))
        .filter(lulus__lt=F("quota"))
        .select_related("position", "work_unit")
        .order_by("position__name", "position_id", "code", "pk")
    )


def optimalisasi(run: IntegrationRun, *, limit: int | None = None) -> list[Optimalisasi]:
    """Per position (name order) with an open formasi in the run: the open formasi and the P/L
    applicants of the same position in the same period, best first. TWO queries whatever the
    number of formasi: `open_formasi`, then the P/L rows of those positions with their place in
    the position (ROW_NUMBER) and the position's count (COUNT OVER), the first `limit` of each
    position when a limit is given (the page), all of them otherwise (the Excel export)."""
    groups: dict[int, Optimalisasi] = {}
    for formasi in open_formasi(run):
        group = groups.get(formasi.position_id)
        if group is None:
            group = groups[formasi.position_id] = Optimalisasi(
                position_id=formasi.position_id,
                position_name=formasi.position.name,
                formasi=[],
                candidates=[],
                available=0,
            )
        group.formasi.append(OpenFormasi(formasi, formasi.lulus))  # type: ignore[attr-defined]
    if not groups:
        return []
    position = F("formasi__position_id")
    candidates = (
        FinalResult.objects.filter(
            run=run, status=FinalStatus.PL, formasi__position_id__in=list(groups)
        )
        .select_related("formasi__work_unit", "application__applicant")
        .annotate(
            place=Window(RowNumber(), partition_by=[position], order_by=list(OPTIMALISASI_ORDER)),
            available=Window(Count("pk"), partition_by=[position]),
            position_key=position,
        )
        .order_by("position_key", "place")
    )
    if limit is not None:
        candidates = candidates.filter(place__lte=limit)
    available: dict[int, int] = {}
    for result in candidates.iterator(chunk_size=2000):
        key = result.position_key
        groups[key].candidates.append(result)
        available[key] = result.available
    return [
        Optimalisasi(
            position_id=group.position_id,
            position_name=group.position_name,
            formasi=group.formasi,
            candidates=group.candidates,
            available=available.get(group.position_id, 0),
        )
        for group in groups.values()
    ]


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
