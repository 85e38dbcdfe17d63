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
    assert latest["canonical_json_url"] == f"/seleksi/pengumuman/{formasi.pk}/versi-1.json"
    canonical = client.get(latest["canonical_json_url"]).content
    recomputed = hashlib.sha256(canonical).hexdigest()
    audited = AuditEvent.objects.get(action="recruitment.announcement.published").changes
    assert recomputed == audited["sha256"] == latest["sha256"]
    assert (latest["version"], latest["formasi_code"]) == (1, "F-API")
    ms, tms = results
    assert [(e["registration_number"], e["result"]) for e in latest["entries"]["items"]] == sorted(
        [(ms.registration_number, "MS"), (tms.registration_number, "TMS")]
    )
    assert [version["version"] for version in body["versions"]] == [1]


def test_the_public_read_pages_its_entries(client, hr_admin, formasi, results):
    # given: the two results of the fixture and three more MS
    for _ in range(3):
        decided(submitted_application(formasi=formasi), first=make_verifier())
    announcement = services.publish_announcement(formasi=formasi, actor=hr_admin)
    numbers = sorted(announcement.entries.values_list("registration_number", flat=True))
    body = client.get(
        f"{BASE}/announcements/formasi/{formasi.pk}", {"page": 2, "page_size": 2}
    ).json()
    entries = body["latest"]["entries"]
    assert (entries["count"], entries["page"], entries["pages"]) == (5, 2, 3)
    assert [e["registration_number"] for e in entries["items"]] == numbers[2:4]
    assert "canonical_json" not in body["latest"]
    version = client.get(
        f"{BASE}/announcements/formasi/{formasi.pk}/versions/1", {"page": 3, "page_size": 2}
    ).json()
    assert [e["registration_number"] for e in version["entries"]["items"]] == numbers[4:]
    assert version["sha256"] == announcement.sha256
    too_big = client.get(f"{BASE}/announcements/formasi/{formasi.pk}", {"page_size": 101})
    assert too_big.status_code == 422


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
