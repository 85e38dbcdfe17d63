"""Exam sittings (sesi ujian): creating them, their proctors, and one participant's seat,
accommodation and removal. Placing MS applicants in the sittings is services/placement.py;
its names are re-exported here (callers import them from either module).
"""

import datetime as dt
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import ConflictError, DomainError, InvalidInputError
from simerit.core.roles import Role
from simerit.exams.models import (
    Attempt,
    Blueprint,
    ExamPin,
    IntegrityEvent,
    Participant,
    Sitting,
    SittingProctor,
)
from simerit.exams.services.placement import (
    NOT_SIMERIT,
    TRYOUT_HAS_NO_SITTINGS,
    PlacementReport,
    PlacementRow,
    assign_participants,
    check_blueprint_takes_sittings,
    unplaced_applications,
)

# The public names, with those of services/placement.py (still importable from here).
__all__ = [
    "MAX_NOTE_LENGTH",
    "MAX_PIN_CUTOFF_MINUTES",
    "NOT_SIMERIT",
    "TRYOUT_HAS_NO_SITTINGS",
    "PlacementReport",
    "PlacementRow",
    "SittingInput",
    "assign_participants",
    "assign_proctor",
    "check_blueprint_takes_sittings",
    "create_sitting",
    "has_started",
    "move_participant",
    "pin_closes_at",
    "remove_participant",
    "remove_proctor",
    "set_accommodation",
    "unplaced_applications",
    "update_sitting",
]

MAX_PIN_CUTOFF_MINUTES = 120
MAX_NOTE_LENGTH = 300  # Participant.accommodation_note


@dataclass(frozen=True)
class SittingInput:
    code: str
    starts_at: dt.datetime
    site: str
    room: str
    capacity: int
    is_accessible: bool = False
    pin_cutoff_minutes: int = 5


# --- sittings


@transaction.atomic
def create_sitting(
    *, blueprint: Blueprint, data: SittingInput, actor: User, now: dt.datetime | None = None
) -> Sitting:
    """A new sitting of a SiMerit-run blueprint, with a fresh public scoreboard key."""
    now = now or timezone.now()
    check_blueprint_takes_sittings(blueprint)
    _validate(data, sitting=None, now=now)
    sitting = Sitting.objects.create(
        blueprint=blueprint,
        code=data.code.strip(),
        starts_at=data.starts_at,
        site=data.site.strip(),
        room=data.room.strip(),
        capacity=data.capacity,
        is_accessible=data.is_accessible,
        pin_cutoff_minutes=data.pin_cutoff_minutes,
        scoreboard_key=secrets.token_urlsafe(16),
    )
    audit.record(
        actor=actor,
        action="exams.sitting.created",
        target=sitting,
        changes={"blueprint_id": blueprint.pk, **_fields(sitting)},
    )
    return sitting


@transaction.atomic
def update_sitting(
    *, sitting: Sitting, data: SittingInput, actor: User, now: dt.datetime | None = None
) -> Sitting:
    """Change a sitting that no participant has started; its seats must still fit."""
    now = now or timezone.now()
    sitting = Sitting.objects.select_for_update().get(pk=sitting.pk)
    if Attempt.objects.filter(participant__sitting=sitting).exists():
        raise DomainError("Sesi yang sudah dimulai peserta tidak dapat diubah.")
    _validate(data, sitting=sitting, now=now)
    before = _fields(sitting)
    sitting.code = data.code.strip()
    sitting.starts_at = data.starts_at
    sitting.site = data.site.strip()
    sitting.room = data.room.strip()
    sitting.capacity = data.capacity
    sitting.is_accessible = data.is_accessible
    sitting.pin_cutoff_minutes = data.pin_cutoff_minutes
    changes = audit.diff(before, _fields(sitting))
    if changes:
        sitting.save()
        audit.record(actor=actor, action="exams.sitting.updated", target=sitting, changes=changes)
    return sitting


