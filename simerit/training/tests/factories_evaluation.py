"""Fixtures of the evaluation tests: participants of a class (each with an account), their
survey answers, and appraisals of given years written straight to the performance tables (the
appraisal services are the performance app's)."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from simerit.accounts.tests.factories import UserFactory
from simerit.core.roles import Role
from simerit.employees.models import Employee
from simerit.employees.tests.factories import EmployeeFactory
from simerit.organization.models import Position, WorkUnit
from simerit.organization.tests.factories import PositionFactory, WorkUnitFactory
from simerit.performance.models import Appraisal, Predikat, Rating, Skp
from simerit.performance.tests.factories import PerformanceYearFactory
from simerit.training.models import (
    Enrolment,
    Meeting,
    SurveyResponse,
    SurveySubmission,
    TrainingClass,
)
from simerit.training.tests.factories import (
    WIB,
    EnrolmentFactory,
    MeetingFactory,
    TrainingClassFactory,
)

DECIDED = (Enrolment.Status.COMPLETED, Enrolment.Status.NOT_COMPLETED)


class Office:
    """One unit, one position and one evaluator shared by the participants (fewer rows)."""

    def __init__(self) -> None:
        self.unit: WorkUnit = WorkUnitFactory.create(name="Dinas Evaluasi")
        self.position: Position = PositionFactory.create(name="Analis Evaluasi")
        self.evaluator: Employee = EmployeeFactory.create(
            name="Penilai Evaluasi",
            user=UserFactory.create(roles=[Role.PEGAWAI, Role.ATASAN]),
            work_unit=self.unit,
            position=self.position,
        )

    def employee(self, name: str, *, with_account: bool = True) -> Employee:
        user = UserFactory.create(full_name=name, roles=[Role.PEGAWAI]) if with_account else None
        return EmployeeFactory.create(
            name=name,
            user=user,
            work_unit=self.unit,
            position=self.position,
            supervisor=self.evaluator,
        )


def past_class(**kwargs: object) -> TrainingClass:
    """A class held 2–4 November 2026 (before TODAY, 28 November 2026), completed; its survey
    closed on 18 November 2026, so its results may be shown."""
    defaults: dict[str, object] = {
        "starts_on": dt.date(2026, 11, 2),
        "ends_on": dt.date(2026, 11, 4),
        "enrolment_closes_on": dt.date(2026, 10, 30),
        "status": TrainingClass.Status.COMPLETED,
    }
    defaults.update(kwargs)
    return TrainingClassFactory.create(**defaults)


def recent_class(**kwargs: object) -> TrainingClass:
    """A class held 16–18 November 2026, completed: its survey is open until 2 December 2026
    (rules.SURVEY_OPEN_DAYS after its last day), so TODAY its participants may answer and its
    results are withheld. past_class()'s survey closed on 18 November."""
    defaults: dict[str, object] = {
        "starts_on": dt.date(2026, 11, 16),
        "ends_on": dt.date(2026, 11, 18),
        "enrolment_closes_on": dt.date(2026, 11, 12),
    }
    defaults.update(kwargs)
    return past_class(**defaults)


def meeting(
    training_class: TrainingClass, *, day: dt.date, hour: int = 8, **kwargs: object
) -> Meeting:
    starts_at = dt.datetime.combine(day, dt.time(hour, 0), tzinfo=WIB)
    return MeetingFactory.create(
        training_class=training_class,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=4),
        **kwargs,
    )


def participant(
    training_class: TrainingClass,
    employee: Employee,
    *,
    status: str = Enrolment.Status.COMPLETED,
    pre: str | None = None,
    post: str | None = None,
) -> Enrolment:
    return EnrolmentFactory.create(
        training_class=training_class,
        employee=employee,
        status=status,
        completed_at=timezone.now() if status in DECIDED else None,
        waitlisted_at=timezone.now() if status == Enrolment.Status.WAITLISTED else None,
        pre_test_score=Decimal(pre) if pre is not None else None,
        post_test_score=Decimal(post) if post is not None else None,
    )


def answer(
    enrolment: Enrolment, scores: tuple[int, int, int, int] = (4, 4, 4, 4), comment: str = ""
) -> SurveyResponse:
    """The participant's answer as the service stores it: the submission marker of the enrolment
    and the anonymous answer of its class (without the service's window and checks)."""
    content, facilitator, relevance, organisation = scores
    SurveySubmission.objects.create(enrolment=enrolment)
    return SurveyResponse.objects.create(
        training_class=enrolment.training_class,
        content_score=content,
        facilitator_score=facilitator,
        relevance_score=relevance,
        organisation_score=organisation,
        comment=comment,
    )


def appraise(
    employee: Employee,
    *,
    year: int,
    predikat: str,
    status: str = Appraisal.Status.FINAL,
) -> Appraisal:
    """The employee's appraisal of `year` with `predikat` (ratings are not what is compared)."""
    assert employee.supervisor is not None
    skp = Skp.objects.create(
        year=PerformanceYearFactory.create(year=year),
        employee=employee,
        work_unit=employee.work_unit,
        position=employee.position,
        evaluator=employee.supervisor,
        status=Skp.Status.APPROVED,
    )
    decided_by = employee.supervisor.user
    assert decided_by is not None
    return Appraisal.objects.create(
        skp=skp,
        result_rating=Rating.AS_EXPECTED,
        behaviour_rating=Rating.AS_EXPECTED,
        predikat=Predikat(predikat),
        status=status,
        decided_by=decided_by,
        decided_at=timezone.now(),
        delivered_at=None if status == Appraisal.Status.DECIDED else timezone.now(),
    )
