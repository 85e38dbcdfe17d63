"""The demo's stories of issue #8 (simerit/demo/performance_history.py, discipline.py,
compensation.py, rewards.py and career.py), on a demo seeded once for the module.

The size of the performance history depends on the day the demo is built (who was in service on
1 January of the two years before the performance story's year): the counts are taken from the
employees by the story's rule (test_seed_demo.history_sizes), the spread of predikat is fixed.
Whether the next promotion period can use the history depends on the day too (the predikat of
its two previous calendar years): from 1 October to 1 December it can, otherwise it also needs
the performance story's year, still running."""

import datetime as dt
import io
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F, Model, QuerySet
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
from simerit.career.selectors.promotion import checks_for, default_period
from simerit.career.selectors.talent import boxes
from simerit.compensation.models import BaseAmount, Line, PredikatRate, Run, Scheme
from simerit.compensation.rules.tpp import format_rupiah
from simerit.core.roles import Role
from simerit.demo import career as career_story
from simerit.demo import compensation as tpp_story
from simerit.demo import performance_history as history_story
from simerit.demo import rewards as rewards_story
from simerit.demo.career import login_employee
from simerit.demo.data import DEMO_PASSWORD
from simerit.demo.discipline import (
    ARTICLE,
    LADDER_ABSENT_DAYS,
    colleague_employee,
    ladder_employee,
    month_start,
    sanctioned_employee,
    working_days_in,
)
from simerit.demo.performance_history import Who, find, history_years
from simerit.demo.tests.test_seed_demo import (
    CAREER_AUDIT,
    COMPENSATION_AUDIT,
    DISCIPLINE_AUDIT,
    HISTORY_ACCOUNTS,
    MERIT_NOTIFICATIONS,
    REWARDS_AUDIT,
    added,
    history_audit,
    history_notifications,
    history_sizes,
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
from simerit.employees.models import Employee, EmployeeKind
from simerit.notifications.models import Notification
from simerit.performance.models import (
    Appraisal,
    Objection,
    PerformanceYear,
    Skp,
    TrainingNeed,
)
from simerit.performance.selectors.appraisal import effective_status
from simerit.performance.selectors.history import final_predikats
from simerit.rewards.models import Award, CommitteeMember, Criterion, Grant, Nomination, Score
from simerit.rewards.selectors.satyalancana import eligibility as satyalancana_eligibility
from simerit.rewards.selectors.satyalancana import yearly_list


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
    # The Dinas Kesehatan staff are paid on last year's predikat of the history, everyone else at
    # the scheme's rate for no final predikat.
    _older, last = history_sizes()
    assert counts_by(Line.objects.all(), "predikat") == {
        "": employees - last,
        "baik": last - 8,
        "butuh_perbaikan": 2,
        "kurang": 1,
        "sangat_baik": 5,
    }
    assert set(Line.objects.values_list("predikat", "performance_rate")) == {
        ("", Decimal(80)),
        ("baik", Decimal(90)),
        ("butuh_perbaikan", Decimal(70)),
        ("kurang", Decimal(50)),
        ("sangat_baik", Decimal(100)),
    }
    assert (cut.predikat, colleague.predikat) == ("baik", "baik")


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
        for row in assessed.filter(
            employee__user__username__in=career_story.POTENTIAL_SCORES
        ).select_related("employee__user")
    }
    assert scores == career_story.POTENTIAL_SCORES


def test_the_9_box_places_the_staff_with_a_final_predikat(seeded: str) -> None:
    today = timezone.localdate()
    dinkes = Employee.objects.filter(work_unit__code__startswith="DINKES", is_active=True)
    ids = list(Employee.objects.filter(is_active=True).values_list("pk", flat=True))
    placements = boxes(ids, on=today)
    _older, last = history_sizes()
    placed = {pk for pk, placement in placements.items() if placement.box is not None}
    assert len(placed) == last
    assert placed <= set(dinkes.values_list("pk", flat=True))
    # Those who joined after 1 January of last year: potential assessed, no final predikat.
    for employee in dinkes.exclude(pk__in=placed):
        assert placements[employee.pk].reason == "Belum ada predikat final."
    logins = {login: login_employee(login).pk for login in career_story.POTENTIAL_SCORES}
    assert {login: placements[pk].box for login, pk in logins.items()} == {
        "kadinkes": 8,
        "atasan": 9,
        "pegawai": 9,
        "rekan1": 8,
        "rekan2": 5,
        "rekan3": 2,
        "rekan4": 5,
    }
    # The latest final predikat is last year's: this year's results are not final yet.
    assert {placements[pk].predikat_year for pk in placed} == {history_years(today)[1]}


