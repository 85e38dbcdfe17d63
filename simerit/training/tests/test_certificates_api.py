import hashlib

import pytest

from simerit.accounts.tests.factories import UserFactory
from simerit.audit.models import AuditEvent
from simerit.core.roles import Role
from simerit.organization import services as org_services
from simerit.training.models import Certificate
from simerit.training.selectors import records as selectors
from simerit.training.services import certificates as services
from simerit.training.tests.factories_records import (
    complete,
    finished_class_fixture,  # noqa: F401
    holder_fixture,  # noqa: F401
    passed_fixture,  # noqa: F401
    staff_record,
)

API = "/api/v1/training"


@pytest.fixture(name="certificate")
def certificate_fixture(hr_admin, passed):
    (certificate,) = services.issue_certificates(
        training_class=passed.training_class, actor=hr_admin
    )
    return selectors.certificates().get(pk=certificate.pk)


def test_an_employee_lists_their_certificates(client, employee, certificate):
    client.force_login(employee)

    body = client.get(f"{API}/certificates/mine").json()

    assert body["count"] == 1
    item = body["items"][0]
    assert item["number"] == certificate.number
    assert item["employee_name"] == "dr. Pegawai Uji, M.Kes."
    assert item["jp"] == "24.0"
    assert item["revoked_at"] is None
    assert item["pdf_url"] == f"/pelatihan/sertifikat/{certificate.pk}/unduh/"
    assert item["verify_url"].endswith(f"/pelatihan/sertifikat/verifikasi/{certificate.number}/")


def test_anyone_verifies_a_number_without_login(client, certificate):
    response = client.get(f"{API}/certificates/verify/{certificate.number}")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "valid"
    assert body["holder_name"] == "dr. Pegawai Uji, M.Kes."
    assert body["period"] == "2–4 November 2026"
    assert certificate.enrolment.employee.nip not in response.content.decode()


def test_the_api_states_the_certificate_as_issued_after_a_rename(client, employee, certificate):
    holder = certificate.enrolment.employee
    holder.name, holder.front_title, holder.back_title = "Nama Koreksi", "", ""
    holder.save(update_fields=["name", "front_title", "back_title"])
    client.force_login(employee)

    item = client.get(f"{API}/certificates/{certificate.pk}").json()
    verified = client.get(f"{API}/certificates/verify/{certificate.number}").json()

    assert (item["employee_name"], item["programme_name"], item["provider"]) == (
        "dr. Pegawai Uji, M.Kes.",
        "Pelayanan Prima",
        certificate.provider,
    )
    assert verified["holder_name"] == "dr. Pegawai Uji, M.Kes."


@pytest.mark.parametrize("number", ["SMR-2026-999999-ZZZZZZ", "palsu"])
def test_an_unknown_number_is_a_404_with_the_message(client, certificate, number):
    response = client.get(f"{API}/certificates/verify/{number}")

    assert response.status_code == 404
    assert response.json()["detail"] == "Nomor sertifikat tidak ditemukan."


def test_the_public_verification_is_rate_limited(client, certificate, settings):
    settings.SIMERIT_CERTIFICATE_VERIFY_PER_HOUR = 1
    client.get(f"{API}/certificates/verify/{certificate.number}")

    response = client.get(f"{API}/certificates/verify/{certificate.number}")

    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited"


def test_the_pdf_over_the_api_is_the_issued_one(client, employee, certificate):
    client.force_login(employee)

    response = client.get(f"{API}/certificates/{certificate.pk}/pdf")

    assert response.status_code == 200
    assert hashlib.sha256(response.content).hexdigest() == certificate.sha256
    assert response["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_another_opd_cannot_read_a_certificate(client, certificate, org):
    other_admin = UserFactory.create(roles=[Role.ADMIN_OPD])
    org_services.assign_opd_admin(user=other_admin, work_unit=org.disdik, actor=None)
    client.force_login(other_admin)

    assert client.get(f"{API}/certificates/{certificate.pk}").status_code == 404
    assert client.get(f"{API}/certificates/{certificate.pk}/pdf").status_code == 404


def test_hr_issues_over_the_api_and_an_employee_may_not(client, hr_admin, employee, passed):
    url = f"{API}/classes/{passed.training_class_id}/certificates"
    client.force_login(employee)
    assert client.post(url).status_code == 403
    assert Certificate.objects.exists() is False

    client.force_login(hr_admin)
    body = client.post(url).json()

    assert body["issued"] == 1
    assert body["certificates"][0]["number"].startswith("SMR-2026-000001-")
    assert client.post(url).json() == {"issued": 0, "certificates": [], "own_skipped": None}


def test_hr_does_not_issue_their_own_certificate_over_the_api(
    client, hr_admin, finished_class, org
):
    own = complete(staff_record(hr_admin, work_unit=org.dinkes), finished_class)
    client.force_login(hr_admin)

    response = client.post(f"{API}/classes/{finished_class.pk}/certificates")

    assert response.status_code == 200
    assert response.json() == {
        "issued": 0,
        "certificates": [],
        "own_skipped": services.OWN_SKIPPED,
    }
    assert Certificate.objects.filter(enrolment=own).exists() is False
    assert AuditEvent.objects.filter(action__startswith="training.certificate").exists() is False


def test_hr_revokes_over_the_api(client, hr_admin, certificate):
    client.force_login(hr_admin)
    url = f"{API}/certificates/{certificate.pk}/revoke"

    response = client.post(url, {"reason": "Data salah."}, content_type="application/json")

    assert response.status_code == 200
    assert response.json()["revoke_reason"] == "Data salah."
    certificate.refresh_from_db()
    revoked_at = certificate.revoked_at
    assert revoked_at is not None
    assert certificate.revoke_reason == "Data salah."
    revoked = AuditEvent.objects.filter(action="training.certificate.revoked")
    assert [(event.actor_id, event.changes["reason"]) for event in revoked] == [
        (hr_admin.pk, "Data salah.")
    ]
    again = client.post(url, {"reason": "Lagi."}, content_type="application/json")
    assert again.status_code == 409
    certificate.refresh_from_db()
    assert (certificate.revoked_at, certificate.revoke_reason) == (revoked_at, "Data salah.")
    assert revoked.count() == 1
    assert client.get(f"{API}/certificates/{certificate.pk}/pdf").status_code == 410


def test_the_holder_may_not_revoke_over_the_api(client, employee, certificate):
    client.force_login(employee)

    response = client.post(
        f"{API}/certificates/{certificate.pk}/revoke",
        {"reason": "Iseng."},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert Certificate.objects.get().revoked_at is None
    assert AuditEvent.objects.filter(action="training.certificate.revoked").exists() is False
