"""/api/v1/career/promotion…: the periods, the list of a period, one employee's check; errors in
the one shape."""

import datetime as dt

import pytest

from simerit.career.tests.factories import appraise_years, make_office, sanction

pytestmark = pytest.mark.django_db

API = "/api/v1/career/promotion"
GOOD = {2025: "baik", 2024: "baik"}
NOTE = "Pendidikan belum tercatat; batas pangkat menurut pendidikan tidak diperiksa."


@pytest.fixture
def office():
    office = make_office()
    appraise_years(office.staff[0], GOOD)
    appraise_years(office.staff[1], GOOD)
    sanction(office.staff[1], starts_on=dt.date(2026, 7, 1), number="HD-2026-0001")
    return office


def test_periods(client, office):
    client.force_login(office.hr)

    body = client.get(f"{API}/periods").json()

    assert body["default"] == "2026-12-01"
    assert (body["periods"][0], body["periods"][-1], len(body["periods"])) == (
        "2025-12-01",
        "2027-11-01",
        24,
    )


def test_list_of_a_period(client, office):
    client.force_login(office.admin)

    body = client.get(API, {"period": "2026-12-01", "page_size": 2}).json()

    assert (body["count"], body["pages"], body["period"]) == (4, 2, "2026-12-01")
    assert (body["eligible_count"], body["ineligible_count"]) == (1, 3)
    assert [item["name"] for item in body["items"]] == ["Kabid Bina", "Staf A"]
    staff_a = office.staff[0]
    assert body["items"][1] == {
        "employee_id": staff_a.pk,
        "eligible": True,
        "reasons": [],
        "notes": [NOTE],
        "next_golongan": "III/c",
        "nip": staff_a.nip,
        "name": "Staf A",
        "work_unit": "Bidang Pembinaan",
        "position": staff_a.position.name,
        "golongan": "III/b",
        "tmt_golongan": "2022-10-01",
    }


def test_filter_the_ineligible(client, office):
    client.force_login(office.hr)

    body = client.get(API, {"eligible": "false", "unit_id": office.division.pk}).json()

    assert [item["name"] for item in body["items"]] == ["Kabid Bina", "Staf B", "Staf C"]
    assert body["items"][1]["reasons"] == [
        "Sedang menjalani hukuman disiplin (HD-2026-0001) sampai 31/12/2026."
    ]


def test_an_opd_admin_reads_the_reason_without_the_case(client, office):
    client.force_login(office.admin)

    listed = client.get(API, {"eligible": "false", "unit_id": office.division.pk})
    one = client.get(f"{API}/employees/{office.staff[1].pk}")

    assert [item["name"] for item in listed.json()["items"]] == ["Kabid Bina", "Staf B", "Staf C"]
    assert listed.json()["items"][1]["reasons"] == ["Sedang menjalani hukuman disiplin."]
    assert one.json()["reasons"] == ["Sedang menjalani hukuman disiplin."]
    assert "HD-" not in listed.content.decode() + one.content.decode()


def test_hr_reads_one_employee_with_the_case(client, office):
    client.force_login(office.hr)

    one = client.get(f"{API}/employees/{office.staff[1].pk}")

    assert one.json()["reasons"] == [
        "Sedang menjalani hukuman disiplin (HD-2026-0001) sampai 31/12/2026."
    ]


def test_a_date_that_is_not_a_period(client, office):
    client.force_login(office.hr)

    response = client.get(API, {"period": "2026-12-02"})

    assert response.status_code == 422
    assert response.json() == {
        "detail": "Data yang dikirim tidak valid.",
        "code": "invalid_input",
        "errors": [
            {"field": "period", "message": "Tanggal 02/12/2026 bukan periode kenaikan pangkat."}
        ],
    }


def test_list_permissions(client, office):
    anonymous = client.get(API)
    client.force_login(office.user(office.staff[0]))
    employee = client.get(API)
    client.force_login(office.admin)
    outside = client.get(API, {"unit_id": office.other_unit.pk})

    assert (anonymous.status_code, employee.status_code, outside.status_code) == (401, 403, 404)
    assert employee.json()["detail"] == "Anda tidak berwenang melihat daftar kenaikan pangkat."


def test_one_employee(client, office):
    client.force_login(office.user(office.staff[1]))

    own = client.get(f"{API}/employees/{office.staff[1].pk}", {"period": "2027-01-01"})
    colleague = client.get(f"{API}/employees/{office.staff[0].pk}")

    assert own.json() == {
        "employee_id": office.staff[1].pk,
        "eligible": False,
        "reasons": ["Predikat 2026 belum final."],
        "notes": [NOTE],
        "next_golongan": "III/c",
        "period": "2027-01-01",
    }
    assert colleague.status_code == 404


def test_openapi_lists_the_promotion_and_credit_endpoints(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    mine = {
        path: set(operations)
        for path, operations in paths.items()
        if path.startswith(("/api/v1/career/promotion", "/api/v1/career/credit"))
    }

    assert mine == {
        "/api/v1/career/promotion/periods": {"get"},
        "/api/v1/career/promotion": {"get"},
        "/api/v1/career/promotion/employees/{employee_id}": {"get"},
        "/api/v1/career/credit": {"get"},
        "/api/v1/career/credit/employees/{employee_id}": {"get"},
        "/api/v1/career/credit/employees/{employee_id}/opening": {"put"},
    }
