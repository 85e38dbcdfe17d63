"""Appointment pages and API: HR appoints per formasi and downloads the NIP proposals; the
Auditor reads; everyone else is refused with nothing changed."""

import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from simerit.accounts.tests.factories import UserFactory
from simerit.audit.models import AuditEvent
from simerit.core.dates import format_date_id, format_datetime_wib
from simerit.core.roles import Role
from simerit.employees.models import Employee
from simerit.organization.tests.factories import golongan
from simerit.recruitment.models import SelectionKind
from simerit.recruitment.tests.factories import FormasiFactory, SelectionPeriodFactory
from simerit.selection.models import Appointment
from simerit.selection.rules import FinalStatus
from simerit.selection.selectors import appointments as selectors
from simerit.selection.services import appointments as services
from simerit.selection.tests.factories_sanggah import publish
from simerit.selection.tests.test_appointment_services import (
    CLOSED_AT,
    PUBLISHED_AT,
    TMT,
    counts,
    winner,
)

API = "/api/v1/selection"
NIP_1 = f"19970405{TMT:%Y%m}2001"
NIP_2 = f"19970405{TMT:%Y%m}2002"


@pytest.fixture
def formasi(db):
    period = SelectionPeriodFactory.create(kind=SelectionKind.CPNS)
    return FormasiFactory.create(period=period, code="F-PERAWAT", entry_golongan=golongan("III/a"))


@pytest.fixture
def announced(formasi):
    lines = [
        (winner(formasi, 1, name="Siti Aminah"), FinalStatus.LULUS, 1),
        (winner(formasi, 2, name="Rina Marlina"), FinalStatus.LULUS, 2),
        (winner(formasi, 3, name="Dewi Lestari"), FinalStatus.PL, 3),
    ]
    publisher = UserFactory.create(roles=[Role.ADMIN_BKPSDM])
    return publish(
        formasi,
        lines=lines,
        published_by=publisher,
        published_at=PUBLISHED_AT,
        sanggah_closes_at=CLOSED_AT,
    )


def page_url(formasi):
    return reverse("selection:appointments", args=[formasi.period_id])


def appoint_url(formasi):
    return reverse("selection:appointments-appoint", args=[formasi.pk])


def test_hr_sees_the_formasi_with_lulus_counts_and_the_button(client, formasi, announced, hr_admin):
    client.force_login(hr_admin)
    response = client.get(page_url(formasi))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'data-testid="lulus">2<' in content
    assert 'data-testid="appointed">0<' in content
    assert f'value="{TMT:%Y-%m-%d}"' in content
    assert "Angkat 2 pelamar" in content
    assert 'data-testid="empty-appointments"' in content


def test_hr_appoints_through_the_page(client, formasi, announced, hr_admin):
    client.force_login(hr_admin)
    response = client.post(appoint_url(formasi), {"planned_tmt": f"{TMT:%Y-%m-%d}"})
    assert response.status_code == 302
    assert sorted(Appointment.objects.values_list("proposed_nip", flat=True)) == [NIP_1, NIP_2]
    page = client.get(response["Location"]).content.decode()
    assert (
        "F-PERAWAT: 2 pegawai dibuat; 0 pelamar Lulus yang sudah diangkat sebelumnya dilewati."
        in page
    )
    employee = Employee.objects.get(nip=NIP_1)
    assert f'href="/pegawai/{employee.pk}/"' in page
    assert 'data-testid="appointed">2<' in page
    again = client.post(appoint_url(formasi), {"planned_tmt": f"{TMT:%Y-%m-%d}"}, follow=True)
    assert (
        "F-PERAWAT: 0 pegawai dibuat; 2 pelamar Lulus yang sudah diangkat sebelumnya dilewati."
        in again.content.decode()
    )
    assert Appointment.objects.count() == 2


def test_a_refusal_is_shown_and_nothing_changes(client, formasi, announced, hr_admin):
    client.force_login(hr_admin)
    before = counts()
    response = client.post(appoint_url(formasi), {"planned_tmt": "2099-03-01"}, follow=True)
    assert "F-PERAWAT: TMT yang diusulkan (1 Maret 2099) lebih dari satu tahun" in (
        response.content.decode()
    )
    assert counts() == before


