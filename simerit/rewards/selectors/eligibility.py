"""The conditions one employee meets or not for one award in one year, as a nomination stores
them. A Satyalancana class is checked by its own rules (`rules/satyalancana.py`, on 31
December of the year); any other award by its configured conditions (`rules/eligibility.py`,
on the reference day: today, or 31 December of a past year)."""

import datetime as dt

from django.utils import timezone

from simerit.discipline.selectors.sanctions import heavy_between
from simerit.employees.models import Employee
from simerit.performance.selectors.history import latest_final_predikat
from simerit.rewards.models import Award
from simerit.rewards.rules.conditions import Condition, SanctionFact
from simerit.rewards.rules.eligibility import award_conditions, years_before
from simerit.rewards.selectors.satyalancana import checks_of


def reference_day(year: int) -> dt.date:
    """The day an award of `year` is checked on: today, or 31 December of a past year."""
    today = timezone.localdate()
    return min(today, dt.date(year, 12, 31))


def _sanctions(employee: Employee, *, start: dt.date, end: dt.date) -> list[SanctionFact]:
    found = heavy_between([employee.pk], start=start, end=end).get(employee.pk, [])
    return [
        SanctionFact(
            case_number=sanction.case.number,
            level=sanction.level,
            decided_on=sanction.decided_on,
            annulled=sanction.annulled_at is not None,
        )
        for sanction in found
    ]


def conditions_for(*, award: Award, employee: Employee, year: int) -> list[Condition]:
    """The conditions of `award` for `employee` in `year`, each met or not with its reason."""
    if award.kind == Award.Kind.SATYALANCANA:
        check = checks_of([employee], year=year, target=award.service_years)[employee.pk]
        return check.conditions
    on = reference_day(year)
    start = years_before(on, award.clean_record_years)
    return award_conditions(
        is_active=employee.is_active,
        tmt=employee.tmt_cpns,
        on=on,
        min_service_years=award.min_service_years,
        min_predikat=award.min_predikat,
        latest_predikat=(latest_final_predikat(employee.pk, on=on) if award.min_predikat else None),
        clean_record_years=award.clean_record_years,
        sanctions=(_sanctions(employee, start=start, end=on) if award.clean_record_years else []),
    )
