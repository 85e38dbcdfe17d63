"""The public verification of a final-result file or hash: genuine, superseded, changed, unknown."""

import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from simerit.core.exceptions import InvalidInputError
from simerit.selection.selectors import announcements as selectors
from simerit.selection.selectors.announcements import VerificationStatus
from simerit.selection.services import announcements as services
from simerit.selection.tests.factories_announcements import integrate, scenario, set_score

pytestmark = pytest.mark.django_db

VERIFY = reverse("selection:verify")


@pytest.fixture
def world():
    world = scenario()
    integrate(world.period, by=world.hr)
    world.announcement = services.publish_results(formasi=world.formasi, actor=world.hr)
    return world


def download(client, announcement, kind):
    url = reverse(f"selection:announcement-{kind}", args=[announcement.formasi_id, 1])
    return client.get(url).content


@pytest.mark.parametrize("kind", ["json", "csv", "pdf"])
def test_each_genuine_downloaded_file_matches(client, world, kind):
    data = download(client, world.announcement, kind)

    verification = selectors.verify_bytes(data)

    assert verification.status == VerificationStatus.MATCH
    assert verification.file_kind == kind.upper()
    assert verification.announcement == world.announcement
    assert verification.message.startswith(
        f"Cocok: berkas {kind.upper()} ini sama persis dengan pengumuman hasil akhir formasi "
        "F-PERAWAT versi 1 (Seleksi CASN Kota Palembang 2026) yang diumumkan "
    )
    assert verification.message.endswith("dan catatannya tidak berubah sejak diumumkan.")


def test_the_printed_hash_matches_typed_in_any_case(world):
    typed = f"  {world.announcement.sha256.upper()} "

    verification = selectors.verify_hash(typed)

    assert (verification.status, verification.file_kind) == (VerificationStatus.MATCH, "JSON")


def test_an_older_version_is_genuine_but_superseded(client, world):
    old_json = download(client, world.announcement, "json")
    set_score(world.candidates["2026-HSL-000102"], world.components[1], Decimal(95))
    integrate(world.period, by=world.hr)
    services.publish_results(formasi=world.formasi, actor=world.hr, note="Koreksi sanggah")

    verification = selectors.verify_bytes(old_json)

    assert verification.status == VerificationStatus.SUPERSEDED
    assert verification.is_genuine is True
    assert verification.message.startswith(
        "Cocok, tetapi sudah digantikan oleh versi 2: berkas JSON ini sama persis dengan "
        "pengumuman hasil akhir formasi F-PERAWAT versi 1"
    )
    assert verification.latest is not None
    assert verification.latest.version == 2


def test_a_json_with_one_score_changed_is_a_mismatch_naming_the_row(client, world):
    payload = json.loads(download(client, world.announcement, "json"))
    payload["entries"][0]["final_score"] = "81.2000"
    forged = json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()

    verification = selectors.verify_bytes(forged)

    assert verification.status == VerificationStatus.MISMATCH
    assert verification.is_genuine is False
    assert [d.text for d in verification.differences] == [
        "Nilai akhir 2026-HSL-000101 pada berkas 81,2000, yang diumumkan 70,7273."
    ]
    assert verification.message == (
        "Tidak cocok: berkas JSON ini mengaku sebagai pengumuman hasil akhir formasi F-PERAWAT "
        "versi 1 (Seleksi CASN Kota Palembang 2026) yang diumumkan "
        f"{_when(world.announcement)}, tetapi isinya berbeda dengan yang diumumkan "
        "(1 perbedaan)."
    )


def test_a_csv_with_a_changed_rank_and_status_lists_both(client, world):
    text = download(client, world.announcement, "csv").decode()
    forged = text.replace(
        "F-PERAWAT,1,2,2026-HSL-000102,B*** S******,100,110,180,390,"
        "60.0000,70.0000,64.0000,66.7636,P/L",
        "F-PERAWAT,1,1,2026-HSL-000102,B*** S******,100,110,180,390,"
        "60.0000,70.0000,64.0000,66.7636,Lulus",
    )
    assert forged != text

    verification = selectors.verify_bytes(forged.encode())

    assert verification.status == VerificationStatus.MISMATCH
    assert [d.text for d in verification.differences] == [
        "Peringkat 2026-HSL-000102 pada berkas 1, yang diumumkan 2.",
        "Status 2026-HSL-000102 pada berkas Lulus, yang diumumkan P/L.",
    ]


def test_a_removed_row_is_listed(client, world):
    lines = download(client, world.announcement, "csv").decode().split("\r\n")
    forged = "\r\n".join(line for line in lines if "2026-HSL-000104" not in line)

    verification = selectors.verify_bytes(forged.encode())

    assert [d.text for d in verification.differences] == [
        "Baris 2026-HSL-000104 yang diumumkan tidak ada pada berkas."
    ]