def test_a_missing_tmt_is_refused(client, formasi, announced, hr_admin):
    client.force_login(hr_admin)
    before = counts()
    response = client.post(appoint_url(formasi), {"planned_tmt": ""}, follow=True)
    assert "F-PERAWAT: Bidang ini tidak boleh kosong." in response.content.decode()
    assert counts() == before


def test_the_open_sanggah_window_is_shown_instead_of_the_button(client, formasi, hr_admin):
    siti = winner(formasi, 1, name="Siti Aminah")
    publish(formasi, lines=[(siti, FinalStatus.LULUS, 1)])
    client.force_login(hr_admin)
    content = client.get(page_url(formasi)).content.decode()
    assert "Masa sanggah hasil akhir F-PERAWAT versi 1 belum berakhir" in content
    assert 'name="planned_tmt"' not in content


def test_the_auditor_reads_without_the_button_and_cannot_appoint(
    client, formasi, announced, auditor
):
    client.force_login(auditor)
    content = client.get(page_url(formasi)).content.decode()
    assert 'name="planned_tmt"' not in content
    assert "2 pelamar menunggu pengangkatan." in content
    before = counts()
    response = client.post(appoint_url(formasi), {"planned_tmt": f"{TMT:%Y-%m-%d}"})
    assert response.status_code == 403
    assert counts() == before


@pytest.mark.parametrize("role", [Role.PELAMAR, Role.PEGAWAI, Role.ADMIN_OPD, Role.VERIFIKATOR])
def test_other_roles_are_refused(client, formasi, announced, role):
    client.force_login(UserFactory.create(roles=[role]))
    assert client.get(page_url(formasi)).status_code == 403
    before = counts()
    response = client.post(appoint_url(formasi), {"planned_tmt": f"{TMT:%Y-%m-%d}"})
    assert response.status_code == 403
    assert counts() == before
    export = reverse("selection:appointments-export", args=[formasi.period_id])
    assert client.get(export).status_code == 403


