"""Certificate numbers and the period text a certificate prints (pure: no database).

A number reads `SMR-2026-000123-7KQ4PX`: the year of issue, a per-year sequence (6 digits) and 6
random characters (core/numbering.py). The sequence orders the register; the random part makes a
number impossible to guess from its neighbours, so the public verification page cannot be walked
through.
"""

import datetime as dt

from simerit.core import numbering
from simerit.core.dates import MONTHS_ID, format_date_id

PREFIX = "SMR"
NUMBERS = numbering.RandomNumbering(prefix=PREFIX, noun="sertifikat")
ALPHABET = numbering.ALPHABET
MAX_SEQUENCE = numbering.MAX_SEQUENCE
MAX_INPUT_LENGTH = numbering.MAX_INPUT_LENGTH

random_part = numbering.random_part
normalise_number = numbering.normalise_number
is_well_formed = NUMBERS.is_well_formed
sequence_of = NUMBERS.sequence_of
year_prefix = NUMBERS.year_prefix


def certificate_number(*, year: int, sequence: int, random: str) -> str:
    """The number for the `sequence`-th certificate of `year`; ValueError on parts that would not
    pass `is_well_formed`."""
    return NUMBERS.number(year=year, sequence=sequence, random=random)


def period_text(starts_on: dt.date, ends_on: dt.date) -> str:
    """14–16 Desember 2026; 30 November – 2 Desember 2026; one day: 14 Desember 2026."""
    if starts_on == ends_on:
        return format_date_id(starts_on)
    if (starts_on.year, starts_on.month) == (ends_on.year, ends_on.month):
        return f"{starts_on.day}–{format_date_id(ends_on)}"
    if starts_on.year == ends_on.year:
        return f"{starts_on.day} {MONTHS_ID[starts_on.month - 1]} – {format_date_id(ends_on)}"
    return f"{format_date_id(starts_on)} – {format_date_id(ends_on)}"
