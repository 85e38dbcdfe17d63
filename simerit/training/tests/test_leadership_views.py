"""The leadership flags page, its export and the API: Admin BKPSDM and the Auditor see everyone,
an Admin OPD its subtree, other accounts are refused; overdue flags are shown red."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from simerit.audit.models import AuditEvent
from simerit.training.tests.factories_needs import official

pytestmark = pytest.mark.django_db

API = "/api/v1/training/leadership-flags"


@pytest.fixture
def officials(org):
    """A late pengawas in Dinkes' bidang, a new administrator in Disdik."""
    late = official(
        unit=org.dinkes_division, name="Kasi Terlambat", tmt_position=dt.date(2025, 6, 1)
    )
    new = official(
        unit=org.disdik,
        kind="administrator",
        name="Kabid Baru",
        tmt_position=dt.date(2026, 9, 1),
    )
    return late, new


def test_hr_sees_every_flag_with_the_overdue_one_red(client, hr_admin, officials):
    client.force_login(hr_admin)
    response = client.get(reverse("training:leadership"))
    assert response.status_code == 200
    assert [flag.employee.name for flag in response.context["page_obj"]] == [
        "Kasi Terlambat",
        "Kabid Baru",
    ]
    assert (response.context["flag_count"], response.context["overdue_count"]) == (2, 1)
    html = response.content.decode()
    assert 'class="table-danger" data-testid="overdue"' in html
    assert "Terlambat 180 hari" in html
    assert html.count('data-testid="overdue"') == 1
    assert "pelatihan yang diselesaikan sebelum TMT jabatan juga dihitung" in html


def test_the_overdue_filter_keeps_the_late_ones(client, auditor, officials):
    client.force_login(auditor)
    response = client.get(reverse("training:leadership"), {"terlambat": "on"})
    assert [flag.employee.name for flag in response.context["page_obj"]] == ["Kasi Terlambat"]


def test_opd_admin_sees_its_subtree_only(client, opd_admin, officials):
    client.force_login(opd_admin)
    response = client.get(reverse("training:leadership"))
    assert [flag.employee.name for flag in response.context["page_obj"]] == ["Kasi Terlambat"]


def test_a_unit_outside_the_scope_is_refused_by_the_filter(client, opd_admin, org, officials):
    client.force_login(opd_admin)
    response = client.get(reverse("training:leadership"), {"unit": org.disdik.pk})
    assert response.status_code == 200
    assert list(response.context["page_obj"]) == []
    assert "Pilih unit kerja yang tersedia di daftar." in response.content.decode()


@pytest.mark.parametrize("persona", ["employee", "supervisor", "applicant"])
def test_other_accounts_are_refused(client, request, persona, officials):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("training:leadership")).status_code == 403
    assert client.get(reverse("training:leadership-export")).status_code == 403
    assert AuditEvent.objects.filter(action__startswith="training.").exists() is False


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("training:leadership"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_export_is_a_workbook_and_is_audited(client, hr_admin, officials):
    client.force_login(hr_admin)
    response = client.get(reverse("training:leadership-export"), {"terlambat": "on"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="pelatihan-kepemimpinan-20261128.xlsx"'
    )
    assert response["Cache-Control"] == "private, no-store"
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Pelatihan kepemimpinan"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Unit kerja", "NIP", "Nama")
    assert len(rows) == 2
    late = officials[0]
    assert rows[1][:3] == ("Bidang Pelayanan Kesehatan", late.nip, "Kasi Terlambat")
    tmt, due, status = rows[1][6:9]
    assert (tmt.date(), due.date(), status) == (
        dt.date(2025, 6, 1),
        dt.date(2026, 6, 1),
        "Terlambat 180 hari",
    )
    event = AuditEvent.objects.get(action="training.leadership_flags.exported")
    assert (event.actor, event.changes) == (
        hr_admin,
        {"scope": "Seluruh organisasi", "overdue_only": True, "rows": 1},
    )


def test_export_with_a_foreign_unit_changes_nothing(client, opd_admin, org, officials):
    client.force_login(opd_admin)
    response = client.get(reverse("training:leadership-export"), {"unit": org.disdik.pk})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action__startswith="training.").exists() is False


def test_api_lists_the_flags(client, hr_admin, officials):
    client.force_login(hr_admin)
    body = client.get(API, {"overdue": "true"}).json()
    assert body["count"] == 1
    item = body["items"][0]
    assert (
        item["name"],
        item["programme_kind"],
        item["due_on"],
        item["overdue"],
        item["days_overdue"],
        item["tmt_missing"],
    ) == ("Kasi Terlambat", "pkp", "2026-06-01", True, 180, False)
    assert client.get(API).json()["count"] == 2


def test_api_scope(client, opd_admin, org, employee, officials):
    client.force_login(opd_admin)
    assert [item["name"] for item in client.get(API).json()["items"]] == ["Kasi Terlambat"]
    assert client.get(API, {"unit": org.disdik.pk}).status_code == 404
    client.force_login(employee)
    assert client.get(API).status_code == 403
