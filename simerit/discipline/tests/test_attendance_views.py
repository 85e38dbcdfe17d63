"""The attendance pages: the scoped monthly list with its filters, the import page and template
(Admin BKPSDM), the ladder (Admin BKPSDM and the Auditor) and the one-click case opening."""

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from simerit.accounts.models import User
from simerit.audit.models import AuditEvent
from simerit.core.spreadsheets.writing import XLSX_CONTENT_TYPE
from simerit.discipline.models import DisciplineCase, MonthlyAttendance
from simerit.discipline.tests.factories import MonthlyAttendanceFactory
from simerit.discipline.tests.factories_attendance import absences, workbook
from simerit.employees.models import Employee
from simerit.employees.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def recap(org: Any, employee: User, other_opd_employee: Employee) -> dict[str, Employee]:
    subject = Employee.objects.get(user=employee)
    MonthlyAttendanceFactory.create(employee=subject, month=D(2026, 10, 1), absent_days=2)
    MonthlyAttendanceFactory.create(employee=subject, month=D(2026, 9, 1))
    MonthlyAttendanceFactory.create(employee=other_opd_employee, month=D(2026, 10, 1))
    return {"subject": subject, "teacher": other_opd_employee}


def names(response: object) -> list[tuple[str, str]]:
    page = response.context["page_obj"]  # type: ignore[attr-defined]
    return [(row.employee.name, f"{row.month:%Y-%m}") for row in page.object_list]


def test_hr_sees_every_recap_and_filters_it(
    client: Client, hr_admin: User, org: Any, recap: dict[str, Employee]
) -> None:
    client.force_login(hr_admin)
    url = reverse("discipline:attendance_list")

    everything = client.get(url)
    october = client.get(url, {"bulan": "2026-10"})
    in_disdik = client.get(url, {"unit": org.disdik.pk})
    by_name = client.get(url, {"q": "Guru"})

    assert everything.status_code == 200
    assert names(everything) == [
        ("Guru Lain", "2026-10"),
        ("Pegawai Uji", "2026-10"),
        ("Pegawai Uji", "2026-09"),
    ]
    assert names(october) == [("Guru Lain", "2026-10"), ("Pegawai Uji", "2026-10")]
    assert names(in_disdik) == [("Guru Lain", "2026-10")]
    assert names(by_name) == [("Guru Lain", "2026-10")]
    assert 'href="/disiplin/kehadiran/impor/"' in everything.content.decode()


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("employee", [("Pegawai Uji", "2026-10"), ("Pegawai Uji", "2026-09")]),
        ("supervisor", [("Pegawai Uji", "2026-10"), ("Pegawai Uji", "2026-09")]),
        ("opd_admin", []),
    ],
)
def test_others_see_only_their_own_or_their_team(
    request: pytest.FixtureRequest,
    client: Client,
    recap: dict[str, Employee],
    who: str,
    expected: list[tuple[str, str]],
) -> None:
    client.force_login(request.getfixturevalue(who))

    response = client.get(reverse("discipline:attendance_list"))

    assert names(response) == expected
    body = response.content.decode()
    assert "/disiplin/kehadiran/impor/" not in body
    if not expected:
        assert 'data-testid="empty-state"' in body


def test_hr_imports_a_workbook(client: Client, hr_admin: User) -> None:
    person = EmployeeFactory.create()
    client.force_login(hr_admin)
    upload = SimpleUploadedFile(
        "rekap.xlsx", workbook([[person.nip, "2026-10", 22, 1, 10, 1]]), XLSX_CONTENT_TYPE
    )

    response = client.post(reverse("discipline:attendance_import"), {"file": upload})

    assert response.status_code == 302
    assert response["Location"] == reverse("discipline:attendance_list")
    assert MonthlyAttendance.objects.get().absent_days == 1


def test_a_refused_workbook_lists_its_problems(client: Client, hr_admin: User) -> None:
    client.force_login(hr_admin)
    upload = SimpleUploadedFile(
        "rekap.xlsx", workbook([["199001012020011999", "2026-10", 22, 1, 0, 0]]), XLSX_CONTENT_TYPE
    )

    response = client.post(reverse("discipline:attendance_import"), {"file": upload})

    assert response.status_code == 422
    assert "Pegawai dengan NIP 199001012020011999 tidak ditemukan." in response.content.decode()
    assert MonthlyAttendance.objects.exists() is False


def test_a_file_that_is_not_a_workbook_is_refused(client: Client, hr_admin: User) -> None:
    client.force_login(hr_admin)
    upload = SimpleUploadedFile("rekap.xlsx", b"bukan excel", XLSX_CONTENT_TYPE)

    response = client.post(reverse("discipline:attendance_import"), {"file": upload})

    assert response.status_code == 422
    assert "Berkas ini bukan berkas Excel .xlsx." in response.content.decode()


