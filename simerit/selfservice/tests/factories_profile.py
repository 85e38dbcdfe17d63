"""Rows the Karier Saya tests need from other apps, written directly (their services are the other
parts' business): an employee with an account, a TPP line of a run, a grant and a nomination.
People, appraisals and sanctions come from `simerit.career.tests.factories`."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from simerit.accounts.models import User
from simerit.career.tests.factories import CareerEmployeeFactory, hr_user, with_account
from simerit.compensation.models import Line, Run, Scheme
from simerit.employees.models import Employee
from simerit.rewards.models import Award, Grant, Nomination


def person(**fields: object) -> tuple[Employee, User]:
    """An active PNS (III/b since 1 October 2022, with a supervisor) with a Pegawai account."""
    employee: Employee = CareerEmployeeFactory.create(**fields)
    return employee, with_account(employee)


def scheme(*, effective_from: dt.date = dt.date(2024, 1, 1)) -> Scheme:
    """The test scheme in force from `effective_from` (one per month, reused)."""
    found = Scheme.objects.filter(effective_from=effective_from).first()
    if found is not None:
        return found
    created: Scheme = Scheme.objects.create(
        name="Skema uji",
        effective_from=effective_from,
        legal_basis="Perwali uji",
        performance_weight=Decimal("60"),
        discipline_weight=Decimal("40"),
        absent_day_cut=Decimal("3"),
        late_hour_cut=Decimal("0.5"),
        missing_predikat_rate=Decimal("80"),
        created_by=hr_user(),
    )
    return created


def run(month: dt.date, *, status: str = Run.Status.FINAL) -> Run:
    """The run of `month` in `status` (a month has at most one final and one draft run)."""
    found = Run.objects.filter(month=month, status=status).first()
    if found is not None:
        return found
    created: Run = Run.objects.create(
        month=month,
        scheme=scheme(),
        status=status,
        computed_at=timezone.now(),
        computed_by=hr_user(),
    )
    return created


def tpp_line(
    employee: Employee,
    *,
    month: dt.date,
    status: str = Run.Status.FINAL,
    total: int = 4_250_000,
    predikat: str = "baik",
) -> Line:
    """A line of `month`'s run (final by default): base 5,000,000, 60 % performance at 100 %,
    40 % discipline at 100 %, no sanction, total as given (the components are not recomputed)."""
    line: Line = Line.objects.create(
        run=run(month, status=status),
        employee=employee,
        base_amount=5_000_000,
        predikat=predikat,
        predikat_year=2025 if predikat else None,
        performance_rate=Decimal("100"),
        performance_amount=3_000_000,
        absent_days=0,
        late_minutes=0,
        discipline_rate=Decimal("100"),
        discipline_amount=2_000_000,
        gross_amount=5_000_000,
        sanction_cut_percent=0,
        sanction_cut_amount=0,
        total_amount=total,
        explanation=["Bagian kinerja: Rp5.000.000 × 60% × 100% (Baik) = Rp3.000.000"],
    )
    return line


def award(name: str = "Pegawai Teladan") -> Award:
    row: Award = Award.objects.create(name=name, kind=Award.Kind.OTHER)
    return row


def nominate(
    employee: Employee, on_award: Award, *, year: int = 2026, status: str = "nominated"
) -> Nomination:
    nomination: Nomination = Nomination.objects.create(
        award=on_award,
        employee=employee,
        year=year,
        reason="Kinerja sangat baik.",
        status=status,
        nominated_by=hr_user(),
    )
    return nomination


def grant(
    employee: Employee,
    on_award: Award,
    *,
    year: int = 2025,
    granted_on: dt.date = dt.date(2025, 8, 17),
    number: str = "PGH-2025-000001-ABC123",
    revoked: bool = False,
) -> Grant:
    row: Grant = Grant.objects.create(
        award=on_award,
        employee=employee,
        year=year,
        granted_on=granted_on,
        decree_number="800/17/KPTS/2025",
        number=number,
        holder_name=employee.display_name,
        holder_nip=employee.nip,
        award_name=on_award.name,
        unit_name=employee.work_unit.name,
        granted_by=hr_user(),
        revoked_at=timezone.now() if revoked else None,
        revoke_reason="Data keliru." if revoked else "",
    )
    return row
