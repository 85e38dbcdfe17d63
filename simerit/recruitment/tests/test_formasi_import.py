"""Excel import of formasi: a clean file is written whole; a bad one writes nothing and says why."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from simerit.audit.models import AuditEvent
from simerit.core.spreadsheets.reading import ImportFileError
from simerit.core.spreadsheets.rows import ImportResult, RowError
from simerit.organization.tests.factories import PositionFactory, golongan
from simerit.recruitment.formasi_import import HEADERS, import_formasi, template_workbook
from simerit.recruitment.models import Formasi, FormasiDocument, FormasiEducation
from simerit.recruitment.tests.factories import FormasiFactory, SelectionPeriodFactory


@pytest.fixture
def period(db):
    return SelectionPeriodFactory.create(status="published", default_max_age=40)


@pytest.fixture
def positions(org):
    return {
        "nurse": PositionFactory.create(name="Perawat Ahli Pertama"),
        "teacher": PositionFactory.create(name="Guru Kelas", work_unit=org.disdik),
    }


def row(**overrides):
    values = {
        "kode": "DINKES-PRW-01",
        "jabatan": "Perawat Ahli Pertama",
        "kode_unit": "DINKES",
        "kuota": 3,
        "jenis_formasi": None,
        "golongan": None,
        "usia_min": None,
        "usia_maks": None,
        "tanggal_acuan_usia": None,
        "ipk_min": None,
        "pendidikan": "S1: Keperawatan, Ilmu Keperawatan; D3",
        "dokumen_wajib": "ktp, ijazah",
        "dokumen_opsional": None,
        "persyaratan_tambahan": None,
    }
    values.update(overrides)
    return values


def xlsx(rows, *, header=HEADERS):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for values in rows:
        sheet.append([values.get(name) for name in header])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def written():
    return (
        Formasi.objects.count(),
        FormasiEducation.objects.count(),
        FormasiDocument.objects.count(),
        AuditEvent.objects.filter(action__startswith="recruitment.").count(),
    )


# --- a clean file


def test_import_writes_every_row_as_a_draft_with_its_audit_row(hr_admin, period, positions):
    rows = [
        row(),
        row(
            kode="disdik-gr-01",
            jabatan="guru kelas",
            kode_unit="disdik",
            kuota="2",
            jenis_formasi="Lulusan cumlaude",
            golongan="III/a",
            usia_min=20,
            usia_maks="35",
            tanggal_acuan_usia="01-09-2026",
            ipk_min="3,25",
            pendidikan="S-1: Pendidikan Guru Sekolah Dasar",
            dokumen_wajib="ijazah; transkrip",
            dokumen_opsional="pendukung",
            persyaratan_tambahan="Memiliki sertifikat pendidik.",
        ),
    ]

    result = import_formasi(xlsx(rows), period=period, user=hr_admin)

    assert result == ImportResult(created=2, errors=[])
    nurse = Formasi.objects.get(code="DINKES-PRW-01")
    assert (nurse.status, nurse.quota, nurse.min_age, nurse.max_age) == ("draft", 3, 18, 40)
    assert [(r.level.code, r.majors) for r in nurse.education.order_by("level__rank")] == [
        ("D3", []),
        ("S1", ["Keperawatan", "Ilmu Keperawatan"]),
    ]
    teacher = Formasi.objects.get(code="DISDIK-GR-01")
    assert (teacher.track, teacher.entry_golongan_id, teacher.min_gpa) == (
        "cumlaude",
        golongan("III/a").pk,
        Decimal("3.25"),
    )
    assert (teacher.min_age, teacher.max_age, teacher.age_reference_date) == (
        20,
        35,
        dt.date(2026, 9, 1),
    )
    assert sorted(
        (d.kind.code, d.formats, d.max_kb, d.is_required) for d in teacher.documents.all()
    ) == [
        ("ijazah", ["pdf"], 800, True),
        ("pendukung", ["pdf"], 800, False),
        ("transkrip", ["pdf"], 500, True),
    ]
    assert AuditEvent.objects.filter(action="recruitment.formasi.created").count() == 2


def test_import_accepts_headers_in_any_order_and_case_and_skips_empty_rows(
    hr_admin, period, positions
):
    header = ["KODE", *[name for name in HEADERS if name != "kode"]]
    values = row()

    content = xlsx([{**values, "KODE": values["kode"]}, {}], header=header)

    assert import_formasi(content, period=period, user=hr_admin).created == 1


def test_a_position_of_a_unit_above_is_found(hr_admin, org, period):
    PositionFactory.create(name="Bidan Terampil", work_unit=org.dinkes)

    result = import_formasi(
        xlsx([row(jabatan="Bidan Terampil", kode_unit="DINKES-YANKES")]),
        period=period,
        user=hr_admin,
    )

    assert result.created == 1


# --- a bad file


def test_import_reports_every_bad_row_and_writes_nothing(hr_admin, period, positions):
    # given
    FormasiFactory.create(period=period, code="SUDAH-ADA", position__name="Bidan")
    before = written()
    rows = [
        row(),
        row(kode="A-2", kuota=0, usia_min=40, usia_maks=35),
        row(kode="A-3", kode_unit="XXX"),
        row(kode="dinkes-prw-01"),
        row(kode="SUDAH-ADA", jenis_formasi="vip", golongan="IX/z", ipk_min="tinggi"),
        row(kode="A-6", pendidikan="S9: Sihir", dokumen_wajib="ktp, ijazah_palsu"),
        row(kode="A-7", jabatan="Guru Kelas"),
        row(kode="A-8", kuota=None, tanggal_acuan_usia="besok", pendidikan=None),
    ]

    # when
    result = import_formasi(xlsx(rows), period=period, user=hr_admin)

    # then
    assert result.created == 0
    assert result.errors == [
        RowError(3, "kuota", "Kuota paling sedikit 1."),
        RowError(3, "usia_maks", "Usia minimal (40) tidak boleh lebih dari usia maksimal (35)."),
        RowError(4, "kode_unit", "Kode unit 'XXX' tidak dikenal."),
        RowError(5, "kode", "Kode DINKES-PRW-01 sama dengan kode di baris 2."),
        RowError(6, "kode", "Kode SUDAH-ADA sudah dipakai di periode ini."),
        RowError(
            6,
            "jenis_formasi",
            "Jenis formasi 'vip' tidak dikenal; pilih: umum, cumlaude, disabilitas, "
            "putra_putri_daerah, diaspora, eks_thk2.",
        ),
        RowError(6, "golongan", "Golongan 'IX/z' tidak dikenal; contoh: III/a."),
        RowError(6, "ipk_min", "'tinggi' bukan angka IPK; contoh: 3,00."),
        RowError(7, "pendidikan", "Jenjang 'S9' tidak dikenal; gunakan kode seperti SMA, D3, S1."),
        RowError(7, "dokumen_wajib", "Kode dokumen 'ijazah_palsu' tidak dikenal."),
        RowError(
            8,
            "jabatan",
            "Jabatan 'Guru Kelas' tidak terdaftar di unit Dinas Kesehatan, unit di atasnya, "
            "maupun sebagai jabatan umum.",
        ),
        RowError(9, "kuota", "Wajib diisi."),
        RowError(
            9,
            "tanggal_acuan_usia",
            "'besok' bukan tanggal; isi sebagai tanggal atau DD-MM-YYYY.",
        ),
        RowError(9, "pendidikan", "Pilih paling sedikit satu jenjang pendidikan."),
    ]
    assert written() == before


def test_opd_admin_imports_only_into_its_scope(opd_admin, period, positions):
    before = written()

    result = import_formasi(
        xlsx([row(), row(kode="B-2", kode_unit="DISDIK", jabatan="Guru Kelas")]),
        period=period,
        user=opd_admin,
    )

    assert result.errors == [
        RowError(
            3, "kode_unit", "Unit 'Dinas Pendidikan' berada di luar cakupan Anda (Dinas Kesehatan)."
        )
    ]
    assert written() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.4 bukan excel", "Berkas ini bukan berkas Excel .xlsx."),
        (b"\xd0\xcf\x11\xe0 lama", "Berkas ini berformat Excel lama (.xls)."),
        (b"PK\x03\x04 rusak", "Berkas tidak dapat dibaca sebagai lembar kerja Excel .xlsx"),
    ],
)
def test_an_unusable_file_is_refused_as_a_whole(hr_admin, period, content, message):
    with pytest.raises(ImportFileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        import_formasi(content, period=period, user=hr_admin)
    assert Formasi.objects.exists() is False


def test_a_wrong_header_names_the_missing_and_unknown_columns(hr_admin, period):
    header = [name for name in HEADERS if name != "kuota"] + ["catatan"]

    with pytest.raises(ImportFileError) as refused:
        import_formasi(xlsx([row()], header=header), period=period, user=hr_admin)

    assert str(refused.value).startswith(
        "Baris judul (baris 1) tidak sesuai templat: kolom yang tidak ada: kuota; "
        "kolom yang tidak dikenal: catatan."
    )


def test_data_after_a_long_gap_is_refused(hr_admin, period, positions):
    rows = [row(), *[{} for _ in range(50)], row(kode="B-2")]

    with pytest.raises(ImportFileError, match="Baris 53 berisi data setelah 50 baris kosong"):
        import_formasi(xlsx(rows), period=period, user=hr_admin)


def test_an_empty_file_and_a_finished_period_are_refused(hr_admin, period, positions):
    with pytest.raises(ImportFileError, match="tidak berisi baris data"):
        import_formasi(xlsx([]), period=period, user=hr_admin)
    finished = SelectionPeriodFactory.create(status="finished")
    with pytest.raises(ImportFileError, match="Periode seleksi sudah selesai"):
        import_formasi(xlsx([row()]), period=finished, user=hr_admin)


def test_roles_without_formasi_rights_cannot_import(verifier, period):
    with pytest.raises(ImportFileError, match="tidak berwenang mengimpor formasi"):
        import_formasi(xlsx([row()]), period=period, user=verifier)


# --- template and page


def test_template_has_the_columns_and_the_accounts_units(opd_admin, org, positions):
    workbook = openpyxl.load_workbook(io.BytesIO(template_workbook(user=opd_admin)))

    assert workbook.sheetnames == [
        "Formasi",
        "Petunjuk",
        "Kode Unit",
        "Jabatan",
        "Jenjang",
        "Dokumen",
        "Jenis Formasi",
        "Golongan",
    ]
    assert [cell.value for cell in workbook["Formasi"][1]] == list(HEADERS)
    units = [r[0] for r in workbook["Kode Unit"].iter_rows(min_row=2, values_only=True)]
    assert units == ["DINKES", "DINKES-YANKES"]
    documents = dict(workbook["Dokumen"].iter_rows(min_row=2, values_only=True))
    assert documents["ktp"] == "KTP (JPG, paling besar 200 KB)"


def test_import_page_shows_the_row_report(client, hr_admin, period, positions):
    client.force_login(hr_admin)
    upload = SimpleUploadedFile("formasi.xlsx", xlsx([row(kuota=0)]))

    response = client.post(
        reverse("recruitment:formasi-import"), {"period": period.pk, "file": upload}
    )

    assert response.status_code == 200
    assert response.context["result"].errors == [RowError(2, "kuota", "Kuota paling sedikit 1.")]
    assert "Tidak ada formasi yang disimpan" in response.content.decode()
    assert Formasi.objects.exists() is False


def test_import_page_writes_a_clean_file_and_redirects(client, hr_admin, period, positions):
    client.force_login(hr_admin)
    upload = SimpleUploadedFile("formasi.xlsx", xlsx([row()]))

    response = client.post(
        reverse("recruitment:formasi-import"), {"period": period.pk, "file": upload}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("recruitment:formasi-admin-list")
    assert Formasi.objects.filter(code="DINKES-PRW-01", status="draft").count() == 1


def test_import_page_shows_a_file_error_on_the_field(client, hr_admin, period):
    client.force_login(hr_admin)
    upload = SimpleUploadedFile("formasi.xlsx", b"bukan excel")

    response = client.post(
        reverse("recruitment:formasi-import"), {"period": period.pk, "file": upload}
    )

    assert response.context["form"].errors["file"] == [
        "Berkas ini bukan berkas Excel .xlsx. Unduh templat, isi, lalu unggah kembali."
    ]


@pytest.mark.parametrize(("persona", "status"), [("opd_admin", 200), ("auditor", 403)])
def test_template_download_access(client, request, persona, status):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(reverse("recruitment:formasi-import-template"))

    assert response.status_code == status
    if status == 200:
        assert response["Content-Disposition"] == (
            'attachment; filename="templat-impor-formasi.xlsx"'
        )
