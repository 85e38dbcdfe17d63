"""/api/v1/discipline/attendance…: the recap list (scoped), the multipart import (Admin BKPSDM),
the ladder (Admin BKPSDM and the Auditor) and a case opened from it."""

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from simerit.accounts.models import User
from simerit.audit.models import AuditEvent
from simerit.core.spreadsheets.writing import XLSX_CONTENT_TYPE
from simerit.discipline.models import DisciplineCase, MonthlyAttendance
from simerit.discipline.tests.factories import MonthlyAttendanceFactory
from simerit.discipline.tests.factories_attendance import absences, workbook
from simerit.employees.models import Employee

pytestmark = pytest.mark.django_db
D = dt.date
API = "/api/v1/discipline/attendance"


@pytest.fixture
def subject(employee: User) -> Employee:
    return Employee.objects.get(user=employee)


def upload(rows: list[list[Any]]) -> SimpleUploadedFile:
    return SimpleUploadedFile("rekap.xlsx", workbook(rows), XLSX_CONTENT_TYPE)


def test_the_recap_list_is_scoped(
    client: Client, employee: User, subject: Employee, other_opd_employee: Employee
) -> None:
    record = MonthlyAttendanceFactory.create(employee=subject, absent_days=2, late_minutes=95)
    MonthlyAttendanceFactory.create(employee=other_opd_employee)
    client.force_login(employee)

    body = client.get(API, {"month": "2026-10"}).json()

    assert body["count"] == 1
    assert body["items"] == [
        {
            "id": record.pk,
            "employee_id": subject.pk,
            "employee_nip": subject.nip,
            "employee_name": "Pegawai Uji",
            "work_unit": subject.work_unit.name,
            "month": "2026-10",
            "working_days": 22,
            "absent_days": 2,
            "late_minutes": 95,
            "longest_absence": 0,
        }
    ]


def test_a_bad_month_filter_is_refused(client: Client, hr_admin: User) -> None:
    client.force_login(hr_admin)

    response = client.get(API, {"month": "2026-13"})

    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "month", "message": "Bulan harus 01 sampai 12."}]


def test_hr_imports_through_the_api(client: Client, hr_admin: User, subject: Employee) -> None:
    client.force_login(hr_admin)

    response = client.post(
        f"{API}/import", {"file": upload([[subject.nip, "2026-10", 22, 3, 0, 2]])}
    )

    assert response.status_code == 200
    assert response.json() == {"created": 1, "replaced": 0, "unchanged": 0}
    assert MonthlyAttendance.objects.get().absent_days == 3


def test_a_refused_import_lists_each_row(client: Client, hr_admin: User, subject: Employee) -> None:
    client.force_login(hr_admin)

    response = client.post(
        f"{API}/import", {"file": upload([[subject.nip, "2026-10", 20, 21, 0, 0]])}
    )

    assert response.status_code == 422
    assert response.json() == {
        "detail": "Tidak ada rekap kehadiran yang disimpan: perbaiki baris berikut.",
        "code": "invalid_input",
        "errors": [
            {"field": "2.tidak_masuk", "message": "Hari tidak masuk (21) melebihi hari kerja (20)."}
        ],
    }
    assert MonthlyAttendance.objects.exists() is False


def test_an_unreadable_file_is_refused(client: Client, hr_admin: User) -> None:
    client.force_login(hr_admin)
    bad = SimpleUploadedFile("rekap.xlsx", b"bukan excel", XLSX_CONTENT_TYPE)

    response = client.post(f"{API}/import", {"file": bad})

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "file"


def test_only_hr_imports(client: Client, auditor: User, subject: Employee) -> None:
    client.force_login(auditor)
    before = AuditEvent.objects.count()

    response = client.post(
        f"{API}/import", {"file": upload([[subject.nip, "2026-10", 22, 3, 0, 2]])}
    )

    assert (response.status_code, response.json()["detail"]) == (
        403,
        "Hanya Admin BKPSDM yang dapat mengimpor rekap kehadiran.",
    )
    assert MonthlyAttendance.objects.exists() is False
    assert AuditEvent.objects.count() == before


def test_the_ladder_as_json(client: Client, auditor: User, subject: Employee) -> None:
    absences(subject, 2026, [6, 5], longest=[2, 3])
    client.force_login(auditor)

    body = client.get(f"{API}/ladder", {"year": 2026}).json()

    assert body == [
        {
            "employee_id": subject.pk,
            "employee_nip": subject.nip,
            "employee_name": "Pegawai Uji",
            "work_unit": subject.work_unit.name,
            "absent_days": 11,
            "longest_absence": 3,
            "level": "sedang",
            "sanction_type": "potong_tpp_6",
            "sanction_label": "Pemotongan tunjangan kinerja/TPP 25% selama 6 bulan",
            "band": "11–13 hari",
            "legal_basis": "PP 94/2021 Pasal 10 ayat (2) huruf d angka 1",
            "consecutive": False,
            "cases": [],
            "needs_case": True,
        }
    ]


def test_the_ladder_is_closed_to_others(client: Client, supervisor: User) -> None:
    client.force_login(supervisor)

    response = client.get(f"{API}/ladder")

    assert (response.status_code, response.json()["detail"]) == (
        403,
        "Usulan jenjang hukuman dari rekap kehadiran hanya untuk Admin BKPSDM dan Auditor.",
    )


def test_hr_opens_a_case_from_the_ladder(client: Client, hr_admin: User, subject: Employee) -> None:
    absences(subject, 2026, [6, 5])
    client.force_login(hr_admin)
    url = f"{API}/ladder/{subject.pk}/case"

    opened = client.post(url, {"year": 2026}, content_type="application/json")
    again = client.post(url, {"year": 2026}, content_type="application/json")

    case = DisciplineCase.objects.get()
    assert opened.status_code == 201
    assert opened.json() == {
        "id": case.pk,
        "number": "HD-2026-0001",
        "suspected_level": "sedang",
        "absence_days": 11,
        "absence_year": 2026,
    }
    assert again.status_code == 409


def test_the_auditor_does_not_open_a_case(client: Client, auditor: User, subject: Employee) -> None:
    absences(subject, 2026, [6, 5])
    client.force_login(auditor)

    response = client.post(
        f"{API}/ladder/{subject.pk}/case", {"year": 2026}, content_type="application/json"
    )

    assert response.status_code == 403
    assert DisciplineCase.objects.exists() is False
