"""360 input on behaviour (perilaku kerja; §5.6–5.7): who is asked to rate an SKP, and the
answers.

Raters are proposed by rule (self; the pejabat penilai; peers of the same unit, kind of position
and supervisor; direct reports) and adjusted by Admin BKPSDM; a rater in a conflict of interest
with the employee (a declared relative or the same KK) is never asked. An answer is stored without
the rater's identity (BehaviourResponse); only the assignment points to it, and the audit row of an
answer names the assignment, never the scores.

Answers and rater changes are accepted only while the year's 360 collection is open
(`PerformanceYear.feedback_open`); the aggregates appear only after it (selectors). Nobody acts as
Admin BKPSDM on their own SKP."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.dates import format_date_id
from simerit.core.exceptions import ConflictError, DomainError, InvalidInputError
from simerit.employees.models import Employee
from simerit.performance.models import (
    BehaviourIndicator,
    BehaviourRating,
    BehaviourResponse,
    PerformanceYear,
    RaterAssignment,
    RaterGroup,
    Skp,
)
from simerit.performance.permissions import is_auditor, is_evaluator, is_hr, is_owner
from simerit.performance.selectors import feedback360 as selectors

REASON_MAX_LENGTH = 500
COMMENT_MAX_LENGTH = 2000
NO_ACCOUNT = "Penilai belum memiliki akun SiMerit sehingga tidak dapat mengisi penilaian."
OWN_SKP = "Anda tidak dapat mengatur penilai 360 untuk SKP Anda sendiri."


# --- Who may do what (finer than permissions.visible_skps)


def can_propose_raters(user: User, skp: Skp) -> bool:
    """Admin BKPSDM or the SKP's pejabat penilai, never the SKP's own employee."""
    return (is_hr(user) or is_evaluator(user, skp)) and not is_owner(user, skp)


def can_adjust_raters(user: User, skp: Skp) -> bool:
    """Adding and removing raters: Admin BKPSDM, on someone else's SKP."""
    return is_hr(user) and not is_owner(user, skp)


def can_view_evidence(user: User, skp: Skp) -> bool:
    """The one rule for who reads the aggregated 360 evidence of an SKP, on every page, API and
    document (the 360 tab, the appraisal tab, its PDF): the employee, the pejabat penilai, Admin
    BKPSDM, the Auditor. Not the chain above or Admin OPD. What they read is published only after
    the collection closes (`selectors.evidence_summary`)."""
    return is_owner(user, skp) or is_evaluator(user, skp) or is_hr(user) or is_auditor(user)


def can_view_invitations(user: User, skp: Skp) -> bool:
    """The names of the invited raters and whether they answered (never when, never which answer
    is whose): Admin BKPSDM on someone else's SKP, and the pejabat penilai."""
    return can_adjust_raters(user, skp) or is_evaluator(user, skp)


# --- Proposal by rule


def _candidates(skp: Skp) -> list[tuple[Employee, str]]:
    """The rule's raters in group order; a person found twice keeps the first group."""
    employee = skp.employee
    peers = (
        Employee.objects.active()
        .filter(work_unit=skp.work_unit, position__kind=skp.position.kind, supervisor=skp.evaluator)
        .exclude(pk=employee.pk)
        .order_by("name", "pk")
    )
    subordinates = Employee.objects.active().filter(supervisor=employee).order_by("name", "pk")
    found: list[tuple[Employee, str]] = [
        (employee, RaterGroup.SELF),
        (skp.evaluator, RaterGroup.SUPERVISOR),
        *((peer, RaterGroup.PEER) for peer in peers),
        *((junior, RaterGroup.SUBORDINATE) for junior in subordinates),
    ]
    seen: set[int] = set()
    unique: list[tuple[Employee, str]] = []
    for rater, group in found:
        if rater.pk not in seen:
            seen.add(rater.pk)
            unique.append((rater, group))
    return unique


def feedback_closed_message(year: PerformanceYear) -> str:
    """Why answers and rater changes are refused: the deadline, or HR's early closing."""
    if year.feedback_closed_at is not None:
        closed_on = timezone.localdate(year.feedback_closed_at)
        return (
            f"Pengisian masukan 360 periode {year.year} sudah ditutup oleh Admin BKPSDM pada "
            f"{format_date_id(closed_on)}."
        )
    return (
        f"Pengisian masukan 360 periode {year.year} sudah ditutup "
        f"(batas {format_date_id(year.feedback_closes_on)})."
    )


