"""The catalogue API: the same visibility and refusals as the pages, with the error shape."""

import datetime as dt
from decimal import Decimal

import pytest

from simerit.audit.models import AuditEvent
from simerit.employees.models import Employee
from simerit.employees.tests.factories import EmployeeFactory
from simerit.training.models import EmployeeCompetency, Programme
from simerit.training.tests.factories import (
    CompetencyFactory,
    ProgrammeFactory,
    TrainingClassFactory,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/training"


def body(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "code": "tek-arsip-01",
        "name": "Arsip Digital",
        "kind": "teknis",
        "jp": "12.5",
        "provider": "ANRI",
        "mode": "daring",
        "competency_codes": [],
        "indicator_codes": ["1a"],
    }
    data.update(changes)
    return data


def post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


def test_hr_creates_and_updates_a_programme(client, hr_admin):
    CompetencyFactory.create(code="K001")
    client.force_login(hr_admin)

    created = post(client, f"{API}/programmes", body(competency_codes=["k001"]))
    programme_id = created.json()["id"]
    updated = client.put(
        f"{API}/programmes/{programme_id}",
        body(name="Arsip Digital Lanjut", jp=16),
        content_type="application/json",
    )

    assert created.status_code == 201
    assert created.json()["code"] == "TEK-ARSIP-01"
    assert created.json()["competency_codes"] == ["K001"]
    assert created.json()["indicator_codes"] == ["1a"]
    assert updated.status_code == 200
    assert (updated.json()["name"], updated.json()["jp"]) == ("Arsip Digital Lanjut", "16.0")
    assert updated.json()["competency_codes"] == []


@pytest.mark.parametrize(
    ("jp", "message"),
    [
        (-3, "JP tidak boleh negatif; isi 0,5 sampai 999,9 JP."),
        (0, "JP tidak boleh nol; isi 0,5 sampai 999,9 JP."),
        (
            12345,
            "JP sebesar itu tidak masuk akal; paling banyak 999,9 JP (1 JP = 45 menit). "
            "Periksa kembali isiannya.",
        ),
    ],
)
def test_bad_jp_is_422_with_the_message_and_nothing_changes(client, hr_admin, jp, message):
    client.force_login(hr_admin)

    response = post(client, f"{API}/programmes", body(jp=jp))

    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "jp", "message": message}]
    assert Programme.objects.exists() is False
    assert AuditEvent.objects.exists() is False


def test_unknown_target_codes_and_a_duplicate_code_are_refused(client, hr_admin):
    ProgrammeFactory.create(code="TEK-ARSIP-01")
    client.force_login(hr_admin)

    unknown = post(client, f"{API}/programmes", body(code="X-1", competency_codes=["K404"]))
    duplicate = post(client, f"{API}/programmes", body())

    assert unknown.status_code == 422
    assert unknown.json()["errors"] == [
        {"field": "competency_codes", "message": "Kode tidak dikenal: K404."}
    ]
    assert duplicate.status_code == 409
    assert (
        duplicate.json()["detail"] == "Kode program TEK-ARSIP-01 sudah dipakai oleh program lain."
    )
    assert Programme.objects.count() == 1


def test_non_hr_writes_are_403_and_an_invisible_programme_is_404(client, auditor, employee):
    visible = ProgrammeFactory.create(name="Asli")
    hidden = ProgrammeFactory.create(is_active=False)

    client.force_login(auditor)
    create = post(client, f"{API}/programmes", body())
    update = client.put(
        f"{API}/programmes/{visible.pk}", body(name="Baru"), content_type="application/json"
    )
    client.force_login(employee)
    deactivate = post(client, f"{API}/programmes/{visible.pk}/deactivate")
    missing = post(client, f"{API}/programmes/{hidden.pk}/activate")

    assert (create.status_code, update.status_code, deactivate.status_code) == (403, 403, 403)
    assert missing.status_code == 404
    visible.refresh_from_db()
    assert (Programme.objects.count(), visible.name, visible.is_active) == (2, "Asli", True)


