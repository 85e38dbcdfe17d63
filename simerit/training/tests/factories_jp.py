"""Helpers of the JP tests: a completed class of a given JP ending on a given day, an external
training in a given status, and a member of a unit with an account."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from simerit.accounts.models import User
from simerit.accounts.tests.factories import UserFactory
from simerit.core.roles import Role
from simerit.employees.models import Employee
from simerit.employees.tests.factories import EmployeeFactory
from simerit.organization.models import WorkUnit
from simerit.training.models import Enrolment, ExternalTraining, TrainingClass
from simerit.training.tests.factories import EnrolmentFactory, TrainingClassFactory


def staff(
    unit: WorkUnit,
    *,
    name: str,
    supervisor: Employee | None = None,
    account: bool = True,
    active: bool = True,
) -> Employee:
    """An employee of `unit` (with a Pegawai account unless `account` is False)."""
    user = UserFactory.create(full_name=name, roles=[Role.PEGAWAI]) if account else None
    return EmployeeFactory.create(
        user=user, work_unit=unit, name=name, supervisor=supervisor, is_active=active
    )


def completed(
    employee: Employee,
    *,
    jp: str,
    ends_on: dt.date,
    status: str = Enrolment.Status.COMPLETED,
    training_class: TrainingClass | None = None,
) -> Enrolment:
    """An enrolment of `employee` decided as `status` in a completed class of `jp` JP that ended
    on `ends_on` (held the two days before)."""
    if training_class is None:
        starts_on = ends_on - dt.timedelta(days=2)
        training_class = TrainingClassFactory.create(
            starts_on=starts_on,
            ends_on=ends_on,
            enrolment_closes_on=starts_on - dt.timedelta(days=3),
            jp=Decimal(jp),
            status=TrainingClass.Status.COMPLETED,
        )
    decided = status in (Enrolment.Status.COMPLETED, Enrolment.Status.NOT_COMPLETED)
    return EnrolmentFactory.create(
        employee=employee,
        training_class=training_class,
        status=status,
        completed_at=timezone.now() if decided else None,
    )


def external(
    employee: Employee,
    *,
    jp: str,
    ends_on: dt.date,
    status: str = ExternalTraining.Status.VALIDATED,
    title: str = "Webinar Manajemen Risiko",
    reviewer: User | None = None,
) -> ExternalTraining:
    """An external training of `employee` that ended on `ends_on`, claimed `jp` JP and, when
    validated, accepted in full."""
    validated = status == ExternalTraining.Status.VALIDATED
    return ExternalTraining.objects.create(
        employee=employee,
        title=title,
        provider="LAN RI",
        kind="seminar",
        starts_on=ends_on,
        ends_on=ends_on,
        jp_claimed=Decimal(jp),
        # Only the name: JP never reads the file.
        certificate_file="training/external/uji/sertifikat.pdf",
        original_name="sertifikat.pdf",
        file_format="pdf",
        size_bytes=12,
        sha256="0" * 64,
        status=status,
        jp_validated=Decimal(jp) if validated else None,
        reviewed_by=reviewer if validated else None,
        reviewed_at=timezone.now() if validated else None,
    )
