"""The attendance recap import (importing.import_attendance and services.attendance.record_import):
all rows or none, a message per row and column, a recorded month replaced with its old values
audited, Admin BKPSDM only."""

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from simerit.accounts.models import User
from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError
from simerit.core.spreadsheets.reading import ImportFileError
from simerit.core.spreadsheets.rows import RowError
from simerit.core.spreadsheets.writing import XLSX_CONTENT_TYPE
from simerit.discipline import importing
from simerit.discipline.models import AttendanceImport, MonthlyAttendance
from simerit.discipline.tests.factories import MonthlyAttendanceFactory
from simerit.discipline.tests.factories_attendance import workbook
from simerit.employees.models import Employee
from simerit.employees.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def people(db: None) -> tuple[Employee, Employee]:
    return EmployeeFactory.create(name="Ani"), EmployeeFactory.create(name="Budi")


def counts() -> tuple[int, int, int]:
    return (
        MonthlyAttendance.objects.count(),
        AttendanceImport.objects.count(),
        AuditEvent.objects.count(),
    )


def run(rows: list[list[Any]], actor: User) -> importing.ImportResult:
    return importing.import_attendance(workbook(rows), file_name="rekap-okt.xlsx", actor=actor)


def test_a_clean_file_stores_every_row(hr_admin: User, people: tuple[Employee, Employee]) -> None:
    ani, budi = people

    result = run(
        [
            [ani.nip, "2026-10", 22, 2, 95, 1],
            [budi.nip, "2026-10", 22, 0, None, None],
        ],
        hr_admin,
    )

    assert (result.created, result.replaced, result.unchanged, result.errors) == (2, 0, 0, [])
    stored = {
        row.employee_id: (
            row.month,
            row.working_days,
            row.absent_days,
            row.late_minutes,
            row.longest_absence,
        )
        for row in MonthlyAttendance.objects.all()
    }
    assert stored == {
        ani.pk: (D(2026, 10, 1), 22, 2, 95, 1),
        budi.pk: (D(2026, 10, 1), 22, 0, 0, 0),
    }
    batch = AttendanceImport.objects.get()
    assert (batch.file_name, batch.rows, batch.imported_by) == ("rekap-okt.xlsx", 2, hr_admin)
    assert set(MonthlyAttendance.objects.values_list("source", flat=True)) == {batch.pk}
    event = AuditEvent.objects.get(action__startswith="discipline.")
    assert event.action == "discipline.attendance.imported"
    assert event.changes == {
        "file_name": "rekap-okt.xlsx",
        "file_sha256": batch.file_sha256,
        "rows": 2,
        "created": 2,
        "replaced": 0,
        "unchanged": 0,
        "months": ["2026-10"],
    }


def test_a_recorded_month_is_replaced_with_its_old_values_audited(
    hr_admin: User, people: tuple[Employee, Employee]
) -> None:
    ani, budi = people
    old = MonthlyAttendanceFactory.create(employee=ani, absent_days=1, longest_absence=1)
    same = MonthlyAttendanceFactory.create(employee=budi)

    result = run([[ani.nip, "2026-10", 22, 3, 0, 2], [budi.nip, "2026-10", 22, 0, 0, 0]], hr_admin)

    assert (result.created, result.replaced, result.unchanged) == (0, 1, 1)
    old.refresh_from_db()
    assert (old.absent_days, old.longest_absence) == (3, 2)
    assert old.source == AttendanceImport.objects.get()
    same.refresh_from_db()
    assert same.source is None
    event = AuditEvent.objects.get(action="discipline.attendance.replaced")
    assert event.target_id == str(old.pk)
    assert event.changes == {
        "employee_id": ani.pk,
        "month": "2026-10-01",
        "import_id": AttendanceImport.objects.get().pk,
        "absent_days": [1, 3],
        "longest_absence": [1, 2],
    }


def test_the_current_month_and_a_date_cell_are_accepted(
    hr_admin: User, people: tuple[Employee, Employee]
) -> None:
    ani, budi = people

    # Excel turns a typed "2026-09" into a date cell; openpyxl reads it as a naive datetime.
    typed = dt.datetime(2026, 9, 1)  # noqa: DTZ001
    result = run([[ani.nip, "2026-11", 20, 0, 0, 0], [budi.nip, typed, 22, 0, 0, 0]], hr_admin)

    assert result.stored
    assert sorted(MonthlyAttendance.objects.values_list("month", flat=True)) == [
        D(2026, 9, 1),
        D(2026, 11, 1),
    ]


