"""/api/v1/recruitment/applicant/...: the applicant's road over JSON, with the error shape."""

import datetime as dt

import pytest

from simerit.accounts.models import User
from simerit.audit.models import AuditEvent
from simerit.recruitment.models import Applicant, Application, ApplicationDocument, Formasi
from simerit.recruitment.services import applicants as applicant_services
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

API = "/api/v1/recruitment/applicant"
BIRTH = dt.date(2000, 2, 29)
NIK = make_applicant_nik(birth_date=BIRTH, gender="P", serial=3)


def registration(**overrides):
    payload = {
        "nik": NIK,
        "kk_number": "1671072902000004",
        "name": "Rina Lestari",
        "birth_place": "Palembang",
        "birth_date": "2000-02-29",
        "gender": "P",
        "phone": "081277778888",
        "email": "rina@contoh.id",
        "password": "bukit-siguntang-77",
        "consent": True,
        "consent_version": applicant_services.CONSENT_VERSION,
        "education_level": "S1",
        "education_major": "Keperawatan",
        "gpa": "3.20",
    }
    payload.update(overrides)
    return payload


def rows():
    return (
        User.objects.count(),
        Applicant.objects.count(),
        Application.objects.count(),
        ApplicationDocument.objects.count(),
        AuditEvent.objects.count(),
    )


def error(response):
    body = response.json()
    return body["code"], [(item["field"], item["message"]) for item in body["errors"]]


# --- Public


def test_register_is_public_and_masks_identifiers(client, db, fresh_cache):
    response = client.post(f"{API}/register", registration(), content_type="application/json")

    assert response.status_code == 201
    body = response.json()
    assert (body["nik"], body["kk_number"]) == ("1671********0004", "1671********0004")
    assert (body["email"], body["email_confirmed"], body["education_level"]) == (
        "rina@contoh.id",
        False,
        "S1",
    )
    assert body["needs_identity_review"] is False
    assert Applicant.objects.get().nik == NIK


@pytest.mark.parametrize(
    ("overrides", "status", "code", "errors"),
    [
        (
            {"nik": "1671"},
            422,
            "invalid_input",
            [("nik", "NIK harus 16 digit; yang diisi 4 digit.")],
        ),
        (
            {"consent": False},
            422,
            "invalid_input",
            [("consent", "Anda harus menyetujui pemrosesan data pribadi untuk mendaftar.")],
        ),
        (
            {"consent_version": "2020.1"},
            422,
            "invalid_input",
            [
                (
                    "consent_version",
                    "Teks persetujuan sudah diperbarui; baca dan setujui versi terbaru.",
                )
            ],
        ),
        (
            {"education_level": "X9"},
            422,
            "invalid_input",
            [("education_level", "Kode jenjang pendidikan tidak dikenal.")],
        ),
        ({"birth_date": "29-02-2000"}, 422, "validation_error", [("birth_date", None)]),
    ],
    ids=["invalid-nik", "no-consent", "old-consent", "unknown-level", "bad-date"],
)
def test_register_refusals_are_422_and_change_nothing(
    client, db, fresh_cache, overrides, status, code, errors
):
    before = rows()

    response = client.post(
        f"{API}/register", registration(**overrides), content_type="application/json"
    )

    assert response.status_code == status
    got_code, got_errors = error(response)
    assert got_code == code
    if errors[0][1] is None:
        assert [field for field, _ in got_errors] == [errors[0][0]]
    else:
        assert got_errors == errors
    assert rows() == before


def test_register_duplicate_nik_is_409(client, db, fresh_cache):
    ApplicantFactory.create(nik=NIK)
    before = rows()

    response = client.post(f"{API}/register", registration(), content_type="application/json")

    assert response.status_code == 409
    assert response.json() == {
        "detail": applicant_services.DUPLICATE_NIK,
        "code": "conflict",
        "errors": [{"field": "nik", "message": applicant_services.DUPLICATE_NIK}],
    }
    assert rows() == before


def test_register_rate_limit_is_429(client, db, settings, fresh_cache):
    settings.SIMERIT_REGISTRATIONS_PER_HOUR = 1
    client.post(f"{API}/register", registration(nik="1"), content_type="application/json")
    before = rows()

    response = client.post(f"{API}/register", registration(), content_type="application/json")

    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited"
    assert rows() == before


def test_confirm_email_by_token(client, db):
    applicant = ApplicantFactory.create(email_confirmed_at=None)
    token = applicant_services.make_email_token(applicant)

    ok = client.post(f"{API}/confirm-email", {"token": token}, content_type="application/json")
    bad = client.post(f"{API}/confirm-email", {"token": "x:y"}, content_type="application/json")

    assert ok.status_code == 200
    applicant.refresh_from_db()
    assert applicant.email_confirmed_at is not None
    assert bad.status_code == 422
    assert error(bad) == ("invalid_input", [("token", applicant_services.INVALID_LINK)])


