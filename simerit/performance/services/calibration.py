"""Calibration (the issue's item 4): Admin BKPSDM changes an appraisal's ratings after reviewing
rater bias, with a written reason; the predikat follows from the matrix (§5.4), the training needs
follow the predikat, and the audit row keeps the values before and after. A calibrated result is
a new result for the employee: it is delivered anew, so the keberatan window (PP 30/2019 Pasal 59)
starts again from the calibration, and the employee and the pejabat penilai are notified."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.dates import format_date_id
from simerit.core.exceptions import ConflictError, DomainError
from simerit.performance import permissions, rules
from simerit.performance.models import Appraisal, Objection, PerformanceYear, Predikat, Rating
from simerit.performance.selectors.appraisal import effective_status, objection_deadline
from simerit.performance.services.appraisal import notify_delivered, notify_person
from simerit.performance.services.training_needs import describe, replace_training_needs

MIN_REASON_LENGTH = 20


def _values(appraisal: Appraisal) -> dict[str, str]:
    return {
        "result_rating": appraisal.result_rating,
        "behaviour_rating": appraisal.behaviour_rating,
        "predikat": appraisal.predikat,
    }


def calibrated_message(appraisal: Appraisal) -> str:
    """What the page tells Admin BKPSDM after a calibration."""
    deadline = objection_deadline(appraisal)
    until = format_date_id(deadline) if deadline else "—"
    return (
        f"Penilaian {appraisal.skp.employee.display_name} telah dikalibrasi menjadi predikat "
        f"{Predikat(appraisal.predikat).label} dan disampaikan ulang kepada pegawai; masa "
        f"keberatan dimulai lagi sampai {until}."
    )


@transaction.atomic
def calibrate_appraisal(
    *,
    appraisal: Appraisal,
    result_rating: Rating,
    behaviour_rating: Rating,
    reason: str,
    actor: User,
) -> Appraisal:
    """Set the appraisal's two ratings and the predikat of the matrix, replace the training needs
    and deliver the result anew (delivered_at = now: a fresh keberatan window). Refused (nothing
    changed) for the actor's own appraisal, in a closed year, while a keberatan is pending, after
    one was decided (PP 30/2019 Pasal 59: that decision is final), once the keberatan window ran
    out (the result is final), without a reason of MIN_REASON_LENGTH characters, or when nothing
    would change."""
    if not permissions.is_hr(actor):
        raise PermissionDenied("Hanya Admin BKPSDM yang dapat melakukan kalibrasi penilaian.")
    appraisal = (
        Appraisal.objects.select_for_update(of=("self",))
        .select_related("skp__year", "skp__employee__user", "skp__evaluator__user")
        .get(pk=appraisal.pk)
    )
    skp = appraisal.skp
    if permissions.is_owner(actor, skp):
        raise PermissionDenied(
            "Anda tidak dapat mengkalibrasi penilaian kinerja Anda sendiri; mintalah Admin BKPSDM "
            "lain."
        )
    reason = reason.strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise DomainError(
            f"Tuliskan alasan kalibrasi paling sedikit {MIN_REASON_LENGTH} karakter.",
            field="reason",
        )
    if skp.year.status == PerformanceYear.Status.CLOSED:
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
    today = timezone.localdate()
    if effective_status(appraisal, on=today) == Appraisal.Status.FINAL:
        deadline = objection_deadline(appraisal)
        until = f" (batas {format_date_id(deadline)})" if deadline else ""
        raise ConflictError(
            f"Masa keberatan atas penilaian ini sudah berakhir{until} dan hasilnya final; "
            "hasilnya tidak dapat dikalibrasi."
        )
    result, behaviour = Rating(result_rating), Rating(behaviour_rating)
    old = _values(appraisal)
    before = {
        **old,
        "status": appraisal.status,
        "delivered_at": appraisal.delivered_at,
        "objection_deadline": objection_deadline(appraisal),
    }
    appraisal.result_rating = result
    appraisal.behaviour_rating = behaviour
    appraisal.predikat = rules.predikat(result=result, behaviour=behaviour)
    if _values(appraisal) == old:
        raise DomainError("Rating yang dipilih sama dengan hasil saat ini; tidak ada yang diubah.")
    appraisal.status = Appraisal.Status.DELIVERED
    appraisal.delivered_at = timezone.now()
    appraisal.save(
        update_fields=[
            "result_rating",
            "behaviour_rating",
            "predikat",
            "status",
            "delivered_at",
            "updated_at",
        ]
    )
    needs = replace_training_needs(appraisal=appraisal)
    after = {
        **_values(appraisal),
        "status": appraisal.status,
        "delivered_at": appraisal.delivered_at,
        "objection_deadline": objection_deadline(appraisal),
    }
    audit.record(
        actor=actor,
        action="performance.appraisal.calibrated",
        target=appraisal,
        changes={
            "before": before,
            "after": after,
            "reason": reason,
            "training_needs": describe(needs),
            "delivery": "disampaikan ulang kepada pegawai; masa keberatan dimulai lagi",
        },
    )
    _notify(appraisal, was=Predikat(old["predikat"]))
    return appraisal


def _notify(appraisal: Appraisal, *, was: Predikat) -> None:
    """The employee receives the new result with the new keberatan deadline; the pejabat penilai
    learns that their decision was calibrated."""
    notify_delivered(appraisal, calibrated=True)
    skp = appraisal.skp
    now = Predikat(appraisal.predikat).label
    notify_person(
        skp.evaluator,
        skp=skp,
        title=f"Kalibrasi penilaian kinerja {skp.year.year}: {skp.employee.display_name}",
        body=(
            f"Admin BKPSDM mengkalibrasi penilaian kinerja {skp.year.year} "
            f"{skp.employee.display_name} yang Anda tetapkan: predikat {was.label} menjadi {now}. "
            "Hasilnya disampaikan ulang kepada pegawai."
        ),
    )
