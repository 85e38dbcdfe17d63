"""Public document numbers with a random part (pure: no database).

A number reads `SMR-2026-000123-7KQ4PX`: a prefix, the year, a per-year sequence (6 digits) and 6
random characters. The sequence orders the register; the random part makes a number impossible to
guess from its neighbours, so a public check cannot be walked through. The random alphabet leaves
out characters people confuse when copying a printed number (0/O, 1/I/L). Each app keeps its own
prefix and names the document in the messages (`noun`: "sertifikat", "piagam").
"""

import re
import secrets
from dataclasses import dataclass, field

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
RANDOM_LENGTH = 6
SEQUENCE_DIGITS = 6
MAX_SEQUENCE = 10**SEQUENCE_DIGITS - 1
# The longest text worth normalising: anything longer is not a number (and is not looked up).
MAX_INPUT_LENGTH = 40


def random_part() -> str:
    """Six characters of ALPHABET from the operating system's secure random source."""
    return "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))


def normalise_number(text: str) -> str:
    """What a person typed or scanned, as stored: no surrounding or inner spaces, upper case."""
    return re.sub(r"\s+", "", text[: MAX_INPUT_LENGTH * 2]).upper()


@dataclass(frozen=True)
class RandomNumbering:
    """The numbers of one kind of document: `prefix` starts them, `noun` names the document in
    the ValueError messages."""

    prefix: str
    noun: str
    pattern: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        pattern = re.compile(
            rf"{re.escape(self.prefix)}-(?P<year>\d{{4}})-(?P<sequence>\d{{{SEQUENCE_DIGITS}}})"
            rf"-(?P<random>[{ALPHABET}]{{{RANDOM_LENGTH}}})",
            re.ASCII,
        )
        object.__setattr__(self, "pattern", pattern)

    def number(self, *, year: int, sequence: int, random: str) -> str:
        """The number of the `sequence`-th document of `year`; ValueError on parts that would not
        pass `is_well_formed`."""
        if not 1 <= sequence <= MAX_SEQUENCE:
            raise ValueError(f"Nomor urut {self.noun} harus 1–{MAX_SEQUENCE}.")
        number = f"{self.prefix}-{year:04d}-{sequence:0{SEQUENCE_DIGITS}d}-{random}"
        if not self.is_well_formed(number):
            raise ValueError(f"Bagian acak nomor {self.noun} tidak sesuai format.")
        return number

    def is_well_formed(self, number: str) -> bool:
        """Whether `number` (already normalised) has the shape of one of these numbers."""
        return len(number) <= MAX_INPUT_LENGTH and self.pattern.fullmatch(number) is not None

    def sequence_of(self, number: str) -> int:
        """The per-year sequence of a well-formed number (0 for anything else)."""
        match = self.pattern.fullmatch(number)
        return int(match.group("sequence")) if match else 0

    def year_prefix(self, year: int) -> str:
        """The start every number of `year` shares (`SMR-2026-`)."""
        return f"{self.prefix}-{year:04d}-"
