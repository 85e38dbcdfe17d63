import io

import openpyxl

from simerit.core.spreadsheets.template import (
    Column,
    ReferenceSheet,
    template_workbook,
    unit_sheets,
)


def test_template_workbook_holds_the_header_the_instructions_and_the_references():
    # given
    columns = (
        Column("kode", "code", True, "Kode unik.", "A-1"),
        Column("nip", "nip", False, "NIP, sel bertipe Teks.", "198609262015051001"),
    )
    # when
    content = template_workbook(
        title="Data",
        columns=columns,
        text_columns={"nip"},
        note="Maksimal 10 baris.",
        references=[
            ReferenceSheet("Kode Unit", ("kode_unit", "nama unit"), [("DINKES", "Dinkes")])
        ],
    )
    # then
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["Data", "Petunjuk", "Kode Unit"]
    data = workbook["Data"]
    assert [(cell.value, cell.font.b) for cell in data[1]] == [("kode", True), ("nip", True)]
    assert (data.max_row, data.freeze_panes) == (1, "A2")
    assert {k: (v.width, v.number_format) for k, v in data.column_dimensions.items()} == {
        "A": (8, "General"),
        "B": (22, "@"),
    }
    assert list(workbook["Petunjuk"].iter_rows(values_only=True)) == [
        ("Kolom", "Wajib", "Keterangan", "Contoh"),
        ("kode", "ya", "Kode unik.", "A-1"),
        ("nip", "tidak", "NIP, sel bertipe Teks.", "198609262015051001"),
        (None, None, None, None),
        ("Catatan", None, "Maksimal 10 baris.", None),
    ]
    units = workbook["Kode Unit"]
    assert list(units.iter_rows(values_only=True)) == [
        ("kode_unit", "nama unit"),
        ("DINKES", "Dinkes"),
    ]
    assert [cell.font.b for cell in units[1]] == [True, True]
    assert (units.column_dimensions["A"].width, units.column_dimensions["B"].width) == (30, 60)


def test_unit_sheets_list_the_unit_codes_and_the_positions_with_their_unit():
    sheets = unit_sheets(
        units=[("DINKES", "Dinas Kesehatan")],
        positions=[("Perawat Terampil", ""), ("Kepala Bidang", "DINKES")],
    )

    assert sheets == [
        ReferenceSheet("Kode Unit", ("kode_unit", "nama unit"), [("DINKES", "Dinas Kesehatan")]),
        ReferenceSheet(
            "Jabatan",
            ("jabatan", "kode_unit (kosong: jabatan umum)"),
            [("Perawat Terampil", ""), ("Kepala Bidang", "DINKES")],
        ),
    ]
