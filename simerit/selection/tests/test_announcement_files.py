"""The files of a final result: canonical JSON and CSV byte for byte, a deterministic PDF."""

import datetime as dt
import hashlib
import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from simerit.selection import files
from simerit.selection.models import ResultAnnouncement, ResultAnnouncementEntry

FORMULA = {
    "skd_weight": "40.0000",
    "skb_weight": "60.0000",
    "skd_max": 550,
    "components": [
        {
            "order": 1,
            "name": "SKB-CAT",
            "method": "cat",
            "weight": "60.0000",
            "aggregation": "",
            "cat_max_score": 500,
        },
        {
            "order": 2,
            "name": "Simulasi kasus klinis",
            "method": "case_simulation",
            "weight": "40.0000",
            "aggregation": "mean",
            "cat_max_score": None,
        },
    ],
}


def component(name, method, weight, score, status="final"):
    return {"name": name, "method": method, "weight": weight, "score": score, "status": status}


def fixture():
    """Version 2 of F-PERAWAT with two lines, the unranked one given first."""
    announcement = ResultAnnouncement(
        formasi_code="F-PERAWAT",
        period_name="Seleksi CASN Kota Palembang 2026",
        position_name="Perawat Ahli Pertama",
        unit_name="RSUD Bari",
        quota=1,
        version=2,
        supersedes=ResultAnnouncement(version=1),
        published_at=dt.datetime(2026, 9, 1, 3, 0, tzinfo=dt.UTC),
        sanggah_closes_at=dt.datetime(2026, 9, 4, 3, 0, tzinfo=dt.UTC),
        note="Koreksi nilai simulasi",
        formula=FORMULA,
        sha256="ab" * 32,
    )
    absent = ResultAnnouncementEntry(
        registration_number="2026-HSL-000104",
        masked_name="D*** I*****",
        skd_total=375,
        twk=110,
        tiu=105,
        tkp=160,
        skb_components=[
            component("SKB-CAT", "cat", "60.0000", "80.0000"),
            component("Simulasi kasus klinis", "case_simulation", "40.0000", None, "absent"),
        ],
        skb_score=None,
        final_score=None,
        rank=None,
        status="tidak_lulus",
    )
    first = ResultAnnouncementEntry(
        registration_number="2026-HSL-000101",
        masked_name="S*** A*****",
        skd_total=395,
        twk=120,
        tiu=100,
        tkp=175,
        skb_components=[
            component("SKB-CAT", "cat", "60.0000", "75.0000"),
            component("Simulasi kasus klinis", "case_simulation", "40.0000", "62.5000"),
        ],
        skb_score=Decimal(70),
        final_score=Decimal("70.72727"),
        rank=1,
        status="lulus",
    )
    return announcement, [absent, first]


EXPECTED_JSON = (
    '{"entries":['
    '{"final_score":"70.7273","masked_name":"S*** A*****","rank":1,'
    '"registration_number":"2026-HSL-000101","skb_components":['
    '{"method":"cat","name":"SKB-CAT","score":"75.0000","status":"final","weight":"60.0000"},'
    '{"method":"case_simulation","name":"Simulasi kasus klinis","score":"62.5000",'
    '"status":"final","weight":"40.0000"}],'
    '"skb_score":"70.0000","skd_total":395,"status":"lulus","tiu":100,"tkp":175,"twk":120},'
    '{"final_score":null,"masked_name":"D*** I*****","rank":null,'
    '"registration_number":"2026-HSL-000104","skb_components":['
    '{"method":"cat","name":"SKB-CAT","score":"80.0000","status":"final","weight":"60.0000"},'
    '{"method":"case_simulation","name":"Simulasi kasus klinis","score":null,'
    '"status":"absent","weight":"40.0000"}],'
    '"skb_score":null,"skd_total":375,"status":"tidak_lulus","tiu":105,"tkp":160,"twk":110}],'
    '"formasi":"F-PERAWAT",'
    '"formula":{"components":['
    '{"aggregation":"","cat_max_score":500,"method":"cat","name":"SKB-CAT","order":1,'
    '"weight":"60.0000"},'
    '{"aggregation":"mean","cat_max_score":null,"method":"case_simulation",'
    '"name":"Simulasi kasus klinis","order":2,"weight":"40.0000"}],'
    '"skb_weight":"60.0000","skd_max":550,"skd_weight":"40.0000"},'
    '"note":"Koreksi nilai simulasi",'
    '"period":"Seleksi CASN Kota Palembang 2026",'
    '"position":"Perawat Ahli Pertama",'
    '"published_at":"2026-09-01T10:00:00+07:00",'
    '"quota":1,'
    '"sanggah_closes_at":"2026-09-04T10:00:00+07:00",'
    '"supersedes_version":1,'
    '"unit":"RSUD Bari",'
    '"version":2}'
)

