"""Nominations: Admin BKPSDM (anyone) or an Admin OPD (its subtree) nominates an employee for an
award and year with a reason; the yearly Satyalancana proposal nominates every eligible employee
at once; a nomination still open may be withdrawn.

The award's conditions are checked when nominating (selectors/eligibility.py) and kept on the
nomination as they were shown. An employee who does not meet them is refused with every reason,
and nothing is written. A sanction behind a reason is named (case number, decision date) only to
a nominator who may see the case (Admin BKPSDM; not an Admin OPD: `permissions.sees_cases_of`)."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import ConflictError, DomainError, InvalidInputError
from simerit.employees.models import Employee
from simerit.rewards import permissions
from simerit.rewards.models import Award, Grant, Nomination
from simerit.rewards.rules.conditions import refusal
from simerit.rewards.selectors.eligibility import conditions_for
from simerit.rewards.selectors.satyalancana import yearly_list
from simerit.rewards.services.committee import year_error
from simerit.rewards.services.scoring import OPEN_STATUSES

REASON_MAX_LENGTH = 2000
AWARD_INACTIVE = "Penghargaan ini tidak aktif; usulan tidak dapat dibuat."
NOT_OPEN = "Hanya usulan yang belum diputus yang dapat ditarik."


def _facts(nomination: Nomination) -> dict[str, object]:
    return {
        "award": nomination.award.name,
        "employee_nip": nomination.employee.nip,
        "year": nomination.year,
        "reason": nomination.reason,
        "eligibility": nomination.eligibility,
        "status": nomination.status,
    }


def _clean_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise InvalidInputError({"reason": ["Alasan pengusulan wajib diisi."]})
    if len(reason) > REASON_MAX_LENGTH:
        raise InvalidInputError(
            {"reason": [f"Alasan pengusulan paling banyak {REASON_MAX_LENGTH} karakter."]}
        )
    return reason


def _refuse_duplicate(*, award: Award, employee: Employee, year: int) -> None:
    taken = Nomination.objects.filter(award=award, employee=employee, year=year).exclude(
        status=Nomination.Status.WITHDRAWN
    )
    if taken.exists() or Grant.objects.filter(award=award, employee=employee, year=year).exists():
        raise ConflictError(
            f"{employee.display_name} sudah diusulkan untuk {award.name} tahun {year}."
        )


@transaction.atomic
def nominate(
    *, award: Award, employee: Employee, year: int, reason: str, actor: User
) -> Nomination:
    """Nominate `employee` for `award` in `year`; refused with the reasons when a condition of
    the award is not met."""
    problem = permissions.nomination_refusal(actor, employee)
    if problem:
        raise PermissionDenied(problem)
    award = Award.objects.select_for_update().get(pk=award.pk)
    problem = year_error(year)
    if problem:
        raise InvalidInputError({"year": [problem]})
    reason = _clean_reason(reason)
    if not award.is_active:
        raise DomainError(AWARD_INACTIVE)
    _refuse_duplicate(award=award, employee=employee, year=year)
    conditions = conditions_for(award=award, employee=employee, year=year)
    if not all(condition.met for condition in conditions):
        raise DomainError(
            refusal(
                name=employee.display_name,
                award_name=award.name,
                conditions=conditions,
                public=not permissions.sees_cases_of(actor, employee),
            )
        )
    nomination = Nomination.objects.create(
        award=award,
        employee=employee,
        year=year,
        reason=reason,
        eligibility=[condition.as_json() for condition in conditions],
        nominated_by=actor,
    )
    audit.record(
        actor=actor,
        action="rewards.nomination.created",
        target=nomination,
        changes=_facts(nomination),
    )
    return nomination


@dataclass(frozen=True)
class Proposal:
    created: list[Nomination]
    own_skipped: bool


OWN_SKIPPED = (
    "Anda sendiri memenuhi syarat tetapi tidak diusulkan oleh akun Anda; minta Admin BKPSDM "
    "lain mengusulkannya."
)


@transaction.atomic
def propose_satyalancana(*, year: int, actor: User) -> Proposal:
    """A nomination for every employee eligible for a Satyalancana class in `year` who has none
    yet (the yearly proposal to the Keppres; idempotent). Admin BKPSDM only; the actor's own
    record is left for another Admin BKPSDM."""
    if not permissions.is_hr(actor):
        raise PermissionDenied(permissions.HR_ONLY)
    problem = year_error(year)
    if problem:
        raise InvalidInputError({"year": [problem]})
    # Serialise proposals: two at once would race on the one-nomination-per-year constraint.
    list(Award.objects.select_for_update().filter(kind=Award.Kind.SATYALANCANA))
    listing = yearly_list(Employee.objects.all(), year=year)
    created: list[Nomination] = []
    own_skipped = False
    for row in listing.eligible:
        if row.nomination is not None or row.award is None:
            continue
        if permissions.is_own(actor, row.employee):
            own_skipped = True
            continue
        nomination = Nomination.objects.create(
            award=row.award,
            employee=row.employee,
            year=year,
            reason=(
                f"Usulan Satyalancana Karya Satya tahun {year}: masa kerja "
                f"{row.check.service_years} tahun sejak TMT CPNS."
            ),
            eligibility=[condition.as_json() for condition in row.check.conditions],
            nominated_by=actor,
        )
        audit.record(
            actor=actor,
            action="rewards.nomination.created",
            target=nomination,
            changes=_facts(nomination),
        )
        created.append(nomination)
    return Proposal(created=created, own_skipped=own_skipped)


@transaction.atomic
def withdraw_nomination(*, nomination: Nomination, reason: str, actor: User) -> Nomination:
    """Withdraw an open nomination (Admin BKPSDM, or the Admin OPD who made it), with a reason;
    the employee may be nominated again for the same award and year."""
    nomination = (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("award", "employee__work_unit")
        .get(pk=nomination.pk)
    )
    if not permissions.can_withdraw(actor, nomination):
        raise PermissionDenied(permissions.HR_ONLY)
    reason = reason.strip()
    if not reason:
        raise InvalidInputError({"reason": ["Alasan penarikan wajib diisi."]})
    if len(reason) > REASON_MAX_LENGTH:
        raise InvalidInputError(
            {"reason": [f"Alasan penarikan paling banyak {REASON_MAX_LENGTH} karakter."]}
        )
    if nomination.status not in OPEN_STATUSES:
        raise ConflictError(NOT_OPEN)
    old = nomination.status
    nomination.status = Nomination.Status.WITHDRAWN
    nomination.decision_note = reason
    nomination.save(update_fields=["status", "decision_note", "updated_at"])
    audit.record(
        actor=actor,
        action="rewards.nomination.withdrawn",
        target=nomination,
        changes={"status": [old, nomination.status], "reason": reason},
    )
    return nomination
