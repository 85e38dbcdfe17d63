"""The integration (§2.4): SKD and SKB into the final score, ranked per formasi, in one statement.

`run_integration` first checks, in a few aggregate queries, that every component of every
candidate is complete (`selectors.ranking_readiness.readiness`), then writes the run's
FinalResult rows with ONE INSERT … SELECT whatever the number of candidates:

    INSERT INTO final_result (…)
    SELECT …, rank, CASE … END AS status          -- status from the rank and the quota
    FROM (SELECT scored.*, RANK() OVER (PARTITION BY formasi, unranked
                                        ORDER BY k DESC, skd_total DESC, tkp DESC, tiu DESC,
                                                 twk DESC, COALESCE(gpa, -1) DESC,
                                                 birth_date ASC) AS position
          FROM (candidate ⋈ formasi ⋈ component counts ⋈ Σ final results) scored)

Exactness. `rules.final_score` is exact (Decimal); the database must rank the same way on both
engines, and SQLite has no exact decimal arithmetic. So the final score is carried as an exact
64-bit integer, the same on both engines:

    weight_c = component weight × 100, score_u = component score × 10⁴ (both integers),
    S = Σ weight_c × score_u                  (SKB × 10⁸: skb = S / 10⁸)
    K = skd_weight_c × skd_total × 10¹⁰ + skb_weight_c × S × skd_max
      = final × skd_max × 10¹²                (skd_weight_c = skd_weight × 100, in percent)

skd_max is the period's, the same for every candidate ranked together, so ordering by K is
ordering by the exact final score. K stays below 6.6 × 10¹⁸ (< 2⁶³) for every value the columns
allow. The stored skb_score and final_score are S and K rounded half up to 4 decimals in integer
arithmetic (4 decimals: the columns'), then divided by 10⁴.

Sealing. The audit row of the run (`selection.integration.completed`) carries `digest`, the
SHA-256 of the run's FinalResult rows in a canonical order
(`selectors.ranking_digest.run_digest`), and `duration_ms`, how long the run took. Publication
recomputes the digest and refuses when a row was changed in the database after the run.
"""

import time
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connections, router, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Count, Exists, Model, OuterRef, Q
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import ConflictError
from simerit.recruitment.models import Formasi, SelectionPeriod
from simerit.selection.bulk import decimal_type, insert_select_sql
from simerit.selection.models import (
    ComponentResult,
    FinalResult,
    IntegrationRun,
    Method,
    SelectionSetup,
    SkbCandidate,
    SkbComponent,
)
from simerit.selection.permissions import can_manage, can_read
from simerit.selection.rules import FinalStatus
from simerit.selection.selectors import ranking_digest as digest_selectors
from simerit.selection.selectors import ranking_readiness as readiness_selectors
from simerit.selection.selectors.setup import ensure_setup

DENIED = "Hanya Admin BKPSDM yang dapat menjalankan integrasi nilai."
EXPORT_DENIED = "Hanya Admin BKPSDM dan Auditor yang dapat mengunduh hasil integrasi."
MOST_COMMON_COMPOSITIONS = 10

# The FinalResult columns, in the order of the outer SELECT of `_ranking_sql`.
FINAL_COLUMNS = (
    "run_id",
    "formasi_id",
    "candidate_id",
    "application_id",
    "skd_total",
    "twk",
    "tiu",
    "tkp",
    "skb_score",
    "final_score",
    "education_score",
    "birth_date",
    "rank",
    "status",
)


def _table(model: type[Model], quote: Callable[[str], str]) -> str:
    return quote(model._meta.db_table)


