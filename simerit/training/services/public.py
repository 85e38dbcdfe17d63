"""Pre-recruitment preparation for the public (the issue's item 8): registrations for the
information sessions (sosialisasi, workshops), with capacity and a waitlist. Admin BKPSDM manages
the sessions themselves in services/public_sessions.py, the reading materials in
services/public_materials.py.

A visitor registers without an account and keeps the registration code, which shows the
registration and cancels it; a freed seat goes to the first on the waitlist, who is e-mailed.
Seats are counted under a lock of the session row. Registrants are e-mailed (they need no
account, so plain e-mail rather than notifications) from a task (simerit/training/tasks.py),
after the commit.

Registrants' names, e-mail addresses and phone numbers never enter the audit log (UU 27/2022
PDP): the rows name the session and the registration's id. The registration code does not enter
it either (it is the visitor's key to cancel), so registration rows target the session.
"""

import datetime as dt
import re
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import ConflictError, DomainError, InvalidInputError
from simerit.core.ratelimit import address_key, count_hit
from simerit.training import permissions
from simerit.training.models import InformationSession, SessionRegistration
from simerit.training.selectors import public as selectors
from simerit.training.tasks import Mail, send_registration_emails

Status = InformationSession.Status
RegStatus = SessionRegistration.Status

HR_ONLY = "Hanya Admin BKPSDM yang dapat mengelola sosialisasi dan bahan bacaan."
FULL = "Kuota sesi ini sudah penuh."
DUPLICATE_EMAIL = "E-mail ini sudah terdaftar untuk sesi ini."
NO_CONSENT = "Anda harus menyetujui pemrosesan data pribadi untuk mendaftar."
BAD_PHONE = (
    "Nomor HP harus nomor Indonesia yang diawali 08 atau +62 (10–13 digit), mis. 081234567890 "
    "atau +6281234567890."
)

NAME_MAX_LENGTH = 150
EMAIL_MAX_LENGTH = 254
REASON_MAX_LENGTH = 500

# --- Registration codes and phone numbers


def new_code() -> str:
    """A fresh random registration code (selectors.CODE_ALPHABET, selectors.CODE_LENGTH)."""
    for _ in range(10):
        code = "".join(
            secrets.choice(selectors.CODE_ALPHABET) for _ in range(selectors.CODE_LENGTH)
        )
        if not SessionRegistration.objects.filter(code=code).exists():
            return code
    raise RuntimeError("No free registration code after 10 tries")  # pragma: no cover


PHONE_SEPARATORS = re.compile(r"[\s().\-]")
NATIONAL_MOBILE = re.compile(r"08\d{8,11}")


def normalise_phone(value: str) -> str | None:
    """An Indonesian mobile number written 08… or +62…, as 08… (None when it is not one).

    Spaces, dots, dashes and brackets are ignored: "+62 812-3456-7890" -> "081234567890".
    """
    compact = PHONE_SEPARATORS.sub("", value)
    national = "0" + compact[3:] if compact.startswith("+62") else compact
    return national if NATIONAL_MOBILE.fullmatch(national) else None


# --- Rate limit of public registrations

RATE_LIMIT_WINDOW_SECONDS = 60 * 60


class RegistrationRateLimitError(DomainError):
    """Too many registration attempts from one address (answered as 429)."""


def registrations_per_hour() -> int:
    """SIMERIT_SESSION_REGISTRATIONS_PER_HOUR (10 by default); 0 switches the limit off."""
    return int(settings.SIMERIT_SESSION_REGISTRATIONS_PER_HOUR)


def check_registration_rate(*, client_address: str) -> None:
    """Count a registration attempt from this address; refuse it past the hourly limit.

    Counted per attempt (a refused one too), before anything is read or written.
    """
    limit = registrations_per_hour()
    if limit <= 0:
        return
    key = address_key("training:session-registrations", client_address)
    if count_hit(key, window_seconds=RATE_LIMIT_WINDOW_SECONDS) > limit:
        raise RegistrationRateLimitError(
            "Terlalu banyak percobaan pendaftaran sesi dari jaringan Anda. Coba lagi dalam satu "
            "jam."
        )


# --- E-mails to registrants (the texts and the task: simerit/training/tasks.py)


