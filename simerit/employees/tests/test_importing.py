import datetime as dt
import io
import time
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl.styles import Font

from simerit.audit.models import AuditEvent
from simerit.core.spreadsheets.reading import ImportFileError
from simerit.core.spreadsheets.rows import RowError
from simerit.core.spreadsheets.writing import XLSX_CONTENT_TYPE
from simerit.employees.importing import reading, template
from simerit.employees.importing.columns import HEADERS
from simerit.employees.importing.planning import ImportResult, import_employees
from simerit.employees.models import Employee, Gender
from simerit.employees.tests.factories import make_nik, make_nip
from simerit.organization.tests.factories import PositionFactory

TMT_CPNS = dt.date(2015, 3, 1)


@pytest.fixture
def positions(org):
    return {
        "generic": PositionFactory.create(name="Perawat Terampil"),
        "dinkes": PositionFactory.create(name="Kepala Bidang Pelayanan", work_unit=org.dinkes),
    }


def person(serial, *, birth=dt.date(1990, 5, 17), gender=Gender.FEMALE, **overrides):
    """One valid row as {column: value}; the serial keeps NIP and NIK unique."""
    values = {
        "jenis": "PNS",
        "nip": make_nip(birth_date=birth, tmt_cpns=TMT_CPNS, gender=gender, serial=serial),
        "nik": make_nik(birth_date=birth, gender=gender, serial=serial),
        "nama": f"Pegawai Impor {serial}",
        "gelar_depan": None,
        "gelar_belakang": None,
        "tempat_lahir": "Palembang",
        "tanggal_lahir": birth.strftime("%d-%m-%Y"),
        "jenis_kelamin": gender,
        "kode_unit": "DINKES",
        "jabatan": "Perawat Terampil",
        "kode_golongan": "III/a",
        "tmt_cpns": TMT_CPNS.strftime("%d-%m-%Y"),
        "tmt_pns": "01-03-2016",
        "nip_atasan": None,
    }
    values.update(overrides)
    return values


def xlsx(rows, *, header=HEADERS):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append([row.get(name) for name in header])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def created_events():
    return AuditEvent.objects.filter(action="employees.employee.created").count()


@pytest.fixture
def pegawai_uji(employee):
    return Employee.objects.get(user=employee)


# --- a clean file


def test_import_writes_every_row_with_its_audit_row(hr_admin, positions, supervisor):
    # given: a head of section, a member below them in the same file, and one under a known head
    known_head = Employee.objects.get(user=supervisor)
    head = person(1, jabatan="kepala bidang pelayanan", gelar_depan="dr.")
    member = person(2, birth=dt.date(1988, 1, 2), gender=Gender.MALE, nip_atasan=head["nip"])
    third = person(3, birth=dt.date(1995, 12, 30), nip_atasan=known_head.nip, jenis="cpns")
    # An Excel date cell: openpyxl reads it as a naive datetime.
    third.update(tmt_pns=None, tanggal_lahir=dt.datetime(1995, 12, 30))  # noqa: DTZ001

    # when
    result = import_employees(xlsx([head, member, third]), user=hr_admin)

    # then
    assert result == ImportResult(created=3, errors=[])
    imported = {e.name: e for e in Employee.objects.filter(name__startswith="Pegawai Impor")}
    assert imported["Pegawai Impor 1"].position == positions["dinkes"]
    assert imported["Pegawai Impor 1"].display_name == "dr. Pegawai Impor 1"
    assert imported["Pegawai Impor 2"].supervisor == imported["Pegawai Impor 1"]
    assert imported["Pegawai Impor 3"].supervisor == known_head
    assert imported["Pegawai Impor 3"].birth_date == dt.date(1995, 12, 30)
    assert imported["Pegawai Impor 3"].kind == "cpns"
    targets = AuditEvent.objects.filter(action="employees.employee.created").values_list(
        "target_id", flat=True
    )
    assert sorted(targets) == sorted(str(e.pk) for e in imported.values())


def test_import_skips_empty_rows_and_accepts_headers_in_any_order_and_case(hr_admin, positions):
    header = ["NIP", *[name for name in HEADERS if name != "nip"]]
    row = person(1)
    content = xlsx([{**row, "NIP": row["nip"]}, {}], header=header)

    assert import_employees(content, user=hr_admin).created == 1


# --- a bad file


