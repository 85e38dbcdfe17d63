"""Shared factories of the career tests (promotion, angka kredit, talent, succession, retirement).
Each part may add its own `factories_<part>.py`.

Defaults describe the fixed TODAY of conftest.py (28 November 2026), whose next KP period is
1 December 2026: a `CareerEmployeeFactory` employee is an active PNS, golongan III/b since
1 October 2022 (4 years and 2 months on 1 December 2026), pelaksana, in its own unit, with a
supervisor who has an account (so appraisals can be written for them). Predikat, sanctions, an
education and angka kredit rows are added with the helpers below only where a test needs them.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from simerit.accounts.models import User
from simerit.accounts.tests.factories import UserFactory
from simerit.career.models import CreditOpening, CreditRequirement, EducationCeiling
from simerit.core.roles import Role
from simerit.discipline.models import Appeal, DisciplineCase, Level, Sanction
from simerit.discipline.rules import pp94
from simerit.employees.models import EducationHistory, Employee, EmployeeKind
from simerit.employees.tests.factories import EmployeeFactory
from simerit.organization.models import EducationLevel, OpdAdmin, Position, WorkUnit
from simerit.organization.tests.factories import (
    PositionFactory,
    WorkUnitFactory,
    golongan,
    root_unit,
)
from simerit.performance.models import Appraisal, Predikat, Rating, Skp
from simerit.performance.tests.factories import PerformanceYearFactory

# --- people ------------------------------------------------------------------------------------


def user_with(*roles: str, **fields: object) -> User:
    """An account with `roles` (e.g. `user_with(Role.ADMIN_BKPSDM)`)."""
    user: User = UserFactory.create(roles=list(roles), **fields)
    return user


def hr_user(**fields: object) -> User:
    return user_with(Role.ADMIN_BKPSDM, **fields)


def auditor_user(**fields: object) -> User:
    return user_with(Role.AUDITOR, **fields)


def opd_admin_user(unit: WorkUnit, **fields: object) -> User:
    """An Admin OPD whose scope is `unit` and the units below it."""
    user = user_with(Role.ADMIN_OPD, **fields)
    OpdAdmin.objects.create(user=user, work_unit=unit)
    return user


def make_unit(name: str, *, parent: WorkUnit | None = None) -> WorkUnit:
    unit: WorkUnit = WorkUnitFactory.create(name=name, parent=parent or root_unit())
    return unit


def functional_position(level: str, *, name: str = "") -> Position:
    """A jabatan fungsional of jenjang `level` (a `Position.FunctionalLevel` value)."""
    label = Position.FunctionalLevel(level).label
    position: Position = PositionFactory.create(
        name=name or f"Analis Kebijakan {label}",
        kind=Position.Kind.FUNGSIONAL,
        functional_level=level,
    )
    return position


class SupervisorFactory(EmployeeFactory):
    """An atasan with an account (roles Pegawai and Atasan)."""

    position = factory.SubFactory(PositionFactory, kind=Position.Kind.PENGAWAS)
    golongan = factory.LazyFunction(lambda: golongan("III/d"))
    tmt_golongan = dt.date(2020, 4, 1)
    user = factory.SubFactory(UserFactory, roles=[Role.PEGAWAI, Role.ATASAN])


class CareerEmployeeFactory(EmployeeFactory):
    """An active PNS, III/b TMT 1 October 2022, pelaksana, with a supervisor in the same unit.
    Pass `supervisor=None` for none, `work_unit=` to place them (the supervisor follows)."""

    kind = EmployeeKind.PNS
    golongan = factory.LazyFunction(lambda: golongan("III/b"))
    tmt_golongan = dt.date(2022, 10, 1)
    supervisor = factory.SubFactory(
        SupervisorFactory, work_unit=factory.SelfAttribute("..work_unit")
    )


def with_account(employee: Employee, *roles: str) -> User:
    """Give `employee` an account (default role Pegawai) and return it."""
    user = user_with(*(roles or (Role.PEGAWAI,)))
    employee.user = user
    employee.save(update_fields=["user", "updated_at"])
    return user


def give_education(employee: Employee, code: str, *, year: int = 2005) -> EducationHistory:
    """An education record of level `code` (SMA, D3, S1, S2, …)."""
    return EducationHistory.objects.create(
        employee=employee,
        level=EducationLevel.objects.get(code=code),
        major="Umum",
        graduation_year=year,
    )


# --- performance ---------------------------------------------------------------------------------


def appraise(
    employee: Employee,
    *,
    year: int,
    predikat: str,
    status: str = Appraisal.Status.FINAL,
    position: Position | None = None,
) -> Appraisal:
    """The employee's appraisal of `year` with `predikat`, final by default (evaluated by their
    supervisor, who must exist and have an account). `position` is the SKP's position (default:
    the employee's current one), which decides the angka kredit."""
    supervisor = employee.supervisor
    assert supervisor is not None, "appraise needs a supervisor"
    assert supervisor.user is not None, "appraise needs a supervisor with an account"
    skp = Skp.objects.create(
        year=PerformanceYearFactory.create(year=year),
        employee=employee,
        work_unit=employee.work_unit,
        position=position or employee.position,
        evaluator=supervisor,
        evaluator_superior=supervisor.supervisor,
        status=Skp.Status.APPROVED,
    )
    now = timezone.now()
    appraisal: Appraisal = Appraisal.objects.create(
        skp=skp,
        result_rating=Rating.AS_EXPECTED,
        behaviour_rating=Rating.AS_EXPECTED,
        predikat=Predikat(predikat),
        status=status,
        decided_by=supervisor.user,
        decided_at=now,
        delivered_at=None if status == Appraisal.Status.DECIDED else now,
    )
    return appraisal


