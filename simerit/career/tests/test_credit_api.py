"""/api/v1/career/credit…: the list, one employee's detail, the opening balance (Admin BKPSDM
only; refusals change nothing); decimals as exact strings."""

import json
from decimal import Decimal

import pytest

from simerit.audit.models import AuditEvent
from simerit.career.models import CreditOpening
from simerit.career.tests.factories import (
    CreditRequirementFactory,
    appraise,
    functional_position,
    make_office,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/career/credit"


@pytest.fixture
def office():
    office = make_office()
    analyst = office.staff[0]
    analyst.position = functional_position("ahli_pertama")
    analyst.save()
    CreditRequirementFactory.create(functional_level="ahli_pertama", for_next_rank=Decimal("50"))
    appraise(analyst, year=2025, predikat="sangat_baik")
    return office


def put(client, employee, body):
    return client.put(
        f"{API}/employees/{employee.pk}/opening",
        data=json.dumps(body),
        content_type="application/json",
    )


def test_list(client, office):
    client.force_login(office.auditor)

    body = client.get(API).json()

    assert body["count"] == 1
    [item] = body["items"]
    assert item == {
        "employee_id": office.staff[0].pk,
        "nip": office.staff[0].nip,
        "name": "Staf A",
        "level": "ahli_pertama",
        "level_label": "Ahli Pertama",
        "opening": None,
        "earned": "18.750",
        "accumulated": "18.750",
        "required": "50.000",
        "shortfall": "31.250",
        "sufficient": False,
        "message": "Kurang 31,250 angka kredit untuk kenaikan pangkat (terkumpul 18,750 dari "
        "50,000).",
        "notes": [
            "Saldo awal angka kredit belum dicatat Admin BKPSDM: yang dihitung hanya angka kredit "
            "dari penilaian kinerja."
        ],
    }


def test_list_needs_a_list_reader(client, office):
    client.force_login(office.user(office.staff[0]))

    assert client.get(API).status_code == 403


def test_detail(client, office):
    client.force_login(office.user(office.staff[0]))

    body = client.get(f"{API}/employees/{office.staff[0].pk}").json()
    pelaksana = client.get(f"{API}/employees/{office.staff[1].pk}")

    assert body["years"] == [
        {
            "year": 2025,
            "position": "Analis Kebijakan Ahli Pertama",
            "predikat": "Sangat Baik",
            "amount": "18.750",
            "explanation": "12/12 × 150 % × 12,500 = 18,750",
            "message": "",
            "counted": True,
        }
    ]
    assert pelaksana.status_code == 404


def test_hr_records_an_opening(client, office):
    client.force_login(office.hr)

    response = put(client, office.staff[0], {"as_of": "2024-12-31", "amount": "31.25"})

    assert response.status_code == 200
    body = response.json()
    assert body["opening"] == {"as_of": "2024-12-31", "amount": "31.250", "note": ""}
    assert (body["accumulated"], body["sufficient"], body["message"]) == (
        "50.000",
        True,
        "Angka kredit mencukupi untuk kenaikan pangkat.",
    )
    assert AuditEvent.objects.filter(action="career.credit_opening.recorded").count() == 1


def test_bad_input_changes_nothing(client, office):
    client.force_login(office.hr)
    before = AuditEvent.objects.count()

    response = put(client, office.staff[0], {"as_of": "2024-12-31", "amount": "-5"})

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "amount", "message": "Angka kredit tidak boleh negatif."}
    ]
    assert (CreditOpening.objects.count(), AuditEvent.objects.count()) == (0, before)


def test_refusals_change_nothing(client, office):
    before = AuditEvent.objects.count()
    client.force_login(office.auditor)
    auditor = put(client, office.staff[0], {"as_of": "2024-12-31", "amount": "1"})
    client.force_login(office.other_admin)
    outside = put(client, office.staff[0], {"as_of": "2024-12-31", "amount": "1"})
    client.force_login(office.hr)
    pelaksana = put(client, office.staff[1], {"as_of": "2024-12-31", "amount": "1"})

    assert (auditor.status_code, outside.status_code, pelaksana.status_code) == (403, 404, 400)
    assert auditor.json()["detail"] == "Hanya Admin BKPSDM yang dapat mengubah data karier."
    assert (CreditOpening.objects.count(), AuditEvent.objects.count()) == (0, before)
