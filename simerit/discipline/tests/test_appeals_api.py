"""/api/v1/discipline/cases/{id}/appeals… and /sanctions: the same services and scopes as the
pages, errors in the one shape, and nothing changed by a refused request."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from simerit.accounts.models import User
from simerit.audit.models import AuditEvent
from simerit.discipline.models import Appeal, Sanction, SanctionType
from simerit.discipline.tests.factories import AppealFactory, SanctionFactory
from simerit.employees.models import Employee

pytestmark = pytest.mark.django_db
D = dt.date
API = "/api/v1/discipline"


@pytest.fixture
def sanction(employee: User) -> Sanction:
    subject = Employee.objects.get(user=employee)
    return SanctionFactory.create(employee=subject, delivered_on=D(2026, 11, 23))


def post(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, data, content_type="application/json")


def test_the_employee_reads_the_appeals_of_their_case(
    client: Client, employee: User, sanction: Sanction
) -> None:
    appeal = AppealFactory.create(sanction=sanction, filed_on=D(2026, 11, 24), reason="Berat.")
    client.force_login(employee)

    body = client.get(f"{API}/cases/{sanction.case_id}/appeals").json()

    assert body == {
        "case_id": sanction.case_id,
        "case_number": sanction.case.number,
        "sanction_id": sanction.pk,
        "allowed_kind": "keberatan",
        "deadline": "2026-12-11",
        "appeals": [
            {
                "id": appeal.pk,
                "case_id": sanction.case_id,
                "case_number": sanction.case.number,
                "kind": "keberatan",
                "kind_label": "Keberatan",
                "filed_on": "2026-11-24",
                "reason": "Berat.",
                "outcome": "pending",
                "outcome_label": "Dalam proses",
                "decided_on": None,
                "decision_note": "",
                "new_sanction_type": "",
            }
        ],
    }


def test_a_case_out_of_sight_is_404(client: Client, opd_admin: User, sanction: Sanction) -> None:
    client.force_login(opd_admin)

    read = client.get(f"{API}/cases/{sanction.case_id}/appeals")
    filed = post(
        client,
        f"{API}/cases/{sanction.case_id}/appeals",
        {"kind": "keberatan", "filed_on": "2026-11-27", "reason": "Berat."},
    )

    assert (read.status_code, filed.status_code) == (404, 404)
    assert filed.json()["code"] == "not_found"
    assert Appeal.objects.exists() is False


def test_hr_files_and_decides_through_the_api(
    client: Client, hr_admin: User, sanction: Sanction
) -> None:
    client.force_login(hr_admin)
    url = f"{API}/cases/{sanction.case_id}/appeals"

    filed = post(client, url, {"kind": "keberatan", "filed_on": "2026-11-27", "reason": "Berat."})
    appeal_id = filed.json()["appeals"][0]["id"]
    decided = post(
        client,
        f"{url}/{appeal_id}/decision",
        {"outcome": "annulled", "decided_on": "2026-11-27", "decision_note": "Tidak terbukti."},
    )

    assert filed.status_code == 201
    assert decided.status_code == 200
    assert decided.json()["appeals"][0]["outcome"] == "annulled"
    sanction.refresh_from_db()
    assert sanction.annulled_at is not None


def test_a_refused_filing_answers_in_the_error_shape(
    client: Client, hr_admin: User, sanction: Sanction
) -> None:
    client.force_login(hr_admin)
    before = AuditEvent.objects.count()

    response = post(
        client,
        f"{API}/cases/{sanction.case_id}/appeals",
        {"kind": "banding", "filed_on": "2026-11-27", "reason": "Berat."},
    )

    assert response.status_code == 422
    assert response.json() == {
        "detail": "Data yang dikirim tidak valid.",
        "code": "invalid_input",
        "errors": [
            {
                "field": "kind",
                "message": "Banding administratif ke BPASN hanya untuk hukuman pemberhentian; "
                "atas hukuman ini ajukan keberatan kepada atasan pejabat yang berwenang "
                "menghukum (PP 79/2021).",
            }
        ],
    }
    assert Appeal.objects.exists() is False
    assert AuditEvent.objects.count() == before


def test_a_second_appeal_is_a_conflict(client: Client, hr_admin: User, sanction: Sanction) -> None:
    AppealFactory.create(sanction=sanction, filed_on=D(2026, 11, 24))
    client.force_login(hr_admin)

    response = post(
        client,
        f"{API}/cases/{sanction.case_id}/appeals",
        {"kind": "keberatan", "filed_on": "2026-11-27", "reason": "Berat."},
    )

    assert response.status_code == 409
    assert Appeal.objects.count() == 1


def test_the_auditor_reads_but_does_not_decide(
    client: Client, auditor: User, sanction: Sanction
) -> None:
    appeal = AppealFactory.create(sanction=sanction, filed_on=D(2026, 11, 24))
    client.force_login(auditor)

    read = client.get(f"{API}/cases/{sanction.case_id}/appeals")
    decided = post(
        client,
        f"{API}/cases/{sanction.case_id}/appeals/{appeal.pk}/decision",
        {"outcome": "upheld", "decided_on": "2026-11-27", "decision_note": "Dikuatkan."},
    )

    assert read.status_code == 200
    assert (decided.status_code, decided.json()["code"]) == (403, "permission_denied")
    appeal.refresh_from_db()
    assert appeal.outcome == "pending"


def test_a_change_with_an_overlap_is_a_conflict(
    client: Client, hr_admin: User, sanction: Sanction
) -> None:
    SanctionFactory.create(
        employee=sanction.employee,
        sanction_type=SanctionType.POTONG_12,
        decided_on=D(2026, 6, 1),
        starts_on=D(2026, 7, 1),
    )
    appeal = AppealFactory.create(sanction=sanction, filed_on=D(2026, 11, 24))
    # The sanction itself starts on 1 December 2026, inside the other one: an existing overlap
    # that the change must not carry on.
    client.force_login(hr_admin)

    response = post(
        client,
        f"{API}/cases/{sanction.case_id}/appeals/{appeal.pk}/decision",
        {
            "outcome": "changed",
            "decided_on": "2026-11-27",
            "decision_note": "Diperberat.",
            "new_level": "sedang",
            "new_sanction_type": "potong_tpp_9",
        },
    )

    assert response.status_code == 409
    assert "tumpang tindih" in response.json()["detail"]
    sanction.refresh_from_db()
    assert sanction.sanction_type == "potong_tpp_6"


def test_the_register_as_json(client: Client, hr_admin: User, sanction: Sanction) -> None:
    client.force_login(hr_admin)

    body = client.get(f"{API}/sanctions", {"level": "sedang"}).json()

    assert (body["count"], body["page"], body["pages"]) == (1, 1, 1)
    item = body["items"][0]
    assert item == {
        "id": sanction.pk,
        "case_id": sanction.case_id,
        "case_number": sanction.case.number,
        "employee_id": sanction.employee_id,
        "employee_nip": sanction.employee.nip,
        "employee_name": "Pegawai Uji",
        "work_unit": sanction.employee.work_unit.name,
        "level": "sedang",
        "sanction_type": "potong_tpp_6",
        "sanction_label": "Pemotongan tunjangan kinerja/TPP 25% selama 6 bulan",
        "decree_number": sanction.decree_number,
        "decided_on": "2026-11-20",
        "starts_on": "2026-12-01",
        "ends_on": "2027-05-31",
        "tpp_cut_percent": 25,
        "delivered_on": "2026-11-23",
        "annulled": False,
        "state": "Belum berlaku",
        "pending_appeals": 0,
    }
    assert "nik" not in item


def test_the_register_is_scoped_and_needs_a_login(
    client: Client, opd_admin: User, sanction: Sanction
) -> None:
    anonymous = client.get(f"{API}/sanctions")
    client.force_login(opd_admin)
    scoped = client.get(f"{API}/sanctions").json()

    assert anonymous.status_code == 401
    assert scoped["count"] == 0
