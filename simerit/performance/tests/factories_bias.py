"""Test data of the bias part: 360 answers written in bulk (assignment, response and ratings, as
the feedback service leaves them), appraisals, and a synthetic organisation of raters."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone

from simerit.accounts.models import User
from simerit.accounts.tests.factories import UserFactory
from simerit.core.roles import Role
from simerit.employees.models import Employee
from simerit.employees.tests.factories import EmployeeFactory
from simerit.organization.models import WorkUnit
from simerit.organization.tests.factories import WorkUnitFactory, root_unit
from simerit.performance import rules
from simerit.performance.models import (
    Appraisal,
    BehaviourIndicator,
    BehaviourRating,
    BehaviourResponse,
    PerformanceYear,
    RaterAssignment,
    Rating,
    Skp,
)
from simerit.performance.tests.factories import make_skp

SUBMITTED_AT = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def indicators() -> list[BehaviourIndicator]:
    """The 21 panduan perilaku in catalogue order (seeded by the data migration)."""
    return list(BehaviourIndicator.objects.order_by("value__order", "order"))


def answer_all(answers: Sequence[tuple[Skp, Employee, str, Sequence[int]]]) -> None:
    """Write many answers at once: (SKP, rater, group, scores in indicator order; as many scores
    as indicators to rate, from the first)."""
    catalogue = indicators()
    responses = BehaviourResponse.objects.bulk_create(
        [
            BehaviourResponse(skp=skp, group=group, submitted_at=SUBMITTED_AT)
            for skp, _, group, _ in answers
        ]
    )
    BehaviourRating.objects.bulk_create(
        [
            BehaviourRating(response=response, indicator=indicator, score=score)
            for response, (_, _, _, scores) in zip(responses, answers, strict=True)
            for indicator, score in zip(catalogue, scores, strict=False)
        ]
    )
    RaterAssignment.objects.bulk_create(
        [
            RaterAssignment(
                skp=skp,
                rater=rater,
                group=group,
                status=RaterAssignment.Status.ANSWERED,
                response=response,
            )
            for response, (skp, rater, group, _) in zip(responses, answers, strict=True)
        ]
    )


def answer(skp: Skp, rater: Employee, group: str, scores: Sequence[int]) -> None:
    answer_all([(skp, rater, group, scores)])


def make_appraisal(
    skp: Skp,
    *,
    result: Rating = Rating.AS_EXPECTED,
    behaviour: Rating = Rating.AS_EXPECTED,
    status: str = Appraisal.Status.DELIVERED,
) -> Appraisal:
    evaluator_user = skp.evaluator.user or UserFactory.create()
    now = timezone.now()
    return Appraisal.objects.create(
        skp=skp,
        result_rating=result,
        behaviour_rating=behaviour,
        predikat=rules.predikat(result=result, behaviour=behaviour),
        status=status,
        decided_by=evaluator_user,
        decided_at=now,
        delivered_at=None if status == Appraisal.Status.DECIDED else now,
    )


@dataclass
class SyntheticUnit:
    unit: WorkUnit
    chief: Employee
    staff: list[Employee]
    skps: list[Skp]


def make_unit(
    *, year: PerformanceYear, size: int, name: str = "Dinas Sintetis", prefix: str = "S"
) -> SyntheticUnit:
    """One OPD: a chief (role Atasan) and `size` staff under them, each with an approved SKP."""
    unit = WorkUnitFactory.create(name=name, parent=root_unit())
    chief_user = UserFactory.create(
        username=f"{prefix.lower()}.kepala",
        full_name=f"{prefix} Kepala",
        roles=[Role.PEGAWAI, Role.ATASAN],
    )
    chief = EmployeeFactory.create(user=chief_user, name=f"{prefix} Kepala", work_unit=unit)
    staff = [
        EmployeeFactory.create(
            name=f"{prefix} Pegawai {index:02d}",
            work_unit=unit,
            supervisor=chief,
            user=UserFactory.create(
                username=f"{prefix.lower()}.pegawai{index}", roles=[Role.PEGAWAI]
            ),
        )
        for index in range(size)
    ]
    skps = [make_skp(member, year=year, status=Skp.Status.APPROVED) for member in staff]
    return SyntheticUnit(unit=unit, chief=chief, staff=staff, skps=skps)


def user_of(employee: Employee) -> User:
    assert employee.user is not None
    return employee.user
