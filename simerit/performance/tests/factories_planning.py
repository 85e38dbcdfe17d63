"""Helpers of the planning tests: an RHK with an indicator written straight to the database (the
services are tested on their own), and an SKP complete enough to submit."""

from decimal import Decimal

from simerit.employees.models import Employee
from simerit.performance.models import Indicator, PerformanceYear, Skp, WorkResult
from simerit.performance.tests.factories import PerformanceYearFactory, make_skp


def planning_year(year: int = 2026) -> PerformanceYear:
    return PerformanceYearFactory.create(year=year, status=PerformanceYear.Status.PLANNING)


def result_of(
    skp: Skp,
    text: str = "Layanan puskesmas terakreditasi",
    *,
    kind: str = WorkResult.Kind.MAIN,
    parent: WorkResult | None = None,
    with_indicator: bool = True,
) -> WorkResult:
    order = WorkResult.objects.filter(skp=skp, kind=kind).count() + 1
    result = WorkResult.objects.create(skp=skp, kind=kind, order=order, text=text, parent=parent)
    if with_indicator:
        Indicator.objects.create(
            result=result,
            aspect=Indicator.Aspect.QUANTITY,
            text="Jumlah puskesmas terakreditasi",
            target=Decimal("12"),
            unit="puskesmas",
        )
    return result


def complete_skp(
    employee: Employee, *, year: PerformanceYear, status: str = Skp.Status.DRAFT
) -> Skp:
    """An SKP with one main RHK and one indicator."""
    skp = make_skp(employee, year=year, status=status)
    result_of(skp)
    return skp
