"""The public verification of a final-result file or hash: genuine, superseded, changed, unknown."""

import html
import json
import time
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from simerit.core.exceptions import InvalidInputError
from simerit.selection.selectors import verification as verification_selectors
from simerit.selection.selectors.verification import VerificationStatus
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

    verification = verification_selectors.verify_bytes(data)

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

    verification = verification_selectors.verify_hash(typed)

    assert (verification.status, verification.file_kind) == (VerificationStatus.MATCH, "JSON")


def test_an_older_version_is_genuine_but_superseded(client, world):
    old_json = download(client, world.announcement, "json")
    set_score(world.candidates["2026-HSL-000102"], world.components[1], Decimal(95))
    integrate(world.period, by=world.hr)
    services.publish_results(formasi=world.formasi, actor=world.hr, note="Koreksi sanggah")

    verification = verification_selectors.verify_bytes(old_json)

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

    verification = verification_selectors.verify_bytes(forged)

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

    verification = verification_selectors.verify_bytes(forged.encode())

    assert verification.status == VerificationStatus.MISMATCH
    assert [d.text for d in verification.differences] == [
        "Peringkat 2026-HSL-000102 pada berkas 1, yang diumumkan 2.",
        "Status 2026-HSL-000102 pada berkas Lulus, yang diumumkan P/L.",
    ]


def test_a_removed_row_is_listed(client, world):
    lines = download(client, world.announcement, "csv").decode().split("\r\n")
    forged = "\r\n".join(line for line in lines if "2026-HSL-000104" not in line)

    verification = verification_selectors.verify_bytes(forged.encode())

    assert [d.text for d in verification.differences] == [
        "Baris 2026-HSL-000104 yang diumumkan tidak ada pada berkas."
    ]


def test_the_same_content_in_another_form_says_so(client, world):
    payload = json.loads(download(client, world.announcement, "json"))
    pretty = json.dumps(payload, indent=2, ensure_ascii=False).encode()

    verification = verification_selectors.verify_bytes(pretty)

    assert verification.status == VerificationStatus.MISMATCH
    assert verification.differences == ()
    assert "bentuk berkasnya berbeda" in verification.message


def test_an_unrelated_file_is_unknown(world):
    verification = verification_selectors.verify_bytes(b"%PDF-1.7 something else")

    assert verification.status == VerificationStatus.UNKNOWN
    assert verification.announcement is None
    assert verification.message.startswith(
        "Tidak cocok: berkas ini tidak sama dengan pengumuman hasil akhir mana pun"
    )


def test_an_unknown_hash_is_unknown(world):
    verification = verification_selectors.verify_hash("0" * 64)

    assert verification.status == VerificationStatus.UNKNOWN
    assert verification.message == "Tidak ada pengumuman hasil akhir dengan SHA-256 ini."


@pytest.mark.parametrize("typed", ["", "abc", "g" * 64, "a" * 65])
def test_a_malformed_hash_gets_a_clear_message(db, typed):
    with pytest.raises(InvalidInputError) as error:
        verification_selectors.verify_hash(typed)

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


# --- Uploads crafted to cost memory or time, or to crash the parser: refused fast, with the reason


def unreadable(reason):
    return (
        f"Berkas tidak dapat dibaca: {reason}. Berkas ini bukan pengumuman hasil akhir yang "
        "diterbitkan SiMerit; unduh berkas asli dari halaman pengumuman."
    )


NOT_RECOGNISED = (
    "Tidak cocok: berkas ini tidak sama dengan pengumuman hasil akhir mana pun yang diterbitkan "
    "SiMerit, dan isinya tidak dikenali sebagai pengumuman hasil akhir."
)
CSV_HEADER = "Formasi,Versi,Peringkat,Nomor pendaftaran,Nama (disamarkan),TWK,TIU,TKP,Total SKD\r\n"


def claiming(weight, count=1, **overrides):
    """A JSON that claims to be version 1 of F-PERAWAT, with `count` components of `weight`."""
    payload = {
        "formasi": "F-PERAWAT",
        "version": 1,
        "period": "Seleksi CASN Kota Palembang 2026",
        "formula": {"components": [{"name": "c", "weight": weight}] * count},
        "entries": [],
    }
    payload.update(overrides)
    return json.dumps(payload).encode()


