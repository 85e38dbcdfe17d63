"""The check `verify_audit` runs on the published final results (registered in apps.py).

For every version: the SHA-256 recomputed from its stored entry rows, the one stored on it and the
one the audit chain recorded at publication must agree (and the CSV and PDF hashes likewise), and
every line must still point at the application it was published for
(`selectors.announcements.announcement_problems`).
"""

from typing import Any

from simerit.audit.integrity import IntegrityProblem
from simerit.audit.models import AuditEvent
from simerit.selection.models import ResultAnnouncement
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
