"""Reads of the appraisal and the keberatan (§5.4, §5.7): the keberatan window in local dates, the
status an appraisal effectively has on a day, the keberatan waiting for an atasan, and the
predikat matrix as the decision form shows it."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from simerit.accounts.models import User
from simerit.core.dates import format_date_id
from simerit.performance import permissions, rules
from simerit.performance.models import Appraisal, Objection, Predikat, RaterGroup, Rating, Skp
from simerit.performance.selectors.credit import CreditLine, credit_for
from simerit.performance.selectors.feedback360 import MERGED, evidence_summary
from simerit.performance.services.feedback360 import can_view_evidence


def get_appraisal(skp: Skp) -> Appraisal | None:
    """The SKP's appraisal with what its pages show, or None before the decision."""
    return (
        Appraisal.objects.select_related(
            "decided_by",
            "skp__year",
            "skp__employee",
            "skp__position",
            "skp__evaluator",
            "skp__evaluator_superior",
        )
        .filter(skp=skp)
        .first()
    )


def get_objection(appraisal: Appraisal) -> Objection | None:
    return Objection.objects.select_related("decided_by").filter(appraisal=appraisal).first()


def delivered_on(appraisal: Appraisal) -> dt.date | None:
    """The local day the employee received the result."""
    if appraisal.delivered_at is None:
        return None
    return timezone.localdate(appraisal.delivered_at)


def objection_deadline(appraisal: Appraisal) -> dt.date | None:
    """The last local day a keberatan may be filed: the day of delivery plus the year's
    `objection_days` (PP 30/2019 Pasal 59: within 14 days of receiving the result)."""
    delivered = delivered_on(appraisal)
    if delivered is None:
        return None
    return delivered + dt.timedelta(days=appraisal.skp.year.objection_days)


def objection_window_open(appraisal: Appraisal, *, on: dt.date) -> bool:
    deadline = objection_deadline(appraisal)
    return (
        appraisal.status == Appraisal.Status.DELIVERED and deadline is not None and on <= deadline
    )


def effective_status(appraisal: Appraisal, *, on: dt.date) -> str:
    """The appraisal's status on `on`: a delivered result nobody objected to within the window
    is final even before `performance_finalise` has written it."""
    deadline = objection_deadline(appraisal)
    if appraisal.status == Appraisal.Status.DELIVERED and deadline is not None and on > deadline:
        return Appraisal.Status.FINAL
    return appraisal.status


def objections_waiting(user: User) -> QuerySet[Objection]:
    """Keberatan filed on SKPs where `user` is the atasan pejabat penilai, not yet decided."""
    return (
        Objection.objects.filter(
            status=Objection.Status.FILED,
            appraisal__skp__evaluator_superior__user=user,
        )
        .select_related(
            "appraisal__skp__employee", "appraisal__skp__evaluator", "appraisal__skp__year"
        )
        .order_by("filed_at", "pk")
    )


@dataclass(frozen=True)
class MatrixRow:
    result: str
    cells: list[tuple[str, str]]  # (behaviour label, predikat label)


def predikat_matrix() -> list[MatrixRow]:
    """The §5.4 matrix as rows (hasil kerja, best first) of (perilaku, predikat) cells."""
    order = (Rating.ABOVE, Rating.AS_EXPECTED, Rating.BELOW)
    behaviours = tuple(reversed(order))
    return [
        MatrixRow(
            result=Rating(result).label,
            cells=[
                (
                    Rating(behaviour).label,
                    Predikat(rules.predikat(result=result, behaviour=behaviour)).label,
                )
                for behaviour in behaviours
            ],
        )
        for result in order
    ]


def decimal_id(value: Decimal) -> str:
    """2,40: two decimals with the Indonesian comma."""
    return f"{value:.2f}".replace(".", ",")


# --- The appraisal page


@dataclass(frozen=True)
class EvidenceRow:
    label: str
    answers: int
    mean: str  # "2,40", or "" when withheld
    reason: str


MERGED_LABEL = "Rekan kerja dan bawahan (digabung)"


def evidence_rows(evidence: dict[str, Any]) -> tuple[list[EvidenceRow], str]:
    """The 360 evidence as the page shows it (from EvidenceSummary.as_json(), live or as kept on
    the appraisal): one row per group, and the overall mean ("" when there is none)."""
    labels = {**dict(RaterGroup.choices), MERGED: MERGED_LABEL}
    rows = [
        EvidenceRow(
            label=labels.get(str(item["group"]), str(item["group"])),
            answers=int(item["answers"]),
            mean="" if item["mean"] is None else decimal_id(Decimal(str(item["mean"]))),
            reason=str(item.get("reason") or ""),
        )
        for item in evidence.get("groups", [])
    ]
    overall = evidence.get("overall_mean")
    return rows, "" if overall is None else decimal_id(Decimal(str(overall)))


