"""Piagam numbers (pure: no database).

A number reads `PGH-2026-000123-7KQ4PX`: the year of the grant, a per-year sequence (6 digits)
and 6 random characters, numbered as the training certificates are (core/numbering.py). The
sequence orders the register; the random part makes a number impossible to guess from its
neighbours, so the public check cannot be walked through.
"""

from simerit.core import numbering

PREFIX = "PGH"
NUMBERS = numbering.RandomNumbering(prefix=PREFIX, noun="piagam")
MAX_INPUT_LENGTH = numbering.MAX_INPUT_LENGTH

random_part = numbering.random_part
normalise_number = numbering.normalise_number
is_well_formed = NUMBERS.is_well_formed
sequence_of = NUMBERS.sequence_of
year_prefix = NUMBERS.year_prefix


def grant_number(*, year: int, sequence: int, random: str) -> str:
    """The number of the `sequence`-th piagam of `year`; ValueError on parts that would not pass
    `is_well_formed`."""
    return NUMBERS.number(year=year, sequence=sequence, random=random)
