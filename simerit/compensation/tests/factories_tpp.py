"""Rows the TPP tests build on: a scheme (ORM, valid by construction), staff of a position kind,
final or open appraisals, monthly attendance recaps and sanctions (written directly, as the
discipline services would leave them)."""

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from django.utils import timezone

from simerit.accounts.models import User
from simerit.accounts.tests.factories import UserFactory
from simerit.compensation.models import BaseAmount, PredikatRate, Scheme
from simerit.compensation.services.schemes import SchemeData
from simerit.core.roles import Role
from simerit.discipline.models import (
    DisciplineCase,
    MonthlyAttendance,
    Sanction,
    SanctionType,
)
from simerit.discipline.rules import pp94
from simerit.employees.models import Employee
from simerit.employees.tests.factories import EmployeeFactory
from simerit.organization.models import Position, WorkUnit
from simerit.organization.tests.factories import PositionFactory
from simerit.performance.models import Appraisal, Predikat, Rating, Skp
from simerit.performance.tests.factories import PerformanceYearFactory

OCTOBER = dt.date(2026, 10, 1)
RATES = {
    Predikat.SANGAT_BAIK: Decimal(100),
    Predikat.BAIK: Decimal(90),
    Predikat.BUTUH_PERBAIKAN: Decimal(75),
    Predikat.KURANG: Decimal(50),
    Predikat.SANGAT_KURANG: Decimal(25),
}
KIND_AMOUNTS = {
    Position.Kind.PELAKSANA: 3_250_000,
    Position.Kind.FUNGSIONAL: 4_875_500,
    Position.Kind.PENGAWAS: 6_500_000,
}


def hr_user() -> User:
    return UserFactory.create(roles=[Role.ADMIN_BKPSDM])


def scheme_data(**overrides: object) -> SchemeData:
    """Valid input for the scheme service: 60/40, 2,5 % a day, 1,5 % an hour, 70 % without a
    predikat."""
    values: dict[str, object] = {
        "name": "Skema TPP 2026",
        "effective_from": dt.date(2026, 1, 1),
        "legal_basis": "Perwali Palembang Nomor 1 Tahun 2026",
        "performance_weight": Decimal(60),
        "discipline_weight": Decimal(40),
        "absent_day_cut": Decimal("2.5"),
        "late_hour_cut": Decimal("1.5"),
        "missing_predikat_rate": Decimal(70),
        "apply_sanction_cut": True,
        "rates": dict(RATES),
        "kind_amounts": dict(KIND_AMOUNTS),
    }
    values.update(overrides)
    return SchemeData(**values)  # type: ignore[arg-type]


def make_scheme(
    *,
    effective_from: dt.date = dt.date(2026, 1, 1),
    name: str = "Skema TPP 2026",
    apply_sanction_cut: bool = True,
    rates: Mapping[str, Decimal] | None = None,
    kind_amounts: Mapping[str, int] | None = None,
    created_by: User | None = None,
) -> Scheme:
    """The scheme of `scheme_data()`, written directly."""
    scheme = Scheme.objects.create(
        name=name,
        effective_from=effective_from,
        legal_basis="Perwali Palembang Nomor 1 Tahun 2026",
        performance_weight=Decimal(60),
        discipline_weight=Decimal(40),
        absent_day_cut=Decimal("2.5"),
        late_hour_cut=Decimal("1.5"),
        missing_predikat_rate=Decimal(70),
        apply_sanction_cut=apply_sanction_cut,
        created_by=created_by or UserFactory.create(),
    )
    for predikat, rate in (rates or RATES).items():
        PredikatRate.objects.create(scheme=scheme, predikat=predikat, rate=rate)
    for kind, amount in (kind_amounts if kind_amounts is not None else KIND_AMOUNTS).items():
        BaseAmount.objects.create(scheme=scheme, position_kind=kind, amount=amount)
    return scheme


def staff(
    unit: WorkUnit,
    *,
    name: str,
    kind: str = Position.Kind.PELAKSANA,
    position: Position | None = None,
    **fields: object,
) -> Employee:
    """An active employee of `unit` in a position of `kind` (its name says the kind)."""
    if position is None:
        position = PositionFactory.create(name=f"{Position.Kind(kind).label} {name}", kind=kind)
    return EmployeeFactory.create(work_unit=unit, name=name, position=position, **fields)


def _evaluator() -> Employee:
    """An inactive pejabat penilai (so that they never appear in a run)."""
    found = Employee.objects.filter(name="Penilai Uji").first()
    if found is not None:
        return found
    return EmployeeFactory.create(
        name="Penilai Uji", is_active=False, position=PositionFactory.create(kind="pengawas")
    )


def appraise(
    employee: Employee, *, year: int, predikat: str, status: str = Appraisal.Status.FINAL
) -> Appraisal:
    """The employee's appraisal of `year` with `predikat`, in `status`."""
    skp = Skp.objects.create(
        year=PerformanceYearFactory.create(year=year),
        employee=employee,
        work_unit=employee.work_unit,
        position=employee.position,
        evaluator=_evaluator(),
        status=Skp.Status.APPROVED,
    )
    return Appraisal.objects.create(
        skp=skp,
        result_rating=Rating.AS_EXPECTED,
        behaviour_rating=Rating.AS_EXPECTED,
        predikat=Predikat(predikat),
        status=status,
        decided_by=UserFactory.create(),
        decided_at=timezone.now(),
        delivered_at=None if status == Appraisal.Status.DECIDED else timezone.now(),
    )


def attendance(
    employee: Employee,
    *,
    month: dt.date = OCTOBER,
    absent: int = 0,
    late: int = 0,
    working_days: int = 22,
) -> MonthlyAttendance:
    return MonthlyAttendance.objects.create(
        employee=employee,
        month=month,
        working_days=working_days,
        absent_days=absent,
        late_minutes=late,
        longest_absence=min(absent, 1),
    )


_case_numbers = iter(range(1, 10_000))


def sanction(
    employee: Employee,
    *,
    starts_on: dt.date,
    sanction_type: str = SanctionType.POTONG_6,
    decided_on: dt.date | None = None,
    annulled: bool = False,
) -> Sanction:
    """A decided case of `employee` with its sanction from the PP 94 table."""
    spec = pp94.spec_for(sanction_type)
    decided = decided_on or starts_on - dt.timedelta(days=10)
    user = UserFactory.create()
    case = DisciplineCase.objects.create(
        number=f"HD-{decided.year}-{next(_case_numbers):04d}",
        employee=employee,
        source=DisciplineCase.Source.ATASAN,
        reporter_name="Atasan langsung",
        reported_on=decided - dt.timedelta(days=30),
        incident_on=decided - dt.timedelta(days=31),
        description="Tidak masuk kerja tanpa alasan yang sah.",
        suspected_level=spec.level,
        status=DisciplineCase.Status.DECIDED,
        opened_by=user,
    )
    return Sanction.objects.create(
        case=case,
        employee=employee,
        level=spec.level,
        sanction_type=sanction_type,
        basis=Sanction.Basis.EXAMINED,
        decree_number=f"800/{case.number}/BKPSDM",
        decided_on=decided,
        official="Wali Kota Palembang",
        considerations="Terbukti.",
        starts_on=starts_on,
        ends_on=pp94.end_date(sanction_type, starts_on),
        tpp_cut_percent=spec.tpp_cut_percent,
        decided_by=user,
        annulled_at=timezone.now() if annulled else None,
        annulment_reason="Dibatalkan pada keberatan." if annulled else "",
    )
