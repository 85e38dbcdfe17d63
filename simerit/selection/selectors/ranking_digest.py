"""The integration run's digest (SHA-256 of its FinalResult rows in a canonical order, kept in the
audit row of the run) and how long the last cut, SKB-CAT import and run took (from their audit
rows).
"""

import hashlib
from dataclasses import dataclass
from typing import Any

from django.db import connections, router
from django.db.models import Model

from simerit.audit.models import AuditEvent
from simerit.selection.models import FinalResult, IntegrationRun, SelectionSetup

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
