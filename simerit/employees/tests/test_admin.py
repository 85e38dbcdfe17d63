"""The Django admin links an employee to their account, through the service, and nothing else."""

import pytest

from simerit.accounts.tests.factories import UserFactory
from simerit.audit.models import AuditEvent
from simerit.core.roles import Role
from simerit.employees.models import Employee


@pytest.fixture
def root_admin(client, db):
    superuser = UserFactory.create(username="root", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    return superuser


def test_admin_links_an_employee_to_an_account_through_the_service(
    client, root_admin, other_opd_employee
):
    account = UserFactory.create(username="guru.lain", roles=[Role.PEGAWAI])

    response = client.post(
        f"/admin/employees/employee/{other_opd_employee.pk}/change/", {"user": account.pk}
    )

    assert response.status_code == 302
    other_opd_employee.refresh_from_db()
    assert other_opd_employee.user == account
    event = AuditEvent.objects.get(action="employees.employee.user_linked")
    assert (event.actor, event.target_id, event.changes) == (
        root_admin,
        str(other_opd_employee.pk),
        {"user": [None, account.pk]},
    )
    assert AuditEvent.objects.filter(action__endswith="_in_admin").exists() is False


def test_admin_refuses_an_account_linked_to_another_employee(
    client, root_admin, employee, other_opd_employee
):
    events = AuditEvent.objects.count()

    response = client.post(
        f"/admin/employees/employee/{other_opd_employee.pk}/change/", {"user": employee.pk}
    )

    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["user"]
    other_opd_employee.refresh_from_db()
    assert other_opd_employee.user is None
    assert AuditEvent.objects.count() == events


def test_admin_cannot_unlink_add_or_delete_employees(client, root_admin, employee):
    record = Employee.objects.get(user=employee)
    events, count = AuditEvent.objects.count(), Employee.objects.count()

    unlink = client.post(f"/admin/employees/employee/{record.pk}/change/", {"user": ""})
    add = client.get("/admin/employees/employee/add/")
    delete = client.post(f"/admin/employees/employee/{record.pk}/delete/", {"post": "yes"})

    assert unlink.context["adminform"].form.errors == {
        "user": ["Akun tidak dapat dilepas dari pegawai di sini; pilih akun lain bila perlu."]
    }
    assert (add.status_code, delete.status_code) == (403, 403)
    record.refresh_from_db()
    assert record.user == employee
    assert (AuditEvent.objects.count(), Employee.objects.count()) == (events, count)


def test_admin_employee_page_does_not_show_the_nik(client, root_admin, employee):
    record = Employee.objects.get(user=employee)
    body = client.get(f"/admin/employees/employee/{record.pk}/change/").content.decode()
    assert record.nip in body
    assert record.nik not in body
