"""Reads of the public preparation (information sessions, registrations, reading materials).

The public pages and the public API only ever see PUBLISHED sessions (and a CANCELLED one by its
own page, so that a visitor holding a link learns it was cancelled) and PUBLISHED materials; a
draft is a 404. Seat counts are annotations, one query for a whole list.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Greatest

from simerit.core.dates import format_datetime_wib
from simerit.training.models import InformationSession, ReadingMaterial, SessionRegistration

Status = InformationSession.Status
RegStatus = SessionRegistration.Status

# The registration code: 12 characters from an alphabet without look-alikes (no 0/O, 1/I/L), so
# that it can be read out at the door; 31^12 ≈ 8 × 10^17 codes cannot be walked through.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12
# What of the code an account that may not check it at the door sees: "AB****".
CODE_SHOWN = 2
CODE_MASK = "****"

SESSION_PAST = "Sesi ini sudah berlangsung."
SESSION_CANCELLED = "Sesi ini dibatalkan oleh penyelenggara."
SESSION_NOT_PUBLISHED = "Sesi ini belum dibuka untuk pendaftaran."


def with_counts(sessions: QuerySet[InformationSession]) -> QuerySet[InformationSession]:
    """Each session with `registered_count`, `waitlisted_count` and `seats_left` (never below 0)."""
    return sessions.annotate(
        registered_count=Count(
            "registrations", filter=Q(registrations__status=RegStatus.REGISTERED)
        ),
        waitlisted_count=Count(
            "registrations", filter=Q(registrations__status=RegStatus.WAITLISTED)
        ),
    ).annotate(
        seats_left=Greatest(
            ExpressionWrapper(F("capacity") - F("registered_count"), output_field=IntegerField()),
            Value(0),
        )
    )


def upcoming_sessions(*, now: dt.datetime) -> QuerySet[InformationSession]:
    """Published sessions that have not ended yet, the soonest first."""
    sessions = InformationSession.objects.filter(status=Status.PUBLISHED, ends_at__gt=now)
    return with_counts(sessions).select_related("period").order_by("starts_at", "id")


def get_public_session(*, session_id: int) -> InformationSession:
    """A published or cancelled session with its counts (DoesNotExist for a draft)."""
    sessions = InformationSession.objects.filter(
        status__in=[Status.PUBLISHED, Status.CANCELLED]
    ).select_related("period")
    return with_counts(sessions).get(pk=session_id)


def closed_reason(session: InformationSession, *, now: dt.datetime) -> str:
    """Why the session takes no registration at `now` ("" while it does)."""
    if session.status == Status.CANCELLED:
        return SESSION_CANCELLED
    if session.status != Status.PUBLISHED:
        return SESSION_NOT_PUBLISHED
    if now >= session.ends_at:
        return SESSION_PAST
    if now > session.registration_closes_at:
        return (
            "Pendaftaran sesi ini sudah ditutup pada "
            f"{format_datetime_wib(session.registration_closes_at)}."
        )
    return ""


@dataclass(frozen=True)
class Availability:
    """What the registration form of a session offers now."""

    closed_reason: str  # "" while registration is open
    seats_left: int
    waitlisted_count: int

    @property
    def is_open(self) -> bool:
        return not self.closed_reason

    @property
    def is_full(self) -> bool:
        """No seat for a newcomer: every seat is taken, or others already wait for one."""
        return self.seats_left <= 0 or self.waitlisted_count > 0


def availability(session: InformationSession, *, now: dt.datetime) -> Availability:
    """For a session read through `with_counts`."""
    return Availability(
        closed_reason=closed_reason(session, now=now),
        seats_left=int(session.seats_left),  # type: ignore[attr-defined]
        waitlisted_count=int(session.waitlisted_count),  # type: ignore[attr-defined]
    )


def registered_count(session: InformationSession) -> int:
    return session.registrations.filter(status=RegStatus.REGISTERED).count()


def waitlist(session: InformationSession) -> QuerySet[SessionRegistration]:
    """The waitlist of a session in its order: first come, first promoted."""
    return session.registrations.filter(status=RegStatus.WAITLISTED).order_by("waitlisted_at", "id")


# --- Registrations


def is_code(value: str) -> bool:
    return len(value) == CODE_LENGTH and all(char in CODE_ALPHABET for char in value)


def get_registration(*, code: str) -> SessionRegistration | None:
    """The registration holding `code` (typed in any case), or None."""
    code = code.strip().upper()
    if not is_code(code):
        return None
    return (
        SessionRegistration.objects.select_related("session", "session__period")
        .filter(code=code)
        .first()
    )


def shown_code(code: str, *, full: bool) -> str:
    """The registration code as a staff page, the API or the export shows it: in full to Admin
    BKPSDM (who checks it at the door), else masked to its first characters ("AB****"): the code
    is the registrant's key to cancel, and the Auditor only reads."""
    return code if full else code[:CODE_SHOWN] + CODE_MASK


