"""What other apps read of discipline: the sanctions running on a day (promotion, self-service),
the sedang/berat sanctions in a period (Satyalancana, other awards), the TPP cut of a month and
the attendance recap of a month (TPP). No permission check here: callers decide who sees what."""

import datetime as dt
from collections.abc import Iterable

from simerit.discipline.models import Level, MonthlyAttendance, Sanction, SanctionQuerySet
from simerit.discipline.rules import pp94


def running_on(employee_ids: Iterable[int], *, on: dt.date) -> dict[int, Sanction]:
    """{employee id: a sanction in force that runs on `on`} (the one ending last when several
    do). Ringan sanctions have no duration and never appear."""
    found: dict[int, Sanction] = {}
    candidates = (
        Sanction.objects.in_force()
        .filter(employee_id__in=list(employee_ids), starts_on__lte=on)
        .select_related("case")
        .order_by("employee_id", "starts_on", "id")
    )
    for sanction in candidates:
        if not pp94.is_active(
            sanction_type=sanction.sanction_type,
            starts_on=sanction.starts_on,
            ends_on=sanction.ends_on,
            on=on,
        ):
            continue
        current = found.get(sanction.employee_id)
        if current is None or _ends_later(sanction, current):
            found[sanction.employee_id] = sanction
    return found


def _ends_later(new: Sanction, old: Sanction) -> bool:
    if old.ends_on is None:
        return False
    return new.ends_on is None or new.ends_on > old.ends_on


def heavy_between(
    employee_ids: Iterable[int], *, start: dt.date, end: dt.date
) -> dict[int, list[Sanction]]:
    """{employee id: [sedang/berat sanctions in force decided within start..end]}, the
    Satyalancana and award condition (§7.5)."""
    found: dict[int, list[Sanction]] = {}
    sanctions: SanctionQuerySet = Sanction.objects.in_force().filter(
        employee_id__in=list(employee_ids),
        level__in=[Level.SEDANG, Level.BERAT],
        decided_on__gte=start,
        decided_on__lte=end,
    )
    for sanction in sanctions.select_related("case").order_by("decided_on", "id"):
        found.setdefault(sanction.employee_id, []).append(sanction)
    return found


def tpp_cuts(employee_ids: Iterable[int], *, month: dt.date) -> dict[int, Sanction]:
    """{employee id: the sedang sanction that cuts the TPP of `month` (a 1st)}; the largest
    cut, then the earliest decided, when several overlap (which the decision service refuses)."""
    found: dict[int, Sanction] = {}
    candidates = (
        Sanction.objects.in_force()
        .filter(employee_id__in=list(employee_ids), tpp_cut_percent__gt=0, starts_on__lte=month)
        .select_related("case")
        .order_by("employee_id", "-tpp_cut_percent", "decided_on", "id")
    )
    for sanction in candidates:
        if sanction.employee_id in found:
            continue
        if pp94.cuts_tpp_in_month(
            sanction_type=sanction.sanction_type,
            starts_on=sanction.starts_on,
            ends_on=sanction.ends_on,
            month=month,
        ):
            found[sanction.employee_id] = sanction
    return found


def attendance_of_month(
    employee_ids: Iterable[int], *, month: dt.date
) -> dict[int, MonthlyAttendance]:
    """{employee id: the recap of `month` (a 1st)}; an employee without one is absent."""
    records = MonthlyAttendance.objects.filter(employee_id__in=list(employee_ids), month=month)
    return {record.employee_id: record for record in records}


def history_of(employee_id: int) -> list[Sanction]:
    """Every sanction of one employee, newest first, annulled ones included (self-service)."""
    return list(
        Sanction.objects.filter(employee_id=employee_id)
        .select_related("case")
        .order_by("-decided_on", "-id")
    )
