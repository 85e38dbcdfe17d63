import datetime as dt
from decimal import Decimal

from simerit.core.spreadsheets.rows import RowError, RowReader


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
