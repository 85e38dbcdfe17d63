"""The talent API: the 9-box counts and placements, the potential scores (HR writes), the
succession pools and the BUP forecast, each with its scope; refusals change nothing."""

import datetime as dt

import pytest

from simerit.audit.models import AuditEvent
from simerit.career.models import PotentialAssessment, SuccessionCandidate
from simerit.career.tests.factories import make_office
from simerit.career.tests.factories_talent import candidate, managerial_position, place_in_box
from simerit.employees.models import Employee

pytestmark = pytest.mark.django_db

API = "/api/v1/career"


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


@pytest.fixture
def office():
    office = make_office()
    place_in_box(office.staff[0], 9)
    place_in_box(office.staff[1], 7)
    place_in_box(office.other, 5)
    return office


def _snapshot():
    return (
        PotentialAssessment.objects.count(),
        list(SuccessionCandidate.objects.values_list("pk", "removed_at")),
        AuditEvent.objects.count(),
    )


def test_the_grid_counts_the_scope(client, office):
    client.force_login(office.admin)

    body = client.get(f"{API}/talent/grid").json()

    assert body["on"] == "2026-11-28"
    assert (body["placed"], body["unplaced"]) == (2, 2)
    assert [(b["box"], b["count"]) for b in body["boxes"]] == [
        (9, 1),
        (8, 0),
        (7, 1),
        (6, 0),
        (5, 0),
        (4, 0),
        (3, 0),
        (2, 0),
        (1, 0),
    ]
    assert body["boxes"][0]["actions"][0] == "Dipromosikan dan dipertahankan"


def test_placements_of_a_box_and_of_those_without_one(client, office):
    client.force_login(office.hr)

    nine = client.get(f"{API}/talent/placements", {"box": 9}).json()
    none = client.get(f"{API}/talent/placements", {"box": 0, "unit_id": office.unit.pk}).json()

    assert nine["count"] == 1
    item = nine["items"][0]
    assert {k: item[k] for k in ("name", "performance", "potential", "box", "predikat")} == {
        "name": "Staf A",
        "performance": "above",
        "potential": "high",
        "box": 9,
        "predikat": "sangat_baik",
    }
    assert (item["score"], item["assessed_on"], item["predikat_year"]) == (
        "90.00",
        "2026-03-01",
        2025,
    )
    assert "nik" not in item
    assert [(i["name"], i["reason"]) for i in none["items"]] == [
        ("Kabid Bina", "Belum ada predikat final. Belum ada hasil asesmen potensial yang berlaku."),
        ("Staf C", "Belum ada predikat final. Belum ada hasil asesmen potensial yang berlaku."),
    ]


def test_the_talent_api_is_refused_to_an_employee_and_outside_the_scope(client, office):
    client.force_login(office.user(office.staff[0]))
    assert client.get(f"{API}/talent/grid").status_code == 403

    client.force_login(office.admin)
    response = client.get(f"{API}/talent/grid", {"unit_id": office.other_unit.pk})
    assert response.status_code == 404
    assert client.get(f"{API}/talent/grid").status_code == 200
    client.logout()
    assert client.get(f"{API}/talent/grid").status_code == 401


def test_hr_records_and_removes_a_score(client, office):
    client.force_login(office.hr)

    created = post(
        client,
        f"{API}/talent/potential",
        {
            "employee_id": office.staff[2].pk,
            "assessed_on": "2026-11-20",
            "method": "Assessment center",
            "score": "83.5",
        },
    )

    assert created.status_code == 201
    body = created.json()
    assert (body["name"], body["score"], body["source"]) == ("Staf C", "83.50", "manual")
    listed = client.get(f"{API}/talent/potential", {"search": "Staf C"}).json()
    assert [item["id"] for item in listed["items"]] == [body["id"]]

    removed = post(client, f"{API}/talent/potential/{body['id']}/remove", {"reason": "Salah"})

    assert removed.status_code == 204
    assert not PotentialAssessment.objects.filter(pk=body["id"]).exists()


def test_a_bad_score_is_422_with_the_field_and_nothing_changes(client, office):
    client.force_login(office.hr)
    before = _snapshot()

    response = post(
        client,
        f"{API}/talent/potential",
        {
            "employee_id": office.staff[2].pk,
            "assessed_on": "2026-12-20",
            "method": "Assessment center",
            "score": "120",
        },
    )

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "score", "message": "Nilai potensial harus antara 0 dan 100."},
        {"field": "assessed_on", "message": "Tanggal asesmen tidak boleh di masa depan."},
    ]
    assert _snapshot() == before


def test_only_hr_writes_scores(client, office):
    client.force_login(office.admin)
    before = _snapshot()
    row = PotentialAssessment.objects.filter(employee=office.staff[0]).get()

    created = post(
        client,
        f"{API}/talent/potential",
        {
            "employee_id": office.staff[2].pk,
            "assessed_on": "2026-11-20",
            "method": "X",
            "score": 80,
        },
    )
    removed = post(client, f"{API}/talent/potential/{row.pk}/remove", {"reason": "x"})

    assert (created.status_code, removed.status_code) == (403, 403)
    assert created.json()["detail"] == "Hanya Admin BKPSDM yang dapat mengubah data karier."
    assert _snapshot() == before