def test_receipt_check_is_public(client, db):
    application = ApplicationFactory.create(
        applicant__name="Rina Lestari",
        status=Application.Status.SUBMITTED,
        submitted_at=dt.datetime(2026, 8, 1, 3, 0, tzinfo=dt.UTC),
    )

    found = client.get(f"{API}/receipts/{application.receipt_key}")
    missing = client.get(f"{API}/receipts/{'y' * 43}")

    assert found.status_code == 200
    assert found.json()["name"] == "R*** L******"
    assert found.json()["registration_number"] == application.registration_number
    assert missing.status_code == 404


# --- Signed-in applicant


def test_me_needs_login_and_an_applicant_row(client, applicant, ready_applicant):
    assert client.get(f"{API}/me").status_code == 401
    client.force_login(applicant)
    denied = client.get(f"{API}/me")
    assert denied.status_code == 403
    assert denied.json()["detail"] == "Akun ini belum terdaftar sebagai pelamar."
    client.force_login(ready_applicant.user)
    assert client.get(f"{API}/me").json()["id"] == ready_applicant.pk


def test_apply_upload_submit_receipt(client, open_formasi, ready_applicant, media):
    client.force_login(ready_applicant.user)

    created = client.post(
        f"{API}/applications", {"formasi_id": open_formasi.pk}, content_type="application/json"
    )
    assert created.status_code == 201
    app_id = created.json()["id"]
    assert created.json()["missing"] == ["ijazah", "ktp"]
    url = f"{API}/applications/{app_id}"
    first = client.post(f"{url}/documents/ktp", {"file": upload("k.jpg", jpeg_bytes())})
    again = client.post(f"{url}/documents/ktp", {"file": upload("k2.jpg", jpeg_bytes())})
    client.post(f"{url}/documents/ijazah", {"file": upload("i.pdf", pdf_bytes())})
    submitted = client.post(f"{url}/submit")
    receipt = client.get(f"{url}/receipt")
    listing = client.get(f"{API}/applications")

    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["kind"] == "ktp"
    assert first.json()["file_format"] == "jpg"
    assert submitted.status_code == 200
    assert submitted.json()["status"] == "submitted"
    assert submitted.json()["missing"] == []
    assert submitted.json()["receipt_verification_url"].endswith("/")
    assert receipt.status_code == 200
    assert receipt["Content-Type"] == "application/pdf"
    assert listing.json()["count"] == 1


@pytest.mark.parametrize("status", ["tms_pending", "ms", "tms"])
def test_my_applications_show_the_real_status_like_the_result_page(
    client, open_formasi, ready_applicant, status
):
    application = ApplicationFactory.create(
        applicant=ready_applicant, formasi=open_formasi, status=status
    )
    client.force_login(ready_applicant.user)

    listing = client.get(f"{API}/applications").json()
    detail = client.get(f"{API}/applications/{application.pk}").json()
    results = client.get("/api/v1/recruitment/results/mine").json()

    assert [item["status"] for item in listing["items"]] == [status]
    assert detail["status"] == status
    assert [item["status"] for item in results] == [status]


def test_second_application_is_409(client, open_formasi, ready_applicant):
    ApplicationFactory.create(applicant=ready_applicant, formasi=open_formasi)
    client.force_login(ready_applicant.user)
    before = rows()

    response = client.post(
        f"{API}/applications", {"formasi_id": open_formasi.pk}, content_type="application/json"
    )

    assert response.status_code == 409
    assert response.json()["detail"] == "Anda sudah memiliki lamaran pada periode ini."
    assert rows() == before


def test_a_special_track_formasi_needs_the_claim_over_the_api(
    client, open_formasi, ready_applicant
):
    Formasi.objects.filter(pk=open_formasi.pk).update(track="putra_putri_daerah")
    client.force_login(ready_applicant.user)
    before = rows()

    refused = client.post(
        f"{API}/applications", {"formasi_id": open_formasi.pk}, content_type="application/json"
    )

    assert refused.status_code == 422
    assert refused.json()["errors"] == [
        {
            "field": "formasi",
            "message": "Formasi ini khusus untuk pelamar jalur Putra/putri daerah.",
        }
    ]
    assert rows() == before
    created = client.post(
        f"{API}/applications",
        {"formasi_id": open_formasi.pk, "track_claim": "putra_putri_daerah"},
        content_type="application/json",
    )
    assert created.status_code == 201
    assert created.json()["track_claim"] == "putra_putri_daerah"


def test_age_over_the_limit_is_422_with_the_reason(client, open_formasi):
    applicant = ApplicantFactory.create(birth_date=dt.date(1980, 5, 5))
    client.force_login(applicant.user)
    before = rows()

    response = client.post(
        f"{API}/applications", {"formasi_id": open_formasi.pk}, content_type="application/json"
    )

    assert response.status_code == 422
    assert error(response) == (
        "invalid_input",
        [
            (
                "formasi",
                "Usia Anda pada 1 Agustus 2026 adalah 46 tahun 2 bulan 27 hari; batas usia 35 tahun.",
            )
        ],
    )
    assert rows() == before


