"""Writes of JP tracking: the compliance export, whose download is written to the audit log (it
holds personal data: names, NIP, JP)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.organization.models import WorkUnit
from simerit.training import documents_jp
from simerit.training.selectors import jp as selectors

DENIED = "Rekap JP hanya untuk Admin BKPSDM, Auditor, Admin OPD dan atasan."


@transaction.atomic
def export_compliance(*, actor: User, year: int, unit: WorkUnit | None) -> bytes:
    """The compliance workbook of `unit` (the account's home unit when None) for `year`: per unit
    and per employee, over the account's dashboard scope only. Audited."""
    access = selectors.dashboard_access(actor)
    if access is None or (unit is not None and not access.may_open(actor, unit)):
        raise PermissionDenied(DENIED)
    node = unit or access.home
    target = selectors.year_target(year)
    report = selectors.unit_compliance(employees=access.employees, target=target, unit=node)
    employees = list(selectors.unit_employees(employees=access.employees, target=target, unit=node))
    content = documents_jp.compliance_workbook(report=report, employees=employees)
    audit.record(
        actor=actor,
        action="training.jp_compliance.exported",
        target=node,
        changes={"year": year, "unit": node.name if node else "", "employees": len(employees)},
    )
    return content
