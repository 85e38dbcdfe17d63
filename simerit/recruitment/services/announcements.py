"""Publishing the administrative result of a formasi (domain reference §1.2 step 4, §1.4).

Publishing freezes the list into rows, hashes its canonical JSON with SHA-256 and writes the
hash to the audit chain, so a later change to the list is detectable by anyone who kept the
JSON. A correction is a new version that names the one it replaces; old versions stay public.
"""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import ConflictError, InvalidInputError
from simerit.core.roles import Role
from simerit.notifications.services import Message, notify_many
from simerit.recruitment.models import (
    Announcement,
    AnnouncementEntry,
    Application,
    Formasi,
    Sanggah,
)
from simerit.recruitment.rules import mask_name
from simerit.recruitment.selectors import announcements as selectors
from simerit.recruitment.selectors.windows import PUBLICATION_STAGES, stage_refusal

REASON_MAX_LENGTH = 500
NOTE_MAX_LENGTH = 300
TMS_FALLBACK_REASON = "Tidak memenuhi syarat administrasi"


def public_reason(application: Application) -> str:
    """The short public reason of a TMS, stored at decision time: which document or requirement
    failed, never the verifier's note."""
    text = "; ".join(application.public_reasons or [TMS_FALLBACK_REASON])
    if len(text) > REASON_MAX_LENGTH:
        text = text[: REASON_MAX_LENGTH - 1] + "…"
    return text


@transaction.atomic
def publish_announcement(*, formasi: Formasi, actor: User, note: str = "") -> Announcement:
    """Freeze the MS/TMS list of the formasi as the next version and audit its SHA-256.

    Refused while an application of the formasi is still under verification, while a filed
    sanggah waits for its decision, or when nothing has been decided. A version after the first
    is a correction and needs a note.
    """
    if not actor.has_role(Role.ADMIN_BKPSDM):
        raise PermissionDenied("Hanya Admin BKPSDM yang dapat menerbitkan pengumuman.")
    formasi = Formasi.objects.select_for_update().select_related("period").get(pk=formasi.pk)
    refusal = stage_refusal(formasi.period, PUBLICATION_STAGES, timezone.now())
    if refusal is not None:
        raise ConflictError(refusal)
    applications = Application.objects.filter(formasi=formasi)
    undecided = applications.filter(
        status__in=(Application.Status.SUBMITTED, Application.Status.TMS_PENDING)
    ).count()
    if undecided:
        raise ConflictError(
            f"Pengumuman belum dapat diterbitkan: {undecided} lamaran formasi ini belum selesai "
            "diverifikasi (berstatus Dikirim atau TMS menunggu konfirmasi)."
        )
    waiting = Sanggah.objects.filter(
        application__formasi=formasi, status=Sanggah.Status.FILED
    ).count()
    if waiting:
        raise ConflictError(
            f"Pengumuman belum dapat diterbitkan: {waiting} sanggah formasi ini belum diputuskan."
        )
    decided = list(
        applications.filter(status__in=(Application.Status.MS, Application.Status.TMS))
        .select_related("applicant__user", "formasi")
        .order_by("registration_number")
    )
    if not decided:
        raise ConflictError("Belum ada lamaran formasi ini yang selesai diverifikasi.")
    previous = selectors.latest_announcement(formasi)
    note = " ".join(note.split())
    if previous is not None and not note:
        raise InvalidInputError(
            {"note": [f"Versi {previous.version + 1} adalah koreksi: tulis catatan perubahannya."]}
        )
    if len(note) > NOTE_MAX_LENGTH:
        raise InvalidInputError({"note": [f"Catatan paling banyak {NOTE_MAX_LENGTH} karakter."]})
    version = previous.version + 1 if previous else 1
    published_at = timezone.now()
    sanggah_closes_at = selectors.sanggah_closes_at(
        period=formasi.period, published_at=published_at
    )
    try:
        with transaction.atomic():
            announcement = Announcement.objects.create(
                formasi=formasi,
                version=version,
                replaces=previous,
                published_at=published_at,
                sanggah_closes_at=sanggah_closes_at,
                published_by=actor,
                formasi_code=formasi.code,
                period_name=formasi.period.name,
                sha256="",
                note=note,
            )
    except IntegrityError as error:
        raise ConflictError(
            "Versi pengumuman ini baru saja diterbitkan oleh admin lain; muat ulang halaman."
        ) from error
    entries = AnnouncementEntry.objects.bulk_create(
        AnnouncementEntry(
            announcement=announcement,
            application=application,
            registration_number=application.registration_number,
            masked_name=mask_name(application.applicant.name),
            result=selectors.MS if application.status == Application.Status.MS else selectors.TMS,
            reason=public_reason(application)
            if application.status == Application.Status.TMS
            else "",
        )
        for application in decided
    )
    entries.sort(key=lambda entry: entry.registration_number)
    announcement.sha256 = selectors.sha256_of(
        selectors.canonical_text(selectors.canonical_payload(announcement, entries))
    )
    announcement.save(update_fields=["sha256", "updated_at"])
    ms = sum(1 for entry in entries if entry.result == selectors.MS)
    _notify_applicants(announcement, decided)
    audit.record(
        actor=actor,
        action="recruitment.announcement.published",
        target=announcement,
        changes={
            "formasi": formasi.code,
            "version": version,
            "sha256": announcement.sha256,
            "replaces_version": previous.version if previous else None,
            "entries": len(entries),
            "ms": ms,
            "tms": len(entries) - ms,
            "note": note,
            "sanggah_closes_at": timezone.localtime(sanggah_closes_at).isoformat(),
        },
    )
    return announcement


def _notify_applicants(announcement: Announcement, applications: list[Application]) -> None:
    """One message per applicant, written in one statement."""
    url = reverse("recruitment:application-result")
    formasi_code = announcement.formasi_code
    correction = " (koreksi)" if announcement.version > 1 else ""
    messages = []
    for application in applications:
        result = "MS" if application.status == Application.Status.MS else "TMS"
        body = (
            f"Pengumuman hasil seleksi administrasi formasi {formasi_code} versi "
            f"{announcement.version}{correction} telah terbit. Hasil lamaran "
            f"{application.registration_number}: {result}."
        )
        if result == "TMS":
            body += " Lihat alasannya dan masa sanggah pada halaman hasil seleksi Anda."
        messages.append(
            Message(
                user=application.applicant.user,
                title="Pengumuman hasil seleksi administrasi",
                body=body,
                url=url,
            )
        )
    notify_many(messages=messages)