def _check_window(year: PerformanceYear) -> None:
    if not year.feedback_open(on=timezone.localdate()):
        raise DomainError(feedback_closed_message(year))


def _check_open(skp: Skp) -> None:
    if skp.status != Skp.Status.APPROVED:
        raise DomainError("Penilai 360 hanya dapat ditetapkan untuk SKP yang sudah disetujui.")
    _check_window(skp.year)


@transaction.atomic
def propose_raters(*, skp: Skp, actor: User) -> list[RaterAssignment]:
    """Invite the raters the rule finds that are not yet on the SKP (idempotent: a rater already
    listed, even removed, is left as is). A rater in a conflict of interest or without an account
    is left out, with the reason in the audit row. Returns the new assignments."""
    if is_owner(actor, skp):
        raise PermissionDenied(OWN_SKP)
    if not can_propose_raters(actor, skp):
        raise PermissionDenied(
            "Hanya Admin BKPSDM atau pejabat penilai SKP ini yang dapat mengusulkan penilai."
        )
    _check_open(skp)
    listed = set(RaterAssignment.objects.filter(skp=skp).values_list("rater_id", flat=True))
    missing = [(rater, group) for rater, group in _candidates(skp) if rater.pk not in listed]
    conflicts = selectors.conflict_reasons(
        employee=skp.employee, raters=[rater for rater, group in missing if rater != skp.employee]
    )
    added: list[RaterAssignment] = []
    excluded: list[dict[str, Any]] = []
    for rater, group in missing:
        reason = conflicts.get(rater.pk) or (NO_ACCOUNT if rater.user_id is None else "")
        if reason:
            excluded.append(
                {"rater_id": rater.pk, "rater": rater.name, "group": group, "reason": reason}
            )
            continue
        added.append(
            RaterAssignment(skp=skp, rater=rater, group=group, source=RaterAssignment.Source.RULE)
        )
    RaterAssignment.objects.bulk_create(added)
    audit.record(
        actor=actor,
        action="performance.raters.proposed",
        target=skp,
        changes={
            "added": [
                {"rater_id": item.rater_id, "rater": item.rater.name, "group": item.group}
                for item in added
            ],
            "excluded": excluded,
        },
    )
    return added


# --- Adjustments by Admin BKPSDM


@transaction.atomic
def add_rater(*, skp: Skp, rater: Employee, group: str, actor: User) -> RaterAssignment:
    """Admin BKPSDM asks one more rater; refused for a conflict of interest (the message says
    which), a rater already listed, or a group that does not fit (only the employee rates as
    self)."""
    if not is_hr(actor):
        raise PermissionDenied("Hanya Admin BKPSDM yang dapat menambah penilai.")
    if is_owner(actor, skp):
        raise PermissionDenied(OWN_SKP)
    _check_open(skp)
    if group not in RaterGroup.values:
        raise InvalidInputError({"group": ["Kelompok penilai tidak dikenal."]})
    if (rater.pk == skp.employee_id) != (group == RaterGroup.SELF):
        raise InvalidInputError(
            {"group": ["Kelompok 'Diri sendiri' hanya untuk pegawai pemilik SKP."]}
        )
    if not rater.is_active:
        raise DomainError("Penilai sudah tidak aktif.")
    if rater.user_id is None:
        raise DomainError(NO_ACCOUNT)
    existing = RaterAssignment.objects.filter(skp=skp, rater=rater).first()
    if existing is not None:
        if existing.status == RaterAssignment.Status.REMOVED:
            raise ConflictError(f"{rater.name} pernah dikeluarkan dari daftar penilai SKP ini.")
        raise ConflictError(f"{rater.name} sudah terdaftar sebagai penilai SKP ini.")
    reason = selectors.conflict_reasons(employee=skp.employee, raters=[rater]).get(rater.pk)
    if reason:
        raise DomainError(f"{rater.name} tidak dapat menjadi penilai: {reason}")
    assignment = RaterAssignment.objects.create(
        skp=skp, rater=rater, group=group, source=RaterAssignment.Source.HR, changed_by=actor
    )
    audit.record(
        actor=actor,
        action="performance.rater.added",
        target=assignment,
        changes={"rater_id": rater.pk, "rater": rater.name, "group": group, "source": "hr"},
    )
    return assignment


