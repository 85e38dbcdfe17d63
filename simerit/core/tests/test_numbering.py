import pytest

from simerit.core import numbering

NUMBERS = numbering.RandomNumbering(prefix="ABC", noun="dokumen")


def test_a_number_has_prefix_year_sequence_and_random_part():
    number = NUMBERS.number(year=2026, sequence=123, random="7KQ4PX")

    assert number == "ABC-2026-000123-7KQ4PX"
    assert NUMBERS.is_well_formed(number) is True
    assert NUMBERS.sequence_of(number) == 123
    assert number.startswith(NUMBERS.year_prefix(2026))


def test_the_messages_name_the_document():
    with pytest.raises(ValueError, match="Nomor urut dokumen"):
        NUMBERS.number(year=2026, sequence=0, random="7KQ4PX")
    with pytest.raises(ValueError, match="Bagian acak nomor dokumen"):
        NUMBERS.number(year=2026, sequence=1, random="7KQ4P0")


def test_another_prefix_is_not_well_formed():
    other = numbering.RandomNumbering(prefix="XYZ", noun="dokumen")

    assert other.is_well_formed(NUMBERS.number(year=2026, sequence=1, random="ZZZZZZ")) is False
    assert other.sequence_of("ABC-2026-000001-ZZZZZZ") == 0


def test_a_random_part_is_well_formed():
    assert NUMBERS.is_well_formed(
        NUMBERS.number(year=2026, sequence=1, random=numbering.random_part())
    )
