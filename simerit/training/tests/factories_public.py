"""Factories of the public preparation tests. Defaults sit around the fixed TODAY of conftest.py
(Saturday 28 November 2026, 10.00 WIB): a published sosialisasi on Saturday 5 December 2026,
09.00–12.00 WIB, registration open until 4 December 23.59 WIB, 50 seats."""

import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from simerit.accounts.tests.factories import UserFactory
from simerit.core.roles import Role
from simerit.training.models import InformationSession, ReadingMaterial, SessionRegistration
from simerit.training.services.public import new_code

WIB = dt.timezone(dt.timedelta(hours=7))

# What a visitor types into the registration form.
VISITOR = {
    "name": "Rina Marlina",
    "email": "Rina.Marlina@Contoh.id",
    "phone": "0812-3456-7890",
    "consent": "on",
}


class InformationSessionFactory(DjangoModelFactory[InformationSession]):
    class Meta:
        model = InformationSession

    title = factory.Sequence(lambda n: f"Sosialisasi Seleksi CASN 2027 angkatan {n + 1}")
    kind = InformationSession.Kind.BRIEFING
    description = "Persyaratan pelamar, tahapan seleksi, dan cara nilai serta peringkat dihitung."
    starts_at = dt.datetime(2026, 12, 5, 9, 0, tzinfo=WIB)
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=3))
    registration_closes_at = dt.datetime(2026, 12, 4, 23, 59, tzinfo=WIB)
    venue = "Aula BKPSDM Kota Palembang"
    online_url = ""
    capacity = 50
    status = InformationSession.Status.PUBLISHED
    created_by = factory.SubFactory(UserFactory, roles=[Role.ADMIN_BKPSDM])

    class Params:
        # Cancelled the day before TODAY, Friday 27 November 2026 at 14.05 WIB.
        cancelled = factory.Trait(
            status=InformationSession.Status.CANCELLED,
            cancelled_at=dt.datetime(2026, 11, 27, 14, 5, tzinfo=WIB),
            cancel_reason="Narasumber berhalangan hadir.",
        )


class SessionRegistrationFactory(DjangoModelFactory[SessionRegistration]):
    """A seat (REGISTERED); pass status=WAITLISTED with waitlisted_at for the waitlist."""

    class Meta:
        model = SessionRegistration

    session = factory.SubFactory(InformationSessionFactory)
    name = factory.Sequence(lambda n: f"Peserta {n + 1}")
    email = factory.Sequence(lambda n: f"peserta{n + 1}@contoh.id")
    phone = "081200000000"
    code = factory.LazyFunction(new_code)
    status = SessionRegistration.Status.REGISTERED
    waitlisted_at = None
    consent_at = factory.LazyFunction(timezone.now)


class ReadingMaterialFactory(DjangoModelFactory[ReadingMaterial]):
    class Meta:
        model = ReadingMaterial

    title = factory.Sequence(lambda n: f"Bahan bacaan {n + 1}")
    summary = "Ringkasan tahapan seleksi CASN."
    body = "Paragraf pertama.\n\nParagraf kedua,\nbaris kedua."
    position = 0
    is_published = True
    created_by = factory.SubFactory(UserFactory, roles=[Role.ADMIN_BKPSDM])


def waitlisted(session: InformationSession, minutes_ago: int) -> SessionRegistration:
    """A registration waiting since `minutes_ago` minutes before now."""
    return SessionRegistrationFactory.create(
        session=session,
        status=SessionRegistration.Status.WAITLISTED,
        waitlisted_at=timezone.now() - dt.timedelta(minutes=minutes_ago),
    )