def test_import_reports_every_bad_row_and_writes_nothing(hr_admin, positions, pegawai_uji):
    # given
    existing = pegawai_uji
    rows = [
        person(1),
        person(2, nik="123"),
        person(3, kode_unit="XXX"),
        person(1, nik=make_nik(birth_date=dt.date(1990, 5, 17), gender="P", serial=44)),
        person(5, tmt_pns="01-01-2099"),
        person(6, tanggal_lahir="kemarin"),
        person(
            777,
            birth=existing.birth_date,
            gender=existing.gender,
            nip=existing.nip,
            tmt_cpns=existing.tmt_cpns.strftime("%d-%m-%Y"),
        ),
        person(8, nip=198609262015051001.0),
        person(9, jabatan="Jabatan Fiktif"),
        person(10, kode_golongan="III/z"),
        person(11, jenis="PPPK", tmt_pns=None),
    ]
    employees_before, events_before = Employee.objects.count(), created_events()

    # when
    result = import_employees(xlsx(rows), user=hr_admin)

    # then
    assert result.created == 0
    assert result.errors == [
        RowError(3, "nik", "NIK harus 16 digit; yang diisi 3 digit."),
        RowError(4, "kode_unit", "Kode unit 'XXX' tidak dikenal."),
        RowError(5, "nip", f"NIP {rows[0]['nip']} sama dengan NIP di baris 2."),
        RowError(6, "tmt_pns", "TMT PNS (01-01-2099) berada di masa depan."),
        RowError(
            7, "tanggal_lahir", "'kemarin' bukan tanggal; isi sebagai tanggal atau DD-MM-YYYY."
        ),
        RowError(8, "nip", f"NIP {existing.nip} sudah terdaftar pada pegawai lain."),
        RowError(
            9,
            "nip",
            "Tersimpan sebagai angka sehingga digit terakhir bisa hilang; ubah format sel menjadi "
            "Teks lalu ketik ulang.",
        ),
        RowError(
            10,
            "jabatan",
            "Jabatan 'Jabatan Fiktif' tidak terdaftar di unit Dinas Kesehatan, unit di atasnya, "
            "maupun sebagai jabatan umum.",
        ),
        RowError(11, "kode_golongan", "Kode golongan 'III/z' tidak dikenal; contoh: III/a."),
        RowError(
            12, "kode_golongan", "PPPK tidak memakai golongan ruang PNS; kosongkan kolom golongan."
        ),
    ]
    assert (Employee.objects.count(), created_events()) == (employees_before, events_before)


def test_import_reports_a_duplicate_nik_masked(hr_admin, positions):
    first = person(1)
    second = person(2, nik=first["nik"])

    result = import_employees(xlsx([first, second]), user=hr_admin)

    masked = f"{first['nik'][:4]}********{first['nik'][12:]}"
    assert result.errors == [RowError(3, "nik", f"NIK {masked} sama dengan NIK di baris 2.")]


def test_import_saves_a_nik_that_disagrees_with_the_nip_and_names_its_row(hr_admin, positions):
    rows = [
        person(1),
        person(2, nik=make_nik(birth_date=dt.date(1990, 5, 17), gender=Gender.MALE, serial=2)),
    ]

    result = import_employees(xlsx(rows), user=hr_admin)

    assert result == ImportResult(
        created=2,
        errors=[],
        nik_review=[
            RowError(3, "nik", "Jenis kelamin pada NIK berbeda dengan jenis kelamin pada NIP.")
        ],
    )
    flagged = Employee.objects.get(name="Pegawai Impor 2")
    assert flagged.nik_needs_review is True


def test_import_reports_over_long_text_on_its_row(hr_admin, positions):
    row = person(1, nama="n" * 151, gelar_depan="g" * 41)

    result = import_employees(xlsx([row]), user=hr_admin)

    assert result.errors == [
        RowError(2, "nama", "Nama paling banyak 150 karakter; yang diisi 151 karakter."),
        RowError(
            2, "gelar_depan", "Gelar depan paling banyak 40 karakter; yang diisi 41 karakter."
        ),
    ]
    assert Employee.objects.filter(name__startswith="n" * 10).exists() is False


def test_import_reports_a_birth_date_in_the_future(hr_admin, positions):
    result = import_employees(
        xlsx([person(1, tanggal_lahir="02-06-2026")]), user=hr_admin, today=dt.date(2026, 6, 1)
    )

    assert RowError(2, "tanggal_lahir", "Tanggal lahir (02-06-2026) berada di masa depan.") in (
        result.errors
    )


