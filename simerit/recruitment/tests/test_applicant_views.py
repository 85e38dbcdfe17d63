"""The applicant's pages: registration, confirmation, applying, uploading, submitting, files."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit.models import AuditEvent
from simerit.recruitment.models import (
    Applicant,
    Application,
    ApplicationDocument,
    DocumentKind,
    Formasi,
    VerificationAssignment,
)
from simerit.recruitment.services import applicants as applicant_services
from simerit.recruitment.services import documents as document_services
from simerit.recruitment.tests.factories import (
    ApplicantFactory,
    ApplicationFactory,
    FormasiFactory,
    make_applicant_nik,
)
from simerit.recruitment.tests.samples import (  # noqa: F401 (fixtures)
    EXECUTABLE,
    fresh_cache_fixture,
    jpeg_bytes,
    media_fixture,
    open_formasi_fixture,
    pdf_bytes,
    ready_applicant_fixture,
    stored_files,
    upload,
)

BIRTH = dt.date(1999, 9, 9)


def form(**overrides):
    data = {
        "nik": make_applicant_nik(birth_date=BIRTH, gender="L", serial=8),
        "kk_number": "1671070909990001",
        "name": "Budi Santoso",
        "birth_place": "Palembang",
        "birth_date": "1999-09-09",
        "gender": "L",
        "phone": "081300001111",
        "email": "budi@contoh.id",
        "password": "pempek-kapal-selam-9",
        "password_again": "pempek-kapal-selam-9",
        "education_level": "",
        "education_major": "",
        "gpa": "",
        "consent": "on",
    }
    data.update(overrides)
    return data


def rows():
    return (User.objects.count(), Applicant.objects.count(), AuditEvent.objects.count())


def test_register_page_shows_the_consent_text(client, db):
    response = client.get(reverse("recruitment:applicant-register"))

    assert response.status_code == 200
    assert "Persetujuan pemrosesan data pribadi pelamar (versi 2026.1)" in response.content.decode()


def test_register_signs_in_and_sends_the_confirmation_link(
    client, db, fresh_cache, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("recruitment:applicant-register"), form())

    assert response.status_code == 302
    assert response["Location"] == reverse("recruitment:my-application")
    applicant = Applicant.objects.get()
    assert applicant.user.username == "budi@contoh.id"
    assert int(client.session["_auth_user_id"]) == applicant.user.pk
    assert len(mail.outbox) == 1
    link = mail.outbox[0].body.split("http://127.0.0.1:8000", 1)[1].split()[0]
    page = client.get(link)
    assert "Konfirmasi e-mail saya" in page.content.decode()
    confirmed = client.post(link)
    assert confirmed.status_code == 302
    applicant.refresh_from_db()
    assert applicant.email_confirmed_at is not None


def test_register_with_a_duplicate_nik_shows_the_message_and_changes_nothing(
    client, db, fresh_cache
):
    ApplicantFactory.create(nik=form()["nik"])
    before = rows()

    response = client.post(reverse("recruitment:applicant-register"), form())

    assert response.status_code == 200
    assert applicant_services.DUPLICATE_NIK in response.content.decode()
    assert rows() == before
    assert "_auth_user_id" not in client.session


def test_register_without_consent_is_refused(client, db, fresh_cache):
    before = rows()

    response = client.post(reverse("recruitment:applicant-register"), form(consent=""))

    assert response.status_code == 200
    assert "Anda harus menyetujui pemrosesan data pribadi untuk mendaftar." in (
        response.content.decode()
    )
    assert rows() == before


def test_register_rate_limit_answers_429(client, db, settings, fresh_cache):
    settings.SIMERIT_REGISTRATIONS_PER_HOUR = 1
    client.post(reverse("recruitment:applicant-register"), form(nik="12"))
    before = rows()

    response = client.post(reverse("recruitment:applicant-register"), form())

    assert response.status_code == 429
    assert "Terlalu banyak percobaan pendaftaran" in response.content.decode()
    assert rows() == before


def test_bad_confirmation_link_is_a_clear_400(client, db):
    response = client.get(reverse("recruitment:applicant-confirm-email", args=["rusak:abc"]))

    assert response.status_code == 400
    assert applicant_services.INVALID_LINK in response.content.decode()


def test_my_application_for_an_account_without_applicant_row(client, applicant):
    client.force_login(applicant)

    response = client.get(reverse("recruitment:my-application"))

    assert response.status_code == 200
    assert 'data-testid="not-an-applicant"' in response.content.decode()


def test_my_application_is_for_applicants_only(client, hr_admin):
    client.force_login(hr_admin)
    assert client.get(reverse("recruitment:my-application")).status_code == 403


def test_apply_upload_submit_and_receipt_through_the_pages(
    client, open_formasi, ready_applicant, media
):
    client.force_login(ready_applicant.user)
    picker = client.get(reverse("recruitment:formasi-picker"))
    assert f'data-testid="formasi-{open_formasi.code}"' in picker.content.decode()

    response = client.post(reverse("recruitment:application-apply", args=[open_formasi.pk]))
    application = Application.objects.get()
    assert response["Location"] == reverse("recruitment:application-detail", args=[application.pk])
    for code, name, content in [("ktp", "k.jpg", jpeg_bytes()), ("ijazah", "i.pdf", pdf_bytes())]:
        url = reverse("recruitment:document-upload", args=[application.pk, code])
        assert client.post(url, {"file": upload(name, content)}).status_code == 302
    detail = client.get(reverse("recruitment:application-detail", args=[application.pk]))
    assert 'data-testid="missing"' not in detail.content.decode()
    client.post(reverse("recruitment:application-submit", args=[application.pk]))
    receipt = client.get(reverse("recruitment:application-receipt", args=[application.pk]))

    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert receipt.status_code == 200
    assert receipt["Content-Type"] == "application/pdf"
    assert receipt.content.startswith(b"%PDF-")


def test_the_application_page_shows_the_verification_result(client, open_formasi, ready_applicant):
    application = ApplicationFactory.create(
        applicant=ready_applicant,
        formasi=open_formasi,
        status=Application.Status.TMS_PENDING,
        submitted_at=timezone.now(),
    )
    client.force_login(ready_applicant.user)
    page = client.get(reverse("recruitment:application-detail", args=[application.pk]))
    assert 'data-testid="verification-status">TMS menunggu konfirmasi — ' in page.content.decode()


def test_applying_to_a_special_track_formasi_takes_the_declaration(
    client, open_formasi, ready_applicant
):
    Formasi.objects.filter(pk=open_formasi.pk).update(track="cumlaude")
    client.force_login(ready_applicant.user)
    url = reverse("recruitment:application-apply", args=[open_formasi.pk])
    page = client.get(url).content.decode()
    assert 'name="track_claim" value="cumlaude"' in page
    before = rows()

    refused = client.post(url, follow=True)

    assert "Formasi ini khusus untuk pelamar jalur Lulusan cumlaude." in refused.content.decode()
    assert rows() == before
    assert Application.objects.exists() is False
    response = client.post(url, {"track_claim": "cumlaude"})
    application = Application.objects.get()
    assert response["Location"] == reverse("recruitment:application-detail", args=[application.pk])
    assert application.track_claim == "cumlaude"


def test_upload_of_an_executable_shows_the_reason_and_writes_nothing(
    client, open_formasi, ready_applicant, media
):
    application = ApplicationFactory.create(applicant=ready_applicant, formasi=open_formasi)
    client.force_login(ready_applicant.user)
    before = (ApplicationDocument.objects.count(), AuditEvent.objects.count())

    url = reverse("recruitment:document-upload", args=[application.pk, "ijazah"])
    response = client.post(url, {"file": upload("ijazah.pdf", EXECUTABLE)}, follow=True)

    assert "Isi berkas Ijazah bukan PDF, JPG, atau PNG." in response.content.decode()
    assert (ApplicationDocument.objects.count(), AuditEvent.objects.count()) == before
    assert stored_files(media) == []


@pytest.fixture
def someone_elses(open_formasi, media):
    application = ApplicationFactory.create(formasi=open_formasi)
    document = document_services.upload_document(
        application=application,
        kind=DocumentKind.objects.get(code="ijazah"),
        upload=upload("i.pdf", pdf_bytes()),
        actor=application.applicant.user,
    )
    return application, document


def test_guessing_another_applicants_ids_is_404_and_changes_nothing(
    client, ready_applicant, someone_elses, media
):
    application, document = someone_elses
    client.force_login(ready_applicant.user)
    before = (ApplicationDocument.objects.count(), AuditEvent.objects.count(), stored_files(media))
    pk = application.pk

    answers = [
        client.get(reverse("recruitment:application-detail", args=[pk])).status_code,
        client.get(reverse("recruitment:application-receipt", args=[pk])).status_code,
        client.get(reverse("recruitment:document-file", args=[document.pk])).status_code,
        client.post(
            reverse("recruitment:document-upload", args=[pk, "ijazah"]),
            {"file": upload("i.pdf", pdf_bytes(pages=2))},
        ).status_code,
        client.post(reverse("recruitment:application-submit", args=[pk])).status_code,
    ]

    assert answers == [404, 404, 404, 404, 404]
    assert (
        ApplicationDocument.objects.count(),
        AuditEvent.objects.count(),
        stored_files(media),
    ) == (before)


def test_document_file_is_served_to_owner_and_allowed_staff_only(
    client, someone_elses, hr_admin, auditor, verifier, opd_admin
):
    application, document = someone_elses
    url = reverse("recruitment:document-file", args=[document.pk])

    def status(user):
        client.force_login(user)
        return client.get(url).status_code

    assert status(application.applicant.user) == 200
    assert status(hr_admin) == 200
    assert status(auditor) == 200
    assert status(verifier) == 403
    assert status(opd_admin) == 403
    VerificationAssignment.objects.create(application=application, verifier=verifier)
    assert status(verifier) == 200


def test_document_file_headers(client, someone_elses):
    application, document = someone_elses
    client.force_login(application.applicant.user)
    url = reverse("recruitment:document-file", args=[document.pk])

    response = client.get(url)
    asked_inline = client.get(url, {"pratinjau": "1"})

    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Security-Policy"].startswith("default-src 'none'; ")
    filename = f"{application.registration_number}-ijazah.pdf"
    # A PDF is always a download, even when a preview is asked for.
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert asked_inline["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert b"".join(response.streaming_content) == pdf_bytes()


def test_staff_download_documents_and_may_preview_images(client, someone_elses, hr_admin):
    application, pdf = someone_elses
    image = document_services.upload_document(
        application=application,
        kind=DocumentKind.objects.get(code="ktp"),
        upload=upload("k.jpg", jpeg_bytes(), "image/jpeg"),
        actor=application.applicant.user,
    )
    client.force_login(hr_admin)
    number = application.registration_number
    pdf_url = reverse("recruitment:document-file", args=[pdf.pk])
    image_url = reverse("recruitment:document-file", args=[image.pk])

    assert client.get(pdf_url)["Content-Disposition"] == (
        f'attachment; filename="{number}-ijazah.pdf"'
    )
    assert client.get(image_url)["Content-Disposition"] == (
        f'attachment; filename="{number}-ktp.jpg"'
    )
    preview = client.get(image_url, {"pratinjau": "1"})
    assert preview["Content-Disposition"] == f'inline; filename="{number}-ktp.jpg"'
    assert preview["Content-Type"] == "image/jpeg"


def test_anonymous_is_sent_to_login_for_a_document(client, someone_elses):
    _, document = someone_elses
    response = client.get(reverse("recruitment:document-file", args=[document.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_draft_formasi_is_not_shown_to_applicants(client, ready_applicant, db):
    formasi = FormasiFactory.create(status=Formasi.Status.DRAFT)
    client.force_login(ready_applicant.user)

    response = client.get(reverse("recruitment:application-apply", args=[formasi.pk]))

    assert response.status_code == 404
