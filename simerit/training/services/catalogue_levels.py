"""Competency levels: what a position requires (standar kompetensi jabatan, kept by Admin BKPSDM)
and what an employee was assessed at (entered by Admin BKPSDM, or by the Admin OPD of the
employee's unit subtree, one by one or by an Excel import). The gap between the two is one source
of the needs analysis (PP 11/2017 Pasal 205–206).

An employee has one level per competency: the latest assessment replaces the earlier one, and the
audit log keeps the history. An assessment older than the one recorded is refused instead of
silently replacing a newer result."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import InvalidInputError
from simerit.employees.models import Employee
from simerit.organization.models import Position
from simerit.training.models import Competency, EmployeeCompetency, PositionCompetency
from simerit.training.rules import catalogue as rules
from simerit.training.selectors.catalogue import assessment_refusal
from simerit.training.services.catalogue import check_hr

SOURCE_MAX_LENGTH = 200


# --- a position's standard


@transaction.atomic
def set_requirement(
    *, position: Position, competency: Competency, required_level: int | None, actor: User
) -> PositionCompetency:
    """Require `competency` at `required_level` of `position` (added, or its level changed)."""
    check_hr(actor)
    problem = rules.level_problem(required_level, what="Level dipersyaratkan")
    if problem or required_level is None:
        raise InvalidInputError({"required_level": [problem or "Level wajib diisi."]})
    requirement = (
        PositionCompetency.objects.select_for_update()
        .filter(position=position, competency=competency)
        .first()
    )
    old_level = requirement.required_level if requirement is not None else None
    if requirement is None:
        requirement = PositionCompetency(position=position, competency=competency)
    elif old_level == required_level:
        return requirement
    requirement.required_level = required_level
    requirement.full_clean(validate_unique=False)  # the row was looked up under lock above
    requirement.save()
    audit.record(
        actor=actor,
        action="training.position_competency.created"
        if old_level is None
        else "training.position_competency.updated",
        target=requirement,
        changes={
            "position": position.name,
            "competency": competency.code,
            "required_level": [old_level, required_level],
        },
    )
    return requirement


@transaction.atomic
def remove_requirement(*, requirement: PositionCompetency, actor: User) -> None:
    check_hr(actor)
    requirement = (
        PositionCompetency.objects.select_for_update()
        .select_related("position", "competency")
        .get(pk=requirement.pk)
    )
    audit.record(
        actor=actor,
        action="training.position_competency.deleted",
        target=requirement,
        changes={
            "position": requirement.position.name,
            "competency": requirement.competency.code,
            "required_level": [requirement.required_level, None],
        },
    )
    requirement.delete()


# --- an employee's assessed levels


@dataclass(frozen=True)
class AssessmentInput:
    competency: Competency
    level: int | None
    assessed_on: dt.date | None
    source: str = ""


def validate_assessment(
    data: AssessmentInput, *, today: dt.date, current: EmployeeCompetency | None
) -> dict[str, list[str]]:
    """Every field's problem, by field name (empty: acceptable); `current` is the level already
    recorded for that employee and competency."""
    problems: dict[str, str | None] = {
        "level": rules.level_problem(data.level),
        "assessed_on": rules.assessed_on_problem(data.assessed_on, today=today),
        "source": (
            f"Sumber paling banyak {SOURCE_MAX_LENGTH} karakter."
            if len(data.source.strip()) > SOURCE_MAX_LENGTH
            else None
        ),
    }
    if problems["assessed_on"] is None and current is not None and data.assessed_on is not None:
        problems["assessed_on"] = rules.older_assessment_problem(
            data.assessed_on, current_on=current.assessed_on, current_level=current.level
        )
    return {name: [message] for name, message in problems.items() if message}


def _snapshot(row: EmployeeCompetency | None) -> dict[str, object]:
    if row is None:
        return {"level": None, "assessed_on": None, "source": None}
    return {"level": row.level, "assessed_on": row.assessed_on, "source": row.source}


def _record(
    *, employee: Employee, data: AssessmentInput, actor: User, today: dt.date
) -> tuple[EmployeeCompetency, bool]:
    """Write one assessment under lock (inside the caller's transaction); True when created."""
    current = (
        EmployeeCompetency.objects.select_for_update()
        .filter(employee=employee, competency=data.competency)
        .first()
    )
    errors = validate_assessment(data, today=today, current=current)
    if errors or data.level is None or data.assessed_on is None:  # None: reported in errors
        raise InvalidInputError(errors)
    before = _snapshot(current)
    row = current or EmployeeCompetency(employee=employee, competency=data.competency)
    row.level = data.level
    row.assessed_on = data.assessed_on
    row.source = data.source.strip()
    row.full_clean(validate_unique=False)  # the row was looked up under lock above
    row.save()
    changes = audit.diff(before, _snapshot(row))
    if changes:
        audit.record(
            actor=actor,
            action="training.employee_competency.created"
            if current is None
            else "training.employee_competency.updated",
            target=row,
            changes={"competency": data.competency.code, **changes},
        )
    return row, current is None


def _check_assessor(actor: User, employee: Employee) -> None:
    """Refuse an account that may not assess the employee, and anyone assessing themselves."""
    refusal = assessment_refusal(actor, employee)
    if refusal is not None:
        raise PermissionDenied(refusal)


@transaction.atomic
def record_assessment(
    *, employee: Employee, data: AssessmentInput, actor: User
) -> EmployeeCompetency:
    """Record an employee's assessed level of one competency (replacing an older assessment)."""
    _check_assessor(actor, employee)
    row, _ = _record(employee=employee, data=data, actor=actor, today=timezone.localdate())
    return row


@dataclass(frozen=True)
class ImportedCounts:
    created: int
    updated: int


@transaction.atomic
def record_assessments(
    *, items: Sequence[tuple[Employee, AssessmentInput]], actor: User
) -> ImportedCounts:
    """Record many assessments, all or none (the import): one audit row per changed level. A row
    refused here (changed by someone else since the file was checked) undoes the whole batch."""
    today = timezone.localdate()
    created = updated = 0
    for employee, data in items:
        _check_assessor(actor, employee)
        _, is_new = _record(employee=employee, data=data, actor=actor, today=today)
        created += is_new
        updated += not is_new
    return ImportedCounts(created=created, updated=updated)


@transaction.atomic
def remove_assessment(*, assessment: EmployeeCompetency, actor: User) -> None:
    """Delete a wrongly entered assessment (the audit log keeps what it said)."""
    assessment = (
        EmployeeCompetency.objects.select_for_update()
        .select_related("employee__work_unit", "competency")
        .get(pk=assessment.pk)
    )
    _check_assessor(actor, assessment.employee)
    audit.record(
        actor=actor,
        action="training.employee_competency.deleted",
        target=assessment,
        changes={"competency": assessment.competency.code, **_snapshot(assessment)},
    )
    assessment.delete()
