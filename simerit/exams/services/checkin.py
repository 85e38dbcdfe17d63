"""Check-in at the exam room and the one-time PINs that follow it.

Peraturan BKN 5/2024 (tata tertib, domain reference §2.5): the committee checks each
participant's identity, then gives them a PIN; PIN issuance closes `pin_cutoff_minutes` (5)
before the start. A START PIN stays valid until SIMERIT_EXAM_PIN_VALID_MINUTES after the start;
a TAKEOVER PIN (moving to another computer mid-exam) is not bound by the cutoff.

Only a proctor of the participant's sitting (or Admin BKPSDM) may act: checked here too, so the
pages, the API and any other caller behave the same.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import ConflictError, DomainError
from simerit.exams.models import Attempt, ExamPin, Participant
from simerit.exams.permissions import can_proctor
from simerit.exams.services import pins, proctoring
from simerit.exams.services.sittings import pin_closes_at
from simerit.recruitment.models import Application

NOT_PROCTOR = "Anda bukan pengawas sesi ujian peserta ini."


def _local_time(value: dt.datetime) -> str:
    return f"{timezone.localtime(value):%H.%M} WIB"


def _locked(participant: Participant, actor: User) -> Participant:
    """The participant's row, locked for this transaction, after the proctor check."""
    locked = (
        Participant.objects.select_for_update(of=("self",))
        .select_related("sitting", "application")
        .get(pk=participant.pk)
    )
    if not can_proctor(actor, locked.sitting):
        raise PermissionDenied(NOT_PROCTOR)
    return locked


def _attempt_of(participant: Participant) -> Attempt | None:
    return Attempt.objects.filter(participant=participant).first()


@transaction.atomic
def check_in(
    *, participant: Participant, actor: User, now: dt.datetime | None = None
) -> Participant:
    """The proctor has matched the participant's face and e-KTP with the registration photo."""
    now = now or timezone.now()
    participant = _locked(participant, actor)
    if participant.checked_in_at is not None:
        raise ConflictError(
            "Peserta sudah dinyatakan hadir pada "
            f"{_local_time(participant.checked_in_at)}; tidak perlu diperiksa lagi."
        )
    closes_at = pin_closes_at(participant.sitting)
    if now >= closes_at and not _may_replace_start_pin(participant, closes_at=closes_at, now=now):
        raise DomainError(
            f"Pemeriksaan kehadiran sesi {participant.sitting.code} sudah ditutup pukul "
            f"{_local_time(closes_at)} ({participant.sitting.pin_cutoff_minutes} menit sebelum "
            "ujian dimulai)."
        )
    if participant.application.status != Application.Status.MS:
        raise DomainError("Lamaran peserta ini tidak lagi berstatus MS; peserta tidak dapat ujian.")
    participant.checked_in_at = now
    participant.checked_in_by = actor
    participant.save(update_fields=["checked_in_at", "checked_in_by", "updated_at"])
    audit.record(
        actor=actor,
        action="exams.participant.checked_in",
        target=participant,
        changes={"sitting": participant.sitting.code, "checked_in_at": now},
    )
    return participant


def start_pin_expires_at(participant: Participant) -> dt.datetime:
    return participant.sitting.starts_at + dt.timedelta(minutes=pins.pin_valid_minutes())


@transaction.atomic
def issue_start_pin(
    *, participant: Participant, actor: User, now: dt.datetime | None = None
) -> str:
    """A PIN to start the exam: checked in, before the cutoff, not started yet.

    After the cutoff only a replacement is issued: for a participant who got a START PIN in time
    (it was voided after wrong tries, or forgotten) and until that PIN would have expired. A late
    arrival still gets none (Peraturan BKN 5/2024).

    Returns the plain PIN, to be shown once; a new PIN voids the participant's unused ones.
    """
    now = now or timezone.now()
    participant = _locked(participant, actor)
    if participant.checked_in_at is None:
        raise DomainError(
            "Peserta belum dinyatakan hadir: cocokkan identitasnya dengan foto pendaftaran "
            "terlebih dahulu."
        )
    closes_at = pin_closes_at(participant.sitting)
    if now >= closes_at and not _may_replace_start_pin(participant, closes_at=closes_at, now=now):
        raise DomainError(
            f"Penerbitan PIN sesi {participant.sitting.code} sudah ditutup pukul "
            f"{_local_time(closes_at)} ({participant.sitting.pin_cutoff_minutes} menit sebelum "
            "ujian dimulai)."
        )
    if _attempt_of(participant) is not None:
        raise DomainError(
            "Peserta sudah mulai mengerjakan ujian. Bila peserta perlu pindah komputer, "
            "terbitkan PIN pindah komputer."
        )
    return pins.issue_pin(
        participant=participant,
        purpose=ExamPin.Purpose.START,
        actor=actor,
        now=now,
        expires_at=start_pin_expires_at(participant),
    )


def _may_replace_start_pin(
    participant: Participant, *, closes_at: dt.datetime, now: dt.datetime
) -> bool:
    issued_in_time = ExamPin.objects.filter(
        participant=participant, purpose=ExamPin.Purpose.START, issued_at__lt=closes_at
    ).exists()
    return issued_in_time and now < start_pin_expires_at(participant)


@transaction.atomic
def issue_takeover_pin(
    *, participant: Participant, actor: User, reason: str = "", now: dt.datetime | None = None
) -> str:
    """A PIN to continue the running attempt on another computer (the old one is locked out).

    `reason` (optional, e.g. "Komputer 12 mati"): recorded in an audit row
    `exams.attempt.takeover_allowed` next to the `exams.pin.issued` row of services/pins.py.
    """
    now = now or timezone.now()
    reason = clean_takeover_reason(reason)
    participant = _locked(participant, actor)
    attempt = _attempt_of(participant)
    if attempt is None:
        raise DomainError(
            "Peserta belum mulai mengerjakan ujian; terbitkan PIN mulai ujian, bukan PIN pindah "
            "komputer."
        )
    if attempt.status == Attempt.Status.FINISHED:
        raise DomainError(
            "Pengerjaan ujian peserta sudah selesai; tidak ada yang dapat dilanjutkan."
        )
    if attempt.status == Attempt.Status.ACTIVE and attempt.deadline <= now:
        raise DomainError("Waktu ujian peserta sudah habis; tidak ada yang dapat dilanjutkan.")
    pin = pins.issue_pin(
        participant=participant, purpose=ExamPin.Purpose.TAKEOVER, actor=actor, now=now
    )
    if reason:
        audit.record(
            actor=actor,
            action="exams.attempt.takeover_allowed",
            target=attempt,
            changes={"participant": participant.pk, "status": attempt.status, "reason": reason},
        )
    return pin


def clean_takeover_reason(reason: str) -> str:
    """The optional reason, stripped ("" when none); a given one follows the proctor actions'
    rule (proctoring.clean_reason: InvalidInputError, field "reason", when too long)."""
    cleaned = (reason or "").strip()
    return proctoring.clean_reason(cleaned) if cleaned else ""
