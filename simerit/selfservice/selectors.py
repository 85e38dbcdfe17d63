"""Karier Saya: one employee's own record, gathered from the apps that hold it (issue #8 item 6).

Each section is one small function reading the owning app's selectors (or its models, for plain
lists), so that a change in a provider touches one place. Reads only and a fixed number of
queries per section, whatever the number of rows. No permission check here: the caller passes
the account's own employee record. The 9-box is deliberately absent: a talent placement is a
decision of HR and leadership, not shown to the employee (ADR 0012)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from simerit.accounts.models import User
from simerit.career.selectors import credit as credit_selectors
from simerit.career.selectors import promotion as promotion_selectors
from simerit.career.selectors.credit import CreditReport
from simerit.career.selectors.promotion import PromotionCheck
from simerit.compensation.models import Line
from simerit.compensation.selectors import tpp as tpp_selectors
from simerit.discipline.models import Appeal, DisciplineCase, Sanction
from simerit.discipline.rules import pp94
from simerit.discipline.selectors import cases as case_selectors
from simerit.discipline.selectors import sanctions as sanction_selectors
from simerit.employees.models import Employee, EmployeeKind
from simerit.employees.rules import mask_nik
from simerit.performance.models import Appraisal, Predikat, Skp
from simerit.performance.selectors.appraisal import effective_status
from simerit.performance.selectors.credit import CreditLine, history_with_credit
from simerit.rewards.models import Award, Grant, Nomination
from simerit.rewards.selectors import grants as grant_selectors
from simerit.rewards.selectors import satyalancana as satyalancana_selectors
from simerit.rewards.selectors.satyalancana import SatyalancanaCheck
from simerit.training.selectors import jp as jp_selectors

# The TPP months shown: a year and a half of payslips is what an employee looks back on.
TPP_MONTHS = 18


def get_own_employee(user: User) -> Employee | None:
    """The employee record linked to the account, with what the profile shows; None without."""
    return (
        Employee.objects.select_related("work_unit", "position", "golongan")
        .prefetch_related("education__level")
        .filter(user=user)
        .first()
    )


# --- Profile


@dataclass(frozen=True)
class Profile:
    employee: Employee
    nip_label: str  # "NIP" or "NI PPPK"
    nik: str  # masked: the region and the last 4 digits (UU 27/2022 PDP)
    golongan: str  # "Penata Muda, III/a"; "" without one (PPPK)
    education: str  # the highest level: "S-1 Kesehatan Masyarakat (2010)"; "" when none


def profile_of(employee: Employee) -> Profile:
    schooling = sorted(employee.education.all(), key=lambda item: item.level.rank, reverse=True)
    golongan = employee.golongan
    return Profile(
        employee=employee,
        nip_label="NI PPPK" if employee.kind == EmployeeKind.PPPK else "NIP",
        nik=mask_nik(employee.nik),
        golongan=f"{golongan.pangkat}, {golongan.code}" if golongan else "",
        education=str(schooling[0]) if schooling else "",
    )


# --- SKP and predikat


@dataclass(frozen=True)
class SkpYear:
    """One year's SKP and its appraisal as the employee sees it. `credit` is the angka kredit
    of a final appraisal in a jabatan fungsional (None otherwise)."""

    skp_id: int
    year: int
    skp_status: str
    predikat: str  # the label; "" before the appraisal
    is_final: bool
    status: str  # "Final", "Belum final (Diterima pegawai)", "Belum dinilai"
    credit: CreditLine | None


def skp_history(employee: Employee, *, on: dt.date) -> list[SkpYear]:
    """Every SKP of the employee, newest year first, with the appraisal's status on `on` (a
    delivered result is final once its keberatan window has passed)."""
    skps = (
        Skp.objects.filter(employee=employee)
        .select_related("year", "employee", "position", "appraisal")
        .order_by("-year__year")
    )
    rows = []
    for skp, credit in history_with_credit(skps):
        appraisal: Appraisal | None = getattr(skp, "appraisal", None)
        status = "" if appraisal is None else effective_status(appraisal, on=on)
        final = status == Appraisal.Status.FINAL
        rows.append(
            SkpYear(
                skp_id=skp.pk,
                year=skp.year.year,
                skp_status=skp.get_status_display(),
                predikat="" if appraisal is None else Predikat(appraisal.predikat).label,
                is_final=final,
                status=_appraisal_status(status),
                credit=credit if final else None,
            )
        )
    return rows


def _appraisal_status(status: str) -> str:
    if not status:
        return "Belum dinilai"
    if status == Appraisal.Status.FINAL:
        return "Final"
    return f"Belum final ({Appraisal.Status(status).label})"


# --- Training hours


@dataclass(frozen=True)
class TrainingHours:
    """This year's JP against the minimum, and the totals of the other years (newest first)."""

    year: int
    minimum_jp: Decimal
    total: Decimal
    shortfall: Decimal
    is_compliant: bool
    other_years: list[jp_selectors.YearTotal]


def training_hours(employee: Employee, *, year: int) -> TrainingHours:
    report = jp_selectors.employee_jp(employee, year=year)
    return TrainingHours(
        year=year,
        minimum_jp=report.target.minimum_jp,
        total=report.total,
        shortfall=report.shortfall,
        is_compliant=report.is_compliant,
        other_years=report.history,
    )


# --- Awards


def grants_of(employee: Employee) -> list[Grant]:
    """The awards given to the employee, newest first, revoked ones included (marked)."""
    return list(grant_selectors.grants_of(employee.pk))


