"""Published final results made directly in the database, for the sanggah and appointment tests.

`publish(formasi, lines=...)` writes a ResultAnnouncement (with its integration run) and one
entry per (application, status, rank). The PDF is a placeholder, but the record is intact: its
hashes are computed from the rows (JSON, CSV) and from the placeholder (PDF), and recorded in the
audit chain as a publication records them, so `announcement_problems` finds nothing.
"""

import datetime as dt
import itertools
from collections.abc import Sequence
from decimal import Decimal

from django.utils import timezone

from simerit.accounts.models import User
from simerit.accounts.tests.factories import UserFactory
from simerit.audit import services as audit
from simerit.core.roles import Role
from simerit.recruitment.models import Application, Formasi
from simerit.recruitment.rules import mask_name
from simerit.selection import files
from simerit.selection.models import IntegrationRun, ResultAnnouncement, ResultAnnouncementEntry
from simerit.selection.rules import FinalStatus
from simerit.selection.selectors.announcements import PUBLISHED_ACTION, payload_of

DAY = dt.timedelta(days=1)
_hashes = itertools.count(1)
PDF = b"%PDF-test"

Line = tuple[Application, FinalStatus, int | None]


def fake_sha256() -> str:
    """A unique placeholder until the rows are written (then replaced by the real hashes)."""
    return f"{next(_hashes):064x}"


def publish(
    formasi: Formasi,
    *,
    lines: Sequence[Line],
    published_by: User | None = None,
    published_at: dt.datetime | None = None,
    sanggah_closes_at: dt.datetime | None = None,
    supersedes: ResultAnnouncement | None = None,
) -> ResultAnnouncement:
    """The next version of the formasi's final result: published now, sanggah open for 3 days."""
    published_by = published_by or UserFactory.create(roles=[Role.ADMIN_BKPSDM])
    published_at = published_at or timezone.now()
    run = IntegrationRun.objects.create(
        period=formasi.period,
        run_by=published_by,
        run_at=published_at - DAY,
        settings_snapshot={"skd_weight": "40", "skb_weight": "60"},
        formasi_count=1,
        result_count=len(lines),
    )
    announcement = ResultAnnouncement.objects.create(
        formasi=formasi,
        run=run,
        version=(supersedes.version + 1) if supersedes else 1,
        supersedes=supersedes,
        published_at=published_at,
        published_by=published_by,
        formasi_code=formasi.code,
        position_name=formasi.position.name,
        unit_name=formasi.work_unit.name,
        period_name=formasi.period.name,
        quota=formasi.quota,
        formula={"skd_weight": "40", "skb_weight": "60", "skd_max": 550, "components": []},
        sha256=fake_sha256(),
        csv_sha256=fake_sha256(),
        pdf_sha256=fake_sha256(),
        pdf=PDF,
        sanggah_closes_at=sanggah_closes_at or published_at + 3 * DAY,
    )
    for index, (application, status, rank) in enumerate(lines):
        final = Decimal("80.0000") - index if status != FinalStatus.MENGUNDURKAN_DIRI else None
        ResultAnnouncementEntry.objects.create(
            announcement=announcement,
            application=application,
            registration_number=application.registration_number,
            masked_name=mask_name(application.applicant.name),
            skd_total=390,
            twk=100,
            tiu=110,
            tkp=180,
            skb_components=[{"name": "SKB-CAT", "weight": "100.00", "score": "75.0000"}],
            skb_score=Decimal("75.0000") if final is not None else None,
            final_score=final,
            rank=rank,
            status=status.value,
        )
    seal(announcement, actor=published_by)
    return announcement


def seal(announcement: ResultAnnouncement, *, actor: User) -> None:
    """The hashes of the stored rows, on the record and in the audit chain (as `_publish` does)."""
    payload = payload_of(announcement)
    announcement.sha256 = files.sha256_hex(files.canonical_json_bytes(payload))
    announcement.csv_sha256 = files.sha256_hex(files.csv_bytes(payload))
    announcement.pdf_sha256 = files.sha256_hex(bytes(announcement.pdf))
    announcement.save(update_fields=["sha256", "csv_sha256", "pdf_sha256", "updated_at"])
    audit.record(
        actor=actor,
        action=PUBLISHED_ACTION,
        target=announcement,
        changes={
            "formasi": announcement.formasi_code,
            "version": announcement.version,
            "sha256": announcement.sha256,
            "csv_sha256": announcement.csv_sha256,
            "pdf_sha256": announcement.pdf_sha256,
        },
    )
