"""Information sessions (sosialisasi, workshops) on the selection, managed by Admin BKPSDM: a
session is created as a draft, published (it then appears on the public page and takes
registrations), changed until it ends, and may be cancelled; its registrants are e-mailed when the
time, place or link of a published session changes and when it is cancelled. The registrations
themselves: services/public.py."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import ConflictError, InvalidInputError
from simerit.recruitment.models import SelectionPeriod
from simerit.training import permissions
from simerit.training.models import InformationSession, SessionRegistration
from simerit.training.selectors import public as selectors
from simerit.training.services import public as registrations
from simerit.training.tasks import Mail

Status = InformationSession.Status
RegStatus = SessionRegistration.Status

TITLE_MAX_LENGTH = 200
DESCRIPTION_MAX_LENGTH = 5000
VENUE_MAX_LENGTH = 200
URL_MAX_LENGTH = 200
MAX_CAPACITY = 100_000
# A workshop may last a few days; a "session" of more than a month is a typing error.
MAX_SESSION_DAYS = 31
# Fields that, once changed on a published session, are e-mailed to its registrants.
NOTIFIED_FIELDS = ("starts_at", "ends_at", "venue", "online_url")


@dataclass(frozen=True)
class SessionInput:
    title: str
    kind: str
    description: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    registration_closes_at: dt.datetime
    capacity: int
    venue: str = ""
    online_url: str = ""
    period: SelectionPeriod | None = None


def _clean_session(
    data: SessionInput, *, now: dt.datetime, current: InformationSession | None
) -> dict[str, Any]:
    """The model's field values, or every field's problem at once. A start in the past is
    refused unless it is the start the session already has."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    values: dict[str, Any] = {
        "title": " ".join(data.title.split()),
        "kind": data.kind,
        "description": data.description.strip(),
        "starts_at": data.starts_at,
        "ends_at": data.ends_at,
        "registration_closes_at": data.registration_closes_at,
        "capacity": data.capacity,
        "venue": " ".join(data.venue.split()),
        "online_url": data.online_url.strip(),
        "period": data.period,
    }
    if not values["title"]:
        add("title", "Judul wajib diisi.")
    elif len(values["title"]) > TITLE_MAX_LENGTH:
        add("title", f"Judul paling banyak {TITLE_MAX_LENGTH} karakter.")
    if values["kind"] not in InformationSession.Kind.values:
        add("kind", "Jenis sesi tidak dikenal.")
    if not values["description"]:
        add("description", "Uraian wajib diisi: apa yang dibahas dan untuk siapa.")
    elif len(values["description"]) > DESCRIPTION_MAX_LENGTH:
        add("description", f"Uraian paling banyak {DESCRIPTION_MAX_LENGTH} karakter.")
    if len(values["venue"]) > VENUE_MAX_LENGTH:
        add("venue", f"Tempat paling banyak {VENUE_MAX_LENGTH} karakter.")
    if values["online_url"]:
        try:
            URLValidator(schemes=["http", "https"])(values["online_url"])
            if len(values["online_url"]) > URL_MAX_LENGTH:
                raise ValidationError("too long")
        except ValidationError:
            add(
                "online_url",
                "Tautan daring harus alamat http(s) yang lengkap, paling banyak 200 karakter.",
            )
    if not values["venue"] and not values["online_url"]:
        add("venue", "Isi tempat, tautan daring, atau keduanya.")
    if not 1 <= data.capacity <= MAX_CAPACITY:
        add("capacity", f"Kapasitas harus antara 1 dan {MAX_CAPACITY:,}.".replace(",", "."))
    aware = all(
        timezone.is_aware(value)
        for value in (data.starts_at, data.ends_at, data.registration_closes_at)
    )
    if not aware:
        add("starts_at", "Waktu harus disertai zona waktu.")
    else:
        unchanged_start = current is not None and current.starts_at == data.starts_at
        if data.starts_at <= now and not unchanged_start:
            add("starts_at", "Waktu mulai harus di masa mendatang.")
        if data.ends_at <= data.starts_at:
            add("ends_at", "Waktu selesai harus sesudah waktu mulai.")
        elif data.ends_at - data.starts_at > dt.timedelta(days=MAX_SESSION_DAYS):
            add("ends_at", f"Sesi paling lama {MAX_SESSION_DAYS} hari.")
        if data.registration_closes_at > data.starts_at:
            add("registration_closes_at", "Batas pendaftaran tidak boleh sesudah waktu mulai sesi.")
    if errors:
        raise InvalidInputError(errors)
    return values


def session_snapshot(session: InformationSession) -> dict[str, Any]:
    """The fields of a session as the audit log and the edit form keep them (times in WIB)."""
    return {
        "title": session.title,
        "kind": session.kind,
        "description": session.description,
        "period": session.period_id,
        "starts_at": timezone.localtime(session.starts_at),
        "ends_at": timezone.localtime(session.ends_at),
        "registration_closes_at": timezone.localtime(session.registration_closes_at),
        "venue": session.venue,
        "online_url": session.online_url,
        "capacity": session.capacity,
    }