def test_import_reports_missing_required_cells(hr_admin, positions):
    row = person(1, nama=None, kode_unit=None, tanggal_lahir=None)

    result = import_employees(xlsx([row]), user=hr_admin)

    assert result.errors == [
        RowError(2, "nama", "Nama wajib diisi."),
        RowError(2, "tanggal_lahir", "Tanggal lahir wajib diisi."),
        RowError(2, "kode_unit", "Kode unit wajib diisi."),
    ]


def test_import_requires_a_supervisor_to_come_before_the_subordinate(hr_admin, positions):
    head = person(1)
    member = person(2, birth=dt.date(1988, 1, 2), nip_atasan=head["nip"])

    result = import_employees(xlsx([member, head]), user=hr_admin)

    assert result.errors == [
        RowError(
            2,
            "nip_atasan",
            f"Atasan dengan NIP {head['nip']} ada di baris 3; letakkan baris atasan sebelum "
            "baris bawahannya.",
        )
    ]


def test_import_reports_an_unknown_supervisor(hr_admin, positions):
    result = import_employees(xlsx([person(1, nip_atasan="197501012000031002")]), user=hr_admin)

    assert result.errors == [
        RowError(2, "nip_atasan", "NIP atasan 197501012000031002 tidak terdaftar.")
    ]


def test_import_by_admin_opd_refuses_rows_outside_its_subtree(opd_admin, positions):
    rows = [person(1, kode_unit="DINKES-YANKES"), person(2, kode_unit="DISDIK")]

    result = import_employees(xlsx(rows), user=opd_admin)

    assert result.errors == [
        RowError(
            3,
            "kode_unit",
            "Unit 'Dinas Pendidikan' berada di luar cakupan Anda (Dinas Kesehatan).",
        )
    ]
    assert Employee.objects.filter(name__startswith="Pegawai Impor").exists() is False


def test_import_by_admin_opd_cannot_name_a_supervisor_of_another_opd(
    opd_admin, positions, other_opd_employee
):
    unknown = "197501012000031002"
    rows = [
        person(1, kode_unit="DINKES-YANKES", nip_atasan=other_opd_employee.nip),
        person(2, kode_unit="DINKES-YANKES", nip_atasan=unknown),
    ]
    events = AuditEvent.objects.count()

    result = import_employees(xlsx(rows), user=opd_admin)

    assert result.errors == [
        RowError(2, "nip_atasan", f"NIP atasan {other_opd_employee.nip} tidak terdaftar."),
        RowError(3, "nip_atasan", f"NIP atasan {unknown} tidak terdaftar."),
    ]
    assert Employee.objects.filter(name__startswith="Pegawai Impor").exists() is False
    assert AuditEvent.objects.count() == events


def test_import_matches_a_position_of_the_unit_above_and_not_of_another_opd(
    opd_admin, org, positions
):
    PositionFactory.create(name="Guru Ahli Pertama", work_unit=org.disdik)
    rows = [
        person(1, kode_unit="DINKES-YANKES", jabatan="Kepala Bidang Pelayanan"),
        person(2, kode_unit="DINKES-YANKES", jabatan="Guru Ahli Pertama"),
    ]

    result = import_employees(xlsx(rows), user=opd_admin)

    assert result.errors == [
        RowError(
            3,
            "jabatan",
            "Jabatan 'Guru Ahli Pertama' tidak terdaftar di unit Bidang Pelayanan Kesehatan, unit "
            "di atasnya, maupun sebagai jabatan umum.",
        )
    ]
    result = import_employees(xlsx(rows[:1]), user=opd_admin)
    assert result.created == 1
    imported = Employee.objects.get(name="Pegawai Impor 1")
    assert (imported.work_unit, imported.position) == (org.dinkes_division, positions["dinkes"])


def test_import_is_refused_to_an_account_without_import_rights(auditor, positions):
    with pytest.raises(ImportFileError) as caught:
        import_employees(xlsx([person(1)]), user=auditor)
    assert caught.value.message == "Akun Anda tidak berwenang mengimpor data pegawai."


# --- files that cannot be read