def test_the_kepala_bidang_joins_the_succession_pool_of_the_kepala_dinas(seeded: str) -> None:
    candidate = SuccessionCandidate.objects.select_related("position", "employee").get()
    kadinkes, atasan = login_employee("kadinkes"), login_employee("atasan")
    assert (
        candidate.position,
        candidate.employee,
        candidate.box,
        candidate.added_by.username,
        candidate.removed_at,
    ) == (kadinkes.position, atasan, 9, "admin.bkpsdm", None)
    assert candidate.note == career_story.SUCCESSION_NOTE

    page = login("admin.bkpsdm").get(
        reverse("career:succession_position", args=[candidate.position_id])
    )

    assert page.status_code == 200
    assert atasan.name in page.content.decode()


# The Dinas Kesehatan PNS with 4 years in rank and both predikat at least Baik (the structural
# posts and the keterampilan jenjang without an angka kredit requirement included).
ELIGIBLE = (
    Who(login="kadinkes"),
    Who(login="atasan"),
    Who(unit="DINKES-YANKES-PRIMER", position="Penata Layanan Operasional"),
    Who(unit="DINKES-P2P", position="Sanitarian Terampil"),
    Who(unit="DINKES-PKM-MERDEKA", position="Kepala UPTD Puskesmas Merdeka"),
    Who(unit="DINKES-PKM-MERDEKA", position="Perawat Terampil"),
    Who(unit="DINKES-PKM-MERDEKA", position="Bidan Terampil"),
)


def test_the_promotion_list_of_the_next_period(seeded: str) -> None:
    today = timezone.localdate()
    period = default_period(today=today)
    assert period is not None
    pns = list(
        Employee.objects.filter(is_active=True, kind=EmployeeKind.PNS).select_related(
            "golongan", "position"
        )
    )
    checks = checks_for(pns, period=period)
    employee, colleague = sanctioned_employee(), colleague_employee()
    sanction = Sanction.objects.get()
    assert sanction.ends_on is not None
    assert sanction.starts_on <= period <= sanction.ends_on
    running = (
        f"Sedang menjalani hukuman disiplin ({the_case().number}) sampai "
        f"{sanction.ends_on:%d/%m/%Y}."
    )
    reasons, others = checks[employee.pk].reasons, checks[colleague.pk].reasons
    assert checks[employee.pk].eligible is False
    assert running in reasons
    assert running not in others
    eligible = {pk for pk, check in checks.items() if check.eligible}
    pending = sorted(set(period_years(period)) - set(history_years(today)))
    if not pending:
        # The history's two years are the period's: the staff with 4 years in rank and both
        # predikat at least Baik are eligible; the apoteker and her colleague at Puskesmas Dempo
        # are held back alike (2 years in rank, angka kredit short), the sanction on top.
        assert eligible == {find(who).pk for who in ELIGIBLE}
        assert not [reason for reason in reasons + others if reason.startswith("Predikat")]
        assert [kind(reason) for reason in reasons if reason != running] == [
            kind(reason) for reason in others
        ]
        assert seeded_line(
            seeded, f"Kenaikan pangkat periode {period:%d-%m-%Y}: {len(ELIGIBLE)} dari "
        ).endswith(
            f"tidak: {running[0].lower()}{running[1:-1]} (dan {len(reasons) - 1} alasan lain)."
        )
    else:
        # The period also needs the performance story's year, not final yet: nobody is eligible.
        assert eligible == set()
        for year in pending:
            assert f"Predikat {year} belum final." in reasons
        assert f"(predikat {pending[0]}" in seeded_line(seeded, "Kenaikan pangkat periode ")
    assert f"dari {len(pns)} PNS aktif memenuhi syarat" in seeded_line(seeded, "Kenaikan pangkat")


def kind(reason: str) -> str:
    """A reason without its figures: "Masa kerja dalam pangkat", "Angka kredit"."""
    return " ".join(word for word in reason.split()[:4] if not word[0].isdigit())


def period_years(period: dt.date) -> list[int]:
    return [period.year - 1, period.year - 2]


def seeded_line(seeded: str, start: str) -> str:
    return next(line for line in seeded.splitlines() if line.startswith(start))


# --- The performance history


def history() -> list[PerformanceYear]:
    return list(PerformanceYear.objects.filter(year__in=history_years(timezone.localdate())))


