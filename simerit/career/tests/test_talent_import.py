"""The potential score import: all rows or none, each problem reported per row and column with
its exact message, the file checked by its content, Admin BKPSDM only, and the template."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied

from simerit.audit.models import AuditEvent
from simerit.career import importing
from simerit.career.models import PotentialAssessment
from simerit.career.tests.factories import CareerEmployeeFactory, make_office
from simerit.career.tests.factories_talent import assess
from simerit.core.spreadsheets.reading import ImportFileError
from simerit.core.spreadsheets.rows import RowError

pytestmark = pytest.mark.django_db

HEADER = ["nip", "tanggal", "metode", "pelaksana", "nilai"]


def workbook(*rows, header=HEADER):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _snapshot():
    return (PotentialAssessment.objects.count(), AuditEvent.objects.count())


def test_a_clean_file_records_every_row_each_audited():
    office = make_office()
    a, b = office.staff[:2]
    content = workbook(
        (a.nip, "15-08-2026", "CACT BKN", "BKN Regional VII", "78,5"),
        (b.nip, dt.date(2026, 9, 1), "Assessment center", None, 91),
    )

    result = importing.import_potentials(content, actor=office.hr)

    assert result == importing.ImportResult(created=2, errors=[])
    rows = list(
        PotentialAssessment.objects.order_by("employee__name").values_list(
            "employee__name", "assessed_on", "method", "institution", "score", "source"
        )
    )
    assert rows == [
        (
            "Staf A",
            dt.date(2026, 8, 15),
            "CACT BKN",
            "BKN Regional VII",
            Decimal("78.50"),
            "import",
        ),
        ("Staf B", dt.date(2026, 9, 1), "Assessment center", "", Decimal("91.00"), "import"),
    ]
    assert AuditEvent.objects.filter(action="career.potential_assessment.recorded").count() == 2


def test_every_bad_row_is_reported_and_nothing_is_written():
    office = make_office()
    a, b, c = office.staff
    own = CareerEmployeeFactory.create(name="Admin Sendiri", supervisor=None)
    own.user = office.hr
    own.save()
    gone = CareerEmployeeFactory.create(name="Purna", supervisor=None, is_active=False)
    assess(c, "70", on=dt.date(2026, 3, 1), method="CACT BKN")
    before = _snapshot()
    content = workbook(
        (a.nip, "15-08-2026", "CACT BKN", "", "78,5"),  # fine on its own
        ("199001012020011999", "15-08-2026", "CACT BKN", "", "70"),
        (198609262015051001, "15-08-2026", "CACT BKN", "", "70"),
        (own.nip, "15-08-2026", "CACT BKN", "", "70"),
        (gone.nip, "15-08-2026", "CACT BKN", "", "70"),
        (b.nip, "29-11-2026", "", "", "101"),
        (b.nip, "15-08-2026", "Wawancara", "", "tinggi"),
        (a.nip, "15-08-2026", "cact bkn", "", "80"),
        (c.nip, "01-03-2026", "CACT BKN", "", "72"),
        (b.nip, "kemarin", "CACT BKN", "", "70,555"),
    )

    result = importing.import_potentials(content, actor=office.hr)

    assert result.created == 0
    assert result.errors == [
        RowError(3, "nip", "Pegawai dengan NIP 199001012020011999 tidak ditemukan."),
        RowError(
            4,
            "nip",
            "Tersimpan sebagai angka sehingga digit terakhir bisa hilang; ubah format sel "
            "menjadi Teks lalu ketik ulang.",
        ),
        RowError(5, "nip", importing.OWN_ROW),
        RowError(
            6, "nip", "Pegawai ini tidak aktif; hasil asesmen hanya dicatat untuk pegawai aktif."
        ),
        RowError(7, "tanggal", "Tanggal asesmen tidak boleh di masa depan."),
        RowError(7, "metode", "Metode/alat ukur wajib diisi."),
        RowError(7, "nilai", "Nilai potensial harus antara 0 dan 100."),
        RowError(8, "nilai", "'tinggi' bukan nilai potensial; contoh: 78,5."),
        RowError(9, "metode", "Pegawai, tanggal dan metode ini sudah ada di baris 2."),
        RowError(
            10,
            "metode",
            "Hasil asesmen dengan metode ini pada tanggal yang sama sudah tercatat untuk "
            "pegawai ini.",
        ),
        RowError(11, "tanggal", "'kemarin' bukan tanggal; isi sebagai tanggal atau DD-MM-YYYY."),
        RowError(11, "nilai", "Nilai potensial paling banyak dua angka di belakang koma."),
    ]
    assert _snapshot() == before


def test_a_file_that_is_not_an_xlsx_or_has_other_columns_is_refused():
    office = make_office()
    before = _snapshot()

    with pytest.raises(ImportFileError) as not_xlsx:
        importing.import_potentials(b"nip;tanggal\n1;2", actor=office.hr)
    with pytest.raises(ImportFileError) as columns:
        importing.import_potentials(
            workbook((office.staff[0].nip, "01-08-2026", "CACT", 70), header=HEADER[:4]),
            actor=office.hr,
        )

    assert not_xlsx.value.message == (
        "Berkas ini bukan berkas Excel .xlsx. Unduh templat, isi, lalu unggah kembali."
    )
    assert columns.value.message == (
        "Baris judul (baris 1) tidak sesuai templat: kolom yang tidak ada: nilai. Kolom yang "
        "benar: nip, tanggal, metode, pelaksana, nilai. Unduh templat dan salin data ke dalamnya."
    )
    assert _snapshot() == before


def test_only_hr_imports():
    office = make_office()
    before = _snapshot()

    with pytest.raises(PermissionDenied):
        importing.import_potentials(
            workbook((office.staff[0].nip, "01-08-2026", "CACT", "", 70)), actor=office.admin
        )

    assert _snapshot() == before


def test_the_template_names_the_columns_with_the_nip_as_text():
    book = openpyxl.load_workbook(io.BytesIO(importing.template_workbook()))

    assert book.sheetnames == ["Asesmen potensial", "Petunjuk"]
    assert [cell.value for cell in book["Asesmen potensial"][1]] == HEADER
    assert book["Asesmen potensial"].column_dimensions["A"].number_format == "@"
    guide = [row[0] for row in book["Petunjuk"].iter_rows(min_row=2, max_row=6, values_only=True)]
    assert guide == HEADER