@transaction.atomic
def create_session(*, data: SessionInput, actor: User) -> InformationSession:
    """A new session as a draft (not public until published)."""
    registrations.check_hr(actor)
    values = _clean_session(data, now=timezone.now(), current=None)
    session = InformationSession(status=Status.DRAFT, created_by=actor, **values)
    session.full_clean()
    session.save()
    audit.record(
        actor=actor,
        action="training.information_session.created",
        target=session,
        changes=session_snapshot(session),
    )
    return session


def _live_registrations(session: InformationSession) -> list[SessionRegistration]:
    return list(
        session.registrations.filter(status__in=[RegStatus.REGISTERED, RegStatus.WAITLISTED])
    )


@transaction.atomic
def update_session(
    *, session: InformationSession, data: SessionInput, actor: User
) -> InformationSession:
    """Change a session until it ends. The capacity may not drop below the seats taken; a larger
    one moves the waitlist up. Registrants are e-mailed when the time, place or link of a
    published session changes."""
    registrations.check_hr(actor)
    session = registrations.lock_session(session)
    now = timezone.now()
    if session.status == Status.CANCELLED:
        raise ConflictError("Sesi yang sudah dibatalkan tidak dapat diubah.")
    if now >= session.ends_at:
        raise ConflictError("Sesi yang sudah selesai tidak dapat diubah.")
    values = _clean_session(data, now=now, current=session)
    taken = selectors.registered_count(session)
    if values["capacity"] < taken:
        raise InvalidInputError(
            {
                "capacity": [
                    f"Kapasitas tidak boleh kurang dari jumlah pendaftar yang sudah mendapat "
                    f"kursi ({taken})."
                ]
            }
        )
    before = session_snapshot(session)
    for field, value in values.items():
        setattr(session, field, value)
    session.full_clean()
    changes = audit.diff(before, session_snapshot(session))
    if not changes:
        return session
    session.save()
    audit.record(
        actor=actor, action="training.information_session.updated", target=session, changes=changes
    )
    if session.status == Status.PUBLISHED and any(field in changes for field in NOTIFIED_FIELDS):
        registrations.email_after_commit(_live_registrations(session), Mail.SESSION_CHANGED)
    registrations.promote_waitlisted(session, now=now, actor=actor)
    return session


@transaction.atomic
def publish_session(*, session: InformationSession, actor: User) -> InformationSession:
    """A draft becomes public and open for registration (its deadline must still be ahead)."""
    registrations.check_hr(actor)
    session = registrations.lock_session(session)
    if session.status != Status.DRAFT:
        raise ConflictError("Hanya sesi berstatus draf yang dapat diumumkan.")
    if timezone.now() >= session.registration_closes_at:
        raise ConflictError(
            "Batas pendaftaran sesi ini sudah lewat; ubah jadwalnya sebelum mengumumkan."
        )
    session.status = Status.PUBLISHED
    session.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor,
        action="training.information_session.published",
        target=session,
        changes={"status": [Status.DRAFT, Status.PUBLISHED]},
    )
    return session


@transaction.atomic
def cancel_session(*, session: InformationSession, reason: str, actor: User) -> InformationSession:
    """Cancel a session that has not ended, keeping when and why (shown on the public and the
    admin page); every registrant (seat or waitlist) is e-mailed with the reason. The
    registrations stay as they were, as the record of who had signed up."""
    registrations.check_hr(actor)
    session = registrations.lock_session(session)
    reason = registrations.clean_reason(reason)
    now = timezone.now()
    if session.status == Status.CANCELLED:
        raise ConflictError("Sesi ini sudah dibatalkan.")
    if now >= session.ends_at:
        raise ConflictError("Sesi yang sudah selesai tidak dapat dibatalkan.")
    before = session.status
    session.status = Status.CANCELLED
    session.cancelled_at = now
    session.cancel_reason = reason
    session.save(update_fields=["status", "cancelled_at", "cancel_reason", "updated_at"])
    registrants = _live_registrations(session)
    audit.record(
        actor=actor,
        action="training.information_session.cancelled",
        target=session,
        changes={
            "status": [before, Status.CANCELLED],
            "reason": reason,
            "registrants_emailed": len(registrants),
        },
    )
    registrations.email_after_commit(registrants, Mail.SESSION_CANCELLED, reason)
    return session


@transaction.atomic
def record_registrants_export(*, session: InformationSession, actor: User, rows: int) -> None:
    """The download of a session's registrants (personal data) is written to the audit log."""
    if not permissions.reads_everything(actor):
        raise PermissionDenied(registrations.HR_ONLY)
    audit.record(
        actor=actor,
        action="training.session_registrants.exported",
        target=session,
        changes={"rows": rows},
    )
