"""Helpers of the planning tests: an RHK with an indicator written straight to the database (the
services are tested on their own), an SKP complete enough to submit, and the records of a year
that freeze some of its settings (a realisation, a 360 answer, an appraisal)."""

from decimal import Decimal

from django.utils import timezone

from simerit.accounts.tests.factories import UserFactory
from simerit.employees.models import Employee
from simerit.performance.models import (
    Appraisal,
    BehaviourResponse,
    Indicator,
    PerformanceYear,
    Predikat,
    RaterGroup,
    Rating,
    Realisation,
    Skp,
    WorkResult,
)
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


def realisation_in(skp: Skp) -> Realisation:
    """A first-quarter realisation of the SKP's first indicator (an RHK is added if needed)."""
    indicator = Indicator.objects.filter(result__skp=skp).first()
    if indicator is None:
        indicator = result_of(skp).indicators.get()
    recorder = skp.employee.user or UserFactory.create()
    return Realisation.objects.create(
        indicator=indicator, period_index=1, value=Decimal("3"), recorded_by=recorder
    )


def answer_in(skp: Skp) -> BehaviourResponse:
    """One peer's 360 answer (no ratings needed: its existence is what counts)."""
    return BehaviourResponse.objects.create(
        skp=skp, group=RaterGroup.PEER, submitted_at=timezone.now()
    )


def appraisal_in(skp: Skp, *, delivered: bool) -> Appraisal:
    """A decided appraisal, delivered to the employee or not yet."""
    now = timezone.now()
    return Appraisal.objects.create(
        skp=skp,
        result_rating=Rating.AS_EXPECTED,
        behaviour_rating=Rating.AS_EXPECTED,
        predikat=Predikat.BAIK,
        status=Appraisal.Status.DELIVERED if delivered else Appraisal.Status.DECIDED,
        decided_by=skp.evaluator.user or UserFactory.create(),
        decided_at=now,
        delivered_at=now if delivered else None,
    )