def test_the_list_and_the_detail_with_open_classes(client, employee):
    programme = ProgrammeFactory.create(name="Arsip", jp=Decimal("12.5"))
    ProgrammeFactory.create(name="Lama", is_active=False)
    open_class = TrainingClassFactory.create(programme=programme, capacity=25)
    client.force_login(employee)

    listing = client.get(f"{API}/programmes", {"active": "false"}).json()
    detail = client.get(f"{API}/programmes/{programme.pk}").json()

    assert [item["name"] for item in listing["items"]] == ["Arsip"]
    assert listing["items"][0]["open_class_count"] == 1
    assert (listing["count"], listing["pages"]) == (1, 1)
    assert detail["open_classes"] == [
        {
            "id": open_class.pk,
            "name": open_class.name,
            "starts_on": "2026-12-14",
            "ends_on": "2026-12-16",
            "enrolment_closes_on": "2026-12-10",
            "enrolment_open": True,
            "venue": "Aula BKPSDM Kota Palembang",
            "online": False,
            "capacity": 25,
            "seats_left": 25,
            "work_unit": None,
        }
    ]


def test_the_dictionary_is_403_for_employees(client, employee, opd_admin):
    CompetencyFactory.create(code="K001")

    client.force_login(employee)
    denied = client.get(f"{API}/competencies")
    client.force_login(opd_admin)
    listed = client.get(f"{API}/competencies").json()

    assert denied.status_code == 403
    assert [item["code"] for item in listed["items"]] == ["K001"]


def test_employee_competencies_read_and_record(
    client, opd_admin, supervisor, employee, other_opd_employee
):
    member = Employee.objects.get(user=employee)
    CompetencyFactory.create(code="K001")
    url = f"{API}/employees/{member.pk}/competencies"
    data = {"competency_code": "k001", "level": 4, "assessed_on": "2026-09-01"}

    client.force_login(supervisor)
    read = client.get(url)
    denied = post(client, url, data)
    outside = client.get(f"{API}/employees/{other_opd_employee.pk}/competencies")
    client.force_login(opd_admin)
    future = post(client, url, {**data, "assessed_on": "2027-01-01"})
    recorded = post(client, url, data)

    assert (read.status_code, denied.status_code, outside.status_code) == (200, 403, 404)
    assert read.json()["lines"] == []
    assert future.status_code == 422
    assert future.json()["errors"][0]["field"] == "assessed_on"
    assert recorded.status_code == 200
    assert recorded.json()["level"] == 4
    row = EmployeeCompetency.objects.get()
    assert (row.level, row.assessed_on) == (4, dt.date(2026, 9, 1))

    client.force_login(employee)
    own = client.get(url).json()
    assert own["lines"] == [
        {
            "competency_code": "K001",
            "competency_name": row.competency.name,
            "required_level": None,
            "level": 4,
            "assessed_on": "2026-09-01",
            "source": "",
            "gap": 0,
        }
    ]


def test_an_unknown_competency_code_is_422(client, hr_admin, employee):
    member = Employee.objects.get(user=employee)
    client.force_login(hr_admin)

    response = post(
        client,
        f"{API}/employees/{member.pk}/competencies",
        {"competency_code": "K404", "level": 2, "assessed_on": "2026-09-01"},
    )

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "competency_code", "message": "Kode kompetensi tidak dikenal."}
    ]


def test_an_admin_opd_may_not_record_their_own_level(client, opd_admin, org):
    own = EmployeeFactory.create(user=opd_admin, work_unit=org.dinkes, name="Admin Dinkes")
    CompetencyFactory.create(code="K001")
    client.force_login(opd_admin)
    audit_rows = AuditEvent.objects.count()

    response = post(
        client,
        f"{API}/employees/{own.pk}/competencies",
        {"competency_code": "K001", "level": 5, "assessed_on": "2026-09-01"},
    )

    assert response.status_code == 403
    assert response.json()["detail"] == (
        "Anda tidak dapat mengisi atau menghapus level kompetensi Anda sendiri; minta Admin "
        "BKPSDM atau Admin OPD lain yang berwenang mengisinya."
    )
    assert EmployeeCompetency.objects.exists() is False
    assert AuditEvent.objects.count() == audit_rows
