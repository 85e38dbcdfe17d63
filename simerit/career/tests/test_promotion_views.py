"""The kenaikan pangkat page and its export: who may open them, the period and unit filters, the
two tabs, the Excel file (both sheets, no NIK), the audited download."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from simerit.audit.models import AuditEvent
from simerit.career.models import PromotionRule
from simerit.career.tests.factories import appraise_years, make_office, sanction

pytestmark = pytest.mark.django_db

URL = reverse("career:promotion")
EXPORT = reverse("career:promotion_export")
GOOD = {2025: "baik", 2024: "baik"}


@pytest.fixture
def office():
    office = make_office()
    appraise_years(office.staff[0], GOOD)
    appraise_years(office.staff[1], GOOD)
    sanction(office.staff[1], starts_on=dt.date(2026, 7, 1), number="HD-2026-0001")
    appraise_years(office.other, GOOD)
    return office


def rows(response):
    return [row.employee.name for row in response.context["page_obj"]]


def test_hr_sees_the_next_period(client, office):
    client.force_login(office.hr)

    response = client.get(URL)

    assert response.status_code == 200
    assert response.context["filters"].period == dt.date(2026, 12, 1)
    assert rows(response) == ["Pegawai Lain", "Staf A"]
    content = response.content.decode()
    assert "Kenaikan pangkat reguler periode 1 Desember 2026" in content
    assert office.staff[0].nip in content


def test_the_other_tab_gives_the_reasons(client, office):
    client.force_login(office.hr)

    response = client.get(URL, {"daftar": "belum"})

    assert rows(response) == ["Kabid Bina", "Kabid Hubung", "Staf B", "Staf C"]
    content = response.content.decode()
    assert "Sedang menjalani hukuman disiplin (HD-2026-0001) sampai 31/12/2026." in content
    assert "Predikat 2025 belum final." in content


def test_the_employee_returns_after_the_sanction(client, office):
    client.force_login(office.hr)

    during = client.get(URL, {"period": "2026-12-01"})
    after = client.get(URL, {"period": "2027-01-01", "daftar": "belum"})

    assert "Staf B" not in rows(during)
    # In January 2027 everyone lacks the 2026 predikat; the sanction no longer counts.
    assert "Sedang menjalani hukuman disiplin" not in after.content.decode()


def test_a_past_period_under_the_six_period_rule(client, office):
    client.force_login(office.hr)

    response = client.get(URL, {"period": "2024-06-01"})

    assert response.context["filters"].period == dt.date(2024, 6, 1)
    assert response.context["filters"].period_error == ""


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-12-15", "Tanggal 15/12/2026 bukan periode kenaikan pangkat."),
        ("2024-07-01", "Tanggal 01/07/2024 bukan periode kenaikan pangkat."),
        ("besok", "Periode tidak dikenali: gunakan format TTTT-BB-01, mis. 2026-12-01."),
    ],
)
def test_a_date_that_is_not_a_period(client, office, value, message):
    client.force_login(office.hr)

    response = client.get(URL, {"period": value})

    assert response.status_code == 200
    assert response.context["filters"].period_error == message
    assert response.context["filters"].period == dt.date(2026, 12, 1)
    assert message in response.content.decode()


def test_opd_admin_sees_the_subtree(client, office):
    client.force_login(office.admin)

    eligible = client.get(URL)
    others = client.get(URL, {"daftar": "belum", "unit": office.division.pk})

    assert rows(eligible) == ["Staf A"]
    assert rows(others) == ["Kabid Bina", "Staf B", "Staf C"]


def test_opd_admin_reads_the_reason_without_the_case(client, office):
    client.force_login(office.admin)

    response = client.get(URL, {"daftar": "belum"})

    content = response.content.decode()
    assert [
        r.check.reasons for r in response.context["page_obj"] if r.employee.name == "Staf B"
    ] == [["Sedang menjalani hukuman disiplin."]]
    assert "<li>Sedang menjalani hukuman disiplin.</li>" in content
    assert "HD-2026-0001" not in content
    assert "31/12/2026" not in content


def test_the_page_says_whether_a_pending_appeal_blocks(client, office):
    client.force_login(office.hr)
    line = (
        "Keberatan atau banding yang belum diputus {} kenaikan pangkat (pengaturan instansi; "
        "aturan era PP 53/2010 yang belum dipastikan masih berlaku)."
    )

    before = client.get(URL).content.decode()
    PromotionRule.objects.update(pending_appeal_blocks=True)
    after = client.get(URL).content.decode()

    assert line.format("tidak menunda") in before
    assert line.format("menunda") in after


def test_supervisor_sees_the_team(client, office):
    client.force_login(office.user(office.chief))

    response = client.get(URL, {"daftar": "belum"})

    assert rows(response) == ["Kabid Bina", "Staf B", "Staf C"]


def test_a_unit_outside_the_scope_is_not_found(client, office):
    client.force_login(office.admin)

    response = client.get(URL, {"unit": office.other_unit.pk})
    export = client.get(EXPORT, {"unit": office.other_unit.pk})

    assert (response.status_code, export.status_code) == (404, 404)
    assert not AuditEvent.objects.filter(action="career.promotion_list.exported").exists()


def test_an_employee_may_not_open_the_list(client, office):
    client.force_login(office.user(office.staff[0]))

    assert client.get(URL).status_code == 403
    assert client.get(EXPORT).status_code == 403
    assert not AuditEvent.objects.filter(action="career.promotion_list.exported").exists()


def test_anonymous_goes_to_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={URL}"


def test_empty_state(client, office):
    client.force_login(office.other_admin)

    response = client.get(URL, {"period": "2026-12-01", "daftar": "belum", "unit": ""})
    eligible_only = client.get(URL, {"unit": office.other_unit.pk})

    assert rows(response) == ["Kabid Hubung"]
    assert rows(eligible_only) == ["Pegawai Lain"]
    office.other.is_active = False
    office.other.save()
    empty = client.get(URL)
    assert "Tidak ada pegawai yang memenuhi syarat pada periode ini." in empty.content.decode()


def test_export_both_sheets(client, office):
    client.force_login(office.auditor)

    response = client.get(EXPORT, {"period": "2026-12-01", "unit": office.division.pk})

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="kenaikan-pangkat-2026-12-01-unit-{office.division.pk}.xlsx"'
    )
    assert response["Cache-Control"] == "private, no-store"
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Memenuhi syarat", "Belum memenuhi syarat"]
    eligible = list(workbook["Memenuhi syarat"].iter_rows(values_only=True))
    assert eligible[0] == (
        "NIP",
        "Nama",
        "Unit kerja",
        "Jabatan",
        "Golongan",
        "TMT golongan",
        "Golongan berikutnya",
        "Catatan",
    )
    note = "Pendidikan belum tercatat; batas pangkat menurut pendidikan tidak diperiksa."
    staff_a = office.staff[0]
    assert eligible[1:] == [
        (
            staff_a.nip,
            "Staf A",
            "Bidang Pembinaan",
            staff_a.position.name,
            "III/b",
            "01/10/2022",
            "III/c",
            note,
        ),
    ]
    others = list(workbook["Belum memenuhi syarat"].iter_rows(values_only=True))
    assert [row[1] for row in others[1:]] == ["Kabid Bina", "Staf B", "Staf C"]
    assert others[2][6] == "Sedang menjalani hukuman disiplin (HD-2026-0001) sampai 31/12/2026."
    assert others[3][6] == "Predikat 2025 belum final. Predikat 2024 belum final."
    assert all(office.staff[0].nik not in str(cell) for row in eligible for cell in row)
    [event] = AuditEvent.objects.filter(action="career.promotion_list.exported")
    assert (event.actor, event.changes) == (
        office.auditor,
        {"period": "2026-12-01", "unit": "Bidang Pembinaan", "eligible": 1, "ineligible": 3},
    )


def _reasons_sheet(response):
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    return list(workbook["Belum memenuhi syarat"].iter_rows(values_only=True))


def test_the_export_names_the_case_for_hr_only(client, office):
    client.force_login(office.hr)
    by_hr = _reasons_sheet(client.get(EXPORT, {"unit": office.division.pk}))
    client.force_login(office.admin)
    by_admin = _reasons_sheet(client.get(EXPORT, {"unit": office.division.pk}))

    assert (
        [row[1] for row in by_hr[1:]]
        == [row[1] for row in by_admin[1:]]
        == [
            "Kabid Bina",
            "Staf B",
            "Staf C",
        ]
    )
    assert by_hr[2][6] == "Sedang menjalani hukuman disiplin (HD-2026-0001) sampai 31/12/2026."
    assert by_admin[2][6] == "Sedang menjalani hukuman disiplin."
    assert not any("HD-" in str(cell) for row in by_admin for cell in row)


def test_export_refuses_a_date_that_is_not_a_period(client, office):
    client.force_login(office.hr)

    assert client.get(EXPORT, {"period": "2026-12-02"}).status_code == 404
