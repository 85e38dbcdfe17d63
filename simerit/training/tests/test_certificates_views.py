import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from simerit.accounts.tests.factories import UserFactory
from simerit.audit.models import AuditEvent
from simerit.core.roles import Role
from simerit.employees.tests.factories import EmployeeFactory
from simerit.training import documents
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

VERIFY = reverse("training:certificate-verify")


@pytest.fixture(name="certificate")
def certificate_fixture(hr_admin, passed):
    (certificate,) = services.issue_certificates(
        training_class=passed.training_class, actor=hr_admin
    )
    return selectors.certificates().get(pk=certificate.pk)


def verify_number_url(number):
    return reverse("training:certificate-verify-number", args=[number])


def forged(number):
    return number[:-6] + ("ZZZZZZ" if number[-6:] != "ZZZZZZ" else "YYYYYY")


# --- Public verification


def test_a_visitor_opens_the_verification_form_without_logging_in(client):
    response = client.get(VERIFY)

    assert response.status_code == 200
    assert 'data-testid="verify-form"' in response.content.decode()


def test_a_visitor_verifies_a_genuine_number_and_sees_no_nip(client, certificate):
    response = client.post(VERIFY, {"number": certificate.number.lower()})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Sertifikat sah" in html
    assert 'data-status="valid"' in html
    assert "dr. Pegawai Uji, M.Kes." in html
    assert "Pelayanan Prima" in html
    assert "2–4 November 2026" in html
    assert certificate.enrolment.employee.nip not in html


@pytest.mark.parametrize("kind", ["forged", "ill-formed", "empty-ish"])
def test_a_forged_or_ill_formed_number_is_not_found_alike(client, certificate, kind):
    number = {
        "forged": forged(certificate.number),
        "ill-formed": "SMR-2026-1",
        "empty-ish": "---",
    }[kind]

    response = client.post(VERIFY, {"number": number})

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="not-found"' in html
    assert "Nomor sertifikat tidak ditemukan." in html
    assert "Sertifikat sah" not in html


def test_the_qr_address_of_a_genuine_number_shows_it_valid(client, certificate):
    response = client.get(verify_number_url(certificate.number))

    assert response.status_code == 200
    assert "Sertifikat sah" in response.content.decode()


def test_the_address_of_a_forged_number_answers_404_with_the_message(client, certificate):
    response = client.get(verify_number_url(forged(certificate.number)))

    assert response.status_code == 404
    assert "Nomor sertifikat tidak ditemukan." in response.content.decode()
    assert client.get(verify_number_url("bukan-nomor")).status_code == 404


def test_a_revoked_certificate_verifies_as_revoked(client, hr_admin, certificate):
    services.revoke_certificate(certificate=certificate, reason="Tidak hadir.", actor=hr_admin)

    html = client.get(verify_number_url(certificate.number)).content.decode()

    assert 'data-status="revoked"' in html
    assert "dicabut" in html
    assert "Sertifikat sah" not in html


def test_an_uploaded_pdf_is_compared_with_the_issued_one(client, certificate):
    genuine = documents.certificate_pdf(certificate)
    altered = genuine + b"\n% diubah\n"

    match = client.post(
        VERIFY,
        {"number": certificate.number, "file": SimpleUploadedFile("s.pdf", genuine)},
    ).content.decode()
    mismatch = client.post(
        VERIFY,
        {"number": certificate.number, "file": SimpleUploadedFile("s.pdf", altered)},
    ).content.decode()

    assert 'data-match="yes"' in match
    assert 'data-match="no"' in mismatch


def test_verification_is_limited_per_address(client, certificate, settings):
    settings.SIMERIT_CERTIFICATE_VERIFY_PER_HOUR = 2
    client.get(verify_number_url(certificate.number))
    client.post(VERIFY, {"number": "SMR-2026-1"})

    response = client.post(VERIFY, {"number": certificate.number})

    assert response.status_code == 429
    html = response.content.decode()
    assert "Terlalu banyak pemeriksaan sertifikat" in html
    assert "Sertifikat sah" not in html
    assert client.get(verify_number_url(certificate.number)).status_code == 429


def test_a_body_larger_than_any_certificate_is_refused_unread(client, certificate):
    response = client.post(
        VERIFY,
        {"number": certificate.number, "file": SimpleUploadedFile("s.pdf", b"%PDF-" * 500_000)},
    )

    assert response.status_code == 413


def test_the_verification_form_needs_csrf(certificate):
    response = Client(enforce_csrf_checks=True).post(VERIFY, {"number": certificate.number})

    assert response.status_code == 403


def test_the_verification_page_shows_the_name_as_issued_after_a_correction(client, certificate):
    employee = certificate.enrolment.employee
    employee.name, employee.front_title, employee.back_title = "Nama Koreksi", "", ""
    employee.save(update_fields=["name", "front_title", "back_title"])
    programme = certificate.enrolment.training_class.programme
    programme.name = "Program Berganti Nama"
    programme.save(update_fields=["name"])

    html = client.get(verify_number_url(certificate.number)).content.decode()

    assert "Sertifikat sah" in html
    assert "dr. Pegawai Uji, M.Kes." in html
    assert "Pelayanan Prima" in html
    assert "Nama Koreksi" not in html
    assert "Program Berganti Nama" not in html


# --- Download


