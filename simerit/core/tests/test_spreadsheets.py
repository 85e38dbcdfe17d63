import datetime as dt
import io
import time
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from openpyxl.styles import Font

from simerit.core import spreadsheets
from simerit.core.spreadsheets import (
    TEXT_FORMAT,
    CellError,
    Column,
    ImportFileError,
    Limits,
    ReferenceSheet,
    RowError,
    RowReader,
    cell_text,
    check_archive,
    data_rows,
    excerpt,
    header_cells,
    identifier_text,
    match_header,
    megabytes,
    name_list,
    parse_date,
    parse_decimal,
    parse_identifier,
    parse_integer,
    read_rows,
    safe_row,
    safe_value,
    template_workbook,
    text_cell,
    thousands,
    unit_sheets,
    workbook_bytes,
)

HEADERS = ("kode", "nama", "jumlah")
LIMITS = Limits(max_rows=10)


def xlsx(rows, *, header=HEADERS):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    return workbook_bytes(workbook)


def refusal(content, *, limits=LIMITS):
    with pytest.raises(ImportFileError) as caught:
        read_rows(content, headers=HEADERS, limits=limits)
    return caught.value.message


# --- numbers in Indonesian


def test_megabytes_and_thousands_are_written_the_indonesian_way():
    assert [megabytes(1572864), megabytes(5 * 1024 * 1024), megabytes(0)] == ["1,5", "5,0", "0,0"]
    assert [thousands(999), thousands(2000), thousands(1234567)] == ["999", "2.000", "1.234.567"]


def test_excerpt_puts_typed_text_on_one_line_and_cuts_it():
    assert excerpt("  Ani\n  Budi ") == "Ani Budi"
    assert excerpt("x" * 61) == "x" * 59 + "…"
    assert excerpt("x" * 60) == "x" * 60
    assert excerpt("abcdef", limit=4) == "abc…"


def test_name_list_shows_ten_shortened_names_then_the_rest_as_a_count():
    names = [f"kolom{index}" for index in range(1, 13)]

    assert name_list(["a", "b"]) == "a, b"
    assert name_list(names) == (
        "kolom1, kolom2, kolom3, kolom4, kolom5, kolom6, kolom7, kolom8, kolom9, kolom10 dan 2 "
        "lainnya"
    )
    assert name_list(["y" * 50]) == "y" * 39 + "…"


def test_limits_default_to_five_megabytes_and_a_margin_of_a_thousand_rows():
    limits = Limits(max_rows=2000)

    assert (
        limits.max_file_bytes,
        limits.row_read_margin,
        limits.max_blank_run,
        limits.max_columns,
    ) == (5 * 1024 * 1024, 1000, 50, 64)
    assert (limits.ceiling, limits.max_megabytes) == (3000, 5)


# --- reading


def test_read_rows_matches_headers_in_any_order_and_case_and_skips_blank_rows():
    content = xlsx(
        [("Ani", " A-1 ", 3), (None, "  ", None), ("Budi", "A-2", None)],
        header=(" NAMA", "Kode", "jumlah"),
    )

    rows = read_rows(content, headers=HEADERS, limits=LIMITS)

    assert rows == [
        (2, {"nama": "Ani", "kode": " A-1 ", "jumlah": 3}),
        (4, {"nama": "Budi", "kode": "A-2", "jumlah": None}),
    ]


def test_read_rows_ignores_cells_right_of_the_last_named_column():
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx([("A-1", "Ani", 1)])))
    workbook.active["Z2"] = "catatan lepas"
    workbook.active["XFD1048576"].font = Font(bold=True)  # a sheet claiming a million rows

    rows = read_rows(workbook_bytes(workbook), headers=HEADERS, limits=LIMITS)

    assert rows == [(2, {"kode": "A-1", "nama": "Ani", "jumlah": 1})]


def test_read_rows_takes_the_limits_of_its_caller():
    content = xlsx([("A-1", "Ani", 1), ("A-2", "Budi", 2), ("A-3", "Citra", 3)])

    assert len(read_rows(content, headers=HEADERS, limits=Limits(max_rows=3))) == 3
    assert refusal(content, limits=Limits(max_rows=2)) == (
        "Berkas berisi lebih dari 2 baris data; bagi menjadi beberapa berkas."
    )


