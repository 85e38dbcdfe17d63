"""The JP pages: my training (own JP against the minimum, lines, other years, certificates), an
employee's JP for staff, the unit compliance dashboard with its chart, the employees of a unit,
and the audited Excel export. Who sees what; refusals change nothing."""

import datetime as dt
import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from simerit.accounts.tests.factories import UserFactory
from simerit.audit.models import AuditEvent
from simerit.core.roles import Role
from simerit.employees.models import Employee
from simerit.training.models import Certificate
from simerit.training.tests.factories import TrainingYearFactory
from simerit.training.tests.factories_jp import completed, external, staff
from simerit.training.tests.factories_records import CertificateFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 6, 30)


def _exports():
    return AuditEvent.objects.filter(action="training.jp_compliance.exported")


@pytest.fixture
def mine(employee, hr_admin):
    """The persona employee: a 12 JP class with a certificate and a revoked one, 3.5 JP external,
    an external still waiting, 25 JP in 2025."""
    person = Employee.objects.get(user=employee)
    first = completed(person, jp="12.0", ends_on=dt.date(2026, 3, 4))
    other = completed(person, jp="4.0", ends_on=dt.date(2025, 3, 4))
    completed(person, jp="21.0", ends_on=dt.date(2025, 5, 4))
    external(person, jp="3.5", ends_on=dt.date(2026, 2, 1), title="Kursus Daring Statistik")
    external(person, jp="6.0", ends_on=dt.date(2026, 5, 1), status="submitted")
    for number, enrolment, revoked in (
        ("SMR-2026-000001-7KQ4PX", first, None),
        ("SMR-2025-000009-ABCDEF", other, timezone.now()),
    ):
        CertificateFactory.create(
            enrolment=enrolment,
            number=number,
            issued_by=hr_admin,
            revoked_at=revoked,
            revoke_reason="Salah nama" if revoked else "",
        )
    return person


def test_my_training_shows_this_years_jp_against_the_default_minimum(client, employee, mine):
    client.force_login(employee)

    response = client.get(reverse("training:my-training"))

    assert response.status_code == 200
    page = response.content.decode()
    report = response.context["report"]
    assert (report.total, report.shortfall, report.progress) == (
        Decimal("15.5"),
        Decimal("4.5"),
        78,
    )
    assert "<strong>15,5</strong> dari minimum 20 JP" in page
    assert "(bawaan)" in page
    assert "Kurang 4,5 JP untuk memenuhi minimum" in page
    assert '<progress class="w-100" max="100" value="78"' in page
    assert page.count('data-testid="jp-line"') == 2
    assert "Kursus Daring Statistik" in page
    assert "1 pelatihan eksternal tahun 2026 masih menunggu validasi" in page
    assert [(h.year, h.total) for h in report.history] == [(2025, Decimal("25.0"))]
    for name in ("training:my-enrolments", "training:external-list", "training:catalogue"):
        assert f'href="{reverse(name)}"' in page
    certificate = Certificate.objects.get(number="SMR-2026-000001-7KQ4PX")
    assert [item.number for item in report.certificates] == [certificate.number]
    assert reverse("training:certificate-pdf", args=[certificate.pk]) in page
    assert "Sertifikat pelatihan tahun 2026" in page
    assert "SMR-2025-000009-ABCDEF" not in page


def test_my_training_lists_the_certificates_of_the_year_shown(client, employee, mine):
    client.force_login(employee)

    response = client.get(reverse("training:my-training"), {"tahun": 2025})

    page = response.content.decode()
    revoked = Certificate.objects.get(number="SMR-2025-000009-ABCDEF")
    assert [item.number for item in response.context["report"].certificates] == [revoked.number]
    assert reverse("training:certificate-pdf", args=[revoked.pk]) not in page
    assert "Dicabut" in page
    assert "SMR-2026-000001-7KQ4PX" not in page
    assert "1 pelatihan eksternal tahun" not in page


def test_my_training_offers_the_years_with_jp_though_hr_never_set_them(client, employee, mine):
    TrainingYearFactory.create(year=2027)
    client.force_login(employee)

    response = client.get(reverse("training:my-training"))

    assert response.context["years"] == [2027, 2026, 2025]
    assert '<option value="2025">2025</option>' in response.content.decode()
    chosen = client.get(reverse("training:my-training"), {"tahun": 2019})
    assert chosen.context["years"] == [2027, 2026, 2025, 2019]
    assert '<option value="2019" selected>2019</option>' in chosen.content.decode()


