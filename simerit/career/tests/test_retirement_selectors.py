"""The BUP forecast reads: counts per unit and year over the account's scope, those past their BUP
date or without an age, the drill-down lists, the default unit, and the audited export."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied

from simerit.audit.models import AuditEvent
from simerit.career.models import RetirementAge
from simerit.career.selectors import retirement as selectors
from simerit.career.services import talent as services
from simerit.career.tests.factories import CareerEmployeeFactory, functional_position, make_office
from simerit.employees.models import Employee
from simerit.organization.models import Position
from simerit.organization.tests.factories import PositionFactory, root_unit

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 28)


@pytest.fixture
def office():
    """Retiring: Staf A (pelaksana, 58) on 1 Dec 2026, Staf B on 1 Jul 2028, the chief
    (administrator, 58) on 1 Apr 2029; Staf C not within five years; an ahli utama (65) of the
    division on 1 Mar 2030; a JPT Madya in the OPD itself, whose age HR has not set (the seeded
    row is removed); one past BUP."""
    RetirementAge.objects.filter(position_kind="jpt_madya").delete()
    office = make_office()
    # Pin every birth date first: the factories' sequence depends on the tests run before.
    Employee.objects.update(birth_date=dt.date(1990, 1, 1))
    for person in (*office.staff, office.chief):
        person.refresh_from_db()
    a, b, c = office.staff
    for person, born in (
        (a, dt.date(1968, 11, 30)),
        (b, dt.date(1970, 6, 1)),
        (c, dt.date(1985, 1, 1)),
        (office.chief, dt.date(1971, 3, 31)),
    ):
        person.birth_date = born
        person.save()
    CareerEmployeeFactory.create(
        name="Ahli Utama",
        work_unit=office.division,
        position=functional_position("ahli_utama"),
        birth_date=dt.date(1965, 2, 28),
        supervisor=office.chief,
    )
    CareerEmployeeFactory.create(
        name="Sekretaris",
        work_unit=office.unit,
        position=PositionFactory.create(kind=Position.Kind.JPT_MADYA),
        birth_date=dt.date(1970, 1, 1),
        supervisor=None,
    )
    CareerEmployeeFactory.create(
        name="Lewat Batas",
        work_unit=office.division,
        birth_date=dt.date(1968, 5, 10),  # BUP 1 June 2026
        supervisor=office.chief,
    )
    return office


def _access(user):
    access = selectors.retirement_access(user)
    assert access is not None
    return access


def _counts(row):
    return (row.label, row.employees, row.counts, row.overdue, row.unknown)


def test_the_forecast_counts_the_scope_per_unit_and_year(office):
    access = _access(office.admin)

    report = selectors.forecast(access.employees, unit=office.unit, today=TODAY)

    assert report.years == [2026, 2027, 2028, 2029, 2030]
    assert [_counts(row) for row in report.rows] == [
        ("Dinas Pendidikan (langsung)", 1, [0, 0, 0, 0, 0], 0, 1),
        ("Bidang Pembinaan", 6, [1, 0, 1, 1, 1], 1, 0),
    ]
    assert report.total is not None
    assert _counts(report.total) == ("Dinas Pendidikan", 7, [1, 0, 1, 1, 1], 1, 1)
    assert report.total.total == 4
    assert report.chart() == {
        "labels": ["2026", "2027", "2028", "2029", "2030"],
        "counts": [1, 0, 1, 1, 1],
    }


def test_the_drill_down_lists_the_people_behind_a_figure(office):
    access = _access(office.admin)

    def names(which, **kwargs):
        lines = selectors.drill_down(
            access.employees, unit=office.unit, which=which, today=TODAY, **kwargs
        )
        return [(line.employee.name, line.retirement.retires_on) for line in lines]

    assert names("2026") == [("Staf A", dt.date(2026, 12, 1))]
    assert names("2029") == [("Kabid Bina", dt.date(2029, 4, 1))]
    assert names("2030") == [("Ahli Utama", dt.date(2030, 3, 1))]
    assert names("lewat") == [("Lewat Batas", dt.date(2026, 6, 1))]
    assert names("belum") == [("Sekretaris", None)]
    assert names("belum", direct_only=True) == [("Sekretaris", None)]
    assert names("2026", direct_only=True) == []


def test_a_configured_age_changes_the_forecast(office):
    RetirementAge.objects.create(position_kind="jpt_madya", age=60)
    access = _access(office.hr)

    lines = selectors.drill_down(access.employees, unit=office.unit, which="2030", today=TODAY)

    assert [line.employee.name for line in lines] == ["Sekretaris", "Ahli Utama"]  # Feb, Mar


def test_the_choice_of_a_figure_is_a_forecast_year_or_a_keyword(office):
    assert [selectors.choice_of(value, today=TODAY) for value in ("2026", "2030", "2031")] == [
        "2026",
        "2030",
        "",
    ]
    assert [selectors.choice_of(value, today=TODAY) for value in ("lewat", "belum", "x")] == [
        "lewat",
        "belum",
        "",
    ]


def test_who_reads_the_forecast_and_where_it_opens(office):
    supervisor = selectors.retirement_access(office.user(office.chief))
    hr = selectors.retirement_access(office.hr)

    assert selectors.retirement_access(office.user(office.staff[0])) is None
    assert supervisor is not None
    assert hr is not None
    # A supervisor sees their team and themself (a BUP date is no talent decision).
    assert sorted(supervisor.employees.values_list("name", flat=True)) == [
        "Ahli Utama",
        "Kabid Bina",
        "Lewat Batas",
        "Staf A",
        "Staf B",
        "Staf C",
    ]
    assert selectors.default_unit(supervisor) == office.division
    assert selectors.default_unit(hr) == root_unit()
    assert [unit.name for unit in selectors.trail(office.division, hr)] == [
        "Pemerintah Kota Palembang",
        "Dinas Pendidikan",
        "Bidang Pembinaan",
    ]


def test_the_export_is_audited_and_lists_the_forecast_people(office):
    content = services.export_retirement(actor=office.admin, unit=None, today=TODAY)

    book = openpyxl.load_workbook(io.BytesIO(content))
    summary = [list(row) for row in book["Ringkasan"].iter_rows(values_only=True)]
    assert summary[0][0] == "Proyeksi pensiun (BUP) per 28 November 2026: Dinas Pendidikan"
    assert summary[1] == [
        "Unit kerja",
        "Pegawai aktif",
        "2026",
        "2027",
        "2028",
        "2029",
        "2030",
        "Jumlah 5 tahun",
        "Lewat BUP",
        "BUP belum diatur",
    ]
    assert summary[-1] == ["Jumlah", 7, 1, 0, 1, 1, 1, 4, 1, 1]
    people = [list(row) for row in book["Pegawai"].iter_rows(min_row=2, values_only=True)]
    assert [(row[1], row[4], row[6]) for row in people] == [
        ("Lewat Batas", 58, "Sudah melewati BUP"),
        ("Staf A", 58, None),
        ("Staf B", 58, None),
        ("Kabid Bina", 58, None),
        ("Ahli Utama", 65, None),
        ("Sekretaris", None, "Batas usia pensiun jabatan ini belum diatur."),
    ]
    event = AuditEvent.objects.get(action="career.retirement_forecast.exported")
    assert event.changes == {"today": "2026-11-28", "unit": "Dinas Pendidikan", "employees": 6}


def test_the_export_refuses_a_unit_outside_the_scope(office):
    before = AuditEvent.objects.count()

    with pytest.raises(PermissionDenied):
        services.export_retirement(actor=office.admin, unit=office.other_unit, today=TODAY)

    assert AuditEvent.objects.count() == before
