"""selectors.credit: opening balance + the credit of the final appraisals of later years, against
the jenjang's requirement; who appears on the list."""

import datetime as dt
from decimal import Decimal

import pytest

from simerit.career.rules.credit import NO_OPENING
from simerit.career.selectors import credit as selectors
from simerit.career.tests.factories import (
    CareerEmployeeFactory,
    CreditOpeningFactory,
    CreditRequirementFactory,
    appraise,
    functional_position,
    make_office,
)
from simerit.organization.tests.factories import PositionFactory
from simerit.performance.models import Appraisal

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 28)


@pytest.fixture
def office():
    return make_office()


@pytest.fixture
def analyst(office):
    """Staf A, Ahli Pertama (coefficient 12,5 seeded by performance), needing 50."""
    person = office.staff[0]
    person.position = functional_position("ahli_pertama")
    person.save()
    CreditRequirementFactory.create(functional_level="ahli_pertama", for_next_rank=Decimal("50"))
    return person


def test_opening_plus_later_final_appraisals(analyst):
    CreditOpeningFactory.create(
        employee=analyst, as_of=dt.date(2024, 12, 31), amount=Decimal("20.000")
    )
    appraise(analyst, year=2024, predikat="baik")  # inside the opening balance
    appraise(analyst, year=2025, predikat="sangat_baik")  # 12/12 × 150 % × 12,5 = 18,750
    appraise(analyst, year=2026, predikat="baik", status=Appraisal.Status.DELIVERED)  # not final

    report = selectors.report_for(analyst, on=TODAY)

    assert report is not None
    assert [(item.year, item.counted, item.line.amount) for item in report.years] == [
        (2024, False, Decimal("12.500")),
        (2025, True, Decimal("18.750")),
    ]
    assert [item.line.explanation for item in report.years] == [
        "12/12 × 100 % × 12,500 = 12,500",
        "12/12 × 150 % × 12,500 = 18,750",
    ]
    standing = report.standing
    assert (standing.opening, standing.earned, standing.accumulated, standing.shortfall) == (
        Decimal("20.000"),
        Decimal("18.750"),
        Decimal("38.750"),
        Decimal("11.250"),
    )
    assert standing.message == (
        "Kurang 11,250 angka kredit untuk kenaikan pangkat (terkumpul 38,750 dari 50,000)."
    )
    assert (report.level, report.level_label, report.notes) == ("ahli_pertama", "Ahli Pertama", [])


def test_without_an_opening_every_final_year_counts(analyst):
    appraise(analyst, year=2024, predikat="baik")
    appraise(analyst, year=2025, predikat="butuh_perbaikan")  # 75 % × 12,5 = 9,375

    report = selectors.report_for(analyst, on=TODAY)

    assert report is not None
    assert report.standing.accumulated == Decimal("21.875")
    assert report.notes == [NO_OPENING]


def test_enough_credit(analyst):
    CreditOpeningFactory.create(employee=analyst, amount=Decimal("37.500"))
    appraise(analyst, year=2025, predikat="baik")

    report = selectors.report_for(analyst, on=TODAY)

    assert report is not None
    assert (report.standing.sufficient, report.standing.message) == (
        True,
        "Angka kredit mencukupi untuk kenaikan pangkat.",
    )


def test_requirement_and_coefficient_not_configured(office):
    person = office.staff[1]
    person.position = functional_position("ahli_madya")
    person.save()
    CreditOpeningFactory.create(employee=person, amount=Decimal("100"))
    appraise(person, year=2025, predikat="baik")

    report = selectors.report_for(person, on=TODAY)

    assert report is not None
    assert report.standing.message == "Kebutuhan angka kredit jenjang ini belum diatur."
    assert (report.standing.accumulated, report.standing.sufficient) == (Decimal("100.000"), None)
    assert report.notes == [
        "Koefisien angka kredit untuk jenjang Ahli Madya belum ditetapkan oleh Admin BKPSDM."
    ]


def test_an_appraisal_outside_a_jabatan_fungsional_earns_nothing(analyst):
    CreditOpeningFactory.create(employee=analyst, amount=Decimal("10"))
    appraise(analyst, year=2025, predikat="baik", position=PositionFactory.create())

    report = selectors.report_for(analyst, on=TODAY)

    assert report is not None
    assert (report.years, report.standing.accumulated) == ([], Decimal("10.000"))


def test_no_report_outside_a_jabatan_fungsional(office):
    assert selectors.report_for(office.staff[2], on=TODAY) is None
    assert selectors.reports(office.staff, on=TODAY) == {}


def test_functional_employees_per_account(office, analyst):
    other = office.other
    other.position = functional_position("ahli_muda")
    other.save()
    CareerEmployeeFactory.create(
        name="Pensiunan", position=analyst.position, is_active=False, supervisor=office.chief
    )

    def listed(user, **filters):
        return [person.name for person in selectors.functional_employees(user, **filters)]

    assert listed(office.hr) == ["Pegawai Lain", "Staf A"]
    assert listed(office.auditor) == ["Pegawai Lain", "Staf A"]
    assert listed(office.admin) == ["Staf A"]
    assert listed(office.other_admin) == ["Pegawai Lain"]
    assert listed(office.user(office.chief)) == ["Staf A"]
    assert listed(office.hr, unit=office.other_unit) == ["Pegawai Lain"]
    assert listed(office.hr, search="staf") == ["Staf A"]
    assert listed(office.hr, search=other.nip[:10]) == ["Pegawai Lain"]
