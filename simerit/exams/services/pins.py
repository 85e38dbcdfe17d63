"""One-time exam PINs (Peraturan BKN 5/2024: the committee gives each participant a PIN after the
identity check). A PIN is valid for one participant, one purpose and one use, until it expires;
only its keyed hash is stored. Issuing a new PIN voids the participant's unused ones, and so do
too many wrong PINs (MAX_WRONG_PINS): the participant then asks the proctor for a new one.
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
# Wrong PINs a participant may enter since the proctor last issued one. A 6-digit PIN has 10^6
# values and stays valid for SIMERIT_EXAM_PIN_VALID_MINUTES: without a limit it can be
# enumerated in that window (a remote "joki" taking the attempt over). Five covers honest typos;
# the fifth wrong PIN voids the outstanding ones and only a PIN issued after that counts again.
MAX_WRONG_PINS = 5

PIN_WRONG = "PIN salah, sudah dipakai, atau sudah kedaluwarsa. Mintalah PIN baru kepada pengawas."
PIN_TOO_MANY = "Terlalu banyak PIN salah; mintalah PIN baru kepada pengawas."


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

    A wrong, used, expired or other-purpose PIN raises DomainError having changed nothing; the
    caller logs the refusal with log_refused_pin in a transaction that commits (so that the log
    row stays) and voids the PINs after MAX_WRONG_PINS (services/attempts.py).
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
    *,
    participant: Participant,
    purpose: str,
    now: dt.datetime | None = None,
    reason: str | None = None,
    actor: User | None = None,
) -> None:
    """Record a refused PIN for the proctor (never the PIN itself); `reason` when it was not
    simply a wrong PIN (e.g. "finished", "too_many")."""
    detail = {"purpose": purpose} if reason is None else {"purpose": purpose, "reason": reason}
    IntegrityEvent.objects.create(
        participant=participant,
        attempt=getattr(participant, "attempt", None),
        kind=IntegrityEvent.Kind.PIN_REFUSED,
        detail=detail,
        server_at=now or timezone.now(),
        actor=actor if actor is not None and actor.is_authenticated else None,
    )


def wrong_pins_since_issue(participant: Participant) -> int:
    """Wrong PINs of the participant since the proctor last issued one (all of them when no PIN
    was ever issued). Refusals logged with a `reason` (too early, finished, too many, rate
    limited) were not wrong PINs and do not count."""
    refused = IntegrityEvent.objects.filter(
        participant=participant, kind=IntegrityEvent.Kind.PIN_REFUSED
    ).exclude(detail__has_key="reason")
    last_issued = (
        ExamPin.objects.filter(participant=participant)
        .order_by("-issued_at")
        .values_list("issued_at", flat=True)
        .first()
    )
    if last_issued is not None:
        refused = refused.filter(server_at__gte=last_issued)
    return refused.count()


def void_pins(*, participant: Participant, now: dt.datetime) -> int:
    """Expire the participant's unused PINs now; returns how many were still valid."""
    return ExamPin.objects.filter(
        participant=participant, used_at__isnull=True, expires_at__gt=now
    ).update(expires_at=now)
