import datetime as dt
from decimal import Decimal

import pytest

from simerit.core.spreadsheets.cells import (
    CellError,
    cell_text,
    identifier_text,
    parse_date,
    parse_decimal,
    parse_identifier,
    parse_integer,
)


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