def test_two_closed_years_of_final_results(seeded: str) -> None:
    today = timezone.localdate()
    older, last = history_years(today)
    assert [(year.year, year.status) for year in history()] == [
        (last, "closed"),
        (older, "closed"),
    ]
    for year in history():
        assert (
            year.ratings_close_on,
            year.feedback_closes_on,
            year.feedback_closed_at,
            year.objection_days,
        ) == (dt.date(year.year + 1, 1, 31), dt.date(year.year + 1, 1, 15), None, 14)
    sizes = dict(zip((older, last), history_sizes(), strict=True))
    appraisals = Appraisal.objects.filter(skp__year__year__in=sizes).select_related(
        "skp__year", "skp__employee"
    )
    assert counts_by(Skp.objects.filter(year__year__in=sizes), "year__year") == sizes
    assert counts_by(appraisals, "skp__year__year") == sizes
    assert counts_by(appraisals.filter(skp__year__year=older), "predikat") == {
        "baik": sizes[older] - 6,
        "butuh_perbaikan": 2,
        "sangat_baik": 4,
    }
    assert counts_by(appraisals.filter(skp__year__year=last), "predikat") == {
        "baik": sizes[last] - 8,
        "butuh_perbaikan": 2,
        "kurang": 1,
        "sangat_baik": 5,
    }
    assert set(appraisals.values_list("status", flat=True)) == {"final"}
    for appraisal in appraisals:
        number = appraisal.skp.year.year
        assert effective_status(appraisal, on=today) == "final"
        assert timezone.localdate(appraisal.decided_at) == dt.date(number + 1, 1, 20)
        assert appraisal.skp.employee.work_unit.code.startswith("DINKES")
    assert final_predikats([login_employee("atasan").pk], on=today) == {
        (login_employee("atasan").pk, older): "sangat_baik",
        (login_employee("atasan").pk, last): "sangat_baik",
    }


def test_every_history_skp_cascades_and_was_approved_in_january(seeded: str) -> None:
    skps = Skp.objects.filter(year__year__in=history_years(timezone.localdate())).select_related(
        "year", "evaluator"
    )
    for skp in skps:
        (result,) = skp.results.all()
        assert result.indicators.count() == 1
        assert timezone.localdate(skp.approved_at) == dt.date(skp.year.year, 1, 14)
        assert skp.approved_by == skp.evaluator.user
        above = skps.filter(year=skp.year, employee=skp.evaluator).first()
        assert result.parent_id == (above.results.get().pk if above else None)
    # Only the Kepala Dinas's pejabat penilai, the Sekretaris Daerah, has no SKP here.
    free = skps.filter(results__parent__isnull=True)
    assert set(free.values_list("employee__position__name", flat=True)) == {
        "Kepala Dinas Kesehatan"
    }


def test_the_kurang_was_objected_to_and_upheld(seeded: str) -> None:
    last = history_years(timezone.localdate())[1]
    objection = Objection.objects.select_related("appraisal__skp__employee").get(
        appraisal__skp__year__year=last
    )
    clerk = ladder_employee()
    appraisal = objection.appraisal
    assert (appraisal.skp.employee, appraisal.predikat, appraisal.status) == (
        clerk,
        "kurang",
        "final",
    )
    assert appraisal.justification == history_story.KURANG_JUSTIFICATION
    assert (objection.status, objection.filed_by, objection.decided_by.username) == (  # type: ignore[union-attr]
        "upheld",
        clerk.user,
        "atasan",
    )
    assert objection.evaluator_statement == history_story.EVALUATOR_STATEMENT
    assert timezone.localdate(objection.decided_at) == dt.date(last + 1, 2, 2)
    assert list(
        TrainingNeed.objects.filter(skp=appraisal.skp).values_list("source", flat=True)
    ) == ["predikat"]


def test_the_history_logins_and_their_read_messages(seeded: str) -> None:
    users = Employee.objects.filter(user__username=F("nip")).select_related("user", "work_unit")
    assert users.count() == HISTORY_ACCOUNTS
    assert {employee.work_unit.code.split("-")[0] for employee in users} == {"DINKES", "SETDA"}
    assert users.get(work_unit__code="SETDA").position.name == "Sekretaris Daerah"
    for employee in users:
        user = employee.user
        assert user is not None
        assert user.check_password(DEMO_PASSWORD)
        supervises = Employee.objects.filter(supervisor=employee).exists()
        assert sorted(user.groups.values_list("name", flat=True)) == sorted(
            [Role.PEGAWAI, *([Role.ATASAN] if supervises else [])]
        )
    assert not Employee.objects.filter(
        work_unit__code__startswith="DINKES", is_active=True, user__isnull=True
    ).exists()
    history_urls = [
        reverse("performance:skp-appraisal", args=[pk])
        for pk in Skp.objects.filter(year__in=history()).values_list("pk", flat=True)
    ]
    messages = Notification.objects.filter(url__in=history_urls)
    assert messages.count() == history_notifications()
    assert not messages.filter(read_at__isnull=True).exists()