def test_every_bad_row_is_reported_and_nothing_is_stored(
    hr_admin: User, people: tuple[Employee, Employee]
) -> None:
    ani, budi = people
    before = counts()

    result = run(
        [
            [ani.nip, "2026-10", 22, 2, 0, 1],  # a good row: not stored either
            ["199001012020011999", "2026-10", 22, 0, 0, 0],
            [budi.nip, "2026-10", 20, 21, 0, 0],
            [budi.nip, "2026-12", 22, 0, 0, 0],
            [ani.nip, "2026-10", 22, 0, 0, 0],
            [budi.nip, "2026-09", 22, 3, 0, 4],
            [budi.nip, "Oktober", 22, -1, "banyak", 0],
            [None, None, None, None, 0, 0],
            [198601012010011001, "2026-08", 22, 0, 0, 0],
        ],
        hr_admin,
    )

    assert counts() == before
    assert result.errors == [
        RowError(3, "nip", "Pegawai dengan NIP 199001012020011999 tidak ditemukan."),
        RowError(4, "tidak_masuk", "Hari tidak masuk (21) melebihi hari kerja (20)."),
        RowError(5, "bulan", "Bulan 2026-12 belum berjalan; rekap tidak dapat diimpor."),
        RowError(6, "bulan", "NIP dan bulan ini sudah ada di baris 2."),
        RowError(
            7,
            "berturut_terpanjang",
            "Tidak masuk berturut-turut terpanjang (4) melebihi jumlah hari tidak masuk (3).",
        ),
        RowError(8, "bulan", "'Oktober' bukan bulan; isi sebagai teks TTTT-BB, mis. 2026-10."),
        RowError(8, "tidak_masuk", "Tidak boleh negatif."),
        RowError(8, "terlambat_menit", "'banyak' bukan bilangan bulat."),
        RowError(9, "nip", "NIP wajib diisi."),
        RowError(9, "bulan", "Bulan wajib diisi."),
        RowError(9, "hari_kerja", "Wajib diisi."),
        RowError(9, "tidak_masuk", "Wajib diisi."),
        RowError(
            10,
            "nip",
            "Tersimpan sebagai angka sehingga digit terakhir bisa hilang; ubah format sel "
            "menjadi Teks lalu ketik ulang.",
        ),
    ]


def test_counts_past_their_bounds_are_refused(
    hr_admin: User, people: tuple[Employee, Employee]
) -> None:
    ani, _ = people

    result = run([[ani.nip, "2026-10", 32, 0, 44641, 0]], hr_admin)

    assert result.errors == [
        RowError(2, "hari_kerja", "Paling besar 31."),
        RowError(2, "terlambat_menit", "Paling besar 44.640."),
    ]
    assert MonthlyAttendance.objects.exists() is False


def test_a_file_that_is_not_an_xlsx_is_refused(hr_admin: User) -> None:
    with pytest.raises(ImportFileError) as raised:
        importing.import_attendance(b"nip;bulan\n", file_name="rekap.csv", actor=hr_admin)

    assert str(raised.value) == (
        "Berkas ini bukan berkas Excel .xlsx. Unduh templat, isi, lalu unggah kembali."
    )
    assert MonthlyAttendance.objects.exists() is False
    assert AttendanceImport.objects.exists() is False


def test_a_header_unlike_the_template_is_refused(hr_admin: User) -> None:
    content = workbook([["1", "2026-10"]], headers=["nip", "bulan"])

    with pytest.raises(ImportFileError) as raised:
        importing.import_attendance(content, file_name="rekap.xlsx", actor=hr_admin)

    assert str(raised.value).startswith(
        "Baris judul (baris 1) tidak sesuai templat: kolom yang tidak ada: hari_kerja, "
        "tidak_masuk, terlambat_menit, berturut_terpanjang."
    )


@pytest.mark.parametrize("who", ["auditor", "opd_admin", "supervisor"])
def test_only_hr_imports(
    request: pytest.FixtureRequest, who: str, people: tuple[Employee, Employee]
) -> None:
    actor = request.getfixturevalue(who)
    before = counts()

    with pytest.raises(PermissionDenied) as raised:
        run([[people[0].nip, "2026-10", 22, 0, 0, 0]], actor)

    assert str(raised.value) == "Hanya Admin BKPSDM yang dapat mengimpor rekap kehadiran."
    assert counts() == before