@transaction.atomic
def remove_rater(*, assignment: RaterAssignment, reason: str, actor: User) -> RaterAssignment:
    """Admin BKPSDM takes a rater off the list with a reason; the row stays (status REMOVED).
    Refused once the rater has answered or the 360 collection is closed."""
    if not is_hr(actor):
        raise PermissionDenied("Hanya Admin BKPSDM yang dapat mengeluarkan penilai.")
    if is_owner(actor, assignment.skp):
        raise PermissionDenied(OWN_SKP)
    _check_window(assignment.skp.year)
    reason = reason.strip()
    if not reason:
        raise InvalidInputError({"reason": ["Alasan mengeluarkan penilai wajib diisi."]})
    if len(reason) > REASON_MAX_LENGTH:
        raise InvalidInputError({"reason": [f"Alasan paling banyak {REASON_MAX_LENGTH} karakter."]})
    locked = RaterAssignment.objects.select_for_update().get(pk=assignment.pk)
    if locked.status == RaterAssignment.Status.ANSWERED:
        raise ConflictError("Penilai yang sudah menjawab tidak dapat dikeluarkan.")
    if locked.status == RaterAssignment.Status.REMOVED:
        raise ConflictError("Penilai ini sudah dikeluarkan.")
    before = locked.status
    locked.status = RaterAssignment.Status.REMOVED
    locked.removed_reason = reason
    locked.changed_by = actor
    locked.save(update_fields=["status", "removed_reason", "changed_by", "updated_at"])
    audit.record(
        actor=actor,
        action="performance.rater.removed",
        target=locked,
        changes={"status": {"before": before, "after": locked.status}, "reason": reason},
    )
    return locked


# --- Answers


def _validate_scores(scores: Mapping[str, int], codes: list[str]) -> dict[str, int]:
    errors: dict[str, list[str]] = {}
    for code in codes:
        score = scores.get(code)
        if score is None:
            errors[code] = ["Nilai wajib diisi."]
        elif isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
            errors[code] = ["Nilai harus bilangan bulat 1 sampai 5."]
    unknown = sorted(set(scores) - set(codes))
    if unknown:
        errors["scores"] = [f"Panduan perilaku tidak dikenal: {', '.join(unknown)}."]
    if errors:
        raise InvalidInputError(errors)
    return {code: scores[code] for code in codes}


@transaction.atomic
def submit_ratings(
    *, assignment: RaterAssignment, scores: Mapping[str, int], comment: str, actor: User
) -> BehaviourResponse:
    """The assigned rater answers once: a score 1–5 for each of the 21 panduan perilaku, while
    the year's 360 collection is open. The answer is stored without the rater; the audit row names the
    assignment and the group, never the scores."""
    if assignment.rater.user_id != actor.pk:
        raise PermissionDenied("Anda bukan penilai yang ditugaskan untuk penilaian ini.")
    locked = (
        RaterAssignment.objects.select_for_update()
        .select_related("skp__year")
        .get(pk=assignment.pk)
    )
    if locked.status == RaterAssignment.Status.ANSWERED:
        raise ConflictError("Penilaian ini sudah Anda kirim; jawaban tidak dapat diubah.")
    if locked.status == RaterAssignment.Status.REMOVED:
        raise ConflictError("Anda sudah dikeluarkan dari daftar penilai SKP ini.")
    skp = locked.skp
    _check_window(skp.year)
    if skp.status != Skp.Status.APPROVED:
        raise DomainError("SKP ini belum disetujui sehingga belum dapat dinilai.")
    comment = comment.strip()
    if len(comment) > COMMENT_MAX_LENGTH:
        raise InvalidInputError(
            {"comment": [f"Catatan paling banyak {COMMENT_MAX_LENGTH} karakter."]}
        )
    indicators = dict(BehaviourIndicator.objects.values_list("code", "pk"))
    valid = _validate_scores(scores, list(indicators))
    response = BehaviourResponse.objects.create(
        skp=skp, group=locked.group, submitted_at=timezone.now(), comment=comment
    )
    BehaviourRating.objects.bulk_create(
        BehaviourRating(response=response, indicator_id=indicators[code], score=score)
        for code, score in valid.items()
    )
    locked.response = response
    locked.status = RaterAssignment.Status.ANSWERED
    locked.save(update_fields=["response", "status", "updated_at"])
    # The rater is the actor, so the row carries no scores and no response id: the audit log,
    # read by more people than the Auditor, must not tie a person to an answer.
    audit.record(
        actor=actor,
        action="performance.rater.answered",
        target=locked,
        changes={"answered": True, "group": locked.group},
    )
    return response