@pytest.mark.parametrize("who", ["auditor", "opd_admin", "employee"])
def test_only_hr_opens_the_import(request: pytest.FixtureRequest, client: Client, who: str) -> None:
    person = EmployeeFactory.create()
    client.force_login(request.getfixturevalue(who))
    upload = SimpleUploadedFile(
        "rekap.xlsx", workbook([[person.nip, "2026-10", 22, 1, 0, 0]]), XLSX_CONTENT_TYPE
    )

    page = client.get(reverse("discipline:attendance_import"))
    posted = client.post(reverse("discipline:attendance_import"), {"file": upload})
    template = client.get(reverse("discipline:attendance_template"))

    assert (page.status_code, posted.status_code, template.status_code) == (403, 403, 403)
    assert MonthlyAttendance.objects.exists() is False


def test_hr_downloads_the_template(client: Client, hr_admin: User) -> None:
    client.force_login(hr_admin)

    response = client.get(reverse("discipline:attendance_template"))

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response.content.startswith(b"PK")


def test_the_ladder_page_for_hr_and_the_auditor(
    client: Client, hr_admin: User, auditor: User, employee: User
) -> None:
    subject = Employee.objects.get(user=employee)
    absences(subject, 2026, [6, 5])
    url = reverse("discipline:ladder")

    client.force_login(hr_admin)
    for_hr = client.get(url)
    client.force_login(auditor)
    for_auditor = client.get(url, {"tahun": 2026})

    assert [row.employee for row in for_hr.context["page_obj"].object_list] == [subject]
    assert 'data-testid="ladder-open"' in for_hr.content.decode()
    assert for_auditor.status_code == 200
    assert 'data-testid="ladder-open"' not in for_auditor.content.decode()
    assert "Belum ditindaklanjuti" in for_auditor.content.decode()


@pytest.mark.parametrize("who", ["employee", "supervisor", "opd_admin"])
def test_the_ladder_is_closed_to_others(
    request: pytest.FixtureRequest, client: Client, who: str
) -> None:
    client.force_login(request.getfixturevalue(who))

    assert client.get(reverse("discipline:ladder")).status_code == 403


def test_an_empty_ladder_says_so(client: Client, hr_admin: User) -> None:
    client.force_login(hr_admin)

    response = client.get(reverse("discipline:ladder"), {"tahun": 2026})

    assert "Tidak ada pegawai yang mencapai jenjang hukuman pada tahun 2026." in (
        response.content.decode()
    )


def test_hr_opens_a_case_from_the_ladder_in_one_click(
    client: Client, hr_admin: User, employee: User
) -> None:
    subject = Employee.objects.get(user=employee)
    absences(subject, 2026, [6, 5])
    client.force_login(hr_admin)

    response = client.post(
        reverse("discipline:ladder_open_case", args=[subject.pk]), {"year": "2026"}
    )

    case = DisciplineCase.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("discipline:case_detail", args=[case.pk])
    assert (case.absence_days, case.suspected_level) == (11, "sedang")


def test_a_refused_opening_returns_to_the_ladder_with_the_message(
    client: Client, hr_admin: User, employee: User
) -> None:
    subject = Employee.objects.get(user=employee)
    absences(subject, 2026, [1])
    client.force_login(hr_admin)

    response = client.post(
        reverse("discipline:ladder_open_case", args=[subject.pk]), {"year": "2026"}, follow=True
    )

    assert response.redirect_chain == [(f"{reverse('discipline:ladder')}?tahun=2026", 302)]
    assert "belum mencapai jenjang hukuman disiplin" in response.content.decode()
    assert DisciplineCase.objects.exists() is False


def test_the_auditor_may_not_open_a_case(client: Client, auditor: User, employee: User) -> None:
    subject = Employee.objects.get(user=employee)
    absences(subject, 2026, [6, 5])
    client.force_login(auditor)
    before = AuditEvent.objects.count()

    response = client.post(
        reverse("discipline:ladder_open_case", args=[subject.pk]), {"year": "2026"}
    )

    assert response.status_code == 403
    assert DisciplineCase.objects.exists() is False
    assert AuditEvent.objects.count() == before


def test_hr_opens_the_import_page(client: Client, hr_admin: User) -> None:
    client.force_login(hr_admin)

    response = client.get(reverse("discipline:attendance_import"))

    assert response.status_code == 200
    assert reverse("discipline:attendance_template") in response.content.decode()
    assert "<code>berturut_terpanjang</code>" in response.content.decode()