def test_the_template_holds_the_columns_and_instructions() -> None:
    book = openpyxl.load_workbook(io.BytesIO(importing.template_workbook()))

    assert book.sheetnames == ["Rekap kehadiran", "Petunjuk"]
    header = [cell.value for cell in book["Rekap kehadiran"][1]]
    assert header == [
        "nip",
        "bulan",
        "hari_kerja",
        "tidak_masuk",
        "terlambat_menit",
        "berturut_terpanjang",
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2026-1", D(2026, 1, 1)), ("2026-12", D(2026, 12, 1)), (D(2026, 3, 17), D(2026, 3, 1))],
)
def test_a_month_is_read_as_its_first_day(value: Any, expected: dt.date) -> None:
    assert importing.parse_month(value) == expected


def test_a_thirteenth_month_is_not_a_month() -> None:
    with pytest.raises(ValueError, match="bukan bulan"):
        importing.parse_month("2026-13")


def test_a_file_over_the_size_limit_is_refused(
    hr_admin: User, people: tuple[Employee, Employee], monkeypatch: pytest.MonkeyPatch
) -> None:
    content = workbook([[people[0].nip, "2026-10", 22, 0, 0, 0]])
    monkeypatch.setattr(importing, "MAX_FILE_BYTES", len(content) - 1)

    with pytest.raises(ImportFileError) as raised:
        importing.import_attendance(content, file_name="rekap.xlsx", actor=hr_admin)

    assert str(raised.value).startswith("Berkas terlalu besar (")
    assert MonthlyAttendance.objects.exists() is False


def _concurrent_import_of(employee: Employee, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another import of the same month commits between this import's read and its write: the
    row it stores is written just before this import's own rows."""
    store = MonthlyAttendance.objects.bulk_create

    def racing(rows: Any, **kwargs: Any) -> Any:
        MonthlyAttendanceFactory.create(employee=employee, month=D(2026, 10, 1))
        return store(rows, **kwargs)

    monkeypatch.setattr(MonthlyAttendance.objects, "bulk_create", racing)


def test_a_concurrent_import_of_the_same_month_is_a_conflict_with_nothing_stored(
    monkeypatch: pytest.MonkeyPatch, hr_admin: User, people: tuple[Employee, Employee]
) -> None:
    ani, budi = people
    _concurrent_import_of(ani, monkeypatch)
    before = counts()

    with pytest.raises(ConflictError) as error:
        run([[ani.nip, "2026-10", 22, 2, 0, 1], [budi.nip, "2026-10", 22, 0, 0, 0]], hr_admin)

    assert str(error.value) == "Rekap kehadiran sedang diimpor oleh pengguna lain; coba lagi."
    assert counts() == before
    assert before[:2] == (0, 0)


def test_the_import_page_shows_the_conflict(
    monkeypatch: pytest.MonkeyPatch, client: Client, hr_admin: User
) -> None:
    person = EmployeeFactory.create()
    _concurrent_import_of(person, monkeypatch)
    client.force_login(hr_admin)
    before = counts()
    upload = SimpleUploadedFile(
        "rekap.xlsx", workbook([[person.nip, "2026-10", 22, 1, 10, 1]]), XLSX_CONTENT_TYPE
    )

    response = client.post(reverse("discipline:attendance_import"), {"file": upload})

    assert response.status_code == 422
    assert "Rekap kehadiran sedang diimpor oleh pengguna lain; coba lagi." in (
        response.content.decode()
    )
    assert counts() == before
    assert before[:2] == (0, 0)


def test_the_api_answers_409_to_a_concurrent_import(
    monkeypatch: pytest.MonkeyPatch, client: Client, hr_admin: User
) -> None:
    person = EmployeeFactory.create()
    _concurrent_import_of(person, monkeypatch)
    client.force_login(hr_admin)
    before = counts()
    upload = SimpleUploadedFile(
        "rekap.xlsx", workbook([[person.nip, "2026-10", 22, 1, 10, 1]]), XLSX_CONTENT_TYPE
    )

    response = client.post("/api/v1/discipline/attendance/import", {"file": upload})

    assert response.status_code == 409
    assert response.json()["detail"] == (
        "Rekap kehadiran sedang diimpor oleh pengguna lain; coba lagi."
    )
    assert counts() == before
    assert before[:2] == (0, 0)
