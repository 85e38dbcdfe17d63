"""The Excel downloads of the rewards pages: each holds what its page shows the reader and
writes one audit row; a refused download writes none."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied

from simerit.audit.models import AuditEvent
from simerit.employees.models import Employee
from simerit.rewards.models import Grant, Nomination
from simerit.rewards.services import exports
from simerit.rewards.tests.factories import (
    AwardFactory,
    NominationFactory,
    exact,
    granted,
    hr_user,
    sanction,
    staff,
)

pytestmark = pytest.mark.django_db

NOMINATION_HEADERS = (
    "No.",
    "NIP",
    "Nama",
    "Unit kerja",
    "Penghargaan",
    "Tahun",
    "Status",
    "Nilai akhir",
    "Diusulkan oleh",
    "Tanggal usulan",
    "Catatan keputusan",
)


def rows_of(content: bytes) -> list[tuple[object, ...]]:
    return list(openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


@pytest.fixture
def nominations(org, employee):
    award = AwardFactory.create(name="Pegawai Teladan")
    nominator = hr_user(username="admin.kedua", full_name="Admin Kedua")
    own = NominationFactory.create(
        award=award,
        employee=Employee.objects.get(user=employee),
        status=Nomination.Status.SCORED,
        final_score=Decimal("88.50"),
        nominated_by=nominator,
    )
    elsewhere = NominationFactory.create(
        award=award,
        employee=staff(name="Guru Lain", work_unit=org.disdik),
        status=Nomination.Status.REJECTED,
        final_score=Decimal("61.25"),
        decision_note='=HYPERLINK("http://contoh")',
        nominated_by=nominator,
    )
    return own, elsewhere


def test_the_nominations_export_is_scoped_like_the_list_and_audited(opd_admin, nominations):
    own, _ = nominations

    content = exports.export_nominations(
        filters=exports.NominationFilters(year=2026), actor=opd_admin
    )

    rows = rows_of(content)
    employee = own.employee
    assert rows == [
        NOMINATION_HEADERS,
        (
            1,
            employee.nip,
            employee.display_name,
            "Bidang Pelayanan Kesehatan",
            "Pegawai Teladan",
            2026,
            "Sudah dinilai",
            88.5,
            "Admin Kedua",
            dt.datetime(2026, 11, 28),  # noqa: DTZ001 (openpyxl reads a date cell naive)
            None,
        ),
    ]
    [event] = AuditEvent.objects.filter(action="rewards.nomination_list.exported")
    assert event.actor == opd_admin
    assert event.changes == {
        "year": 2026,
        "award_id": None,
        "status": "",
        "search": "",
        "rows": 1,
    }


def test_the_nominee_exports_their_row_without_the_final_score(employee, nominations):
    rows = rows_of(exports.export_nominations(filters=exports.NominationFilters(), actor=employee))

    assert len(rows) == 2
    assert (rows[1][6], rows[1][7]) == ("Sudah dinilai", None)


def test_user_typed_text_never_becomes_a_formula(hr_admin, nominations):
    content = exports.export_nominations(
        filters=exports.NominationFilters(status="rejected"), actor=hr_admin
    )

    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    note = sheet.cell(row=2, column=11)
    assert (note.value, note.data_type) == ('=HYPERLINK("http://contoh")', "s")
    assert sheet.cell(row=2, column=8).value == 61.25


def test_the_nominations_page_downloads_the_list(client, hr_admin, nominations):
    client.force_login(hr_admin)

    response = client.get("/penghargaan/usulan/unduh/?q=Guru")
    page = client.get("/penghargaan/usulan/?q=Guru").content.decode()

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="usulan-penghargaan.xlsx"'
    assert [row[2] for row in rows_of(response.content)[1:]] == ["Guru Lain"]
    assert 'href="/penghargaan/usulan/unduh/?q=Guru"' in page
    [event] = AuditEvent.objects.filter(action="rewards.nomination_list.exported")
    assert event.changes["search"] == "Guru"


def test_an_anonymous_download_is_refused_and_not_audited(client, nominations):
    response = client.get("/penghargaan/usulan/unduh/")

    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action__endswith=".exported").exists()


def test_the_satyalancana_export_is_audited(client, org, opd_admin):
    staff(tmt_cpns=dt.date(2016, 3, 1), name="Ani", work_unit=org.dinkes)
    punished = staff(tmt_cpns=dt.date(2016, 3, 1), name="Budi", work_unit=org.dinkes)
    sanction(punished, decided_on=dt.date(2026, 2, 2), number="HD-2026-0001")
    staff(tmt_cpns=dt.date(2016, 3, 1), name="Citra", work_unit=org.disdik)
    client.force_login(opd_admin)

    response = client.get("/penghargaan/satyalancana/unduh/?year=2026")

    assert response.status_code == 200
    [event] = AuditEvent.objects.filter(action="rewards.satyalancana_list.exported")
    assert event.actor == opd_admin
    assert event.changes == {
        "year": 2026,
        "eligible": 1,
        "excluded": 1,
        "with_case_numbers": False,
    }


def test_the_satyalancana_export_is_refused_to_an_employee(client, employee):
    client.force_login(employee)

    assert client.get("/penghargaan/satyalancana/unduh/?year=2026").status_code == 403
    with pytest.raises(
        PermissionDenied,
        match=exact("Daftar Satyalancana hanya untuk Admin BKPSDM, Auditor, dan Admin OPD."),
    ):
        exports.export_satyalancana(year=2026, actor=employee)
    assert not AuditEvent.objects.filter(action__endswith=".exported").exists()


def test_the_grant_register_export_is_audited(client, hr_admin, employee):
    nomination = NominationFactory.create(
        employee=Employee.objects.get(user=employee),
        status=Nomination.Status.SCORED,
        final_score=Decimal(90),
    )
    granted(nomination, actor=hr_user())
    grant = Grant.objects.get()
    client.force_login(hr_admin)

    response = client.get("/penghargaan/piagam/unduh/?year=2026")

    assert [row[1] for row in rows_of(response.content)[1:]] == [grant.number]
    [event] = AuditEvent.objects.filter(action="rewards.grant_list.exported")
    assert event.actor == hr_admin
    assert event.changes == {"year": 2026, "award_id": None, "search": "", "rows": 1}
