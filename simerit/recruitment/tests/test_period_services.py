"""Selection periods: configuration, schedule and publication, with every refusal."""

import datetime as dt
import zoneinfo
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from simerit.audit.models import AuditEvent
from simerit.core.exceptions import DomainError, InvalidInputError
from simerit.recruitment.models import SelectionPeriod, Stage, StageWindow
from simerit.recruitment.services import periods as services
from simerit.recruitment.services.periods import PeriodInput, WindowInput
from simerit.recruitment.tests.factories import (
    ApplicationFactory,
    FormasiFactory,
    SelectionPeriodFactory,
)

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")


def period_input(**overrides):
    values: dict[str, Any] = {
        "name": "Seleksi CASN 2026 Kota Palembang",
        "kind": "cpns",
        "year": 2026,
        "age_reference_date": dt.date(2026, 8, 1),
    }
    values.update(overrides)
    return PeriodInput(**values)


def wib(day, hour=8):
    return dt.datetime(2026, 8, day, hour, 0, tzinfo=WIB)


def events(action):
    return list(
        AuditEvent.objects.filter(action=action).order_by("seq").values_list("changes", flat=True)
    )


def test_create_period_is_a_draft_with_its_configuration_and_audit_row(hr_admin):
    period = services.create_period(
        data=period_input(default_max_age=40, sanggah_days=5, description=" Tahap I "),
        actor=hr_admin,
    )

    period.refresh_from_db()
    assert (period.status, period.default_min_age, period.default_max_age) == ("draft", 18, 40)
    assert (period.sanggah_days, period.description, period.tms_needs_confirmation) == (
        5,
        "Tahap I",
        True,
    )
    assert events("recruitment.period.created") == [
        {
            "name": "Seleksi CASN 2026 Kota Palembang",
            "kind": "cpns",
            "year": 2026,
            "age_reference_date": "2026-08-01",
            "default_min_age": 18,
            "default_max_age": 40,
            "tms_needs_confirmation": True,
            "sanggah_days": 5,
            "description": "Tahap I",
        }
    ]


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        ({"name": "  "}, {"name": ["Nama seleksi wajib diisi."]}),
        ({"kind": "honorer"}, {"kind": ["Jenis seleksi harus CPNS atau PPPK."]}),
        ({"year": 1999}, {"year": ["Tahun anggaran harus antara 2000 dan 2100."]}),
        (
            {"default_min_age": 36, "default_max_age": 35},
            {
                "default_max_age": [
                    "Batas usia minimal (36) tidak boleh lebih dari batas usia maksimal (35)."
                ]
            },
        ),
        ({"sanggah_days": 0}, {"sanggah_days": ["Lama masa sanggah harus 1 sampai 30 hari."]}),
    ],
)
def test_create_period_refuses_bad_input_and_writes_nothing(hr_admin, overrides, errors):
    with pytest.raises(InvalidInputError) as refused:
        services.create_period(data=period_input(**overrides), actor=hr_admin)

    assert refused.value.errors == errors
    assert SelectionPeriod.objects.exists() is False
    assert AuditEvent.objects.exists() is False


@pytest.mark.parametrize("persona", ["opd_admin", "verifier", "auditor", "applicant"])
def test_only_admin_bkpsdm_manages_periods(request, persona):
    user = request.getfixturevalue(persona)
    before = AuditEvent.objects.count()

    with pytest.raises(PermissionDenied):
        services.create_period(data=period_input(), actor=user)

    assert SelectionPeriod.objects.exists() is False
    assert AuditEvent.objects.count() == before


def test_update_period_records_only_what_changed(hr_admin):
    period = SelectionPeriodFactory.create(status="draft", name="Seleksi Lama")

    services.update_period(
        period=period,
        data=period_input(name="Seleksi CASN 2026", default_max_age=40),
        actor=hr_admin,
    )

    period.refresh_from_db()
    assert (period.name, period.default_max_age) == ("Seleksi CASN 2026", 40)
    assert events("recruitment.period.updated") == [
        {"name": ["Seleksi Lama", "Seleksi CASN 2026"], "default_max_age": [35, 40]}
    ]


