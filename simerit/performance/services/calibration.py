"""Calibration (the issue's item 4): Admin BKPSDM changes an appraisal's ratings after reviewing
rater bias, with a written reason; the predikat follows from the matrix (§5.4) and the audit row
keeps the values before and after."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import ConflictError, DomainError
from simerit.performance import permissions, rules
from simerit.performance.models import Appraisal, Objection, PerformanceYear, Rating

MIN_REASON_LENGTH = 20


def _values(appraisal: Appraisal) -> dict[str, str]:
    return {
        "result_rating": appraisal.result_rating,
        "behaviour_rating": appraisal.behaviour_rating,
        "predikat": appraisal.predikat,
    }


@transaction.atomic
def calibrate_appraisal(
    *,
    appraisal: Appraisal,
    result_rating: Rating,
    behaviour_rating: Rating,
    reason: str,
    actor: User,
) -> Appraisal:
    """Set the appraisal's two ratings and the predikat of the matrix. Refused (nothing changed)
    in a closed year, while a keberatan is pending and after one was decided (PP 30/2019 Pasal
    59: that decision is final), without a reason of MIN_REASON_LENGTH characters, or when nothing
    would change."""
    if not permissions.is_hr(actor):
        raise PermissionDenied("Hanya Admin BKPSDM yang dapat melakukan kalibrasi penilaian.")
    appraisal = (
        Appraisal.objects.select_for_update().select_related("skp__year").get(pk=appraisal.pk)
    )
    reason = reason.strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise DomainError(
            f"Tuliskan alasan kalibrasi paling sedikit {MIN_REASON_LENGTH} karakter.",
            field="reason",
        )
    if appraisal.skp.year.status == PerformanceYear.Status.CLOSED:
        raise DomainError("Periode penilaian sudah ditutup; hasil penilaian tidak dapat diubah.")
    if appraisal.status == Appraisal.Status.OBJECTED:
        raise ConflictError(
            "Penilaian ini sedang dalam keberatan; kalibrasi menunggu keputusan atasan pejabat "
            "penilai."
        )
    if Objection.objects.filter(appraisal=appraisal).exists():
        raise ConflictError(
            "Keberatan atas penilaian ini sudah diputus dan keputusannya final (PP 30/2019 "
            "Pasal 59); hasilnya tidak dapat dikalibrasi."
        )
    result, behaviour = Rating(result_rating), Rating(behaviour_rating)
    before = _values(appraisal)
    appraisal.result_rating = result
    appraisal.behaviour_rating = behaviour
    appraisal.predikat = rules.predikat(result=result, behaviour=behaviour)
    after = _values(appraisal)
    if after == before:
        raise DomainError("Rating yang dipilih sama dengan hasil saat ini; tidak ada yang diubah.")
    appraisal.save(update_fields=["result_rating", "behaviour_rating", "predikat", "updated_at"])
    audit.record(
        actor=actor,
        action="performance.appraisal.calibrated",
        target=appraisal,
        changes={"before": before, "after": after, "reason": reason},
    )
    return appraisal
