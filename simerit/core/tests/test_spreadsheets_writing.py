import io
import zipfile

import openpyxl
import pytest

from simerit.core.spreadsheets.writing import (
    TEXT_FORMAT,
    header_cells,
    safe_row,
    safe_value,
    text_cell,
    workbook_bytes,
)

FORMULAS = ['=HYPERLINK("http://x","klik")', "+cmd|' /C calc'!A0", "-1+1", "@SUM(A1)", "\tx", "\ry"]


@pytest.mark.parametrize("write_only", [True, False])
def test_safe_row_keeps_text_that_looks_like_a_formula_as_text(write_only):
    # given
    workbook = openpyxl.Workbook(write_only=write_only)
    sheet = workbook.create_sheet("Data") if write_only else workbook.active
    # when
    sheet.append(safe_row(sheet, [*FORMULAS, "Ani", None, 3]))
    content = workbook_bytes(workbook)
    # then
    cells = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0][1]
    # XML reads a carriage return back as a line feed.
    assert [cell.value for cell in cells] == [*FORMULAS[:-1], "\ny", "Ani", None, 3]
    assert [cell.data_type for cell in cells] == ["s"] * 7 + ["n", "n"]
    assert [cell.quotePrefix for cell in cells] == [True] * 6 + [False] * 3
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()


def test_safe_value_leaves_ordinary_values_alone():
    sheet = openpyxl.Workbook().active

    assert [safe_value(sheet, value) for value in ("Ani", "", 3, None)] == ["Ani", "", 3, None]


def test_text_cell_can_carry_the_text_format_for_identifiers():
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Data")
    sheet.append(
        [text_cell(sheet, "198609262015051001", number_format=TEXT_FORMAT), text_cell(sheet, "=1")]
    )

    cells = list(openpyxl.load_workbook(io.BytesIO(workbook_bytes(workbook)))["Data"].iter_rows())
    nip, formula = cells[0]
    assert (nip.value, nip.data_type, nip.number_format, nip.quotePrefix) == (
        "198609262015051001",
        "s",
        "@",
        False,
    )
    assert (formula.value, formula.data_type, formula.number_format, formula.quotePrefix) == (
        "=1",
        "s",
        "General",
        True,
    )


def test_header_cells_are_bold():
    workbook = openpyxl.Workbook()
    workbook.active.append(header_cells(workbook.active, ["Kode", "Nama"]))

    sheet = openpyxl.load_workbook(io.BytesIO(workbook_bytes(workbook))).active
    assert [(cell.value, cell.font.b) for cell in sheet[1]] == [("Kode", True), ("Nama", True)]
