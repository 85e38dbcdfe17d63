"""The Excel import of assessed levels: all rows or none, every problem by row and column, the
Admin OPD limited to its subtree (a NIP outside it reads like an unknown one), one audit row per
level written."""

import datetime as dt
import io
import re

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied

from simerit.audit.models import AuditEvent
from simerit.core.spreadsheets.reading import ImportFileError
from simerit.core.spreadsheets.rows import RowError
from simerit.employees.models import Employee
from simerit.employees.tests.factories import EmployeeFactory
from simerit.training.models import EmployeeCompetency
from simerit.training.services import catalogue_import
from simerit.training.tests.factories import CompetencyFactory
from simerit.training.tests.factories_catalogue import assess, workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(employee, other_opd_employee):
    return Employee.objects.get(user=employee), other_opd_employee


@pytest.fixture
def competencies(db):
    return CompetencyFactory.create(code="K001"), CompetencyFactory.create(code="K002")


def test_a_clean_file_records_every_row_with_an_audit_row_each(hr_admin, staff, competencies):
    mine, other = staff
    assess(mine, competencies[1], level=1, on=dt.date(2025, 1, 1))
    audit_rows = AuditEvent.objects.count()
    content = workbook(
        [
            [mine.nip, "k001", 3, "15-08-2026", "Assessment center"],
            [mine.nip, "K002", "4", dt.date(2026, 9, 1), ""],
            [other.nip, "K001", 2, "2026-10-01", None],
        ]
    )

    result = catalogue_import.import_assessments(content, actor=hr_admin)

    assert (result.created, result.updated, result.errors) == (2, 1, [])
    levels = {
        (row.employee_id, row.competency.code): (row.level, row.assessed_on)
        for row in EmployeeCompetency.objects.select_related("competency")
    }
    assert levels == {
        (mine.pk, "K001"): (3, dt.date(2026, 8, 15)),
        (mine.pk, "K002"): (4, dt.date(2026, 9, 1)),
        (other.pk, "K001"): (2, dt.date(2026, 10, 1)),
    }
    actions = list(
        AuditEvent.objects.filter(seq__gt=audit_rows)
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "training.employee_competency.created",
        "training.employee_competency.updated",
        "training.employee_competency.created",
    ]


def test_one_bad_row_means_nothing_is_recorded_and_every_problem_is_reported(
    hr_admin, staff, competencies
):
    mine, other = staff
    assess(mine, competencies[1], level=3, on=dt.date(2026, 6, 1))
    audit_rows = AuditEvent.objects.count()
    content = workbook(
        [
            [other.nip, "K001", 3, "15-08-2026", ""],  # fine on its own
            ["199901012020011999", "K009", 7, "01-12-2026", ""],
            [mine.nip, "K002", 2, "01-01-2026", ""],  # older than the recorded one
            [mine.nip, "K001", "", "", ""],
            [mine.nip, "k001", 2, "tanggal", ""],
            [1.98601012010011e17, "K001", 2, "01-01-2026", ""],
        ]
    )

    result = catalogue_import.import_assessments(content, actor=hr_admin)

    assert (result.created, result.updated) == (0, 0)
    assert result.errors == [
        RowError(
            3, "nip", "Pegawai dengan NIP 199901012020011999 tidak ditemukan dalam cakupan Anda."
        ),
        RowError(3, "kode_kompetensi", "Kode kompetensi 'K009' tidak dikenal."),
        RowError(
            4,
            "tanggal_asesmen",
            "Sudah tercatat asesmen yang lebih baru (1 Juni 2026, level 3); asesmen yang lebih "
            "lama tidak menggantikannya. Hapus asesmen itu lebih dahulu bila tanggalnya salah.",
        ),
        RowError(5, "level", "Wajib diisi."),
        RowError(5, "tanggal_asesmen", "Tanggal asesmen wajib diisi."),
        RowError(
            6,
            "kode_kompetensi",
            "Pegawai dan kompetensi ini sudah ada di baris 5.",
        ),
        RowError(
            6,
            "tanggal_asesmen",
            "'tanggal' bukan tanggal; isi sebagai tanggal atau DD-MM-YYYY.",
        ),
        RowError(
            7,
            "nip",
            "Tersimpan sebagai angka sehingga digit terakhir bisa hilang; ubah format sel "
            "menjadi Teks lalu ketik ulang.",
        ),
    ]
    assert EmployeeCompetency.objects.count() == 1
    assert AuditEvent.objects.count() == audit_rows


