"""Factories and fixtures of the certificate and external training tests.

`finished_class` is a class of "Pelayanan Prima" held 2–4 November 2026 (before the fixed TODAY of
conftest.py, 28 November 2026) and marked COMPLETED; `passed` completes the persona employee in it
(Pegawai Uji, with titles, under Kepala Bidang in Dinkes). External training records carry a real
one-page PDF in the private storage of the `media` fixture (recruitment/tests/samples.py).
`CertificateFactory` makes a certificate row directly (no PDF built; pass `enrolment` and
`issued_by`), its printed fields frozen from the enrolment as `issue_certificates` does."""

import datetime as dt
import hashlib
from decimal import Decimal

import factory
import pytest
from django.utils import timezone
from factory.django import DjangoModelFactory

from simerit.accounts.models import User
from simerit.employees.models import Employee
from simerit.employees.tests.factories import EmployeeFactory
from simerit.recruitment.tests.samples import pdf_bytes
from simerit.training.models import (
    Certificate,
    Enrolment,
    ExternalTraining,
    ProgrammeKind,
    TrainingClass,
)
from simerit.training.tests.factories import (
    EnrolmentFactory,
    ProgrammeFactory,
    TrainingClassFactory,
)

PDF = pdf_bytes()


def make_finished_class(**overrides: object) -> TrainingClass:
    """A class held 2–4 November 2026, marked COMPLETED."""
    values: dict[str, object] = {
        "programme": ProgrammeFactory.create(name="Pelayanan Prima", jp=Decimal("24.0")),
        "name": "Angkatan I",
        "starts_on": dt.date(2026, 11, 2),
        "ends_on": dt.date(2026, 11, 4),
        "enrolment_closes_on": dt.date(2026, 10, 28),
        "status": TrainingClass.Status.COMPLETED,
    }
    values.update(overrides)
    return TrainingClassFactory.create(**values)


def complete(employee: Employee, training_class: TrainingClass, **overrides: object) -> Enrolment:
    """A COMPLETED (passed) enrolment of `employee` in `training_class`."""
    values: dict[str, object] = {
        "employee": employee,
        "training_class": training_class,
        "status": Enrolment.Status.COMPLETED,
        "completed_at": timezone.now(),
        "post_test_score": Decimal("85.00"),
    }
    values.update(overrides)
    return EnrolmentFactory.create(**values)


class CertificateFactory(DjangoModelFactory[Certificate]):
    """A certificate of `enrolment` issued now, with the frozen fields taken from the enrolment's
    employee, class and programme (override any of them) and a placeholder SHA-256."""

    class Meta:
        model = Certificate

    number = factory.Sequence(lambda n: f"SMR-2026-{n + 1:06d}-ABCDEF")
    issued_at = factory.LazyFunction(timezone.now)
    sha256 = "0" * 64
    holder_name = factory.LazyAttribute(lambda o: o.enrolment.employee.display_name)
    holder_nip = factory.LazyAttribute(lambda o: o.enrolment.employee.nip)
    programme_name = factory.LazyAttribute(lambda o: o.enrolment.training_class.programme.name)
    class_name = factory.LazyAttribute(lambda o: o.enrolment.training_class.name)
    provider = factory.LazyAttribute(lambda o: o.enrolment.training_class.programme.provider)
    starts_on = factory.LazyAttribute(lambda o: o.enrolment.training_class.starts_on)
    ends_on = factory.LazyAttribute(lambda o: o.enrolment.training_class.ends_on)
    jp = factory.LazyAttribute(lambda o: o.enrolment.training_class.jp)


class ExternalTrainingFactory(DjangoModelFactory[ExternalTraining]):
    """A SUBMITTED course of 2 days in October 2026 claiming 12 JP; pass `employee`."""

    class Meta:
        model = ExternalTraining

    title = factory.Sequence(lambda n: f"Kursus Analisis Data {n + 1}")
    provider = "Lembaga Administrasi Negara"
    kind = ProgrammeKind.ELEARNING
    starts_on = dt.date(2026, 10, 5)
    ends_on = dt.date(2026, 10, 6)
    jp_claimed = Decimal("12.0")
    certificate_file = factory.django.FileField(
        data=PDF, filename=factory.Sequence(lambda n: f"{n:032x}.pdf")
    )
    original_name = "sertifikat.pdf"
    file_format = "pdf"
    size_bytes = len(PDF)
    sha256 = factory.Sequence(lambda n: hashlib.sha256(PDF + str(n).encode()).hexdigest())


def employee_record(user: User) -> Employee:
    return Employee.objects.get(user=user)


def staff_record(user: User, **overrides: object) -> Employee:
    """An employee record for a staff account (Admin BKPSDM is usually a PNS too)."""
    values: dict[str, object] = {"user": user, "name": user.full_name}
    values.update(overrides)
    return EmployeeFactory.create(**values)


@pytest.fixture(name="holder")
def holder_fixture(employee: User) -> Employee:
    """The persona employee with academic titles (they are printed on the certificate)."""
    record = employee_record(employee)
    record.front_title, record.back_title = "dr.", "M.Kes."
    record.save(update_fields=["front_title", "back_title"])
    return record


@pytest.fixture(name="finished_class")
def finished_class_fixture(db: None) -> TrainingClass:
    return make_finished_class()


@pytest.fixture(name="passed")
def passed_fixture(holder: Employee, finished_class: TrainingClass) -> Enrolment:
    return complete(holder, finished_class)
