"""services.schemes: a scheme with its five rates and base amounts, every refusal with its exact
message and nothing changed, the frozen scheme, the base amount of one position, the audit rows."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from simerit.audit.models import AuditEvent
from simerit.compensation.models import BaseAmount, PredikatRate, Run, Scheme
from simerit.compensation.selectors.schemes import scheme_in_force
from simerit.compensation.services import schemes as services
from simerit.compensation.tests.factories_tpp import (
    RATES,
    make_scheme,
    scheme_data,
)
from simerit.core.exceptions import DomainError, InvalidInputError
from simerit.organization.models import Position
from simerit.organization.tests.factories import PositionFactory
from simerit.performance.models import Predikat

pytestmark = pytest.mark.django_db


def counts():
    return (
        Scheme.objects.count(),
        PredikatRate.objects.count(),
        BaseAmount.objects.count(),
        AuditEvent.objects.count(),
    )


def refused(actor, data, **kwargs):
    before = counts()
    with pytest.raises(InvalidInputError) as error:
        services.create_scheme(actor=actor, data=data, **kwargs)
    assert counts() == before
    return error.value.errors


def a_run(scheme, month, user):
    return Run.objects.create(
        month=month, scheme=scheme, computed_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
        computed_by=user, status=Run.Status.FINAL,
    )  # fmt: skip


def test_create_a_scheme_with_rates_and_base_amounts(hr_admin):
    scheme = services.create_scheme(actor=hr_admin, data=scheme_data())

    assert (scheme.name, scheme.effective_from, scheme.created_by) == (
        "Skema TPP 2026",
        dt.date(2026, 1, 1),
        hr_admin,
    )
    assert {rate.predikat: rate.rate for rate in scheme.predikat_rates.all()} == RATES
    assert sorted(scheme.base_amounts.values_list("position_kind", "amount")) == [
        ("fungsional", 4_875_500),
        ("pelaksana", 3_250_000),
        ("pengawas", 6_500_000),
    ]
    event = AuditEvent.objects.get()
    assert (event.action, event.target_id) == ("compensation.scheme.created", str(scheme.pk))
    assert event.changes["performance_weight"] == "60"
    assert event.changes["kind_amounts"] == {
        "fungsional": 4_875_500,
        "pelaksana": 3_250_000,
        "pengawas": 6_500_000,
    }


def test_weights_not_summing_to_100_are_refused(hr_admin):
    errors = refused(hr_admin, scheme_data(discipline_weight=Decimal(30)))

    assert errors == {
        "performance_weight": ["Jumlah bobot kinerja dan disiplin harus 100%; saat ini 90%."]
    }


def test_every_bad_field_is_reported_at_once(hr_admin):
    data = scheme_data(
        name=" ",
        legal_basis="",
        effective_from=dt.date(2026, 1, 15),
        absent_day_cut=Decimal("100.5"),
        late_hour_cut=Decimal("1.125"),
        missing_predikat_rate=None,
        rates={**RATES, Predikat.KURANG: None, Predikat.BAIK: Decimal(-1)},
        kind_amounts={Position.Kind.PELAKSANA: 0, Position.Kind.PENGAWAS: 2_000_000_000},
    )

    assert refused(hr_admin, data) == {
        "name": ["Nama skema wajib diisi."],
        "legal_basis": ["Dasar hukum (Perwali) wajib diisi."],
        "effective_from": ["Skema berlaku mulai tanggal 1 suatu bulan."],
        "absent_day_cut": ["Harus antara 0 dan 100."],
        "late_hour_cut": ["Paling banyak dua angka desimal."],
        "missing_predikat_rate": ["Wajib diisi."],
        "rate_baik": ["Harus antara 0 dan 100."],
        "rate_kurang": ["Tarif predikat Kurang/Misconduct wajib diisi."],
        "amount_pelaksana": ["Pagu harus lebih dari Rp0."],
        "amount_pengawas": ["Pagu paling besar Rp1.000.000.000."],
    }


def test_a_second_scheme_for_the_same_month_is_refused(hr_admin):
    make_scheme(effective_from=dt.date(2027, 1, 1))

    errors = refused(hr_admin, scheme_data(effective_from=dt.date(2027, 1, 1)))

    assert errors == {"effective_from": ["Sudah ada skema yang berlaku mulai Januari 2027."]}


def test_a_new_scheme_must_start_after_the_last_computed_month(hr_admin):
    old = make_scheme()
    a_run(old, dt.date(2026, 10, 1), hr_admin)

    errors = refused(hr_admin, scheme_data(effective_from=dt.date(2026, 10, 1)))

    assert errors == {
        "effective_from": [
            "Skema baru harus berlaku setelah bulan perhitungan TPP terakhir (Oktober 2026); "
            "perhitungan yang sudah ada tidak berubah."
        ]
    }
    later = services.create_scheme(
        actor=hr_admin, data=scheme_data(effective_from=dt.date(2026, 11, 1))
    )
    assert scheme_in_force(dt.date(2026, 10, 1)) == old
    assert scheme_in_force(dt.date(2026, 11, 1)) == later
    assert scheme_in_force(dt.date(2025, 12, 1)) is None


def test_only_admin_bkpsdm_creates_a_scheme(auditor, opd_admin):
    for user in (auditor, opd_admin):
        before = counts()
        with pytest.raises(PermissionDenied):
            services.create_scheme(actor=user, data=scheme_data())
        assert counts() == before


def test_change_a_scheme_before_any_run(hr_admin):
    scheme = services.create_scheme(actor=hr_admin, data=scheme_data())
    data = scheme_data(
        name="Skema TPP 2026 (perbaikan)",
        rates={**RATES, Predikat.BAIK: Decimal(95)},
        kind_amounts={Position.Kind.PELAKSANA: 3_500_000},
    )

    services.update_scheme(actor=hr_admin, scheme=scheme, data=data)

    scheme.refresh_from_db()
    assert scheme.name == "Skema TPP 2026 (perbaikan)"
    assert scheme.predikat_rates.get(predikat=Predikat.BAIK).rate == Decimal(95)
    assert list(scheme.base_amounts.values_list("position_kind", "amount")) == [
        ("pelaksana", 3_500_000)
    ]
    event = AuditEvent.objects.filter(action="compensation.scheme.changed").get()
    assert event.changes["name"] == ["Skema TPP 2026", "Skema TPP 2026 (perbaikan)"]
    assert event.changes["rates"][1]["baik"] == "95.00"
    assert event.changes["kind_amounts"] == [
        {"fungsional": 4_875_500, "pelaksana": 3_250_000, "pengawas": 6_500_000},
        {"pelaksana": 3_500_000},
    ]
    assert set(event.changes) == {"name", "rates", "kind_amounts"}


def test_a_scheme_a_run_used_is_frozen(hr_admin):
    scheme = make_scheme()
    position = PositionFactory.create(kind=Position.Kind.PELAKSANA)
    base = BaseAmount.objects.create(
        scheme=scheme, position_kind=position.kind, position=position, amount=1
    )
    a_run(scheme, dt.date(2026, 10, 1), hr_admin)
    before = counts()

    calls = [
        lambda: services.update_scheme(actor=hr_admin, scheme=scheme, data=scheme_data()),
        lambda: services.set_position_amount(
            actor=hr_admin, scheme=scheme, position=position, amount=10
        ),
        lambda: services.remove_position_amount(actor=hr_admin, base=base),
    ]
    for call in calls:
        with pytest.raises(DomainError) as error:
            call()
        assert error.value.message == services.FROZEN
    assert counts() == before
    assert services.FROZEN == (
        "Skema ini sudah dipakai perhitungan TPP sehingga tidak dapat diubah; buat skema baru "
        "yang berlaku mulai bulan setelah perhitungan terakhir."
    )


def test_the_base_amount_of_one_position(hr_admin):
    scheme = make_scheme()
    position = PositionFactory.create(name="Analis Kebijakan", kind=Position.Kind.FUNGSIONAL)

    services.set_position_amount(actor=hr_admin, scheme=scheme, position=position, amount=7_000_000)
    base = services.set_position_amount(
        actor=hr_admin, scheme=scheme, position=position, amount=7_250_000
    )

    assert (base.position_kind, base.amount) == ("fungsional", 7_250_000)
    events = AuditEvent.objects.filter(action="compensation.base_amount.set").order_by("seq")
    assert [event.changes["amount"] for event in events] == [
        [None, 7_000_000],
        [7_000_000, 7_250_000],
    ]
    services.remove_position_amount(actor=hr_admin, base=base)
    assert not BaseAmount.objects.filter(position=position).exists()
    removed = AuditEvent.objects.get(action="compensation.base_amount.removed")
    assert removed.changes == {
        "position": "Analis Kebijakan",
        "position_id": position.pk,
        "amount": 7_250_000,
    }


def test_a_bad_position_amount_changes_nothing(hr_admin, auditor):
    scheme = make_scheme()
    position = PositionFactory.create()
    before = counts()

    with pytest.raises(InvalidInputError) as error:
        services.set_position_amount(actor=hr_admin, scheme=scheme, position=position, amount=0)
    with pytest.raises(PermissionDenied):
        services.set_position_amount(actor=auditor, scheme=scheme, position=position, amount=5)

    assert error.value.errors == {"amount": ["Pagu harus lebih dari Rp0."]}
    assert counts() == before


def test_a_new_scheme_copies_the_position_amounts_of_another(hr_admin):
    old = make_scheme()
    position = PositionFactory.create(kind=Position.Kind.PELAKSANA)
    BaseAmount.objects.create(
        scheme=old, position_kind=position.kind, position=position, amount=4_000_000
    )
    a_run(old, dt.date(2026, 10, 1), hr_admin)

    new = services.create_scheme(
        actor=hr_admin,
        data=scheme_data(effective_from=dt.date(2026, 12, 1)),
        copy_positions_from=old,
    )

    assert list(new.base_amounts.filter(position__isnull=False).values_list("amount")) == [
        (4_000_000,)
    ]
    event = AuditEvent.objects.get(action="compensation.scheme.created")
    assert (event.changes["copied_from"], event.changes["copied_position_amounts"]) == (old.pk, 1)
