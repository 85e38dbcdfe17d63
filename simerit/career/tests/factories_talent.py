"""Factories of the talent tests (9-box, potential, succession, retirement), on top of the shared
career factories. Defaults describe the fixed TODAY of conftest.py (28 November 2026): an
assessment made on 1 March 2026 (valid for three years), appraisals final for 2025."""

import datetime as dt
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from simerit.accounts.models import User
from simerit.career.models import PotentialAssessment, SuccessionCandidate
from simerit.career.tests.factories import appraise, hr_user
from simerit.employees.models import Employee
from simerit.organization.models import Position, WorkUnit
from simerit.organization.tests.factories import PositionFactory


class PotentialAssessmentFactory(DjangoModelFactory[PotentialAssessment]):
    """Pass `employee`."""

    class Meta:
        model = PotentialAssessment

    assessed_on = dt.date(2026, 3, 1)
    method = "CACT BKN"
    institution = "BKN Kantor Regional VII"
    score = Decimal("75.00")
    source = PotentialAssessment.Source.MANUAL
    recorded_by = factory.LazyFunction(hr_user)


def assess(
    employee: Employee,
    score: str,
    *,
    on: dt.date = dt.date(2026, 3, 1),
    method: str = "CACT BKN",
    recorded_by: User | None = None,
) -> PotentialAssessment:
    fields: dict[str, object] = {"employee": employee, "score": Decimal(score), "assessed_on": on}
    fields["method"] = method
    if recorded_by is not None:
        fields["recorded_by"] = recorded_by
    assessment: PotentialAssessment = PotentialAssessmentFactory.create(**fields)
    return assessment


# Scores and predikats that land in each axis with the seeded settings (60 / 80; sangat_baik
# above, baik as expected).
SCORE = {"low": "45", "medium": "70", "high": "90"}
PREDIKAT = {"above": "sangat_baik", "as_expected": "baik", "below": "butuh_perbaikan"}
AXES = {
    9: ("above", "high"),
    8: ("as_expected", "high"),
    7: ("above", "medium"),
    6: ("below", "high"),
    5: ("as_expected", "medium"),
    4: ("above", "low"),
    3: ("below", "medium"),
    2: ("as_expected", "low"),
    1: ("below", "low"),
}


def place_in_box(employee: Employee, box: int, *, score: str | None = None) -> Employee:
    """A final 2025 appraisal and a 2026 assessment that put `employee` in `box` today."""
    performance, potential = AXES[box]
    appraise(employee, year=2025, predikat=PREDIKAT[performance])
    assess(employee, score or SCORE[potential])
    return employee


def managerial_position(
    name: str = "Kepala Bidang Pembinaan",
    *,
    unit: WorkUnit | None = None,
    kind: str = Position.Kind.ADMINISTRATOR,
) -> Position:
    position: Position = PositionFactory.create(name=name, kind=kind, work_unit=unit)
    return position


def candidate(
    position: Position, employee: Employee, *, box: int = 9, added_by: User | None = None
) -> SuccessionCandidate:
    row: SuccessionCandidate = SuccessionCandidate.objects.create(
        position=position, employee=employee, box=box, added_by=added_by or hr_user()
    )
    return row