def test_the_history_is_dated_when_it_happened(seeded: str) -> None:
    """Its audit rows come after the others in the chain but are dated in the past, in order."""
    first = AuditEvent.objects.order_by("seq").first()
    assert first is not None
    past = AuditEvent.objects.filter(created_at__lt=first.created_at).order_by("seq")
    assert counts_by(past, "action") == added(
        history_audit(),
        {
            "accounts.user.created": HISTORY_ACCOUNTS,
            "employees.employee.user_linked": HISTORY_ACCOUNTS,
        },
    )
    moments = list(past.values_list("created_at", flat=True))
    assert moments == sorted(moments)
    older = history_years(timezone.localdate())[0]
    assert timezone.localdate(moments[0]) == dt.date(older, 1, 2)
    assert timezone.localdate(moments[-1]) == dt.date(older + 2, 2, 5)


def test_seed_demo_prints_the_stories_of_issue_8(seeded: str) -> None:
    today = timezone.localdate()
    older, last = history_years(today)
    sizes = history_sizes()
    assert (
        f"Riwayat kinerja {older}–{last} (Dinas Kesehatan): {sum(sizes)} penilaian final "
        f"({older}: 4 Sangat Baik, {sizes[0] - 6} Baik, 2 Butuh Perbaikan; {last}: 5 Sangat "
        f"Baik, {sizes[1] - 8} Baik, 2 Butuh Perbaikan, 1 Kurang/Misconduct), 1 keberatan "
        f"diputus (hasil tetap); {HISTORY_ACCOUNTS} akun pegawai ditambahkan (nama pengguna NIP, "
        "kata sandi yang sama)."
    ) in seeded
    sanction = Sanction.objects.get()
    employee = sanctioned_employee().display_name
    assert (
        f"Disiplin: kasus {the_case().number} ({employee}, tidak masuk 12 hari kerja) diputus "
        "hukuman sedang, pemotongan tunjangan kinerja/TPP 25% selama 6 bulan "
        f"({sanction.starts_on:%d-%m-%Y} s.d. {sanction.ends_on:%d-%m-%Y}), keberatannya menunggu "
        f"keputusan; rekap kehadiran 3 bulan ({MonthlyAttendance.objects.count()} baris): "
        f"{ladder_employee().display_name} tidak masuk 5 hari bulan lalu, masuk tangga "
        "ketidakhadiran tanpa kasus."
    ) in seeded
    run = Run.objects.get()
    with_predikat = Line.objects.exclude(predikat="").count()
    assert seeded_line(seeded, "TPP ").endswith(
        f": perhitungan final untuk {run.employees} pegawai, total "
        f"{format_rupiah(run.total_amount)}; {with_predikat} pegawai dengan tarif predikat final, "
        f"{run.employees - with_predikat} dengan tarif tanpa predikat final; potongan hukuman "
        "disiplin pada 1 pegawai."
    )
    listed = yearly_list(Employee.objects.all(), year=today.year)
    assert len(listed.excluded) == 1
    assert (
        f"Satyalancana Karya Satya {today.year}: {len(listed.eligible)} pegawai memenuhi syarat, "
        f"1 dikecualikan ({employee}: hukuman disiplin sedang)."
    ) in seeded
    ids = list(Employee.objects.filter(is_active=True).values_list("pk", flat=True))
    placed = [placement.box for placement in boxes(ids, on=today).values() if placement.box]
    atasan = login_employee("atasan").display_name
    assert (
        f"9-box: {len(placed)} pegawai ditempatkan ({sum(box >= 7 for box in placed)} di kotak "
        f"7–9); kelompok rencana suksesi Kepala Dinas Kesehatan: {atasan} (kotak 9)."
    ) in seeded


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
    ("admin.bkpsdm", "career:succession_position", "pool"),
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
        "pool": lambda: SuccessionCandidate.objects.get().position_id,
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
    SuccessionCandidate,
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
        *(10, 5, 4, dinkes, 1),
    ]
    assert [model._default_manager.count() for model in MERIT_MODELS] == first
    assert AuditEvent.objects.count() == events