@pytest.mark.parametrize(
    ("overrides", "field", "label"),
    [
        ({"name": "Seleksi CASN 2026 (ganti)"}, "name", "nama seleksi"),
        ({"kind": "pppk"}, "kind", "jenis seleksi"),
        ({"year": 2027}, "year", "tahun anggaran"),
        (
            {"tms_needs_confirmation": False},
            "tms_needs_confirmation",
            "konfirmasi TMS oleh verifikator kedua",
        ),
        ({"sanggah_days": 5}, "sanggah_days", "lama masa sanggah"),
    ],
)
def test_a_period_with_applications_keeps_what_applicants_applied_under(
    hr_admin, overrides, field, label
):
    period = SelectionPeriodFactory.create(name="Seleksi CASN 2026 Kota Palembang")
    ApplicationFactory.create(formasi=FormasiFactory.create(period=period))
    before = AuditEvent.objects.count()

    with pytest.raises(DomainError) as error:
        services.update_period(period=period, data=period_input(**overrides), actor=hr_admin)

    assert error.value.message == (
        f"Periode ini sudah memiliki lamaran; {label} tidak dapat diubah lagi."
    )
    assert error.value.field == field
    period.refresh_from_db()
    assert (period.name, period.kind, period.year) == (
        "Seleksi CASN 2026 Kota Palembang",
        "cpns",
        2026,
    )
    assert (period.tms_needs_confirmation, period.sanggah_days) == (True, 3)
    assert AuditEvent.objects.count() == before


def test_a_period_with_applications_may_still_change_its_description(hr_admin):
    period = SelectionPeriodFactory.create(name="Seleksi CASN 2026 Kota Palembang")
    ApplicationFactory.create(formasi=FormasiFactory.create(period=period))

    services.update_period(
        period=period, data=period_input(description="Tahap II dibuka."), actor=hr_admin
    )

    period.refresh_from_db()
    assert period.description == "Tahap II dibuka."
    assert events("recruitment.period.updated") == [{"description": ["", "Tahap II dibuka."]}]


def test_a_finished_period_cannot_change(hr_admin):
    period = SelectionPeriodFactory.create(status="finished", name="Seleksi 2024")

    with pytest.raises(DomainError, match="sudah selesai tidak dapat diubah"):
        services.update_period(period=period, data=period_input(), actor=hr_admin)
    with pytest.raises(DomainError, match="sudah selesai tidak dapat diubah"):
        services.set_schedule(
            period=period,
            windows=[WindowInput(Stage.REGISTRATION, wib(1), wib(10))],
            actor=hr_admin,
        )

    period.refresh_from_db()
    assert period.name == "Seleksi 2024"
    assert StageWindow.objects.exists() is False
    assert AuditEvent.objects.exists() is False


# --- schedule


def test_set_schedule_creates_moves_and_removes_windows_with_one_audit_row(hr_admin):
    # given: registration and verification already scheduled
    period = SelectionPeriodFactory.create(status="draft")
    services.set_schedule(
        period=period,
        windows=[
            WindowInput(Stage.REGISTRATION, wib(1), wib(10)),
            WindowInput(Stage.VERIFICATION, wib(11), wib(20)),
        ],
        actor=hr_admin,
    )

    # when: registration is extended, verification dropped, the announcement added
    services.set_schedule(
        period=period,
        windows=[
            WindowInput(Stage.REGISTRATION, wib(1), wib(14)),
            WindowInput(Stage.ANNOUNCEMENT, wib(21), wib(22)),
        ],
        actor=hr_admin,
    )

    # then
    windows = {
        w.stage: (w.opens_at.astimezone(WIB), w.closes_at.astimezone(WIB))
        for w in StageWindow.objects.filter(period=period)
    }
    assert windows == {
        "registration": (wib(1), wib(14)),
        "announcement": (wib(21), wib(22)),
    }
    assert events("recruitment.period.schedule_changed")[-1] == {
        "registration": [
            ["2026-08-01T08:00:00+07:00", "2026-08-10T08:00:00+07:00"],
            ["2026-08-01T08:00:00+07:00", "2026-08-14T08:00:00+07:00"],
        ],
        "verification": [["2026-08-11T08:00:00+07:00", "2026-08-20T08:00:00+07:00"], None],
        "announcement": [None, ["2026-08-21T08:00:00+07:00", "2026-08-22T08:00:00+07:00"]],
    }


