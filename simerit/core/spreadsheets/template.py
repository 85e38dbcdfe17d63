"""The import template: the header row to fill in, a "Petunjuk" sheet, then reference sheets."""

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

import openpyxl
from openpyxl.utils import get_column_letter

from simerit.core.spreadsheets.writing import TEXT_FORMAT, header_cells, workbook_bytes


@dataclass(frozen=True)
class Column:
    """One column of an import template."""

    name: str
    field: str  # the service input field whose errors land in this column; "" for none
    required: bool
    description: str
    example: str


@dataclass(frozen=True)
class ReferenceSheet:
    """A sheet of a template listing the codes its user may type, e.g. the units they manage."""

    title: str
    header: tuple[str, str]
    rows: Sequence[tuple[str, str]]


def unit_sheets(
    *, units: Iterable[tuple[str, str]], positions: Iterable[tuple[str, str]]
) -> list[ReferenceSheet]:
    """The "Kode Unit" and "Jabatan" sheets of a template whose rows name a unit and a position.

    `units` are (code, name); `positions` are (name, code of its unit or "" for a general one).
    """
    return [
        ReferenceSheet("Kode Unit", ("kode_unit", "nama unit"), list(units)),
        ReferenceSheet("Jabatan", ("jabatan", "kode_unit (kosong: jabatan umum)"), list(positions)),
    ]


def template_workbook(
    *,
    title: str,
    columns: Sequence[Column],
    text_columns: Collection[str],
    note: str,
    references: Sequence[ReferenceSheet],
) -> bytes:
    """An import template: the header row to fill in, a "Petunjuk" sheet, then the references.

    The columns in `text_columns` are formatted as text, so that Excel keeps a typed NIP whole.
    """
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(header_cells(sheet, (column.name for column in columns)))
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(len(column.name), len(column.example)) + 4
        if column.name in text_columns:
            sheet.column_dimensions[letter].number_format = TEXT_FORMAT
    sheet.freeze_panes = "A2"

    guide = workbook.create_sheet("Petunjuk")
    guide.append(["Kolom", "Wajib", "Keterangan", "Contoh"])
    for column in columns:
        guide.append(
            [column.name, "ya" if column.required else "tidak", column.description, column.example]
        )
    guide.append([])
    guide.append(["Catatan", "", note])

    for reference in references:
        sheet = workbook.create_sheet(reference.title)
        sheet.append(header_cells(sheet, reference.header))
        for row in reference.rows:
            sheet.append(list(row))
        sheet.column_dimensions["A"].width = 30
        sheet.column_dimensions["B"].width = 60
    return workbook_bytes(workbook)
