import datetime as dt
import hashlib
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError, InvalidInputError
from simerit.performance.models import (
    Evidence,
    Frequency,
    PerformanceYear,
    Realisation,
    ResultFeedback,
    Skp,
)
from simerit.performance.selectors import realisation as selectors
from simerit.performance.services import realisation as services
from simerit.performance.tests.factories_realisation import (
    make_plan,
    plan_fixture,  # noqa: F401
    today_fixture,  # noqa: F401
)
from simerit.recruitment.tests.samples import (
    media_fixture,  # noqa: F401
    pdf_bytes,
    png_bytes,
    stored_files,
    upload,
)


def record(plan, *, indicator=None, period=1, value="30", note="", actor=None):
    return services.record_realisation(
        indicator=indicator or plan.documents,
        period_index=period,
        value=Decimal(value),
        note=note,
        actor=actor or plan.team.user(plan.team.staff[1]),
    )


def snapshot():
    return (
        list(Realisation.objects.values_list("indicator", "period_index", "value", "note")),
        AuditEvent.objects.count(),
    )


# --- record_realisation


def test_the_employee_records_a_realisation_with_an_audit_row(plan):
    realisation = record(plan, value="30", note="Triwulan I")

    assert (realisation.period_index, realisation.value) == (1, Decimal("30.00"))
    event = AuditEvent.objects.get(action="performance.realisation.recorded")
    assert event.changes["value"] == [None, "30.00"]
    assert event.changes["period_index"] == 1


def test_recording_the_same_period_again_updates_the_row_with_before_and_after(plan):
    first = record(plan, value="30")
    second = record(plan, value="36.5", note="koreksi")

    assert second.pk == first.pk
    assert Realisation.objects.count() == 1
    event = AuditEvent.objects.get(action="performance.realisation.changed")
    assert event.changes["value"] == ["30.00", "36.50"]
    assert event.changes["note"] == ["", "koreksi"]


@pytest.mark.parametrize(
    ("indicator", "value", "expected"),
    [
        ("documents", "30", Decimal("75.00")),  # 30 / 40
        ("documents", "40", Decimal("100.00")),
        ("documents", "44", Decimal("110.00")),
        ("documents", "60", Decimal("120")),  # 150 % capped at 120
        ("documents", "13", Decimal("32.50")),
        ("days", "8", Decimal("120")),  # 10 / 8 = 125 % capped
        ("days", "12", Decimal("83.33")),  # 10 / 12
        ("days", "0", None),  # cannot be computed
    ],
)
def test_capaian_of_a_realisation(plan, indicator, value, expected):
    realisation = record(plan, indicator=getattr(plan, indicator), value=value)

    assert selectors.capaian(realisation, cap=120) == expected
    board = selectors.realisation_board(plan.skp, today=dt.date(2026, 5, 15))
    row = next(row for row in board[0].rows if row.indicator.pk == realisation.indicator_id)
    assert row.cells[0].achievement == expected


def test_the_capaian_follows_the_years_cap(plan):
    PerformanceYear.objects.filter(pk=plan.skp.year_id).update(achievement_cap=130)
    record(plan, value="60")

    board = selectors.realisation_board(Skp.objects.get(pk=plan.skp.pk), today=dt.date(2026, 5, 15))
    assert board[0].rows[0].cells[0].achievement == Decimal("130")


def test_a_future_period_is_refused(plan):
    before = snapshot()

    with pytest.raises(InvalidInputError) as error:
        record(plan, period=3)

    assert error.value.message == (
        "Triwulan III 2026 belum dimulai (mulai 1 Juli 2026); realisasi dan umpan balik hanya "
        "untuk periode yang sudah berjalan."
    )
    assert snapshot() == before


def test_the_current_period_is_accepted(plan):
    assert record(plan, period=2).period_index == 2


def test_monthly_periods_are_counted_in_months(plan):
    PerformanceYear.objects.filter(pk=plan.skp.year_id).update(frequency=Frequency.MONTHLY)
    plan.documents.refresh_from_db()

    assert record(plan, period=5).period_index == 5  # Mei, the month of TODAY
    with pytest.raises(InvalidInputError) as error:
        record(plan, period=6)
    assert error.value.message.startswith("Juni 2026 belum dimulai (mulai 1 Juni 2026)")
    with pytest.raises(InvalidInputError) as error:
        record(plan, period=13)
    assert error.value.message == "Periode ke-13 tidak ada; pilih periode 1 sampai 12."


def test_a_period_outside_the_quarters_is_refused(plan):
    with pytest.raises(InvalidInputError) as error:
        record(plan, period=5)
    assert error.value.message == "Periode ke-5 tidak ada; pilih periode 1 sampai 4."


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-1", "Realisasi tidak boleh negatif."),
        ("10000000000", "Realisasi paling besar 9.999.999.999,99."),
        ("1.005", "Realisasi paling banyak dua angka di belakang koma."),
        ("NaN", "Realisasi harus berupa angka."),
    ],
)
def test_a_value_out_of_range_is_refused(plan, value, message):
    record(plan, value="30")
    before = snapshot()

    with pytest.raises(InvalidInputError) as error:
        record(plan, value=value)

    assert error.value.message == message
    assert snapshot() == before


