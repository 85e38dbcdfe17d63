"""Made-up applicants (pelamar) for the demo selection: identity, NIK and KK, education.

Drawn from one seeded random source and Faker id_ID, apart from the generator of the demo's
employees, so that changing the organisation does not change the applicants. NIK and KK numbers
are Palembang's (16.71, kecamatan 01–18) and agree with the stated birth date and gender
(domain reference §4.1); the story asks for the education and age each applicant needs.
"""

import datetime as dt
import random
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.text import slugify
from faker import Faker

from simerit.demo import formasi as story
from simerit.demo.formasi import FormasiSpec, PeriodSpec
from simerit.demo.people import BIRTH_PLACES, DISTRICTS, PALEMBANG, nik_for
from simerit.employees.models import Gender
from simerit.recruitment.models import Track

EMAIL_DOMAIN = "demo.simerit.test"
# Majors of applicants to a formasi that accepts every major of its level.
ANY_MAJOR = ("Manajemen", "Ilmu Administrasi Negara", "Kesehatan Masyarakat", "Akuntansi")


@dataclass(frozen=True)
class DemoApplicant:
    name: str
    gender: str
    birth_place: str
    birth_date: dt.date
    nik: str
    kk_number: str
    phone: str
    email: str
    education_level: str  # EducationLevel code
    education_major: str
    gpa: Decimal | None
    is_disabled: bool = False


class ApplicantGenerator:
    """Never repeats a NIK (also none of `taken_niks`), a KK number or an e-mail address."""

    def __init__(self, *, seed: int, taken_niks: Iterable[str] = ()) -> None:
        # Seeded on purpose: demo data must be the same on every run, and is never a secret.
        self.random = random.Random(seed)  # noqa: S311
        self.faker = Faker("id_ID")
        self.faker.seed_instance(seed)
        self.niks = set(taken_niks)
        self.kks: set[str] = set()
        self.count = 0
        places, weights = zip(*BIRTH_PLACES, strict=True)
        self._places: tuple[str, ...] = places
        self._weights: tuple[int, ...] = weights

    def applicant(
        self,
        *,
        age_on: dt.date,
        age: int,
        education_level: str,
        education_major: str,
        gpa: Decimal | None,
        is_disabled: bool = False,
        name: str = "",
        gender: str = "",
    ) -> DemoApplicant:
        """Someone who is `age` full years old (and some months) on `age_on`."""
        self.count += 1
        gender = gender or self.random.choice((Gender.MALE, Gender.FEMALE))
        name = name or self._name(gender)
        birth_date = _years_before(age_on, age) - dt.timedelta(days=self.random.randint(20, 300))
        district = self.random.choice(DISTRICTS)
        local = slugify(name).replace("-", ".")
        return DemoApplicant(
            name=name,
            gender=gender,
            birth_place=self.random.choices(self._places, weights=self._weights)[0],
            birth_date=birth_date,
            nik=self._nik(birth_date=birth_date, gender=gender, district=district),
            kk_number=self._kk(district=district),
            phone=f"08{self.random.choice((12, 13, 21, 22, 52, 53, 77, 78, 95))}"
            f"{self.random.randint(10_000_000, 99_999_999)}",
            email=f"{local}.{self.count:03d}@{EMAIL_DOMAIN}",
            education_level=education_level,
            education_major=education_major,
            gpa=gpa,
            is_disabled=is_disabled,
        )

    def for_formasi(
        self, period: PeriodSpec, item: FormasiSpec, misfit: str, *, today: dt.date
    ) -> DemoApplicant:
        """An applicant for `item`: one who meets its requirements, or who fails by `misfit`.

        Ages keep well away from the limits, so the same people qualify whatever the day.
        """
        choose = self.random.choice
        level, majors = item.education[0]
        major = choose(majors) if majors else choose(ANY_MAJOR)
        max_age = item.max_age or period.max_age
        age = self.random.randint(22, min(max_age - 3, 45))
        gpa: Decimal | None = self.gpa("3.55", "3.92") if item.min_gpa else self.gpa("2.85", "3.80")
        disabled = item.track == Track.DISABILITAS
        if misfit == story.MAJOR:
            major = choose(story.UNRELATED_MAJORS)
        elif misfit == story.LEVEL and level == "S1":
            level = "D3"
        elif misfit == story.LEVEL:
            level, major, gpa = "SMA", "", None
        elif misfit == story.OLD:
            age = max_age + self.random.randint(1, 4)
        elif misfit == story.LOW_GPA:
            gpa = self.gpa("3.05", "3.45")
        elif misfit == story.NOT_DISABLED:
            disabled = False
        return self.applicant(
            age_on=today + dt.timedelta(days=period.age_reference),
            age=age,
            education_level=level,
            education_major=major,
            gpa=gpa,
            is_disabled=disabled,
        )

    def gpa(self, low: str, high: str) -> Decimal:
        """A GPA between `low` and `high` (both inclusive), to two decimals."""
        cents = self.random.randint(int(Decimal(low) * 100), int(Decimal(high) * 100))
        return Decimal(cents) / 100

    def family_card(self) -> str:
        """A KK number of someone in Palembang who is not an applicant (a staff member's own)."""
        return self._kk(district=self.random.choice(DISTRICTS))

    def _name(self, gender: str) -> str:
        # first_name + last_name: Faker's name() adds academic titles.
        if gender == Gender.FEMALE:
            return f"{self.faker.first_name_female()} {self.faker.last_name_female()}"
        return f"{self.faker.first_name_male()} {self.faker.last_name_male()}"

    def _nik(self, *, birth_date: dt.date, gender: str, district: str) -> str:
        serial = self.random.randint(1, 9999)
        while True:
            nik = nik_for(birth_date=birth_date, gender=gender, district=district, serial=serial)
            if nik not in self.niks:
                self.niks.add(nik)
                return nik
            serial = serial % 9999 + 1

    def _kk(self, *, district: str) -> str:
        # A KK number: region, the date the card was issued (ddmmyy), serial (as checked by
        # recruitment.services.applicants.validate_kk_number).
        while True:
            issued = dt.date(2010, 1, 1) + dt.timedelta(days=self.random.randint(0, 5000))
            kk = f"{PALEMBANG}{district}{issued:%d%m%y}{self.random.randint(1, 9999):04d}"
            if kk not in self.kks:
                self.kks.add(kk)
                return kk


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)