@dataclass(frozen=True)
class RegistrantRow:
    """A registration on Admin BKPSDM's page, with its code as the account may see it."""

    registration: SessionRegistration
    code: str


def registrant_rows(
    registrations: Iterable[SessionRegistration], *, full_code: bool
) -> list[RegistrantRow]:
    return [
        RegistrantRow(registration, shown_code(registration.code, full=full_code))
        for registration in registrations
    ]


def waitlist_position(registration: SessionRegistration) -> int | None:
    """1 for the first in line; None when the registration is not waiting."""
    if registration.status != RegStatus.WAITLISTED or registration.waitlisted_at is None:
        return None
    ahead = (
        waitlist(registration.session)
        .filter(
            Q(waitlisted_at__lt=registration.waitlisted_at)
            | Q(waitlisted_at=registration.waitlisted_at, id__lt=registration.pk)
        )
        .count()
    )
    return ahead + 1


def can_cancel(registration: SessionRegistration, *, now: dt.datetime) -> bool:
    """The holder of the code may cancel a live registration until the session starts."""
    session = registration.session
    return (
        registration.status != RegStatus.CANCELLED
        and session.status == Status.PUBLISHED
        and now < session.starts_at
    )


# --- Admin BKPSDM's lists


def list_admin_sessions(*, status: str = "", search: str = "") -> QuerySet[InformationSession]:
    sessions = InformationSession.objects.select_related("period")
    if status:
        sessions = sessions.filter(status=status)
    if search:
        sessions = sessions.filter(Q(title__icontains=search) | Q(venue__icontains=search))
    return with_counts(sessions).order_by("-starts_at", "-id")


def get_admin_session(*, session_id: int) -> InformationSession:
    sessions = InformationSession.objects.select_related("period", "created_by")
    return with_counts(sessions).get(pk=session_id)


def list_registrants(
    *, session: InformationSession, status: str = ""
) -> QuerySet[SessionRegistration]:
    """The registrants of a session: seats first, then the waitlist in its order, then the
    cancelled ones."""
    registrations = SessionRegistration.objects.filter(session=session)
    if status:
        registrations = registrations.filter(status=status)
    rank = Case(
        When(status=RegStatus.REGISTERED, then=Value(0)),
        When(status=RegStatus.WAITLISTED, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return registrations.order_by(
        rank, F("waitlisted_at").asc(nulls_first=True), "created_at", "id"
    ).select_related("user")


# --- Reading materials


def published_materials() -> QuerySet[ReadingMaterial]:
    return ReadingMaterial.objects.filter(is_published=True).order_by("position", "title", "id")


def get_published_material(*, material_id: int) -> ReadingMaterial:
    """DoesNotExist for an unpublished material."""
    return published_materials().get(pk=material_id)


def list_materials() -> QuerySet[ReadingMaterial]:
    return ReadingMaterial.objects.select_related("created_by").order_by("position", "title", "id")


def paragraphs(text: str) -> list[str]:
    """Plain text split at blank lines into paragraphs (line breaks inside one are kept)."""
    blocks = text.replace("\r\n", "\n").replace("\r", "\n").split("\n\n")
    return [block.strip() for block in blocks if block.strip()]
