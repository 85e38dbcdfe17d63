"""/api/v1/recruitment/announcements, /results/mine and /sanggah."""

import hashlib

import pytest

from simerit.audit.models import AuditEvent
from simerit.recruitment.models import Announcement, RejectionReason, Sanggah
from simerit.recruitment.services import announcements as services
from simerit.recruitment.tests.factories import FormasiFactory
from simerit.recruitment.tests.test_verification_support import (
    counts,
    decided,
    make_verifier,
    open_sanggah_windows,
    private_media,
    submitted_application,
)

BASE = "/api/v1/recruitment"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    private_media(settings, tmp_path)


@pytest.fixture
def formasi(db):
    formasi = FormasiFactory.create(code="F-API")
    open_sanggah_windows(formasi.period)
    return formasi


@pytest.fixture
def results(formasi):
    first, second = make_verifier(), make_verifier()
    ms = decided(submitted_application(formasi=formasi), first=first)
    tms = decided(
        submitted_application(formasi=formasi),
        first=first,
        second=second,
        invalid={"ijazah": RejectionReason.UNREADABLE},
    )
    return ms, tms


def test_hr_publishes_and_anyone_verifies_the_hash_from_the_public_read(
    client, hr_admin, formasi, results
):
    client.force_login(hr_admin)
    created = client.post(
        f"{BASE}/announcements", {"formasi_id": formasi.pk}, content_type="application/json"
    )
    assert created.status_code == 201
    client.logout()
    body = client.get(f"{BASE}/announcements/formasi/{formasi.pk}").json()
    latest = body["latest"]
    recomputed = hashlib.sha256(latest["canonical_json"].encode("utf-8")).hexdigest()
    audited = AuditEvent.objects.get(action="recruitment.announcement.published").changes
    assert recomputed == audited["sha256"] == latest["sha256"]
    ms, tms = results
    assert [(e["registration_number"], e["result"]) for e in latest["entries"]] == sorted(
        [(ms.registration_number, "MS"), (tms.registration_number, "TMS")]
    )
    assert [version["version"] for version in body["versions"]] == [1]


def test_publishing_with_undecided_applications_is_409(client, hr_admin, formasi):
    submitted_application(formasi=formasi)
    client.force_login(hr_admin)
    before = counts()
    response = client.post(
        f"{BASE}/announcements", {"formasi_id": formasi.pk}, content_type="application/json"
    )
    assert response.status_code == 409
    assert response.json()["detail"].startswith("Pengumuman belum dapat diterbitkan: 1 lamaran")
    assert counts() == before


def test_a_correction_without_note_is_422(client, hr_admin, formasi, results):
    services.publish_announcement(formasi=formasi, actor=hr_admin)
    client.force_login(hr_admin)
    response = client.post(
        f"{BASE}/announcements", {"formasi_id": formasi.pk}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "note", "message": "Versi 2 adalah koreksi: tulis catatan perubahannya."}
    ]
    assert Announcement.objects.count() == 1


def test_publishing_is_403_for_others(client, verifier, formasi, results):
    client.force_login(verifier)
    before = counts()
    response = client.post(
        f"{BASE}/announcements", {"formasi_id": formasi.pk}, content_type="application/json"
    )
    assert response.status_code == 403
    assert counts() == before


def test_public_read_of_an_unannounced_formasi_is_404(client, formasi):
    response = client.get(f"{BASE}/announcements/formasi/{formasi.pk}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_one_version_is_public(client, hr_admin, formasi, results):
    announcement = services.publish_announcement(formasi=formasi, actor=hr_admin)
    body = client.get(f"{BASE}/announcements/formasi/{formasi.pk}/versions/1").json()
    assert (body["version"], body["sha256"]) == (1, announcement.sha256)
    assert client.get(f"{BASE}/announcements/formasi/{formasi.pk}/versions/2").status_code == 404


def test_applicant_reads_own_results_and_files_one_sanggah(client, hr_admin, formasi, results):
    _, tms = results
    services.publish_announcement(formasi=formasi, actor=hr_admin)
    client.force_login(tms.applicant.user)
    mine = client.get(f"{BASE}/results/mine").json()
    assert len(mine) == 1
    assert mine[0]["result_reasons"] == [
        "Ijazah: Berkas tidak terbaca atau buram. Catatan: Ijazah buram di bagian nama."
    ]
    assert (mine[0]["announced_result"], mine[0]["can_file_sanggah"]) == ("TMS", True)
    payload = {
        "application_id": tms.pk,
        "reason": "Ijazah saya terbaca dengan jelas.",
        "document_ids": [tms.documents.get(kind__code="ijazah").pk],
    }
    created = client.post(f"{BASE}/sanggah", payload, content_type="application/json")
    assert created.status_code == 201
    assert created.json()["status"] == "filed"
    before = counts()
    again = client.post(f"{BASE}/sanggah", payload, content_type="application/json")
    assert again.status_code == 409
    assert again.json()["detail"].startswith("Sanggah hanya dapat diajukan satu kali")
    assert counts() == before


def test_sanggah_on_another_applicants_application_is_404(client, hr_admin, formasi, results):
    ms, tms = results
    services.publish_announcement(formasi=formasi, actor=hr_admin)
    client.force_login(ms.applicant.user)
    before = counts()
    response = client.post(
        f"{BASE}/sanggah",
        {"application_id": tms.pk, "reason": "x" * 30, "document_ids": [1]},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert counts() == before


def test_sanggah_on_an_ms_application_is_409(client, hr_admin, formasi, results):
    ms, _ = results
    services.publish_announcement(formasi=formasi, actor=hr_admin)
    client.force_login(ms.applicant.user)
    before = counts()
    response = client.post(
        f"{BASE}/sanggah",
        {
            "application_id": ms.pk,
            "reason": "Saya ingin menyanggah hasil ini.",
            "document_ids": [ms.documents.earliest("pk").pk],
        },
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["detail"] == "Sanggah hanya dapat diajukan untuk lamaran berstatus TMS."
    assert counts() == before
    assert Sanggah.objects.exists() is False


def test_sanggah_with_a_foreign_document_is_422(client, hr_admin, formasi, results):
    ms, tms = results
    services.publish_announcement(formasi=formasi, actor=hr_admin)
    client.force_login(tms.applicant.user)
    response = client.post(
        f"{BASE}/sanggah",
        {
            "application_id": tms.pk,
            "reason": "Ijazah saya terbaca dengan jelas.",
            "document_ids": [ms.documents.earliest("pk").pk],
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "documents",
            "message": "Pilih hanya dokumen yang sudah Anda unggah pada lamaran ini.",
        }
    ]