def test_succession_pools_through_the_api(client, office):
    position = managerial_position(unit=office.division)
    client.force_login(office.hr)

    positions = client.get(f"{API}/succession/positions").json()
    assert [(p["name"], p["work_unit"], p["pool"]) for p in positions["items"]] == [
        ("Kepala Bidang Pembinaan", "Bidang Pembinaan", 0),
        ("Kepala Bidang", "", 0),  # the chief's position, of no unit
    ]
    detail = client.get(f"{API}/succession/positions/{position.pk}").json()
    assert [(p["name"], p["box"]) for p in detail["proposals"]] == [("Staf A", 9), ("Staf B", 7)]

    added = post(
        client,
        f"{API}/succession/positions/{position.pk}/candidates",
        {"employee_id": office.staff[1].pk, "note": "Rotasi"},
    )
    assert added.status_code == 201
    assert (added.json()["box_when_added"], added.json()["note"]) == (7, "Rotasi")

    removed = post(
        client, f"{API}/succession/candidates/{added.json()['id']}/remove", {"reason": "Mutasi"}
    )
    assert removed.status_code == 200
    assert removed.json()["removal_reason"] == "Mutasi"
    assert removed.json()["removed_at"] is not None


def test_succession_refusals_change_nothing(client, office):
    position = managerial_position(unit=office.division)
    elsewhere = managerial_position("Kepala Bidang Lalu Lintas", unit=office.other_unit)
    row = candidate(elsewhere, office.other, box=9)
    before = _snapshot()

    client.force_login(office.hr)
    refused = post(
        client,
        f"{API}/succession/positions/{position.pk}/candidates",
        {"employee_id": office.staff[2].pk},
    )
    assert refused.status_code == 400
    assert refused.json()["detail"] == (
        "Hanya pegawai di kotak 7, 8 atau 9 yang dapat masuk kelompok rencana suksesi; Staf C "
        "belum dapat ditempatkan dalam 9-box: Belum ada predikat final. Belum ada hasil asesmen "
        "potensial yang berlaku."
    )
    client.force_login(office.admin)
    assert client.get(f"{API}/succession/positions/{elsewhere.pk}").status_code == 404
    assert (
        post(client, f"{API}/succession/candidates/{row.pk}/remove", {"reason": "x"}).status_code
        == 404
    )
    assert (
        post(
            client,
            f"{API}/succession/positions/{position.pk}/candidates",
            {"employee_id": office.staff[0].pk},
        ).status_code
        == 403
    )
    client.force_login(office.user(office.chief))
    assert client.get(f"{API}/succession/positions").status_code == 403

    assert _snapshot() == before


def test_the_retirement_forecast_and_its_people(client, office):
    # The factories' birth dates follow a sequence that depends on the tests run before: pin them
    # so that only Staf A retires within the five years.
    Employee.objects.update(birth_date=dt.date(1990, 1, 1))
    office.staff[0].refresh_from_db()
    office.staff[0].birth_date = dt.date(1968, 11, 30)
    office.staff[0].save()
    client.force_login(office.admin)

    forecast = client.get(f"{API}/retirement").json()
    people = client.get(
        f"{API}/retirement/employees", {"unit_id": office.division.pk, "which": "2026"}
    ).json()
    bad = client.get(f"{API}/retirement/employees", {"which": "2040"})

    assert forecast["unit_id"] == office.unit.pk
    assert forecast["years"] == [2026, 2027, 2028, 2029, 2030]
    assert forecast["total"]["years"] == {"2026": 1, "2027": 0, "2028": 0, "2029": 0, "2030": 0}
    assert [(p["name"], p["retires_on"], p["age"]) for p in people["items"]] == [
        ("Staf A", "2026-12-01", 58)
    ]
    assert bad.status_code == 422
    assert bad.json()["errors"] == [
        {"field": "which", "message": 'Pilih tahun 2026–2030, "lewat" atau "belum".'}
    ]


def test_openapi_lists_the_talent_endpoints(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    methods = {
        path.removeprefix(API): set(operations)
        for path, operations in paths.items()
        if path.startswith((f"{API}/talent", f"{API}/succession", f"{API}/retirement"))
    }

    assert methods == {
        "/talent/grid": {"get"},
        "/talent/placements": {"get"},
        "/talent/potential": {"get", "post"},
        "/talent/potential/{assessment_id}/remove": {"post"},
        "/succession/positions": {"get"},
        "/succession/positions/{position_id}": {"get"},
        "/succession/positions/{position_id}/candidates": {"post"},
        "/succession/candidates/{candidate_id}/remove": {"post"},
        "/retirement": {"get"},
        "/retirement/employees": {"get"},
    }
    assert set(paths[f"{API}/talent/potential"]["post"]["responses"]) == {
        "201", "400", "401", "403", "404", "409", "422"
    }  # fmt: skip