def _ranking_sql(*, connection: BaseDatabaseWrapper) -> str:
    """The SELECT of the run's FinalResult rows; %s placeholders, bound by `_ranking_params`.

    Table names come from the models' metadata; every value is a bound parameter. A component
    result is read on both engines as the exact integer score × 10⁴: PostgreSQL rounds when it
    casts its NUMERIC(7,4) to BIGINT, SQLite (REAL) needs the ROUND first.
    """
    quote = connection.ops.quote_name
    vendor_decimal = decimal_type(connection)
    score_units = (
        "CAST(r.score * 10000 AS BIGINT)"
        if connection.vendor == "postgresql"
        else "CAST(ROUND(r.score * 10000) AS BIGINT)"
    )
    candidate = _table(SkbCandidate, quote)
    formasi = _table(Formasi, quote)
    component = _table(SkbComponent, quote)
    result = _table(ComponentResult, quote)
    return f"""
SELECT %s, ranked.formasi_id, ranked.id, ranked.application_id,
       ranked.skd_total, ranked.twk, ranked.tiu, ranked.tkp,
       CASE WHEN ranked.k IS NULL THEN NULL
            ELSE CAST((ranked.s + 5000) / 10000 AS {vendor_decimal}) / 10000 END,
       CASE WHEN ranked.k IS NULL THEN NULL
            ELSE CAST((ranked.k + CAST(%s AS BIGINT)) / CAST(%s AS BIGINT) AS {vendor_decimal})
                 / 10000 END,
       ranked.gpa, ranked.birth_date,
       CASE WHEN ranked.k IS NULL THEN NULL ELSE ranked.position END,
       CASE WHEN ranked.withdrawn_at IS NOT NULL THEN %s
            WHEN ranked.k IS NULL THEN %s
            WHEN ranked.position <= ranked.quota THEN %s
            ELSE %s END
FROM (
    SELECT scored.*,
           RANK() OVER (
               PARTITION BY scored.formasi_id, CASE WHEN scored.k IS NULL THEN 1 ELSE 0 END
               ORDER BY scored.k DESC, scored.skd_total DESC, scored.tkp DESC, scored.tiu DESC,
                        scored.twk DESC, COALESCE(scored.gpa, -1) DESC, scored.birth_date ASC
           ) AS position
    FROM (
        SELECT c.id, c.formasi_id, c.application_id, c.skd_total, c.twk, c.tiu, c.tkp,
               c.withdrawn_at, f.quota, c.education_score AS gpa, c.birth_date,
               CASE WHEN c.withdrawn_at IS NULL AND sums.finals = parts.components
                    THEN sums.s END AS s,
               CASE WHEN c.withdrawn_at IS NULL AND sums.finals = parts.components
                    THEN CAST(%s AS BIGINT) * c.skd_total * 10000000000
                         + CAST(%s AS BIGINT) * sums.s * CAST(%s AS BIGINT) END AS k
        FROM {candidate} c
        INNER JOIN {formasi} f ON f.id = c.formasi_id
        LEFT JOIN (
            SELECT comp.formasi_id, COUNT(*) AS components
            FROM {component} comp
            INNER JOIN {formasi} cf ON cf.id = comp.formasi_id
            WHERE cf.period_id = %s
            GROUP BY comp.formasi_id
        ) parts ON parts.formasi_id = c.formasi_id
        LEFT JOIN (
            SELECT r.candidate_id, COUNT(*) AS finals,
                   CAST(SUM(weighted.weight_c * {score_units}) AS BIGINT) AS s
            FROM {result} r
            INNER JOIN (
                SELECT wc.id, CAST(ROUND(wc.weight * 100) AS BIGINT) AS weight_c
                FROM {component} wc
                INNER JOIN {formasi} wf ON wf.id = wc.formasi_id
                WHERE wf.period_id = %s
            ) weighted ON weighted.id = r.component_id
            WHERE r.status = %s
            GROUP BY r.candidate_id
        ) sums ON sums.candidate_id = c.id
        WHERE c.period_id = %s
    ) scored
) ranked
"""  # noqa: S608 (table names from the models' metadata; values are bound)


def _ranking_params(*, run: IntegrationRun, setup: SelectionSetup) -> list[Any]:
    skd_weight_c = _centi(setup.skd_weight)
    skb_weight_c = _centi(setup.skb_weight)
    # final × 10⁴ = K / (skd_max × 10⁸); adding half the divisor first rounds half up.
    divisor = setup.skd_max * 10**8
    period_id = run.period_id
    return [
        run.pk,
        divisor // 2,
        divisor,
        FinalStatus.MENGUNDURKAN_DIRI.value,
        FinalStatus.TIDAK_LULUS.value,
        FinalStatus.LULUS.value,
        FinalStatus.PL.value,
        skd_weight_c,
        skb_weight_c,
        setup.skd_max,
        period_id,
        period_id,
        ComponentResult.Status.FINAL.value,
        period_id,
    ]


def _centi(percent: Decimal) -> int:
    """A percentage with 2 decimals as an exact integer of hundredths (40.00 → 4000)."""
    value = percent * 100
    if value != value.to_integral_value():
        raise ValueError(f"Bobot {percent} memiliki lebih dari 2 desimal.")
    return int(value)


def insert_final_results(*, run: IntegrationRun, setup: SelectionSetup) -> int:
    """The one INSERT … SELECT of the run's FinalResult rows; returns how many were written.

    No checks here: `run_integration` calls it after `readiness` (the bench calls it directly).
    """
    connection = connections[router.db_for_write(FinalResult)]
    sql = _ranking_sql(connection=connection)
    return insert_select_sql(FinalResult, FINAL_COLUMNS, sql, _ranking_params(run=run, setup=setup))


