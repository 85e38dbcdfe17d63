"""The TPP pages: who opens what (403/404 with nothing changed), the compute / recompute /
finalise / correction buttons, the run page's warnings and the employee's own lines."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from simerit.accounts.tests.factories import UserFactory
from simerit.audit.models import AuditEvent
from simerit.compensation.models import Line, Run
from simerit.compensation.services import runs as services
from simerit.compensation.tests.factories_tpp import (
    OCTOBER,
    appraise,
    attendance,
    make_scheme,
    staff,
)
from simerit.core.roles import Role
from simerit.employees.models import Employee
from simerit.organization.models import Position
from simerit.performance.models import Predikat

pytestmark = pytest.mark.django_db

LIST = reverse("compensation:run_list")
COMPUTE = reverse("compensation:run_compute")


def url(name, run):
    return reverse(f"compensation:{name}", args=[run.pk])


def state():
    return (
        Run.objects.count(),
        Line.objects.count(),
        AuditEvent.objects.count(),
        sorted(Run.objects.values_list("pk", "status", "total_amount")),
    )


@pytest.fixture
def city(org, hr_admin, employee, supervisor):
    """The persona employee and supervisor (Dinkes), a Disdik teacher, one skipped officer."""
    make_scheme(created_by=hr_admin)
    me = Employee.objects.get(user=employee)
    appraise(me, year=2025, predikat=Predikat.BAIK)
    attendance(me, absent=1)
    teacher = staff(org.disdik, name="Guru Lain")
    attendance(teacher)
    staff(org.dinkes, name="Kepala Tanpa Pagu", kind=Position.Kind.ADMINISTRATOR)
    return {"me": me, "boss": Employee.objects.get(user=supervisor), "teacher": teacher}


@pytest.fixture
def draft(city, hr_admin):
    return services.compute_run(actor=hr_admin, month=OCTOBER)


@pytest.fixture
def final(draft, hr_admin):
    return services.finalise_run(actor=hr_admin, run=draft)


def test_the_run_list_by_role(client, hr_admin, auditor, opd_admin, employee, draft):
    for user, status in ((hr_admin, 200), (auditor, 200), (opd_admin, 200), (employee, 403)):
        client.force_login(user)
        response = client.get(LIST)
        assert response.status_code == status
        if status == 200:
            page = response.content.decode()
            assert "Oktober 2026" in page
            assert ('data-testid="compute-form"' in page) is (user == hr_admin)
    client.logout()
    assert client.get(LIST).status_code == 302


def test_the_empty_run_list(client, hr_admin):
    client.force_login(hr_admin)
    assert 'data-testid="empty-state"' in client.get(LIST).content.decode()


def test_hr_computes_a_month(client, hr_admin, city):
    client.force_login(hr_admin)

    response = client.post(COMPUTE, {"month": "2026-10"}, follow=True)

    run = Run.objects.get()
    assert response.redirect_chain == [(url("run_detail", run), 302)]
    page = response.content.decode()
    assert "TPP bulan Oktober 2026 dihitung untuk 3 pegawai (draf)." in page
    assert "Tanpa pagu: 1 pegawai aktif tidak dihitung" in page
    assert "Kepala Tanpa Pagu (Administrator Kepala Tanpa Pagu)" in page
    assert "Rekap kehadiran belum diimpor untuk 1 pegawai:" in page


def test_a_refused_compute_shows_the_message_and_changes_nothing(client, hr_admin, city, draft):
    client.force_login(hr_admin)
    before = state()

    again = client.post(COMPUTE, {"month": "2026-10"}, follow=True)
    bad = client.post(COMPUTE, {"month": "Oktober"}, follow=True)

    assert "Sudah ada draf perhitungan TPP bulan Oktober 2026; hitung ulang draf itu." in (
        again.content.decode()
    )
    assert "Tulis bulan dengan format TTTT-BB, mis. 2026-10." in bad.content.decode()
    assert state() == before


def test_the_auditor_and_an_admin_opd_cannot_act(client, auditor, opd_admin, draft, hr_admin):
    final_run = services.compute_run(actor=hr_admin, month=dt.date(2026, 9, 1))
    services.finalise_run(actor=hr_admin, run=final_run)
    before = state()
    for user in (auditor, opd_admin):
        client.force_login(user)
        responses = [
            client.post(COMPUTE, {"month": "2026-08"}),
            client.post(url("run_recompute", draft)),
            client.post(url("run_finalise", draft)),
            client.post(url("run_correct", final_run)),
        ]
        assert [response.status_code for response in responses] == [403, 403, 403, 403]
    assert state() == before


def names(response):
    return [line.employee.name for line in response.context["page_obj"]]


def test_hr_and_the_auditor_see_every_line_with_totals(client, hr_admin, auditor, draft):
    for user in (hr_admin, auditor):
        client.force_login(user)

        response = client.get(url("run_detail", draft))

        assert names(response) == ["Guru Lain", "Kepala Bidang", "Pegawai Uji"]
        totals = response.context["page"].totals
        # Pegawai Uji 1.755.000 + 1.267.500; the two others 1.365.000 + 1.300.000 each.
        assert (totals.employees, totals.total_amount) == (3, 3_022_500 + 2 * 2_665_000)
        page = response.content.decode()
        assert "Rp8.352.500" in page
        assert ("Finalkan" in page) is (user == hr_admin)


def test_the_search_filters_the_lines(client, hr_admin, draft, city):
    client.force_login(hr_admin)

    by_name = client.get(url("run_detail", draft), {"q": "guru"})
    by_nip = client.get(url("run_detail", draft), {"q": city["me"].nip[:14]})
    nothing = client.get(url("run_detail", draft), {"q": "tidak ada"})

    assert names(by_name) == ["Guru Lain"]
    assert "Pegawai Uji" in names(by_nip)
    assert "Tidak ada pegawai yang cocok dengan pencarian." in nothing.content.decode()


def test_an_admin_opd_sees_only_its_subtree(client, opd_admin, draft):
    client.force_login(opd_admin)

    response = client.get(url("run_detail", draft))

    assert names(response) == ["Kepala Bidang", "Pegawai Uji"]
    assert response.context["page"].totals.employees == 2
    assert "Kepala Tanpa Pagu" in response.content.decode()  # Dinkes: within the scope


def test_an_employee_sees_only_their_own_line_of_a_final_run(client, employee, supervisor, draft):
    client.force_login(employee)
    assert client.get(url("run_detail", draft)).status_code == 404

    services.finalise_run(actor=draft.computed_by, run=draft)
    response = client.get(url("run_detail", draft))

    assert response.status_code == 200
    assert names(response) == ["Pegawai Uji"]
    page = response.content.decode()
    assert "Bagian kinerja: Rp3.250.000 × 60% × 90% (Baik) = Rp1.755.000" in page
    assert "Guru Lain" not in page
    assert "Tanpa pagu" not in page
    assert 'data-testid="export"' not in page
    # The supervisor sees their own line too, not their team's.
    client.force_login(supervisor)
    assert names(client.get(url("run_detail", draft))) == ["Kepala Bidang"]


def test_someone_without_a_line_gets_404(client, draft, hr_admin, org):
    services.finalise_run(actor=hr_admin, run=draft)
    user = UserFactory.create(roles=[Role.PEGAWAI])
    staff(org.disdik, name="Baru Masuk", user=user)  # active, but computed after October
    client.force_login(user)

    assert client.get(url("run_detail", draft)).status_code == 404
    assert client.get(reverse("compensation:run_detail", args=[draft.pk + 99])).status_code == 404


def test_recompute_finalise_and_correct_through_the_pages(client, hr_admin, draft, city):
    client.force_login(hr_admin)
    attendance(city["boss"])

    recomputed = client.post(url("run_recompute", draft), follow=True)
    finalised = client.post(url("run_finalise", draft), follow=True)
    corrected = client.post(url("run_correct", draft), follow=True)

    assert "Draf TPP bulan Oktober 2026 dihitung ulang." in recomputed.content.decode()
    assert "TPP bulan Oktober 2026 final dan siap dikirim ke penggajian." in (
        finalised.content.decode()
    )
    replacement = Run.objects.get(supersedes=draft)
    assert corrected.redirect_chain == [(url("run_detail", replacement), 302)]
    assert "Draf pengganti TPP bulan Oktober 2026 dihitung" in corrected.content.decode()
    again = client.post(url("run_correct", draft), follow=True)
    assert (
        "Sudah ada draf perhitungan TPP bulan Oktober 2026; hitung ulang atau finalkan draf "
        "itu." in again.content.decode()
    )


def test_the_export_for_staff_only(client, hr_admin, opd_admin, employee, final):
    client.force_login(hr_admin)
    response = client.get(url("run_export", final))

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == (
        f'attachment; filename="tpp-2026-10-final-{final.pk}.xlsx"'
    )
    assert response["Cache-Control"] == "private, no-store"
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["TPP"]
    assert [row[1].value for row in sheet.iter_rows(min_row=2)] == [
        "Guru Lain",
        "Kepala Bidang",
        "Pegawai Uji",
        "3 pegawai",
    ]
    event = AuditEvent.objects.get(action="compensation.run.exported")
    assert event.changes == {"month": "2026-10-01", "status": "final", "lines": 3}

    client.force_login(opd_admin)
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(url("run_export", final)).content))["TPP"]
    assert [row[1].value for row in sheet.iter_rows(min_row=2)] == [
        "Kepala Bidang",
        "Pegawai Uji",
        "2 pegawai",
    ]

    client.force_login(employee)
    before = AuditEvent.objects.count()
    assert client.get(url("run_export", final)).status_code == 403
    assert AuditEvent.objects.count() == before


def test_my_lines(client, employee, hr_admin, final):
    client.force_login(employee)

    response = client.get(reverse("compensation:my_lines"))

    assert [line.run_id for line in response.context["page_obj"]] == [final.pk]
    assert "Oktober 2026: Rp3.022.500" in response.content.decode()


def test_my_lines_without_an_employee_record_or_a_final_run(client, hr_admin, employee, draft):
    client.force_login(hr_admin)
    assert (
        'data-testid="no-employee"' in client.get(reverse("compensation:my_lines")).content.decode()
    )
    client.force_login(employee)
    assert (
        'data-testid="empty-state"' in client.get(reverse("compensation:my_lines")).content.decode()
    )
