"""Reads of the announcements of the administrative result, their canonical JSON, the sanggah
window, and an applicant's own results."""

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format

from simerit.recruitment.models import (
    Announcement,
    AnnouncementEntry,
    Applicant,
    Application,
    Formasi,
    Sanggah,
    SelectionPeriod,
    Stage,
    StageWindow,
)

MS, TMS = "MS", "TMS"


# --- Canonical JSON: what the SHA-256 is computed over


def canonical_payload(
    announcement: Announcement, entries: list[AnnouncementEntry]
) -> dict[str, Any]:
    """Only what was stored at publication: renaming the formasi or period changes nothing here."""
    return {
        "formasi": announcement.formasi_code,
        "period": announcement.period_name,
        "version": announcement.version,
        "replaces_version": announcement.replaces.version if announcement.replaces else None,
        "entries": [
            {
                "registration_number": entry.registration_number,
                "masked_name": entry.masked_name,
                "result": entry.result,
                "reason": entry.reason,
            }
            for entry in entries
        ],
    }


def canonical_text(payload: dict[str, Any]) -> str:
    """Sorted keys, no spaces, UTF-8 characters as they are (not \\u escapes), no final newline."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def entries_of(announcement: Announcement) -> list[AnnouncementEntry]:
    return list(announcement.entries.order_by("registration_number", "pk"))


def canonical_json(announcement: Announcement) -> str:
    """The published list exactly as hashed: anyone can recompute `announcement.sha256` from it."""
    return canonical_text(canonical_payload(announcement, entries_of(announcement)))


# --- Versions


def announcements() -> QuerySet[Announcement]:
    return Announcement.objects.select_related(
        "formasi__period", "formasi__position", "formasi__work_unit", "replaces"
    )


def latest_announcement(formasi: Formasi) -> Announcement | None:
    return announcements().filter(formasi=formasi).order_by("-version").first()


def get_version(formasi: Formasi, version: int) -> Announcement | None:
    return announcements().filter(formasi=formasi, version=version).first()


def list_versions(formasi: Formasi) -> QuerySet[Announcement]:
    return (
        announcements()
        .filter(formasi=formasi)
        .annotate(
            n_entries=Count("entries"),
            n_ms=Count("entries", filter=Q(entries__result=MS)),
            n_tms=Count("entries", filter=Q(entries__result=TMS)),
        )
        .order_by("-version")
    )


def list_entries(announcement: Announcement, *, search: str = "") -> QuerySet[AnnouncementEntry]:
    entries = announcement.entries.order_by("registration_number", "pk")
    if search:
        entries = entries.filter(registration_number__icontains=search.strip())
    return entries


def list_announced_formasi(*, search: str = "") -> QuerySet[Formasi]:
    """Formasi with at least one published announcement, newest publication first (public)."""
    formasi = (
        Formasi.objects.filter(announcements__isnull=False)
        .select_related("period", "position", "work_unit")
        .annotate(
            latest_version=Max("announcements__version"),
            latest_published_at=Max("announcements__published_at"),
        )
        .order_by("-latest_published_at", "code")
    )
    if search:
        term = search.strip()
        formasi = formasi.filter(
            Q(code__icontains=term)
            | Q(position__name__icontains=term)
            | Q(work_unit__name__icontains=term)
        )
    return formasi


# --- HR: readiness of each formasi


def list_formasi_for_publication(*, period: SelectionPeriod) -> QuerySet[Formasi]:
    """Formasi of the period with their counts: undecided, MS, TMS, sanggah waiting, versions."""
    undecided = (Application.Status.SUBMITTED, Application.Status.TMS_PENDING)
    return (
        Formasi.objects.filter(period=period)
        .select_related("position", "work_unit")
        .annotate(
            n_undecided=Count(
                "applications", filter=Q(applications__status__in=undecided), distinct=True
            ),
            n_ms=Count(
                "applications",
                filter=Q(applications__status=Application.Status.MS),
                distinct=True,
            ),
            n_tms=Count(
                "applications",
                filter=Q(applications__status=Application.Status.TMS),
                distinct=True,
            ),
            n_sanggah_open=Count(
                "applications__sanggah",
                filter=Q(applications__sanggah__status=Sanggah.Status.FILED),
                distinct=True,
            ),
            latest_version=Max("announcements__version"),
        )
        .order_by("code")
    )


# --- Sanggah window (domain reference §1.4)


@dataclass(frozen=True)
class SanggahWindow:
    opens_at: dt.datetime
    closes_at: dt.datetime

    def is_open(self, now: dt.datetime) -> bool:
        return self.opens_at <= now < self.closes_at


def first_tms_announcement(application: Application) -> Announcement | None:
    """The first published version that listed the application as TMS."""
    return (
        Announcement.objects.filter(entries__application=application, entries__result=TMS)
        .order_by("version")
        .first()
    )


def disputed_announcement(application: Application) -> Announcement | None:
    """The latest version of the application's formasi, if it lists the application as TMS."""
    latest = Announcement.objects.filter(formasi_id=application.formasi_id).order_by("-version")
    announcement = latest.first()
    if announcement is None:
        return None
    listed = announcement.entries.filter(application=application, result=TMS).exists()
    return announcement if listed else None