@pytest.mark.parametrize(
    ("windows", "errors"),
    [
        (
            [WindowInput(Stage.REGISTRATION, wib(10), wib(10))],
            {"registration": ["Pendaftaran: waktu ditutup harus sesudah waktu dibuka."]},
        ),
        (
            [WindowInput(Stage.REGISTRATION, wib(10), wib(9))],
            {"registration": ["Pendaftaran: waktu ditutup harus sesudah waktu dibuka."]},
        ),
        (
            [
                WindowInput(Stage.REGISTRATION, wib(10), wib(12)),
                WindowInput(Stage.VERIFICATION, wib(9), wib(20)),
            ],
            {
                "verification": [
                    "Verifikasi administrasi tidak boleh dibuka sebelum Pendaftaran dibuka."
                ]
            },
        ),
        (
            [
                WindowInput(Stage.REGISTRATION, wib(1), wib(2)),
                WindowInput(Stage.REGISTRATION, wib(3), wib(4)),
            ],
            {"registration": ["Tahap ini tercantum lebih dari sekali."]},
        ),
        (
            [WindowInput("ujian", wib(1), wib(2))],
            {"ujian": ["Tahap 'ujian' tidak dikenal."]},
        ),
        (
            [WindowInput(Stage.REGISTRATION, dt.datetime(2026, 8, 1), wib(2))],  # noqa: DTZ001
            {"registration": ["Waktu harus disertai zona waktu."]},
        ),
    ],
)
def test_set_schedule_refuses_bad_windows_and_changes_nothing(hr_admin, windows, errors):
    period = SelectionPeriodFactory.create(status="draft")

    with pytest.raises(InvalidInputError) as refused:
        services.set_schedule(period=period, windows=windows, actor=hr_admin)

    assert refused.value.errors == errors
    assert StageWindow.objects.exists() is False
    assert AuditEvent.objects.exists() is False


def test_a_published_period_keeps_its_registration_window(hr_admin):
    period = SelectionPeriodFactory.create(status="published")
    StageWindow.objects.create(
        period=period, stage=Stage.REGISTRATION, opens_at=wib(1), closes_at=wib(10)
    )

    with pytest.raises(DomainError, match="harus tetap memiliki jadwal pendaftaran"):
        services.set_schedule(
            period=period,
            windows=[WindowInput(Stage.VERIFICATION, wib(11), wib(20))],
            actor=hr_admin,
        )

    assert list(StageWindow.objects.values_list("stage", flat=True)) == ["registration"]
    assert AuditEvent.objects.exists() is False


def test_set_schedule_without_changes_writes_no_audit_row(hr_admin):
    period = SelectionPeriodFactory.create(status="draft")
    windows = [WindowInput(Stage.REGISTRATION, wib(1), wib(10))]
    services.set_schedule(period=period, windows=windows, actor=hr_admin)

    services.set_schedule(period=period, windows=windows, actor=hr_admin)

    assert len(events("recruitment.period.schedule_changed")) == 1


# --- publication


def test_publish_period_needs_a_registration_window(hr_admin):
    period = SelectionPeriodFactory.create(status="draft")

    with pytest.raises(DomainError, match="Tetapkan jadwal pendaftaran lebih dahulu"):
        services.publish_period(period=period, actor=hr_admin)

    period.refresh_from_db()
    assert period.status == "draft"
    assert AuditEvent.objects.exists() is False


def test_publish_then_finish_period(hr_admin):
    period = SelectionPeriodFactory.create(status="draft")
    StageWindow.objects.create(
        period=period, stage=Stage.REGISTRATION, opens_at=wib(1), closes_at=wib(10)
    )

    services.publish_period(period=period, actor=hr_admin)
    period.refresh_from_db()
    assert period.status == "published"
    assert period.published_at is not None

    services.finish_period(period=period, actor=hr_admin)
    period.refresh_from_db()
    assert period.status == "finished"
    assert events("recruitment.period.published") == [{"status": ["draft", "published"]}]
    assert events("recruitment.period.finished") == [{"status": ["published", "finished"]}]


@pytest.mark.parametrize(
    ("status", "call", "message"),
    [
        ("published", "publish_period", "Hanya periode seleksi berstatus draf"),
        ("finished", "publish_period", "Hanya periode seleksi berstatus draf"),
        ("draft", "finish_period", "Hanya periode seleksi yang sudah diumumkan"),
        ("finished", "finish_period", "Hanya periode seleksi yang sudah diumumkan"),
    ],
)
def test_publish_and_finish_refuse_the_wrong_state(hr_admin, status, call, message):
    period = SelectionPeriodFactory.create(status=status)

    with pytest.raises(DomainError, match=message):
        getattr(services, call)(period=period, actor=hr_admin)

    period.refresh_from_db()
    assert period.status == status
    assert AuditEvent.objects.exists() is False


def test_opd_admin_cannot_publish_a_period(opd_admin):
    period = SelectionPeriodFactory.create(status="draft")
    before = AuditEvent.objects.count()

    with pytest.raises(PermissionDenied):
        services.publish_period(period=period, actor=opd_admin)

    period.refresh_from_db()
    assert period.status == "draft"
    assert AuditEvent.objects.count() == before
