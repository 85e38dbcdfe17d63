"""The sanctions register: the selector's filters and scope, each sanction's state on a day, the
page, and the audited Excel export (no NIK)."""

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from simerit.accounts.models import User
from simerit.audit.models import AuditEvent
from simerit.discipline.models import Appeal, Sanction, SanctionType
from simerit.discipline.selectors import register as selectors
from simerit.discipline.selectors.register import RegisterFilters
from simerit.discipline.tests.factories import AppealFactory, DisciplineCaseFactory, SanctionFactory
from simerit.employees.models import Employee
from simerit.employees.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2026, 11, 28)


def sanction(employee: Employee, number: str, **values: Any) -> Sanction:
    case = DisciplineCaseFactory.create(employee=employee, number=number, status="decided")
    return SanctionFactory.create(employee=employee, case=case, **values)


@pytest.fixture
def register(employee: User, other_opd_employee: Employee) -> dict[str, Sanction]:
    subject = Employee.objects.get(user=employee)
    third = EmployeeFactory.create(name="Citra")
    return {
        "upcoming": sanction(subject, "HD-2026-0005"),  # potong 6 from 1 December 2026
        "ringan": sanction(
            other_opd_employee,
            "HD-2026-0001",
            sanction_type=SanctionType.TEGURAN_LISAN,
            decided_on=D(2026, 3, 2),
            starts_on=D(2026, 3, 2),
        ),
        "ended": sanction(
            third,
            "HD-2025-0003",
            sanction_type=SanctionType.PENURUNAN_JABATAN,
            decided_on=D(2025, 6, 2),
            starts_on=D(2025, 7, 1),
        ),
        "running": sanction(
            third,
            "HD-2026-0002",
            sanction_type=SanctionType.POTONG_12,
            decided_on=D(2026, 1, 5),
            starts_on=D(2026, 2, 1),
        ),
        "annulled": sanction(
            other_opd_employee,
            "HD-2026-0003",
            sanction_type=SanctionType.POTONG_9,
            decided_on=D(2026, 4, 1),
            starts_on=D(2026, 5, 1),
            annulled_at=dt.datetime(2026, 6, 1, tzinfo=dt.UTC),
            annulment_reason="Dibatalkan melalui keberatan: tidak terbukti.",
        ),
        "dismissal": sanction(
            EmployeeFactory.create(name="Dedi"),
            "HD-2026-0004",
            sanction_type=SanctionType.PDHTAPS,
            decided_on=D(2026, 9, 15),
            starts_on=D(2026, 10, 1),
        ),
    }


def numbers(rows: Any) -> list[str]:
    return [row.case.number for row in rows]


def test_hr_reads_the_whole_register_newest_decision_first(
    hr_admin: User,
    register: dict[str, Sanction],
    django_assert_num_queries: Any,
) -> None:
    # The account's roles, then the register in one query (related rows joined, appeals counted).
    with django_assert_num_queries(2):
        rows = list(selectors.list_sanctions(user=hr_admin, filters=RegisterFilters()))

    assert numbers(rows) == [
        "HD-2026-0005",
        "HD-2026-0004",
        "HD-2026-0003",
        "HD-2026-0001",
        "HD-2026-0002",
        "HD-2025-0003",
    ]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (RegisterFilters(level="berat"), ["HD-2026-0004", "HD-2025-0003"]),
        (RegisterFilters(sanction_type="potong_tpp_9"), ["HD-2026-0003"]),
        (RegisterFilters(year=2025), ["HD-2025-0003"]),
        (RegisterFilters(running_on=TODAY), ["HD-2026-0004", "HD-2026-0002"]),
        (RegisterFilters(running_on=D(2026, 3, 2)), ["HD-2026-0002", "HD-2025-0003"]),
        (
            RegisterFilters(search="hd-2026-000"),
            [
                "HD-2026-0005",
                "HD-2026-0004",
                "HD-2026-0003",
                "HD-2026-0001",
                "HD-2026-0002",
            ],
        ),
        (RegisterFilters(search="Dedi"), ["HD-2026-0004"]),
    ],
)
def test_the_register_filters(
    hr_admin: User, register: dict[str, Sanction], filters: RegisterFilters, expected: list[str]
) -> None:
    assert numbers(selectors.list_sanctions(user=hr_admin, filters=filters)) == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("auditor", 6),
        ("employee", 1),
        ("supervisor", 1),
        ("opd_admin", 0),
    ],
)
def test_the_register_is_scoped(
    request: pytest.FixtureRequest, register: dict[str, Sanction], who: str, expected: int
) -> None:
    user = request.getfixturevalue(who)

    rows = list(selectors.list_sanctions(user=user, filters=RegisterFilters()))

    assert len(rows) == expected
    if expected == 1:
        assert numbers(rows) == ["HD-2026-0005"]