def test_import_names_missing_and_unknown_columns(hr_admin):
    header = [name for name in HEADERS if name not in {"nik", "jabatan"}] + ["alamat"]

    with pytest.raises(ImportFileError) as caught:
        import_employees(xlsx([], header=header), user=hr_admin)

    assert caught.value.message == (
        "Baris judul (baris 1) tidak sesuai templat: kolom yang tidak ada: nik, jabatan; kolom "
        f"yang tidak dikenal: alamat. Kolom yang benar: {', '.join(HEADERS)}. Unduh templat dan "
        "salin data ke dalamnya."
    )


def test_import_refuses_a_file_that_is_not_xlsx(hr_admin):
    with pytest.raises(ImportFileError) as caught:
        import_employees(b"jenis,nip,nik\nPNS,1,2\n", user=hr_admin)
    assert caught.value.message == (
        "Berkas ini bukan berkas Excel .xlsx. Unduh templat, isi, lalu unggah kembali."
    )


def test_import_refuses_an_old_xls_file(hr_admin):
    with pytest.raises(ImportFileError) as caught:
        import_employees(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, user=hr_admin)
    assert caught.value.message.startswith("Berkas ini berformat Excel lama (.xls).")


def test_import_refuses_a_zip_that_is_not_a_workbook(hr_admin):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")

    with pytest.raises(ImportFileError) as caught:
        import_employees(buffer.getvalue(), user=hr_admin)

    assert caught.value.message == (
        "Berkas tidak dapat dibaca sebagai lembar kerja Excel .xlsx (rusak atau format lain)."
    )


def test_import_refuses_a_file_without_data_rows(hr_admin):
    with pytest.raises(ImportFileError) as caught:
        import_employees(xlsx([]), user=hr_admin)
    assert caught.value.message == "Berkas tidak berisi baris data di bawah baris judul."


def test_import_caps_the_number_of_rows(hr_admin, monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 2)

    with pytest.raises(ImportFileError) as caught:
        import_employees(xlsx([person(1), person(2), person(3)]), user=hr_admin)

    assert caught.value.message == (
        "Berkas berisi lebih dari 2 baris data; bagi menjadi beberapa berkas."
    )


