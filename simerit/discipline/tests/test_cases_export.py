"""The Excel export of the case list: the cases the reader may see with the page's filters, no
NIK, the reporter's name except on the reader's own case; every download audited."""

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from simerit.accounts.models import User
from simerit.audit.models import AuditEvent
from simerit.discipline.models import DisciplineArticle, DisciplineCase
from simerit.discipline.tests.factories import DisciplineCaseFactory, SanctionFactory
from simerit.employees.models import Employee

pytestmark = pytest.mark.django_db
D = dt.date
EXPORT = reverse("discipline:case_export")
HEADERS = (
    "No.",
    "Nomor kasus",
    "NIP",
    "Nama",
    "Unit kerja",
    "Sumber laporan",
    "Pelapor",
    "Tanggal laporan",
    "Tanggal kejadian",
    "Pasal yang diduga dilanggar",
    "Dugaan tingkat",
    "Status",
    "Tingkat hukuman",
    "Jenis hukuman",
    "Nomor keputusan",
    "Tanggal keputusan",
)


@pytest.fixture
def cases(employee: User, other_opd_employee: Employee) -> dict[str, DisciplineCase]:
    """The employee's reported case (a complaint) and a decided case of a teacher elsewhere."""
    own = DisciplineCaseFactory.create(
        employee=Employee.objects.get(user=employee),
        number="HD-2026-0001",
        source=DisciplineCase.Source.PENGADUAN,
        reporter_name="Warga Pelapor Rahasia",
        reported_on=D(2026, 11, 2),
        articles=DisciplineArticle.objects.filter(code__in=["Pasal 4 huruf f", "Pasal 5 huruf a"]),
    )
    sanction = SanctionFactory.create(
        employee=other_opd_employee,
        case__number="HD-2026-0002",
        case__reporter_name='=HYPERLINK("http://contoh")',
        case__reported_on=D(2026, 11, 5),
        decree_number="800/45/KPTS/2026",
    )
    return {"own": own, "teacher": sanction.case}


def sheet_rows(response: Any) -> list[tuple[Any, ...]]:
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Kasus disiplin"]
    return list(sheet.iter_rows(values_only=True))


def test_hr_exports_every_case_with_the_reporter_and_the_download_is_audited(
    client: Client, hr_admin: User, cases: dict[str, DisciplineCase]
) -> None:
    client.force_login(hr_admin)

    rows = sheet_rows(client.get(EXPORT))

    assert rows[0] == HEADERS
    assert not any("NIK" in str(title) for title in rows[0])
    own, teacher = cases["own"], cases["teacher"]
    assert rows[1][:7] == (
        1,
        "HD-2026-0002",
        teacher.employee.nip,
        "Guru Lain",
        "Dinas Pendidikan",
        "Temuan atasan",
        '=HYPERLINK("http://contoh")',
    )
    assert rows[1][10:14] == (
        "Sedang",
        "Diputus",
        "Sedang",
        "Pemotongan tunjangan kinerja/TPP 25% selama 6 bulan",
    )
    assert (rows[1][14], rows[1][15].date()) == ("800/45/KPTS/2026", D(2026, 11, 20))
    assert rows[2][:7] == (
        2,
        "HD-2026-0001",
        own.employee.nip,
        own.employee.display_name,
        own.employee.work_unit.name,
        "Pengaduan/laporan",
        "Warga Pelapor Rahasia",
    )
    assert (rows[2][7].date(), rows[2][8].date()) == (D(2026, 11, 2), D(2026, 10, 30))
    assert rows[2][9:] == (
        "Pasal 4 huruf f; Pasal 5 huruf a",
        "Sedang",
        "Dilaporkan",
        None,
        None,
        None,
        None,
    )
    event = AuditEvent.objects.get(action="discipline.case_list.exported")
    assert event.actor == hr_admin
    assert event.changes == {"status": "", "level": "", "year": None, "search": "", "rows": 2}


def test_a_reporter_name_never_becomes_a_formula(
    client: Client, hr_admin: User, cases: dict[str, DisciplineCase]
) -> None:
    client.force_login(hr_admin)

    response = client.get(EXPORT)

    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Kasus disiplin"]
    assert sheet["G2"].data_type == "s"


def test_the_export_follows_the_page_filters(
    client: Client, auditor: User, cases: dict[str, DisciplineCase]
) -> None:
    client.force_login(auditor)

    rows = sheet_rows(client.get(EXPORT, {"status": "reported", "year": "2026", "q": "HD-2026"}))

    assert [row[1] for row in rows[1:]] == ["HD-2026-0001"]
    assert rows[1][6] == "Warga Pelapor Rahasia"
    event = AuditEvent.objects.get(action="discipline.case_list.exported")
    assert event.changes == {
        "status": "reported",
        "level": "",
        "year": 2026,
        "search": "HD-2026",
        "rows": 1,
    }


def test_the_employee_exports_their_own_case_without_the_reporter(
    client: Client, employee: User, cases: dict[str, DisciplineCase]
) -> None:
    client.force_login(employee)

    rows = sheet_rows(client.get(EXPORT))

    assert [row[1] for row in rows[1:]] == ["HD-2026-0001"]
    assert rows[1][5:7] == ("Pengaduan/laporan", None)


def test_the_supervisor_sees_the_reporter_of_the_team_case(
    client: Client, supervisor: User, cases: dict[str, DisciplineCase]
) -> None:
    client.force_login(supervisor)

    rows = sheet_rows(client.get(EXPORT))

    assert [(row[1], row[6]) for row in rows[1:]] == [("HD-2026-0001", "Warga Pelapor Rahasia")]


def test_an_admin_opd_exports_an_empty_list(
    client: Client, opd_admin: User, cases: dict[str, DisciplineCase]
) -> None:
    client.force_login(opd_admin)

    rows = sheet_rows(client.get(EXPORT))

    assert rows == [HEADERS]
    assert AuditEvent.objects.get(action="discipline.case_list.exported").changes["rows"] == 0


def test_the_list_links_to_the_export_only_when_it_has_rows(
    client: Client, hr_admin: User, opd_admin: User, cases: dict[str, DisciplineCase]
) -> None:
    client.force_login(hr_admin)
    with_rows = client.get(reverse("discipline:case_list"), {"status": "reported"})
    client.force_login(opd_admin)
    empty = client.get(reverse("discipline:case_list"))

    assert f'href="{EXPORT}?status=reported"' in with_rows.content.decode()
    assert 'data-testid="case-export"' not in empty.content.decode()
    assert not AuditEvent.objects.filter(action="discipline.case_list.exported").exists()


def test_an_anonymous_visitor_is_sent_to_the_login(client: Client) -> None:
    response = client.get(EXPORT)

    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action="discipline.case_list.exported").exists()
