"""services.runs: compute a month (who is computed, which predikat, base amount and cut), the
refusals with nothing changed, recompute, finalise, the correction that supersedes a final run,
the audit rows, and a query count that does not grow with the number of employees."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from simerit.audit.models import AuditEvent
from simerit.compensation.models import BaseAmount, Line, Run
from simerit.compensation.selectors.tpp import lines_of
from simerit.compensation.services import runs as services
from simerit.compensation.tests.factories_tpp import (
    OCTOBER,
    appraise,
    attendance,
    make_scheme,
    sanction,
    staff,
)
from simerit.core.exceptions import ConflictError, DomainError, InvalidInputError
from simerit.discipline.models import SanctionType
from simerit.organization.models import Position
from simerit.organization.tests.factories import PositionFactory
from simerit.performance.models import Appraisal, Predikat

pytestmark = pytest.mark.django_db

SEPTEMBER = dt.date(2026, 9, 1)


def state():
    return (
        Run.objects.count(),
        Line.objects.count(),
        AuditEvent.objects.count(),
        sorted(Run.objects.values_list("pk", "status", "employees", "total_amount")),
    )


@pytest.fixture
def scheme(hr_admin):
    return make_scheme(created_by=hr_admin)


def test_compute_a_month(hr_admin, org, scheme):
    # given
    worker = staff(org.dinkes, name="Budi")
    appraise(worker, year=2025, predikat=Predikat.BAIK)
    attendance(worker, absent=2, late=95)
    special = PositionFactory.create(name="Dokter Spesialis", kind=Position.Kind.FUNGSIONAL)
    BaseAmount.objects.create(
        scheme=scheme, position_kind=special.kind, position=special, amount=10_000_000
    )
    doctor = staff(org.dinkes, name="Dewi", position=special)
    attendance(doctor)
    staff(org.dinkes, name="Zaki", kind=Position.Kind.ADMINISTRATOR)  # no base amount
    staff(org.dinkes, name="Yuni", is_active=False)

    # when
    run = services.compute_run(actor=hr_admin, month=OCTOBER)

    # then
    assert (run.month, run.scheme, run.status, run.computed_by) == (
        OCTOBER,
        scheme,
        Run.Status.DRAFT,
        hr_admin,
    )
    lines = {line.employee.name: line for line in run.lines.select_related("employee")}
    assert sorted(lines) == ["Budi", "Dewi"]
    budi, dewi = lines["Budi"], lines["Dewi"]
    assert (budi.base_amount, budi.predikat, budi.predikat_year) == (3_250_000, "baik", 2025)
    assert (budi.performance_amount, budi.discipline_amount, budi.total_amount) == (
        1_755_000,
        1_204_190,
        2_959_190,
    )
    # A position's own base amount wins over its kind's; no predikat → 70 %.
    assert (dewi.base_amount, dewi.predikat, dewi.performance_amount) == (10_000_000, "", 4_200_000)
    assert dewi.explanation[0] == "Pagu TPP (jabatan Dokter Spesialis): Rp10.000.000."
    assert (run.employees, run.total_amount) == (2, 2_959_190 + 8_200_000)
    assert run.skipped_without_base == 1  # Zaki; Yuni is not active
    assert (budi.unit_name, budi.position_name, budi.position_kind) == (
        "Dinas Kesehatan",
        "Pelaksana Budi",
        "pelaksana",
    )
    event = AuditEvent.objects.get(action="compensation.run.computed")
    assert event.changes == {
        "month": "2026-10-01",
        "scheme": scheme.pk,
        "status": "draft",
        "supersedes": None,
        "employees": 2,
        "total_amount": 11_159_190,
        "skipped_without_base_amount": 1,
        "without_attendance": 0,
    }


def test_the_predikat_is_the_latest_final_one(hr_admin, org, scheme):
    person = staff(org.dinkes, name="Rina")
    appraise(person, year=2024, predikat=Predikat.SANGAT_BAIK)
    appraise(person, year=2025, predikat=Predikat.KURANG)
    appraise(person, year=2026, predikat=Predikat.BAIK, status=Appraisal.Status.DECIDED)

    line = services.compute_run(actor=hr_admin, month=OCTOBER).lines.get()

    assert (line.predikat, line.predikat_year, line.performance_rate) == (
        "kurang",
        2025,
        Decimal(50),
    )


def test_only_the_sanction_cutting_the_month_counts(hr_admin, org, scheme):
    running = staff(org.dinkes, name="Andi")
    sanction(running, starts_on=dt.date(2026, 5, 1))  # ends 31 October 2026: still cuts
    annulled = staff(org.dinkes, name="Bayu")
    sanction(annulled, starts_on=dt.date(2026, 8, 1), annulled=True)
    future = staff(org.dinkes, name="Cici")
    sanction(future, starts_on=dt.date(2026, 11, 1))
    berat = staff(org.dinkes, name="Doni")
    sanction(berat, starts_on=dt.date(2026, 8, 1), sanction_type=SanctionType.PENURUNAN_JABATAN)

    run = services.compute_run(actor=hr_admin, month=OCTOBER)

    cuts = dict(run.lines.values_list("employee__name", "sanction_cut_percent"))
    assert cuts == {"Andi": 25, "Bayu": 0, "Cici": 0, "Doni": 0}


def test_a_scheme_without_the_cut_keeps_the_case_but_cuts_nothing(hr_admin, org):
    make_scheme(apply_sanction_cut=False)
    person = staff(org.dinkes, name="Andi")
    case = sanction(person, starts_on=dt.date(2026, 8, 1)).case

    line = services.compute_run(actor=hr_admin, month=OCTOBER).lines.get()

    assert (line.sanction_case_number, line.sanction_cut_percent, line.sanction_cut_amount) == (
        case.number,
        0,
        0,
    )
    assert line.total_amount == line.gross_amount


def test_compute_refusals_change_nothing(hr_admin, org, scheme):
    staff(org.dinkes, name="Andi")
    services.compute_run(actor=hr_admin, month=OCTOBER)
    before = state()

    cases: list[tuple[dt.date, type[DomainError], str]] = [
        (OCTOBER, ConflictError, "Sudah ada draf perhitungan TPP bulan Oktober 2026; hitung "
         "ulang draf itu."),
        (dt.date(2026, 12, 1), InvalidInputError, "Bulan perhitungan tidak boleh setelah bulan "
         "berjalan (November 2026)."),
        (dt.date(2025, 12, 1), DomainError, "Belum ada skema TPP yang berlaku untuk bulan "
         "Desember 2025."),
    ]  # fmt: skip
    for month, kind, message in cases:
        with pytest.raises(kind) as error:
            services.compute_run(actor=hr_admin, month=month)
        assert error.value.message == message
    assert state() == before


def test_a_final_month_is_not_computed_again(hr_admin, org, scheme):
    staff(org.dinkes, name="Andi")
    services.finalise_run(actor=hr_admin, run=services.compute_run(actor=hr_admin, month=OCTOBER))
    before = state()

    with pytest.raises(ConflictError) as error:
        services.compute_run(actor=hr_admin, month=OCTOBER)

    assert error.value.message == (
        "Perhitungan TPP bulan Oktober 2026 sudah final; untuk koreksi, buat perhitungan "
        "pengganti dari halaman perhitungan final itu."
    )
    assert state() == before


def test_a_scheme_without_any_paid_employee_is_refused(hr_admin, org):
    make_scheme(kind_amounts={Position.Kind.JPT_PRATAMA: 20_000_000})
    staff(org.dinkes, name="Andi")
    before = state()

    with pytest.raises(DomainError) as error:
        services.compute_run(actor=hr_admin, month=OCTOBER)

    assert error.value.message == (
        "Tidak ada pegawai aktif yang mempunyai pagu TPP pada skema “Skema TPP 2026”; atur pagu "
        "per jenis jabatan atau per jabatan lebih dulu."
    )
    assert state() == before


def test_only_admin_bkpsdm_computes_and_acts(hr_admin, auditor, opd_admin, org, scheme):
    staff(org.dinkes, name="Andi")
    draft = services.compute_run(actor=hr_admin, month=SEPTEMBER)
    before = state()

    for user in (auditor, opd_admin):
        for call in (
            lambda u: services.compute_run(actor=u, month=OCTOBER),
            lambda u: services.recompute_run(actor=u, run=draft),
            lambda u: services.finalise_run(actor=u, run=draft),
            lambda u: services.start_correction(actor=u, run=draft),
        ):
            with pytest.raises(PermissionDenied):
                call(user)
    assert state() == before


def test_recompute_replaces_the_lines_of_a_draft(hr_admin, org, scheme):
    person = staff(org.dinkes, name="Andi")
    other = staff(org.dinkes, name="Budi")
    run = services.compute_run(actor=hr_admin, month=OCTOBER)
    old_ids = set(run.lines.values_list("pk", flat=True))
    attendance(person, absent=4)  # the recap arrives after the first computation

    run = services.recompute_run(actor=hr_admin, run=run)

    assert not set(run.lines.values_list("pk", flat=True)) & old_ids
    line = run.lines.get(employee=person)
    # 100 − 4 × 2,5 = 90 %; 3.250.000 × 40% × 90% = 1.170.000; kinerja 1.365.000 (70 %)
    assert (line.absent_days, line.discipline_amount, line.total_amount) == (
        4,
        1_170_000,
        2_535_000,
    )
    assert run.lines.get(employee=other).total_amount == 2_665_000
    assert run.total_amount == 2_535_000 + 2_665_000
    event = AuditEvent.objects.get(action="compensation.run.recomputed")
    assert event.changes == {
        "total_amount": [5_330_000, 5_200_000],
        "changed_lines": 1,
        "skipped_without_base_amount": 0,
        "without_attendance": 1,
    }


def test_finalise_and_the_refusals_after_it(hr_admin, org, scheme):
    staff(org.dinkes, name="Andi")
    run = services.compute_run(actor=hr_admin, month=OCTOBER)

    run = services.finalise_run(actor=hr_admin, run=run)

    assert (run.status, run.finalised_by) == (Run.Status.FINAL, hr_admin)
    assert run.finalised_at is not None
    event = AuditEvent.objects.get(action="compensation.run.finalised")
    assert event.changes["status"] == ["draft", "final"]
    before = state()
    for call, message in (
        (services.recompute_run, "Hanya draf perhitungan yang dapat dihitung ulang."),
        (services.finalise_run, "Hanya draf perhitungan yang dapat difinalkan."),
    ):
        with pytest.raises(DomainError) as error:
            call(actor=hr_admin, run=run)
        assert error.value.message == message
    assert state() == before


def test_a_correction_supersedes_the_final_run(hr_admin, org, scheme):
    person = staff(org.dinkes, name="Andi")
    first = services.finalise_run(
        actor=hr_admin, run=services.compute_run(actor=hr_admin, month=OCTOBER)
    )
    attendance(person, absent=1)

    draft = services.start_correction(actor=hr_admin, run=first)

    assert (draft.status, draft.supersedes, draft.month) == (Run.Status.DRAFT, first, OCTOBER)
    first.refresh_from_db()
    assert first.status == Run.Status.FINAL  # still what payroll has until the draft is final
    with pytest.raises(ConflictError) as error:
        services.start_correction(actor=hr_admin, run=first)
    assert error.value.message == (
        "Sudah ada draf perhitungan TPP bulan Oktober 2026; hitung ulang atau finalkan draf itu."
    )

    services.finalise_run(actor=hr_admin, run=draft)

    first.refresh_from_db()
    assert first.status == Run.Status.SUPERSEDED
    assert [line.run_id for line in lines_of(person.pk)] == [draft.pk]
    superseded = AuditEvent.objects.get(action="compensation.run.superseded")
    assert (superseded.target_id, superseded.changes) == (
        str(first.pk),
        {"status": ["final", "superseded"], "by": draft.pk},
    )
    with pytest.raises(DomainError) as refused:
        services.start_correction(actor=hr_admin, run=first)
    assert refused.value.message == (
        "Hanya perhitungan final yang dapat dikoreksi dengan perhitungan pengganti."
    )


def _compute_queries(hr_admin, month):
    with CaptureQueriesContext(connection) as queries:
        services.compute_run(actor=hr_admin, month=month)
    return len(queries)


def test_the_queries_do_not_grow_with_the_employees(hr_admin, org, scheme):
    def person(name):
        employee = staff(org.dinkes, name=name)
        appraise(employee, year=2025, predikat=Predikat.BAIK)
        attendance(employee, month=SEPTEMBER)
        attendance(employee, month=OCTOBER)
        sanction(employee, starts_on=dt.date(2026, 8, 1))

    for index in range(2):
        person(f"Awal {index}")
    _compute_queries(hr_admin, dt.date(2026, 8, 1))  # the first audit row also creates the head
    few = _compute_queries(hr_admin, SEPTEMBER)
    for index in range(8):
        person(f"Tambahan {index}")

    many = _compute_queries(hr_admin, OCTOBER)

    assert many == few
    assert Run.objects.get(month=OCTOBER).employees == 10
