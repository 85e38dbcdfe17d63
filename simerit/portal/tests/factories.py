"""Published facts for the portal's tests: administrative announcements, SKD results and final
announcements, written straight to the tables (the services that publish them belong to other
parts; here only what they leave behind matters)."""

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.utils import timezone

from simerit.accounts.models import User
from simerit.accounts.tests.factories import UserFactory
from simerit.core.roles import Role
from simerit.exams.models import Blueprint, ExamKind, ExamResult
from simerit.recruitment.models import (
    Announcement,
    AnnouncementEntry,
    Application,
    Formasi,
    SelectionPeriod,
)
from simerit.recruitment.rules import mask_name
from simerit.recruitment.tests.factories import ApplicationFactory
from simerit.selection.models import IntegrationRun, ResultAnnouncement, ResultAnnouncementEntry
from simerit.selection.rules import FinalStatus

SENT = Application.Status.MS


def publisher() -> User:
    return UserFactory.create(roles=[Role.ADMIN_BKPSDM])


def applications(formasi: Formasi, count: int, *, status: str = SENT) -> list[Application]:
    return ApplicationFactory.create_batch(count, formasi=formasi, status=status)


def admin_announcement(
    formasi: Formasi,
    results: Sequence[tuple[Application, str]],
    *,
    version: int = 1,
    by: User | None = None,
) -> Announcement:
    """A published administrative announcement listing each application as "MS" or "TMS"."""
    now = timezone.now()
    announcement = Announcement.objects.create(
        formasi=formasi,
        version=version,
        published_at=now,
        published_by=by or publisher(),
        formasi_code=formasi.code,
        period_name=formasi.period.name,
        sha256="0" * 64,
        sanggah_closes_at=now + dt.timedelta(days=3),
    )
    AnnouncementEntry.objects.bulk_create(
        AnnouncementEntry(
            announcement=announcement,
            application=application,
            registration_number=application.registration_number,
            masked_name=mask_name(application.applicant.name),
            result=result,
            reason="Ijazah tidak sesuai" if result == "TMS" else "",
        )
        for application, result in results
    )
    return announcement


def skd_blueprint(period: SelectionPeriod, *, published: bool = True) -> Blueprint:
    return Blueprint.objects.create(
        name="SKD CPNS (CAT BKN)",
        kind=ExamKind.SKD,
        period=period,
        delivery=Blueprint.Delivery.BKN,
        duration_minutes=100,
        results_published_at=timezone.now() if published else None,
    )


def skd_result(
    blueprint: Blueprint,
    application: Application,
    *,
    twk: int = 100,
    tiu: int = 110,
    tkp: int = 180,
    passed: bool = True,
) -> ExamResult:
    return ExamResult.objects.create(
        application=application,
        blueprint=blueprint,
        kind=ExamKind.SKD,
        source=ExamResult.Source.BKN,
        scores={"TWK": twk, "TIU": tiu, "TKP": tkp},
        total=twk + tiu + tkp,
        passed=passed,
    )


def result_announcement(
    formasi: Formasi,
    rows: Sequence[tuple[Application, str, int | None, Decimal | None]],
    *,
    version: int = 1,
    by: User | None = None,
) -> ResultAnnouncement:
    """A published final announcement: each row (application, status, rank, final score)."""
    by = by or publisher()
    now = timezone.now()
    run = IntegrationRun.objects.create(
        period=formasi.period,
        run_by=by,
        run_at=now,
        settings_snapshot={},
        formasi_count=1,
        result_count=len(rows),
    )
    announcement = ResultAnnouncement.objects.create(
        formasi=formasi,
        run=run,
        version=version,
        supersedes=ResultAnnouncement.objects.filter(formasi=formasi, version=version - 1).first(),
        published_at=now,
        published_by=by,
        formasi_code=formasi.code,
        position_name=formasi.position.name,
        unit_name=formasi.work_unit.name,
        period_name=formasi.period.name,
        quota=formasi.quota,
        formula={"skd_weight": "40", "skb_weight": "60", "skd_max": 550},
        sha256="1" * 64,
        csv_sha256="2" * 64,
        pdf_sha256="3" * 64,
        pdf=b"%PDF-",
        sanggah_closes_at=now + dt.timedelta(days=3),
    )
    ResultAnnouncementEntry.objects.bulk_create(
        ResultAnnouncementEntry(
            announcement=announcement,
            application=application,
            registration_number=application.registration_number,
            masked_name=mask_name(application.applicant.name),
            skd_total=390,
            twk=100,
            tiu=110,
            tkp=180,
            skb_components=[],
            skb_score=Decimal(70) if score is not None else None,
            final_score=score,
            rank=rank,
            status=FinalStatus(status).value,
        )
        for application, status, rank, score in rows
    )
    return announcement