def test_each_state_on_a_day(register: dict[str, Sanction]) -> None:
    states = {name: selectors.state_of(item, on=TODAY) for name, item in register.items()}

    assert states == {
        "upcoming": "Belum berlaku",
        "ringan": "Tanpa masa berlaku",
        "ended": "Selesai",
        "running": "Sedang berjalan",
        "annulled": "Dibatalkan",
        "dismissal": "Sedang berjalan",
    }


def test_pending_appeals_are_counted(hr_admin: User, register: dict[str, Sanction]) -> None:
    AppealFactory.create(sanction=register["upcoming"])
    AppealFactory.create(
        sanction=register["running"],
        outcome=Appeal.Outcome.UPHELD,
        decided_on=D(2026, 11, 26),
    )

    rows = {
        row.case.number: row.pending_appeals  # type: ignore[attr-defined]
        for row in selectors.list_sanctions(user=hr_admin, filters=RegisterFilters())
    }

    assert (rows["HD-2026-0005"], rows["HD-2026-0002"], rows["HD-2026-0004"]) == (1, 0, 0)


def test_the_page_lists_the_register_with_states(
    client: Client, hr_admin: User, register: dict[str, Sanction]
) -> None:
    client.force_login(hr_admin)

    response = client.get(reverse("discipline:sanction_list"), {"berlaku": "2026-11-28"})

    assert response.status_code == 200
    assert [(row.case.number, state) for row, state in response.context["rows"]] == [
        ("HD-2026-0004", "Sedang berjalan"),
        ("HD-2026-0002", "Sedang berjalan"),
    ]
    assert 'data-testid="register-export"' in response.content.decode()


def test_an_empty_register_says_so(client: Client, opd_admin: User, register: Any) -> None:
    client.force_login(opd_admin)

    response = client.get(reverse("discipline:sanction_list"))

    assert response.status_code == 200
    assert 'data-testid="empty-state"' in response.content.decode()


def test_the_export_holds_the_filtered_register_without_nik_and_is_audited(
    client: Client, hr_admin: User, register: dict[str, Sanction]
) -> None:
    client.force_login(hr_admin)
    running = register["running"]

    response = client.get(
        reverse("discipline:sanction_export"), {"tingkat": "sedang", "tahun": "2026"}
    )

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Register hukuman"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("No.", "Nomor kasus", "NIP", "Nama")
    assert not any("NIK" in str(title) for title in rows[0])
    assert [row[1] for row in rows[1:]] == ["HD-2026-0005", "HD-2026-0003", "HD-2026-0002"]
    third = rows[3]
    assert third[1:5] == (
        "HD-2026-0002",
        running.employee.nip,
        "Citra",
        running.employee.work_unit.name,
    )
    assert third[6:9] == (
        "Sedang",
        "Pemotongan tunjangan kinerja/TPP 25% selama 12 bulan",
        "Berdasarkan berita acara pemeriksaan",
    )
    assert (third[12].date(), third[13].date(), third[14], third[16], third[17]) == (
        D(2026, 2, 1),
        D(2027, 1, 31),
        25,
        0,
        "Sedang berjalan",
    )
    for item in register.values():
        assert item.employee.nik not in response.content.decode("latin-1")
    event = AuditEvent.objects.get(action="discipline.sanction_register.exported")
    assert event.changes == {
        "level": "sedang",
        "sanction_type": "",
        "year": 2026,
        "running_on": None,
        "search": "",
        "rows": 3,
    }


def test_an_employee_exports_only_their_own(
    client: Client, employee: User, register: dict[str, Sanction]
) -> None:
    client.force_login(employee)

    response = client.get(reverse("discipline:sanction_export"))

    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Register hukuman"]
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["HD-2026-0005"]


def test_the_register_needs_a_login(client: Client) -> None:
    response = client.get(reverse("discipline:sanction_export"))

    assert response.status_code == 302
    assert (
        AuditEvent.objects.filter(action="discipline.sanction_register.exported").exists() is False
    )