def may_see_stored_evidence(user: User, skp: Skp, *, objection: Objection | None) -> bool:
    """The 360 evidence kept on the appraisal: whoever may see 360 evidence at all
    (feedback360.can_view_evidence: the employee, the pejabat penilai, Admin BKPSDM, the
    Auditor) and, once a keberatan is filed, the atasan pejabat penilai who decides it on that
    evidence (it is final: no answer is added to it). Never the rest of the chain or Admin OPD."""
    if can_view_evidence(user, skp):
        return True
    return objection is not None and permissions.is_evaluator_superior(user, skp)


def visible_evidence(
    skp: Skp,
    *,
    appraisal: Appraisal | None,
    objection: Objection | None,
    user: User,
    today: dt.date,
) -> dict[str, Any] | None:
    """The evidence `user` may see: the stored one after the decision, the live summary before
    it only once the 360 collection is closed (ADR 0010: never while answers still arrive); None
    when nothing may be shown."""
    if appraisal is not None:
        return (
            appraisal.evidence if may_see_stored_evidence(user, skp, objection=objection) else None
        )
    if skp.year.feedback_open(on=today) or not can_view_evidence(user, skp):
        return None
    return evidence_summary(skp).as_json()


def evidence_note(skp: Skp, *, decided: bool, today: dt.date) -> str:
    """Why the evidence block is not shown."""
    if not decided and skp.year.feedback_open(on=today):
        return (
            "Pengisian masukan 360 masih dibuka sampai "
            f"{format_date_id(skp.year.feedback_closes_on)}; ringkasannya ditampilkan dan menjadi "
            "bukti pertimbangan setelah pengisian ditutup."
        )
    return (
        "Ringkasan masukan 360 hanya ditampilkan kepada pegawai yang dinilai, pejabat penilai, "
        "Admin BKPSDM dan Auditor (serta atasan pejabat penilai bila ada keberatan)."
    )


@dataclass(frozen=True)
class AppraisalPage:
    """What the appraisal tab shows `user` on `today`, and which forms it offers."""

    appraisal: Appraisal | None
    objection: Objection | None
    evidence_shown: bool
    evidence_note: str  # why it is not shown ("" when shown)
    evidence: list[EvidenceRow]
    evidence_mean: str
    margin: str
    status_label: str
    deadline: dt.date | None
    can_decide: bool
    # The pejabat penilai's SKP waits for the 360 collection to close ("" otherwise).
    decide_waiting: str
    can_object: bool
    can_state: bool
    can_decide_objection: bool
    is_auditor: bool
    # The angka kredit of a jabatan fungsional once decided (§5.8; None otherwise).
    credit: CreditLine | None = None


def appraisal_page(skp: Skp, *, user: User, today: dt.date) -> AppraisalPage:
    appraisal = get_appraisal(skp)
    objection = get_objection(appraisal) if appraisal else None
    evidence = visible_evidence(
        skp, appraisal=appraisal, objection=objection, user=user, today=today
    )
    rows, mean = evidence_rows(evidence or {})
    status = effective_status(appraisal, on=today) if appraisal else ""
    open_objection = objection is not None and objection.status == Objection.Status.FILED
    may_decide = (
        appraisal is None
        and permissions.is_evaluator(user, skp)
        and skp.status == Skp.Status.APPROVED
        and skp.year.ratings_open(on=today)
    )
    feedback_open = skp.year.feedback_open(on=today)
    return AppraisalPage(
        appraisal=appraisal,
        objection=objection,
        evidence_shown=evidence is not None,
        evidence_note=""
        if evidence is not None
        else evidence_note(skp, decided=appraisal is not None, today=today),
        evidence=rows,
        evidence_mean=mean,
        margin=decimal_id(skp.year.justification_margin),
        status_label=Appraisal.Status(status).label if status else "Belum dinilai",
        deadline=objection_deadline(appraisal) if appraisal else None,
        can_decide=may_decide and not feedback_open,
        decide_waiting=(
            "Penilaian dapat ditetapkan setelah pengisian masukan 360 ditutup "
            f"({format_date_id(skp.year.feedback_closes_on)})."
            if may_decide and feedback_open
            else ""
        ),
        can_object=appraisal is not None
        and objection is None
        and permissions.is_owner(user, skp)
        and objection_window_open(appraisal, on=today),
        can_state=open_objection
        and (permissions.is_evaluator(user, skp) or permissions.is_owner(user, skp)),
        can_decide_objection=open_objection and permissions.is_evaluator_superior(user, skp),
        is_auditor=permissions.is_auditor(user),
        credit=credit_for(appraisal) if appraisal else None,
    )
