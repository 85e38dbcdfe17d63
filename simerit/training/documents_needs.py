"""The workbooks of the needs analysis (per employee and per unit) and of the leadership flags.
Names and unit names are typed by users and never become formulas; NIPs are text cells (Excel
would round an 18-digit number)."""

from typing import Any

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

from simerit.core.spreadsheets.writing import (
    TEXT_FORMAT,
    header_cells,
    safe_row,
    text_cell,
    workbook_bytes,
)
from simerit.training.rules import needs as rules
from simerit.training.selectors.leadership import LeadershipFlag
from simerit.training.selectors.needs import PlanReport

DATE_FORMAT = "DD-MM-YYYY"

EMPLOYEE_HEADERS = (
    "Unit kerja",
    "NIP",
    "Nama",
    "Jabatan",
    "Kode program",
    "Program",
    "Jenis",
    "JP",
    "Alasan",
)
EMPLOYEE_WIDTHS = (36, 22, 32, 30, 14, 40, 24, 8, 90)
UNIT_HEADERS = (
    "Unit kerja",
    "Pegawai dianalisis",
    "Pegawai dengan kebutuhan",
    "Kode program",
    "Program",
    "Jenis",
    "Pegawai",
    "Total JP",
)
UNIT_WIDTHS = (40, 12, 14, 14, 50, 24, 10, 10)
LEADERSHIP_HEADERS = (
    "Unit kerja",
    "NIP",
    "Nama",
    "Jabatan",
    "Jenis jabatan",
    "Pelatihan wajib",
    "TMT jabatan",
    "Batas waktu",
    "Status",
    "Keterangan",
)
LEADERSHIP_WIDTHS = (36, 22, 32, 30, 16, 36, 12, 12, 22, 60)


def _sheet(workbook: Any, title: str, headers: tuple[str, ...], widths: tuple[int, ...]) -> Any:
    sheet = workbook.create_sheet(title)
    for index, width in enumerate(widths):
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    sheet.append(header_cells(sheet, headers))
    return sheet


def needs_workbook(report: PlanReport) -> bytes:
    """Sheet "Per pegawai": one row per proposed programme (its reasons joined) and one per gap
    without a programme; sheet "Per unit": one row per programme of a unit (employees, total JP)
    and per gap without a programme."""
    workbook = openpyxl.Workbook(write_only=True)
    per_employee = _sheet(workbook, "Per pegawai", EMPLOYEE_HEADERS, EMPLOYEE_WIDTHS)
    for row in report.with_needs:
        employee = row.employee
        person = [
            employee.work_unit.name,
            text_cell(per_employee, employee.nip, number_format=TEXT_FORMAT),
            employee.display_name,
            employee.position.name,
        ]
        for proposal in row.needs.proposals:
            programme = proposal.programme
            per_employee.append(
                safe_row(
                    per_employee,
                    [
                        *person,
                        programme.code,
                        programme.name,
                        programme.kind_label,
                        float(programme.jp),
                        "; ".join(proposal.reasons),
                    ],
                )
            )
        for gap in row.needs.unmatched:
            per_employee.append(
                safe_row(
                    per_employee,
                    [*person, None, rules.NO_PROGRAMME.capitalize(), None, None, gap.reason],
                )
            )
    per_unit = _sheet(workbook, "Per unit", UNIT_HEADERS, UNIT_WIDTHS)
    for total in report.totals:
        unit = [total.unit_name, total.employees, total.with_needs]
        for item in total.programmes:
            programme = item.programme
            per_unit.append(
                safe_row(
                    per_unit,
                    [
                        *unit,
                        programme.code,
                        programme.name,
                        programme.kind_label,
                        item.employees,
                        float(item.jp),
                    ],
                )
            )
        for missing in total.unmatched:
            label = f"{rules.NO_PROGRAMME.capitalize()}: {missing.label}"
            per_unit.append(safe_row(per_unit, [*unit, None, label, None, missing.employees, None]))
        if not total.programmes and not total.unmatched:
            per_unit.append(safe_row(per_unit, [*unit, None, None, None, 0, 0.0]))
    return workbook_bytes(workbook)


def _date_cell(sheet: Any, value: Any) -> Any:
    if value is None:
        return None
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = DATE_FORMAT
    return cell


def leadership_workbook(flags: list[LeadershipFlag]) -> bytes:
    """One row per flagged official, the earliest due first."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = _sheet(workbook, "Pelatihan kepemimpinan", LEADERSHIP_HEADERS, LEADERSHIP_WIDTHS)
    for flag in flags:
        employee = flag.employee
        deadline = flag.deadline
        status = (
            f"Terlambat {deadline.days_overdue} hari" if deadline.overdue else "Belum jatuh tempo"
        )
        sheet.append(
            safe_row(
                sheet,
                [
                    employee.work_unit.name,
                    text_cell(sheet, employee.nip, number_format=TEXT_FORMAT),
                    employee.display_name,
                    employee.position.name,
                    flag.position_kind_label,
                    flag.programme_kind_label,
                    _date_cell(sheet, employee.tmt_position),
                    _date_cell(sheet, deadline.due_on),
                    status,
                    "; ".join(flag.notes),
                ],
            )
        )
    return workbook_bytes(workbook)
