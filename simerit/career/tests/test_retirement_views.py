"""The BUP forecast page: counts per unit and year with the chart data, the drill-down list, the
export, and who may open it."""

import datetime as dt
import json

import pytest
from django.urls import reverse

from simerit.audit.models import AuditEvent
from simerit.career.tests.factories import CareerEmployeeFactory, make_office
from simerit.employees.models import Employee

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    office = make_office()
    # Pin every birth date first: the factories' sequence depends on the tests run before.
    Employee.objects.update(birth_date=dt.date(1990, 1, 1))
    for person in (*office.staff, office.chief):
        person.refresh_from_db()
    office.staff[0].birth_date = dt.date(1968, 11, 30)  # BUP 1 December 2026
    office.staff[0].save()
    office.staff[1].birth_date = dt.date(1970, 6, 1)  # BUP 1 July 2028
    office.staff[1].save()
    office.staff[2].birth_date = dt.date(1985, 1, 1)
    office.staff[2].save()
    office.chief.birth_date = dt.date(1980, 1, 1)
    office.chief.save()
    CareerEmployeeFactory.create(
        name="Pegawai Lain Pensiun", work_unit=office.other_unit, birth_date=dt.date(1968, 12, 1)
    )
    return office


def test_the_page_counts_per_unit_and_year_with_the_chart(client, office):
    client.force_login(office.admin)

    response = client.get(reverse("career:retirement"))

    assert response.status_code == 200
    report = response.context["report"]
    assert report.unit == office.unit
    assert [(row.label, row.counts) for row in report.rows] == [
        ("Bidang Pembinaan", [1, 0, 1, 0, 0])
    ]
    page = response.content.decode()
    data = page.split('<script id="data-grafik-pensiun" type="application/json">')[1]
    assert json.loads(data.split("</script>")[0]) == {
        "labels": ["2026", "2027", "2028", "2029", "2030"],
        "counts": [1, 0, 1, 0, 0],
    }
    assert "js/career-retirement-chart.js" in page
    assert "Pegawai Lain Pensiun" not in page


def test_a_figure_opens_its_list(client, office):
    client.force_login(office.hr)

    response = client.get(
        reverse("career:retirement"), {"unit": office.division.pk, "tahun": "2026"}
    )

    assert [line.employee.name for line in response.context["page_obj"]] == ["Staf A"]
    page = response.content.decode()
    assert "Pegawai yang pensiun pada 2026 · Bidang Pembinaan" in page
    assert "1 Desember 2026" in page


def test_an_unknown_figure_shows_no_list(client, office):
    client.force_login(office.hr)

    response = client.get(reverse("career:retirement"), {"tahun": "2040"})

    assert response.context["which"] == ""
    assert 'data-testid="retirement-list"' not in response.content.decode()


def test_the_export_downloads_the_unit(client, office):
    client.force_login(office.hr)

    response = client.get(reverse("career:retirement_export"), {"unit": office.unit.pk})

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="proyeksi-pensiun-20261128-unit-{office.unit.pk}.xlsx"'
    )
    assert AuditEvent.objects.filter(action="career.retirement_forecast.exported").count() == 1


def test_who_may_open_the_forecast(client, office):
    client.force_login(office.user(office.staff[0]))
    assert client.get(reverse("career:retirement")).status_code == 403
    assert client.get(reverse("career:retirement_export")).status_code == 403

    client.force_login(office.admin)
    assert client.get(reverse("career:retirement"), {"unit": office.other_unit.pk}).status_code == (
        404
    )
    before = AuditEvent.objects.count()
    assert (
        client.get(reverse("career:retirement_export"), {"unit": office.other_unit.pk}).status_code
        == 404
    )
    assert AuditEvent.objects.count() == before

    client.force_login(office.user(office.chief))
    response = client.get(reverse("career:retirement"))
    assert response.status_code == 200
    assert response.context["unit"] == office.division
