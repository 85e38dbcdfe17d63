"""The yearly JP rule as pure functions (no ORM): compliance, shortfall, the figures of a unit, the
reminder window and the reminder's text.

PP 11/2017 (as amended by PP 17/2020) Pasal 203(4): every PNS develops competency for at least
20 jam pelajaran (JP) a year (domain reference §6.1). The minimum itself is configuration
(TrainingYear.minimum_jp); a year without a row uses the model default."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from simerit.core.dates import format_date_id

ONE_PLACE = Decimal("0.1")
HUNDRED = Decimal(100)
# The last quarter, when a year has no TrainingYear row yet (the model's own choice for new rows).
DEFAULT_REMINDER_MONTH = 10


def is_compliant(*, jp: Decimal, minimum: Decimal) -> bool:
    """PP 11/2017 Pasal 203(4): at least the minimum, reached exactly counts."""
    return jp >= minimum


def shortfall(*, jp: Decimal, minimum: Decimal) -> Decimal:
    """The JP still missing to reach the minimum (0 once reached)."""
    return max(minimum - jp, Decimal(0))


def progress_percent(*, jp: Decimal, minimum: Decimal) -> int:
    """How far toward the minimum, as a whole percent capped at 100 (for a progress bar)."""
    if minimum <= 0:
        return 100
    share = (jp * HUNDRED / minimum).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(min(max(share, Decimal(0)), HUNDRED))


def compliance_percent(*, compliant: int, employees: int) -> Decimal | None:
    """The share of employees reaching the minimum, one decimal; None for a unit with nobody."""
    if employees <= 0:
        return None
    return (Decimal(compliant) * HUNDRED / Decimal(employees)).quantize(
        ONE_PLACE, rounding=ROUND_HALF_UP
    )


def average_jp(*, total: Decimal, employees: int) -> Decimal | None:
    """The mean JP per employee, one decimal; None for a unit with nobody."""
    if employees <= 0:
        return None
    return (total / Decimal(employees)).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def default_reminders_from(year: int) -> dt.date:
    """1 October: reminders in the last quarter (the issue), when HR has not set the year."""
    return dt.date(year, DEFAULT_REMINDER_MONTH, 1)


def reminder_refusal(*, today: dt.date, year: int, reminders_from: dt.date) -> str:
    """Why no reminder goes out on `today` for `year` ("" when they are due): only within the year
    itself, from `reminders_from` on."""
    if today.year != year:
        return f"Tanggal {format_date_id(today)} tidak berada dalam tahun {year}."
    if today < reminders_from:
        return f"Pengingat JP tahun {year} baru dikirim mulai {format_date_id(reminders_from)}."
    return ""


def format_jp(value: Decimal) -> str:
    """12,5 / 20 (Indonesian decimal comma; no trailing ",0")."""
    rounded = value.quantize(ONE_PLACE, rounding=ROUND_HALF_UP)
    if rounded == rounded.to_integral_value():
        return str(int(rounded))
    return str(rounded).replace(".", ",")


def reminder_text(*, year: int, jp: Decimal, minimum: Decimal) -> tuple[str, str]:
    """The reminder's title and body, in Indonesian, with the JP reached and the shortfall."""
    title = f"Pengingat: JP pengembangan kompetensi tahun {year} belum terpenuhi"
    body = (
        f"JP pengembangan kompetensi Anda tahun {year} sampai hari ini {format_jp(jp)} JP, "
        f"kurang {format_jp(shortfall(jp=jp, minimum=minimum))} JP dari minimum "
        f"{format_jp(minimum)} JP (PP 11/2017 Pasal 203 ayat 4). Ikuti pelatihan dari katalog "
        "atau catat pelatihan eksternal yang sudah Anda ikuti agar divalidasi BKPSDM sebelum "
        "akhir tahun."
    )
    return title, body


def training_year(ends_on: dt.date) -> int:
    """The year a training belongs to: the year it ends in. Its JP count for that year, its
    daily JP ceiling is that year's, and lists filter classes by it."""
    return ends_on.year
