"""Shared factories of the training tests. Each part may add its own `factories_<part>.py`.

Defaults describe 2026 around the fixed TODAY of conftest.py (28 November 2026): a class open for
enrolment until 10 December and held 14–16 December, with three meetings."""

import datetime as dt
import secrets
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from simerit.accounts.tests.factories import UserFactory
from simerit.core.roles import Role
from simerit.training.models import (
    Competency,
    Enrolment,
    Meeting,
    Programme,
    ProgrammeKind,
    TrainingClass,
    TrainingYear,
)

WIB = dt.timezone(dt.timedelta(hours=7))


class TrainingYearFactory(DjangoModelFactory[TrainingYear]):
    class Meta:
        model = TrainingYear
        django_get_or_create = ("year",)

    year = 2026
    minimum_jp = Decimal("20.0")
    reminders_from = factory.LazyAttribute(lambda o: dt.date(o.year, 10, 1))
    max_jp_per_day = Decimal("10.0")


class CompetencyFactory(DjangoModelFactory[Competency]):
    class Meta:
        model = Competency

    code = factory.Sequence(lambda n: f"K{n:03d}")
    name = factory.Sequence(lambda n: f"Kompetensi {n}")
    kind = Competency.Kind.TECHNICAL


class ProgrammeFactory(DjangoModelFactory[Programme]):
    class Meta:
        model = Programme

    code = factory.Sequence(lambda n: f"PRG-{n:03d}")
    name = factory.Sequence(lambda n: f"Pelatihan Teknis {n}")
    kind = ProgrammeKind.TECHNICAL
    jp = Decimal("12.0")
    provider = "BKPSDM Kota Palembang"
    mode = Programme.Mode.CLASSICAL
    created_by = factory.SubFactory(UserFactory, roles=[Role.ADMIN_BKPSDM])


class TrainingClassFactory(DjangoModelFactory[TrainingClass]):
    class Meta:
        model = TrainingClass

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Angkatan {n + 1}")
    starts_on = dt.date(2026, 12, 14)
    ends_on = dt.date(2026, 12, 16)
    venue = "Aula BKPSDM Kota Palembang"
    capacity = 30
    enrolment_closes_on = dt.date(2026, 12, 10)
    jp = factory.LazyAttribute(lambda o: o.programme.jp)
    status = TrainingClass.Status.OPEN
    created_by = factory.LazyAttribute(lambda o: o.programme.created_by)


class MeetingFactory(DjangoModelFactory[Meeting]):
    class Meta:
        model = Meeting

    training_class = factory.SubFactory(TrainingClassFactory)
    number = factory.Sequence(lambda n: n + 1)
    topic = factory.Sequence(lambda n: f"Materi {n + 1}")
    starts_at = factory.LazyAttribute(
        lambda o: dt.datetime.combine(o.training_class.starts_on, dt.time(8, 0), tzinfo=WIB)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=4))
    checkin_token = factory.LazyFunction(lambda: secrets.token_urlsafe(32))


class EnrolmentFactory(DjangoModelFactory[Enrolment]):
    """An approved (ENROLLED) self-enrolment; pass `employee`."""

    class Meta:
        model = Enrolment

    training_class = factory.SubFactory(TrainingClassFactory)
    route = Enrolment.Route.SELF
    status = Enrolment.Status.ENROLLED
    requested_by = factory.LazyAttribute(lambda o: o.employee.user or o.training_class.created_by)
    decided_at = factory.LazyFunction(timezone.now)
