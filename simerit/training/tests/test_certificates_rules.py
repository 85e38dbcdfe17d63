import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simerit.training.rules import certificates as rules


def test_a_number_has_year_sequence_and_random_part():
    number = rules.certificate_number(year=2026, sequence=123, random="7KQ4PX")

    assert number == "SMR-2026-000123-7KQ4PX"
    assert rules.is_well_formed(number) is True
    assert rules.sequence_of(number) == 123


@given(st.integers(min_value=1, max_value=rules.MAX_SEQUENCE))
def test_every_generated_number_is_well_formed(sequence):
    number = rules.certificate_number(year=2026, sequence=sequence, random=rules.random_part())

    assert rules.is_well_formed(number) is True
    assert rules.sequence_of(number) == sequence


def test_the_random_part_uses_only_unambiguous_characters():
    parts = {rules.random_part() for _ in range(50)}

    assert all(len(part) == 6 for part in parts)
    assert set("".join(parts)) <= set(rules.ALPHABET)
    assert not set("01ILO") & set(rules.ALPHABET)
    assert len(parts) > 45  # random, not a counter


@pytest.mark.parametrize("sequence", [0, -1, 1_000_000])
def test_a_sequence_out_of_range_is_refused(sequence):
    with pytest.raises(ValueError, match="Nomor urut"):
        rules.certificate_number(year=2026, sequence=sequence, random="7KQ4PX")


@pytest.mark.parametrize("random", ["7KQ4P", "7KQ4PXX", "7KQ4P0", "OKQ4PX", "1KQ4PX", "7kq4px"])
def test_a_random_part_outside_the_format_is_refused(random):
    with pytest.raises(ValueError, match="acak"):
        rules.certificate_number(year=2026, sequence=1, random=random)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "SMR-2026-000123",
        "SMR-2026-00123-7KQ4PX",
        "SMR-26-000123-7KQ4PX",
        "ABC-2026-000123-7KQ4PX",
        "SMR-2026-000123-7KQ4PO",
        "SMR-2026-000123-7KQ4PI",
        "SMR_2026_000123_7KQ4PX",
        "SMR-2026-000123-7KQ4PX-1",
        "smr-2026-000123-7kq4px",
        "SMR-2026-000123-7KQ4PX\n",
        "' OR 1=1 --",
        "SMR-\u0662\u0660\u0662\u0666-000123-7KQ4PX",
    ],
)
def test_ill_formed_numbers_are_recognised(text):
    assert rules.is_well_formed(text) is False


def test_normalising_forgives_spaces_and_case_but_not_other_characters():
    assert rules.normalise_number("  smr-2026-000123-7kq4px ") == "SMR-2026-000123-7KQ4PX"
    assert rules.normalise_number("SMR-2026-000123- 7KQ4PX") == "SMR-2026-000123-7KQ4PX"
    assert rules.is_well_formed(rules.normalise_number("SMR-2026-000123-7KQ4P0")) is False
    assert len(rules.normalise_number("A" * 10_000)) == 2 * rules.MAX_INPUT_LENGTH


def test_the_year_prefix_sorts_with_fixed_width_sequences():
    assert rules.year_prefix(2026) == "SMR-2026-"
    numbers = [
        rules.certificate_number(year=2026, sequence=sequence, random="ZZZZZZ")
        for sequence in (9, 10, 100)
    ]
    assert sorted(numbers) == numbers


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "text"),
    [
        (dt.date(2026, 12, 14), dt.date(2026, 12, 14), "14 Desember 2026"),
        (dt.date(2026, 12, 14), dt.date(2026, 12, 16), "14–16 Desember 2026"),
        (dt.date(2026, 11, 30), dt.date(2026, 12, 2), "30 November – 2 Desember 2026"),
        (dt.date(2026, 12, 30), dt.date(2027, 1, 2), "30 Desember 2026 – 2 Januari 2027"),
    ],
)
def test_the_period_reads_as_indonesians_write_it(starts_on, ends_on, text):
    assert rules.period_text(starts_on, ends_on) == text