def test_read_rows_refuses_a_file_over_the_size_limit_before_opening_it():
    content = b"PK\x03\x04" + b"0" * (1572864 - 4)

    message = refusal(content, limits=Limits(max_rows=10, max_file_bytes=1024 * 1024))

    assert message == "Berkas terlalu besar (1,5 MB); batasnya 1 MB."


def test_read_rows_names_an_old_xls_a_non_xlsx_and_a_broken_archive():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")

    assert refusal(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100) == (
        "Berkas ini berformat Excel lama (.xls). Simpan ulang sebagai Excel Workbook (.xlsx) lalu "
        "unggah kembali."
    )
    assert refusal(b"kode,nama\nA-1,Ani\n") == (
        "Berkas ini bukan berkas Excel .xlsx. Unduh templat, isi, lalu unggah kembali."
    )
    assert refusal(buffer.getvalue()) == (
        "Berkas tidak dapat dibaca sebagai lembar kerja Excel .xlsx (rusak atau format lain)."
    )


def test_read_rows_refuses_a_file_without_data_rows():
    assert refusal(xlsx([(None, " ", None)])) == (
        "Berkas tidak berisi baris data di bawah baris judul."
    )


def test_read_rows_refuses_data_after_a_run_of_blank_rows():
    limits = Limits(max_rows=10, max_blank_run=3)
    content = xlsx([("A-1", "Ani", 1), (), (), (), ("A-2", "Budi", 2)])

    assert refusal(content, limits=limits) == (
        "Baris 6 berisi data setelah 3 baris kosong atau lebih. Hapus baris kosong di antara "
        "data, lalu unggah kembali."
    )


def test_read_rows_stops_at_the_ceiling_after_the_data_has_ended():
    # Data after the gap but past the ceiling is never read, so the file is accepted.
    limits = Limits(max_rows=2, row_read_margin=3, max_blank_run=2)
    content = xlsx([("A-1", "Ani", 1), (), (), (), (), (), ("A-2", "Budi", 2)])

    assert read_rows(content, headers=HEADERS, limits=limits) == [
        (2, {"kode": "A-1", "nama": "Ani", "jumlah": 1})
    ]


def test_read_rows_counts_blank_rows_between_data_against_the_ceiling():
    limits = Limits(max_rows=3, row_read_margin=2, max_blank_run=2)
    blank = (None, " ", None)  # a cell holding a space: blank, yet the sheet reaches it
    content = xlsx([("A-1", "Ani", 1), (), ("A-2", "Budi", 2), (), ("A-3", "Citra", 3), blank])

    assert refusal(content, limits=limits) == (
        "Berkas berisi lebih dari 5 baris di bawah baris judul (termasuk baris kosong). Hapus "
        "baris kosong di antara data atau bagi menjadi beberapa berkas."
    )


# --- the archive before openpyxl opens it (a "zip bomb")