def test_my_training_of_another_year_and_a_configured_minimum(client, employee, mine):
    TrainingYearFactory.create(year=2025, minimum_jp=Decimal("25.0"))
    client.force_login(employee)

    response = client.get(reverse("training:my-training"), {"tahun": 2025})

    page = response.content.decode()
    assert "<strong>25</strong> dari minimum 25 JP" in page
    assert "(bawaan)" not in page
    assert "Minimum JP tahun 2025 sudah terpenuhi." in page
    assert [(h.year, h.total) for h in response.context["report"].history] == [
        (2026, Decimal("15.5"))
    ]


def test_my_training_ignores_an_invalid_year(client, employee, mine):
    client.force_login(employee)

    response = client.get(reverse("training:my-training"), {"tahun": "1800"})

    assert response.status_code == 200
    assert response.context["year"] == 2026
    assert "Pastikan nilai ini lebih besar dari atau sama dengan 2000." in response.content.decode()


def test_my_training_without_an_employee_record_says_so(client, hr_admin):
    client.force_login(hr_admin)

    response = client.get(reverse("training:my-training"))

    assert response.status_code == 200
    assert 'data-testid="no-employee"' in response.content.decode()


def test_my_training_needs_a_login(client):
    response = client.get(reverse("training:my-training"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_employee_jp_is_for_those_who_may_see_the_employee(
    client, employee, mine, supervisor, opd_admin, other_opd_employee
):
    url = reverse("training:employee-jp", args=[mine.pk])
    client.force_login(supervisor)
    seen = client.get(url)
    client.force_login(opd_admin)
    outside = client.get(reverse("training:employee-jp", args=[other_opd_employee.pk]))
    client.force_login(employee)
    peer = client.get(reverse("training:employee-jp", args=[other_opd_employee.pk]))

    assert seen.status_code == 200
    assert f"NIP {mine.nip}" in seen.content.decode()
    assert seen.context["report"].total == Decimal("15.5")
    assert (outside.status_code, peer.status_code) == (404, 404)


@pytest.fixture
def city(org, employee):
    """Beside the personas (no JP): Dinkes 2 reach the minimum, Disdik 1 below."""
    staff_a = staff(org.dinkes, name="Analis A")
    staff_b = staff(org.dinkes_division, name="Analis B")
    teacher = staff(org.disdik, name="Guru")
    completed(staff_a, jp="20.0", ends_on=DAY)
    completed(staff_b, jp="12.0", ends_on=DAY)
    external(staff_b, jp="9.0", ends_on=DAY)
    completed(teacher, jp="4.0", ends_on=DAY)
    return {"a": staff_a, "b": staff_b, "teacher": teacher}


def _rows(response):
    return [
        (row.label, row.employees, row.compliant, str(row.compliance_percent))
        for row in response.context["report"].rows
    ]


def test_hr_sees_every_opd_with_a_chart(client, hr_admin, city):
    client.force_login(hr_admin)

    response = client.get(reverse("training:jp-dashboard"))

    assert response.status_code == 200
    # Dinkes: A, B, the supervisor and the employee personas
    assert _rows(response) == [
        ("Dinas Kesehatan", 4, 2, "50.0"),
        ("Dinas Pendidikan", 1, 0, "0.0"),
    ]
    page = response.content.decode()
    assert 'src="/static/js/training-jp-chart.js"' in page
    chart = json.loads(page.split('id="data-grafik-jp" type="application/json">')[1].split("<")[0])
    assert chart["percent"] == [50.0, 0.0]
    assert "<script>" not in page.replace('<script type="application/json"', "")


def test_drilling_into_an_opd_lists_its_own_staff_and_divisions(client, auditor, org, city):
    client.force_login(auditor)

    response = client.get(reverse("training:jp-dashboard"), {"unit": org.dinkes.pk})

    assert _rows(response) == [
        ("Dinas Kesehatan (langsung)", 1, 1, "100.0"),
        ("Bidang Pelayanan Kesehatan", 3, 1, "33.3"),
    ]
    assert [u.name for u in response.context["trail"]] == [
        "Pemerintah Kota Palembang",
        "Dinas Kesehatan",
    ]


def test_opd_admin_sees_its_subtree_and_not_another_opd(client, opd_admin, org, city):
    client.force_login(opd_admin)

    home = client.get(reverse("training:jp-dashboard"))
    other = client.get(reverse("training:jp-dashboard"), {"unit": org.disdik.pk})
    employees = client.get(reverse("training:jp-unit-employees", args=[org.disdik.pk]))

    assert _rows(home) == [
        ("Dinas Kesehatan (langsung)", 1, 1, "100.0"),
        ("Bidang Pelayanan Kesehatan", 3, 1, "33.3"),
    ]
    assert (other.status_code, employees.status_code) == (404, 404)


def test_supervisor_sees_only_the_team(client, supervisor, employee, org, city):
    client.force_login(supervisor)

    response = client.get(reverse("training:jp-dashboard"))

    assert _rows(response) == [("Bidang Pelayanan Kesehatan (langsung)", 1, 0, "0.0")]


def test_an_employee_may_not_open_the_dashboard(client, employee, org, city):
    client.force_login(employee)

    responses = [
        client.get(reverse("training:jp-dashboard")),
        client.get(reverse("training:jp-unit-employees", args=[org.dinkes.pk])),
        client.get(reverse("training:jp-dashboard-export")),
    ]

    assert [r.status_code for r in responses] == [403, 403, 403]
    assert _exports().exists() is False


def test_a_supervisor_without_a_team_gets_an_empty_state(client, org):
    lonely = UserFactory.create(roles=[Role.PEGAWAI, Role.ATASAN])
    client.force_login(lonely)

    response = client.get(reverse("training:jp-dashboard"))

    assert response.status_code == 200
    assert 'data-testid="empty-state"' in response.content.decode()


def test_unit_employees_lists_jp_with_filters_and_pages(client, hr_admin, org, city):
    client.force_login(hr_admin)
    url = reverse("training:jp-unit-employees", args=[org.dinkes.pk])

    everyone = client.get(url)
    below = client.get(url, {"kurang": "on"})
    direct = client.get(url, {"langsung": "on"})

    assert [(e.name, e.jp_total, e.is_compliant) for e in everyone.context["page_obj"]] == [
        ("Analis A", Decimal("20.0"), True),
        ("Analis B", Decimal("21.0"), True),
        ("Kepala Bidang", Decimal("0.0"), False),
        ("Pegawai Uji", Decimal("0.0"), False),
    ]
    assert reverse("training:employee-jp", args=[city["a"].pk]) in everyone.content.decode()
    assert [e.name for e in below.context["page_obj"]] == ["Kepala Bidang", "Pegawai Uji"]
    assert [e.name for e in direct.context["page_obj"]] == ["Analis A"]


def test_unit_employees_paginates(client, hr_admin, org):
    for index in range(27):
        staff(org.disdik, name=f"Guru {index:02d}", account=False)
    client.force_login(hr_admin)
    url = reverse("training:jp-unit-employees", args=[org.disdik.pk])

    second = client.get(url, {"page": 2, "tahun": 2026})

    assert [e.name for e in second.context["page_obj"]] == ["Guru 25", "Guru 26"]
    assert "tahun=2026&amp;page=1" in second.content.decode()


def test_export_is_a_workbook_per_unit_and_per_employee_and_is_audited(client, hr_admin, org, city):
    client.force_login(hr_admin)

    response = client.get(reverse("training:jp-dashboard-export"), {"unit": org.dinkes.pk})

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="rekap-jp-2026-unit-{org.dinkes.pk}.xlsx"'
    )
    assert response["Cache-Control"] == "private, no-store"
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Per unit", "Per pegawai"]
    units = [tuple(row) for row in workbook["Per unit"].iter_rows(min_row=2, values_only=True)]
    assert units == [
        ("Dinas Kesehatan (langsung)", 1, 1, 100.0, 20.0, 20.0),
        ("Bidang Pelayanan Kesehatan", 3, 1, 33.3, 7.0, 21.0),
        ("Jumlah", 4, 2, 50.0, 10.3, 41.0),
    ]
    people = list(workbook["Per pegawai"].iter_rows(min_row=2, values_only=True))
    analis_b = next(row for row in people if row[1] == "Analis B")
    assert analis_b[0] == city["b"].nip
    assert analis_b[2:] == (
        "Bidang Pelayanan Kesehatan",
        city["b"].position.name,
        12.0,
        9.0,
        21.0,
        20.0,
        0.0,
        "Memenuhi",
    )
    assert len(people) == 4
    event = _exports().get()
    assert (event.actor_id, event.target_id) == (hr_admin.pk, str(org.dinkes.pk))
    assert event.changes == {"year": 2026, "unit": "Dinas Kesehatan", "employees": 4}


def test_export_of_a_unit_outside_the_scope_is_refused_with_nothing_audited(
    client, opd_admin, org, city
):
    client.force_login(opd_admin)

    response = client.get(reverse("training:jp-dashboard-export"), {"unit": org.disdik.pk})

    assert response.status_code == 404
    assert _exports().exists() is False
