from django.contrib.auth.models import Group

from simerit.accounts.tests.factories import UserFactory
from simerit.audit.models import AuditEvent
from simerit.organization.models import Golongan


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
