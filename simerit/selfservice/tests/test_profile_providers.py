"""The sections Karier Saya reads from the contracts of other parts (promotion eligibility, angka
kredit, Satyalancana), on the fixed TODAY (28 November 2026, next KP period 1 December 2026).
The wording of a reason belongs to its provider: these tests check what self-service does with
the answer (the period, the employee, the class's name) and quote the providers' constants."""

import datetime as dt
from decimal import Decimal

import pytest

from simerit.career.rules import promotion as promotion_rules
from simerit.career.selectors.promotion import PromotionCheck
from simerit.career.tests.factories import (
    CreditOpeningFactory,
    CreditRequirementFactory,
    appraise,
    functional_position,
    sanction,
)
from simerit.employees.models import EmployeeKind
from simerit.organization.models import Position
from simerit.selfservice import selectors
from simerit.selfservice.tests.factories_profile import person

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 28)
PERIOD = dt.date(2026, 12, 1)


def test_promotion_is_checked_for_the_next_period_on_or_after_today():
    employee, _user = person()  # III/b since 1 October 2022: 4 years 2 months on the period
    appraise(employee, year=2025, predikat="baik")
    appraise(employee, year=2024, predikat="sangat_baik")

    status = selectors.promotion_of(employee, on=TODAY)

    assert status == selectors.PromotionStatus(
        period=PERIOD,
        check=PromotionCheck(
            employee_id=employee.pk,
            eligible=True,
            reasons=[],
            notes=[promotion_rules.NO_EDUCATION],
            next_golongan="III/c",
        ),
    )


def test_a_sanction_running_on_the_period_keeps_the_employee_from_promotion():
    employee, _user = person()
    appraise(employee, year=2025, predikat="baik")
    appraise(employee, year=2024, predikat="baik")
    sanction(employee, sanction_type="potong_tpp_9", starts_on=dt.date(2026, 6, 1))

    check = selectors.promotion_of(employee, on=TODAY).check

    assert check is not None
    assert check.eligible is False
    assert len(check.reasons) == 1
    assert "28/02/2027" in check.reasons[0]


def test_a_cpns_is_told_that_kenaikan_pangkat_reguler_is_for_pns():
    employee, _user = person(kind=EmployeeKind.CPNS, tmt_pns=None)

    check = selectors.promotion_of(employee, on=TODAY).check

    assert check is not None
    assert (check.eligible, check.reasons) == (
        False,
        [promotion_rules.NOT_PNS[EmployeeKind.CPNS]],
    )


def test_angka_kredit_is_given_only_in_a_jabatan_fungsional():
    # given: Ahli Pertama, 20,000 on 31 December 2024, 2025 rated Baik (12,500), 50,000 needed
    position = functional_position(Position.FunctionalLevel.AHLI_PERTAMA)
    analyst, _user = person(position=position, tmt_position=dt.date(2020, 1, 1))
    CreditRequirementFactory.create()
    CreditOpeningFactory.create(employee=analyst)
    appraise(analyst, year=2025, predikat="baik")
    clerk, _clerk_user = person()

    report = selectors.credit_of(analyst, on=TODAY)

    assert report is not None
    standing = report.standing
    assert (standing.opening, standing.earned, standing.accumulated) == (
        Decimal("20.000"),
        Decimal("12.500"),
        Decimal("32.500"),
    )
    assert (standing.required, standing.shortfall, standing.sufficient) == (
        Decimal("50.000"),
        Decimal("17.500"),
        False,
    )
    assert selectors.credit_of(clerk, on=TODAY) is None


def test_satyalancana_names_the_class_reached_this_year():
    employee, _user = person(tmt_cpns=dt.date(2016, 3, 1))

    status = selectors.satyalancana_of(employee, year=2026)

    assert status.check is not None
    assert (status.year, status.award, status.check.service_years, status.check.eligible) == (
        2026,
        "Satyalancana Karya Satya X Tahun",
        10,
        True,
    )


def test_a_sedang_sanction_excludes_the_satyalancana_with_its_case_number():
    employee, _user = person(tmt_cpns=dt.date(2016, 3, 1))
    sanction(employee, starts_on=dt.date(2026, 2, 1), number="HD-2026-0031")

    status = selectors.satyalancana_of(employee, year=2026)

    assert status.check is not None
    assert status.check.eligible is False
    assert [reason for reason in status.check.reasons if "HD-2026-0031" in reason] != []


def test_below_ten_years_no_class_is_named():
    employee, _user = person(tmt_cpns=dt.date(2020, 3, 1))

    status = selectors.satyalancana_of(employee, year=2026)

    assert status.check is not None
    assert (status.award, status.check.eligible) == ("", False)
