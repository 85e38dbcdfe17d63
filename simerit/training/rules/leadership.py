"""Leadership training for new officials as pure functions (no ORM): when the flag of an official
without the leadership training of the position falls due.

Domain reference §6.2: pejabat pengawas → PKP (Peraturan LAN 15/2019), administrator → PKA, JPT
pratama → PKN Tingkat II (Peraturan LAN 2/2019), JPT madya → PKN Tingkat I. The deadline after the
TMT jabatan (LeadershipRule.months_to_complete) is this instansi's configuration ([U]).
"""

import calendar
import datetime as dt
from dataclasses import dataclass

TMT_MISSING_NOTE = "TMT jabatan belum diisi"


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; a day the target month lacks becomes its last day
    (31 January + 1 month = 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Deadline:
    due_on: dt.date
    overdue: bool
    days_overdue: int
    # No TMT jabatan: counted from today, so the flag cannot be overdue until HR fills it in.
    tmt_missing: bool


def deadline(*, tmt_position: dt.date | None, months_to_complete: int, today: dt.date) -> Deadline:
    """Due `months_to_complete` after the TMT jabatan (after today when the TMT is missing);
    overdue from the day after the due date."""
    start = tmt_position if tmt_position is not None else today
    due_on = add_months(start, months_to_complete)
    overdue = due_on < today
    return Deadline(
        due_on=due_on,
        overdue=overdue,
        days_overdue=(today - due_on).days if overdue else 0,
        tmt_missing=tmt_position is None,
    )
