"""Export of the sanctions register to Excel (.xlsx): one row per sanction, no NIK. The download
is written to the audit log (it holds personal data: names, NIP, sanctions)."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

import openpyxl
from django.db import transaction
from django.utils import timezone
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.spreadsheets.writing import (
    TEXT_FORMAT,
    header_cells,
    safe_row,
    text_cell,
    workbook_bytes,
)
from simerit.discipline.models import Sanction
from simerit.discipline.selectors import register as selectors
from simerit.discipline.selectors.register import RegisterFilters

HEADERS = (
    "No.",
    "Nomor kasus",
    "NIP",
    "Nama",
    "Unit kerja",
    "Jabatan",
    "Tingkat",
    "Jenis hukuman",
    "Dasar keputusan",
    "Nomor keputusan",
    "Tanggal keputusan",
    "Pejabat yang berwenang menghukum",
    "Berlaku mulai",
    "Berlaku sampai",
    "Potongan TPP (%)",
    "Diterima pegawai",
    "Upaya administratif dalam proses",
    "Status",
)
WIDTHS = (6, 16, 22, 32, 36, 32, 10, 48, 30, 26, 14, 30, 14, 14, 10, 14, 12, 18)
DATE_FORMAT = "DD-MM-YYYY"


def register_workbook(sanctions: Iterable[Sanction], *, on: dt.date) -> bytes:
    """One sheet, one row per sanction in the order given; the status is the one on `on`.

    Pass `selectors.register.list_sanctions(...)` (related rows selected, appeals counted)."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Register hukuman")
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.append(header_cells(sheet, HEADERS))
    for number, sanction in enumerate(sanctions, start=1):
        employee = sanction.employee
        row = [
            number,
            sanction.case.number,
            text_cell(sheet, employee.nip, number_format=TEXT_FORMAT),
            employee.display_name,
            employee.work_unit.name,
            employee.position.name,
            sanction.get_level_display(),
            sanction.get_sanction_type_display(),
            sanction.get_basis_display(),
            sanction.decree_number,
            _date(sheet, sanction.decided_on),
            sanction.official,
            _date(sheet, sanction.starts_on),
            _date(sheet, sanction.ends_on),
            sanction.tpp_cut_percent,
            _date(sheet, sanction.delivered_on),
            getattr(sanction, "pending_appeals", 0),
            selectors.state_of(sanction, on=on),
        ]
        # Decree numbers, names and officials are typed by users: none may become a formula.
        sheet.append(safe_row(sheet, row))
    return workbook_bytes(workbook)


def _date(sheet: Any, value: dt.date | None) -> Any:
    if value is None:
        return ""
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = DATE_FORMAT
    return cell


@transaction.atomic
def export_register(*, actor: User, filters: RegisterFilters) -> bytes:
    """The register as the account sees it with `filters`; the download is audited."""
    today = timezone.localdate()
    sanctions = list(selectors.list_sanctions(user=actor, filters=filters))
    content = register_workbook(sanctions, on=today)
    audit.record(
        actor=actor,
        action="discipline.sanction_register.exported",
        changes={
            "level": filters.level,
            "sanction_type": filters.sanction_type,
            "year": filters.year,
            "running_on": filters.running_on,
            "search": filters.search,
            "rows": len(sanctions),
        },
    )
    return content