def test_import_of_a_small_file_claiming_a_million_rows_reads_only_its_data(hr_admin, positions):
    # given: one data row and one formatted, empty cell in the last cell of the sheet
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx([person(1)])))
    workbook.active["XFD1048576"].font = Font(bold=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    # when
    started = time.monotonic()
    result = import_employees(buffer.getvalue(), user=hr_admin)
    # then
    assert result.created == 1
    assert time.monotonic() - started < 5


def test_import_refuses_data_after_a_run_of_blank_rows(hr_admin, positions):
    rows = [person(1), *[{}] * reading.MAX_BLANK_RUN, person(2)]

    with pytest.raises(ImportFileError) as caught:
        import_employees(xlsx(rows), user=hr_admin)

    assert caught.value.message == (
        "Baris 53 berisi data setelah 50 baris kosong atau lebih. Hapus baris kosong di antara "
        "data, lalu unggah kembali."
    )
    assert Employee.objects.filter(name__startswith="Pegawai Impor").exists() is False


def test_import_counts_blank_rows_against_a_ceiling(hr_admin, positions, monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 20)
    monkeypatch.setattr(reading, "ROW_READ_MARGIN", 30)
    rows = []
    for serial in range(1, 6):  # 5 data rows, each followed by 49 blank rows: 250 rows read
        rows += [person(serial), *[{}] * (reading.MAX_BLANK_RUN - 1)]

    with pytest.raises(ImportFileError) as caught:
        import_employees(xlsx(rows), user=hr_admin)

    assert caught.value.message == (
        "Berkas berisi lebih dari 50 baris di bawah baris judul (termasuk baris kosong). Hapus "
        "baris kosong di antara data atau bagi menjadi beberapa berkas."
    )


def test_import_caps_the_file_size(hr_admin, monkeypatch):
    content = xlsx([person(1)])
    monkeypatch.setattr(reading, "MAX_FILE_BYTES", len(content) - 1)

    with pytest.raises(ImportFileError) as caught:
        import_employees(content, user=hr_admin)

    assert caught.value.message.startswith("Berkas terlalu besar")


# --- the template


def test_template_has_the_exact_header_and_the_codes_the_account_may_use(opd_admin, positions):
    workbook = openpyxl.load_workbook(io.BytesIO(template.template_workbook(user=opd_admin)))

    assert workbook.sheetnames == ["Pegawai", "Petunjuk", "Kode Unit", "Jabatan", "Golongan"]
    assert [cell.value for cell in workbook["Pegawai"][1]] == list(HEADERS)
    assert workbook["Pegawai"].max_row == 1
    text_columns = {"B", "C", "O"}  # nip, nik, nip_atasan: Excel must not turn them into numbers
    formats = {k: v.number_format for k, v in workbook["Pegawai"].column_dimensions.items()}
    assert {k for k, v in formats.items() if v == "@"} == text_columns
    units = [row[0] for row in workbook["Kode Unit"].iter_rows(min_row=2, values_only=True)]
    assert units == ["DINKES", "DINKES-YANKES"]
    jabatan = set(workbook["Jabatan"].iter_rows(min_row=2, values_only=True))
    assert jabatan == {("Perawat Terampil", None), ("Kepala Bidang Pelayanan", "DINKES")}


# --- the page


@pytest.mark.parametrize(
    ("persona", "status"),
    [("hr_admin", 200), ("opd_admin", 200), ("auditor", 403), ("employee", 403)],
)
def test_import_page_status_per_persona(client, request, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("employees:import")).status_code == status
    assert client.get(reverse("employees:import-template")).status_code == status


def upload(content, name="pegawai.xlsx"):
    return SimpleUploadedFile(name, content, content_type=XLSX_CONTENT_TYPE)


def test_import_page_with_a_good_file_reports_the_count(client, hr_admin, positions):
    client.force_login(hr_admin)
    response = client.post(
        reverse("employees:import"), {"file": upload(xlsx([person(1), person(2)]))}, follow=True
    )
    assert response.redirect_chain == [(reverse("employees:import"), 302)]
    assert "2 pegawai berhasil diimpor." in response.content.decode()
    assert Employee.objects.filter(name__startswith="Pegawai Impor").count() == 2


def test_import_page_names_the_rows_whose_nik_needs_review(client, hr_admin, positions):
    client.force_login(hr_admin)
    odd = person(2, nik=make_nik(birth_date=dt.date(1991, 5, 17), gender=Gender.FEMALE, serial=2))

    response = client.post(
        reverse("employees:import"), {"file": upload(xlsx([person(1), odd]))}, follow=True
    )

    assert [str(m) for m in response.context["messages"]] == [
        "2 pegawai berhasil diimpor.",
        "NIK 1 pegawai perlu diperiksa (baris 3): tanggal lahir atau jenis kelamin pada NIK "
        "berbeda dengan NIP. Data tetap disimpan; saring daftar pegawai dengan “NIK perlu "
        "diperiksa”.",
    ]


def test_import_page_with_a_bad_file_shows_the_row_report(client, hr_admin, positions):
    client.force_login(hr_admin)
    rows = [person(1), person(2, kode_unit="XXX")]

    response = client.post(reverse("employees:import"), {"file": upload(xlsx(rows))})

    assert response.status_code == 200
    assert response.context["result"].errors == [
        RowError(3, "kode_unit", "Kode unit 'XXX' tidak dikenal.")
    ]
    body = response.content.decode()
    assert "Tidak ada data yang disimpan" in body
    assert "<td>Kode unit &#x27;XXX&#x27; tidak dikenal.</td>" in body
    assert Employee.objects.filter(name__startswith="Pegawai Impor").exists() is False


def test_import_page_shows_a_file_problem_on_the_field(client, hr_admin):
    client.force_login(hr_admin)
    response = client.post(reverse("employees:import"), {"file": upload(b"%PDF-1.7", "a.xlsx")})
    assert response.context["form"].errors == {
        "file": ["Berkas ini bukan berkas Excel .xlsx. Unduh templat, isi, lalu unggah kembali."]
    }


def test_import_template_download_is_an_xlsx_attachment(client, hr_admin):
    client.force_login(hr_admin)
    response = client.get(reverse("employees:import-template"))
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="templat-impor-pegawai.xlsx"'
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert [cell.value for cell in workbook["Pegawai"][1]] == list(HEADERS)


def test_import_page_refuses_a_file_over_the_size_cap_before_reading_it(
    client, hr_admin, monkeypatch
):
    monkeypatch.setattr(reading, "MAX_FILE_BYTES", 1024 * 1024)
    client.force_login(hr_admin)

    response = client.post(reverse("employees:import"), {"file": upload(b"PK" + b"0" * 1572864)})

    assert response.context["form"].errors == {
        "file": ["Berkas terlalu besar (1,5 MB); batasnya 1 MB. Bagi data menjadi beberapa berkas."]
    }
