"""The SKD → SKB cut, materialised: who proceeds to the SKB becomes an SkbCandidate row (§2.3).

One INSERT … SELECT of `selectors.cut.cut_select_sql` (the RANK() window query of
`selectors.cut.skd_cut`, as SQL shaped for speed), whatever the number of applications: the
database ranks and inserts, nothing passes through Python row by row. Until
the assessment starts the cut can be run again (e.g. after a corrected SKD score file); it then
replaces the period's rows. Once an assessor is assigned or a component scored, the candidates
are what the assessment is about, and the cut is frozen. The audit row keeps how long the cut
took (`duration_ms`; `manage.py selection_cut` runs it outside a web request).
"""

import time

from django.core.exceptions import PermissionDenied
from django.db import connections, router, transaction
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import ConflictError
from simerit.recruitment.models import SelectionPeriod
from simerit.selection.bulk import insert_select_sql
from simerit.selection.models import (
    AssessorAssignment,
    ComponentResult,
    IntegrationRun,
    SelectionSetup,
    SkbCandidate,
)
from simerit.selection.permissions import can_manage
from simerit.selection.selectors.cut import cut_select_sql
from simerit.selection.selectors.setup import ensure_setup
from simerit.selection.services.integration import elapsed_ms

DENIED = "Hanya Admin BKPSDM yang dapat menjalankan pemeringkatan SKD."

# The SkbCandidate columns, in the order of `cut_select_sql`'s SELECT: the constant values first.
CUT_COLUMNS = (
    "period_id",
    "withdrawal_reason",
    "created_at",
    "updated_at",
    "formasi_id",
    "application_id",
    "skd_total",
    "twk",
    "tiu",
    "tkp",
    "cut_rank",
    "education_score",
    "birth_date",
)


def cut_refusal(period: SelectionPeriod) -> str | None:
    """Why the cut can no longer be (re)run for the period, or None."""
    if AssessorAssignment.objects.filter(candidate__period=period).exists():
        return (
            "Pemeringkatan SKD tidak dapat diulang: penilaian SKB sudah dimulai (asesor sudah "
            "ditugaskan)."
        )
    if ComponentResult.objects.filter(candidate__period=period).exists():
        return (
            "Pemeringkatan SKD tidak dapat diulang: nilai komponen SKB sudah tercatat "
            "untuk periode ini."
        )
    if IntegrationRun.objects.filter(period=period).exists():
        return "Pemeringkatan SKD tidak dapat diulang: integrasi nilai sudah dijalankan."
    return None


def _insert_cut(period: SelectionPeriod, setup: SelectionSetup) -> int:
    connection = connections[router.db_for_write(SkbCandidate)]
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    sql, params = cut_select_sql(
        connection=connection,
        period_id=period.pk,
        multiplier=setup.cut_multiplier,
        extra=[period.pk, "", now, now],
    )
    return insert_select_sql(SkbCandidate, CUT_COLUMNS, sql, params)


def _delete_candidates(period: SelectionPeriod) -> int:
    """The period's SkbCandidate rows, deleted in one statement: `cut_refusal` has checked that
    nothing refers to them (and the foreign keys would refuse otherwise)."""
    using = router.db_for_write(SkbCandidate)
    connection = connections[using]
    table = connection.ops.quote_name(SkbCandidate._meta.db_table)
    column = connection.ops.quote_name(SkbCandidate._meta.get_field("period").column)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {column} = %s", [period.pk])  # noqa: S608
        return int(cursor.rowcount)


@transaction.atomic
def run_cut(*, period: SelectionPeriod, actor: User) -> int:
    """Materialise the period's cut as SkbCandidate rows; returns how many proceed to the SKB.

    Only MS applications whose SKD met the passing grade of their track are ranked; the first
    `cut_multiplier × quota` of each formasi proceed with everyone tied with the last of them.
    """
    started = time.perf_counter()
    if not can_manage(actor):
        raise PermissionDenied(DENIED)
    setup = SelectionSetup.objects.select_for_update().get(pk=ensure_setup(period).pk)
    refusal = cut_refusal(period)
    if refusal is not None:
        raise ConflictError(refusal)
    replaced = _delete_candidates(period)
    inserted = _insert_cut(period, setup)
    if not inserted:
        # Raised inside the transaction: the deletion above is rolled back with it.
        raise ConflictError(
            "Belum ada hasil SKD yang memenuhi nilai ambang batas dari pelamar MS pada periode "
            "ini: umumkan atau impor hasil SKD terlebih dahulu."
        )
    previous_cut_at = setup.cut_at
    setup.cut_at = timezone.now()
    setup.save(update_fields=["cut_at", "updated_at"])
    candidates = SkbCandidate.objects.filter(period=period)
    audit.record(
        actor=actor,
        action="selection.cut.materialised",
        target=setup,
        changes={
            "period": period.pk,
            "multiplier": setup.cut_multiplier,
            "candidates": inserted,
            "formasi": candidates.values("formasi_id").distinct().count(),
            "replaced": replaced,
            "previous_cut_at": previous_cut_at,
            "cut_at": setup.cut_at,
            "duration_ms": elapsed_ms(started),
        },
    )
    return inserted