def test_zero_and_the_largest_value_are_accepted(plan):
    assert record(plan, value="0").value == 0
    assert record(plan, value="9999999999.99").value == Decimal("9999999999.99")


@pytest.mark.parametrize("who", ["chief", "peer", "head"])
def test_only_the_employee_records(plan, who):
    team = plan.team
    actor = {"chief": team.chief, "peer": team.staff[2], "head": team.head}[who]
    before = snapshot()

    with pytest.raises(PermissionDenied) as error:
        record(plan, actor=team.user(actor))

    assert str(error.value) == services.OWNER_ONLY
    assert snapshot() == before


def test_the_auditor_cannot_record(plan, auditor):
    before = snapshot()
    with pytest.raises(PermissionDenied):
        record(plan, actor=auditor)
    assert snapshot() == before


def test_a_closed_year_is_refused(plan):
    record(plan, value="30")
    PerformanceYear.objects.filter(pk=plan.skp.year_id).update(status=PerformanceYear.Status.CLOSED)
    before = snapshot()

    with pytest.raises(ConflictError) as error:
        record(plan, value="35")

    assert error.value.message == (
        "Periode penilaian kinerja 2026 sudah ditutup; data realisasi, umpan balik, dan "
        "bimbingan tidak dapat diubah lagi."
    )
    assert snapshot() == before


@pytest.mark.parametrize("status", [Skp.Status.DRAFT, Skp.Status.SUBMITTED, Skp.Status.RETURNED])
def test_an_skp_that_is_not_approved_is_refused(db, today, status):
    plan = make_plan(status=status)
    before = snapshot()
    with pytest.raises(ConflictError) as error:
        record(plan)
    assert error.value.message == services.NOT_APPROVED
    assert snapshot() == before


# --- Bukti dukung


def test_evidence_is_checked_stored_privately_and_hashed(plan, media):
    realisation = record(plan)
    content = pdf_bytes()

    evidence = services.add_evidence(
        realisation=realisation,
        upload=upload("laporan 3201010101010001.pdf", content),
        actor=plan.team.user(plan.team.staff[1]),
    )

    assert evidence.file_format == "pdf"
    assert evidence.size_bytes == len(content)
    assert evidence.sha256 == hashlib.sha256(content).hexdigest()
    assert evidence.original_name == "laporan ….pdf"
    assert "3201010101010001" not in evidence.file.name
    assert evidence.file.name.startswith("performance/evidence/")
    assert stored_files(media) == [evidence.file.name]
    assert AuditEvent.objects.filter(action="performance.evidence.added").count() == 1


@pytest.mark.parametrize(
    ("name", "stored"),
    [
        ("NIK_3171-0123-4567-8901.pdf", "NIK_….pdf"),
        ("3171 0123 4567 8901.png", "….png"),
        ("31.71.01.234567.8901.pdf", "….pdf"),
        ("ktp 3171 - 0123 - 4567 - 8901 final.pdf", "ktp … final.pdf"),
        ("a\\b/laporan 3171012345678901 dan 3201-0101-0101-0001.pdf", "laporan … dan ….pdf"),
        ("laporan triwulan 1 2026.pdf", "laporan triwulan 1 2026.pdf"),
        ("nota 2026-01-15 no 123.456.789.pdf", "nota 2026-01-15 no 123.456.789.pdf"),
        ("rekening 1234-5678-9012-345.pdf", "rekening 1234-5678-9012-345.pdf"),
    ],
)
def test_nik_like_digit_runs_are_removed_from_the_name_even_with_separators(name, stored):
    assert services.safe_original_name(name) == stored


def test_a_nik_written_in_groups_reaches_neither_the_row_nor_the_audit(plan, media):
    realisation = record(plan)

    evidence = services.add_evidence(
        realisation=realisation,
        upload=upload("KTP 3171-0123-4567-8901.pdf", pdf_bytes()),
        actor=plan.team.user(plan.team.staff[1]),
    )

    evidence.refresh_from_db()
    assert evidence.original_name == "KTP ….pdf"
    event = AuditEvent.objects.get(action="performance.evidence.added")
    assert "0123" not in str(event.changes)
    assert "8901" not in str(event.changes)


def test_an_html_file_renamed_pdf_is_refused_and_nothing_is_stored(plan, media):
    realisation = record(plan)
    before = (Evidence.objects.count(), AuditEvent.objects.count())

    with pytest.raises(InvalidInputError) as error:
        services.add_evidence(
            realisation=realisation,
            upload=upload("laporan.pdf", b"<html><script>alert(1)</script></html>"),
            actor=plan.team.user(plan.team.staff[1]),
        )

    assert error.value.message == (
        "Isi berkas bukti dukung bukan PDF, JPG, atau PNG. Berkas lain yang sekadar diganti "
        "namanya tidak diterima; unggah berkas JPG atau PDF atau PNG yang asli."
    )
    assert (Evidence.objects.count(), AuditEvent.objects.count()) == before
    assert stored_files(media) == []


