"""The training configuration: a year's JP target and the leadership rules, changed by Admin
BKPSDM only, refused with a message per field on bad input, audited with before and after."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError, InvalidInputError
from simerit.training.models import LeadershipRule, ProgrammeKind, TrainingYear
from simerit.training.services import config as services
from simerit.training.services.config import YearInput

pytestmark = pytest.mark.django_db


def year_input(**changes: object) -> YearInput:
    values: dict[str, object] = {"minimum_jp": Decimal(20), "max_jp_per_day": Decimal(10)}
    values.update(changes)
    return YearInput(**values)  # type: ignore[arg-type]


def test_create_year_defaults_reminders_to_1_october_and_audits(hr_admin):
    row = services.create_year(year=2027, data=year_input(), actor=hr_admin)

    row.refresh_from_db()
    assert (row.year, row.minimum_jp, row.reminders_from, row.max_jp_per_day) == (
        2027,
        Decimal("20.0"),
        dt.date(2027, 10, 1),
        Decimal("10.0"),
    )
    event = AuditEvent.objects.get()
    assert (event.action, event.changes) == (
        "training.year.created",
        {
            "year": 2027,
            "minimum_jp": "20.0",
            "reminders_from": "2027-10-01",
            "max_jp_per_day": "10.0",
        },
    )


@pytest.mark.parametrize(
    ("year", "changes", "errors"),
    [
        (1999, {}, {"year": ["Tahun harus antara 2000 dan 2100."]}),
        (None, {}, {"year": ["Tahun harus antara 2000 dan 2100."]}),
        (
            2027,
            {"minimum_jp": Decimal(0)},
            {"minimum_jp": ["JP minimum per tahun harus lebih dari 0."]},
        ),
        (
            2027,
            {"minimum_jp": Decimal(-20)},
            {"minimum_jp": ["JP minimum per tahun harus lebih dari 0."]},
        ),
        (
            2027,
            {"minimum_jp": Decimal(900)},
            {"minimum_jp": ["JP minimum per tahun harus antara 0,5 dan 500."]},
        ),
        (
            2027,
            {"max_jp_per_day": Decimal(30)},
            {"max_jp_per_day": ["JP maksimum per hari harus antara 1 dan 24."]},
        ),
        (
            2027,
            {"max_jp_per_day": Decimal("7.25")},
            {"max_jp_per_day": ["JP maksimum per hari paling banyak satu angka di belakang koma."]},
        ),
        (2027, {"minimum_jp": None}, {"minimum_jp": ["JP minimum per tahun wajib diisi."]}),
        (
            2027,
            {"reminders_from": dt.date(2026, 10, 1)},
            {
                "reminders_from": [
                    "Tanggal mulai pengingat harus di tahun 2027 (mis. 1 Oktober 2027)."
                ]
            },
        ),
    ],
)
def test_create_year_refuses_bad_input_and_changes_nothing(hr_admin, year, changes, errors):
    with pytest.raises(InvalidInputError) as refused:
        services.create_year(year=year, data=year_input(**changes), actor=hr_admin)

    assert refused.value.errors == errors
    assert TrainingYear.objects.exists() is False
    assert AuditEvent.objects.exists() is False


def test_a_year_is_set_once(hr_admin):
    services.create_year(year=2027, data=year_input(), actor=hr_admin)

    with pytest.raises(ConflictError, match="Pengaturan tahun 2027 sudah ada"):
        services.create_year(year=2027, data=year_input(minimum_jp=Decimal(30)), actor=hr_admin)

    assert TrainingYear.objects.get().minimum_jp == Decimal("20.0")


def test_update_year_audits_before_and_after(hr_admin):
    row = services.create_year(year=2027, data=year_input(), actor=hr_admin)

    services.update_year(
        training_year=row,
        data=year_input(minimum_jp=Decimal("24.5"), reminders_from=dt.date(2027, 9, 1)),
        actor=hr_admin,
    )

    row.refresh_from_db()
    assert (row.minimum_jp, row.reminders_from) == (Decimal("24.5"), dt.date(2027, 9, 1))
    event = AuditEvent.objects.get(action="training.year.updated")
    assert event.changes == {
        "minimum_jp": ["20.0", "24.5"],
        "reminders_from": ["2027-10-01", "2027-09-01"],
    }


def test_update_year_with_bad_input_keeps_the_row(hr_admin):
    row = services.create_year(year=2027, data=year_input(), actor=hr_admin)

    with pytest.raises(InvalidInputError):
        services.update_year(
            training_year=row, data=year_input(minimum_jp=Decimal(-1)), actor=hr_admin
        )

    row.refresh_from_db()
    assert row.minimum_jp == Decimal("20.0")
    assert AuditEvent.objects.filter(action="training.year.updated").exists() is False


def test_only_hr_changes_the_years(auditor, opd_admin, employee):
    row = TrainingYear.objects.create(year=2026, reminders_from=dt.date(2026, 10, 1))
    audit_rows = AuditEvent.objects.count()

    for actor in (auditor, opd_admin, employee):
        with pytest.raises(PermissionDenied):
            services.create_year(year=2027, data=year_input(), actor=actor)
        with pytest.raises(PermissionDenied):
            services.update_year(
                training_year=row, data=year_input(minimum_jp=Decimal(40)), actor=actor
            )

    row.refresh_from_db()
    assert (TrainingYear.objects.count(), row.minimum_jp) == (1, Decimal("20.0"))
    assert AuditEvent.objects.count() == audit_rows


def test_update_leadership_rule_audits_before_and_after(hr_admin):
    rule = LeadershipRule.objects.get(position_kind="pengawas")

    services.update_leadership_rule(
        rule=rule, programme_kind=ProgrammeKind.PKA, months_to_complete=18, actor=hr_admin
    )

    rule.refresh_from_db()
    assert (rule.programme_kind, rule.months_to_complete) == ("pka", 18)
    event = AuditEvent.objects.get()
    assert (event.action, event.changes) == (
        "training.leadership_rule.updated",
        {
            "position_kind": "pengawas",
            "programme_kind": ["pkp", "pka"],
            "months_to_complete": [12, 18],
        },
    )


@pytest.mark.parametrize(
    ("kind", "months", "errors"),
    [
        (
            ProgrammeKind.TECHNICAL,
            12,
            {
                "programme_kind": [
                    "Pilih salah satu pelatihan kepemimpinan (PKP, PKA, PKN Tingkat II, PKN "
                    "Tingkat I)."
                ]
            },
        ),
        (ProgrammeKind.PKP, 0, {"months_to_complete": ["Batas waktu harus 1 sampai 120 bulan."]}),
        (ProgrammeKind.PKP, 121, {"months_to_complete": ["Batas waktu harus 1 sampai 120 bulan."]}),
        (
            ProgrammeKind.PKP,
            None,
            {"months_to_complete": ["Batas waktu harus 1 sampai 120 bulan."]},
        ),
    ],
)
def test_update_leadership_rule_refuses_bad_input(hr_admin, kind, months, errors):
    rule = LeadershipRule.objects.get(position_kind="pengawas")

    with pytest.raises(InvalidInputError) as refused:
        services.update_leadership_rule(
            rule=rule, programme_kind=kind, months_to_complete=months, actor=hr_admin
        )

    assert refused.value.errors == errors
    rule.refresh_from_db()
    assert (rule.programme_kind, rule.months_to_complete) == ("pkp", 12)
    assert AuditEvent.objects.exists() is False


def test_only_hr_changes_a_leadership_rule(auditor):
    rule = LeadershipRule.objects.get(position_kind="administrator")

    with pytest.raises(PermissionDenied):
        services.update_leadership_rule(
            rule=rule, programme_kind=ProgrammeKind.PKP, months_to_complete=6, actor=auditor
        )

    rule.refresh_from_db()
    assert (rule.programme_kind, rule.months_to_complete) == ("pka", 12)
    assert AuditEvent.objects.exists() is False
