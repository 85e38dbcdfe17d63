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
from simerit.performance import permissions, rules
from simerit.performance.models import Appraisal, Objection, Predikat, RaterGroup, Rating, Skp
from simerit.performance.selectors.feedback360 import MERGED, evidence_summary

# Predikat that produce a training need of their own (the item 8).
WEAK_PREDIKAT = (Predikat.BUTUH_PERBAIKAN, Predikat.KURANG, Predikat.SANGAT_KURANG)


def get_appraisal(skp: Skp) -> Appraisal | None:
    """The SKP's appraisal with what its pages show, or None before the decision."""
    return Appraisal.objects.select_related("decided_by", "skp__year").filter(skp=skp).first()


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


@dataclass(frozen=True)
class AppraisalPage:
    """What the appraisal tab shows `user` on `today`, and which forms it offers."""

    appraisal: Appraisal | None
    objection: Objection | None
    evidence: list[EvidenceRow]
    evidence_mean: str
    margin: str
    status_label: str
    deadline: dt.date | None
    can_decide: bool
    can_object: bool
    can_state: bool
    can_decide_objection: bool
    is_auditor: bool


def appraisal_page(skp: Skp, *, user: User, today: dt.date) -> AppraisalPage:
    appraisal = get_appraisal(skp)
    objection = get_objection(appraisal) if appraisal else None
    rows, mean = evidence_rows(appraisal.evidence if appraisal else evidence_summary(skp).as_json())
    status = effective_status(appraisal, on=today) if appraisal else ""
    open_objection = objection is not None and objection.status == Objection.Status.FILED
    return AppraisalPage(
        appraisal=appraisal,
        objection=objection,
        evidence=rows,
        evidence_mean=mean,
        margin=decimal_id(skp.year.justification_margin),
        status_label=Appraisal.Status(status).label if status else "Belum dinilai",
        deadline=objection_deadline(appraisal) if appraisal else None,
        can_decide=appraisal is None
        and permissions.is_evaluator(user, skp)
        and skp.status == Skp.Status.APPROVED
        and skp.year.ratings_open(on=today),
        can_object=appraisal is not None
        and objection is None
        and permissions.is_owner(user, skp)
        and objection_window_open(appraisal, on=today),
        can_state=open_objection
        and (permissions.is_evaluator(user, skp) or permissions.is_owner(user, skp)),
        can_decide_objection=open_objection and permissions.is_evaluator_superior(user, skp),
        is_auditor=permissions.is_auditor(user),
    )
