import pytest

from simerit.employees.models import Employee
from simerit.employees.permissions import (
    can_manage_employee,
    can_see_full_nik,
    can_view_employee,
)


@pytest.fixture
def records(supervisor, employee, other_opd_employee):
    return {
        "own_opd": Employee.objects.get(user=employee),
        "other_opd": other_opd_employee,
        "supervisor": Employee.objects.get(user=supervisor),
    }


@pytest.mark.parametrize(
    ("persona", "own_opd", "other_opd"),
    [
        ("hr_admin", True, True),
        ("auditor", True, True),
        ("opd_admin", True, False),
        ("supervisor", True, False),
        ("employee", True, False),
        ("applicant", False, False),
        ("verifier", False, False),
        ("assessor", False, False),
        ("proctor", False, False),
    ],
)
def test_can_view_employee_per_persona(request, records, persona, own_opd, other_opd):
    user = request.getfixturevalue(persona)
    assert can_view_employee(user, records["own_opd"]) is own_opd
    assert can_view_employee(user, records["other_opd"]) is other_opd


def test_an_employee_cannot_view_their_supervisor(employee, records):
    assert can_view_employee(employee, records["supervisor"]) is False


@pytest.mark.parametrize(
    ("persona", "own_opd", "other_opd"),
    [
        ("hr_admin", True, True),
        ("opd_admin", True, False),
        ("auditor", False, False),
        ("supervisor", False, False),
        ("employee", False, False),
        ("applicant", False, False),
    ],
)
def test_can_manage_employee_per_persona(request, records, persona, own_opd, other_opd):
    user = request.getfixturevalue(persona)
    assert can_manage_employee(user, records["own_opd"]) is own_opd
    assert can_manage_employee(user, records["other_opd"]) is other_opd


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("hr_admin", True),
        ("employee", True),  # their own record
        ("opd_admin", False),
        ("auditor", False),
        ("supervisor", False),
    ],
)
def test_can_see_full_nik_per_persona(request, records, persona, expected):
    user = request.getfixturevalue(persona)
    assert can_see_full_nik(user, records["own_opd"]) is expected


def test_can_see_full_nik_follows_the_setting(settings, opd_admin, records):
    settings.SIMERIT_NIK_VISIBLE_ROLES = ["admin_bkpsdm", "admin_opd"]
    assert can_see_full_nik(opd_admin, records["own_opd"]) is True