def email_after_commit(
    registrations: list[SessionRegistration], kind: str, reason: str = ""
) -> None:
    """Enqueue the e-mails (a tasks.Mail kind) once the transaction commits; none on a rollback."""
    ids = [registration.pk for registration in registrations]
    if ids:
        transaction.on_commit(
            lambda: send_registration_emails.enqueue(registration_ids=ids, kind=kind, reason=reason)
        )


# --- Registration by a visitor


@dataclass(frozen=True)
class RegistrationInput:
    name: str
    email: str
    phone: str
    consent: bool
    # The visitor asked for the waitlist (the form's second button) should the session be full.
    waitlist: bool = False


class SessionFullError(ConflictError):
    """No free seat: the visitor may ask for the waitlist instead (RegistrationInput.waitlist)."""


def _clean_registration(data: RegistrationInput) -> tuple[str, str, str]:
    """The name, e-mail (lower case) and phone (08…), or every field's problem at once."""
    errors: dict[str, list[str]] = {}
    name = " ".join(data.name.split())
    email = data.email.strip().lower()
    phone = normalise_phone(data.phone)
    if not name:
        errors["name"] = ["Nama wajib diisi."]
    elif len(name) > NAME_MAX_LENGTH:
        errors["name"] = [f"Nama paling banyak {NAME_MAX_LENGTH} karakter."]
    try:
        validate_email(email)
        if len(email) > EMAIL_MAX_LENGTH:
            raise ValidationError("too long")
    except ValidationError:
        errors["email"] = ["Alamat e-mail tidak valid." if email else "E-mail wajib diisi."]
    if phone is None:
        errors["phone"] = [BAD_PHONE if data.phone.strip() else "Nomor HP wajib diisi."]
    if not data.consent:
        errors["consent"] = [NO_CONSENT]
    if errors or phone is None:
        raise InvalidInputError(errors)
    return name, email, phone


def lock_session(session: InformationSession) -> InformationSession:
    return InformationSession.objects.select_for_update().get(pk=session.pk)


@transaction.atomic
def register_for_session(
    *, session: InformationSession, data: RegistrationInput, user: User | None
) -> SessionRegistration:
    """Register a visitor: a seat while one is free (and nobody waits), else — only when asked
    for — a place on the waitlist. Refused, nothing changed: registration closed or the session
    past, a field invalid, no consent, the e-mail already registered for the session
    (ConflictError), full without asking for the waitlist (SessionFullError). `user` is the
    signed-in account, if any; it is kept with the registration."""
    session = lock_session(session)
    now = timezone.now()
    reason = selectors.closed_reason(session, now=now)
    if reason:
        raise ConflictError(reason)
    name, email, phone = _clean_registration(data)
    live = session.registrations.filter(status__in=[RegStatus.REGISTERED, RegStatus.WAITLISTED])
    if live.filter(email=email).exists():
        raise ConflictError(DUPLICATE_EMAIL, field="email")
    has_seat = (
        selectors.registered_count(session) < session.capacity
        and not selectors.waitlist(session).exists()
    )
    if not has_seat and not data.waitlist:
        raise SessionFullError(FULL)
    registration = SessionRegistration(
        session=session,
        name=name,
        email=email,
        phone=phone,
        user=user if user is not None and user.is_authenticated else None,
        code=new_code(),
        status=RegStatus.REGISTERED if has_seat else RegStatus.WAITLISTED,
        waitlisted_at=None if has_seat else now,
        consent_at=now,
    )
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:
        # Another request registered the same e-mail a moment earlier: the unique index decided.
        raise ConflictError(DUPLICATE_EMAIL, field="email") from None
    audit.record(
        actor=registration.user,
        action=(
            "training.session_registration.registered"
            if has_seat
            else "training.session_registration.waitlisted"
        ),
        target=session,
        changes={
            "registration": registration.pk,
            "status": registration.status,
            "with_account": registration.user_id is not None,
        },
    )
    email_after_commit([registration], Mail.REGISTERED if has_seat else Mail.WAITLISTED)
    return registration


