"""The absence ladder read from the recap (selectors.attendance.ladder, year_totals) and the case
opened from a proposal (services.attendance.open_case_from_ladder)."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from simerit.accounts.models import User
from simerit.accounts.tests.factories import UserFactory
from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError, DomainError
from simerit.core.roles import Role
from simerit.discipline import permissions
from simerit.discipline.models import DisciplineCase, Level, SanctionType
from simerit.discipline.selectors import attendance as selectors
from simerit.discipline.services import attendance as services
from simerit.discipline.tests.factories import DisciplineCaseFactory
from simerit.discipline.tests.factories_attendance import absences
from simerit.employees.models import Employee
from simerit.employees.tests.factories import EmployeeFactory
from simerit.notifications.models import Notification

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def subject(employee: User) -> Employee:
    return Employee.objects.get(user=employee)


def ladder_case(employee: Employee, days: int, level: str, **changes: object) -> DisciplineCase:
    return DisciplineCaseFactory.create(
        employee=employee,
        source=DisciplineCase.Source.KEHADIRAN,
        suspected_level=level,
        absence_days=days,
        absence_year=2026,
        **changes,
    )


def unchanged(call: Callable[[], object], error: type[Exception]) -> str:
    before = (
        DisciplineCase.objects.count(),
        AuditEvent.objects.count(),
        Notification.objects.count(),
    )
    with pytest.raises(error) as raised:
        call()
    after = (
        DisciplineCase.objects.count(),
        AuditEvent.objects.count(),
        Notification.objects.count(),
    )
    assert after == before
    return str(raised.value)


# --- The ladder


def test_year_totals_add_the_months_of_one_year(subject: Employee) -> None:
    absences(subject, 2026, [2, 0, 5, 1], longest=[2, 0, 3, 1])
    absences(subject, 2025, [9])

    totals = selectors.year_totals(subject.pk, year=2026)

    assert totals == selectors.YearTotals(
        absent_days=8, longest_absence=3, months=4, last_absent_month=D(2026, 4, 1)
    )


def test_the_ladder_lists_who_reached_a_step_heaviest_first(
    django_assert_num_queries: Any,
) -> None:
    ani = EmployeeFactory.create(name="Ani")
    budi = EmployeeFactory.create(name="Budi")
    citra = EmployeeFactory.create(name="Citra")
    dedi = EmployeeFactory.create(name="Dedi")
    gone = EmployeeFactory.create(name="Eko", is_active=False)
    last_year = EmployeeFactory.create(name="Fani")
    absences(ani, 2026, [1, 2])
    absences(budi, 2026, [5, 6])
    absences(citra, 2026, [2])
    absences(dedi, 2026, [10], longest=[10])
    absences(gone, 2026, [15, 15])
    absences(last_year, 2025, [12])
    opened = ladder_case(budi, 11, Level.SEDANG)

    with django_assert_num_queries(3):
        rows = selectors.ladder(year=2026)

    assert [
        (row.employee.name, row.absent_days, row.longest_absence, row.step.sanction_type)
        for row in rows
    ] == [
        ("Dedi", 10, 10, SanctionType.PDHTAPS),
        ("Budi", 11, 1, SanctionType.POTONG_6),
        ("Ani", 3, 1, SanctionType.TEGURAN_LISAN),
    ]
    assert [(row.cases, row.needs_case) for row in rows] == [
        ([], True),
        ([opened], False),
        ([], True),
    ]


def test_the_ladder_filters_by_name_and_by_what_still_needs_a_case() -> None:
    ani = EmployeeFactory.create(name="Ani Lestari")
    budi = EmployeeFactory.create(name="Budi")
    absences(ani, 2026, [4])
    absences(budi, 2026, [4])
    ladder_case(budi, 4, Level.RINGAN)

    assert [row.employee for row in selectors.ladder(year=2026, search="lestari")] == [ani]
    assert [row.employee for row in selectors.ladder(year=2026, open_only=True)] == [ani]
    assert [row.employee for row in selectors.ladder(year=2026, search=budi.nip[:8])] == [budi]


# --- Opening a case from a proposal


def test_hr_opens_a_case_from_a_proposal(
    hr_admin: User, supervisor: User, subject: Employee
) -> None:
    absences(
        subject, 2026, [0, 4, 0, 0, 0, 0, 0, 0, 0, 5, 2], longest=[0, 2, 0, 0, 0, 0, 0, 0, 0, 3, 1]
    )

    case = services.open_case_from_ladder(employee=subject, year=2026, actor=hr_admin)

    case.refresh_from_db()
    assert (
        case.number,
        case.source,
        case.suspected_level,
        case.absence_days,
        case.absence_year,
        case.reported_on,
        case.incident_on,
        case.supervisor,
        case.reporter_name,
        case.status,
    ) == (
        "HD-2026-0001",
        "kehadiran",
        "sedang",
        11,
        2026,
        D(2026, 11, 28),
        D(2026, 11, 28),
        subject.supervisor,
        "Admin BKPSDM",
        "reported",
    )
    assert list(case.articles.values_list("code", flat=True)) == ["Pasal 4 huruf f"]
    assert case.description == (
        "Rekap kehadiran tahun 2026: 11 hari kerja tidak masuk tanpa alasan yang sah (kumulatif), "
        "terpanjang 3 hari kerja berturut-turut dalam satu bulan. Jenjang 11–13 hari: Pemotongan "
        "tunjangan kinerja/TPP 25% selama 6 bulan (tingkat sedang; PP 94/2021 Pasal 10 ayat (2) "
        "huruf d angka 1)."
    )
    event = AuditEvent.objects.get(action="discipline.case.opened")
    assert event.changes == {
        "number": "HD-2026-0001",
        "employee_id": subject.pk,
        "supervisor_id": subject.supervisor_id,
        "source": "kehadiran",
        "reporter_name": "Admin BKPSDM",
        "reported_on": "2026-11-28",
        "incident_on": "2026-11-28",
        "description": case.description,
        "articles": ["Pasal 4 huruf f"],
        "suspected_level": "sedang",
        "absence_days": 11,
        "absence_year": 2026,
        "proposed_sanction_type": "potong_tpp_6",
    }
    notices = list(Notification.objects.values_list("user__username", "title"))
    assert notices == [("atasan", "Kasus disiplin HD-2026-0001 dibuka dari rekap kehadiran")]


def test_other_hr_accounts_are_told_and_the_incident_is_the_last_absent_month(
    hr_admin: User, subject: Employee
) -> None:
    colleague = UserFactory.create(username="admin.lain", roles=[Role.ADMIN_BKPSDM])
    absences(subject, 2026, [3, 0])

    case = services.open_case_from_ladder(employee=subject, year=2026, actor=hr_admin)

    assert case.incident_on == D(2026, 1, 31)
    assert case.suspected_level == Level.RINGAN
    assert set(Notification.objects.values_list("user__username", flat=True)) == {
        "atasan",
        colleague.username,
    }


def test_ten_days_in_a_row_open_a_berat_case(hr_admin: User, subject: Employee) -> None:
    absences(subject, 2026, [10], longest=[10])

    case = services.open_case_from_ladder(employee=subject, year=2026, actor=hr_admin)

    assert case.suspected_level == Level.BERAT
    assert "Jenjang 10 hari kerja berturut-turut" in case.description


def test_a_step_already_covered_opens_nothing(hr_admin: User, subject: Employee) -> None:
    absences(subject, 2026, [4, 2])
    ladder_case(subject, 4, Level.RINGAN, number="HD-2026-0007")

    message = unchanged(
        lambda: services.open_case_from_ladder(employee=subject, year=2026, actor=hr_admin),
        ConflictError,
    )

    assert message == (
        "Rekap kehadiran tahun 2026 atas Pegawai Uji sudah ditindaklanjuti dengan kasus "
        "HD-2026-0007; kasus baru hanya dibuka bila jenjangnya lebih berat."
    )


def test_a_heavier_step_opens_another_case(hr_admin: User, subject: Employee) -> None:
    absences(subject, 2026, [4, 7])
    ladder_case(subject, 4, Level.RINGAN, number="HD-2026-0007")

    case = services.open_case_from_ladder(employee=subject, year=2026, actor=hr_admin)

    assert (case.number, case.absence_days, case.suspected_level) == ("HD-2026-0008", 11, "sedang")


def test_absences_below_the_ladder_open_nothing(hr_admin: User, subject: Employee) -> None:
    absences(subject, 2026, [1, 1])

    message = unchanged(
        lambda: services.open_case_from_ladder(employee=subject, year=2026, actor=hr_admin),
        DomainError,
    )

    assert message == (
        "Rekap kehadiran Pegawai Uji tahun 2026 belum mencapai jenjang hukuman disiplin: 2 hari "
        "tidak masuk tanpa alasan yang sah (minimal 3 hari, atau 10 hari kerja berturut-turut)."
    )


def test_an_inactive_employee_or_a_future_year_opens_nothing(
    hr_admin: User, subject: Employee
) -> None:
    absences(subject, 2026, [5])

    future = unchanged(
        lambda: services.open_case_from_ladder(employee=subject, year=2027, actor=hr_admin),
        DomainError,
    )
    Employee.objects.filter(pk=subject.pk).update(is_active=False)
    inactive = unchanged(
        lambda: services.open_case_from_ladder(employee=subject, year=2026, actor=hr_admin),
        DomainError,
    )

    assert (future, inactive) == ("Tahun 2027 belum berjalan.", "Pegawai sudah tidak aktif.")


@pytest.mark.parametrize("who", ["auditor", "supervisor", "opd_admin"])
def test_only_hr_opens_a_case_from_the_ladder(
    request: pytest.FixtureRequest, who: str, subject: Employee
) -> None:
    actor = request.getfixturevalue(who)
    absences(subject, 2026, [5])

    message = unchanged(
        lambda: services.open_case_from_ladder(employee=subject, year=2026, actor=actor),
        PermissionDenied,
    )

    assert message == services.LADDER_HR_ONLY


def test_hr_does_not_open_a_case_about_themself(hr_admin: User) -> None:
    own = EmployeeFactory.create(user=hr_admin)
    absences(own, 2026, [5])

    message = unchanged(
        lambda: services.open_case_from_ladder(employee=own, year=2026, actor=hr_admin),
        PermissionDenied,
    )

    assert message == permissions.OWN_CASE