def appraise_years(employee: Employee, predikats: dict[int, str]) -> list[Appraisal]:
    """Final appraisals, one per {year: predikat}."""
    return [
        appraise(employee, year=year, predikat=predikat) for year, predikat in predikats.items()
    ]


# --- discipline (rows written directly: the discipline services are another app's) ----------


_case_numbers = iter(range(1, 10_000))


def sanction(
    employee: Employee,
    *,
    sanction_type: str = "potong_tpp_6",
    starts_on: dt.date = dt.date(2026, 2, 1),
    decided_on: dt.date | None = None,
    number: str = "",
    annulled: bool = False,
) -> Sanction:
    """A decided case with its sanction; level, end and TPP cut from the PP 94 table."""
    spec = pp94.spec_for(sanction_type)
    decided = decided_on or starts_on
    recorder = user_with(Role.ADMIN_BKPSDM)
    case = DisciplineCase.objects.create(
        number=number or f"HD-{decided.year}-{next(_case_numbers):04d}",
        employee=employee,
        supervisor=employee.supervisor,
        source=DisciplineCase.Source.ATASAN,
        reporter_name="Atasan langsung",
        reported_on=decided,
        incident_on=decided,
        description="Tidak masuk kerja tanpa alasan yang sah.",
        suspected_level=Level(spec.level),
        status=DisciplineCase.Status.DECIDED,
        opened_by=recorder,
    )
    return Sanction.objects.create(
        case=case,
        employee=employee,
        level=spec.level,
        sanction_type=sanction_type,
        basis=Sanction.Basis.EXAMINED,
        decree_number=f"800/{case.number}",
        decided_on=decided,
        official="Wali Kota Palembang",
        considerations="Terbukti melanggar.",
        starts_on=starts_on,
        ends_on=pp94.end_date(sanction_type, starts_on),
        tpp_cut_percent=spec.tpp_cut_percent,
        decided_by=recorder,
        annulled_at=timezone.now() if annulled else None,
        annulment_reason="Dibatalkan atas keberatan." if annulled else "",
    )


def appeal(
    sanction: Sanction,
    *,
    filed_on: dt.date = dt.date(2026, 11, 10),
    decided_on: dt.date | None = None,
    outcome: str = Appeal.Outcome.PENDING,
) -> Appeal:
    """A keberatan against `sanction`, pending unless `decided_on` and `outcome` say otherwise."""
    recorder = user_with(Role.ADMIN_BKPSDM)
    return Appeal.objects.create(
        sanction=sanction,
        kind=Appeal.Kind.KEBERATAN,
        filed_on=filed_on,
        reason="Hukuman tidak sebanding dengan pelanggaran.",
        filed_by=recorder,
        outcome=outcome,
        decided_on=decided_on,
        decided_by=recorder if decided_on else None,
    )