def test_the_holder_downloads_the_pdf_whose_hash_is_stored(client, employee, certificate):
    client.force_login(employee)

    response = client.get(reverse("training:certificate-pdf", args=[certificate.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"sertifikat-{certificate.number}.pdf" in response["Content-Disposition"]
    assert hashlib.sha256(response.content).hexdigest() == certificate.sha256
    assert response["X-Content-SHA256"] == certificate.sha256


def test_the_download_after_a_rename_is_still_the_issued_pdf(client, employee, certificate):
    holder = certificate.enrolment.employee
    holder.name = "Pegawai Uji Koreksi"
    holder.save(update_fields=["name"])
    client.force_login(employee)

    response = client.get(reverse("training:certificate-pdf", args=[certificate.pk]))

    assert hashlib.sha256(response.content).hexdigest() == certificate.sha256
    match = client.post(
        VERIFY,
        {"number": certificate.number, "file": SimpleUploadedFile("s.pdf", response.content)},
    ).content.decode()
    assert 'data-match="yes"' in match


@pytest.mark.parametrize("persona", ["supervisor", "opd_admin", "auditor", "hr_admin"])
def test_staff_who_see_the_holder_download_it_too(client, request, persona, certificate):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(reverse("training:certificate-pdf", args=[certificate.pk]))

    assert response.status_code == 200


def test_others_get_404_and_visitors_go_to_the_login(client, certificate, other_opd_employee):
    url = reverse("training:certificate-pdf", args=[certificate.pk])
    assert client.get(url).status_code == 302

    stranger = UserFactory.create(roles=[Role.PEGAWAI])
    other_opd_employee.user = stranger
    other_opd_employee.save(update_fields=["user"])
    client.force_login(stranger)
    assert client.get(url).status_code == 404


def test_a_revoked_certificate_is_gone(client, employee, hr_admin, certificate):
    services.revoke_certificate(certificate=certificate, reason="Salah data.", actor=hr_admin)
    client.force_login(employee)

    response = client.get(reverse("training:certificate-pdf", args=[certificate.pk]))

    assert response.status_code == 410
    assert "Salah data." in response.content.decode()


# --- Admin BKPSDM's page of a class


def test_hr_issues_from_the_class_page(client, hr_admin, passed, org):
    complete(EmployeeFactory.create(work_unit=org.dinkes), passed.training_class)
    url = reverse("training:class-certificates", args=[passed.training_class_id])
    client.force_login(hr_admin)

    page = client.get(url).content.decode()
    assert 'data-testid="issue-button"' in page
    assert "2 peserta lulus belum memiliki sertifikat" in page

    response = client.post(url, follow=True)

    assert response.redirect_chain[-1][0] == url
    assert "2 sertifikat diterbitkan." in response.content.decode()
    assert Certificate.objects.count() == 2
    again = client.post(url, follow=True).content.decode()
    assert "Semua peserta yang lulus sudah memiliki sertifikat." in again
    assert Certificate.objects.count() == 2


def test_hr_is_told_their_own_certificate_is_left_to_a_colleague(client, hr_admin, passed, org):
    own = complete(staff_record(hr_admin, work_unit=org.dinkes), passed.training_class)
    url = reverse("training:class-certificates", args=[passed.training_class_id])
    client.force_login(hr_admin)

    page = client.get(url).content.decode()
    assert "Terbitkan 1 sertifikat" in page
    assert 'data-testid="own-skipped"' in page
    assert "24 JP" in page

    response = client.post(url, follow=True).content.decode()

    assert "1 sertifikat diterbitkan." in response
    assert services.OWN_SKIPPED in response
    assert list(Certificate.objects.values_list("enrolment", flat=True)) == [passed.pk]
    again = client.post(url, follow=True).content.decode()
    assert services.OWN_SKIPPED in again
    assert "Semua peserta yang lulus sudah memiliki sertifikat." not in again
    assert 'data-testid="issue-button"' not in again
    assert Certificate.objects.filter(enrolment=own).exists() is False
    assert AuditEvent.objects.filter(action="training.certificate.issued").count() == 1


def test_the_auditor_reads_the_class_page_but_cannot_issue(client, auditor, passed):
    url = reverse("training:class-certificates", args=[passed.training_class_id])
    client.force_login(auditor)

    page = client.get(url)
    response = client.post(url)

    assert page.status_code == 200
    assert 'data-testid="issue-button"' not in page.content.decode()
    assert response.status_code == 403
    assert Certificate.objects.exists() is False
    assert AuditEvent.objects.filter(action__startswith="training.certificate").exists() is False


@pytest.mark.parametrize("persona", ["employee", "supervisor", "opd_admin"])
def test_others_may_not_open_or_post_the_class_page(client, request, persona, passed):
    url = reverse("training:class-certificates", args=[passed.training_class_id])
    client.force_login(request.getfixturevalue(persona))

    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert Certificate.objects.exists() is False


def test_an_empty_class_shows_an_empty_state(client, hr_admin, finished_class):
    client.force_login(hr_admin)

    html = client.get(
        reverse("training:class-certificates", args=[finished_class.pk])
    ).content.decode()

    assert 'data-testid="empty-state"' in html
    assert 'data-testid="nothing-to-issue"' in html


def test_hr_revokes_from_the_class_page(client, hr_admin, certificate):
    client.force_login(hr_admin)

    response = client.post(
        reverse("training:certificate-revoke", args=[certificate.pk]),
        {"reason": "Peserta tidak memenuhi kehadiran."},
    )

    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoke_reason == "Peserta tidak memenuhi kehadiran."


def test_the_holder_may_not_revoke_and_nothing_changes(client, employee, certificate):
    client.force_login(employee)

    response = client.post(
        reverse("training:certificate-revoke", args=[certificate.pk]), {"reason": "Iseng."}
    )

    assert response.status_code == 403
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    assert AuditEvent.objects.filter(action="training.certificate.revoked").exists() is False


def test_a_revoke_without_reason_changes_nothing(client, hr_admin, certificate):
    client.force_login(hr_admin)

    response = client.post(
        reverse("training:certificate-revoke", args=[certificate.pk]), {"reason": ""}, follow=True
    )

    assert "Bidang ini tidak boleh kosong." in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