def _validate(data: SittingInput, *, sitting: Sitting | None, now: dt.datetime) -> None:
    errors: dict[str, list[str]] = {}
    code = data.code.strip()
    for field, value in (("code", code), ("site", data.site), ("room", data.room)):
        if not value.strip():
            errors[field] = ["Wajib diisi."]
    if data.capacity < 1:
        errors["capacity"] = ["Kapasitas paling sedikit 1 peserta."]
    if not 0 <= data.pin_cutoff_minutes <= MAX_PIN_CUTOFF_MINUTES:
        errors["pin_cutoff_minutes"] = [f"Isi 0 sampai {MAX_PIN_CUTOFF_MINUTES} menit."]
    starts_changed = sitting is None or sitting.starts_at != data.starts_at
    if starts_changed and data.starts_at <= now:
        errors["starts_at"] = ["Waktu mulai sesi harus di masa mendatang."]
    if sitting is not None:
        errors.update(_seat_errors(sitting, data))
    if errors:
        raise InvalidInputError(errors)
    duplicate = Sitting.objects.filter(code=code)
    if sitting is not None:
        duplicate = duplicate.exclude(pk=sitting.pk)
    if duplicate.exists():
        raise ConflictError(f"Kode sesi {code} sudah dipakai sesi lain.", field="code")


def _seat_errors(sitting: Sitting, data: SittingInput) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    participants = Participant.objects.filter(sitting=sitting)
    highest_seat = participants.aggregate(top=Max("seat_number"))["top"] or 0
    if data.capacity < highest_seat:
        errors["capacity"] = [
            f"Kapasitas paling sedikit {highest_seat}: kursi nomor {highest_seat} sudah terisi."
        ]
    if sitting.is_accessible and not data.is_accessible:
        disabled = participants.filter(application__applicant__is_disabled=True).count()
        if disabled:
            errors["is_accessible"] = [
                f"Sesi ini berisi {disabled} peserta penyandang disabilitas; pindahkan mereka ke "
                "sesi ramah disabilitas lain terlebih dahulu."
            ]
    return errors


def _fields(sitting: Sitting) -> dict[str, object]:
    return {
        "code": sitting.code,
        "starts_at": sitting.starts_at,
        "site": sitting.site,
        "room": sitting.room,
        "capacity": sitting.capacity,
        "is_accessible": sitting.is_accessible,
        "pin_cutoff_minutes": sitting.pin_cutoff_minutes,
    }


# --- proctors


@transaction.atomic
def assign_proctor(*, sitting: Sitting, user: User, actor: User) -> SittingProctor:
    """Give a Pengawas Ujian account this sitting; they see and act on it from then on."""
    if not user.is_active or not user.has_role(Role.PENGAWAS_UJIAN):
        raise DomainError(
            "Hanya akun aktif berperan Pengawas Ujian yang dapat ditugaskan mengawasi sesi.",
            field="user",
        )
    if SittingProctor.objects.filter(sitting=sitting, user=user).exists():
        raise ConflictError(
            f"{user.full_name or user.username} sudah menjadi pengawas sesi {sitting.code}.",
            field="user",
        )
    assignment = SittingProctor.objects.create(sitting=sitting, user=user)
    audit.record(
        actor=actor,
        action="exams.proctor.assigned",
        target=sitting,
        changes={"user_id": user.pk, "username": user.username},
    )
    return assignment


@transaction.atomic
def remove_proctor(*, sitting: Sitting, user: User, actor: User) -> None:
    deleted, _ = SittingProctor.objects.filter(sitting=sitting, user=user).delete()
    if not deleted:
        raise DomainError(f"Akun ini bukan pengawas sesi {sitting.code}.", field="user")
    audit.record(
        actor=actor,
        action="exams.proctor.removed",
        target=sitting,
        changes={"user_id": user.pk, "username": user.username},
    )


# --- one participant


def has_started(participant: Participant) -> bool:
    return Attempt.objects.filter(participant=participant).exists()


def pin_closes_at(sitting: Sitting) -> dt.datetime:
    """Check-in and start PINs close this long before the start (Peraturan BKN 5/2024: 5 min)."""
    return sitting.starts_at - dt.timedelta(minutes=sitting.pin_cutoff_minutes)


