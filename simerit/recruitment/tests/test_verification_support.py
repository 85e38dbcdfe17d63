"""Helpers shared by the verification, announcement, sanggah and conflict tests (no tests here).

Plain functions rather than fixtures, so that importing them does not shadow fixture names.
"""

import datetime as dt
import hashlib
import random
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from simerit.accounts.models import User
from simerit.accounts.tests.factories import UserFactory
from simerit.audit.models import AuditEvent
from simerit.core.roles import Role
from simerit.notifications.models import Notification
from simerit.recruitment.models import (
    Announcement,
    AnnouncementEntry,
    Application,
    ApplicationDocument,
    ConflictDeclaration,
    DocumentKind,
    DocumentReview,
    Formasi,
    Sanggah,
    SelectionPeriod,
    StaffFamilyCard,
    Stage,
    StageWindow,
    VerificationAssignment,
)
from simerit.recruitment.services import verification as services
from simerit.recruitment.tests.factories import ApplicationFactory, FormasiFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 60 + b"\xff\xd9"
FIRST = VerificationAssignment.Role.FIRST
CONFIRMATION = VerificationAssignment.Role.CONFIRMATION
SANGGAH = VerificationAssignment.Role.SANGGAH


def seeded(seed: int) -> random.Random:
    """A repeatable generator for tests; the services default to secrets.SystemRandom."""
    return random.Random(seed)  # noqa: S311 (repeatability, not secrecy)


def private_media(settings: Any, tmp_path: Any) -> None:
    """Store the test's uploads in its own temporary folder."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }


def make_verifier(**kwargs: Any) -> User:
    return UserFactory.create(roles=[Role.VERIFIKATOR], **kwargs)


def add_document(application: Application, code: str) -> ApplicationDocument:
    kind = DocumentKind.objects.get(code=code)
    content = JPEG if "jpg" in kind.default_formats else PDF
    file_format = "jpg" if content is JPEG else "pdf"
    document = ApplicationDocument(
        application=application,
        kind=kind,
        file_format=file_format,
        size_bytes=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
    document.file.save(f"{code}.{file_format}", ContentFile(content), save=False)
    document.save()
    return document


def submitted_application(*, formasi: Formasi | None = None, **kwargs: Any) -> Application:
    """A submitted application with every document its formasi asks for."""
    formasi = formasi or FormasiFactory.create()
    application = ApplicationFactory.create(
        formasi=formasi,
        status=Application.Status.SUBMITTED,
        submitted_at=timezone.now(),
        eligibility_snapshot={"eligible": True, "failures": []},
        **kwargs,
    )
    for spec in formasi.documents.select_related("kind"):
        add_document(application, spec.kind.code)
    return application


def assign(application: Application, verifier: User, role: str = FIRST) -> VerificationAssignment:
    return VerificationAssignment.objects.create(
        application=application, verifier=verifier, role=role
    )


def review_all(
    application: Application, verifier: User, invalid: dict[str, str] | None = None
) -> None:
    """The verifier marks every document valid, except `invalid` ({kind code: reason})."""
    invalid = invalid or {}
    for document in application.documents.select_related("kind"):
        reason = invalid.get(document.kind.code, "")
        services.review_document(
            application=application,
            document=document,
            is_valid=not reason,
            reason=reason,
            note="Ijazah buram di bagian nama." if reason else "",
            actor=verifier,
        )


def decided(
    application: Application,
    *,
    first: User,
    second: User | None = None,
    invalid: dict[str, str] | None = None,
) -> Application:
    """Take the application to MS, or to TMS confirmed by `second`."""
    assign(application, first)
    review_all(application, first, invalid)
    application = services.decide_application(application=application, actor=first)
    if application.status == Application.Status.TMS_PENDING:
        assert second is not None
        # The service picked an eligible second verifier at random; the test wants `second`.
        VerificationAssignment.objects.update_or_create(
            application=application, role=CONFIRMATION, defaults={"verifier": second}
        )
        application = services.confirm_tms(application=application, actor=second)
    return application


def set_window(
    period: SelectionPeriod, stage: str, *, opens: dt.datetime, closes: dt.datetime
) -> None:
    StageWindow.objects.update_or_create(
        period=period, stage=stage, defaults={"opens_at": opens, "closes_at": closes}
    )


def open_sanggah_windows(period: SelectionPeriod) -> None:
    now = timezone.now()
    day = dt.timedelta(days=1)
    set_window(period, Stage.SANGGAH_FILING, opens=now - day, closes=now + 2 * day)
    set_window(period, Stage.SANGGAH_ANSWER, opens=now - day, closes=now + 7 * day)


def counts() -> dict[str, int]:
    """Row counts of everything verification, announcements and sanggah may write."""
    return {
        "assignments": VerificationAssignment.objects.count(),
        "reviews": DocumentReview.objects.count(),
        "sanggah": Sanggah.objects.count(),
        "announcements": Announcement.objects.count(),
        "entries": AnnouncementEntry.objects.count(),
        "declarations": ConflictDeclaration.objects.count(),
        "family_cards": StaffFamilyCard.objects.count(),
        "audit": AuditEvent.objects.count(),
        "notifications": Notification.objects.count(),
    }


def statuses() -> dict[str, str]:
    return dict(Application.objects.values_list("registration_number", "status"))
