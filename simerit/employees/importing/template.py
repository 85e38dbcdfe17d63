"""The workbook an editor fills in: the header row, instructions and the codes they may use."""

import io
from typing import Any

import openpyxl
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from simerit.accounts.models import User
from simerit.employees import selectors as employee_selectors
from simerit.employees.importing.columns import COLUMNS, HEADERS, TEXT_COLUMNS
from simerit.employees.importing.reading import MAX_BLANK_RUN, MAX_FILE_BYTES, MAX_ROWS, thousands
from simerit.organization import selectors as org_selectors
from simerit.organization.models import Golongan

SHEET_TITLE = "Pegawai"


def template_workbook(*, user: User) -> bytes:
    """The import template: the header row, instructions and the codes the account may use."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    sheet.append(list(HEADERS))
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.cell(row=1, column=index).font = Font(bold=True)
        sheet.column_dimensions[letter].width = max(len(column.name), len(column.example)) + 4
        if column.name in TEXT_COLUMNS:
            sheet.column_dimensions[letter].number_format = "@"
    sheet.freeze_panes = "A2"

    guide = workbook.create_sheet("Petunjuk")
    guide.append(["Kolom", "Wajib", "Keterangan", "Contoh"])
    for column in COLUMNS:
        guide.append(
            [column.name, "ya" if column.required else "tidak", column.description, column.example]
        )
    guide.append([])
    guide.append(
        [
            "Catatan",
            "",
            "Bila satu baris saja bermasalah, tidak ada data yang disimpan; perbaiki baris yang "
            f"dilaporkan lalu unggah ulang. Maksimal {thousands(MAX_ROWS)} baris dan "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB. Jangan sisakan {MAX_BLANK_RUN} baris kosong "
            "atau lebih di antara data.",
        ]
    )
    units = org_selectors.manageable_units(user).order_by("path")
    _reference_sheet(
        workbook, "Kode Unit", ["kode_unit", "nama unit"], [(u.code, u.name) for u in units]
    )
    positions = employee_selectors.list_assignable_positions(user=user)
    _reference_sheet(
        workbook,
        "Jabatan",
        ["jabatan", "kode_unit (kosong: jabatan umum)"],
        [(p.name, p.work_unit.code if p.work_unit else "") for p in positions],
    )
    _reference_sheet(
        workbook,
        "Golongan",
        ["kode_golongan", "pangkat"],
        [(g.code, g.pangkat) for g in Golongan.objects.order_by("rank")],
    )
    return _bytes(workbook)


def _reference_sheet(
    workbook: Any, title: str, header: list[str], rows: list[tuple[str, str]]
) -> None:
    sheet = workbook.create_sheet(title)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 60


def _bytes(workbook: Any) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