def promote_waitlisted(
    session: InformationSession, *, now: dt.datetime, actor: User | None
) -> list[SessionRegistration]:
    """Give the free seats of a published session that has not started to the first waiting."""
    if session.status != Status.PUBLISHED or now >= session.starts_at:
        return []
    free = session.capacity - selectors.registered_count(session)
    if free <= 0:
        return []
    promoted = list(selectors.waitlist(session).select_for_update()[:free])
    for registration in promoted:
        registration.status = RegStatus.REGISTERED
        registration.save(update_fields=["status", "updated_at"])
        audit.record(
            actor=actor,
            action="training.session_registration.promoted",
            target=session,
            changes={
                "registration": registration.pk,
                "status": [RegStatus.WAITLISTED, RegStatus.REGISTERED],
            },
        )
    email_after_commit(promoted, Mail.PROMOTED)
    return promoted


def _cancel(
    registration: SessionRegistration,
    session: InformationSession,
    *,
    actor: User | None,
    now: dt.datetime,
    by_hr: bool,
    reason: str = "",
) -> SessionRegistration:
    before = registration.status
    registration.status = RegStatus.CANCELLED
    registration.save(update_fields=["status", "updated_at"])
    changes: dict[str, Any] = {
        "registration": registration.pk,
        "status": [before, RegStatus.CANCELLED],
        "by": "admin" if by_hr else "registrant",
    }
    if reason:
        changes["reason"] = reason
    audit.record(
        actor=actor,
        action="training.session_registration.cancelled",
        target=session,
        changes=changes,
    )
    email_after_commit([registration], Mail.CANCELLED_BY_HR if by_hr else Mail.CANCELLED, reason)
    if before == RegStatus.REGISTERED:
        promote_waitlisted(session, now=now, actor=actor)
    return registration


def _lock_registration(
    registration: SessionRegistration,
) -> tuple[SessionRegistration, InformationSession]:
    # The session first, as registering does: both paths take the locks in the same order.
    session = InformationSession.objects.select_for_update().get(pk=registration.session_id)
    registration = SessionRegistration.objects.select_for_update().get(pk=registration.pk)
    registration.session = session
    return registration, session


@transaction.atomic
def cancel_registration(
    *, registration: SessionRegistration, actor: User | None
) -> SessionRegistration:
    """The holder of the registration code cancels it, until the session starts; a freed seat
    goes to the first on the waitlist."""
    registration, session = _lock_registration(registration)
    now = timezone.now()
    if registration.status == RegStatus.CANCELLED:
        raise ConflictError("Pendaftaran ini sudah dibatalkan.")
    if session.status == Status.CANCELLED:
        raise ConflictError(selectors.SESSION_CANCELLED)
    if now >= session.starts_at:
        raise ConflictError("Sesi sudah dimulai; pendaftaran tidak dapat dibatalkan lagi.")
    return _cancel(registration, session, actor=actor, now=now, by_hr=False)


@transaction.atomic
def cancel_registration_as_hr(
    *, registration: SessionRegistration, reason: str, actor: User
) -> SessionRegistration:
    """Admin BKPSDM cancels a registration (with a reason, e-mailed to the registrant) until the
    session ends; a freed seat goes to the first on the waitlist while the session has not
    started."""
    check_hr(actor)
    registration, session = _lock_registration(registration)
    now = timezone.now()
    reason = clean_reason(reason)
    if registration.status == RegStatus.CANCELLED:
        raise ConflictError("Pendaftaran ini sudah dibatalkan.")
    if session.status == Status.CANCELLED:
        raise ConflictError("Sesi ini sudah dibatalkan; pendaftarannya tidak perlu dibatalkan.")
    if now >= session.ends_at:
        raise ConflictError("Sesi sudah selesai; pendaftaran tidak dapat dibatalkan lagi.")
    return _cancel(registration, session, actor=actor, now=now, by_hr=True, reason=reason)


def check_hr(actor: User) -> None:
    if not permissions.is_hr(actor):
        raise PermissionDenied(HR_ONLY)


def clean_reason(reason: str) -> str:
    """A reason given for a cancellation: required, at most REASON_MAX_LENGTH characters."""
    reason = reason.strip()
    if not reason:
        raise InvalidInputError({"reason": ["Alasan wajib diisi."]})
    if len(reason) > REASON_MAX_LENGTH:
        raise InvalidInputError({"reason": [f"Alasan paling banyak {REASON_MAX_LENGTH} karakter."]})
    return reason
