"""The pejabat penilai's decision on an SKP (ratings and predikat, §5.4) and the finalisation of
results nobody objected to (§5.7)."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.dates import format_date_id
from simerit.core.exceptions import ConflictError, DomainError
from simerit.employees.models import Employee
from simerit.notifications.services import notify
from simerit.performance import permissions, rules
from simerit.performance.models import Appraisal, Predikat, Rating, Skp
from simerit.performance.selectors.appraisal import (
    decimal_id,
    effective_status,
    objection_deadline,
)
from simerit.performance.selectors.feedback360 import evidence_summary
from simerit.performance.services.training_needs import describe, replace_training_needs

JUSTIFICATION_MAX_LENGTH = 4000
ONCE_MESSAGE = "Penilaian SKP ini sudah ditetapkan; penetapan hanya dilakukan satu kali."


def feedback_open_refusal(skp: Skp) -> str:
    return (
        "Penilaian belum dapat ditetapkan: pengisian masukan 360 masih dibuka sampai "
        f"{format_date_id(skp.year.feedback_closes_on)}; hasilnya menjadi bukti setelah ditutup."
    )


def notify_person(employee: Employee | None, *, skp: Skp, title: str, body: str) -> None:
    """An in-app message (and e-mail after commit) to the account of `employee`, linking the
    SKP's appraisal tab; nothing for someone without an account."""
    if employee is None or employee.user is None:
        return
    notify(
        user=employee.user,
        title=title,
        body=body,
        url=reverse("performance:skp-appraisal", args=[skp.pk]),
    )


def notify_delivered(appraisal: Appraisal, *, calibrated: bool = False) -> None:
    """The employee receives the result: the predikat and the last day of the keberatan."""
    skp = appraisal.skp
    deadline = objection_deadline(appraisal)
    until = format_date_id(deadline) if deadline else "—"
    what = "dikalibrasi oleh Admin BKPSDM" if calibrated else "ditetapkan"
    notify_person(
        skp.employee,
        skp=skp,
        title=f"Hasil penilaian kinerja {skp.year.year}",
        body=(
            f"Hasil penilaian kinerja {skp.year.year} Anda telah {what}: predikat "
            f"{Predikat(appraisal.predikat).label}. Bila tidak sependapat, Anda dapat mengajukan "
            f"keberatan paling lambat {until}."
        ),
    )


def justification_refusal(
    *, behaviour_rating: str, evidence_mean: Decimal | None, margin: Decimal
) -> str | None:
    """Why a decision without justification is refused, with the numbers; None when it may
    stand without one (rules.needs_justification)."""
    rating = Rating(behaviour_rating)
    if evidence_mean is None or not rules.needs_justification(
        decision=rating, evidence_mean=evidence_mean, margin=margin
    ):
        return None
    value = rules.RATING_SCALE_VALUE[rating]
    gap = abs(value - evidence_mean)
    return (
        f"Justifikasi wajib diisi: rating perilaku Anda ({rating.label} = {value}) berbeda "
        f"{decimal_id(gap)} dari rata-rata masukan 360 ({decimal_id(evidence_mean)}), lebih dari "
        f"batas {decimal_id(margin)} yang ditetapkan untuk periode ini. Jelaskan dasar keputusan "
        "Anda."
    )


@transaction.atomic
def decide_appraisal(
    *, skp: Skp, result_rating: str, behaviour_rating: str, justification: str, actor: User
) -> Appraisal:
    """Record the pejabat penilai's ratings and the predikat of the matrix, with the 360 evidence
    they were decided on; the result is delivered to the employee at once (the keberatan window
    starts, and they are notified) and the training needs are recorded. Refused while the 360
    collection is open: its answers become evidence only once it is closed (ADR 0010)."""
    skp = (
        Skp.objects.select_for_update(of=("self",))
        .select_related("year", "evaluator", "employee__user")
        .get(pk=skp.pk)
    )
    if not permissions.is_evaluator(actor, skp):
        raise PermissionDenied("Hanya pejabat penilai kinerja pada SKP ini yang dapat menilai.")
    if skp.status != Skp.Status.APPROVED:
        raise DomainError("SKP belum disetujui; penilaian hanya untuk SKP yang sudah disetujui.")
    if Appraisal.objects.filter(skp=skp).exists():
        raise ConflictError(ONCE_MESSAGE)
    year = skp.year
    today = timezone.localdate()
    if not year.ratings_open(on=today):
        raise DomainError(
            f"Masa penilaian {year.year} sudah ditutup (batas akhir penilaian "
            f"{format_date_id(year.ratings_close_on)}); penilaian tidak dapat ditetapkan lagi."
        )
    if year.feedback_open(on=today):
        raise DomainError(feedback_open_refusal(skp))
    if result_rating not in Rating.values or behaviour_rating not in Rating.values:
        raise DomainError("Pilih rating hasil kerja dan rating perilaku kerja.")
    justification = justification.strip()
    if len(justification) > JUSTIFICATION_MAX_LENGTH:
        raise DomainError(
            f"Justifikasi paling banyak {JUSTIFICATION_MAX_LENGTH} karakter.", field="justification"
        )
    summary = evidence_summary(skp)
    refusal = justification_refusal(
        behaviour_rating=behaviour_rating,
        evidence_mean=summary.overall_mean,
        margin=year.justification_margin,
    )
    if refusal is not None and not justification:
        raise DomainError(refusal, field="justification")
    now = timezone.now()
    predikat = rules.predikat(result=Rating(result_rating), behaviour=Rating(behaviour_rating))
    try:
        with transaction.atomic():
            appraisal = Appraisal.objects.create(
                skp=skp,
                result_rating=result_rating,
                behaviour_rating=behaviour_rating,
                predikat=predikat,
                justification=justification,
                evidence=summary.as_json(),
                status=Appraisal.Status.DELIVERED,
                decided_by=actor,
                decided_at=now,
                delivered_at=now,
            )
    except IntegrityError as error:
        raise ConflictError(ONCE_MESSAGE) from error
    needs = replace_training_needs(appraisal=appraisal)
    audit.record(
        actor=actor,
        action="performance.appraisal.decided",
        target=appraisal,
        changes={
            "result_rating": result_rating,
            "behaviour_rating": behaviour_rating,
            "predikat": predikat.value,
            "justification": justification,
            "evidence_mean": summary.overall_mean,
            "margin": year.justification_margin,
            "status": appraisal.status,
            "training_needs": describe(needs),
            "objection_deadline": objection_deadline(appraisal),
        },
    )
    notify_delivered(appraisal)
    return appraisal


@transaction.atomic
def finalise_expired_appraisals(*, today: dt.date, actor: User | None = None) -> int:
    """Write FINAL on every delivered appraisal whose keberatan window ended before `today`
    without a keberatan; idempotent (a second run finds nothing). Returns how many."""
    count = 0
    delivered = (
        Appraisal.objects.select_for_update(of=("self",))
        .filter(status=Appraisal.Status.DELIVERED)
        .select_related("skp__year")
        .order_by("pk")
    )
    for appraisal in delivered:
        if effective_status(appraisal, on=today) != Appraisal.Status.FINAL:
            continue
        appraisal.status = Appraisal.Status.FINAL
        appraisal.save(update_fields=["status", "updated_at"])
        audit.record(
            actor=actor,
            action="performance.appraisal.finalised",
            target=appraisal,
            changes={
                "status": {"before": Appraisal.Status.DELIVERED, "after": Appraisal.Status.FINAL},
                "reason": "masa keberatan berakhir tanpa keberatan",
            },
        )
        count += 1
    return count
