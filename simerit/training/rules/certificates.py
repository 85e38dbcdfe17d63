"""Certificate numbers and the period text a certificate prints (pure: no database).

A number reads `SMR-2026-000123-7KQ4PX`: the year of issue, a per-year sequence (6 digits) and 6
random characters. The sequence orders the register; the random part makes a number impossible to
guess from its neighbours, so the public verification page cannot be walked through. The random
alphabet leaves out characters people confuse when copying a printed number (0/O, 1/I/L).
"""

import datetime as dt
import re
import secrets

from simerit.core.dates import MONTHS_ID, format_date_id

PREFIX = "SMR"
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


def certificate_number(*, year: int, sequence: int, random: str) -> str:
    """The number for the `sequence`-th certificate of `year`; ValueError on parts that would not
    pass `is_well_formed`."""
    if not 1 <= sequence <= MAX_SEQUENCE:
        raise ValueError(f"Nomor urut sertifikat harus 1–{MAX_SEQUENCE}.")
    number = f"{PREFIX}-{year:04d}-{sequence:0{SEQUENCE_DIGITS}d}-{random}"
    if not is_well_formed(number):
        raise ValueError("Bagian acak nomor sertifikat tidak sesuai format.")
    return number


def normalise_number(text: str) -> str:
    """What a person typed or scanned, as stored: no surrounding or inner spaces, upper case."""
    return re.sub(r"\s+", "", text[: MAX_INPUT_LENGTH * 2]).upper()


def is_well_formed(number: str) -> bool:
    """Whether `number` (already normalised) has the shape of a certificate number."""
    return len(number) <= MAX_INPUT_LENGTH and NUMBER_PATTERN.fullmatch(number) is not None


def sequence_of(number: str) -> int:
    """The per-year sequence of a well-formed number (0 for anything else)."""
    match = NUMBER_PATTERN.fullmatch(number)
    return int(match.group("sequence")) if match else 0


def year_prefix(year: int) -> str:
    """The start every number of `year` shares (`SMR-2026-`)."""
    return f"{PREFIX}-{year:04d}-"


def period_text(starts_on: dt.date, ends_on: dt.date) -> str:
    """14–16 Desember 2026; 30 November – 2 Desember 2026; one day: 14 Desember 2026."""
    if starts_on == ends_on:
        return format_date_id(starts_on)
    if (starts_on.year, starts_on.month) == (ends_on.year, ends_on.month):
        return f"{starts_on.day}–{format_date_id(ends_on)}"
    if starts_on.year == ends_on.year:
        return f"{starts_on.day} {MONTHS_ID[starts_on.month - 1]} – {format_date_id(ends_on)}"
    return f"{format_date_id(starts_on)} – {format_date_id(ends_on)}"