# --- career configuration ------------------------------------------------------------------------


class CreditRequirementFactory(DjangoModelFactory[CreditRequirement]):
    class Meta:
        model = CreditRequirement
        django_get_or_create = ("functional_level",)

    functional_level = Position.FunctionalLevel.AHLI_PERTAMA
    for_next_rank = Decimal("50.000")
    legal_basis = "Keputusan Kepala BKN (uji)"


class CreditOpeningFactory(DjangoModelFactory[CreditOpening]):
    """Pass `employee`."""

    class Meta:
        model = CreditOpening

    as_of = dt.date(2024, 12, 31)
    amount = Decimal("20.000")
    note = "Konversi angka kredit integrasi"
    recorded_by = factory.LazyFunction(hr_user)


def ceiling(education_code: str, golongan_code: str) -> EducationCeiling:
    """The highest golongan a KP reguler reaches with education `education_code`."""
    row: EducationCeiling = EducationCeiling.objects.create(
        education_level=EducationLevel.objects.get(code=education_code),
        max_golongan=golongan(golongan_code),
        legal_basis="PP 99/2000 Pasal 8",
    )
    return row


# --- a small organisation -----------------------------------------------------------------------


@dataclass
class Office:
    """One OPD with a division: `chief` (Administrator, Atasan with an account) supervises
    `staff` (three PNS in the division); `other` is a PNS of another OPD, supervised by
    `other_chief` (an Atasan there). Every one of them is an active PNS. Accounts: `hr`,
    `auditor`, `admin` (Admin OPD of `unit`), `other_admin` (Admin OPD of the other OPD)."""

    unit: WorkUnit
    division: WorkUnit
    other_unit: WorkUnit
    chief: Employee
    staff: list[Employee]
    other: Employee
    other_chief: Employee
    hr: User
    auditor: User
    admin: User
    other_admin: User

    def user(self, employee: Employee) -> User:
        assert employee.user is not None
        return employee.user


def make_office(prefix: str = "") -> Office:
    unit = make_unit(f"{prefix}Dinas Pendidikan")
    division = WorkUnitFactory.create(
        name=f"{prefix}Bidang Pembinaan", kind=WorkUnit.Kind.DIVISION, parent=unit
    )
    other_unit = make_unit(f"{prefix}Dinas Perhubungan")
    chief = CareerEmployeeFactory.create(
        name=f"{prefix}Kabid Bina",
        work_unit=division,
        position=PositionFactory.create(name="Kepala Bidang", kind=Position.Kind.ADMINISTRATOR),
        golongan=golongan("IV/a"),
        tmt_golongan=dt.date(2021, 4, 1),
        supervisor=None,
        user=UserFactory.create(roles=[Role.PEGAWAI, Role.ATASAN]),
    )
    staff = [
        CareerEmployeeFactory.create(
            name=f"{prefix}Staf {letter}",
            work_unit=division,
            supervisor=chief,
            user=UserFactory.create(roles=[Role.PEGAWAI]),
        )
        for letter in "ABC"
    ]
    other_chief = CareerEmployeeFactory.create(
        name=f"{prefix}Kabid Hubung",
        work_unit=other_unit,
        golongan=golongan("IV/a"),
        tmt_golongan=dt.date(2021, 4, 1),
        supervisor=None,
        user=UserFactory.create(roles=[Role.PEGAWAI, Role.ATASAN]),
    )
    other = CareerEmployeeFactory.create(
        name=f"{prefix}Pegawai Lain", work_unit=other_unit, supervisor=other_chief
    )
    return Office(
        unit=unit,
        division=division,
        other_unit=other_unit,
        chief=chief,
        staff=staff,
        other=other,
        other_chief=other_chief,
        hr=hr_user(),
        auditor=auditor_user(),
        admin=opd_admin_user(unit),
        other_admin=opd_admin_user(other_unit),
    )
