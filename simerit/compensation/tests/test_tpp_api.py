"""/api/v1/tpp/…: the same scopes as the pages, errors in the one shape, percentages as exact
decimal strings, writes refused to the readers with nothing changed."""

import pytest

from simerit.audit.models import AuditEvent
from simerit.compensation.models import Line, Run
from simerit.compensation.services import runs as services
from simerit.compensation.tests.factories_tpp import (
    OCTOBER,
    appraise,
    attendance,
    make_scheme,
    staff,
)
from simerit.employees.models import Employee
from simerit.performance.models import Predikat

pytestmark = pytest.mark.django_db

API = "/api/v1/tpp"


def state():
    return (
        Run.objects.count(),
        Line.objects.count(),
        AuditEvent.objects.count(),
        sorted(Run.objects.values_list("pk", "status")),
    )


@pytest.fixture
def city(org, hr_admin, employee):
    make_scheme(created_by=hr_admin)
    me = Employee.objects.get(user=employee)
    appraise(me, year=2025, predikat=Predikat.BAIK)
    attendance(me, absent=2, late=95)
    staff(org.disdik, name="Guru Lain")
    return me


def test_schemes_for_staff(client, hr_admin, opd_admin, employee, city):
    client.force_login(opd_admin)
    body = client.get(f"{API}/schemes").json()

    assert body["count"] == 1
    scheme = body["items"][0]
    assert (scheme["performance_weight"], scheme["absent_day_cut"], scheme["frozen"]) == (
        "60.00",
        "2.50",
        False,
    )
    assert {rate["predikat"]: rate["rate"] for rate in scheme["rates"]}["baik"] == "90.00"
    assert sorted((base["position_kind"], base["amount"]) for base in scheme["base_amounts"]) == [
        ("fungsional", 4_875_500),
        ("pelaksana", 3_250_000),
        ("pengawas", 6_500_000),
    ]
    client.force_login(employee)
    denied = client.get(f"{API}/schemes")
    assert (denied.status_code, denied.json()["code"]) == (403, "permission_denied")


def test_compute_finalise_and_correct(client, hr_admin, city):
    client.force_login(hr_admin)

    created = client.post(f"{API}/runs", {"month": "2026-10"}, content_type="application/json")

    assert created.status_code == 201
    run = created.json()
    assert (run["month"], run["status"], run["employees"]) == ("2026-10-01", "draft", 3)
    recomputed = client.post(f"{API}/runs/{run['id']}/recompute")
    final = client.post(f"{API}/runs/{run['id']}/finalise")
    correction = client.post(f"{API}/runs/{run['id']}/correction")
    assert recomputed.status_code == 200
    assert (final.status_code, final.json()["status"]) == (200, "final")
    assert (correction.status_code, correction.json()["supersedes_id"]) == (201, run["id"])


def test_compute_errors(client, hr_admin, city):
    client.force_login(hr_admin)
    client.post(f"{API}/runs", {"month": "2026-10"}, content_type="application/json")
    before = state()

    bad = client.post(f"{API}/runs", {"month": "Oktober"}, content_type="application/json")
    twice = client.post(f"{API}/runs", {"month": "2026-10"}, content_type="application/json")
    future = client.post(f"{API}/runs", {"month": "2027-01"}, content_type="application/json")

    assert (bad.status_code, bad.json()["errors"]) == (
        422,
        [{"field": "month", "message": "Tulis bulan dengan format TTTT-BB, mis. 2026-10."}],
    )
    assert (twice.status_code, twice.json()["detail"]) == (
        409,
        "Sudah ada draf perhitungan TPP bulan Oktober 2026; hitung ulang draf itu.",
    )
    assert (future.status_code, future.json()["errors"][0]["message"]) == (
        422,
        "Bulan perhitungan tidak boleh setelah bulan berjalan (November 2026).",
    )
    assert state() == before


def test_the_auditor_reads_but_cannot_write(client, auditor, hr_admin, city):
    run = services.compute_run(actor=hr_admin, month=OCTOBER)
    client.force_login(auditor)
    before = state()

    listed = client.get(f"{API}/runs").json()
    writes = [
        client.post(f"{API}/runs", {"month": "2026-09"}, content_type="application/json"),
        client.post(f"{API}/runs/{run.pk}/recompute"),
        client.post(f"{API}/runs/{run.pk}/finalise"),
        client.post(f"{API}/runs/{run.pk}/correction"),
    ]

    assert [item["id"] for item in listed["items"]] == [run.pk]
    assert [response.status_code for response in writes] == [403, 403, 403, 403]
    assert (
        writes[0].json()["detail"] == "Hanya Admin BKPSDM yang dapat mengatur dan menghitung TPP."
    )
    assert state() == before


def test_lines_by_scope(client, hr_admin, opd_admin, employee, city):
    run = services.compute_run(actor=hr_admin, month=OCTOBER)

    client.force_login(hr_admin)
    everyone = client.get(f"{API}/runs/{run.pk}/lines").json()
    client.force_login(opd_admin)
    subtree = client.get(f"{API}/runs/{run.pk}/lines").json()
    client.force_login(employee)
    draft_for_employee = client.get(f"{API}/runs/{run.pk}/lines")

    assert [line["name"] for line in everyone["items"]] == [
        "Guru Lain",
        "Kepala Bidang",
        "Pegawai Uji",
    ]
    assert [line["name"] for line in subtree["items"]] == ["Kepala Bidang", "Pegawai Uji"]
    assert draft_for_employee.status_code == 404
    mine = subtree["items"][1]
    # 100 − 2 × 2,5 − 95/60 × 1,5 = 92,625 → 92,63
    assert (mine["discipline_rate"], mine["discipline_amount"], mine["total_amount"]) == (
        "92.63",
        1_204_190,
        2_959_190,
    )
    assert mine["explanation"][2] == "Bagian kinerja: Rp3.250.000 × 60% × 90% (Baik) = Rp1.755.000"
    assert "nik" not in mine


def test_my_lines(client, hr_admin, employee, city):
    run = services.compute_run(actor=hr_admin, month=OCTOBER)
    client.force_login(employee)
    assert client.get(f"{API}/me/lines").json()["count"] == 0

    services.finalise_run(actor=hr_admin, run=run)
    body = client.get(f"{API}/me/lines").json()

    assert [(line["run_id"], line["total_amount"]) for line in body["items"]] == [
        (run.pk, 2_959_190)
    ]
    run_body = client.get(f"{API}/runs/{run.pk}").json()
    assert (run_body["status"], run_body["total_amount"]) == ("final", run.total_amount)
    client.force_login(hr_admin)
    assert client.get(f"{API}/me/lines").status_code == 404


def test_anonymous_gets_401(client):
    response = client.get(f"{API}/runs")
    assert (response.status_code, response.json()["code"]) == (401, "not_authenticated")