def test_the_nip_proposals_download_without_nik(client, formasi, announced, hr_admin, auditor):
    services.appoint_winners(formasi=formasi, planned_tmt=TMT, actor=hr_admin)
    client.force_login(auditor)
    response = client.get(reverse("selection:appointments-export", args=[formasi.period_id]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("No.", "NIP usulan", "Nama", "Jenis kelamin")
    assert "NIK" not in rows[0]
    assert [(row[1], row[2], row[6], row[7], row[11]) for row in rows[1:]] == [
        (NIP_1, "Siti Aminah", "S1", "Keperawatan", "III/a"),
        (NIP_2, "Rina Marlina", "S1", "Keperawatan", "III/a"),
    ]
    niks = set(Employee.objects.values_list("nik", flat=True))
    assert not any(str(value) in niks for row in rows for value in row)
    event = AuditEvent.objects.get(action="selection.nip_proposals.exported")
    assert (event.actor, event.changes) == (auditor, {"count": 2})


# --- API


def test_api_appoint_and_list(client, formasi, announced, hr_admin, auditor):
    client.force_login(hr_admin)
    response = client.post(
        f"{API}/formasi/{formasi.pk}/appointments",
        {"planned_tmt": f"{TMT:%Y-%m-%d}"},
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert [item["proposed_nip"] for item in body["created"]] == [NIP_1, NIP_2]
    assert body["skipped"] == 0
    assert "nik" not in body["created"][0]
    again = client.post(
        f"{API}/formasi/{formasi.pk}/appointments",
        {"planned_tmt": f"{TMT:%Y-%m-%d}"},
        content_type="application/json",
    ).json()
    assert (again["created"], again["skipped"]) == ([], 2)
    client.force_login(auditor)
    listed = client.get(f"{API}/periods/{formasi.period_id}/appointments")
    assert listed.status_code == 200
    assert [item["registration_number"] for item in listed.json()["items"]] == [
        "2026-A-000001",
        "2026-A-000002",
    ]


def test_api_refusals_change_nothing(client, formasi, announced, hr_admin, auditor):
    before = counts()
    client.force_login(auditor)
    denied = client.post(
        f"{API}/formasi/{formasi.pk}/appointments",
        {"planned_tmt": f"{TMT:%Y-%m-%d}"},
        content_type="application/json",
    )
    assert denied.status_code == 403
    client.force_login(hr_admin)
    future = client.post(
        f"{API}/formasi/{formasi.pk}/appointments",
        {"planned_tmt": "2099-03-01"},
        content_type="application/json",
    )
    assert future.status_code == 422
    assert future.json()["errors"][0]["field"] == "planned_tmt"
    assert counts() == before


def test_api_list_is_closed_to_applicants(client, formasi, announced):
    client.force_login(UserFactory.create(roles=[Role.PELAMAR]))
    assert client.get(f"{API}/periods/{formasi.period_id}/appointments").status_code == 403


def test_the_formasi_rows_take_the_same_queries_for_one_or_many_formasi(
    formasi, announced, django_assert_num_queries
):
    def rows():
        return selectors.formasi_rows(
            selectors.announced_formasi(formasi.period), now=timezone.now()
        )

    with django_assert_num_queries(2):
        assert [(row.lulus, row.appointed, row.refusal) for row in rows()] == [(2, 0, None)]
    for code in ("F-BIDAN", "F-DOKTER"):
        other = FormasiFactory.create(period=formasi.period, code=code)
        publish(
            other, lines=[(winner(other, 10 + len(code), name="Nur Aini"), FinalStatus.LULUS, 1)]
        )
    with django_assert_num_queries(2):
        listed = rows()
    assert [(row.formasi.code, row.lulus, row.refusal is None) for row in listed] == [
        ("F-BIDAN", 1, False),
        ("F-DOKTER", 1, False),
        ("F-PERAWAT", 2, True),
    ]


# --- Nothing typed is lost: a refused appointment shows the page again with the typed TMT


def test_a_refused_appointment_keeps_the_typed_tmt(client, formasi, announced, hr_admin):
    client.force_login(hr_admin)
    before = counts()
    typed = TMT.replace(day=15)

    response = client.post(appoint_url(formasi), {"planned_tmt": f"{typed:%Y-%m-%d}"})

    assert response.status_code == 200
    assert counts() == before
    message = f"TMT CPNS selalu tanggal 1 suatu bulan; yang diisi {format_date_id(typed)}."
    assert response.context["refused"] == formasi
    assert response.context["refused_form"].errors == {"planned_tmt": [message]}
    content = response.content.decode()
    assert "Pelamar Lulus formasi F-PERAWAT belum diangkat:" in content
    assert f"<li>F-PERAWAT: {message}</li>" in content
    assert f'id="tmt-ulang" name="planned_tmt" required value="{typed:%Y-%m-%d}"' in content


def test_an_unreadable_tmt_is_kept_with_the_form_error(client, formasi, announced, hr_admin):
    client.force_login(hr_admin)
    before = counts()

    response = client.post(appoint_url(formasi), {"planned_tmt": "2026-02-31"})

    assert response.status_code == 200
    assert counts() == before
    assert response.context["refused_form"].errors == {
        "planned_tmt": ["Masukkan tanggal yang valid."]
    }
    content = response.content.decode()
    assert "<li>F-PERAWAT: Masukkan tanggal yang valid.</li>" in content
    assert 'name="planned_tmt" required value="2026-02-31"' in content


def test_a_refusal_of_the_formasi_is_shown_with_the_typed_tmt(client, formasi, hr_admin):
    siti = winner(formasi, 1, name="Siti Aminah")
    announcement = publish(formasi, lines=[(siti, FinalStatus.LULUS, 1)])
    client.force_login(hr_admin)
    before = counts()

    response = client.post(appoint_url(formasi), {"planned_tmt": f"{TMT:%Y-%m-%d}"})

    assert response.status_code == 200
    assert counts() == before
    message = (
        "Masa sanggah hasil akhir F-PERAWAT versi 1 belum berakhir; pengangkatan dapat dilakukan "
        f"setelah {format_datetime_wib(announcement.sanggah_closes_at)}."
    )
    assert response.context["refused_form"].non_field_errors() == [message]
    content = response.content.decode()
    assert f"<li>F-PERAWAT: {message}</li>" in content
    assert f'id="tmt-ulang" name="planned_tmt" required value="{TMT:%Y-%m-%d}"' in content
