"""Grant pages: the register, the piagam PDF, revocation, and the public check."""

import io

import openpyxl
import pytest
from django.test import override_settings

from simerit.accounts.tests.factories import UserFactory
from simerit.core.roles import Role
from simerit.employees.models import Employee
from simerit.rewards.models import Grant, Nomination
from simerit.rewards.tests.factories import NominationFactory, granted, hr_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def grant(employee) -> Grant:
    nomination = NominationFactory.create(
        employee=Employee.objects.get(user=employee),
        status=Nomination.Status.SCORED,
        final_score=90,
    )
    granted(nomination, actor=hr_user())
    return Grant.objects.get()


def test_the_holder_downloads_the_piagam_with_its_hash(client, employee, grant):
    client.force_login(employee)

    response = client.get(f"/penghargaan/piagam/{grant.pk}/pdf/")

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert response["X-Content-SHA256"] == grant.pdf_sha256
    assert response["Content-Disposition"] == f'attachment; filename="piagam-{grant.number}.pdf"'


def test_the_supervisor_sees_the_grant_of_the_team(client, supervisor, grant):
    client.force_login(supervisor)

    listed = client.get("/penghargaan/piagam/")

    assert list(listed.context["page_obj"].object_list) == [grant]


def test_another_employee_gets_404(client, other_opd_employee, grant):
    user = UserFactory.create(roles=[Role.PEGAWAI])
    other_opd_employee.user = user
    other_opd_employee.save()
    client.force_login(user)

    assert client.get(f"/penghargaan/piagam/{grant.pk}/pdf/").status_code == 404
    assert list(client.get("/penghargaan/piagam/").context["page_obj"].object_list) == []


def test_hr_revokes_and_the_pdf_is_gone(client, hr_admin, employee, grant):
    client.force_login(hr_admin)

    response = client.post(
        f"/penghargaan/piagam/{grant.pk}/cabut/", {"reason": "Data keliru."}, follow=True
    )
    client.force_login(employee)
    gone = client.get(f"/penghargaan/piagam/{grant.pk}/pdf/")

    assert [str(message) for message in response.context["messages"]] == [
        f"Piagam {grant.number} dicabut."
    ]
    assert gone.status_code == 410


def test_the_auditor_may_not_revoke_and_nothing_changes(client, auditor, grant):
    client.force_login(auditor)

    response = client.post(f"/penghargaan/piagam/{grant.pk}/cabut/", {"reason": "x"})

    assert response.status_code == 403
    grant.refresh_from_db()
    assert grant.revoked_at is None


def test_the_register_exports_to_excel(client, hr_admin, grant):
    client.force_login(hr_admin)

    response = client.get("/penghargaan/piagam/unduh/")

    rows = list(
        openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    )
    assert rows[1][1:4] == (grant.number, grant.holder_nip, grant.holder_name)
    assert rows[1][9] == "Berlaku"


def test_the_public_check_says_valid_without_nip(client, grant):
    response = client.get(f"/penghargaan/cek/?nomor={grant.number.lower()}")
    qr = client.get(f"/penghargaan/cek/{grant.number}/")

    content = response.content.decode()
    assert response.status_code == 200
    assert "Piagam sah" in content
    assert grant.holder_name in content
    assert grant.holder_nip not in content
    assert qr.status_code == 200
    assert "Piagam sah" in qr.content.decode()


def test_the_public_check_of_an_unknown_number(client):
    form = client.get("/penghargaan/cek/?nomor=PGH-2026-000001-ABCDEF")
    address = client.get("/penghargaan/cek/bukan-nomor/")

    assert form.status_code == 200
    assert "Nomor piagam tidak ditemukan." in form.content.decode()
    assert address.status_code == 404
    assert "Nomor piagam tidak ditemukan." in address.content.decode()


@override_settings(SIMERIT_CERTIFICATE_VERIFY_PER_HOUR=2)
def test_the_public_check_is_rate_limited(client, grant):
    for _ in range(2):
        assert client.get(f"/penghargaan/cek/{grant.number}/").status_code == 200

    refused = client.get(f"/penghargaan/cek/{grant.number}/")

    assert refused.status_code == 429
    assert (
        "Terlalu banyak pemeriksaan piagam dari jaringan Anda. Coba lagi dalam satu jam."
        in refused.content.decode()
    )
