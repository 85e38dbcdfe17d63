"""Karier Saya's sections (selfservice.selectors), each read for one employee on the fixed TODAY
(Saturday 28 November 2026): exact rows, and a fixed number of queries whatever the rows."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from simerit.accounts.models import User
from simerit.accounts.tests.factories import UserFactory
from simerit.career.tests.factories import (
    appraise,
    functional_position,
    give_education,
    hr_user,
    sanction,
)
from simerit.compensation.models import Run
from simerit.core.roles import Role
from simerit.discipline.models import Appeal
from simerit.discipline.tests.factories import AppealFactory
from simerit.employees.models import Employee, EmployeeKind
from simerit.organization.models import Position
from simerit.performance.models import Appraisal, Skp
from simerit.performance.tests.factories import PerformanceYearFactory
from simerit.selfservice import selectors
from simerit.selfservice.tests.factories_profile import (
    award,
    grant,
    nominate,
    person,
    tpp_line,
)
from simerit.training.tests.factories_jp import completed

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 28)


def own(user: User) -> Employee:
    employee = selectors.get_own_employee(user)
    assert employee is not None
    return employee


def test_own_employee_is_the_linked_record_or_none():
    employee, user = person()

    assert selectors.get_own_employee(user) == employee
    assert selectors.get_own_employee(UserFactory.create(roles=[Role.PEGAWAI])) is None


def test_profile_masks_the_nik_and_shows_the_highest_education():
    employee, user = person(nik="1671015203900007")
    give_education(employee, "SMA", year=2008)
    give_education(employee, "S1", year=2012)

    profile = selectors.profile_of(own(user))

    assert (profile.nip_label, profile.nik, profile.golongan, profile.education) == (
        "NIP",
        "1671********0007",
        "Penata Muda Tingkat I, III/b",
        "Sarjana (S-1) Umum (2012)",
    )


def test_profile_of_a_pppk_says_ni_pppk_and_has_no_golongan_or_education():
    _employee, user = person(kind=EmployeeKind.PPPK, golongan=None, tmt_golongan=None)

    profile = selectors.profile_of(own(user))

    assert (profile.nip_label, profile.golongan, profile.education) == ("NI PPPK", "", "")


def test_skp_history_lists_every_year_newest_first_with_its_state_today():
    # given: 2025 final, 2024 delivered yesterday (keberatan window open), 2026 not yet rated
    employee, _user = person(tmt_position=dt.date(2020, 1, 1))
    appraise(employee, year=2025, predikat="baik")
    late = appraise(employee, year=2024, predikat="sangat_baik", status=Appraisal.Status.DELIVERED)
    Appraisal.objects.filter(pk=late.pk).update(delivered_at=timezone.now() - dt.timedelta(days=1))
    Skp.objects.create(
        year=PerformanceYearFactory.create(year=2026),
        employee=employee,
        work_unit=employee.work_unit,
        position=employee.position,
        evaluator=employee.supervisor or employee,
        status=Skp.Status.SUBMITTED,
    )

    rows = selectors.skp_history(employee, on=TODAY)

    assert [(r.year, r.skp_status, r.predikat, r.is_final, r.status) for r in rows] == [
        (2026, "Diajukan", "", False, "Belum dinilai"),
        (2025, "Disetujui", "Baik", True, "Final"),
        (2024, "Disetujui", "Sangat Baik", False, "Belum final (Diterima pegawai)"),
    ]
    assert [row.credit for row in rows] == [None, None, None]  # not a jabatan fungsional


def test_skp_history_gives_the_angka_kredit_of_final_years_in_a_jabatan_fungsional():
    position = functional_position(Position.FunctionalLevel.AHLI_PERTAMA)
    employee, _user = person(position=position, tmt_position=dt.date(2020, 1, 1))
    appraise(employee, year=2025, predikat="sangat_baik")
    appraise(employee, year=2024, predikat="baik", status=Appraisal.Status.DECIDED)

    rows = selectors.skp_history(employee, on=TODAY)

    assert [(row.year, row.credit and row.credit.amount) for row in rows] == [
        (2025, Decimal("18.750")),
        (2024, None),
    ]


def test_training_hours_gives_this_year_against_the_minimum_and_the_other_years():
    employee, _user = person()
    completed(employee, jp="12.5", ends_on=dt.date(2026, 3, 4))
    completed(employee, jp="20.0", ends_on=dt.date(2025, 3, 4))
    completed(employee, jp="6.0", ends_on=dt.date(2024, 5, 6))

    hours = selectors.training_hours(employee, year=2026)

    assert (hours.year, hours.total, hours.minimum_jp, hours.shortfall, hours.is_compliant) == (
        2026,
        Decimal("12.5"),
        Decimal("20.0"),
        Decimal("7.5"),
        False,
    )
    assert [(item.year, item.total, item.is_compliant) for item in hours.other_years] == [
        (2025, Decimal("20.0"), True),
        (2024, Decimal("6.0"), False),
    ]


def test_grants_come_newest_first_with_revoked_ones_and_withdrawn_nominations_are_left_out():
    employee, _user = person()
    other, _ = person()
    teladan, inovasi = award("Pegawai Teladan"), award("Inovator Terbaik")
    older = grant(employee, teladan, year=2024, granted_on=dt.date(2024, 8, 17), number="PGH-1")
    newer = grant(employee, inovasi, year=2025, revoked=True, number="PGH-2")
    grant(other, teladan, number="PGH-3")
    kept = nominate(employee, teladan, year=2026)
    earlier = nominate(employee, inovasi, year=2025, status="rejected")
    nominate(employee, inovasi, year=2026, status="withdrawn")

    assert selectors.grants_of(employee) == [newer, older]
    assert selectors.nominations_of(employee) == [kept, earlier]


def test_sanctions_say_whether_they_run_today_and_what_became_of_the_appeals():
    # given: one of each state on 28 November 2026
    employee, _user = person()
    running = sanction(employee, starts_on=dt.date(2026, 6, 1), number="HD-2026-0004")
    future = sanction(
        employee,
        starts_on=dt.date(2026, 12, 1),
        decided_on=dt.date(2026, 11, 20),
        number="HD-2026-0005",
    )
    ringan = sanction(
        employee,
        sanction_type="teguran_tertulis",
        starts_on=dt.date(2026, 3, 2),
        number="HD-2026-0003",
    )
    ended = sanction(employee, starts_on=dt.date(2025, 1, 1), number="HD-2025-0001")
    annulled = sanction(
        employee, starts_on=dt.date(2024, 7, 1), number="HD-2024-0001", annulled=True
    )
    sanction(person()[0], starts_on=dt.date(2026, 6, 1), number="HD-2026-0009")
    AppealFactory.create(sanction=running, filed_on=dt.date(2026, 6, 5))
    AppealFactory.create(
        sanction=annulled,
        filed_on=dt.date(2024, 7, 5),
        outcome=Appeal.Outcome.ANNULLED,
        decided_on=dt.date(2024, 8, 1),
        decided_by=hr_user(),
    )

    rows = selectors.sanctions_of(employee, on=TODAY)

    assert [(row.sanction, row.status, row.is_running, row.appeals) for row in rows] == [
        (future, "Belum berlaku", False, []),
        (running, "Sedang berjalan", True, ["Keberatan: Dalam proses"]),
        (ringan, "Dijatuhkan (tanpa masa berlaku)", False, []),
        (ended, "Selesai", False, []),
        (annulled, "Dibatalkan", False, ["Keberatan: Hukuman dibatalkan"]),
    ]


def test_a_pdhtaps_runs_from_its_start_for_ever():
    employee, _user = person()
    dismissal = sanction(employee, sanction_type="pdhtaps", starts_on=dt.date(2020, 1, 1))

    assert selectors.sanction_status(dismissal, on=TODAY) == ("Sedang berjalan", True)


def test_cases_are_the_employees_own_newest_first():
    employee, _user = person()
    first = sanction(employee, starts_on=dt.date(2025, 1, 1), number="HD-2025-0001").case
    second = sanction(employee, starts_on=dt.date(2026, 6, 1), number="HD-2026-0001").case
    sanction(person()[0], starts_on=dt.date(2026, 6, 1), number="HD-2026-0002")

    assert selectors.cases_of(employee) == [second, first]


def test_tpp_shows_final_runs_newest_month_first_with_the_predikat_label():
    employee, _user = person()
    october = tpp_line(employee, month=dt.date(2026, 10, 1), total=4_100_000)
    september = tpp_line(employee, month=dt.date(2026, 9, 1), predikat="")
    tpp_line(employee, month=dt.date(2026, 11, 1), status=Run.Status.DRAFT)
    tpp_line(person()[0], month=dt.date(2026, 8, 1))

    months = selectors.tpp_lines_of(employee)

    assert [(month.line, month.predikat) for month in months] == [
        (october, "Baik"),
        (september, ""),
    ]


def test_tpp_shows_at_most_a_year_and_a_half():
    employee, _user = person()
    for index in range(selectors.TPP_MONTHS + 2):
        year, month = divmod(index, 12)
        tpp_line(employee, month=dt.date(2024 + year, month + 1, 1))

    months = selectors.tpp_lines_of(employee)

    assert len(months) == selectors.TPP_MONTHS
    assert months[0].line.run.month == dt.date(2025, 8, 1)


def _rich_record(count: int):
    """An employee with `count` rows in every list section."""
    employee, user = person(tmt_position=dt.date(2020, 1, 1))
    give_education(employee, "S1")
    teladan = award(f"Teladan {count}")
    for index in range(count):
        appraise(employee, year=2025 - index, predikat="baik")
        completed(employee, jp="4.0", ends_on=dt.date(2026 - index, 3, 4))
        grant(employee, teladan, year=2025 - index, number=f"PGH-{count}-{index}")
        nominate(employee, teladan, year=2026 - index)
        sanction(employee, starts_on=dt.date(2020 + index, 1, 1), number=f"HD-{count}-{index}")
        tpp_line(employee, month=dt.date(2026, 10 - index, 1))
    return own(user)


def test_the_whole_page_takes_the_same_number_of_queries_for_two_rows_or_four():
    small, large = _rich_record(2), _rich_record(4)

    with CaptureQueriesContext(connection) as one:
        selectors.career_of(small, today=TODAY)
    with CaptureQueriesContext(connection) as many:
        selectors.career_of(large, today=TODAY)

    assert len(many) == len(one)
