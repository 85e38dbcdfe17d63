"""Factories of the rewards tests: awards with criteria and a committee, nominations, grants,
employees with a given TMT CPNS, and sedang/berat sanctions (the discipline tests' factory).

Defaults describe 2026 around the fixed TODAY of conftest.py (Saturday 28 November 2026)."""

import datetime as dt
import itertools
import re
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from simerit.accounts.models import User
from simerit.accounts.tests.factories import UserFactory
from simerit.core.roles import Role
from simerit.discipline.models import DisciplineCase, Sanction, SanctionType
from simerit.discipline.tests.factories import DisciplineCaseFactory, SanctionFactory
from simerit.employees.models import Employee
from simerit.employees.tests.factories import EmployeeFactory
from simerit.rewards.models import Award, CommitteeMember, Criterion, Nomination
from simerit.rewards.services import grants as grant_services

_SERIALS = itertools.count(1)


def exact(message: str) -> str:
    """A `pytest.raises(match=...)` pattern for exactly `message`."""
    return f"^{re.escape(message)}$"


def starts(message: str) -> str:
    return f"^{re.escape(message)}"


def satyalancana(years: int) -> Award:
    """One of the three seeded classes (10, 20, 30)."""
    return Award.objects.get(kind=Award.Kind.SATYALANCANA, service_years=years)


def staff(tmt_cpns: dt.date | None = dt.date(2016, 1, 1), **fields: object) -> Employee:
    """An active employee (PNS by default) with the TMT CPNS given; a NIP is made even without
    one."""
    if tmt_cpns is None:
        fields.setdefault("nip", f"19800101{next(_SERIALS):010d}")
    return EmployeeFactory.create(tmt_cpns=tmt_cpns, **fields)


def hr_user(**fields: object) -> User:
    return UserFactory.create(roles=[Role.ADMIN_BKPSDM], **fields)


def sanction(
    employee: Employee,
    *,
    sanction_type: str = SanctionType.POTONG_6,
    decided_on: dt.date = dt.date(2026, 2, 1),
    annulled: bool = False,
    number: str | None = None,
) -> Sanction:
    """A decided sanction of `employee` (starting the 1st of the month after the decision)."""
    starts_on = (decided_on.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    case = DisciplineCaseFactory.create(
        employee=employee,
        status=DisciplineCase.Status.DECIDED,
        reported_on=decided_on - dt.timedelta(days=20),
        incident_on=decided_on - dt.timedelta(days=25),
        **({"number": number} if number else {}),
    )
    return SanctionFactory.create(
        employee=employee,
        case=case,
        sanction_type=sanction_type,
        decided_on=decided_on,
        starts_on=starts_on,
        annulled_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC) if annulled else None,
        annulment_reason="Dibatalkan atas keberatan." if annulled else "",
    )


class AwardFactory(DjangoModelFactory[Award]):
    """An award other than the Satyalancana, active, with no conditions."""

    class Meta:
        model = Award

    name = factory.Sequence(lambda n: f"Pegawai Teladan {n}")
    kind = Award.Kind.OTHER
    description = "Penghargaan bagi pegawai berprestasi."


class CriterionFactory(DjangoModelFactory[Criterion]):
    class Meta:
        model = Criterion

    award = factory.SubFactory(AwardFactory)
    name = factory.Sequence(lambda n: f"Kriteria {n}")
    weight = Decimal("50")
    max_score = 100
    order = factory.Sequence(lambda n: n)


class CommitteeMemberFactory(DjangoModelFactory[CommitteeMember]):
    class Meta:
        model = CommitteeMember

    award = factory.SubFactory(AwardFactory)
    year = 2026
    user = factory.SubFactory(UserFactory, roles=[Role.PEGAWAI])


class NominationFactory(DjangoModelFactory[Nomination]):
    class Meta:
        model = Nomination

    award = factory.SubFactory(AwardFactory)
    employee = factory.SubFactory(EmployeeFactory)
    year = 2026
    reason = "Berprestasi dan berintegritas."
    eligibility = factory.LazyFunction(
        lambda: [{"syarat": "Pegawai aktif", "terpenuhi": True, "keterangan": "Pegawai aktif."}]
    )
    nominated_by = factory.LazyFunction(hr_user)


def scored_award(*weights: str, members: int = 2) -> tuple[Award, list[Criterion], list[User]]:
    """An award with criteria of the given weights (max 100 each) and a 2026 committee."""
    award = AwardFactory.create()
    criteria = [
        CriterionFactory.create(award=award, name=f"Kriteria {index + 1}", weight=Decimal(weight))
        for index, weight in enumerate(weights or ("60", "40"))
    ]
    users = [
        CommitteeMemberFactory.create(award=award, year=2026, user__username=f"penilai{index}").user
        for index in range(members)
    ]
    return award, criteria, users


def granted(
    nomination: Nomination,
    *,
    actor: User,
    decree_number: str = "Keppres 12/TK/2026",
    granted_on: dt.date = dt.date(2026, 11, 20),
) -> Nomination:
    """Grant a nomination through the service (a SCORED one for an award other than the
    Satyalancana)."""
    return grant_services.decide_nomination(
        nomination=nomination,
        granted=True,
        decree_number=decree_number,
        granted_on=granted_on,
        actor=actor,
    )