def sanggah_closes_at(*, period: SelectionPeriod, published_at: dt.datetime) -> dt.datetime:
    """When the sanggah filing opened by an announcement published at `published_at` closes.

    Domain reference §1.4: `sanggah_days` calendar days after the announcement, to the end of the
    last day (Asia/Jakarta); when the period's SANGGAH_FILING window closes later, at that close.
    A window that closes earlier never shortens the applicant's days.
    """
    published = timezone.localtime(published_at)
    last_day = published.date() + dt.timedelta(days=period.sanggah_days)
    by_days = timezone.make_aware(
        dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time.min),
        timezone.get_default_timezone(),
    )
    window = StageWindow.objects.filter(period=period, stage=Stage.SANGGAH_FILING).first()
    return max(by_days, window.closes_at) if window is not None else by_days


def sanggah_window(application: Application) -> SanggahWindow | None:
    """From the publication of the first announcement that listed the application as TMS until
    the close stored on it at publication. None before any such announcement.
    """
    announcement = first_tms_announcement(application)
    if announcement is None:
        return None
    return SanggahWindow(announcement.published_at, announcement.sanggah_closes_at)


def format_when(value: dt.datetime) -> str:
    """6 Agustus 2026 23.59 WIB (Asia/Jakarta)."""
    return date_format(timezone.localtime(value), "j F Y H.i") + " WIB"


def sanggah_filing_refusal(application: Application, *, now: dt.datetime) -> str | None:
    """Why the applicant cannot file a sanggah now, in Indonesian; None when they can."""
    if application.status != Application.Status.TMS:
        return "Sanggah hanya dapat diajukan untuk lamaran berstatus TMS."
    existing = Sanggah.objects.filter(application=application).first()
    if existing is not None:
        return (
            "Sanggah hanya dapat diajukan satu kali; Anda sudah mengajukannya pada "
            f"{format_when(existing.created_at)}."
        )
    window = sanggah_window(application)
    if window is None or disputed_announcement(application) is None:
        return "Hasil TMS lamaran ini belum diumumkan; sanggah belum dapat diajukan."
    if now < window.opens_at:
        return f"Masa sanggah belum dibuka; dibuka pada {format_when(window.opens_at)}."
    if now >= window.closes_at:
        return f"Masa sanggah sudah berakhir pada {format_when(window.closes_at)}."
    return None


def sanggah_answer_window(period: SelectionPeriod) -> StageWindow | None:
    return StageWindow.objects.filter(period=period, stage=Stage.SANGGAH_ANSWER).first()


# --- The applicant's own results


@dataclass(frozen=True)
class ApplicantResult:
    application: Application
    announcement: Announcement | None  # the latest version listing this application
    entry: AnnouncementEntry | None
    sanggah: Sanggah | None
    window: SanggahWindow | None
    can_file_sanggah: bool


def list_applicant_results(applicant: Applicant) -> list[ApplicantResult]:
    """Each submitted application of the applicant, with its announcement and sanggah."""
    now = timezone.now()
    applications = (
        Application.objects.filter(applicant=applicant)
        .exclude(status=Application.Status.DRAFT)
        .select_related("formasi__position", "formasi__work_unit", "period")
        .order_by("-period__year", "-pk")
    )
    results = []
    for application in applications:
        entry = (
            AnnouncementEntry.objects.filter(application=application)
            .select_related("announcement")
            .order_by("-announcement__version")
            .first()
        )
        sanggah = Sanggah.objects.filter(application=application).first()
        window = sanggah_window(application)
        can_file = sanggah_filing_refusal(application, now=now) is None
        results.append(
            ApplicantResult(
                application=application,
                announcement=entry.announcement if entry else None,
                entry=entry,
                sanggah=sanggah,
                window=window,
                can_file_sanggah=can_file,
            )
        )
    return results


def get_own_application(*, applicant: Applicant, application_id: int) -> Application | None:
    return (
        Application.objects.filter(applicant=applicant, pk=application_id)
        .select_related("formasi__position", "period", "applicant__user")
        .first()
    )
