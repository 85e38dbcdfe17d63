"""Planning an SKP (PermenPANRB 6/2022 Pasal 5, stage 1: penyusunan dan penetapan SKP): the
employee creates and drafts their own SKP and submits it; the pejabat penilai named on it approves
it or returns it with a note, and writes the ekspektasi khusus pimpinan per BerAKHLAK value.

The results and indicators of a draft are in `services.planning_results`."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import ConflictError, DomainError
from simerit.performance import permissions
from simerit.performance.models import (
    Appraisal,
    BehaviourValue,
    Expectation,
    PerformanceYear,
    Skp,
    WorkResult,
)

Status = Skp.Status

NOTE_MAX_LENGTH = 1000
EXPECTATION_MAX_LENGTH = 1000
OWNER_ONLY = "Hanya pegawai pemilik SKP yang dapat mengubah rencana SKP ini."
EVALUATOR_ONLY = "Hanya pejabat penilai kinerja pada SKP ini yang dapat melakukan tindakan ini."


def locked(skp: Skp) -> Skp:
    """The SKP row again, locked for the rest of the transaction (two tabs, one decision)."""
    return Skp.objects.select_for_update().select_related("year", "employee").get(pk=skp.pk)


def check_year_open(year: PerformanceYear) -> None:
    if year.status == PerformanceYear.Status.CLOSED:
        raise DomainError(f"Periode penilaian kinerja {year.year} sudah ditutup.")


def check_owner_may_edit(skp: Skp, actor: User) -> None:
    """The employee may change the plan while it is a draft or returned, in an open year."""
    if not permissions.is_owner(actor, skp):
        raise PermissionDenied(OWNER_ONLY)
    check_year_open(skp.year)
    if not skp.is_editable:
        raise DomainError(
            f"SKP berstatus {skp.get_status_display().lower()} tidak dapat diubah; hanya draf "
            "atau SKP yang dikembalikan yang dapat diubah."
        )


def main_result_needs_parent(skp: Skp) -> bool:
    """A main result must intervene in the evaluator's result once the evaluator's SKP for the
    same year is approved (before that there is nothing to cascade from yet)."""
    return Skp.objects.filter(
        year_id=skp.year_id, employee_id=skp.evaluator_id, status=Status.APPROVED
    ).exists()


@transaction.atomic
def create_skp(*, year: PerformanceYear, actor: User) -> Skp:
    """Create the actor's own SKP for `year`, with the header copied from their employee record:
    unit, position, pejabat penilai (the supervisor) and the supervisor's supervisor."""
    employee = permissions.employee_of(actor)
    if employee is None:
        raise PermissionDenied("Akun Anda tidak terhubung dengan data pegawai.")
    check_year_open(year)
    supervisor = employee.supervisor
    if supervisor is None:
        raise DomainError(
            "SKP tidak dapat dibuat: Anda belum memiliki atasan langsung sebagai pejabat penilai "
            "kinerja. Hubungi Admin BKPSDM."
        )
    if Skp.objects.filter(year=year, employee=employee).exists():
        raise ConflictError(f"Anda sudah memiliki SKP untuk periode {year.year}.")
    skp = Skp.objects.create(
        year=year,
        employee=employee,
        work_unit_id=employee.work_unit_id,
        position_id=employee.position_id,
        evaluator=supervisor,
        evaluator_superior_id=supervisor.supervisor_id,
    )
    audit.record(
        actor=actor,
        action="performance.skp.created",
        target=skp,
        changes={
            "year": year.year,
            "employee_id": employee.pk,
            "work_unit_id": skp.work_unit_id,
            "position_id": skp.position_id,
            "evaluator_id": skp.evaluator_id,
            "evaluator_superior_id": skp.evaluator_superior_id,
        },
    )
    return skp


def submission_problem(skp: Skp) -> str | None:
    """Why the plan cannot be submitted yet, or None when it is complete."""
    results = list(skp.results.prefetch_related("indicators").order_by("kind", "order"))
    if not any(result.kind == WorkResult.Kind.MAIN for result in results):
        return "SKP belum dapat diajukan: tambahkan paling sedikit satu rencana hasil kerja utama."
    for result in results:
        if not result.indicators.all():
            return (
                f'SKP belum dapat diajukan: RHK "{result.text}" belum memiliki indikator kinerja.'
            )
    if main_result_needs_parent(skp):
        for result in results:
            if result.kind == WorkResult.Kind.MAIN and result.parent_id is None:
                return (
                    f'SKP belum dapat diajukan: RHK utama "{result.text}" belum menyebutkan RHK '
                    "pimpinan yang diintervensi."
                )
    return None


