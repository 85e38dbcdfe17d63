"""The capaian kinerja organisasi of a unit (SE MenPANRB 03/2023; §5.5, step 1): the input of the
distribution check. Set by Admin BKPSDM on behalf of the leadership above the unit."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import DomainError
from simerit.organization.models import WorkUnit
from simerit.performance import permissions
from simerit.performance.models import OrganisationPredikat, PerformanceYear, UnitPredikat

NOTE_MAX_LENGTH = 500


@transaction.atomic
def set_unit_predikat(
    *,
    year: PerformanceYear,
    work_unit: WorkUnit,
    predikat: OrganisationPredikat,
    note: str,
    actor: User,
) -> UnitPredikat:
    """Set (or change) the unit's organisation predikat for the year; audited before and after.
    Refused in a closed year and when nothing would change."""
    if not permissions.is_hr(actor):
        raise PermissionDenied("Hanya Admin BKPSDM yang dapat menetapkan predikat kinerja unit.")
    if year.status == PerformanceYear.Status.CLOSED:
        raise DomainError("Periode penilaian sudah ditutup; predikat unit tidak dapat diubah.")
    note = note.strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise DomainError(
            f"Dasar penetapan paling panjang {NOTE_MAX_LENGTH} karakter.", field="note"
        )
    value = OrganisationPredikat(predikat)
    current = (
        UnitPredikat.objects.select_for_update().filter(year=year, work_unit=work_unit).first()
    )
    before = None if current is None else {"predikat": current.predikat, "note": current.note}
    after = {"predikat": value.value, "note": note}
    if before == after:
        raise DomainError("Predikat dan dasar penetapan sama dengan yang tercatat.")
    if current is None:
        current = UnitPredikat(year=year, work_unit=work_unit)
    current.predikat = value
    current.note = note
    current.set_by = actor
    current.full_clean()
    current.save()
    audit.record(
        actor=actor,
        action="performance.unit_predikat.set",
        target=current,
        changes={"before": before, "after": after},
    )
    return current
