"""Final result announcements over JSON: public reads, HR publication."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http.multipartparser import MultiPartParser
from django.urls import reverse

from simerit.audit.models import AuditEvent
from simerit.recruitment.tests.factories import ApplicationFactory
from simerit.selection.models import ResultAnnouncement, ResultAnnouncementEntry
from simerit.selection.services import announcements as services
from simerit.selection.tests.factories_announcements import integrate, scenario

pytestmark = pytest.mark.django_db

API = "/api/v1/selection"


@pytest.fixture
def world():
    world = scenario()
    integrate(world.period, by=world.hr)
    return world


def test_anyone_lists_and_reads_a_version_with_its_entries(client, world):
    announcement = services.publish_results(formasi=world.formasi, actor=world.hr)

    listing = client.get(f"{API}/announcements", {"period_id": world.period.pk})
    detail = client.get(f"{API}/announcements/{world.formasi.pk}/versions/1")

    assert listing.status_code == 200
    item = listing.json()["items"][0]
    assert (listing.json()["count"], item["formasi_code"], item["version"]) == (1, "F-PERAWAT", 1)
    assert item["superseded_by_version"] is None
    assert item["sha256"] == announcement.sha256
    assert (
        item["json_url"]
        == f"/seleksi-kompetensi/pengumuman-hasil/{world.formasi.pk}/versi-1/hasil-akhir.json"
    )
    body = detail.json()
    assert [e["registration_number"] for e in body["entries"]] == [
        "2026-HSL-000101",
        "2026-HSL-000102",
        "2026-HSL-000103",
        "2026-HSL-000104",
    ]
    first = body["entries"][0]
    assert (first["rank"], first["status_label"], first["final_score"]) == (1, "Lulus", "70.7273")
    assert first["skb_components"][1] == {
        "name": "Simulasi kasus klinis",
        "method": "case_simulation",
        "weight": "40.0000",
        "score": "62.5000",
        "status": "final",
    }
    assert body["formula_words"].startswith("Nilai akhir = 40 % × (total SKD / 550 × 100)")
    assert client.get(f"{API}/announcements/{world.formasi.pk}/versions/2").status_code == 404


def test_an_unknown_period_filter_is_a_clear_422(client, db):
    response = client.get(f"{API}/announcements", {"period_id": 999999})

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "period_id", "message": "Periode ini tidak ada."}
    ]


def test_hr_publishes_one_formasi_and_a_whole_period(client, world):
    client.force_login(world.hr)

    one = client.post(
        f"{API}/announcements", {"formasi_id": world.formasi.pk}, content_type="application/json"
    )
    again = client.post(
        f"{API}/announcements",
        {"formasi_id": world.formasi.pk, "note": "Ulang"},
        content_type="application/json",
    )
    period = client.post(
        f"{API}/announcements/period",
        {"period_id": world.period.pk},
        content_type="application/json",
    )

    assert one.status_code == 201
    assert (one.json()["version"], len(one.json()["entries"])) == (1, 4)
    assert again.status_code == 409
    assert "sudah diumumkan sebagai versi 1" in again.json()["detail"]
    assert (period.status_code, period.json()) == (200, {"published": 0})


def test_only_hr_publishes_over_the_api(client, world, auditor):
    client.force_login(auditor)
    events = AuditEvent.objects.count()

    response = client.post(
        f"{API}/announcements", {"formasi_id": world.formasi.pk}, content_type="application/json"
    )
    anonymous = client.logout() or client.post(
        f"{API}/announcements/period",
        {"period_id": world.period.pk},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert response.json()["detail"] == "Hanya Admin BKPSDM yang dapat mengumumkan hasil akhir."
    assert anonymous.status_code == 401
    assert ResultAnnouncement.objects.count() == 0
    assert AuditEvent.objects.count() == events


# --- POST /verify: size and rate checked before Django Ninja reads the body

TOO_LARGE = {
    "detail": "Berkas terlalu besar: paling besar 5 MB.",
    "code": "invalid_input",
    "errors": [{"field": "file", "message": "Berkas terlalu besar: paling besar 5 MB."}],
}


@pytest.fixture
def body_never_read(monkeypatch):
    def parse(self):
        raise AssertionError("the request body was parsed")

    monkeypatch.setattr(MultiPartParser, "parse", parse)


def test_a_verify_request_over_the_limit_is_refused_before_its_body_is_read(
    client, db, body_never_read
):
    big = SimpleUploadedFile("besar.json", b"x" * (5 * 1024 * 1024 + 70 * 1024))

    response = client.post(f"{API}/verify", {"file": big})
    declared = client.post(
        f"{API}/verify", {"sha256": "0" * 64}, CONTENT_LENGTH=str(6 * 1024 * 1024)
    )

    assert (response.status_code, response.json()) == (413, TOO_LARGE)
    assert (declared.status_code, declared.json()) == (413, TOO_LARGE)


def test_verify_over_the_api_is_limited_per_address(client, world, settings):
    settings.SIMERIT_VERIFY_PER_HOUR = 2
    url = f"{API}/verify"

    answers = [client.post(url, {"sha256": "0" * 64}).status_code for _ in range(2)]
    refused = client.post(url, {"sha256": "0" * 64})
    elsewhere = client.post(url, {"sha256": "0" * 64}, REMOTE_ADDR="203.0.113.9")

    assert answers == [200, 200]
    assert refused.status_code == 429
    assert refused.json() == {
        "detail": "Terlalu banyak pemeriksaan pengumuman dari jaringan Anda. Coba lagi dalam "
        "satu jam.",
        "code": "rate_limited",
        "errors": [],
    }
    assert elsewhere.status_code == 200


def test_the_page_and_the_api_share_the_hourly_count(client, world, settings):
    settings.SIMERIT_VERIFY_PER_HOUR = 2

    page = client.post(reverse("selection:verify"), {"sha256": "0" * 64})
    api = client.post(f"{API}/verify", {"sha256": "0" * 64})
    third = client.post(f"{API}/verify", {"sha256": "0" * 64})

    assert (page.status_code, api.status_code, third.status_code) == (200, 200, 429)


def test_the_api_reports_a_relinked_line_as_altered(client, world):
    announcement = services.publish_results(formasi=world.formasi, actor=world.hr)
    outsider = ApplicationFactory.create(formasi=world.formasi)
    ResultAnnouncementEntry.objects.filter(registration_number="2026-HSL-000101").update(
        application=outsider
    )

    response = client.post(f"{API}/verify", {"sha256": announcement.sha256})

    assert response.status_code == 200
    assert response.json()["status"] == "altered"
    assert response.json()["problems"] == [
        "baris 2026-HSL-000101 menunjuk lamaran lain: lamaran yang ditautkan tidak bernomor "
        "pendaftaran 2026-HSL-000101"
    ]
