"""/api/v1/training/jp/...: the same selectors and scopes as the pages, errors in the one shape,
JP as exact decimal strings."""

import datetime as dt

import pytest

from simerit.employees.models import Employee
from simerit.training.tests.factories_jp import completed, external, staff

pytestmark = pytest.mark.django_db

API = "/api/v1/training/jp"
DAY = dt.date(2026, 6, 30)


@pytest.fixture
def city(org, employee):
    person = Employee.objects.get(user=employee)
    completed(person, jp="12.5", ends_on=dt.date(2026, 3, 4))
    external(person, jp="3.5", ends_on=dt.date(2026, 2, 1))
    completed(person, jp="20.0", ends_on=dt.date(2025, 3, 4))
    reached = staff(org.dinkes, name="Analis A")
    completed(reached, jp="20.0", ends_on=DAY)
    teacher = staff(org.disdik, name="Guru")
    completed(teacher, jp="4.0", ends_on=DAY)
    return {"person": person, "reached": reached, "teacher": teacher}


def test_my_jp(client, employee, city):
    client.force_login(employee)

    body = client.get(f"{API}/me").json()

    assert body["target"] == {"year": 2026, "minimum_jp": "20.0", "is_default": True}
    assert (body["jp_classes"], body["jp_external"], body["jp_total"], body["shortfall"]) == (
        "12.5",
        "3.5",
        "16.0",
        "4.0",
    )
    assert body["is_compliant"] is False
    assert [line["jp"] for line in body["classes"]] == ["12.5"]
    assert [line["jp"] for line in body["externals"]] == ["3.5"]
    assert body["other_years"] == [
        {"year": 2025, "jp_total": "20.0", "minimum_jp": "20.0", "is_compliant": True}
    ]
    last_year = client.get(f"{API}/me", {"year": 2025}).json()
    assert (last_year["jp_total"], last_year["is_compliant"]) == ("20.0", True)


def test_my_jp_without_an_employee_record_or_a_login(client, hr_admin):
    anonymous = client.get(f"{API}/me")
    client.force_login(hr_admin)
    no_record = client.get(f"{API}/me")

    assert (anonymous.status_code, anonymous.json()["code"]) == (401, "not_authenticated")
    assert (no_record.status_code, no_record.json()["code"]) == (404, "not_found")


def test_bad_year_is_a_validation_error(client, employee, city):
    client.force_login(employee)

    response = client.get(f"{API}/me", {"year": 1999})

    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "year", "message": "Paling kecil 2000."}]


def test_employee_jp_for_staff_only(client, supervisor, employee, city):
    client.force_login(supervisor)
    seen = client.get(f"{API}/employees/{city['person'].pk}")
    hidden = client.get(f"{API}/employees/{city['teacher'].pk}")

    assert (seen.status_code, seen.json()["jp_total"]) == (200, "16.0")
    assert hidden.status_code == 404


def test_unit_compliance(client, hr_admin, org, city):
    client.force_login(hr_admin)

    top = client.get(f"{API}/units").json()
    dinkes = client.get(f"{API}/units", {"unit_id": org.dinkes.pk}).json()

    assert (top["unit_id"], top["unit_name"]) == (org.root.pk, "Pemerintah Kota Palembang")
    assert [
        (r["unit_name"], r["employees"], r["compliant"], r["compliance_percent"], r["average_jp"])
        for r in top["rows"]
    ] == [
        ("Dinas Kesehatan", 3, 1, "33.3", "12.0"),
        ("Dinas Pendidikan", 1, 0, "0.0", "4.0"),
    ]
    assert (top["total"]["employees"], top["total"]["total_jp"]) == (4, "40.0")
    assert [(r["unit_name"], r["direct"]) for r in dinkes["rows"]] == [
        ("Dinas Kesehatan", True),
        ("Bidang Pelayanan Kesehatan", False),
    ]


def test_unit_compliance_scope_and_refusals(client, employee, opd_admin, org, city):
    client.force_login(employee)
    denied = client.get(f"{API}/units")
    client.force_login(opd_admin)
    other_opd = client.get(f"{API}/units", {"unit_id": org.disdik.pk})
    other_list = client.get(f"{API}/units/{org.disdik.pk}/employees")
    missing = client.get(f"{API}/units/999999/employees")
    own = client.get(f"{API}/units").json()

    assert (denied.status_code, denied.json()["code"]) == (403, "permission_denied")
    assert [r.status_code for r in (other_opd, other_list, missing)] == [404, 404, 404]
    assert own["unit_name"] == "Dinas Kesehatan"


def test_unit_employees_pages_and_filters(client, auditor, org, city):
    client.force_login(auditor)

    first = client.get(f"{API}/units/{org.dinkes.pk}/employees", {"page_size": 2}).json()
    below = client.get(
        f"{API}/units/{org.dinkes.pk}/employees", {"below_only": "true", "direct_only": "false"}
    ).json()

    assert (first["count"], first["pages"]) == (3, 2)
    assert [(i["name"], i["jp_total"], i["is_compliant"]) for i in first["items"]] == [
        ("Analis A", "20.0", True),
        ("Kepala Bidang", "0.0", False),
    ]
    assert [i["name"] for i in below["items"]] == ["Kepala Bidang", "Pegawai Uji"]
