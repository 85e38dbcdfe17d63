"""Who sees and acts on discipline data (discipline.permissions)."""

import pytest
from django.test import Client
from django.urls import reverse

from simerit.accounts.models import User
from simerit.accounts.tests.factories import UserFactory
from simerit.core.roles import Role
from simerit.discipline import permissions
from simerit.discipline.models import DisciplineCase
from simerit.discipline.tests.factories import (
    DisciplineCaseFactory,
    MonthlyAttendanceFactory,
    SanctionFactory,
)
from simerit.employees.models import Employee
from simerit.employees.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def head(supervisor: User) -> User:
    """The supervisor's own supervisor: two levels above the employee."""
    user = UserFactory.create(username="kepala.dinas", roles=[Role.PEGAWAI, Role.ATASAN])
    boss = EmployeeFactory.create(user=user, name="Kepala Dinas")
    Employee.objects.filter(user=supervisor).update(supervisor=boss)
    return user


@pytest.fixture
def case(employee: User) -> DisciplineCase:
    return DisciplineCaseFactory.create(employee=Employee.objects.get(user=employee))


@pytest.fixture
def unrelated_supervisor(org: object) -> User:
    user = UserFactory.create(username="atasan.lain", roles=[Role.PEGAWAI, Role.ATASAN])
    boss = EmployeeFactory.create(user=user)
    EmployeeFactory.create(supervisor=boss)
    return user


@pytest.fixture
def colleague(org: object) -> User:
    user = UserFactory.create(username="rekan", roles=[Role.PEGAWAI])
    EmployeeFactory.create(user=user)
    return user


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("employee", True),
        ("supervisor", True),
        ("head", True),
        ("hr_admin", True),
        ("auditor", True),
        ("opd_admin", False),
        ("unrelated_supervisor", False),
        ("colleague", False),
    ],
)
def test_who_sees_a_case(
    persona: str, sees: bool, request: pytest.FixtureRequest, case: DisciplineCase
) -> None:
    user: User = request.getfixturevalue(persona)
    assert permissions.can_view_case(user, case) is sees
    assert (list(permissions.visible_cases(user)) == [case]) is sees


@pytest.mark.parametrize(
    ("persona", "manages"),
    [
        ("hr_admin", True),
        ("auditor", False),
        ("supervisor", False),
        ("employee", False),
        ("opd_admin", False),
    ],
)
def test_only_hr_manages_a_case(
    persona: str, manages: bool, request: pytest.FixtureRequest, case: DisciplineCase
) -> None:
    user: User = request.getfixturevalue(persona)
    assert permissions.can_manage_case(user, case) is manages


def test_hr_does_not_manage_their_own_case(org: object) -> None:
    hr = UserFactory.create(roles=[Role.ADMIN_BKPSDM])
    own = DisciplineCaseFactory.create(employee=EmployeeFactory.create(user=hr))
    assert permissions.is_own_case(hr, own) is True
    assert permissions.can_view_case(hr, own) is True
    assert permissions.can_manage_case(hr, own) is False
    assert permissions.can_report(hr, own.employee) is False


def test_who_may_report_whom(
    hr_admin: User,
    supervisor: User,
    head: User,
    employee: User,
    auditor: User,
    opd_admin: User,
    other_opd_employee: Employee,
) -> None:
    subordinate = Employee.objects.get(user=employee)
    assert permissions.can_report(hr_admin, subordinate) is True
    assert permissions.can_report(hr_admin, other_opd_employee) is True
    assert permissions.can_report(supervisor, subordinate) is True
    assert permissions.can_report(head, subordinate) is True
    assert permissions.can_report(supervisor, other_opd_employee) is False
    assert permissions.can_report(employee, subordinate) is False
    assert permissions.can_report(auditor, subordinate) is False
    assert permissions.can_report(opd_admin, subordinate) is False


def test_sanctions_and_attendance_follow_the_same_visibility(
    supervisor: User, employee: User, opd_admin: User, auditor: User, other_opd_employee: Employee
) -> None:
    subordinate = Employee.objects.get(user=employee)
    own_sanction = SanctionFactory.create(employee=subordinate)
    SanctionFactory.create(employee=other_opd_employee)
    own_recap = MonthlyAttendanceFactory.create(employee=subordinate)
    MonthlyAttendanceFactory.create(employee=other_opd_employee)

    assert list(permissions.visible_sanctions(supervisor)) == [own_sanction]
    assert list(permissions.visible_sanctions(employee)) == [own_sanction]
    assert list(permissions.visible_sanctions(opd_admin)) == []
    assert permissions.visible_sanctions(auditor).count() == 2
    assert list(permissions.visible_attendance(employee)) == [own_recap]
    assert list(permissions.visible_attendance(opd_admin)) == []
    assert permissions.visible_attendance(auditor).count() == 2


def test_roles(hr_admin: User, auditor: User, employee: User) -> None:
    assert (permissions.is_hr(hr_admin), permissions.is_hr(auditor)) == (True, False)
    assert permissions.reads_everything(auditor) is True
    assert permissions.reads_everything(employee) is False
    assert permissions.employee_of(employee) == Employee.objects.get(user=employee)
    assert permissions.employee_of(hr_admin) is None


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("employee", False),
        ("supervisor", True),
        ("head", True),
        ("hr_admin", True),
        ("auditor", True),
    ],
)
def test_the_employee_concerned_does_not_see_the_reporter(
    persona: str, sees: bool, request: pytest.FixtureRequest, client: Client, employee: User
) -> None:
    case = DisciplineCaseFactory.create(
        employee=Employee.objects.get(user=employee),
        source=DisciplineCase.Source.PENGADUAN,
        reporter_name="Warga Pelapor Rahasia",
    )
    user: User = request.getfixturevalue(persona)
    client.force_login(user)

    page = client.get(reverse("discipline:case_detail", args=[case.pk]))
    api = client.get(f"/api/v1/discipline/cases/{case.pk}")

    assert permissions.sees_reporter(user, case) is sees
    assert page.status_code == api.status_code == 200
    html = page.content.decode()
    assert "Pengaduan/laporan" in html
    assert ("Warga Pelapor Rahasia" in html) is sees
    assert api.json()["reporter_name"] == ("Warga Pelapor Rahasia" if sees else None)
    assert api.json()["source"] == "pengaduan"
