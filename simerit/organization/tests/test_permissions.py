import pytest

from simerit.accounts.tests.factories import UserFactory
from simerit.core.roles import Role
from simerit.organization import services
from simerit.organization.permissions import can_manage_unit, can_view_unit, opd_scope


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        # (root, dinkes, dinkes division, disdik)
        ("hr_admin", (True, True, True, True)),
        ("auditor", (True, True, True, True)),
        ("opd_admin", (False, True, True, False)),
        ("supervisor", (False, False, False, False)),
        ("employee", (False, False, False, False)),
        ("applicant", (False, False, False, False)),
        ("verifier", (False, False, False, False)),
    ],
)
def test_can_view_unit_per_persona(request, org, persona, expected):
    user = request.getfixturevalue(persona)
    units = (org.root, org.dinkes, org.dinkes_division, org.disdik)
    assert tuple(can_view_unit(user, unit) for unit in units) == expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("hr_admin", (True, True, True, True)),
        ("auditor", (False, False, False, False)),
        ("opd_admin", (False, True, True, False)),
        ("supervisor", (False, False, False, False)),
    ],
)
def test_can_manage_unit_per_persona(request, org, persona, expected):
    user = request.getfixturevalue(persona)
    units = (org.root, org.dinkes, org.dinkes_division, org.disdik)
    assert tuple(can_manage_unit(user, unit) for unit in units) == expected


def test_an_admin_opd_without_a_scope_sees_no_unit(org):
    user = UserFactory.create(roles=[Role.ADMIN_OPD])
    assert opd_scope(user) is None
    assert can_view_unit(user, org.dinkes) is False
    assert can_manage_unit(user, org.dinkes) is False


def test_opd_scope_is_the_assigned_unit(opd_admin, org):
    assert opd_scope(opd_admin) == org.dinkes


def test_opd_scope_is_read_once_per_user_object(opd_admin, org, django_assert_num_queries):
    opd_admin.__dict__.pop("_opd_scope_memo", None)
    with django_assert_num_queries(1):
        assert [opd_scope(opd_admin) for _ in range(3)] == [org.dinkes] * 3


def test_opd_scope_follows_a_new_assignment(opd_admin, org):
    assert opd_scope(opd_admin) == org.dinkes
    services.assign_opd_admin(user=opd_admin, work_unit=org.disdik, actor=None)
    assert opd_scope(opd_admin) == org.disdik
