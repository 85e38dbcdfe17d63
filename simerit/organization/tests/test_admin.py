import pytest
from django.contrib.auth.models import Group

from simerit.accounts.tests.factories import UserFactory
from simerit.audit.models import AuditEvent
from simerit.core.roles import Role
from simerit.organization.models import Golongan, OpdAdmin, WorkUnit


def test_admin_change_of_reference_data_is_audited(client, db):
    superuser = UserFactory.create(username="root", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    golongan = Golongan.objects.get(code="IV/e")
    response = client.post(
        f"/admin/organization/golongan/{golongan.pk}/change/",
        {"code": "IV/e", "pangkat": "Pembina Utama (uji)", "rank": 17},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="organization.golongan.changed_in_admin")
    assert event.target_id == str(golongan.pk)
    assert event.changes == {"pangkat": ["Pembina Utama", "Pembina Utama (uji)"]}


def test_admin_cannot_delete_reference_data(client, db):
    superuser = UserFactory.create(username="root", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    golongan = Golongan.objects.get(code="I/a")
    response = client.post(f"/admin/organization/golongan/{golongan.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Golongan.objects.filter(code="I/a").exists() is True
    assert AuditEvent.objects.count() == 0


def test_admin_user_role_change_is_audited(client, db, employee):
    superuser = UserFactory.create(username="root", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    atasan = Group.objects.get(name="atasan")
    pegawai = Group.objects.get(name="pegawai")
    response = client.post(
        f"/admin/accounts/user/{employee.pk}/change/",
        {
            "username": "pegawai",
            "full_name": "Pegawai Uji",
            "email": "pegawai@contoh.go.id",
            "is_active": "on",
            "groups": [pegawai.pk, atasan.pk],
            "date_joined_0": "2026-01-05",
            "date_joined_1": "08:00:00",
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="accounts.user.changed_in_admin")
    assert event.target_id == str(employee.pk)
    assert event.changes["roles"] == [["pegawai"], ["atasan", "pegawai"]]


# --- Building the organisation in the admin: through the services, audited, no deletes


@pytest.fixture
def root_admin(client, db):
    superuser = UserFactory.create(username="root", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    return superuser


def test_admin_creates_a_work_unit_with_its_path_and_the_service_audit_row(client, root_admin, org):
    # when
    response = client.post(
        "/admin/organization/workunit/add/",
        {
            "name": " Puskesmas Merdeka ",
            "short_name": "",
            "code": "PKM-MERDEKA",
            "kind": "uptd",
            "parent": org.dinkes.pk,
            "region": "",
        },
    )
    # then
    assert response.status_code == 302
    unit = WorkUnit.objects.get(code="PKM-MERDEKA")
    assert (unit.name, unit.path, unit.depth) == (
        "Puskesmas Merdeka",
        f"{org.dinkes.path}{unit.pk}/",
        2,
    )
    event = AuditEvent.objects.get(target_type="organization.workunit", target_id=str(unit.pk))
    assert (event.action, event.actor, event.changes) == (
        "organization.work_unit.created",
        root_admin,
        {
            "name": "Puskesmas Merdeka",
            "code": "PKM-MERDEKA",
            "kind": "uptd",
            "parent": org.dinkes.pk,
        },
    )


def test_admin_refuses_a_unit_without_parent_and_saves_nothing(client, root_admin, org):
    units, events = WorkUnit.objects.count(), AuditEvent.objects.count()

    response = client.post(
        "/admin/organization/workunit/add/",
        {"name": "Dinas Baru", "short_name": "", "code": "BARU", "kind": "opd", "parent": ""},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "parent": ["Unit kerja selain Pemerintah Daerah harus memiliki unit induk."]
    }
    assert (WorkUnit.objects.count(), AuditEvent.objects.count()) == (units, events)


def test_admin_renames_a_unit_through_the_service_and_leaves_its_place(client, root_admin, org):
    assert client.get(f"/admin/organization/workunit/{org.disdik.pk}/change/").status_code == 200
    response = client.post(
        f"/admin/organization/workunit/{org.disdik.pk}/change/",
        {"name": "Dinas Pendidikan Kota", "short_name": "Disdik", "parent": org.dinkes.pk},
    )

    assert response.status_code == 302
    org.disdik.refresh_from_db()
    assert (org.disdik.name, org.disdik.short_name, org.disdik.parent) == (
        "Dinas Pendidikan Kota",
        "Disdik",
        org.root,
    )
    event = AuditEvent.objects.get(action="organization.work_unit.renamed")
    assert (event.actor, event.changes) == (
        root_admin,
        {"name": ["Dinas Pendidikan", "Dinas Pendidikan Kota"], "short_name": ["", "Disdik"]},
    )
    assert AuditEvent.objects.filter(action__endswith="_in_admin").exists() is False


def test_admin_cannot_delete_a_work_unit(client, root_admin, org):
    response = client.post(f"/admin/organization/workunit/{org.disdik.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert WorkUnit.objects.filter(pk=org.disdik.pk).exists() is True


def test_admin_assigns_an_opd_admin_scope_through_the_service(client, root_admin, org):
    account = UserFactory.create(username="admin.disdik", roles=[Role.ADMIN_OPD])

    response = client.post(
        "/admin/organization/opdadmin/add/", {"user": account.pk, "work_unit": org.disdik.pk}
    )

    assert response.status_code == 302
    assert OpdAdmin.objects.get(user=account).work_unit == org.disdik
    event = AuditEvent.objects.get(action="organization.opd_admin.assigned")
    assert (event.actor, event.changes) == (
        root_admin,
        {"user": account.pk, "work_unit": org.disdik.pk, "new": True},
    )


def test_admin_moves_an_opd_admin_scope_through_the_service(client, root_admin, org, opd_admin):
    scope = OpdAdmin.objects.get(user=opd_admin)

    response = client.post(
        f"/admin/organization/opdadmin/{scope.pk}/change/", {"work_unit": org.disdik.pk}
    )

    assert response.status_code == 302
    assert OpdAdmin.objects.get(user=opd_admin).work_unit == org.disdik
    event = AuditEvent.objects.filter(action="organization.opd_admin.assigned").latest("seq")
    assert (event.actor, event.changes["new"]) == (root_admin, False)


def test_admin_offers_only_admin_opd_accounts_for_a_scope(client, root_admin, org, employee):
    events = AuditEvent.objects.count()

    response = client.post(
        "/admin/organization/opdadmin/add/", {"user": employee.pk, "work_unit": org.disdik.pk}
    )

    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["user"]
    assert OpdAdmin.objects.filter(user=employee).exists() is False
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    "url",
    [
        "/admin/organization/workunit/",
        "/admin/organization/workunit/add/",
        "/admin/organization/opdadmin/",
        "/admin/organization/opdadmin/add/",
        "/admin/employees/employee/",
    ],
)
def test_admin_pages_for_the_organisation_open(client, root_admin, opd_admin, employee, url):
    assert client.get(url).status_code == 200
