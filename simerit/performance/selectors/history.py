"""The predikat history other apps build on (promotion, talent, TPP, self-service): only results
that are final on a given day count, a delivered result becoming final once its keberatan window
has passed without a keberatan (as `appraisal.effective_status` says)."""

import datetime as dt
from collections.abc import Iterable

from simerit.performance.models import Appraisal
from simerit.performance.selectors.appraisal import effective_status


def final_predikats(
    employee_ids: Iterable[int], *, on: dt.date, years: Iterable[int] | None = None
) -> dict[tuple[int, int], str]:
    """{(employee id, year): predikat value} of the appraisals final on `on`, for the given
    employees (and years, when given). An appraisal still open to or under keberatan is absent."""
    appraisals = Appraisal.objects.filter(skp__employee_id__in=list(employee_ids)).select_related(
        "skp__year"
    )
    if years is not None:
        appraisals = appraisals.filter(skp__year__year__in=list(years))
    found: dict[tuple[int, int], str] = {}
    for appraisal in appraisals:
        if effective_status(appraisal, on=on) == Appraisal.Status.FINAL:
            found[(appraisal.skp.employee_id, appraisal.skp.year.year)] = appraisal.predikat
    return found


def latest_final_predikat(employee_id: int, *, on: dt.date) -> tuple[int, str] | None:
    """(year, predikat) of the employee's most recent final appraisal on `on`, or None."""
    found = final_predikats([employee_id], on=on)
    if not found:
        return None
    year = max(year for (_employee, year) in found)
    return year, found[(employee_id, year)]