def archive(members, *, compression=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as out:
        for name, data in members:
            out.writestr(name, data)
    return buffer.getvalue()


BOMB_REFUSAL = (
    "Berkas .xlsx ini ditolak demi keamanan: isinya jauh lebih besar daripada ukuran berkasnya. "
    "Buka di Excel, simpan ulang sebagai Excel Workbook (.xlsx), lalu unggah kembali; bila "
    "datanya memang sebesar itu, bagi menjadi beberapa berkas."
)


def test_read_rows_refuses_a_small_file_that_inflates_far_beyond_its_size_before_parsing_it():
    # given: a real workbook whose shared strings are 20 MB of one repeated text, packed to ~20 KB
    with zipfile.ZipFile(io.BytesIO(xlsx([("A-1", "Ani", 1)]))) as source:
        members = [(info.filename, source.read(info)) for info in source.infolist()]
    bomb = "<si><t>" + "A" * 20 * 1024 * 1024 + "</t></si>"
    members = [(name, data) for name, data in members if name != "xl/sharedStrings.xml"]
    content = archive([*members, ("xl/sharedStrings.xml", f"<sst>{bomb}</sst>")])
    assert len(content) < 100 * 1024
    # when
    started = time.monotonic()
    message = refusal(content)
    # then: refused from the archive's directory, nothing inflated
    assert message == BOMB_REFUSAL
    assert time.monotonic() - started < 0.5


def test_check_archive_refuses_too_many_members_and_too_much_in_all(monkeypatch):
    many = archive([(f"xl/bagian{index}.xml", "<a/>") for index in range(101)])
    with pytest.raises(ImportFileError) as caught:
        check_archive(many)
    assert caught.value.message == BOMB_REFUSAL
    check_archive(archive([(f"xl/bagian{index}.xml", "<a/>") for index in range(100)]))

    monkeypatch.setattr(spreadsheets, "MAX_ARCHIVE_BYTES", 3000)
    stored = zipfile.ZIP_STORED  # ratio 1: only the sizes can refuse it
    with pytest.raises(ImportFileError) as caught:
        check_archive(archive([("a.xml", "x" * 2000), ("b.xml", "y" * 1001)], compression=stored))
    assert caught.value.message == BOMB_REFUSAL
    check_archive(archive([("a.xml", "x" * 2000), ("b.xml", "y" * 1000)], compression=stored))


def test_check_archive_refuses_one_member_too_big_once_inflated(monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_MEMBER_BYTES", 1000)
    with pytest.raises(ImportFileError) as caught:
        check_archive(archive([("a.xml", "x" * 1001)], compression=zipfile.ZIP_STORED))
    assert caught.value.message == BOMB_REFUSAL


def test_check_archive_leaves_small_tightly_packed_members_alone(monkeypatch):
    # 1 MB of one letter packs ~1000:1, yet is not worth refusing; 1 MB + 1 byte is
    check_archive(archive([("a.xml", "x" * 1024 * 1024)]))
    with pytest.raises(ImportFileError):
        check_archive(archive([("a.xml", "x" * (1024 * 1024 + 1))]))
    monkeypatch.setattr(spreadsheets, "MAX_COMPRESSION_RATIO", 2000)
    check_archive(archive([("a.xml", "x" * (1024 * 1024 + 1))]))


def test_check_archive_calls_a_broken_archive_unreadable():
    with pytest.raises(ImportFileError) as caught:
        check_archive(b"PK\x03\x04 not a zip")
    assert caught.value.message == (
        "Berkas tidak dapat dibaca sebagai lembar kerja Excel .xlsx (rusak atau format lain)."
    )


def test_read_rows_refuses_a_header_wider_than_the_limit_and_reads_no_further():
    limits = Limits(max_rows=10, max_columns=4)
    wide = xlsx([("A-1", "Ani", 1)], header=(*HEADERS, None, "lebih"))
    blank_beyond = xlsx([("A-1", "Ani", 1)], header=(*HEADERS, None, None, None))

    assert refusal(wide, limits=limits) == (
        "Baris judul (baris 1) berisi terlalu banyak kolom; batasnya 4 kolom. Hapus kolom yang "
        "tidak dipakai, lalu unggah kembali."
    )
    assert read_rows(blank_beyond, headers=HEADERS, limits=limits) == [
        (2, {"kode": "A-1", "nama": "Ani", "jumlah": 1})
    ]


def test_read_rows_takes_a_callers_header_matcher():
    content = xlsx([("A-1", "Ani", "abaikan")], header=("KODE", "Nama", "catatan"))

    def match(header):
        return [str(cell).casefold() if cell in ("KODE", "Nama") else None for cell in header]

    rows = read_rows(content, headers=(), limits=LIMITS, match=match)

    assert rows == [(2, {"kode": "A-1", "nama": "Ani"})]


def test_data_rows_reads_any_rows_under_the_same_limits():
    lines = iter([["A-1", "Ani"], ["", " "], ["A-2", "Budi", "lebih"]])

    rows = data_rows(lines, ["kode", None], limits=LIMITS)

    assert rows == [(2, {"kode": "A-1"}), (4, {"kode": "A-2"})]


def test_match_header_returns_each_cells_column_and_none_for_blank_cells():
    assert match_header((" Kode", None, "NAMA", "", "jumlah"), expected=HEADERS) == [
        "kode",
        None,
        "nama",
        None,
        "jumlah",
    ]


def test_match_header_names_missing_unknown_and_doubled_columns():
    with pytest.raises(ImportFileError) as caught:
        match_header(("kode", "KODE", "alamat"), expected=HEADERS)

    assert caught.value.message == (
        "Baris judul (baris 1) tidak sesuai templat: kolom yang tidak ada: nama, jumlah; kolom "
        "yang tidak dikenal: alamat; kolom ganda: kode. Kolom yang benar: kode, nama, jumlah. "
        "Unduh templat dan salin data ke dalamnya."
    )


def test_match_header_lists_a_bounded_number_of_shortened_unknown_names_in_linear_time():
    header = ["kode", "nama", "jumlah", *(f"{'x' * 50}{index}" for index in range(20_000))]

    started = time.monotonic()
    with pytest.raises(ImportFileError) as caught:
        match_header([*header, "kode"], expected=HEADERS)

    assert time.monotonic() - started < 1
    assert caught.value.message == (
        "Baris judul (baris 1) tidak sesuai templat: kolom yang tidak dikenal: "
        + ", ".join(["x" * 39 + "…"] * 10)
        + " dan 19.990 lainnya; kolom ganda: kode. Kolom yang benar: kode, nama, jumlah. Unduh "
        "templat dan salin data ke dalamnya."
    )


def test_match_header_refuses_an_empty_header_row():
    with pytest.raises(ImportFileError) as caught:
        match_header(None, expected=("kode",))

    assert caught.value.message == (
        "Baris judul (baris 1) tidak sesuai templat: kolom yang tidak ada: kode. Kolom yang "
        "benar: kode. Unduh templat dan salin data ke dalamnya."
    )


# --- cells


def test_cell_text_trims_and_drops_the_point_zero_of_whole_numbers():
    assert [cell_text(None), cell_text("  Ani "), cell_text(3.0), cell_text(3.5), cell_text(7)] == [
        "",
        "Ani",
        "3",
        "3.5",
        "7",
    ]


def test_parse_identifier_keeps_digits_text_and_drops_spaces():
    assert parse_identifier(" 1986 0926 2015 051001 ") == "198609262015051001"
    assert parse_identifier(None) == ""
    assert identifier_text(1.98609262015051e17) == "198609262015051008"


def test_parse_identifier_refuses_a_number_cell_and_a_truth_value():
    with pytest.raises(CellError) as number:
        parse_identifier(198609262015051001.0)
    with pytest.raises(CellError) as truth:
        parse_identifier(True)

    assert number.value.message == (
        "Tersimpan sebagai angka sehingga digit terakhir bisa hilang; ubah format sel menjadi "
        "Teks lalu ketik ulang."
    )
    assert truth.value.message == "Isi dengan angka sebagai teks, bukan nilai benar/salah."


def test_parse_date_reads_excel_dates_and_three_text_formats():
    assert [
        parse_date(dt.datetime(2026, 9, 1, 13, 30)),  # noqa: DTZ001 - Excel dates carry no zone
        parse_date(dt.date(2026, 9, 2)),
        parse_date(" 03-09-2026 "),
        parse_date("04/09/2026"),
        parse_date("2026-09-05"),
        parse_date(None),
        parse_date("  "),
    ] == [
        dt.date(2026, 9, 1),
        dt.date(2026, 9, 2),
        dt.date(2026, 9, 3),
        dt.date(2026, 9, 4),
        dt.date(2026, 9, 5),
        None,
        None,
    ]


@pytest.mark.parametrize(
    ("value", "shown"),
    [("kemarin", "kemarin"), ("31-02-2026", "31-02-2026"), (20260901, "20260901")],
)
def test_parse_date_refuses_what_is_not_a_date(value, shown):
    with pytest.raises(CellError) as caught:
        parse_date(value)

    assert caught.value.message == f"'{shown}' bukan tanggal; isi sebagai tanggal atau DD-MM-YYYY."


def test_parse_integer_reads_number_cells_and_digits_text():
    assert [parse_integer(3), parse_integer(4.0), parse_integer(" 12 "), parse_integer(None)] == [
        3,
        4,
        12,
        None,
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (True, "Isi dengan bilangan bulat."),
        (3.5, "'3.5' bukan bilangan bulat."),
        ("tiga", "'tiga' bukan bilangan bulat."),
        ("-1", "'-1' bukan bilangan bulat."),
        ("²", "'²' bukan bilangan bulat."),
        ("9" * 5000 + "x", f"'{'9' * 59}…' bukan bilangan bulat."),
    ],
)
def test_parse_integer_refuses_what_is_not_a_whole_number(value, message):
    with pytest.raises(CellError) as caught:
        parse_integer(value)

    assert caught.value.message == message


def test_parse_decimal_reads_a_decimal_comma_or_point_and_rounds_to_the_places_asked():
    assert [
        parse_decimal("3,25"),
        parse_decimal("3.256", places=2),
        parse_decimal(3.2, places=2),
        parse_decimal(3, places=1),
        parse_decimal(" "),
    ] == [Decimal("3.25"), Decimal("3.26"), Decimal("3.20"), Decimal("3.0"), None]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("tinggi", "'tinggi' bukan angka IPK; contoh: 3,00."),
        (True, "'True' bukan angka IPK; contoh: 3,00."),
        ("inf", "'inf' bukan angka IPK; contoh: 3,00."),
        ("1e30", "'1e30' bukan angka IPK; contoh: 3,00."),  # too many digits for 2 places
    ],
)
def test_parse_decimal_refuses_what_is_not_a_number_in_the_callers_words(value, message):
    with pytest.raises(CellError) as caught:
        parse_decimal(value, places=2, what="angka IPK", example="3,00")

    assert caught.value.message == message


