"""One-time exam PINs (Peraturan BKN 5/2024: the committee gives each participant a PIN after the
identity check). A PIN is valid for one participant, one purpose and one use, until it expires;
only its keyed hash is stored. Issuing a new PIN voids the participant's unused ones.
"""

import datetime as dt
import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import DomainError
from simerit.exams.models import ExamPin, IntegrityEvent, Participant

PIN_DIGITS = 6

PIN_WRONG = "PIN salah, sudah dipakai, atau sudah kedaluwarsa. Mintalah PIN baru kepada pengawas."


def pin_valid_minutes() -> int:
    return int(settings.SIMERIT_EXAM_PIN_VALID_MINUTES)


def hash_pin(*, participant_id: int, purpose: str, pin: str) -> str:
    """Keyed with SECRET_KEY: a database copy alone cannot be brute-forced into PINs."""
    message = f"{participant_id}:{purpose}:{pin}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


@transaction.atomic
def issue_pin(
    *,
    participant: Participant,
    purpose: str,
    actor: User,
    now: dt.datetime | None = None,
    expires_at: dt.datetime | None = None,
) -> str:
    """A fresh PIN for the participant; returns the plain PIN (shown once to the proctor).

    It expires at `expires_at`, by default SIMERIT_EXAM_PIN_VALID_MINUTES after issue.

    The caller checks the proctor's permission and the check-in rules (services/checkin.py).
    """
    now = now or timezone.now()
    pin = f"{secrets.randbelow(10**PIN_DIGITS):0{PIN_DIGITS}d}"
    ExamPin.objects.filter(participant=participant, used_at__isnull=True).update(expires_at=now)
    record = ExamPin.objects.create(
        participant=participant,
        purpose=purpose,
        pin_hash=hash_pin(participant_id=participant.pk, purpose=purpose, pin=pin),
        issued_by=actor,
        issued_at=now,
        expires_at=expires_at or now + dt.timedelta(minutes=pin_valid_minutes()),
    )
    audit.record(
        actor=actor,
        action="exams.pin.issued",
        target=participant,
        changes={"purpose": purpose, "expires_at": record.expires_at},
    )
    return pin


def consume_pin(
    *, participant: Participant, purpose: str, pin: str, now: dt.datetime | None = None
) -> ExamPin:
    """Mark the matching unused, unexpired PIN as used (inside the caller's transaction).

    A wrong, used, expired or other-purpose PIN raises DomainError; the caller logs the refusal
    with log_refused_pin after its transaction is rolled back, so that the log row stays.
    """
    now = now or timezone.now()
    candidate = hash_pin(participant_id=participant.pk, purpose=purpose, pin=pin.strip())
    updated = ExamPin.objects.filter(
        participant=participant,
        purpose=purpose,
        pin_hash=candidate,
        used_at__isnull=True,
        expires_at__gt=now,
    ).update(used_at=now)
    if updated != 1:
        raise DomainError(PIN_WRONG, field="pin")
    return ExamPin.objects.get(participant=participant, pin_hash=candidate, used_at=now)


def log_refused_pin(
    *, participant: Participant, purpose: str, now: dt.datetime | None = None
) -> None:
    """Record a refused PIN for the proctor (never the PIN itself)."""
    IntegrityEvent.objects.create(
        participant=participant,
        attempt=getattr(participant, "attempt", None),
        kind=IntegrityEvent.Kind.PIN_REFUSED,
        detail={"purpose": purpose},
        server_at=now or timezone.now(),
    )
