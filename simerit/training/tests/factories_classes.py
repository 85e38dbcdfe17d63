"""Fixtures of the class, attendance and completion tests, around the fixed TODAY of conftest.py
(Saturday 28 November 2026, 10.00 WIB).

`running_class()` is a class held 28–30 November (enrolment closed on 27 November) whose first
meeting runs 09.30–12.00 WIB today: its QR check-in is open now. `participant()` gives an
employee with an account a seat in a class."""

import datetime as dt

from django.utils import timezone

from simerit.accounts.models import User
from simerit.accounts.tests.factories import UserFactory
from simerit.core.roles import Role
from simerit.employees.models import Employee
from simerit.employees.tests.factories import EmployeeFactory
from simerit.organization.models import WorkUnit
from simerit.training.models import Enrolment, Meeting, TrainingClass
from simerit.training.tests.factories import (
    WIB,
    EnrolmentFactory,
    MeetingFactory,
    TrainingClassFactory,
)

TODAY = dt.date(2026, 11, 28)


def wib(day: int, hour: int, minute: int = 0, *, month: int = 11) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=WIB)


def running_class(**kwargs: object) -> TrainingClass:
    """A class held 28–30 November 2026, enrolment closed, with no meetings yet."""
    values: dict[str, object] = {
        "starts_on": TODAY,
        "ends_on": TODAY + dt.timedelta(days=2),
        "enrolment_closes_on": TODAY - dt.timedelta(days=1),
        "status": TrainingClass.Status.CLOSED,
    }
    values.update(kwargs)
    return TrainingClassFactory.create(**values)


def meeting(
    training_class: TrainingClass, starts_at: dt.datetime, *, hours: float = 2.5, number: int
) -> Meeting:
    return MeetingFactory.create(
        training_class=training_class,
        number=number,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=hours),
    )


def running_class_with_meetings() -> tuple[TrainingClass, list[Meeting]]:
    """running_class() with three meetings: today 09.30–12.00 (check-in open now), tomorrow and
    the day after at 08.00."""
    training_class = running_class()
    meetings = [
        meeting(training_class, wib(28, 9, 30), number=1),
        meeting(training_class, wib(29, 8), number=2),
        meeting(training_class, wib(30, 8), number=3),
    ]
    return training_class, meetings


def employee_user(
    name: str, *, unit: WorkUnit | None = None, roles: list[Role] | None = None
) -> User:
    username = name.lower().replace(" ", ".")
    user = UserFactory.create(username=username, full_name=name, roles=roles or [Role.PEGAWAI])
    values: dict[str, object] = {"user": user, "name": name}
    if unit is not None:
        values["work_unit"] = unit
    EmployeeFactory.create(**values)
    return user


def participant(
    training_class: TrainingClass,
    user: User | None = None,
    *,
    name: str = "Peserta Satu",
    status: str = Enrolment.Status.ENROLLED,
) -> Enrolment:
    """A seat (or another status) in `training_class` for `user`'s employee (made when None)."""
    user = user or employee_user(name)
    employee = Employee.objects.get(user=user)
    values: dict[str, object] = {}
    if status == Enrolment.Status.WAITLISTED:
        values["waitlisted_at"] = timezone.now()
    if status in (Enrolment.Status.COMPLETED, Enrolment.Status.NOT_COMPLETED):
        values["completed_at"] = timezone.now()
    return EnrolmentFactory.create(
        training_class=training_class, employee=employee, status=status, **values
    )