@transaction.atomic
def move_participant(
    *, participant: Participant, sitting: Sitting, actor: User, now: dt.datetime | None = None
) -> Participant:
    """Seat the participant in another sitting of the same blueprint, before they start.

    The check-in of the old room does not carry over, and unused PINs are voided.
    """
    now = now or timezone.now()
    target = Sitting.objects.select_for_update().get(pk=sitting.pk)
    participant = Participant.objects.select_related("sitting", "application__applicant").get(
        pk=participant.pk
    )
    _refuse_started(participant, "dipindah")
    if target.pk == participant.sitting_id:
        raise DomainError(f"Peserta sudah berada di sesi {target.code}.", field="sitting")
    if target.blueprint_id != participant.blueprint_id:
        raise DomainError(
            "Peserta hanya dapat dipindah ke sesi lain dari kisi-kisi yang sama.", field="sitting"
        )
    if now >= pin_closes_at(target):
        raise DomainError(
            f"Sesi {target.code} sudah menutup pemeriksaan kehadiran; peserta tidak dapat "
            "dipindah ke sana.",
            field="sitting",
        )
    if participant.application.applicant.is_disabled and not target.is_accessible:
        raise DomainError(
            "Peserta penyandang disabilitas hanya dapat dipindah ke sesi ramah disabilitas.",
            field="sitting",
        )
    seat = _lowest_free_seat(target)
    before = {"sitting": participant.sitting.code, "seat_number": participant.seat_number}
    participant.sitting = target
    participant.seat_number = seat
    participant.checked_in_at = None
    participant.checked_in_by = None
    participant.save(
        update_fields=["sitting", "seat_number", "checked_in_at", "checked_in_by", "updated_at"]
    )
    ExamPin.objects.filter(participant=participant, used_at__isnull=True).update(expires_at=now)
    audit.record(
        actor=actor,
        action="exams.participant.moved",
        target=participant,
        changes=audit.diff(before, {"sitting": target.code, "seat_number": seat}),
    )
    return participant


def _lowest_free_seat(sitting: Sitting) -> int:
    taken = set(Participant.objects.filter(sitting=sitting).values_list("seat_number", flat=True))
    for seat in range(1, sitting.capacity + 1):
        if seat not in taken:
            return seat
    raise DomainError(
        f"Sesi {sitting.code} sudah penuh (kapasitas {sitting.capacity}).", field="sitting"
    )


@transaction.atomic
def set_accommodation(
    *, participant: Participant, extra_minutes: int, note: str, actor: User
) -> Participant:
    """Extra time and its reason (e.g. 30 minutes for tunanetra: SKD 130 instead of 100).

    Only before the start: the deadline is fixed when the attempt starts (a proctor's extension
    covers what happens afterwards).
    """
    participant = Participant.objects.select_related("blueprint").get(pk=participant.pk)
    _refuse_started(participant, "diubah akomodasinya")
    note = note.strip()
    duration = participant.blueprint.duration_minutes
    errors: dict[str, list[str]] = {}
    if not 0 <= extra_minutes <= duration:
        errors["extra_minutes"] = [f"Isi 0 sampai {duration} menit (durasi ujian)."]
    if extra_minutes and not note:
        errors["note"] = ["Tuliskan alasan tambahan waktu, mis. peserta tunanetra."]
    if len(note) > MAX_NOTE_LENGTH:
        errors["note"] = [f"Paling banyak {MAX_NOTE_LENGTH} karakter."]
    if errors:
        raise InvalidInputError(errors)
    before = {"extra_minutes": participant.extra_minutes, "note": participant.accommodation_note}
    changes = audit.diff(before, {"extra_minutes": extra_minutes, "note": note})
    if changes:
        participant.extra_minutes = extra_minutes
        participant.accommodation_note = note
        participant.save(update_fields=["extra_minutes", "accommodation_note", "updated_at"])
        audit.record(
            actor=actor,
            action="exams.participant.accommodation_changed",
            target=participant,
            changes=changes,
        )
    return participant


@transaction.atomic
def remove_participant(*, participant: Participant, actor: User) -> None:
    """Take the participant out of the blueprint before they start (a later run may seat them)."""
    participant = Participant.objects.select_related("sitting", "application").get(
        pk=participant.pk
    )
    _refuse_started(participant, "dikeluarkan")
    if IntegrityEvent.objects.filter(participant=participant).exists():
        raise DomainError(
            "Peserta sudah memiliki catatan integritas (mis. PIN ditolak); catatan itu harus "
            "tetap ada, sehingga peserta tidak dapat dikeluarkan. Pindahkan ke sesi lain bila perlu."
        )
    audit.record(
        actor=actor,
        action="exams.participant.removed",
        target=participant,
        changes={
            "registration_number": participant.application.registration_number,
            "sitting": participant.sitting.code,
            "seat_number": participant.seat_number,
        },
    )
    participant.delete()


def _refuse_started(participant: Participant, verb: str) -> None:
    if has_started(participant):
        raise DomainError(f"Peserta sudah mulai mengerjakan ujian; tidak dapat {verb}.")
