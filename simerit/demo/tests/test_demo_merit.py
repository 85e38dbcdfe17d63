"""The demo's stories of issue #8 (simerit/demo/discipline.py, compensation.py, rewards.py and
career.py), on a demo seeded once for the module."""

import datetime as dt
import io
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Model, QuerySet
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit.models import AuditEvent
from simerit.audit.services import verify_chain
from simerit.career.models import (
    CreditOpening,
    CreditRequirement,
    EducationCeiling,
    PotentialAssessment,
    SuccessionCandidate,
)
from simerit.career.selectors.promotion import eligibility as promotion_eligibility
from simerit.career.selectors.talent import boxes
from simerit.compensation.models import BaseAmount, Line, PredikatRate, Run, Scheme
from simerit.demo import career as career_story
from simerit.demo import compensation as tpp_story
from simerit.demo import rewards as rewards_story
from simerit.demo.discipline import (
    ARTICLE,
    LADDER_ABSENT_DAYS,
    colleague_employee,
    ladder_employee,
    month_start,
    sanctioned_employee,
    working_days_in,
)
from simerit.demo.tests.test_seed_demo import (
    CAREER_AUDIT,
    COMPENSATION_AUDIT,
    DISCIPLINE_AUDIT,
    MERIT_NOTIFICATIONS,
    REWARDS_AUDIT,
    private_storage,
)
from simerit.discipline.models import (
    Appeal,
    AttendanceImport,
    DisciplineCase,
    Examination,
    MonthlyAttendance,
    Sanction,
    Summons,
    TeamMember,
)
from simerit.discipline.rules import pp94
from simerit.discipline.selectors.attendance import ladder
from simerit.employees.models import Employee
from simerit.notifications.models import Notification
from simerit.rewards.models import Award, CommitteeMember, Criterion, Grant, Nomination, Score
from simerit.rewards.selectors.satyalancana import eligibility as satyalancana_eligibility


@pytest.fixture(scope="module")
def media_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("demo-merit-media")