def test_unconfirmed_email_is_403(client, open_formasi):
    applicant = ApplicantFactory.create(email_confirmed_at=None)
    client.force_login(applicant.user)

    response = client.post(
        f"{API}/applications", {"formasi_id": open_formasi.pk}, content_type="application/json"
    )

    assert response.status_code == 403
    assert Application.objects.exists() is False


def test_change_formasi_by_patch(client, open_formasi, ready_applicant):
    application = ApplicationFactory.create(applicant=ready_applicant, formasi=open_formasi)
    other = FormasiFactory.create(period=open_formasi.period)
    client.force_login(ready_applicant.user)

    response = client.patch(
        f"{API}/applications/{application.pk}",
        {"formasi_id": other.pk},
        content_type="application/json",
    )

    assert response.status_code == 200
    assert response.json()["formasi"]["code"] == other.code


@pytest.mark.parametrize(
    ("kind", "name", "content", "status", "field", "message"),
    [
        (
            "ijazah",
            "i.pdf",
            EXECUTABLE,
            422,
            "file",
            "Isi berkas Ijazah bukan PDF, JPG, atau PNG. Berkas lain yang sekadar diganti "
            "namanya tidak diterima; unggah berkas PDF yang asli.",
        ),
        (
            "ijazah",
            "i.pdf",
            b"",
            422,
            "file",
            "Berkas Ijazah kosong (0 byte). Pilih berkas yang benar.",
        ),
        (
            "swafoto",
            "s.jpg",
            jpeg_bytes(),
            422,
            "kind",
            "Formasi ini tidak meminta dokumen Swafoto; dokumen tidak disimpan.",
        ),
        ("rapor", "r.pdf", pdf_bytes(), 422, "kind", "Jenis dokumen 'rapor' tidak dikenal."),
    ],
    ids=["executable", "empty", "kind-not-asked", "unknown-kind"],
)
def test_bad_uploads_are_422_and_write_nothing(
    client, open_formasi, ready_applicant, media, kind, name, content, status, field, message
):
    application = ApplicationFactory.create(applicant=ready_applicant, formasi=open_formasi)
    client.force_login(ready_applicant.user)
    before = rows()

    response = client.post(
        f"{API}/applications/{application.pk}/documents/{kind}", {"file": upload(name, content)}
    )

    assert response.status_code == status
    assert error(response) == ("invalid_input", [(field, message)])
    assert rows() == before
    assert stored_files(media) == []


def test_submit_with_missing_documents_is_422(client, open_formasi, ready_applicant):
    application = ApplicationFactory.create(applicant=ready_applicant, formasi=open_formasi)
    client.force_login(ready_applicant.user)
    before = rows()

    response = client.post(f"{API}/applications/{application.pk}/submit")

    assert response.status_code == 422
    assert error(response) == (
        "invalid_input",
        [("documents", "Dokumen wajib belum diunggah: Ijazah, KTP.")],
    )
    assert rows() == before


def test_upload_after_submission_is_409(client, open_formasi, ready_applicant, media):
    application = ApplicationFactory.create(
        applicant=ready_applicant,
        formasi=open_formasi,
        status=Application.Status.SUBMITTED,
        submitted_at=dt.datetime(2026, 8, 1, tzinfo=dt.UTC),
    )
    client.force_login(ready_applicant.user)
    before = rows()

    response = client.post(
        f"{API}/applications/{application.pk}/documents/ijazah",
        {"file": upload("i.pdf", pdf_bytes())},
    )

    assert response.status_code == 409
    assert response.json()["detail"] == "Lamaran sudah dikirim; dokumen tidak dapat diubah lagi."
    assert rows() == before
    assert stored_files(media) == []


def test_receipt_of_a_draft_is_404(client, open_formasi, ready_applicant):
    application = ApplicationFactory.create(applicant=ready_applicant, formasi=open_formasi)
    client.force_login(ready_applicant.user)
    assert client.get(f"{API}/applications/{application.pk}/receipt").status_code == 404


def test_another_applicants_ids_are_404_and_nothing_changes(
    client, open_formasi, ready_applicant, media
):
    other = ApplicationFactory.create(formasi=open_formasi)
    document = ApplicationDocument.objects.create(
        application=other,
        kind_id=open_formasi.documents.first().kind_id,
        file="lamaran/x.pdf",
        file_format="pdf",
        size_bytes=10,
        sha256="0" * 64,
    )
    client.force_login(ready_applicant.user)
    before = rows()
    url = f"{API}/applications/{other.pk}"

    answers = [
        client.get(url).status_code,
        client.patch(
            url, {"formasi_id": open_formasi.pk}, content_type="application/json"
        ).status_code,
        client.get(f"{url}/documents").status_code,
        client.get(f"{url}/documents/{document.pk}/file").status_code,
        client.post(f"{url}/documents/ijazah", {"file": upload("i.pdf", pdf_bytes())}).status_code,
        client.post(f"{url}/submit").status_code,
        client.get(f"{url}/receipt").status_code,
    ]

    assert answers == [404] * 7
    assert rows() == before
    assert stored_files(media) == []
