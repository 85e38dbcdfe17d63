"""Exports of the needs analysis and of the leadership flags: personal data leaving the system,
so each download is checked here (the same rule for the pages, the API and commands) and written
to the audit log.

The workbook is built before the short transaction that writes the audit row: on SQLite a
transaction holds the write lock from its start, and reading a whole organisation should not."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import InvalidInputError
from simerit.organization.models import WorkUnit
from simerit.training import documents_needs as documents
from simerit.training.selectors.leadership import leadership_flags
from simerit.training.selectors.needs import (
    may_read_plan,
    plan_employees,
    plan_report,
    plan_root,
    plan_units,
)

DENIED = "Hanya Admin BKPSDM, Auditor dan Admin OPD yang dapat mengunduh data ini."
UNIT_DENIED = "Unit kerja ini di luar cakupan akun Anda."
MIN_YEAR, MAX_YEAR = 2000, 2100


def _check_reader(actor: User, unit: WorkUnit | None) -> None:
    if not may_read_plan(actor):
        raise PermissionDenied(DENIED)
    if unit is not None and not plan_units(actor).filter(pk=unit.pk).exists():
        raise PermissionDenied(UNIT_DENIED)


def _scope_label(unit: WorkUnit | None, actor: User) -> str:
    scope = unit if unit is not None else plan_root(actor)
    return scope.name if scope is not None else "Seluruh organisasi"


@transaction.atomic
def _record(*, actor: User, action: str, unit: WorkUnit | None, changes: dict[str, object]) -> None:
    audit.record(actor=actor, action=action, target=unit, changes=changes)


def export_needs(*, actor: User, year: int, unit: WorkUnit | None) -> bytes:
    """The needs of the plan of `year` for the employees the actor reads within `unit`, as .xlsx
    (per employee, per unit); audited with the year, the unit and the number of rows."""
    _check_reader(actor, unit)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise InvalidInputError({"tahun": [f"Tahun harus antara {MIN_YEAR} dan {MAX_YEAR}."]})
    report = plan_report(actor, year=year, unit=unit)
    content = documents.needs_workbook(report)
    _record(
        actor=actor,
        action="training.needs_plan.exported",
        unit=unit,
        changes={
            "year": year,
            "scope": _scope_label(unit, actor),
            "employees": len(report.rows),
            "employees_with_needs": len(report.with_needs),
        },
    )
    return content


def export_leadership_flags(
    *, actor: User, unit: WorkUnit | None, overdue_only: bool, today: dt.date
) -> bytes:
    """The leadership flags of the employees the actor reads within `unit`, as .xlsx; audited."""
    _check_reader(actor, unit)
    flags = leadership_flags(
        plan_employees(actor, unit=unit), today=today, overdue_only=overdue_only
    )
    content = documents.leadership_workbook(flags)
    _record(
        actor=actor,
        action="training.leadership_flags.exported",
        unit=unit,
        changes={
            "scope": _scope_label(unit, actor),
            "overdue_only": overdue_only,
            "rows": len(flags),
        },
    )
    return content
