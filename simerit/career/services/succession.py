"""Writes of the succession pools (Kelompok Rencana Suksesi; PermenPANRB 3/2020, §8.2): Admin
BKPSDM places an employee in the pool of a managerial position, only from boxes 7–9 at the time,
and removes them with a reason. Each change is audited; a refusal changes nothing."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.career.models import SuccessionCandidate
from simerit.career.permissions import HR_ONLY, OWN_RECORD, can_change_for, is_hr
from simerit.career.rules import talent as rules
from simerit.career.selectors.talent import boxes
from simerit.core.exceptions import DomainError, InvalidInputError
from simerit.employees.models import Employee
from simerit.organization.models import Position

MAX_TEXT = 500
NOT_MANAGERIAL = "Kelompok rencana suksesi hanya untuk jabatan manajerial."
INACTIVE = "Pegawai ini tidak aktif."
HOLDS_POSITION = "{name} sudah menduduki jabatan ini."
ALREADY = "{name} sudah ada dalam kelompok rencana suksesi jabatan ini."
NOT_IN_BOX = (
    "Hanya pegawai di kotak 7, 8 atau 9 yang dapat masuk kelompok rencana suksesi; "
    "{name} berada di kotak {box}."
)
NO_BOX = (
    "Hanya pegawai di kotak 7, 8 atau 9 yang dapat masuk kelompok rencana suksesi; "
    "{name} belum dapat ditempatkan dalam 9-box: {reason}"
)
ALREADY_REMOVED = "Kandidat ini sudah dikeluarkan dari kelompok rencana suksesi."


def _check_writer(actor: User, employee: Employee) -> None:
    if not is_hr(actor):
        raise PermissionDenied(HR_ONLY)
    if not can_change_for(actor, employee):
        raise PermissionDenied(OWN_RECORD)


@transaction.atomic
def add_candidate(
    *, position: Position, employee: Employee, note: str, actor: User
) -> SuccessionCandidate:
    """Place `employee` in the pool of `position`, with their box today (7, 8 or 9)."""
    _check_writer(actor, employee)
    note = note.strip()
    if len(note) > MAX_TEXT:
        raise InvalidInputError({"note": [f"Catatan paling banyak {MAX_TEXT} karakter."]})
    if not position.is_managerial:
        raise DomainError(NOT_MANAGERIAL)
    name = employee.display_name
    if not employee.is_active:
        raise DomainError(INACTIVE)
    if employee.position_id == position.pk:
        raise DomainError(HOLDS_POSITION.format(name=name))
    # Two HR users adding the same person at once: the partial unique constraint is the last
    # word; this lock makes the second one see the first's row.
    Employee.objects.select_for_update().filter(pk=employee.pk).first()
    if SuccessionCandidate.objects.filter(
        position=position, employee=employee, removed_at=None
    ).exists():
        raise DomainError(ALREADY.format(name=name))
    placement = boxes([employee.pk], on=timezone.localdate())[employee.pk]
    if placement.box is None:
        raise DomainError(NO_BOX.format(name=name, reason=placement.reason))
    if placement.box not in rules.SUCCESSION_BOXES:
        raise DomainError(NOT_IN_BOX.format(name=name, box=placement.box))
    candidate = SuccessionCandidate.objects.create(
        position=position, employee=employee, box=placement.box, note=note, added_by=actor
    )
    audit.record(
        actor=actor,
        action="career.succession_candidate.added",
        target=candidate,
        changes={
            "position": position.name,
            "employee": employee.nip,
            "box": placement.box,
            "predikat": placement.predikat,
            "score": placement.score,
            "note": note,
        },
    )
    return candidate


@transaction.atomic
def remove_candidate(
    *, candidate: SuccessionCandidate, reason: str, actor: User
) -> SuccessionCandidate:
    """Take `candidate` out of the pool with a reason; the row stays as history."""
    _check_writer(actor, candidate.employee)
    reason = reason.strip()
    if not reason:
        raise InvalidInputError({"reason": ["Alasan dikeluarkan wajib diisi."]})
    if len(reason) > MAX_TEXT:
        raise InvalidInputError({"reason": [f"Alasan paling banyak {MAX_TEXT} karakter."]})
    locked = SuccessionCandidate.objects.select_for_update().get(pk=candidate.pk)
    if locked.removed_at is not None:
        raise DomainError(ALREADY_REMOVED)
    locked.removed_at = timezone.now()
    locked.removal_reason = reason
    locked.save(update_fields=["removed_at", "removal_reason", "updated_at"])
    audit.record(
        actor=actor,
        action="career.succession_candidate.removed",
        target=locked,
        changes={
            "position": locked.position.name,
            "employee": locked.employee.nip,
            "removed_at": [None, locked.removed_at],
            "removal_reason": ["", reason],
        },
    )
    candidate.removed_at = locked.removed_at
    candidate.removal_reason = reason
    return candidate
