"""Who may still be put on a class, and where a placed enrolment lands (a seat or the waitlist).

No ORM here: the services and the enrolment panel pass the facts in. The seat rule is the class
capacity (domain reference §6: a class has a capacity and a waitlist); the rest are this
instansi's own procedure for registering for a class."""

import datetime as dt
from dataclasses import dataclass

from simerit.core.dates import format_date_id

OPEN_STATUS = "open"
# A pending request may still be decided, and a waitlisted one promoted, while the class is one of
# these (enrolment open or closed by HR, not yet completed or cancelled).
RUNNING_STATUSES = frozenset({"open", "closed"})
# Completed or not-completed participations are history and are never cancelled.
CANCELLABLE_STATUSES = frozenset({"pending", "enrolled", "waitlisted"})


@dataclass(frozen=True)
class ClassFacts:
    status: str
    starts_on: dt.date
    enrolment_closes_on: dt.date
    # The materialised path of the unit the class is reserved for, or None (every unit).
    unit_path: str | None
    unit_name: str


@dataclass(frozen=True)
class CandidateFacts:
    is_active: bool
    unit_path: str
    has_live_enrolment: bool
    # True when the account acting is the candidate (messages say "Anda").
    is_self: bool


def class_refusal(facts: ClassFacts, *, today: dt.date) -> str | None:
    """Why the class takes no new enrolment today, or None when it does."""
    if facts.status != OPEN_STATUS:
        return "Kelas ini tidak sedang membuka pendaftaran."
    # A request made on or after the first day could never be approved (approve_enrolment).
    if today >= facts.starts_on:
        return "Kelas ini sudah dimulai; pendaftaran tidak dapat diajukan lagi."
    if today > facts.enrolment_closes_on:
        closed = format_date_id(facts.enrolment_closes_on)
        return f"Pendaftaran kelas ini sudah ditutup pada {closed}."
    return None


def enrolment_refusal(
    klass: ClassFacts, candidate: CandidateFacts, *, today: dt.date
) -> str | None:
    """Why the candidate may not be placed on the class today, or None when they may."""
    if not candidate.is_active:
        if candidate.is_self:
            return "Data kepegawaian Anda tidak aktif; pendaftaran pelatihan tidak dapat diajukan."
        return "Pegawai ini tidak aktif dan tidak dapat didaftarkan."
    if candidate.has_live_enrolment:
        if candidate.is_self:
            return "Anda sudah terdaftar/mengajukan kelas ini."
        return "Pegawai ini sudah terdaftar/diajukan di kelas ini."
    refusal = class_refusal(klass, today=today)
    if refusal is not None:
        return refusal
    if klass.unit_path is not None and not candidate.unit_path.startswith(klass.unit_path):
        return f"Kelas ini khusus untuk pegawai {klass.unit_name}."
    return None


def has_free_seat(*, capacity: int, seats_taken: int) -> bool:
    """A seat is free while the seat holders are fewer than the capacity."""
    return seats_taken < capacity


def seats_left(*, capacity: int, seats_taken: int) -> int:
    """Free seats, never negative (the capacity may have been lowered below the holders)."""
    return max(capacity - seats_taken, 0)


def may_cancel_own(*, status: str, starts_on: dt.date, today: dt.date) -> bool:
    """An employee withdraws their own request or seat only before the class starts."""
    return status in CANCELLABLE_STATUSES and today < starts_on


def waitlist_message(position: int) -> str:
    return f"Kelas sudah penuh; peserta masuk daftar tunggu pada urutan ke-{position}."
