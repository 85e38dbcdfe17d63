"""SKB-CAT scores into component results: the official SKB ExamResult (SiMerit CAT or a BKN score
file) scaled to 0–100 by the component's `cat_max_score` (§3.2).

One INSERT … SELECT for the whole period: a FINAL ComponentResult (resolution CAT) per CAT
component × SKB candidate with an SKB ExamResult, replacing the period's earlier CAT rows. A
candidate without an SKB ExamResult gets no row: the component is missing, so the integration
makes them Tidak Lulus. The score is total × 100 / cat_max_score rounded half up to 4 decimals,
computed in integer arithmetic so both engines store the same exact value. The audit row keeps
how long the import took (`duration_ms`; `manage.py selection_import_cat` runs it outside a web
request).
"""

import time
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connections, router, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import ConflictError
from simerit.exams.models import ExamKind, ExamResult
from simerit.recruitment.models import SelectionPeriod
from simerit.selection.bulk import decimal_type, insert_select_sql
from simerit.selection.models import (
    ComponentResult,
    Method,
    SelectionSetup,
    SkbCandidate,
    SkbComponent,
)
from simerit.selection.permissions import can_manage
from simerit.selection.selectors.setup import ensure_setup
from simerit.selection.services.integration import elapsed_ms

DENIED = "Hanya Admin BKPSDM yang dapat mengimpor nilai SKB-CAT."

# The ComponentResult columns, in the order of the SELECT of `_cat_rows_sql`.
CAT_COLUMNS = (
    "component_id",
    "candidate_id",
    "status",
    "score",
    "aggregation",
    "assessor_scores",
    "resolution",
    "panel_members",
    "panel_note",
    "decided_at",
    "created_at",
    "updated_at",
)


def _with_cat_result(period: SelectionPeriod, *conditions: Q) -> QuerySet[SkbCandidate]:
    """Candidate × CAT component of its formasi × the candidate's SKB ExamResult. One filter()
    call: a later filter() on these multi-valued relations would join them again, while values()
    reuses the joins made here."""
    return SkbCandidate.objects.filter(
        *conditions,
        period=period,
        formasi__skb_components__method=Method.CAT,
        application__exam_results__kind=ExamKind.SKB,
    )


def _cat_rows_sql(
    period: SelectionPeriod, connection: BaseDatabaseWrapper
) -> tuple[str, list[Any]]:
    """The SELECT of the period's CAT rows, in the order of CAT_COLUMNS: candidate × CAT component
    of its formasi × the candidate's SKB ExamResult, joined on the application id the candidate
    carries (the ORM's path through the applications table would read a million rows more).
    The score: total × 100 / max in units of 10⁻⁴, rounded half up in integer arithmetic,
    (2 × total × 10⁶ + max) div (2 × max), then divided by 10⁴."""
    quote = connection.ops.quote_name
    candidates = quote(SkbCandidate._meta.db_table)
    components = quote(SkbComponent._meta.db_table)
    results = quote(ExamResult._meta.db_table)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    sql = f"""
SELECT comp.id, c.id, %s,
       CAST((CAST(r.total AS BIGINT) * 2000000 + comp.cat_max_score) / (comp.cat_max_score * 2)
            AS {decimal_type(connection)}) / 10000,
       %s, %s, %s, %s, %s, %s, %s, %s
FROM {candidates} c
INNER JOIN {components} comp ON comp.formasi_id = c.formasi_id AND comp.method = %s
INNER JOIN {results} r ON r.application_id = c.application_id AND r.kind = %s
WHERE c.period_id = %s
ORDER BY comp.id, c.id
"""  # noqa: S608 (table names from the models' metadata; values are bound)
    params = [
        ComponentResult.Status.FINAL.value,
        "",
        connection.ops.adapt_json_value([], None),
        ComponentResult.Resolution.CAT.value,
        "",
        "",
        now,
        now,
        now,
        Method.CAT.value,
        ExamKind.SKB.value,
        period.pk,
    ]
    return sql, params


def _out_of_range(period: SelectionPeriod) -> str | None:
    """Why the import was refused: how many SKB totals lie outside 0..cat_max_score."""
    counts = _with_cat_result(period).aggregate(
        above=Count(
            "pk",
            filter=Q(
                application__exam_results__total__gt=F("formasi__skb_components__cat_max_score")
            ),
        ),
        below=Count("pk", filter=Q(application__exam_results__total__lt=0)),
    )
    problems = []
    if counts["above"]:
        problems.append(
            f"{counts['above']} hasil SKB melebihi nilai maksimum SKB-CAT yang ditetapkan pada "
            "komponen formasinya"
        )
    if counts["below"]:
        problems.append(f"{counts['below']} hasil SKB bernilai negatif")
    if not problems:
        return None
    return (
        f"Impor nilai SKB-CAT dibatalkan: {'; '.join(problems)}. Periksa nilai maksimum "
        "komponen SKB-CAT atau hasil ujian SKB."
    )


@transaction.atomic
def import_cat_scores(*, period: SelectionPeriod, actor: User) -> int:
    """Write the SKB-CAT component results of the period from the SKB ExamResults; returns how
    many were written. Refused, with nothing changed, when the cut has not been run, the period
    has no CAT component, or a total exceeds its component's configured maximum."""
    started = time.perf_counter()
    if not can_manage(actor):
        raise PermissionDenied(DENIED)
    # Serialised with the cut and the integration of the period on its setup row.
    setup = SelectionSetup.objects.select_for_update().get(pk=ensure_setup(period).pk)
    if setup.cut_at is None or not SkbCandidate.objects.filter(period=period).exists():
        raise ConflictError(
            "Nilai SKB-CAT belum dapat diimpor: pemeringkatan SKD (peserta SKB) belum dijalankan."
        )
    components = SkbComponent.objects.filter(formasi__period=period, method=Method.CAT)
    if not components.exists():
        raise ConflictError(
            "Nilai SKB-CAT belum dapat diimpor: belum ada komponen SKB-CAT pada formasi "
            "periode ini."
        )
    old = ComponentResult.objects.filter(
        candidate__period=period, component__method=Method.CAT
    ).delete()[0]
    try:
        with transaction.atomic():
            connection = connections[router.db_for_write(ComponentResult)]
            sql, params = _cat_rows_sql(period, connection)
            written = insert_select_sql(ComponentResult, CAT_COLUMNS, sql, params)
    except IntegrityError as error:
        # A total above its component's maximum (or below zero) makes a score outside 0–100,
        # which the table's CHECK constraint refuses: counted only then, for the message.
        refusal = _out_of_range(period)
        if refusal is None:
            raise
        raise ConflictError(refusal) from error
    candidates = SkbCandidate.objects.filter(period=period).count()
    audit.record(
        actor=actor,
        action="selection.cat_scores.imported",
        target=setup,
        changes={
            "period": period.pk,
            "results": written,
            "replaced": old,
            "cat_components": components.count(),
            "candidates": candidates,
            "duration_ms": elapsed_ms(started),
        },
    )
    return written
