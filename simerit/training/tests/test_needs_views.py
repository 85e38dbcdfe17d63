"""The plan page (per unit, per employee), its Excel export (two sheets, audited), the employee's
own proposals, and the API; refusals change nothing."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from simerit.accounts.models import User
from simerit.accounts.tests.factories import UserFactory
from simerit.audit.models import AuditEvent
from simerit.core.roles import Role
from simerit.organization import services as org_services
from simerit.training.tests.factories_needs import FixtureOrg, fixture_organisation

pytestmark = pytest.mark.django_db

API = "/api/v1/training/needs"


@pytest.fixture
def fixture() -> FixtureOrg:
    return fixture_organisation()


@pytest.fixture
def hr() -> User:
    user: User = UserFactory.create(username="hr.needs", roles=[Role.ADMIN_BKPSDM])
    return user


@pytest.fixture
def disdik_admin(fixture: FixtureOrg) -> User:
    user: User = UserFactory.create(username="admin.disdik", roles=[Role.ADMIN_OPD])
    org_services.assign_opd_admin(user=user, work_unit=fixture.disdik, actor=None)
    return user


def _ani_user(fixture: FixtureOrg) -> User:
    user: User = UserFactory.create(username="ani", roles=[Role.PEGAWAI])
    fixture.ani.user = user
    fixture.ani.save(update_fields=["user"])
    return user


def _training_audit() -> int:
    return AuditEvent.objects.filter(action__startswith="training.").count()


# --- The plan page


def test_hr_sees_the_plan_of_next_year(client, hr, fixture):
    client.force_login(hr)
    response = client.get(reverse("training:needs"))
    assert response.status_code == 200
    report = response.context["report"]
    assert report.year == 2027
    assert [row.employee.name for row in response.context["page_obj"]] == ["Ani", "Citra", "Dedi"]
    html = response.content.decode()
    assert "5 pegawai dianalisis; 3 memiliki kebutuhan; rencana 164 JP." in html
    yan = next(
        p.programme for row in report.rows for p in row.needs.proposals if p.programme.code == "YAN"
    )
    assert f'<a href="{reverse("training:programme-detail", args=[yan.id])}">' in html
    assert "· Pelatihan teknis · 24 JP" in html
    assert "Predikat kinerja 2025 Butuh Perbaikan" in html
    assert "belum ada program di katalog" in html
    assert "belum diases dihitung sebagai kesenjangan penuh" in html


def test_the_auditor_reads_the_plan_of_a_chosen_year_and_unit(client, auditor, fixture):
    client.force_login(auditor)
    response = client.get(reverse("training:needs"), {"tahun": 2029, "unit": fixture.disdik.pk})
    report = response.context["report"]
    assert report.year == 2029
    assert [(t.unit_name, [p.programme.code for p in t.programmes]) for t in report.totals] == [
        ("Dinas Pendidikan", ["DATA"])
    ]


def test_opd_admin_reads_its_subtree_only(client, disdik_admin, fixture):
    client.force_login(disdik_admin)
    response = client.get(reverse("training:needs"))
    assert [row.employee.name for row in response.context["page_obj"]] == ["Dedi"]
    foreign = client.get(reverse("training:needs"), {"unit": fixture.dinkes.pk})
    assert foreign.status_code == 200
    assert foreign.context["report"] is None
    assert "Pilih unit kerja yang tersedia di daftar." in foreign.content.decode()


def test_a_wrong_year_is_refused_with_a_message(client, hr, fixture):
    client.force_login(hr)
    response = client.get(reverse("training:needs"), {"tahun": "1800"})
    assert response.context["report"] is None
    assert "Tahun harus antara 2000 dan 2100." in response.content.decode()


@pytest.mark.parametrize("roles", [[Role.PEGAWAI], [Role.PEGAWAI, Role.ATASAN], [Role.PELAMAR]])
def test_other_accounts_may_not_read_the_plan(client, fixture, roles):
    client.force_login(UserFactory.create(roles=roles))
    assert client.get(reverse("training:needs")).status_code == 403
    assert client.get(reverse("training:needs-export")).status_code == 403
    assert _training_audit() == 0


# --- The export


def test_export_has_both_sheets_and_is_audited(client, hr, fixture):
    client.force_login(hr)
    response = client.get(reverse("training:needs-export"), {"tahun": 2027})
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="analisis-kebutuhan-pelatihan-2027.xlsx"'
    )
    assert response["Cache-Control"] == "private, no-store"
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Per pegawai", "Per unit"]
    per_employee = list(workbook["Per pegawai"].iter_rows(values_only=True))
    assert [(row[1], row[2], row[4], row[7]) for row in per_employee[1:]] == [
        (fixture.ani.nip, "Ani", "YAN", 24),
        (fixture.ani.nip, "Ani", "COACH", 4),
        (fixture.ani.nip, "Ani", "KOM", 16),
        (fixture.citra.nip, "Citra", "PKP", 120),
        (fixture.dedi.nip, "Dedi", None, None),
    ]
    assert per_employee[5][5] == "Belum ada program di katalog"
    per_unit = list(workbook["Per unit"].iter_rows(values_only=True))
    assert per_unit[1:] == [
        ("Dinas Kesehatan", 4, 2, "COACH", "Coaching Kinerja", "Coaching", 1, 4),
        ("Dinas Kesehatan", 4, 2, "KOM", "Komunikasi Efektif", "Pelatihan teknis", 1, 16),
        (
            "Dinas Kesehatan",
            4,
            2,
            "PKP",
            "Pelatihan Kepemimpinan Pengawas",
            "PKP (Pelatihan Kepemimpinan Pengawas)",
            1,
            120,
        ),
        ("Dinas Kesehatan", 4, 2, "YAN", "Pelayanan Prima Kesehatan", "Pelatihan teknis", 1, 24),
        (
            "Dinas Pendidikan",
            1,
            1,
            None,
            "Belum ada program di katalog: Panduan perilaku 7c",
            None,
            1,
            None,
        ),
    ]
    event = AuditEvent.objects.get(action="training.needs_plan.exported")
    assert (event.actor, event.changes) == (
        hr,
        {"year": 2027, "scope": "Seluruh organisasi", "employees": 5, "employees_with_needs": 3},
    )


def test_export_of_an_opd_admin_names_its_unit(client, disdik_admin, fixture):
    client.force_login(disdik_admin)
    response = client.get(reverse("training:needs-export"))
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="training.needs_plan.exported")
    assert event.changes["scope"] == "Dinas Pendidikan"
    assert event.changes["employees"] == 1


def test_export_with_a_bad_filter_changes_nothing(client, disdik_admin, fixture):
    client.force_login(disdik_admin)
    response = client.get(
        reverse("training:needs-export"), {"tahun": 2027, "unit": fixture.dinkes.pk}
    )
    assert response.status_code == 302
    assert response["Location"] == (
        f"{reverse('training:needs')}?tahun=2027&unit={fixture.dinkes.pk}"
    )
    assert _training_audit() == 0


# --- The employee's own proposals


def test_an_employee_sees_own_proposals(client, fixture):
    client.force_login(_ani_user(fixture))
    response = client.get(reverse("training:my-needs"))
    assert response.status_code == 200
    row = response.context["row"]
    assert row.employee == fixture.ani
    assert [p.programme.code for p in row.needs.proposals] == ["YAN", "COACH", "KOM"]
    html = response.content.decode()
    assert "Jumlah usulan: 44 JP." in html
    assert f'href="{reverse("training:catalogue")}"' in html
    assert "penilaian kinerja 2025" in html


def test_an_account_without_employee_record_is_told_so(client, fixture):
    client.force_login(UserFactory.create(roles=[Role.PEGAWAI]))
    response = client.get(reverse("training:my-needs"))
    assert response.status_code == 200
    assert "Akun Anda belum terhubung dengan data pegawai." in response.content.decode()


def test_an_employee_without_needs_sees_the_empty_state(client, fixture):
    user = UserFactory.create(roles=[Role.PEGAWAI])
    fixture.budi.user = user
    fixture.budi.save(update_fields=["user"])
    client.force_login(user)
    response = client.get(reverse("training:my-needs"), {"tahun": 2027})
    assert 'data-testid="empty-state"' in response.content.decode()


# --- The API


def test_api_my_needs(client, fixture):
    client.force_login(_ani_user(fixture))
    body = client.get(f"{API}/me", {"year": 2027}).json()
    assert (body["name"], body["year"], body["appraisal_year"], body["total_jp"]) == (
        "Ani",
        2027,
        2025,
        "44.0",
    )
    assert [(p["programme"]["code"], p["reasons"]) for p in body["proposals"]][1] == (
        "COACH",
        ["Predikat kinerja 2025 Butuh Perbaikan"],
    )


def test_api_my_needs_without_employee_record_is_404(client, fixture):
    client.force_login(UserFactory.create(roles=[Role.PEGAWAI]))
    assert client.get(f"{API}/me").status_code == 404


def test_api_one_employee_for_those_who_may_see_them(client, hr, disdik_admin, fixture):
    client.force_login(hr)
    body = client.get(f"{API}/employees/{fixture.dedi.pk}").json()
    assert [gap["source"] for gap in body["unmatched"]] == ["perilaku"]
    assert body["addressed"][0]["state"] == "sudah diselesaikan"
    client.force_login(disdik_admin)
    assert client.get(f"{API}/employees/{fixture.dedi.pk}").status_code == 200
    assert client.get(f"{API}/employees/{fixture.ani.pk}").status_code == 404


def test_api_employees_with_needs_and_unit_totals(client, hr, fixture):
    client.force_login(hr)
    page = client.get(f"{API}/employees", {"page_size": 2}).json()
    assert (page["count"], page["pages"], [item["name"] for item in page["items"]]) == (
        3,
        2,
        ["Ani", "Citra"],
    )
    totals = client.get(f"{API}/units", {"year": 2027}).json()
    assert (totals["employees"], totals["with_needs"], Decimal(totals["total_jp"])) == (
        5,
        3,
        Decimal("164.0"),
    )
    assert [(u["unit_name"], Decimal(u["jp"])) for u in totals["units"]] == [
        ("Dinas Kesehatan", Decimal("164.0")),
        ("Dinas Pendidikan", Decimal("0.0")),
    ]


def test_api_plan_refusals(client, disdik_admin, fixture):
    client.force_login(disdik_admin)
    assert client.get(f"{API}/units", {"unit": fixture.dinkes.pk}).status_code == 404
    assert client.get(f"{API}/units", {"year": 1999}).status_code == 422
    client.force_login(UserFactory.create(roles=[Role.PEGAWAI]))
    assert client.get(f"{API}/units").status_code == 403
    assert client.get(f"{API}/employees").status_code == 403