def test_the_same_content_in_another_form_says_so(client, world):
    payload = json.loads(download(client, world.announcement, "json"))
    pretty = json.dumps(payload, indent=2, ensure_ascii=False).encode()

    verification = selectors.verify_bytes(pretty)

    assert verification.status == VerificationStatus.MISMATCH
    assert verification.differences == ()
    assert "bentuk berkasnya berbeda" in verification.message


def test_an_unrelated_file_is_unknown(world):
    verification = selectors.verify_bytes(b"%PDF-1.7 something else")

    assert verification.status == VerificationStatus.UNKNOWN
    assert verification.announcement is None
    assert verification.message.startswith(
        "Tidak cocok: berkas ini tidak sama dengan pengumuman hasil akhir mana pun"
    )


def test_an_unknown_hash_is_unknown(world):
    verification = selectors.verify_hash("0" * 64)

    assert verification.status == VerificationStatus.UNKNOWN
    assert verification.message == "Tidak ada pengumuman hasil akhir dengan SHA-256 ini."


@pytest.mark.parametrize("typed", ["", "abc", "g" * 64, "a" * 65])
def test_a_malformed_hash_gets_a_clear_message(db, typed):
    with pytest.raises(InvalidInputError) as error:
        selectors.verify_hash(typed)

    assert error.value.errors == {
        "sha256": [
            "SHA-256 terdiri atas tepat 64 karakter heksadesimal (0–9, a–f); periksa kembali "
            "yang Anda salin."
        ]
    }


# --- The page (no login)


def test_the_page_verifies_an_uploaded_genuine_file(client, world):
    data = download(client, world.announcement, "pdf")

    response = client.post(VERIFY, {"file": SimpleUploadedFile("hasil.pdf", data)})

    assert response.status_code == 200
    assert 'data-status="match"' in response.text
    assert "Cocok: berkas PDF ini sama persis" in response.text


def test_the_page_lists_what_was_changed(client, world):
    payload = json.loads(download(client, world.announcement, "json"))
    payload["entries"][0]["final_score"] = "81.2000"
    forged = json.dumps(payload).encode()

    response = client.post(VERIFY, {"file": SimpleUploadedFile("hasil.json", forged)})

    assert response.status_code == 200
    assert 'data-status="mismatch"' in response.text
    assert "Nilai akhir 2026-HSL-000101 pada berkas 81,2000, yang diumumkan 70,7273." in (
        response.text
    )


def test_the_page_verifies_a_pasted_hash_and_the_qr_link(client, world):
    pasted = client.post(VERIFY, {"sha256": world.announcement.pdf_sha256})
    qr = client.get(reverse("selection:verify-hash", args=[world.announcement.sha256]))

    assert 'data-status="match"' in pasted.text
    assert "Cocok: berkas PDF ini" in pasted.text
    assert qr.status_code == 200
    assert "Cocok: berkas JSON ini" in qr.text


def test_the_page_refuses_a_file_over_5_mb(client, db):
    big = SimpleUploadedFile("besar.pdf", b"x" * (5 * 1024 * 1024 + 1))

    response = client.post(VERIFY, {"file": big})

    assert response.status_code == 422
    assert "Berkas terlalu besar: paling besar 5 MB." in response.text
    assert 'data-testid="verification"' not in response.text


def test_the_page_asks_for_a_file_or_a_hash(client, db):
    empty = client.post(VERIFY, {})
    bad = client.post(VERIFY, {"sha256": "1234"})
    bad_link = client.get(reverse("selection:verify-hash", args=["1234"]))

    assert empty.status_code == 422
    assert "Pilih berkas pengumuman atau tempelkan SHA-256-nya." in empty.text
    assert bad.status_code == 422
    assert "tepat 64 karakter heksadesimal" in bad.text
    assert bad_link.status_code == 422
    assert "tepat 64 karakter heksadesimal" in bad_link.text


def test_the_api_verifies_a_file_and_a_hash(client, world):
    data = download(client, world.announcement, "csv")
    url = "/api/v1/selection/verify"

    by_file = client.post(url, {"file": SimpleUploadedFile("hasil.csv", data)})
    by_hash = client.post(url, {"sha256": "0" * 64})
    bad = client.post(url, {"sha256": "xyz"})

    assert by_file.status_code == 200
    assert by_file.json()["status"] == "match"
    assert (by_file.json()["file_kind"], by_file.json()["version"]) == ("CSV", 1)
    assert by_hash.json()["status"] == "unknown"
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "sha256"


def _when(announcement):
    from simerit.core.dates import format_datetime_wib

    return format_datetime_wib(announcement.published_at)
