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
from simerit.selection.models import FinalResult, IntegrationRun, ResultAnnouncement, SkbCandidate
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


# --- The derived rows (SkbCandidate, FinalResult) carry no database constraint on their foreign
# keys (ADR 0009): this check finds, set-based, every row that names a missing or inconsistent row.

DERIVED_CHECK_NAME = "baris turunan seleksi"
MAX_IDS = 5
CANDIDATES = "peserta SKB"
RESULTS = "hasil akhir"


def _missing(model: type[Model], column: str) -> Q:
    """The row's `column` names no row of `model`."""
    return ~Q(Exists(model._default_manager.filter(pk=OuterRef(column))))


def _disagrees(model: type[Model], column: str, field: str) -> Exists:
    """The row of `model` named by `column` exists, and its `field` is not the row's own."""
    return Exists(
        model._default_manager.filter(pk=OuterRef(column)).exclude(**{field: OuterRef(field)})
    )


def _derived_kinds() -> list[tuple[str, str, QuerySet[Any]]]:
    """(which table, what is wrong, the rows it is wrong for), in the order reported."""
    candidates, results = SkbCandidate.objects.all(), FinalResult.objects.all()
    return [
        (
            CANDIDATES,
            "menunjuk lamaran yang tidak ada",
            candidates.filter(_missing(Application, "application_id")),
        ),
        (
            CANDIDATES,
            "menunjuk formasi yang tidak ada",
            candidates.filter(_missing(Formasi, "formasi_id")),
        ),
        (
            CANDIDATES,
            "menunjuk periode yang tidak ada",
            candidates.filter(_missing(SelectionPeriod, "period_id")),
        ),
        (
            CANDIDATES,
            "formasinya berbeda dengan formasi lamarannya",
            candidates.filter(_disagrees(Application, "application_id", "formasi_id")),
        ),
        (
            CANDIDATES,
            "periodenya berbeda dengan periode lamarannya",
            candidates.filter(_disagrees(Application, "application_id", "period_id")),
        ),
        (
            RESULTS,
            "menunjuk integrasi yang tidak ada",
            results.filter(_missing(IntegrationRun, "run_id")),
        ),
        (
            RESULTS,
            "menunjuk peserta SKB yang tidak ada",
            results.filter(_missing(SkbCandidate, "candidate_id")),
        ),
        (
            RESULTS,
            "menunjuk lamaran yang tidak ada",
            results.filter(_missing(Application, "application_id")),
        ),
        (
            RESULTS,
            "menunjuk formasi yang tidak ada",
            results.filter(_missing(Formasi, "formasi_id")),
        ),
        (
            RESULTS,
            "lamarannya berbeda dengan lamaran peserta SKB-nya",
            results.filter(_disagrees(SkbCandidate, "candidate_id", "application_id")),
        ),
        (
            RESULTS,
            "formasinya berbeda dengan formasi peserta SKB-nya",
            results.filter(_disagrees(SkbCandidate, "candidate_id", "formasi_id")),
        ),
    ]


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
