"""/api/v1/me/career: Karier Saya as JSON for the caller only, on the fixed TODAY."""

import datetime as dt

import pytest

from simerit.accounts.tests.factories import UserFactory
from simerit.career.rules import promotion as promotion_rules
from simerit.career.tests.factories import (
    CreditOpeningFactory,
    CreditRequirementFactory,
    appraise,
    functional_position,
    give_education,
    sanction,
)
from simerit.core.roles import Role
from simerit.discipline.tests.factories import AppealFactory
from simerit.organization.models import Position
from simerit.selfservice.tests.factories_profile import award, grant, nominate, person, tpp_line
from simerit.training.tests.factories_jp import completed

pytestmark = pytest.mark.django_db

API = "/api/v1/me/career"


def test_anonymous_callers_get_401_and_accounts_without_a_record_404(client):
    anonymous = client.get(API)
    client.force_login(UserFactory.create(roles=[Role.PEGAWAI]))
    no_record = client.get(API)

    assert (anonymous.status_code, anonymous.json()["code"]) == (401, "not_authenticated")
    assert (no_record.status_code, no_record.json()["code"]) == (404, "not_found")


def test_the_career_of_the_caller(client):
    # given: a PNS with one row in every section
    employee, user = person(nik="1671015203900007", tmt_cpns=dt.date(2016, 3, 1))
    give_education(employee, "S1", year=2012)
    appraisal = appraise(employee, year=2025, predikat="baik")
    appraise(employee, year=2024, predikat="baik")
    completed(employee, jp="12.5", ends_on=dt.date(2026, 3, 4))
    completed(employee, jp="20.0", ends_on=dt.date(2025, 3, 4))
    grant(employee, award("Pegawai Teladan"), number="PGH-2025-000001-ABC123")
    nominate(employee, award("Inovator Terbaik"), year=2026)
    running = sanction(
        employee,
        sanction_type="teguran_tertulis",
        starts_on=dt.date(2026, 6, 1),
        number="HD-2026-0004",
    )
    AppealFactory.create(sanction=running, filed_on=dt.date(2026, 6, 5))
    tpp_line(employee, month=dt.date(2026, 10, 1), total=4_250_000)
    client.force_login(user)

    body = client.get(API).json()

    # then
    assert body["today"] == "2026-11-28"
    assert body["profile"] == {
        "employee_id": employee.pk,
        "name": employee.display_name,
        "kind": "pns",
        "nip": employee.nip,
        "nik_masked": "1671********0007",
        "work_unit": employee.work_unit.name,
        "position": employee.position.name,
        "position_kind": employee.position.kind,
        "golongan": "Penata Muda Tingkat I, III/b",
        "tmt_golongan": "2022-10-01",
        "tmt_cpns": "2016-03-01",
        "tmt_pns": "2017-03-01",
        "education": "Sarjana (S-1) Umum (2012)",
    }
    assert body["skps"][0] == {
        "skp_id": appraisal.skp_id,
        "year": 2025,
        "skp_status": "Disetujui",
        "predikat": "Baik",
        "is_final": True,
        "status": "Final",
        "angka_kredit": None,
    }
    assert [row["year"] for row in body["skps"]] == [2025, 2024]
    assert body["training"] == {
        "year": 2026,
        "minimum_jp": "20.0",
        "jp_total": "12.5",
        "shortfall": "7.5",
        "is_compliant": False,
        "other_years": [
            {"year": 2025, "jp_total": "20.0", "minimum_jp": "20.0", "is_compliant": True}
        ],
    }
    assert body["grants"] == [
        {
            "award": "Pegawai Teladan",
            "year": 2025,
            "granted_on": "2025-08-17",
            "decree_number": "800/17/KPTS/2025",
            "number": "PGH-2025-000001-ABC123",
            "revoked": False,
        }
    ]
    assert body["nominations"] == [
        {
            "award": "Inovator Terbaik",
            "year": 2026,
            "status": "nominated",
            "status_label": "Diusulkan",
        }
    ]
    assert body["cases"] == [
        {
            "case_id": running.case_id,
            "number": "HD-2026-0004",
            "reported_on": "2026-06-01",
            "status": "decided",
            "status_label": "Diputus",
        }
    ]
    assert body["sanctions"] == [
        {
            "case_id": running.case_id,
            "case_number": "HD-2026-0004",
            "level": "ringan",
            "sanction_type": "teguran_tertulis",
            "sanction_label": "Teguran tertulis",
            "decided_on": "2026-06-01",
            "starts_on": "2026-06-01",
            "ends_on": None,
            "tpp_cut_percent": 0,
            "status": "Dijatuhkan (tanpa masa berlaku)",
            "is_running": False,
            "appeals": ["Keberatan: Dalam proses"],
        }
    ]
    assert body["promotion"] == {
        "period": "2026-12-01",
        "eligible": True,
        "reasons": [],
        "notes": [promotion_rules.NO_CEILING],
        "next_golongan": "III/c",
    }
    assert body["credit"] is None
    assert (body["satyalancana"]["award"], body["satyalancana"]["eligible"]) == (
        "Satyalancana Karya Satya X Tahun",
        True,
    )
    assert body["tpp"] == [
        {
            "month": "2026-10-01",
            "base_amount": 5_000_000,
            "predikat": "baik",
            "performance_rate": "100.00",
            "performance_amount": 3_000_000,
            "absent_days": 0,
            "late_minutes": 0,
            "discipline_rate": "100.00",
            "discipline_amount": 2_000_000,
            "gross_amount": 5_000_000,
            "sanction_case_number": "",
            "sanction_cut_percent": 0,
            "sanction_cut_amount": 0,
            "total_amount": 4_250_000,
            "explanation": ["Bagian kinerja: Rp5.000.000 × 60% × 100% (Baik) = Rp3.000.000"],
        }
    ]


def test_the_angka_kredit_of_a_jabatan_fungsional(client):
    position = functional_position(Position.FunctionalLevel.AHLI_PERTAMA)
    employee, user = person(position=position, tmt_position=dt.date(2020, 1, 1))
    CreditRequirementFactory.create()
    CreditOpeningFactory.create(employee=employee)
    appraise(employee, year=2025, predikat="baik")
    client.force_login(user)

    credit = client.get(API).json()["credit"]

    assert credit == {
        "level": "ahli_pertama",
        "level_label": "Ahli Pertama",
        "opening": "20.000",
        "opening_as_of": "2024-12-31",
        "earned": "12.500",
        "accumulated": "32.500",
        "required": "50.000",
        "shortfall": "17.500",
        "sufficient": False,
        "message": "Kurang 17,500 angka kredit untuk kenaikan pangkat (terkumpul 32,500 dari "
        "50,000).",
        "notes": [],
        "years": [
            {
                "year": 2025,
                "predikat": "Baik",
                "angka_kredit": "12.500",
                "counted": True,
                "explanation": "12/12 × 100 % × 12,500 = 12,500",
            }
        ],
    }