def test_parse_decimal_without_words_says_it_is_not_a_number():
    with pytest.raises(CellError) as caught:
        parse_decimal("tiga")

    assert caught.value.message == "'tiga' bukan angka."


# --- the row report


def test_row_reader_reports_each_cells_problem_in_the_templates_column_order():
    # given: cells that fail, read out of the template's order
    reader = RowReader(
        {"kode": 1.98e17, "nama": " Ani ", "jumlah": "tiga", "tanggal": "kemarin"},
        columns=("kode", "nama", "tanggal", "jumlah"),
    )
    # when
    values = [
        reader.integer("jumlah"),
        reader.date("tanggal"),
        reader.identifier("kode"),
        reader.text("nama"),
        reader.integer("kosong", required=True),
        reader.decimal("jumlah", places=2),
    ]
    reader.error("nama", "Nama sudah terdaftar.", keep_failed=False)
    # then
    assert values == [None, None, "", "Ani", None, None]
    assert reader.failed == {"jumlah", "tanggal", "kode", "kosong"}
    assert reader.errors_at(7) == [
        RowError(
            7,
            "kode",
            "Tersimpan sebagai angka sehingga digit terakhir bisa hilang; ubah format sel "
            "menjadi Teks lalu ketik ulang.",
        ),
        RowError(7, "nama", "Nama sudah terdaftar."),
        RowError(7, "tanggal", "'kemarin' bukan tanggal; isi sebagai tanggal atau DD-MM-YYYY."),
        RowError(7, "jumlah", "'tiga' bukan bilangan bulat."),
        RowError(7, "jumlah", "'tiga' bukan angka."),
        RowError(7, "kosong", "Wajib diisi."),  # not a template column: last
    ]


def test_row_reader_of_good_cells_reports_nothing():
    reader = RowReader(
        {"kode": "1986 0926", "jumlah": 2.0, "tanggal": "01-09-2026", "ipk": "3,5"},
        columns=("kode", "jumlah", "tanggal", "ipk"),
    )

    assert [
        reader.identifier("kode"),
        reader.integer("jumlah", required=True),
        reader.date("tanggal"),
        reader.decimal("ipk", places=2),
    ] == ["19860926", 2, dt.date(2026, 9, 1), Decimal("3.50")]
    assert (reader.errors_at(2), reader.failed) == ([], set())


# --- writing


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


def test_upload_name_keeps_the_files_own_name_on_one_bounded_line():
    assert spreadsheets.upload_name("C:\\unduhan\\nilai.xlsx") == "nilai.xlsx"
    assert spreadsheets.upload_name("a/b/soal\nbaru.json") == "soal baru.json"
    assert spreadsheets.upload_name("x" * 300) == "x" * 199 + "…"
    assert spreadsheets.upload_name("") == ""
