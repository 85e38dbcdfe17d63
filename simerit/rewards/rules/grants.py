"""Piagam numbers (pure: no database).

A number reads `PGH-2026-000123-7KQ4PX`: the year of the grant, a per-year sequence (6 digits)
and 6 random characters, as the training certificates are numbered. The sequence orders the
register; the random part makes a number impossible to guess from its neighbours, so the public
check cannot be walked through. The alphabet leaves out characters people confuse when copying a
printed number (0/O, 1/I/L).
"""

import re
import secrets

PREFIX = "PGH"
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
RANDOM_LENGTH = 6
SEQUENCE_DIGITS = 6
MAX_SEQUENCE = 10**SEQUENCE_DIGITS - 1
# The longest text worth normalising: anything longer is not a number (and is not looked up).
MAX_INPUT_LENGTH = 40
NUMBER_PATTERN = re.compile(
    rf"{PREFIX}-(?P<year>\d{{4}})-(?P<sequence>\d{{{SEQUENCE_DIGITS}}})"
    rf"-(?P<random>[{ALPHABET}]{{{RANDOM_LENGTH}}})",
    re.ASCII,
)


def random_part() -> str:
    """Six characters of ALPHABET from the operating system's secure random source."""
    return "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))


def grant_number(*, year: int, sequence: int, random: str) -> str:
    """The number of the `sequence`-th piagam of `year`; ValueError on parts that would not pass
    `is_well_formed`."""
    if not 1 <= sequence <= MAX_SEQUENCE:
        raise ValueError(f"Nomor urut piagam harus 1–{MAX_SEQUENCE}.")
    number = f"{PREFIX}-{year:04d}-{sequence:0{SEQUENCE_DIGITS}d}-{random}"
    if not is_well_formed(number):
        raise ValueError("Bagian acak nomor piagam tidak sesuai format.")
    return number


def normalise_number(text: str) -> str:
    """What a person typed or scanned, as stored: no spaces, upper case."""
    return re.sub(r"\s+", "", text[: MAX_INPUT_LENGTH * 2]).upper()


def is_well_formed(number: str) -> bool:
    return len(number) <= MAX_INPUT_LENGTH and NUMBER_PATTERN.fullmatch(number) is not None


def sequence_of(number: str) -> int:
    """The per-year sequence of a well-formed number (0 for anything else)."""
    match = NUMBER_PATTERN.fullmatch(number)
    return int(match.group("sequence")) if match else 0


def year_prefix(year: int) -> str:
    return f"{PREFIX}-{year:04d}-"
