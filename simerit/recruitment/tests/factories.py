"""Factories for recruitment: a valid minimal object each; tests set only what they care about."""

import datetime as dt
import secrets
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from simerit.accounts.tests.factories import UserFactory
from simerit.core.roles import Role
from simerit.organization.models import EducationLevel
from simerit.organization.tests.factories import PositionFactory, WorkUnitFactory
from simerit.recruitment.models import (
    Applicant,
    Application,
    DocumentKind,
    Formasi,
    FormasiDocument,
    FormasiEducation,
    SelectionKind,
    SelectionPeriod,
    Stage,
    StageWindow,
    Track,
)


class SelectionPeriodFactory(DjangoModelFactory[SelectionPeriod]):
    class Meta:
        model = SelectionPeriod

    name = factory.Sequence(lambda n: f"Seleksi CASN Uji {n}")
    kind = SelectionKind.CPNS
    year = 2026
    status = SelectionPeriod.Status.PUBLISHED
    age_reference_date = dt.date(2026, 8, 1)


def open_windows(period: SelectionPeriod, *, now: dt.datetime | None = None) -> None:
    """Windows around `now`: registration open now, the later stages in the following weeks."""
    now = now or timezone.now()
    day = dt.timedelta(days=1)
    plan = [
        (Stage.REGISTRATION, now - 10 * day, now + 10 * day),
        (Stage.VERIFICATION, now + 10 * day, now + 20 * day),
        (Stage.ANNOUNCEMENT, now + 20 * day, now + 21 * day),
        (Stage.SANGGAH_FILING, now + 21 * day, now + 24 * day),
        (Stage.SANGGAH_ANSWER, now + 24 * day, now + 31 * day),
        (Stage.FINAL_ANNOUNCEMENT, now + 31 * day, now + 33 * day),
    ]
    for stage, opens_at, closes_at in plan:
        StageWindow.objects.update_or_create(
            period=period, stage=stage, defaults={"opens_at": opens_at, "closes_at": closes_at}
        )


class FormasiFactory(DjangoModelFactory[Formasi]):
    """A published formasi for S-1 Keperawatan with the national default documents ktp and ijazah."""

    class Meta:
        model = Formasi
        skip_postgeneration_save = True

    period = factory.SubFactory(SelectionPeriodFactory)
    code = factory.Sequence(lambda n: f"F{n:04d}")
    position = factory.SubFactory(PositionFactory, name="Perawat Ahli Pertama")
    work_unit = factory.SubFactory(WorkUnitFactory)
    quota = 2
    track = Track.UMUM
    min_age = 18
    max_age = 35
    age_reference_date = dt.date(2026, 8, 1)
    status = Formasi.Status.PUBLISHED

    @factory.post_generation
    def requirements(obj: Formasi, create: bool, extracted: Any, **kwargs: Any) -> None:  # noqa: N805
        if not create or extracted is False:
            return
        FormasiEducation.objects.create(
            formasi=obj, level=EducationLevel.objects.get(code="S1"), majors=["Keperawatan"]
        )
        for code in ("ktp", "ijazah"):
            kind = DocumentKind.objects.get(code=code)
            FormasiDocument.objects.create(
                formasi=obj, kind=kind, formats=kind.default_formats, max_kb=kind.default_max_kb
            )


def make_applicant_nik(*, birth_date: dt.date, gender: str, serial: int) -> str:
    day = birth_date.day + (40 if gender == "P" else 0)
    return f"167107{day:02d}{birth_date:%m}{birth_date:%y}{serial % 9999 + 1:04d}"


class ApplicantFactory(DjangoModelFactory[Applicant]):
    class Meta:
        model = Applicant

    user = factory.SubFactory(UserFactory, roles=[Role.PELAMAR])
    name = factory.LazyAttribute(lambda o: o.user.full_name)
    birth_place = "Palembang"
    birth_date = factory.Sequence(
        lambda n: dt.date(1996, 1, 1) + dt.timedelta(days=(53 * n) % 3000)
    )
    gender = factory.Sequence(lambda n: "P" if n % 2 else "L")
    nik = factory.LazyAttributeSequence(
        lambda o, n: make_applicant_nik(birth_date=o.birth_date, gender=o.gender, serial=n)
    )
    kk_number = factory.Sequence(lambda n: f"1671070101{n % 999999:06d}")
    phone = "081234567890"
    email = factory.LazyAttribute(lambda o: o.user.email)
    email_confirmed_at = factory.LazyFunction(timezone.now)
    education_level = factory.LazyFunction(lambda: EducationLevel.objects.get(code="S1"))
    education_major = "Keperawatan"


class ApplicationFactory(DjangoModelFactory[Application]):
    class Meta:
        model = Application

    applicant = factory.SubFactory(ApplicantFactory)
    formasi = factory.SubFactory(FormasiFactory)
    period = factory.LazyAttribute(lambda o: o.formasi.period)
    registration_number = factory.Sequence(lambda n: f"2026-UJI-{n:06d}")
    receipt_key = factory.LazyFunction(lambda: secrets.token_urlsafe(32))