@transaction.atomic
def submit_skp(*, skp: Skp, actor: User) -> Skp:
    """Submit a complete draft (or a returned SKP) to the pejabat penilai."""
    skp = locked(skp)
    check_owner_may_edit(skp, actor)
    problem = submission_problem(skp)
    if problem is not None:
        raise DomainError(problem)
    old_status = skp.status
    skp.status = Status.SUBMITTED
    skp.submitted_at = timezone.now()
    skp.save(update_fields=["status", "submitted_at", "updated_at"])
    audit.record(
        actor=actor,
        action="performance.skp.submitted",
        target=skp,
        changes={"status": [old_status, skp.status]},
    )
    return skp


def _check_evaluator_deciding(skp: Skp, actor: User) -> None:
    if not permissions.is_evaluator(actor, skp):
        raise PermissionDenied(EVALUATOR_ONLY)
    check_year_open(skp.year)
    if skp.status != Status.SUBMITTED:
        raise DomainError(
            "Hanya SKP yang berstatus diajukan yang dapat disetujui atau dikembalikan."
        )


@transaction.atomic
def approve_skp(*, skp: Skp, actor: User) -> Skp:
    """The pejabat penilai approves (menetapkan) the submitted SKP."""
    skp = locked(skp)
    _check_evaluator_deciding(skp, actor)
    skp.status = Status.APPROVED
    skp.approved_at = timezone.now()
    skp.approved_by = actor
    skp.return_note = ""
    skp.save(update_fields=["status", "approved_at", "approved_by", "return_note", "updated_at"])
    audit.record(
        actor=actor,
        action="performance.skp.approved",
        target=skp,
        changes={"status": [Status.SUBMITTED, Status.APPROVED]},
    )
    return skp


@transaction.atomic
def return_skp(*, skp: Skp, note: str, actor: User) -> Skp:
    """The pejabat penilai returns the submitted SKP to the employee with what to correct."""
    skp = locked(skp)
    _check_evaluator_deciding(skp, actor)
    note = note.strip()
    if not note:
        raise DomainError("Catatan pengembalian wajib diisi.", field="note")
    if len(note) > NOTE_MAX_LENGTH:
        raise DomainError(
            f"Catatan pengembalian paling banyak {NOTE_MAX_LENGTH} karakter.", field="note"
        )
    skp.status = Status.RETURNED
    skp.return_note = note
    skp.save(update_fields=["status", "return_note", "updated_at"])
    audit.record(
        actor=actor,
        action="performance.skp.returned",
        target=skp,
        changes={"status": [Status.SUBMITTED, Status.RETURNED], "return_note": note},
    )
    return skp


def _check_expectation_writer(skp: Skp, actor: User) -> None:
    if not permissions.is_evaluator(actor, skp):
        raise PermissionDenied(
            "Hanya pejabat penilai kinerja pada SKP ini yang dapat menulis ekspektasi khusus "
            "pimpinan."
        )
    check_year_open(skp.year)
    if Appraisal.objects.filter(skp=skp).exists():
        raise DomainError("Ekspektasi tidak dapat diubah: SKP ini sudah dinilai.")


@transaction.atomic
def set_expectation(*, skp: Skp, value: BehaviourValue, text: str, actor: User) -> Expectation:
    """Write or rewrite the ekspektasi khusus pimpinan for one BerAKHLAK value."""
    skp = locked(skp)
    _check_expectation_writer(skp, actor)
    text = text.strip()
    if not text:
        raise DomainError("Ekspektasi khusus pimpinan wajib diisi.", field="text")
    if len(text) > EXPECTATION_MAX_LENGTH:
        raise DomainError(
            f"Ekspektasi khusus pimpinan paling banyak {EXPECTATION_MAX_LENGTH} karakter.",
            field="text",
        )
    expectation = Expectation.objects.filter(skp=skp, value=value).first()
    before = expectation.text if expectation else None
    if expectation is None:
        expectation = Expectation.objects.create(skp=skp, value=value, text=text, written_by=actor)
    else:
        expectation.text = text
        expectation.written_by = actor
        expectation.save(update_fields=["text", "written_by", "updated_at"])
    audit.record(
        actor=actor,
        action="performance.expectation.written",
        target=expectation,
        changes={"skp_id": skp.pk, "value": value.code, "text": [before, text]},
    )
    return expectation


@transaction.atomic
def delete_expectation(*, expectation: Expectation, actor: User) -> None:
    skp = locked(expectation.skp)
    _check_expectation_writer(skp, actor)
    audit.record(
        actor=actor,
        action="performance.expectation.deleted",
        target=expectation,
        changes={"skp_id": skp.pk, "value": expectation.value.code, "text": expectation.text},
    )
    expectation.delete()
