"""The holiday calendar the working-day windows skip (`models.Holiday`: hari libur nasional and
cuti bersama of the yearly SKB, entered by Admin BKPSDM). One small query per window."""

import datetime as dt

from simerit.discipline.models import Holiday

# The longest window is 90 working days (`DisciplineSettings` allows at most 90 for an appeal,
# 60 for a summons); a year of calendar days covers it with every holiday of the SKB.
HORIZON_DAYS = 366


def holidays_after(day: dt.date, *, horizon_days: int = HORIZON_DAYS) -> frozenset[dt.date]:
    """The holidays after `day`, up to `horizon_days` calendar days later (pass the set to
    `rules.pp94.add_working_days(day, count, holidays)`)."""
    dates = Holiday.objects.filter(
        date__gt=day, date__lte=day + dt.timedelta(days=horizon_days)
    ).values_list("date", flat=True)
    return frozenset(dates)
