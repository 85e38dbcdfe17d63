import datetime as dt

import factory
from factory.django import DjangoModelFactory

from simerit.employees.models import Employee, EmployeeKind, Gender
from simerit.organization.tests.factories import PositionFactory, WorkUnitFactory, golongan


def make_nik(*, birth_date: dt.date, gender: str, serial: int, district: str = "01") -> str:
    """A NIK that validates: Palembang region, birth date (+40 for women), serial."""
    day = birth_date.day + (40 if gender == Gender.FEMALE else 0)
    return f"1671{district}{day:02d}{birth_date:%m}{birth_date:%y}{serial:04d}"


def make_nip(*, birth_date: dt.date, tmt_cpns: dt.date, gender: str, serial: int) -> str:
    """A NIP that validates and agrees with the NIK made from the same birth date and gender."""
    digit = "2" if gender == Gender.FEMALE else "1"
    return f"{birth_date:%Y%m%d}{tmt_cpns:%Y%m}{digit}{serial % 1000 or 1:03d}"


class EmployeeFactory(DjangoModelFactory[Employee]):
    class Meta:
        model = Employee

    kind = EmployeeKind.PNS
    name = factory.Faker("name", locale="id_ID")
    birth_place = "Palembang"
    # Cycles through 1970–1994 so that TMT CPNS 2010 always comes after age 15.
    birth_date = factory.Sequence(
        lambda n: dt.date(1970, 1, 1) + dt.timedelta(days=(37 * n) % 9000)
    )
    gender = factory.Sequence(lambda n: Gender.FEMALE if n % 2 else Gender.MALE)
    tmt_cpns = dt.date(2010, 3, 1)
    # A PNS needs TMT PNS (services.validate_employee_input); one year after TMT CPNS is the usual.
    tmt_pns = factory.LazyAttribute(
        lambda o: (
            o.tmt_cpns.replace(year=o.tmt_cpns.year + 1)
            if o.kind == EmployeeKind.PNS and o.tmt_cpns
            else None
        )
    )
    nik = factory.LazyAttributeSequence(
        lambda o, n: make_nik(birth_date=o.birth_date, gender=o.gender, serial=n % 9999 + 1)
    )
    nip = factory.LazyAttributeSequence(
        lambda o, n: make_nip(
            birth_date=o.birth_date, tmt_cpns=o.tmt_cpns, gender=o.gender, serial=n % 999 + 1
        )
    )
    work_unit = factory.SubFactory(WorkUnitFactory)
    position = factory.SubFactory(PositionFactory)
    golongan = factory.LazyFunction(lambda: golongan("III/a"))
