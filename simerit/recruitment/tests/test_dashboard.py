from io import BytesIO

from django.utils import timezone
from openpyxl import load_workbook

from simerit.audit.models import AuditEvent
from simerit.recruitment.models import Announcement, Application, Sanggah
from simerit.recruitment.selectors.dashboard import period_numbers
from simerit.recruitment.tests.factories import ApplicationFactory, FormasiFactory


def _story(org):
    """Dinkes: a draft, a submitted, an MS and a TMS application; Disdik: one MS."""
    dinkes = FormasiFactory.create(code="DINKES-01", work_unit=org.dinkes)
    disdik = FormasiFactory.create(code="DISDIK-01", work_unit=org.disdik, period=dinkes.period)
    ApplicationFactory.create(formasi=dinkes)
    ApplicationFactory.create(formasi=dinkes, status=Application.Status.SUBMITTED)
    ApplicationFactory.create(formasi=dinkes, status=Application.Status.MS)
    tms = ApplicationFactory.create(formasi=dinkes, status=Application.Status.TMS)
    ApplicationFactory.create(formasi=disdik, status=Application.Status.MS)
    return dinkes, disdik, tms


def _announcement(formasi, hr_admin):
    return Announcement.objects.create(
        formasi=formasi,
        version=1,
        published_at=timezone.now(),
        sanggah_closes_at=timezone.now(),
        published_by=hr_admin,
        sha256="0" * 64,
    )


def test_period_numbers_count_each_status_per_formasi(org, hr_admin):
    dinkes, _, tms = _story(org)
    Sanggah.objects.create(
        application=tms, announcement=_announcement(dinkes, hr_admin), reason="x", status="granted"
    )
    numbers = period_numbers(user=hr_admin, period=dinkes.period)
    rows = {row.code: row for row in numbers.rows}
    assert (
        rows["DINKES-01"].registered,
        rows["DINKES-01"].submitted,
        rows["DINKES-01"].ms,
        rows["DINKES-01"].tms,
        rows["DINKES-01"].sanggah_filed,
        rows["DINKES-01"].sanggah_granted,
    ) == (4, 3, 1, 1, 1, 1)
    assert (rows["DISDIK-01"].registered, rows["DISDIK-01"].ms) == (1, 1)
    assert numbers.total("registered") == 5


def test_admin_opd_sees_only_its_own_formasi(org, opd_admin):
    dinkes, _, _ = _story(org)
    numbers = period_numbers(user=opd_admin, period=dinkes.period)
    assert [row.code for row in numbers.rows] == ["DINKES-01"]


def test_period_numbers_is_one_query(org, hr_admin, django_assert_num_queries):
    dinkes, _, _ = _story(org)
    assert hr_admin.roles  # read once per request by the login machinery
    with django_assert_num_queries(1):
        period_numbers(user=hr_admin, period=dinkes.period)


def test_dashboard_page_shows_totals_and_chart_data(client, org, hr_admin):
    dinkes, _, _ = _story(org)
    client.force_login(hr_admin)
    response = client.get(f"/seleksi/dasbor/{dinkes.period.pk}/")
    assert response.status_code == 200
    assert response.context["totals"] == {
        "quota": 4,
        "registered": 5,
        "submitted": 4,
        "ms": 2,
        "tms": 1,
        "sanggah_filed": 0,
        "sanggah_granted": 0,
    }
    assert response.context["chart"] == {
        "labels": ["DINKES-01", "DISDIK-01"],
        "submitted": [3, 1],
        "ms": [1, 1],
        "tms": [1, 0],
    }
    assert 'id="data-grafik-formasi"' in response.text


def test_dashboard_export_is_a_spreadsheet_of_the_rows(client, org, hr_admin):
    dinkes, _, _ = _story(org)
    client.force_login(hr_admin)
    response = client.get(f"/seleksi/dasbor/{dinkes.period.pk}/ekspor/")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("Kode formasi", "Jabatan", "Unit penempatan", "Kuota", "Pendaftar")
    assert [row[0] for row in rows[1:]] == ["DINKES-01", "DISDIK-01"]
    assert rows[1][4:8] == (4, 3, 1, 1)


def test_dashboard_refuses_applicants_and_employees(client, org, employee, applicant):
    dinkes, _, _ = _story(org)
    before = AuditEvent.objects.count()
    for user in (employee, applicant):
        client.force_login(user)
        assert client.get(f"/seleksi/dasbor/{dinkes.period.pk}/").status_code == 403
    assert AuditEvent.objects.count() == before