def _settings_snapshot(period: SelectionPeriod, setup: SelectionSetup) -> dict[str, Any]:
    """The numbers the run used. Per-formasi compositions are too many to list for 20,000
    formasi: the number of distinct ones is kept, with the most common of them."""
    compositions: Counter[tuple[tuple[str, str, str, int | None], ...]] = Counter()
    current: list[tuple[str, str, str, int | None]] = []
    current_formasi = None
    has_candidates = Exists(SkbCandidate.objects.filter(formasi=OuterRef("formasi")))
    components = (
        SkbComponent.objects.filter(has_candidates, formasi__period=period)
        .order_by("formasi_id", "order")
        .values_list("formasi_id", "method", "weight", "aggregation", "cat_max_score")
    )
    # One row per component (not per candidate): two or three per formasi.
    for formasi_id, method, weight, aggregation, cat_max in components.iterator(chunk_size=5000):
        if formasi_id != current_formasi and current:
            compositions[tuple(current)] += 1
            current = []
        current_formasi = formasi_id
        rule = "" if method == Method.CAT else aggregation
        current.append((method, f"{weight:.2f}", rule, cat_max))
    if current:
        compositions[tuple(current)] += 1
    return {
        "skd_max": setup.skd_max,
        "skd_weight": f"{setup.skd_weight:.2f}",
        "skb_weight": f"{setup.skb_weight:.2f}",
        "cut_multiplier": setup.cut_multiplier,
        "min_cat_weight": f"{setup.min_cat_weight:.2f}",
        "max_additional_components": setup.max_additional_components,
        "cut_at": setup.cut_at.isoformat() if setup.cut_at else None,
        "distinct_compositions": len(compositions),
        "common_compositions": [
            {
                "formasi": count,
                "components": [
                    {"method": method, "weight": weight, "aggregation": rule, "cat_max_score": top}
                    for method, weight, rule, top in composition
                ],
            }
            for composition, count in compositions.most_common(MOST_COMMON_COMPOSITIONS)
        ],
    }


@transaction.atomic
def run_integration(*, period: SelectionPeriod, actor: User) -> IntegrationRun:
    """Integrate and rank the period's SKB candidates into a new run (the newest is current).

    Refused with the numbers of what is missing — the cut not run, a formasi's SKB composition
    invalid, SKB-CAT scores not imported, an assessed result missing or still flagged — and then
    nothing is written.
    """
    started = time.perf_counter()
    if not can_manage(actor):
        raise PermissionDenied(DENIED)
    # Serialises runs (and cuts, imports) of the period on its setup row.
    setup = SelectionSetup.objects.select_for_update().get(pk=ensure_setup(period).pk)
    readiness = readiness_selectors.readiness(period, setup=setup)
    if not readiness.ready:
        raise ConflictError(readiness.message)
    run = IntegrationRun.objects.create(
        period=period,
        run_by=actor,
        run_at=timezone.now(),
        settings_snapshot=_settings_snapshot(period, setup),
        formasi_count=0,
        result_count=0,
    )
    written = insert_final_results(run=run, setup=setup)
    # One pass over the run's rows for the counts of the audit row.
    stats = FinalResult.objects.filter(run=run).aggregate(
        formasi=Count("formasi", distinct=True),
        **{status.value: Count("pk", filter=Q(status=status.value)) for status in FinalStatus},
    )
    statuses = {status.value: stats[status.value] for status in FinalStatus}
    run.formasi_count = stats["formasi"]
    run.result_count = written
    run.save(update_fields=["formasi_count", "result_count"])
    digest = digest_selectors.run_digest(run)
    audit.record(
        actor=actor,
        action=digest_selectors.INTEGRATION_ACTION,
        target=run,
        changes={
            "period": period.pk,
            "formasi": run.formasi_count,
            "results": written,
            "statuses": statuses,
            "skd_weight": run.settings_snapshot["skd_weight"],
            "skb_weight": run.settings_snapshot["skb_weight"],
            "skd_max": setup.skd_max,
            "distinct_compositions": run.settings_snapshot["distinct_compositions"],
            "digest": digest,
            "duration_ms": elapsed_ms(started),
        },
    )
    return run


def elapsed_ms(started: float) -> int:
    """Milliseconds since `started` (a `time.perf_counter()` value)."""
    return max(0, round((time.perf_counter() - started) * 1000))


@transaction.atomic
def record_ranking_export(
    *, run: IntegrationRun, formasi: Formasi | None, rows: int, actor: User
) -> None:
    """Log that `actor` downloaded the run's ranking (before publication it is the unpublished
    ranking, with registration numbers): target the run, with the formasi (None: all) and the
    number of result rows."""
    if not can_read(actor):
        raise PermissionDenied(EXPORT_DENIED)
    audit.record(
        actor=actor,
        action="selection.ranking.exported",
        target=run,
        changes={"formasi": formasi.code if formasi is not None else None, "rows": rows},
    )