def test_a_future_date_and_an_out_of_range_level_are_row_errors(hr_admin, staff, competencies):
    mine, _ = staff

    result = catalogue_import.import_assessments(
        workbook([[mine.nip, "K001", 9, "29-11-2026", ""]]), actor=hr_admin
    )

    assert result.errors == [
        RowError(2, "level", "Level harus bilangan bulat 1 sampai 5."),
        RowError(
            2,
            "tanggal_asesmen",
            "Tanggal asesmen tidak boleh di masa depan (hari ini 28 November 2026).",
        ),
    ]
    assert EmployeeCompetency.objects.exists() is False


def test_an_admin_opd_imports_its_subtree_and_sees_others_as_unknown(
    opd_admin, staff, competencies
):
    mine, other = staff
    audit_rows = AuditEvent.objects.count()

    refused = catalogue_import.import_assessments(
        workbook(
            [[mine.nip, "K001", 3, "15-08-2026", ""], [other.nip, "K001", 3, "15-08-2026", ""]]
        ),
        actor=opd_admin,
    )
    accepted = catalogue_import.import_assessments(
        workbook([[mine.nip, "K001", 3, "15-08-2026", ""]]), actor=opd_admin
    )

    assert refused.errors == [
        RowError(3, "nip", f"Pegawai dengan NIP {other.nip} tidak ditemukan dalam cakupan Anda.")
    ]
    assert (accepted.created, accepted.errors) == (1, [])
    assert list(EmployeeCompetency.objects.values_list("employee_id", flat=True)) == [mine.pk]
    assert AuditEvent.objects.count() == audit_rows + 1


def test_a_row_of_the_importers_own_record_fails_the_whole_file(opd_admin, org, staff):
    CompetencyFactory.create(code="K001")
    mine = staff[0]
    own = EmployeeFactory.create(user=opd_admin, work_unit=org.dinkes, name="Admin Dinkes")
    audit_rows = AuditEvent.objects.count()

    result = catalogue_import.import_assessments(
        workbook([[mine.nip, "K001", 3, "15-08-2026", ""], [own.nip, "K001", 5, "15-08-2026", ""]]),
        actor=opd_admin,
    )

    assert (result.created, result.updated) == (0, 0)
    assert result.errors == [
        RowError(
            3,
            "nip",
            "Baris ini berisi level kompetensi Anda sendiri; Anda tidak dapat mengisinya. Hapus "
            "baris ini dan minta Admin BKPSDM atau Admin OPD lain yang berwenang mengisinya.",
        )
    ]
    assert EmployeeCompetency.objects.exists() is False
    assert AuditEvent.objects.count() == audit_rows


def test_accounts_without_an_import_scope_are_refused(auditor, supervisor, staff, competencies):
    content = workbook([[staff[0].nip, "K001", 3, "15-08-2026", ""]])

    for actor in (auditor, supervisor):
        with pytest.raises(PermissionDenied):
            catalogue_import.import_assessments(content, actor=actor)

    assert EmployeeCompetency.objects.exists() is False


def test_a_file_with_the_wrong_columns_or_format_is_refused_whole(hr_admin, competencies):
    with pytest.raises(ImportFileError, match="kolom yang tidak ada: tanggal_asesmen"):
        catalogue_import.import_assessments(
            workbook(
                [["1", "K001", 1, "x"]], headers=["nip", "kode_kompetensi", "level", "tanggal"]
            ),
            actor=hr_admin,
        )
    with pytest.raises(ImportFileError, match=re.escape("bukan berkas Excel .xlsx")):
        catalogue_import.import_assessments(b"nip;kode\n1;2\n", actor=hr_admin)
    assert EmployeeCompetency.objects.exists() is False


def test_the_template_lists_the_columns_and_the_competency_codes(competencies):
    book = openpyxl.load_workbook(io.BytesIO(catalogue_import.template_workbook()))

    assert [cell.value for cell in book.worksheets[0][1]] == list(catalogue_import.HEADERS)
    codes = [row[0] for row in book["Kompetensi"].iter_rows(min_row=2, values_only=True)]
    assert codes == ["K001", "K002"]
