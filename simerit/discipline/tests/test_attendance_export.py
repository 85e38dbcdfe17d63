"""The Excel export of the absence ladder (Admin BKPSDM and the Auditor): the proposals of the
year with the page's filters, no NIK; every download audited, every refusal leaving no trace."""

import io
from typing import Any

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from simerit.accounts.models import User
from simerit.audit.models import AuditEvent
from simerit.discipline import exporting
from simerit.discipline.tests.factories import DisciplineCaseFactory
from simerit.discipline.tests.factories_attendance import absences
from simerit.employees.models import Employee
from simerit.employees.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
EXPORT = reverse("discipline:ladder_export")
ACTION = "discipline.absence_ladder.exported"


@pytest.fixture
def ladder(employee: User, other_opd_employee: Employee) -> dict[str, Employee]:
    """2026: the employee 11 days (sedang, a case opened for 6 days), a teacher 3 days."""
    subject = Employee.objects.get(user=employee)
    absences(subject, 2026, [6, 5])
    DisciplineCaseFactory.create(
        employee=subject, number="HD-2026-0003", absence_year=2026, absence_days=6
    )
    absences(other_opd_employee, 2026, [3])
    absences(EmployeeFactory.create(), 2025, [12])
    return {"subject": subject, "teacher": other_opd_employee}


def sheet_rows(response: Any) -> list[tuple[Any, ...]]:
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"] == (
        'attachment; filename="usulan-jenjang-hukuman-2026.xlsx"'
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Jenjang hukuman 2026"]
    return list(sheet.iter_rows(values_only=True))


def test_hr_exports_the_ladder_of_the_year(
    client: Client, hr_admin: User, ladder: dict[str, Employee]
) -> None:
    client.force_login(hr_admin)

    rows = sheet_rows(client.get(EXPORT, {"tahun": "2026"}))

    assert rows[0] == exporting.LADDER_HEADERS
    assert not any("NIK" in str(title) for title in rows[0])
    subject, teacher = ladder["subject"], ladder["teacher"]
    assert rows[1:] == [
        (
            1,
            subject.nip,
            subject.display_name,
            subject.work_unit.name,
            subject.position.name,
            11,
            1,
            "Sedang",
            "11–13 hari",
            "Pemotongan tunjangan kinerja/TPP 25% selama 6 bulan",
            "PP 94/2021 Pasal 10 ayat (2) huruf d angka 1",
            "HD-2026-0003",
            "Ya",
        ),
        (
            2,
            teacher.nip,
            "Guru Lain",
            "Dinas Pendidikan",
            teacher.position.name,
            3,
            1,
            "Ringan",
            "3 hari",
            "Teguran lisan",
            "PP 94/2021 Pasal 9 ayat (2) huruf d angka 1",
            None,
            "Ya",
        ),
    ]
    event = AuditEvent.objects.get(action=ACTION)
    assert event.actor == hr_admin
    assert event.changes == {"year": 2026, "search": "", "open_only": False, "rows": 2}


def test_the_auditor_exports_with_the_filters(
    client: Client, auditor: User, ladder: dict[str, Employee]
) -> None:
    client.force_login(auditor)

    rows = sheet_rows(client.get(EXPORT, {"tahun": "2026", "q": "Guru", "belum": "on"}))

    assert [row[2] for row in rows[1:]] == ["Guru Lain"]
    assert AuditEvent.objects.get(action=ACTION).changes == {
        "year": 2026,
        "search": "Guru",
        "open_only": True,
        "rows": 1,
    }


@pytest.mark.parametrize("who", ["employee", "supervisor", "opd_admin"])
def test_the_export_is_closed_to_others(
    request: pytest.FixtureRequest, client: Client, who: str, ladder: dict[str, Employee]
) -> None:
    client.force_login(request.getfixturevalue(who))

    response = client.get(EXPORT, {"tahun": "2026"})

    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action=ACTION).exists()


def test_the_service_refuses_a_reader_of_no_ladder(
    supervisor: User, ladder: dict[str, Employee]
) -> None:
    with pytest.raises(PermissionDenied) as error:
        exporting.export_ladder(actor=supervisor, year=2026)

    assert str(error.value) == (
        "Usulan jenjang hukuman dari rekap kehadiran hanya untuk Admin BKPSDM dan Auditor."
    )
    assert not AuditEvent.objects.filter(action=ACTION).exists()


def test_the_page_links_to_the_export_with_its_filters(
    client: Client, hr_admin: User, ladder: dict[str, Employee]
) -> None:
    client.force_login(hr_admin)

    html = client.get(reverse("discipline:ladder"), {"tahun": "2026"}).content.decode()

    assert f'href="{EXPORT}?tahun=2026"' in html
    assert 'data-testid="ladder-export"' in html