def timed(data):
    started = time.monotonic()
    verification = verification_selectors.verify_bytes(data)
    return verification, time.monotonic() - started


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        # 300 × a decimal that expanded to 1 MB of text each (287 MiB before the fix)
        (
            claiming("1E+999998", 300),
            "angka 1E+999998 tidak wajar (terlalu panjang atau memakai eksponen)",
        ),
        # decimal.Overflow before the fix (a 500)
        (
            claiming("1E+999999999"),
            "angka 1E+999999999 tidak wajar (terlalu panjang atau memakai eksponen)",
        ),
        # the same as a JSON number, and NaN
        (
            b'{"formasi": "F-PERAWAT", "version": 1, "weight": 1E+999998}',
            "angka 1E+999998 tidak wajar (terlalu panjang atau memakai eksponen)",
        ),
        (
            b'{"formasi": "F-PERAWAT", "version": NaN}',
            "angka NaN tidak wajar (terlalu panjang atau memakai eksponen)",
        ),
        # a version of 21 digits (an OverflowError in the database query before the fix)
        (
            claiming("60", version=10**20),
            "angka 10000000000000000000… tidak wajar (terlalu panjang atau memakai eksponen)",
        ),
        # 200,000 nested lists: RecursionError in json.loads before the fix (a 500)
        (
            b'{"a":' + b"[" * 200_000 + b"]" * 200_000 + b"}",
            "susunan JSON-nya bertingkat terlalu dalam",
        ),
        # deep enough to pass json.loads, deeper than any announcement
        (b'{"a":' + b"[" * 50 + b"]" * 50 + b"}", "susunan JSON-nya bertingkat terlalu dalam"),
        (claiming("60", entries=[0] * 100_001), "isinya lebih dari 100.000 baris"),
        (claiming("60", note="x" * 301), "ada isian yang lebih dari 300 karakter"),
        (claiming("60", 51), "rumusnya memuat lebih dari 50 komponen SKB"),
        (
            (CSV_HEADER + "F-PERAWAT,1,1,N1,A,1,1,1,3\r\n" * 100_001).encode(),
            "isinya lebih dari 100.000 baris",
        ),
        (
            (CSV_HEADER + "F-PERAWAT,1,1,N1," + "x" * 301 + ",1,1,1,3\r\n").encode(),
            "ada isian yang lebih dari 300 karakter",
        ),
        (
            (CSV_HEADER + "F-PERAWAT,1,1,N1,A" + ",1" * 70 + "\r\n").encode(),
            "rumusnya memuat lebih dari 50 komponen SKB",
        ),
        (b"x" * (5 * 1024 * 1024 + 1), "ukurannya lebih dari 5 MB"),
    ],
    ids=[
        "decimal-expansion",
        "decimal-overflow",
        "number-exponent",
        "nan",
        "huge-version",
        "deep-nesting",
        "nesting-depth-51",
        "too-many-entries",
        "long-text",
        "too-many-components",
        "csv-too-many-rows",
        "csv-long-cell",
        "csv-too-many-columns",
        "over-5-mb",
    ],
)
def test_a_crafted_upload_is_unreadable_with_the_reason_and_fast(world, data, reason):
    verification, elapsed = timed(data)

    assert verification.status == VerificationStatus.UNKNOWN
    assert verification.message == unreadable(reason)
    assert verification.announcement is None
    assert elapsed < 2


def test_a_csv_whose_version_is_a_superscript_digit_is_not_recognised(world):
    # "²".isdigit() is True, and int("²") raised a ValueError outside any try (a 500).
    data = (CSV_HEADER + "F-PERAWAT,\u00b2,1,N1,A,1,1,1,3\r\n").encode()

    verification, elapsed = timed(data)

    assert (verification.status, verification.message) == (
        VerificationStatus.UNKNOWN,
        NOT_RECOGNISED,
    )
    assert elapsed < 2


@pytest.mark.parametrize("version", ["0", "32768", "١", " 1 2"])
def test_a_csv_version_outside_1_to_32767_or_not_ascii_is_not_recognised(world, version):
    data = (CSV_HEADER + f"F-PERAWAT,{version},1,N1,A,1,1,1,3\r\n").encode()

    assert verification_selectors.verify_bytes(data).message == NOT_RECOGNISED


def test_a_weight_with_an_exponent_in_a_forged_genuine_file_is_unreadable(client, world):
    payload = json.loads(download(client, world.announcement, "json"))
    payload["formula"]["components"][0]["weight"] = "6E+1"

    verification = verification_selectors.verify_bytes(json.dumps(payload).encode())

    assert verification.message == unreadable(
        "angka 6E+1 tidak wajar (terlalu panjang atau memakai eksponen)"
    )


def test_a_json_number_with_a_point_stays_text_and_is_compared_as_text(client, world):
    payload = json.loads(download(client, world.announcement, "json"))
    text = json.dumps(payload).replace('"70.7273"', "70.7273")

    verification = verification_selectors.verify_bytes(text.encode())

    assert verification.status == VerificationStatus.MISMATCH
    assert verification.differences == ()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            claiming("1E+999998", 300),
            unreadable("angka 1E+999998 tidak wajar (terlalu panjang atau memakai eksponen)"),
        ),
        (
            b'{"a":' + b"[" * 200_000 + b"]" * 200_000 + b"}",
            unreadable("susunan JSON-nya bertingkat terlalu dalam"),
        ),
        ((CSV_HEADER + "F-PERAWAT,\u00b2,1,N1,A,1,1,1,3\r\n").encode(), NOT_RECOGNISED),
        (
            claiming("60", version=10**20),
            unreadable(
                "angka 10000000000000000000… tidak wajar (terlalu panjang atau memakai eksponen)"
            ),
        ),
    ],
    ids=["decimal-expansion", "deep-nesting", "superscript-version", "huge-version"],
)
def test_the_page_and_the_api_answer_crafted_uploads_without_an_error(db, data, message):
    page = Client(raise_request_exception=False)
    started = time.monotonic()
    on_page = page.post(VERIFY, {"file": SimpleUploadedFile("x.json", data)})
    over_api = page.post("/api/v1/selection/verify", {"file": SimpleUploadedFile("x.json", data)})
    elapsed = time.monotonic() - started

    assert on_page.status_code == 200
    assert 'data-status="unknown"' in on_page.text
    assert html.escape(message) in on_page.text
    assert over_api.status_code == 200
    assert (over_api.json()["status"], over_api.json()["message"]) == ("unknown", message)
    assert elapsed < 4
