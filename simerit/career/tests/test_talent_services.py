"""Potential scores: Admin BKPSDM records one (audited), every bad input refused with its exact
message and nothing changed, removal with a reason, and the audited 9-box export."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied

from simerit.audit.models import AuditEvent
from simerit.career.models import PotentialAssessment
from simerit.career.services import talent as services
from simerit.career.services.talent import PotentialInput
from simerit.career.tests.factories import CareerEmployeeFactory, make_office
from simerit.career.tests.factories_talent import assess, place_in_box
from simerit.core.exceptions import DomainError, InvalidInputError

pytestmark = pytest.mark.django_db

GOOD = PotentialInput(
    assessed_on=dt.date(2026, 11, 2),
    method="  CACT BKN ",
    institution="BKN Kantor Regional VII",
    score=Decimal("78.5"),
    note="Asesmen JPT",
)


def _snapshot():
    return (PotentialAssessment.objects.count(), AuditEvent.objects.count())


def test_hr_records_a_score_with_an_audit_row():
    office = make_office()
    person = office.staff[0]

    saved = services.record_potential(employee=person, data=GOOD, actor=office.hr)

    saved.refresh_from_db()
    assert (saved.employee, saved.assessed_on, saved.method, saved.score, saved.source) == (
        person,
        dt.date(2026, 11, 2),
        "CACT BKN",
        Decimal("78.50"),
        "manual",
    )
    assert saved.recorded_by == office.hr
    event = AuditEvent.objects.get(action="career.potential_assessment.recorded")
    assert event.target_id == str(saved.pk)
    assert event.changes == {
        "employee": person.nip,
        "assessed_on": "2026-11-02",
        "method": "CACT BKN",
        "institution": "BKN Kantor Regional VII",
        "score": "78.50",
        "source": "manual",
    }


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"score": Decimal("100.01")}, "score", "Nilai potensial harus antara 0 dan 100."),
        ({"score": Decimal("-1")}, "score", "Nilai potensial harus antara 0 dan 100."),
        (
            {"score": Decimal("78.555")},
            "score",
            "Nilai potensial paling banyak dua angka di belakang koma.",
        ),
        ({"score": None}, "score", "Nilai potensial wajib diisi."),
        (
            {"assessed_on": dt.date(2026, 11, 29)},
            "assessed_on",
            "Tanggal asesmen tidak boleh di masa depan.",
        ),
        ({"assessed_on": None}, "assessed_on", "Tanggal asesmen wajib diisi."),
        ({"method": "   "}, "method", "Metode/alat ukur wajib diisi."),
        ({"method": "x" * 151}, "method", "Metode/alat ukur paling banyak 150 karakter."),
        ({"institution": "x" * 201}, "institution", "Pelaksana paling banyak 200 karakter."),
    ],
)
def test_bad_input_is_refused_with_its_message_and_nothing_changes(changes, field, message):
    office = make_office()
    before = _snapshot()
    data = PotentialInput(**{**GOOD.__dict__, **changes})

    with pytest.raises(InvalidInputError) as refusal:
        services.record_potential(employee=office.staff[0], data=data, actor=office.hr)

    assert refusal.value.errors == {field: [message]}
    assert _snapshot() == before


def test_the_edges_of_the_score_are_accepted():
    office = make_office()
    for score, day in (("0", 1), ("100", 2), ("99.99", 3)):
        data = PotentialInput(**{**GOOD.__dict__, "score": Decimal(score)})
        data = PotentialInput(**{**data.__dict__, "assessed_on": dt.date(2026, 11, day)})
        services.record_potential(employee=office.staff[0], data=data, actor=office.hr)

    assert sorted(PotentialAssessment.objects.values_list("score", flat=True)) == [
        Decimal("0.00"),
        Decimal("99.99"),
        Decimal("100.00"),
    ]


def test_the_same_day_and_method_twice_is_refused():
    office = make_office()
    services.record_potential(employee=office.staff[0], data=GOOD, actor=office.hr)
    before = _snapshot()

    with pytest.raises(InvalidInputError) as refusal:
        services.record_potential(employee=office.staff[0], data=GOOD, actor=office.hr)

    assert refusal.value.errors == {
        "method": [
            "Hasil asesmen dengan metode ini pada tanggal yang sama sudah tercatat untuk "
            "pegawai ini."
        ]
    }
    assert _snapshot() == before


@pytest.mark.parametrize("who", ["admin", "auditor", "chief"])
def test_only_hr_records_a_score(who):
    office = make_office()
    actor = office.user(office.chief) if who == "chief" else getattr(office, who)
    before = _snapshot()

    with pytest.raises(PermissionDenied) as refusal:
        services.record_potential(employee=office.staff[0], data=GOOD, actor=actor)

    assert str(refusal.value) == "Hanya Admin BKPSDM yang dapat mengubah data karier."

    assert _snapshot() == before


def test_hr_never_records_their_own_score():
    office = make_office()
    own = CareerEmployeeFactory.create(supervisor=None)
    own.user = office.hr
    own.save()
    before = _snapshot()

    with pytest.raises(PermissionDenied) as refusal:
        services.record_potential(employee=own, data=GOOD, actor=office.hr)

    assert str(refusal.value) == "Anda tidak dapat mengubah data karier diri sendiri."

    assert _snapshot() == before


def test_an_inactive_employee_gets_no_score():
    office = make_office()
    gone = CareerEmployeeFactory.create(is_active=False, supervisor=None)
    before = _snapshot()

    with pytest.raises(DomainError) as refusal:
        services.record_potential(employee=gone, data=GOOD, actor=office.hr)

    assert refusal.value.message == (
        "Pegawai ini tidak aktif; hasil asesmen hanya dicatat untuk pegawai aktif."
    )
    assert _snapshot() == before


def test_hr_removes_a_score_with_a_reason_kept_in_the_audit_trail():
    office = make_office()
    assessment = assess(office.staff[0], "66.25")
    pk = assessment.pk

    services.remove_potential(assessment=assessment, reason=" Salah pegawai ", actor=office.hr)

    assert not PotentialAssessment.objects.filter(pk=pk).exists()
    event = AuditEvent.objects.get(action="career.potential_assessment.removed")
    assert event.target_id == str(pk)
    assert event.changes == {
        "employee": office.staff[0].nip,
        "assessed_on": "2026-03-01",
        "method": "CACT BKN",
        "score": "66.25",
        "reason": "Salah pegawai",
    }


def test_removing_without_a_reason_or_by_someone_else_changes_nothing():
    office = make_office()
    assessment = assess(office.staff[0], "66.25")
    before = _snapshot()

    with pytest.raises(InvalidInputError) as refusal:
        services.remove_potential(assessment=assessment, reason="  ", actor=office.hr)
    assert refusal.value.errors == {"reason": ["Alasan penghapusan wajib diisi."]}
    with pytest.raises(PermissionDenied):
        services.remove_potential(assessment=assessment, reason="Salah", actor=office.admin)

    assert _snapshot() == before


def test_the_export_lists_the_scope_without_nik_and_is_audited():
    office = make_office()
    place_in_box(office.staff[0], 9)
    place_in_box(office.staff[1], 4)

    content = services.export_talent(
        actor=office.admin, unit=office.division, on=dt.date(2026, 11, 28)
    )

    workbook = openpyxl.load_workbook(io.BytesIO(content))
    summary = [list(row) for row in workbook["Ringkasan"].iter_rows(values_only=True)]
    assert summary[:3] == [
        ["9-Box per 28 November 2026", None, None, None],
        ["Unit: Bidang Pembinaan", None, None, None],
        ["Kotak", "Kinerja", "Potensial", "Jumlah pegawai"],
    ]
    assert summary[3] == [9, "Di atas ekspektasi", "Tinggi", 1]
    assert summary[8] == [4, "Di atas ekspektasi", "Rendah", 1]
    assert summary[-1] == ["Belum dapat ditempatkan", None, None, 2]
    rows = [list(row) for row in workbook["Pegawai"].iter_rows(values_only=True)]
    assert rows[0] == list(services.EXPORT_HEADERS)
    assert [row[1] for row in rows[1:]] == ["Kabid Bina", "Staf A", "Staf B", "Staf C"]
    staf_a = rows[2]
    assert staf_a[0] == office.staff[0].nip
    assert staf_a[4:8] == ["Sangat Baik", 2025, "Di atas ekspektasi", 90]
    assert staf_a[8].date() == dt.date(2026, 3, 1)  # a date cell reads back as a datetime
    assert staf_a[9:12] == [
        "Tinggi",
        9,
        "Dipromosikan dan dipertahankan; Masuk Kelompok Rencana Suksesi Instansi/Nasional; "
        "Penghargaan",
    ]
    assert rows[4][12] == (
        "Belum ada predikat final. Belum ada hasil asesmen potensial yang berlaku."
    )
    assert office.staff[0].nik not in repr(rows)
    event = AuditEvent.objects.get(action="career.talent_grid.exported")
    assert event.changes == {"on": "2026-11-28", "unit": "Bidang Pembinaan", "employees": 4}


def test_the_export_refuses_a_unit_outside_the_scope():
    office = make_office()
    before = AuditEvent.objects.count()

    with pytest.raises(PermissionDenied):
        services.export_talent(actor=office.admin, unit=office.other_unit, on=dt.date(2026, 11, 28))
    with pytest.raises(PermissionDenied):
        services.export_talent(
            actor=office.user(office.staff[0]), unit=None, on=dt.date(2026, 11, 28)
        )

    assert AuditEvent.objects.count() == before
