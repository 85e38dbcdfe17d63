"""Export of an employee list to Excel (.xlsx). The NIK is masked unless the reader may see it."""

from collections.abc import Iterable
from typing import Any

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

from simerit.accounts.models import User
from simerit.core.spreadsheets.writing import (
    TEXT_FORMAT,
    header_cells,
    safe_row,
    text_cell,
    workbook_bytes,
)
from simerit.employees.models import Employee
from simerit.employees.permissions import can_see_full_nik
from simerit.employees.rules import mask_nik

HEADERS = (
    "No.",
    "NIP / NI PPPK",
    "Nama lengkap",
    "Jenis pegawai",
    "NIK",
    "Tempat lahir",
    "Tanggal lahir",
    "Jenis kelamin",
    "Kode unit",
    "Unit kerja",
    "Jabatan",
    "Golongan",
    "Pangkat",
    "TMT CPNS / TMT PPPK",
    "TMT PNS",
    "Status",
)
WIDTHS = (6, 22, 36, 14, 20, 18, 14, 14, 16, 40, 36, 10, 26, 18, 14, 12)
DATE_FORMAT = "DD-MM-YYYY"


def employees_workbook(employees: Iterable[Employee], *, user: User) -> bytes:
    """One sheet, one row per employee, in the order given.

    Pass a queryset with work_unit, position and golongan selected to keep it to one query.
    """
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Pegawai")
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    sheet.freeze_panes = "A2"
    sheet.append(header_cells(sheet, HEADERS))
    for number, employee in enumerate(employees, start=1):
        nik = employee.nik if can_see_full_nik(user, employee) else mask_nik(employee.nik)
        row = [
            number,
            text_cell(sheet, employee.nip, number_format=TEXT_FORMAT),
            employee.display_name,
            employee.get_kind_display(),
            text_cell(sheet, nik, number_format=TEXT_FORMAT),
            employee.birth_place,
            _date(sheet, employee.birth_date),
            employee.get_gender_display(),
            employee.work_unit.code,
            employee.work_unit.name,
            employee.position.name,
            employee.golongan.code if employee.golongan else "",
            employee.golongan.pangkat if employee.golongan else "",
            _date(sheet, employee.tmt_cpns),
            _date(sheet, employee.tmt_pns),
            "Aktif" if employee.is_active else "Tidak aktif",
        ]
        # Names, places and unit names are typed by users: none may become a formula.
        sheet.append(safe_row(sheet, row))
    return workbook_bytes(workbook)


def _date(sheet: Any, value: Any) -> Any:
    if value is None:
        return ""
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = DATE_FORMAT
    return cell
