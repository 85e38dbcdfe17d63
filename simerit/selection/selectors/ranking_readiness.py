"""Reads before an integration run: what is missing (in numbers, a few aggregate queries whatever
the number of candidates: formasi whose SKB composition has problems, candidates without a
complete set of component results) and, per formasi, the counts of the cut and of the SKB-CAT
import.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict

from django.db import connections, router
from django.db.models import Count, DecimalField, Exists, F, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, Round

from simerit.exams.models import ExamKind, ExamResult
from simerit.recruitment.models import Formasi, SelectionPeriod
from simerit.selection.models import (
    ComponentResult,
    Method,
    SelectionSetup,
    SkbCandidate,
    SkbComponent,
)
from simerit.selection.selectors.setup import component_problems, get_setup

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
