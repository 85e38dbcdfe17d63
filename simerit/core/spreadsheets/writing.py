"""Writing a workbook: text cells that never become formulas, bold header rows, the bytes."""

import io
from collections.abc import Iterable
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A text starting with one of these is run as a formula by Excel or LibreOffice.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
TEXT_FORMAT = "@"  # Excel's "Text" number format


def safe_value(sheet: Any, value: Any) -> Any:
    """`value` as it is, unless it is text that a spreadsheet would run: then a text cell."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return text_cell(sheet, value)
    return value


def safe_row(sheet: Any, values: Iterable[Any]) -> list[Any]:
    """A row for `sheet.append` in which no user-typed text becomes a formula."""
    return [safe_value(sheet, value) for value in values]


def text_cell(sheet: Any, value: str, *, number_format: str | None = None) -> Any:
    """A cell for `sheet.append` (write-only or not) that holds `value` as text, never a formula.

    Names and places are typed by users: "=HYPERLINK(...)" must not become a live link in whoever
    opens the file (CSV/formula injection, OWASP). Pass number_format=TEXT_FORMAT for identifiers,
    which Excel would otherwise round to 15 significant digits once the cell is edited.
    """
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # written as a string, never as <f>
    if value.startswith(FORMULA_TRIGGERS):
        cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
    if number_format is not None:
        cell.number_format = number_format
    return cell


def header_cells(sheet: Any, titles: Iterable[str]) -> list[Any]:
    """A bold header row for `sheet.append`."""
    cells = []
    for title in titles:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def workbook_bytes(workbook: Any) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
