import io
import time
import zipfile

import openpyxl
import pytest
from openpyxl.styles import Font

from simerit.core.spreadsheets import reading
from simerit.core.spreadsheets.reading import (
    ImportFileError,
    Limits,
    check_archive,
    data_rows,
    match_header,
    read_rows,
)
from simerit.core.spreadsheets.writing import workbook_bytes

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

    monkeypatch.setattr(reading, "MAX_ARCHIVE_BYTES", 3000)
    stored = zipfile.ZIP_STORED  # ratio 1: only the sizes can refuse it
    with pytest.raises(ImportFileError) as caught:
        check_archive(archive([("a.xml", "x" * 2000), ("b.xml", "y" * 1001)], compression=stored))
    assert caught.value.message == BOMB_REFUSAL
    check_archive(archive([("a.xml", "x" * 2000), ("b.xml", "y" * 1000)], compression=stored))


def test_check_archive_refuses_one_member_too_big_once_inflated(monkeypatch):
    monkeypatch.setattr(reading, "MAX_MEMBER_BYTES", 1000)
    with pytest.raises(ImportFileError) as caught:
        check_archive(archive([("a.xml", "x" * 1001)], compression=zipfile.ZIP_STORED))
    assert caught.value.message == BOMB_REFUSAL


def test_check_archive_leaves_small_tightly_packed_members_alone(monkeypatch):
    # 1 MB of one letter packs ~1000:1, yet is not worth refusing; 1 MB + 1 byte is
    check_archive(archive([("a.xml", "x" * 1024 * 1024)]))
    with pytest.raises(ImportFileError):
        check_archive(archive([("a.xml", "x" * (1024 * 1024 + 1))]))
    monkeypatch.setattr(reading, "MAX_COMPRESSION_RATIO", 2000)
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