EXPECTED_CSV = (
    "Formasi,Versi,Peringkat,Nomor pendaftaran,Nama (disamarkan),TWK,TIU,TKP,Total SKD,"
    "SKB-CAT (60 %),Simulasi kasus klinis (40 %),Nilai SKB,Nilai akhir,Status\r\n"
    "F-PERAWAT,2,1,2026-HSL-000101,S*** A*****,120,100,175,395,"
    "75.0000,62.5000,70.0000,70.7273,Lulus\r\n"
    "F-PERAWAT,2,,2026-HSL-000104,D*** I*****,110,105,160,375,80.0000,,,,Tidak Lulus\r\n"
)


def test_canonical_json_is_exactly_the_sorted_compact_utf8_text():
    announcement, entries = fixture()

    data = files.canonical_json_bytes(files.canonical_payload(announcement, entries))

    assert data == EXPECTED_JSON.encode("utf-8")
    assert files.sha256_hex(data) == hashlib.sha256(EXPECTED_JSON.encode("utf-8")).hexdigest()


def test_canonical_json_keeps_non_ascii_letters_as_utf8():
    announcement, entries = fixture()
    announcement.unit_name = "Puskesmas Sungai Baung — Seberang Ulu"

    data = files.canonical_json_bytes(files.canonical_payload(announcement, entries))

    assert '"unit":"Puskesmas Sungai Baung — Seberang Ulu"'.encode() in data


def test_csv_is_a_plain_deterministic_table():
    announcement, entries = fixture()

    data = files.csv_bytes(files.canonical_payload(announcement, entries))

    assert data == EXPECTED_CSV.encode("utf-8")
    assert not data.startswith(b"\xef\xbb\xbf")


def test_csv_quotes_a_cell_with_a_comma():
    announcement, entries = fixture()
    entries[1].masked_name = "S***, A*****"

    text = files.csv_bytes(files.canonical_payload(announcement, entries)).decode()

    assert ',"S***, A*****",120,' in text


def test_formula_in_words():
    assert files.formula_words(FORMULA) == (
        "Nilai akhir = 40 % × (total SKD / 550 × 100) + 60 % × nilai SKB; nilai SKB = 60 % × "
        "SKB-CAT (SKB dengan CAT, skala 0–100 dari nilai maksimum 500) + 40 % × Simulasi kasus "
        "klinis (Simulasi kasus, rata-rata nilai asesor); semua nilai pada skala 0–100."
    )


@pytest.mark.django_db
def test_pdf_prints_the_table_the_hash_and_the_qr_link_and_is_deterministic():
    announcement, entries = fixture()
    payload = files.canonical_payload(announcement, entries)

    first = files.pdf_bytes(announcement, payload)
    second = files.pdf_bytes(announcement, payload)

    assert first == second
    reader = read_pdf(first)
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = text.replace("\n", "")
    assert "Pengumuman Hasil Akhir Seleksi" in text
    assert "F-PERAWAT" in text
    assert "2 (menggantikan versi 1)" in text
    assert "Koreksi nilai simulasi" in text
    assert "2026-HSL-000101" in text
    assert "70,73" in text
    assert "Tidak Lulus" in text
    assert "ab" * 32 in flat
    url = f"http://127.0.0.1:8000/seleksi-kompetensi/verifikasi-pengumuman/{'ab' * 32}/"
    assert url in flat
    assert len(reader.pages[0]["/Resources"]["/XObject"]) == 1  # the QR code
    assert reader.metadata.title == "Hasil akhir F-PERAWAT versi 2"


def read_pdf(content):
    return PdfReader(io.BytesIO(content))


def test_filenames():
    announcement, _ = fixture()

    assert files.filename(announcement, "csv") == "hasil-akhir-F-PERAWAT-v2.csv"


def test_parse_reads_back_our_json_and_csv_and_nothing_else():
    announcement, entries = fixture()
    payload = files.canonical_payload(announcement, entries)

    from_json = files.parse(files.canonical_json_bytes(payload))
    from_csv = files.parse(b"\xef\xbb\xbf" + files.csv_bytes(payload))  # saved again by Excel

    assert from_json is not None
    assert from_csv is not None

    assert (from_json.kind, from_json.formasi_code, from_json.version) == ("JSON", "F-PERAWAT", 2)
    assert (from_csv.kind, from_csv.formasi_code, from_csv.version) == ("CSV", "F-PERAWAT", 2)
    assert from_json.rows == from_csv.rows
    assert files.parse(b"%PDF-1.4 ...") is None
    assert files.parse(b'{"formasi": "F-PERAWAT"}') is None
    assert files.parse(b"\xff\xfe not utf-8") is None
