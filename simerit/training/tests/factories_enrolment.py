"""Helpers of the enrolment tests: team members with accounts, filled classes, and a snapshot of
what a refused action must leave unchanged."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from simerit.accounts.models import User
from simerit.accounts.tests.factories import UserFactory
from simerit.audit.models import AuditEvent
from simerit.core.roles import Role
from simerit.employees.models import Employee
from simerit.employees.tests.factories import EmployeeFactory
from simerit.notifications.models import Notification
from simerit.training.models import Enrolment, TrainingClass
from simerit.training.tests.factories import EnrolmentFactory, TrainingClassFactory


def employee_of(user: User) -> Employee:
    return Employee.objects.get(user=user)


def make_member(supervisor: User | Employee, *, with_account: bool = True, **kwargs) -> Employee:
    """An employee under `supervisor` (an account or an employee record), with a Pegawai account."""
    boss = supervisor if isinstance(supervisor, Employee) else employee_of(supervisor)
    kwargs.setdefault("work_unit", boss.work_unit)
    user = UserFactory.create(roles=[Role.PEGAWAI]) if with_account else None
    return EmployeeFactory.create(supervisor=boss, user=user, **kwargs)


def fill(training_class: TrainingClass, count: int, **employee_fields) -> list[Enrolment]:
    """`count` seat holders (ENROLLED) on the class, each a new employee without an account."""
    return [
        EnrolmentFactory.create(
            training_class=training_class, employee=EmployeeFactory.create(**employee_fields)
        )
        for _ in range(count)
    ]


def waitlisted(training_class: TrainingClass, employee: Employee, *, minutes_ago: int) -> Enrolment:
    return EnrolmentFactory.create(
        training_class=training_class,
        employee=employee,
        status=Enrolment.Status.WAITLISTED,
        waitlisted_at=timezone.now() - dt.timedelta(minutes=minutes_ago),
    )


@dataclass(frozen=True)
class Snapshot:
    enrolments: list[tuple[int, str]]
    audit_rows: int
    notifications: int


def snapshot() -> Snapshot:
    """What a refused action must leave as it was."""
    return Snapshot(
        enrolments=list(Enrolment.objects.order_by("pk").values_list("pk", "status")),
        audit_rows=AuditEvent.objects.count(),
        notifications=Notification.objects.count(),
    )


@pytest.fixture(name="klass")
def klass_fixture(db: None) -> TrainingClass:
    """An OPEN class for every unit: 30 seats, enrolment until 10 Dec 2026, held 14–16 Dec."""
    return TrainingClassFactory.create()


@pytest.fixture(name="small_class")
def small_class_fixture(db: None) -> TrainingClass:
    """An OPEN class with 2 seats."""
    return TrainingClassFactory.create(capacity=2)