def test_at_most_five_files_per_realisation(plan, media):
    realisation = record(plan)
    owner = plan.team.user(plan.team.staff[1])
    for index in range(5):
        services.add_evidence(
            realisation=realisation, upload=upload(f"b{index}.png", png_bytes()), actor=owner
        )

    with pytest.raises(ConflictError) as error:
        services.add_evidence(
            realisation=realisation, upload=upload("b.png", png_bytes()), actor=owner
        )

    assert error.value.message.startswith("Paling banyak 5 bukti dukung per realisasi")
    assert Evidence.objects.count() == 5
    assert len(stored_files(media)) == 5


def test_only_the_employee_adds_evidence(plan, media):
    realisation = record(plan)
    with pytest.raises(PermissionDenied):
        services.add_evidence(
            realisation=realisation,
            upload=upload("a.pdf", pdf_bytes()),
            actor=plan.team.user(plan.team.chief),
        )
    assert stored_files(media) == []


def test_the_employee_removes_evidence_and_its_file(
    plan, media, django_capture_on_commit_callbacks
):
    realisation = record(plan)
    owner = plan.team.user(plan.team.staff[1])
    evidence = services.add_evidence(
        realisation=realisation, upload=upload("a.pdf", pdf_bytes()), actor=owner
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.remove_evidence(evidence=evidence, actor=owner)

    assert Evidence.objects.count() == 0
    assert stored_files(media) == []
    assert AuditEvent.objects.filter(action="performance.evidence.removed").count() == 1


def test_evidence_cannot_be_removed_after_the_year_closes(plan, media):
    realisation = record(plan)
    owner = plan.team.user(plan.team.staff[1])
    evidence = services.add_evidence(
        realisation=realisation, upload=upload("a.pdf", pdf_bytes()), actor=owner
    )
    PerformanceYear.objects.filter(pk=plan.skp.year_id).update(status=PerformanceYear.Status.CLOSED)

    with pytest.raises(ConflictError):
        services.remove_evidence(evidence=evidence, actor=owner)
    assert Evidence.objects.count() == 1
    assert len(stored_files(media)) == 1


# --- Umpan balik berkelanjutan


def feedback(plan, *, period=1, text="Bagus, pertahankan.", actor=None):
    return services.add_result_feedback(
        result=plan.result,
        period_index=period,
        text=text,
        actor=actor or plan.team.user(plan.team.chief),
    )


def test_the_evaluator_writes_feedback_per_result_and_period(plan):
    item = feedback(plan, period=2, text="  Percepat verifikasi.  ")

    assert (item.period_index, item.text) == (2, "Percepat verifikasi.")
    board = selectors.realisation_board(plan.skp, today=dt.date(2026, 5, 15))
    assert [(group.period.index, group.items) for group in board[0].feedback] == [(2, [item])]
    assert AuditEvent.objects.filter(action="performance.result_feedback.added").count() == 1


@pytest.mark.parametrize("who", ["owner", "peer", "head"])
def test_only_the_evaluator_writes_feedback(plan, who):
    team = plan.team
    actor = {"owner": team.staff[1], "peer": team.staff[2], "head": team.head}[who]
    with pytest.raises(PermissionDenied) as error:
        feedback(plan, actor=team.user(actor))
    assert str(error.value) == services.EVALUATOR_ONLY
    assert ResultFeedback.objects.count() == 0


def test_feedback_for_a_future_period_or_empty_is_refused(plan):
    with pytest.raises(InvalidInputError):
        feedback(plan, period=4)
    with pytest.raises(InvalidInputError) as error:
        feedback(plan, text="   ")
    assert error.value.message == "Umpan balik wajib diisi."
    assert ResultFeedback.objects.count() == 0
    assert not AuditEvent.objects.filter(action__startswith="performance.").exists()


def test_the_board_takes_a_fixed_number_of_queries(plan, media, django_assert_num_queries):
    owner = plan.team.user(plan.team.staff[1])
    for indicator in (plan.documents, plan.days):
        for period in (1, 2):
            realisation = record(plan, indicator=indicator, period=period, value="5")
            services.add_evidence(
                realisation=realisation, upload=upload("a.png", png_bytes()), actor=owner
            )
        feedback(plan, period=period)
    skp = Skp.objects.select_related("year").get(pk=plan.skp.pk)

    with django_assert_num_queries(5):
        board = selectors.realisation_board(skp, today=dt.date(2026, 5, 15))
        assert sum(len(cell.evidence) for row in board[0].rows for cell in row.cells) == 4
