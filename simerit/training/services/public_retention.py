"""How long registrants' personal data is kept (UU 27/2022 PDP: purpose limitation and retention;
domain reference §11). A visitor consents to the processing of their name, e-mail and phone for
one information session only (forms.public.consent_purpose); once that session has been over for
the retention period, the registration keeps its status, code and times (the counts and the
history stay right) but no longer says who registered.

`anonymise_registrations` is idempotent: a registration already anonymised is not touched again.
Each run writes one audit row with the counts, also when nothing was due.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import InvalidInputError
from simerit.training import permissions
from simerit.training.models import SessionRegistration

RETENTION_SETTING = "SIMERIT_SESSION_REGISTRATION_RETENTION_DAYS"
DEFAULT_RETENTION_DAYS = 90
MAX_RETENTION_DAYS = 3650
# An anonymised registration: no name, no phone, and an address of the reserved ".invalid" domain
# (RFC 2606: never deliverable) made of the row's id only, so that it names nobody and stays
# unique for the session.
ANONYMISED_NAME = "(dianonimkan)"
ANONYMISED_DOMAIN = "anonim.invalid"


def retention_days() -> int:
    """SIMERIT_SESSION_REGISTRATION_RETENTION_DAYS (90 by default)."""
    return int(getattr(settings, RETENTION_SETTING, DEFAULT_RETENTION_DAYS))


@dataclass(frozen=True)
class PurgeRun:
    days: int
    cutoff: dt.datetime
    registrations: int
    sessions: int

    @property
    def summary(self) -> str:
        return (
            f"{self.registrations} pendaftaran dari {self.sessions} sesi dianonimkan (sesi yang "
            f"berakhir lebih dari {self.days} hari lalu)."
        )


def _check_days(days: int) -> int:
    if isinstance(days, bool) or not 0 <= days <= MAX_RETENTION_DAYS:
        raise InvalidInputError(
            {"days": [f"Masa simpan harus antara 0 dan {MAX_RETENTION_DAYS} hari."]}
        )
    return days


@transaction.atomic
def anonymise_registrations(*, days: int | None = None, actor: User | None) -> PurgeRun:
    """Blank the name, e-mail and phone (and the account link) of every registration of a
    session that ended more than `days` (default: retention_days()) days ago. The scheduler runs
    it without an actor; an account doing it must be Admin BKPSDM."""
    if actor is not None and not permissions.is_hr(actor):
        raise PermissionDenied("Hanya Admin BKPSDM yang dapat menganonimkan data pendaftar.")
    days = _check_days(retention_days() if days is None else days)
    now = timezone.now()
    cutoff = now - dt.timedelta(days=days)
    due = SessionRegistration.objects.filter(session__ends_at__lt=cutoff).exclude(
        email__endswith=f"@{ANONYMISED_DOMAIN}"
    )
    sessions = due.order_by().values("session_id").distinct().count()
    count = due.update(
        name=ANONYMISED_NAME,
        phone="",
        email=Concat(
            Value("anonim-"),
            Cast("pk", output_field=CharField()),
            Value(f"@{ANONYMISED_DOMAIN}"),
            output_field=CharField(),
        ),
        user=None,
        updated_at=now,
    )
    run = PurgeRun(days=days, cutoff=cutoff, registrations=count, sessions=sessions)
    audit.record(
        actor=actor,
        action="training.session_registrations.anonymised",
        changes={
            "days": days,
            "cutoff": cutoff,
            "registrations": count,
            "sessions": sessions,
        },
    )
    return run
