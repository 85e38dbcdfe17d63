"""Angka kredit writes: Admin BKPSDM records an employee's opening balance (`CreditOpening`: the
integrated balance, or what remained after the last promotion), never their own; and the audited
Excel export of the angka kredit list. Every change is audited with the values before and after."""

import datetime as dt
from decimal import Decimal
from typing import Any

import openpyxl
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.career import permissions
from simerit.career.models import CreditOpening
from simerit.career.selectors import credit as selectors
from simerit.core.exceptions import DomainError, InvalidInputError
from simerit.core.spreadsheets.writing import (
    TEXT_FORMAT,
    header_cells,
    safe_row,
    text_cell,
    workbook_bytes,
)
from simerit.employees.models import Employee
from simerit.organization.models import WorkUnit

MAX_AMOUNT = Decimal("99999.999")
PLACES = Decimal("0.001")
NOTE_MAX = 500
READ_DENIED = "Anda tidak berwenang melihat daftar angka kredit."
NOT_FUNCTIONAL = (
    "Saldo awal angka kredit hanya dicatat untuk pegawai dalam jabatan fungsional dengan jenjang "
    "yang tercatat."
)


def _amount_problem(amount: Decimal | None) -> str | None:
    if amount is None:
        return "Angka kredit wajib diisi."
    if not amount.is_finite():
        return "Angka kredit harus berupa angka."
    if amount < 0:
        return "Angka kredit tidak boleh negatif."
    if amount > MAX_AMOUNT:
        return "Angka kredit paling besar 99999,999."
    if amount != amount.quantize(PLACES):
        return "Angka kredit paling banyak tiga angka di belakang koma."
    return None


def _as_of_problem(as_of: dt.date | None) -> str | None:
    if as_of is None:
        return "Tanggal saldo awal wajib diisi."
    if as_of > timezone.localdate():
        return "Tanggal saldo awal tidak boleh setelah hari ini."
    return None


def _snapshot(row: CreditOpening) -> dict[str, Any]:
    return {"as_of": row.as_of, "amount": row.amount, "note": row.note}


@transaction.atomic
def record_opening(
    *, employee: Employee, as_of: dt.date | None, amount: Decimal | None, note: str, actor: User
) -> CreditOpening:
    """Create or change the employee's opening balance (one per employee)."""
    if not permissions.is_hr(actor):
        raise PermissionDenied(permissions.HR_ONLY)
    if not permissions.can_change_for(actor, employee):
        raise PermissionDenied(permissions.OWN_RECORD)
    if not selectors.is_functional(employee):
        raise DomainError(NOT_FUNCTIONAL)
    problems = {
        "as_of": _as_of_problem(as_of),
        "amount": _amount_problem(amount),
        "note": None
        if len(note) <= NOTE_MAX
        else f"Keterangan paling panjang {NOTE_MAX} karakter.",
    }
    errors = {name: [message] for name, message in problems.items() if message}
    if errors or as_of is None or amount is None:
        raise InvalidInputError(errors)
    row = CreditOpening.objects.select_for_update().filter(employee=employee).first()
    if row is None:
        row = CreditOpening.objects.create(
            employee=employee, as_of=as_of, amount=amount, note=note.strip(), recorded_by=actor
        )
        audit.record(
            actor=actor,
            action="career.credit_opening.recorded",
            target=row,
            changes=audit.diff({}, _snapshot(row)),
        )
        return row
    before = _snapshot(row)
    row.as_of, row.amount, row.note, row.recorded_by = as_of, amount, note.strip(), actor
    changes = audit.diff(before, _snapshot(row))
    if changes:
        row.save()
        audit.record(
            actor=actor, action="career.credit_opening.changed", target=row, changes=changes
        )
    return row


# --- export --------------------------------------------------------------------------------------

HEADERS = (
    "NIP",
    "Nama",
    "Unit kerja",
    "Jabatan",
    "Jenjang",
    "Saldo awal",
    "Per tanggal",
    "Dari penilaian kinerja",
    "Jumlah angka kredit",
    "Kebutuhan kenaikan pangkat",
    "Kekurangan",
    "Keterangan",
)


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def export_list(*, actor: User, unit: WorkUnit | None, search: str = "") -> bytes:
    """The angka kredit list the account may see, as .xlsx (no NIK); the download is audited."""
    if not permissions.reads_lists(actor):
        raise PermissionDenied(READ_DENIED)
    employees = list(selectors.functional_employees(actor, unit=unit, search=search))
    today = timezone.localdate()
    reports = selectors.reports(employees, on=today)
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Angka kredit")
    sheet.append(header_cells(sheet, HEADERS))
    for employee in employees:
        report = reports[employee.pk]
        standing = report.standing
        opening = report.opening
        sheet.append(
            [
                text_cell(sheet, employee.nip, number_format=TEXT_FORMAT),
                *safe_row(
                    sheet,
                    [
                        employee.display_name,
                        employee.work_unit.name,
                        employee.position.name,
                        report.level_label,
                        _number(opening.amount) if opening else None,
                        f"{opening.as_of:%d/%m/%Y}" if opening else None,
                        _number(standing.earned),
                        _number(standing.accumulated),
                        _number(standing.required),
                        _number(standing.shortfall),
                        standing.message,
                    ],
                ),
            ]
        )
    audit.record(
        actor=actor,
        action="career.credit_list.exported",
        target=unit,
        changes={"on": today, "unit": unit.name if unit else "", "employees": len(employees)},
    )
    return workbook_bytes(workbook)
