"""The check `verify_audit` runs on the published final results (registered in apps.py).

For every version: the SHA-256 recomputed from its stored entry rows, the one stored on it and the
one the audit chain recorded at publication must agree (and the CSV and PDF hashes likewise), and
every line must still point at the application it was published for
(`selectors.announcements.announcement_problems`).

The second check, "baris turunan seleksi", covers the rows the cut and the integration write
without database constraints on their foreign keys (ADR 0009): every SkbCandidate and FinalResult
must name existing rows that agree with each other.
"""

from typing import Any

from django.db.models import Exists, Model, OuterRef, Q, QuerySet

from simerit.audit.integrity import IntegrityProblem, register
from simerit.audit.models import AuditEvent
from simerit.recruitment.models import Application, Formasi, SelectionPeriod
from simerit.selection.models import (
    ComponentResult,
    FinalResult,
    IntegrationRun,
    ResultAnnouncement,
    SkbCandidate,
    SkbComponent,
)
from simerit.selection.selectors import announcements as selectors

CHECK_NAME = "pengumuman hasil akhir"
CHUNK = 200


def check_announcements() -> list[IntegrityProblem]:
    """One problem per thing that no longer matches, naming the formasi and the version."""
    audited: dict[str, dict[str, Any]] = {}
    events = AuditEvent.objects.filter(
        action=selectors.PUBLISHED_ACTION, target_type=selectors.TARGET_TYPE
    ).order_by("seq")
    for target_id, changes in events.values_list("target_id", "changes").iterator():
        audited.setdefault(target_id, changes)
    # One query for the broken links of every version.
    broken: dict[int, list[dict[str, Any]]] = {}
    for row in selectors.broken_links().values(*selectors.LINK_FIELDS):
        broken.setdefault(row["announcement_id"], []).append(row)
    problems = []
    versions = (
        ResultAnnouncement.objects.select_related("supersedes")
        .prefetch_related("entries")
        .order_by("pk")
    )
    for announcement in versions.iterator(chunk_size=CHUNK):
        where = (
            f"formasi {announcement.formasi_code} versi {announcement.version} "
            f"({announcement.period_name})"
        )
        reasons = selectors.announcement_problems(
            announcement,
            entries=announcement.entries.all(),
            audited=audited.get(str(announcement.pk)),
            look_up_audit=False,
            links=selectors.link_reasons(broken.get(announcement.pk, [])),
        )
        problems += [IntegrityProblem(CHECK_NAME, where, reason) for reason in reasons]
    return problems


# --- The derived rows (SkbCandidate, FinalResult) and the component results carry no database
# constraint on their foreign keys (ADR 0009): this check finds, set-based, every row that names a
# missing or inconsistent row.

DERIVED_CHECK_NAME = "baris turunan seleksi"
MAX_IDS = 5
CANDIDATES = "peserta SKB"
RESULTS = "hasil akhir"
COMPONENT_RESULTS = "nilai komponen SKB"


def _missing(model: type[Model], column: str) -> Q:
    """The row's `column` names no row of `model`."""
    return ~Q(Exists(model._default_manager.filter(pk=OuterRef(column))))


def _disagrees(model: type[Model], column: str, field: str) -> Exists:
    """The row of `model` named by `column` exists, and its `field` is not the row's own."""
    return Exists(
        model._default_manager.filter(pk=OuterRef(column)).exclude(**{field: OuterRef(field)})
    )


def _kinds(
    table: str,
    rows: QuerySet[Any],
    *,
    missing: list[tuple[str, type[Model], str]],
    parent: tuple[type[Model], str],
    disagreeing: list[tuple[str, str]],
) -> list[tuple[str, str, QuerySet[Any]]]:
    """The checks of one table: each (name, model, column) of `missing` finds the rows whose
    `column` names no row; each (field, what is wrong) of `disagreeing` the rows whose `parent`
    (model, column) row has another `field`."""
    model, column = parent
    return [
        (table, f"menunjuk {name} yang tidak ada", rows.filter(_missing(named, named_column)))
        for name, named, named_column in missing
    ] + [
        (table, what, rows.filter(_disagrees(model, column, field))) for field, what in disagreeing
    ]


def _derived_kinds() -> list[tuple[str, str, QuerySet[Any]]]:
    """(which table, what is wrong, the rows it is wrong for), in the order reported."""
    return (
        _kinds(
            CANDIDATES,
            SkbCandidate.objects.all(),
            missing=[
                ("lamaran", Application, "application_id"),
                ("formasi", Formasi, "formasi_id"),
                ("periode", SelectionPeriod, "period_id"),
            ],
            parent=(Application, "application_id"),
            disagreeing=[
                ("formasi_id", "formasinya berbeda dengan formasi lamarannya"),
                ("period_id", "periodenya berbeda dengan periode lamarannya"),
            ],
        )
        + _kinds(
            RESULTS,
            FinalResult.objects.all(),
            missing=[
                ("integrasi", IntegrationRun, "run_id"),
                ("peserta SKB", SkbCandidate, "candidate_id"),
                ("lamaran", Application, "application_id"),
                ("formasi", Formasi, "formasi_id"),
            ],
            parent=(SkbCandidate, "candidate_id"),
            disagreeing=[
                ("application_id", "lamarannya berbeda dengan lamaran peserta SKB-nya"),
                ("formasi_id", "formasinya berbeda dengan formasi peserta SKB-nya"),
            ],
        )
        + _kinds(
            COMPONENT_RESULTS,
            ComponentResult.objects.all(),
            missing=[
                ("peserta SKB", SkbCandidate, "candidate_id"),
                ("komponen SKB", SkbComponent, "component_id"),
            ],
            parent=(SkbComponent, "component_id"),
            disagreeing=[],
        )
        + [
            (
                COMPONENT_RESULTS,
                "komponennya milik formasi lain daripada formasi peserta SKB-nya",
                ComponentResult.objects.filter(
                    Exists(
                        SkbComponent.objects.filter(pk=OuterRef("component_id")).exclude(
                            formasi_id=OuterRef("candidate__formasi_id")
                        )
                    )
                ),
            )
        ]
    )


def ids_text(ids: list[int], count: int) -> str:
    """ "id 4, 7" or "id 1, 2, 3, 4, 5 dan 3 lainnya"."""
    shown = ", ".join(str(pk) for pk in ids)
    rest = count - len(ids)
    return f"id {shown}" + (f" dan {rest} lainnya" if rest > 0 else "")


def check_derived_rows() -> list[IntegrityProblem]:
    """One problem per kind of broken relation: how many rows, and the ids of the first five. Two
    queries per kind (the count and the first ids), whatever the number of rows."""
    problems = []
    for where, what, rows in _derived_kinds():
        count = rows.count()
        if not count:
            continue
        ids = list(rows.order_by("pk").values_list("pk", flat=True)[:MAX_IDS])
        problems.append(
            IntegrityProblem(
                DERIVED_CHECK_NAME, where, f"{count} baris {what} ({ids_text(ids, count)})"
            )
        )
    return problems


# Registered when apps.py imports this module in SelectionConfig.ready(), next to the check of
# the announcements.
register(DERIVED_CHECK_NAME, check_derived_rows)
