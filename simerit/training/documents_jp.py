"""The JP compliance workbook: one sheet per unit, one per employee. Names typed by users never
become formulas; NIP is kept as text."""

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter

from simerit.core.spreadsheets.writing import (
    TEXT_FORMAT,
    header_cells,
    safe_row,
    text_cell,
    workbook_bytes,
)
from simerit.employees.models import Employee
from simerit.training.rules import jp as jp_rules
from simerit.training.selectors.jp import UnitCompliance, annotated_jp

UNIT_HEADERS = (
    "Unit kerja",
    "Pegawai",
    "Memenuhi minimum",
    "Persentase (%)",
    "Rata-rata JP",
    "Jumlah JP",
)
UNIT_WIDTHS = (44, 10, 18, 14, 13, 11)
EMPLOYEE_HEADERS = (
    "NIP",
    "Nama",
    "Unit kerja",
    "Jabatan",
    "JP pelatihan",
    "JP eksternal",
    "Jumlah JP",
    "JP minimum",
    "Kekurangan JP",
    "Status",
)
EMPLOYEE_WIDTHS = (22, 34, 36, 30, 12, 12, 11, 11, 13, 18)
STATUS = {True: "Memenuhi", False: "Belum memenuhi"}


def _number(value: Decimal | None) -> float | None:
    """Spreadsheets hold binary floats; one decimal place survives the conversion."""
    return None if value is None else float(value)


def _widths(sheet: Any, widths: Iterable[int]) -> None:
    for index, width in enumerate(widths):
        sheet.column_dimensions[get_column_letter(index + 1)].width = width


def compliance_workbook(*, report: UnitCompliance, employees: Iterable[Employee]) -> bytes:
    """ "Per unit" (the report's rows and their total) and "Per pegawai" (each employee with the
    JP of the report's year, as annotated by selectors.jp.unit_employees)."""
    minimum = report.target.minimum_jp
    workbook = openpyxl.Workbook(write_only=True)
    per_unit = workbook.create_sheet("Per unit")
    _widths(per_unit, UNIT_WIDTHS)
    per_unit.append(header_cells(per_unit, UNIT_HEADERS))
    rows = [*report.rows, *([report.total] if report.total is not None else [])]
    for index, row in enumerate(rows):
        label = "Jumlah" if index == len(report.rows) else row.label
        per_unit.append(
            safe_row(
                per_unit,
                [
                    label,
                    row.employees,
                    row.compliant,
                    _number(row.compliance_percent),
                    _number(row.average_jp),
                    _number(row.total_jp),
                ],
            )
        )
    per_employee = workbook.create_sheet("Per pegawai")
    _widths(per_employee, EMPLOYEE_WIDTHS)
    per_employee.append(header_cells(per_employee, EMPLOYEE_HEADERS))
    for employee in employees:
        total = annotated_jp(employee)
        per_employee.append(
            safe_row(
                per_employee,
                [
                    text_cell(per_employee, employee.nip, number_format=TEXT_FORMAT),
                    employee.display_name,
                    employee.work_unit.name,
                    employee.position.name,
                    _number(employee.jp_classes),  # type: ignore[attr-defined]
                    _number(employee.jp_external),  # type: ignore[attr-defined]
                    _number(total),
                    _number(minimum),
                    _number(jp_rules.shortfall(jp=total, minimum=minimum)),
                    STATUS[jp_rules.is_compliant(jp=total, minimum=minimum)],
                ],
            )
        )
    return workbook_bytes(workbook)