@pytest.fixture(scope="module")
def seeded_module(django_db_setup: None, django_db_blocker: Any, media_root: Path) -> Iterator[str]:
    with (
        override_settings(STORAGES=private_storage(media_root)),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        out = io.StringIO()
        call_command("seed_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def seeded(seeded_module: str, db: None) -> str:
    return seeded_module


def counts_by(queryset: QuerySet[Any], field: str) -> dict[Any, int]:
    rows = queryset.values(field).annotate(n=Count("pk")).order_by(field)
    return {row[field]: row["n"] for row in rows}


def login(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def the_case() -> DisciplineCase:
    return DisciplineCase.objects.select_related("employee", "supervisor").get()


# --- Discipline


def test_the_case_went_from_report_to_a_sedang_sanction(seeded: str) -> None:
    today = timezone.localdate()
    case = the_case()
    employee = sanctioned_employee()
    first_month = month_start(today, back=3)
    assert (case.employee, case.supervisor, case.status, case.source, case.suspected_level) == (
        employee,
        employee.supervisor,
        "decided",
        "atasan",
        "sedang",
    )
    assert (employee.work_unit.code, employee.position.name) == (
        "DINKES-PKM-MERDEKA",
        "Apoteker Ahli Pertama",
    )
    assert case.number == f"HD-{first_month.year}-0001"
    assert (case.reported_on, case.incident_on) == (
        first_month + dt.timedelta(days=2),
        first_month - dt.timedelta(days=1),
    )
    assert list(case.articles.values_list("code", flat=True)) == [ARTICLE]
    summons = Summons.objects.get()
    assert (summons.sequence, summons.attended) == (1, True)
    assert summons.issued_on == case.reported_on + dt.timedelta(days=2)
    assert summons.examination_on == pp94.add_working_days(summons.issued_on, 7)
    assert counts_by(TeamMember.objects.all(), "role") == {
        "atasan": 1,
        "kepegawaian": 1,
        "pengawasan": 1,
    }
    examination = Examination.objects.get()
    assert (examination.held_on, examination.proven, examination.proposed_level) == (
        summons.examination_on,
        True,
        "sedang",
    )
    sanction = Sanction.objects.get()
    decided_on = pp94.add_working_days(examination.held_on, 5)
    starts_on = month_start(today, back=2)
    assert (
        sanction.level,
        sanction.sanction_type,
        sanction.basis,
        sanction.decided_on,
        sanction.starts_on,
        sanction.ends_on,
        sanction.tpp_cut_percent,
        sanction.delivered_on,
        sanction.decided_by.username,
    ) == (
        "sedang",
        "potong_tpp_6",
        "examined",
        decided_on,
        starts_on,
        pp94.add_months(starts_on, 6) - dt.timedelta(days=1),
        25,
        pp94.add_working_days(decided_on, 1),
        "admin.bkpsdm",
    )
    assert decided_on.month == first_month.month  # decided within the month of the report
    assert list(Sanction.objects.active_on(today)) == [sanction]


def test_a_keberatan_is_pending_and_the_sanction_runs(seeded: str) -> None:
    appeal = Appeal.objects.select_related("sanction").get()
    sanction = appeal.sanction
    assert sanction.delivered_on is not None
    assert (appeal.kind, appeal.outcome, appeal.decided_on) == ("keberatan", "pending", None)
    assert appeal.filed_on == pp94.add_working_days(sanction.delivered_on, 3)
    assert sanction.annulled_at is None


def test_three_months_of_attendance_recaps_and_one_employee_on_the_ladder(seeded: str) -> None:
    today = timezone.localdate()
    months = [month_start(today, back=back) for back in (3, 2, 1)]
    active = Employee.objects.filter(is_active=True).count()
    assert AttendanceImport.objects.count() == 3
    assert counts_by(MonthlyAttendance.objects.all(), "month") == dict.fromkeys(months, active)
    for month in months:
        assert set(
            MonthlyAttendance.objects.filter(month=month).values_list("working_days", flat=True)
        ) == {working_days_in(month)}
    absent = MonthlyAttendance.objects.filter(absent_days__gt=0)
    assert list(absent.values_list("employee", "month", "absent_days", "longest_absence")) == [
        (ladder_employee().pk, months[-1], LADDER_ABSENT_DAYS, 2)
    ]
    (row,) = ladder(year=months[-1].year)
    assert (row.employee, row.absent_days, row.needs_case, row.cases) == (
        ladder_employee(),
        LADDER_ABSENT_DAYS,
        True,
        [],
    )
    assert row.step.sanction_type == "teguran_tertulis"


# --- TPP


def test_the_sample_scheme_says_it_is_an_example(seeded: str) -> None:
    scheme = Scheme.objects.get()
    month = month_start(timezone.localdate(), back=1)
    assert (scheme.name, scheme.legal_basis, scheme.effective_from) == (
        "Skema contoh (demo)",
        "Contoh untuk demonstrasi — bukan Perwali yang berlaku",
        dt.date(month.year, 1, 1),
    )
    assert (scheme.performance_weight, scheme.discipline_weight) == (Decimal(60), Decimal(40))
    assert {rate.predikat: rate.rate for rate in PredikatRate.objects.all()} == {
        str(predikat): rate for predikat, rate in tpp_story.RATES.items()
    }
    assert {
        base.position_kind: base.amount for base in BaseAmount.objects.filter(position=None)
    } == {str(kind): amount for kind, amount in tpp_story.BASE_AMOUNTS.items()}


def test_last_month_is_final_with_the_sanction_cut(seeded: str) -> None:
    run = Run.objects.get()
    month = month_start(timezone.localdate(), back=1)
    employees = Employee.objects.filter(is_active=True).count()
    assert (run.month, run.status, run.employees) == (month, "final", employees)
    assert run.total_amount == sum(Line.objects.values_list("total_amount", flat=True))
    cut = Line.objects.get(employee=sanctioned_employee())
    assert (cut.sanction_case_number, cut.sanction_cut_percent) == (the_case().number, 25)
    assert cut.sanction_cut_amount == (cut.gross_amount * 25 + 50) // 100
    assert cut.total_amount == cut.gross_amount - cut.sanction_cut_amount
    assert list(Line.objects.exclude(sanction_cut_percent=0).values_list("pk", flat=True)) == [
        cut.pk
    ]
    colleague = Line.objects.get(employee=colleague_employee())
    assert (colleague.base_amount, colleague.sanction_cut_amount) == (4_000_000, 0)
    absent = Line.objects.get(employee=ladder_employee())
    assert (absent.absent_days, absent.base_amount) == (LADDER_ABSENT_DAYS, 3_000_000)
    # Nobody has a final predikat yet: the scheme's rate for that applies to everyone.
    assert set(Line.objects.values_list("predikat", "performance_rate")) == {("", Decimal(80))}


# --- Rewards


def test_satyalancana_keeps_the_colleague_and_excludes_the_sanctioned(seeded: str) -> None:
    year = timezone.localdate().year
    employee, colleague = sanctioned_employee(), colleague_employee()
    assert [employee.tmt_cpns.year, colleague.tmt_cpns.year] == [year - 10, year - 10]  # type: ignore[union-attr]
    checks = satyalancana_eligibility([employee.pk, colleague.pk], year=year)
    sanction = Sanction.objects.get()
    assert (checks[colleague.pk].eligible, checks[colleague.pk].reasons) == (True, [])
    assert (checks[employee.pk].eligible, checks[employee.pk].reasons) == (
        False,
        [
            "Pernah dijatuhi hukuman disiplin tingkat sedang "
            f"({the_case().number}, {sanction.decided_on:%d/%m/%Y})."
        ],
    )
    award = Award.objects.get(kind="satyalancana", service_years=10)
    assert checks[colleague.pk].award_id == award.pk
    assert not Grant.objects.exists()


def test_pegawai_teladan_is_scored_by_its_committee(seeded: str) -> None:
    year = timezone.localdate().year
    award = Award.objects.get(name=rewards_story.AWARD_NAME)
    assert (award.kind, award.min_predikat, award.min_service_years) == ("other", "", 2)
    criteria = Criterion.objects.filter(award=award).order_by("order")
    assert [(item.name, item.weight) for item in criteria] == [
        (name, weight) for name, weight, _ in rewards_story.CRITERIA
    ]
    assert sum(item.weight for item in criteria) == 100
    assert set(
        CommitteeMember.objects.filter(award=award, year=year).values_list(
            "user__username", flat=True
        )
    ) == set(rewards_story.COMMITTEE)
    nomination = Nomination.objects.get()
    assert (
        nomination.employee.user.username,  # type: ignore[union-attr]
        nomination.nominated_by.username,
        nomination.status,
        nomination.final_score,
    ) == ("pegawai", "admin.dinkes", "scored", Decimal("85.80"))
    assert Score.objects.filter(nomination=nomination).count() == 9
    assert all(item["terpenuhi"] for item in nomination.eligibility)


# --- Career


def test_the_promotion_configuration_is_labelled_demo(seeded: str) -> None:
    ceilings = {
        row.education_level.code: row.max_golongan.code
        for row in EducationCeiling.objects.select_related("education_level", "max_golongan")
    }
    assert ceilings == dict(career_story.CEILINGS)
    assert {row.functional_level: row.for_next_rank for row in CreditRequirement.objects.all()} == {
        str(level): amount for level, amount in career_story.CREDIT_FOR_NEXT_RANK
    }
    bases = [
        *EducationCeiling.objects.values_list("legal_basis", flat=True),
        *CreditRequirement.objects.values_list("legal_basis", flat=True),
    ]
    assert len(bases) == 15
    assert all(basis.startswith("Konfigurasi demo SiMerit") for basis in bases)


def test_opening_balances_and_potential_scores(seeded: str) -> None:
    openings = {
        row.employee.user.username: row.amount  # type: ignore[union-attr]
        for row in CreditOpening.objects.select_related("employee__user")
    }
    assert openings == dict(career_story.OPENINGS)
    assessed = PotentialAssessment.objects.all()
    dinkes = Employee.objects.filter(work_unit__code__startswith="DINKES", is_active=True)
    assert set(assessed.values_list("employee", flat=True)) == set(
        dinkes.values_list("pk", flat=True)
    )
    assert set(assessed.values_list("method", "source")) == {
        (career_story.POTENTIAL_METHOD, "import")
    }
    scores = {
        row.employee.user.username: row.score  # type: ignore[union-attr]
        for row in assessed.filter(employee__user__isnull=False).select_related("employee__user")
    }
    assert scores == career_story.POTENTIAL_SCORES


def test_nobody_has_a_final_predikat_yet(seeded: str) -> None:
    """What the career story's docstring says the demo cannot show yet."""
    today = timezone.localdate()
    ids = list(Employee.objects.filter(user__isnull=False).values_list("pk", flat=True))
    placements = boxes(ids, on=today)
    assert {placement.box for placement in placements.values()} == {None}
    assert {placement.reason for placement in placements.values()} == {"Belum ada predikat final."}
    assert not SuccessionCandidate.objects.exists()
    employee = sanctioned_employee()
    period = pp94.add_months(today.replace(day=1), 1)
    check = promotion_eligibility([employee.pk], period=period)[employee.pk]
    sanction = Sanction.objects.get()
    assert sanction.ends_on is not None
    assert sanction.ends_on > period
    assert check.eligible is False
    assert {
        f"Sedang menjalani hukuman disiplin ({the_case().number}) sampai "
        f"{sanction.ends_on:%d/%m/%Y}.",
        f"Predikat {period.year - 1} belum final.",
        f"Predikat {period.year - 2} belum final.",
    } <= set(check.reasons)


# --- Everything through the services, pages open, a second run adds nothing


def test_everything_went_through_the_services(seeded: str) -> None:
    for prefix, expected in (
        ("discipline.", DISCIPLINE_AUDIT),
        ("compensation.", COMPENSATION_AUDIT),
        ("rewards.", REWARDS_AUDIT),
        ("career.", CAREER_AUDIT),
    ):
        assert counts_by(AuditEvent.objects.filter(action__startswith=prefix), "action") == expected
    assert verify_chain().intact is True
    case = the_case()
    assert (
        Notification.objects.filter(url=reverse("discipline:case_detail", args=[case.pk])).count()
        == MERIT_NOTIFICATIONS
    )


# (login, url name, argument or None): the story's pages.
VISITS = (
    ("admin.bkpsdm", "discipline:case_list", None),
    ("admin.bkpsdm", "discipline:case_detail", "case"),
    ("auditor", "discipline:case_detail", "case"),
    ("kadinkes", "discipline:case_detail", "case"),
    ("admin.bkpsdm", "discipline:sanction_list", None),
    ("admin.bkpsdm", "discipline:attendance_list", None),
    ("admin.bkpsdm", "discipline:ladder", None),
    ("admin.bkpsdm", "compensation:scheme_list", None),
    ("admin.bkpsdm", "compensation:run_list", None),
    ("admin.bkpsdm", "compensation:run_detail", "run"),
    ("admin.dinkes", "compensation:run_detail", "run"),
    ("admin.bkpsdm", "rewards:award_list", None),
    ("admin.bkpsdm", "rewards:satyalancana", None),
    ("admin.dinkes", "rewards:satyalancana", None),
    ("admin.bkpsdm", "rewards:nomination_detail", "nomination"),
    ("kadinkes", "rewards:nomination_detail", "nomination"),
    ("admin.bkpsdm", "career:promotion", None),
    ("admin.bkpsdm", "career:credit", None),
    ("admin.bkpsdm", "career:talent", None),
    ("admin.bkpsdm", "career:succession", None),
    ("admin.bkpsdm", "career:retirement", None),
    ("pegawai", "selfservice:profile", None),
)


@pytest.mark.parametrize(("username", "page", "argument"), VISITS)
def test_every_page_of_the_story_opens(
    seeded: str, username: str, page: str, argument: str | None
) -> None:
    target: dict[str | None, Any] = {
        "case": lambda: the_case().pk,
        "run": lambda: Run.objects.get().pk,
        "nomination": lambda: Nomination.objects.get().pk,
    }
    args = [] if argument is None else [target[argument]()]

    response = login(username).get(reverse(page, args=args))

    assert response.status_code == 200


MERIT_MODELS: tuple[type[Model], ...] = (
    DisciplineCase,
    Summons,
    TeamMember,
    Examination,
    Sanction,
    Appeal,
    AttendanceImport,
    MonthlyAttendance,
    Scheme,
    Run,
    Line,
    Award,
    Criterion,
    CommitteeMember,
    Nomination,
    Score,
    EducationCeiling,
    CreditRequirement,
    CreditOpening,
    PotentialAssessment,
)


def test_seed_demo_twice_adds_nothing_to_the_story(seeded: str) -> None:
    first = [model._default_manager.count() for model in MERIT_MODELS]
    events = AuditEvent.objects.count()

    call_command("seed_demo", stdout=io.StringIO())

    active = Employee.objects.filter(is_active=True).count()
    dinkes = Employee.objects.filter(work_unit__code__startswith="DINKES", is_active=True).count()
    assert first == [
        *(1, 1, 3, 1, 1, 1, 3, 3 * active),
        *(1, 1, active),
        *(4, 3, 3, 1, 9),
        *(10, 5, 4, dinkes),
    ]
    assert [model._default_manager.count() for model in MERIT_MODELS] == first
    assert AuditEvent.objects.count() == events
