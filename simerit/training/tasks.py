"""Background tasks of the training app: the e-mails to registrants of the public information
sessions (they need no account, so plain e-mail rather than notifications). The services enqueue
them after the commit (services/public.py, email_after_commit); the task reads the registrations
by id, so that no address is kept in the task queue."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from simerit.core.dates import format_datetime_wib, format_time_wib
from simerit.training.models import InformationSession, SessionRegistration
from simerit.training.selectors import public as selectors

logger = logging.getLogger(__name__)


class Mail:
    REGISTERED = "registered"
    WAITLISTED = "waitlisted"
    PROMOTED = "promoted"
    CANCELLED = "cancelled"
    CANCELLED_BY_HR = "cancelled_by_hr"
    SESSION_CANCELLED = "session_cancelled"
    SESSION_CHANGED = "session_changed"


SUBJECTS = {
    Mail.REGISTERED: "Pendaftaran sesi tercatat",
    Mail.WAITLISTED: "Anda masuk daftar tunggu sesi",
    Mail.PROMOTED: "Kursi tersedia: Anda kini terdaftar",
    Mail.CANCELLED: "Pendaftaran sesi dibatalkan",
    Mail.CANCELLED_BY_HR: "Pendaftaran sesi dibatalkan penyelenggara",
    Mail.SESSION_CANCELLED: "Sesi dibatalkan",
    Mail.SESSION_CHANGED: "Perubahan jadwal atau tempat sesi",
}


def registration_url(registration: SessionRegistration) -> str:
    path = reverse("preparation:registration", args=[registration.code])
    return f"{settings.SIMERIT_PUBLIC_URL}{path}"


def _schedule_lines(session: InformationSession) -> list[str]:
    lines = [f"Waktu: {format_datetime_wib(session.starts_at)} s.d. {_end_text(session)}"]
    if session.venue:
        lines.append(f"Tempat: {session.venue}")
    if session.online_url:
        lines.append("Daring: tautan tersedia di halaman pendaftaran Anda.")
    return lines


def _end_text(session: InformationSession) -> str:
    same_day = (
        timezone.localtime(session.starts_at).date() == timezone.localtime(session.ends_at).date()
    )
    return format_time_wib(session.ends_at) if same_day else format_datetime_wib(session.ends_at)


def email_text(registration: SessionRegistration, *, kind: str, reason: str = "") -> str:
    """The plain Indonesian text of one e-mail to a registrant."""
    session = registration.session
    label = f'{session.get_kind_display()} "{session.title}"'
    opening = {
        Mail.REGISTERED: f"Pendaftaran Anda pada {label} tercatat. Anda mendapat kursi.",
        Mail.WAITLISTED: (
            f"Kuota {label} sudah penuh; Anda masuk daftar tunggu nomor "
            f"{selectors.waitlist_position(registration) or '-'}. Kami mengirim e-mail bila ada "
            "kursi kosong untuk Anda."
        ),
        Mail.PROMOTED: (
            f"Ada kursi kosong pada {label}: pendaftaran Anda dari daftar tunggu kini terdaftar "
            "dan Anda dapat hadir."
        ),
        Mail.CANCELLED: f"Pendaftaran Anda pada {label} sudah dibatalkan atas permintaan Anda.",
        Mail.CANCELLED_BY_HR: (
            f"Pendaftaran Anda pada {label} dibatalkan oleh penyelenggara. Alasan: {reason}"
        ),
        Mail.SESSION_CANCELLED: f"Mohon maaf, {label} dibatalkan. Alasan: {reason}",
        Mail.SESSION_CHANGED: f"Jadwal, tempat, atau tautan {label} berubah menjadi berikut.",
    }[kind]
    lines = [f"Yth. {registration.name},", "", opening, ""]
    lines += [f"Kode pendaftaran: {registration.code}", *_schedule_lines(session), ""]
    if kind not in (Mail.CANCELLED, Mail.CANCELLED_BY_HR, Mail.SESSION_CANCELLED):
        lines += [
            "Lihat atau batalkan pendaftaran Anda di halaman berikut:",
            registration_url(registration),
            "",
            "Bila Anda tidak merasa mendaftar, abaikan pesan ini atau batalkan pendaftarannya "
            "melalui tautan di atas.",
            "",
        ]
    lines.append(f"SiMerit — {settings.INSTANSI_NAME}")
    return "\n".join(lines)


@task()
def send_registration_emails(*, registration_ids: list[int], kind: str, reason: str = "") -> None:
    """E-mail each registration (by id: no address is kept in the task queue). One unreachable
    mailbox does not hold back the others; the failures are raised at the end."""
    registrations = SessionRegistration.objects.select_related("session").filter(
        pk__in=registration_ids
    )
    failed = []
    for registration in registrations:
        try:
            send_mail(
                subject=f"[SiMerit] {SUBJECTS[kind]}",
                message=email_text(registration, kind=kind, reason=reason),
                from_email=None,
                recipient_list=[registration.email],
            )
        except Exception:
            logger.exception("Registration e-mail %s for %s failed", kind, registration.pk)
            failed.append(registration.pk)
    if failed:
        raise RuntimeError(f"{len(failed)} of {len(registration_ids)} e-mails failed: {failed}")