def nominations_of(employee: Employee) -> list[Nomination]:
    """The employee's nominations, newest year first; withdrawn ones are not shown."""
    return list(
        Nomination.objects.filter(employee=employee)
        .exclude(status=Nomination.Status.WITHDRAWN)
        .select_related("award")
        .order_by("-year", "award__name", "pk")
    )


# --- Discipline


@dataclass(frozen=True)
class SanctionRow:
    sanction: Sanction
    status: str  # "Sedang berjalan", "Selesai", "Belum berlaku", "Dibatalkan", ...
    is_running: bool
    appeals: list[str]  # "Keberatan: Dalam proses"


def sanction_status(sanction: Sanction, *, on: dt.date) -> tuple[str, bool]:
    """(the sanction's state on `on` in words, whether it runs): an annulled one no longer
    counts; a ringan one has no duration; PDHTAPS runs from its start for ever."""
    if sanction.annulled_at is not None:
        return "Dibatalkan", False
    running = pp94.is_active(
        sanction_type=sanction.sanction_type,
        starts_on=sanction.starts_on,
        ends_on=sanction.ends_on,
        on=on,
    )
    if running:
        return "Sedang berjalan", True
    if sanction.starts_on > on:
        return "Belum berlaku", False
    if sanction.ends_on is None and not pp94.spec_for(sanction.sanction_type).permanent:
        return "Dijatuhkan (tanpa masa berlaku)", False
    return "Selesai", False


def sanctions_of(employee: Employee, *, on: dt.date) -> list[SanctionRow]:
    """Every sanction of the employee (newest first) with its state on `on` and its appeals."""
    sanctions = sanction_selectors.history_of(employee.pk)
    appeals: dict[int, list[str]] = {}
    for appeal in Appeal.objects.filter(sanction__in=[s.pk for s in sanctions]).order_by(
        "filed_on", "pk"
    ):
        appeals.setdefault(appeal.sanction_id, []).append(
            f"{appeal.get_kind_display()}: {appeal.get_outcome_display()}"
        )
    rows = []
    for sanction in sanctions:
        status, running = sanction_status(sanction, on=on)
        rows.append(SanctionRow(sanction, status, running, appeals.get(sanction.pk, [])))
    return rows


def cases_of(employee: Employee) -> list[DisciplineCase]:
    """The employee's discipline cases, as discipline lists them."""
    return list(case_selectors.cases_of(employee.pk))


# --- Promotion, angka kredit, Satyalancana


@dataclass(frozen=True)
class PromotionStatus:
    """`period` is None when no promotion rule gives a period ahead (then `check` is None)."""

    period: dt.date | None
    check: PromotionCheck | None


def promotion_of(employee: Employee, *, on: dt.date) -> PromotionStatus:
    """Eligibility for kenaikan pangkat reguler in the next period on or after `on`."""
    period = promotion_selectors.default_period(today=on)
    if period is None:
        return PromotionStatus(period=None, check=None)
    check = promotion_selectors.eligibility([employee.pk], period=period).get(employee.pk)
    return PromotionStatus(period=period, check=check)


def credit_of(employee: Employee, *, on: dt.date) -> CreditReport | None:
    """The angka kredit towards the next rank; None outside a jabatan fungsional."""
    return credit_selectors.report_for(employee, on=on)


@dataclass(frozen=True)
class SatyalancanaStatus:
    year: int
    check: SatyalancanaCheck | None
    award: str  # the class reached in `year`; "" when none


def satyalancana_of(employee: Employee, *, year: int) -> SatyalancanaStatus:
    check = satyalancana_selectors.eligibility([employee.pk], year=year).get(employee.pk)
    award: str | None = None
    if check is not None and check.award_id is not None:
        award = Award.objects.filter(pk=check.award_id).values_list("name", flat=True).first()
    return SatyalancanaStatus(year=year, check=check, award=award or "")


# --- TPP


@dataclass(frozen=True)
class TppMonth:
    line: Line
    predikat: str  # the label; "" when the month had no final predikat


def tpp_lines_of(employee: Employee) -> list[TppMonth]:
    """The employee's TPP of the final runs, newest month first (at most TPP_MONTHS)."""
    lines = tpp_selectors.lines_of(employee.pk).select_related("run")[:TPP_MONTHS]
    return [
        TppMonth(line=line, predikat=Predikat(line.predikat).label if line.predikat else "")
        for line in lines
    ]


# --- The whole page


@dataclass(frozen=True)
class Career:
    today: dt.date
    profile: Profile
    skps: list[SkpYear]
    training: TrainingHours
    grants: list[Grant]
    nominations: list[Nomination]
    cases: list[DisciplineCase]
    sanctions: list[SanctionRow]
    promotion: PromotionStatus
    credit: CreditReport | None
    satyalancana: SatyalancanaStatus
    tpp: list[TppMonth]


def career_of(employee: Employee, *, today: dt.date | None = None) -> Career:
    """Every section of Karier Saya for `employee` on `today` (default: the local date)."""
    today = today or timezone.localdate()
    return Career(
        today=today,
        profile=profile_of(employee),
        skps=skp_history(employee, on=today),
        training=training_hours(employee, year=today.year),
        grants=grants_of(employee),
        nominations=nominations_of(employee),
        cases=cases_of(employee),
        sanctions=sanctions_of(employee, on=today),
        promotion=promotion_of(employee, on=today),
        credit=credit_of(employee, on=today),
        satyalancana=satyalancana_of(employee, year=today.year),
        tpp=tpp_lines_of(employee),
    )
