import pytest

from simerit.accounts.tests.factories import UserFactory
from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError
from simerit.core.roles import Role
from simerit.employees.models import Employee
from simerit.employees.services import link_user_to_employee
from simerit.employees.tests.factories import EmployeeFactory


def test_link_user_to_employee_sets_the_account_and_writes_an_audit_row(hr_admin):
    employee = EmployeeFactory.create()
    user = UserFactory.create(roles=[Role.PEGAWAI])

    link_user_to_employee(employee=employee, user=user, actor=hr_admin)

    employee.refresh_from_db()
    assert employee.user == user
    event = AuditEvent.objects.get(action="employees.employee.user_linked")
    assert event.actor == hr_admin
    assert event.target_id == str(employee.pk)
    assert event.changes == {"user": [None, user.pk]}


def test_link_user_to_employee_replaces_a_previous_account(hr_admin):
    old_user = UserFactory.create(roles=[Role.PEGAWAI])
    new_user = UserFactory.create(roles=[Role.PEGAWAI])
    employee = EmployeeFactory.create(user=old_user)

    link_user_to_employee(employee=employee, user=new_user, actor=hr_admin)

    employee.refresh_from_db()
    assert employee.user == new_user
    event = AuditEvent.objects.get(action="employees.employee.user_linked")
    assert event.changes == {"user": [old_user.pk, new_user.pk]}


def test_link_user_to_employee_twice_changes_nothing(hr_admin):
    user = UserFactory.create(roles=[Role.PEGAWAI])
    employee = EmployeeFactory.create(user=user)
    events_before = AuditEvent.objects.count()

    link_user_to_employee(employee=employee, user=user, actor=hr_admin)

    assert AuditEvent.objects.count() == events_before


def test_link_user_to_employee_refuses_an_account_of_another_employee(hr_admin):
    user = UserFactory.create(roles=[Role.PEGAWAI])
    owner = EmployeeFactory.create(user=user)
    other = EmployeeFactory.create()
    events_before = AuditEvent.objects.count()

    with pytest.raises(ConflictError) as error:
        link_user_to_employee(employee=other, user=user, actor=hr_admin)

    assert error.value.field == "user"
    assert str(error.value) == f"Akun '{user.username}' sudah terhubung dengan pegawai lain."
    assert Employee.objects.get(pk=other.pk).user is None
    assert Employee.objects.get(pk=owner.pk).user == user
    assert AuditEvent.objects.count() == events_before
