"""Writes of the TPP schemes (Perwali configuration, §7.6 [U]): create a scheme with its five
predikat rates and its base amounts per position kind, change it while no run used it, set or
remove the base amount of one position. A scheme a run used is frozen: a change is a new scheme
from a month after the last run, so that every computed month keeps the formula it was paid
with. Every input is checked before anything is written.

A change locks the scheme's row before asking whether a run used it; a run's computation locks
the same row (services.runs), so an edit made while a run is computed waits for it, then sees
the run and is refused."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.compensation.models import BaseAmount, PredikatRate, Scheme
from simerit.compensation.permissions import HR_ONLY, is_hr
from simerit.compensation.rules import tpp as rules
from simerit.compensation.selectors.schemes import is_frozen, last_run_month
from simerit.core.exceptions import DomainError, InvalidInputError
from simerit.organization.models import Position
from simerit.performance.models import Predikat

MAX_AMOUNT = 1_000_000_000
FROZEN = (
    "Skema ini sudah dipakai perhitungan TPP sehingga tidak dapat diubah; buat skema baru yang "
    "berlaku mulai bulan setelah perhitungan terakhir."
)
PERCENT_FIELDS = {
    "performance_weight": "Bobot kinerja",
    "discipline_weight": "Bobot disiplin",
    "absent_day_cut": "Potongan per hari tidak masuk",
    "late_hour_cut": "Potongan per jam keterlambatan",
    "missing_predikat_rate": "Tarif tanpa predikat final",
}


@dataclass(frozen=True)
class SchemeData:
    """A scheme as typed: `rates` maps each predikat to its rate (all five are required),
    `kind_amounts` each position kind to its base amount (None: no base for that kind)."""

    name: str
    effective_from: dt.date
    legal_basis: str
    performance_weight: Decimal | None
    discipline_weight: Decimal | None
    absent_day_cut: Decimal | None
    late_hour_cut: Decimal | None
    missing_predikat_rate: Decimal | None
    apply_sanction_cut: bool = True
    rates: Mapping[str, Decimal | None] = field(default_factory=dict)
    kind_amounts: Mapping[str, int | None] = field(default_factory=dict)


def rate_field(predikat: str) -> str:
    return f"rate_{predikat}"


def amount_field(kind: str) -> str:
    return f"amount_{kind}"


def _check_hr(actor: User) -> None:
    if not is_hr(actor):
        raise PermissionDenied(HR_ONLY)


def _unfrozen(scheme_id: int) -> Scheme:
    """The scheme, locked for the change, when no run used it."""
    scheme = Scheme.objects.select_for_update().get(pk=scheme_id)
    if is_frozen(scheme):
        raise DomainError(FROZEN)
    return scheme


def _percent_error(value: Decimal | None) -> str | None:
    if value is None:
        return "Wajib diisi."
    if value < 0 or value > 100:
        return "Harus antara 0 dan 100."
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        return "Paling banyak dua angka desimal."
    return None


def amount_error(amount: int | None) -> str | None:
    if amount is None or amount < 1:
        return "Pagu harus lebih dari Rp0."
    if amount > MAX_AMOUNT:
        return f"Pagu paling besar {rules.format_rupiah(MAX_AMOUNT)}."
    return None


def _validate(data: SchemeData, *, scheme: Scheme | None = None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str | None) -> None:
        if message:
            errors.setdefault(name, []).append(message)

    add("name", None if data.name.strip() else "Nama skema wajib diisi.")
    add("legal_basis", None if data.legal_basis.strip() else "Dasar hukum (Perwali) wajib diisi.")
    add("effective_from", _month_error(data.effective_from, scheme=scheme))
    for name in PERCENT_FIELDS:
        add(name, _percent_error(getattr(data, name)))
    if data.performance_weight is not None and data.discipline_weight is not None:
        add(
            "performance_weight",
            rules.weights_error(data.performance_weight, data.discipline_weight),
        )
    for value, label in Predikat.choices:
        rate = data.rates.get(value)
        message = f"Tarif predikat {label} wajib diisi." if rate is None else _percent_error(rate)
        add(rate_field(value), message)
    for kind, amount in data.kind_amounts.items():
        if kind not in Position.Kind.values:
            add("kind_amounts", "Jenis jabatan tidak dikenal.")
        elif amount is not None:
            add(amount_field(kind), amount_error(amount))
    return errors


def _month_error(month: dt.date, *, scheme: Scheme | None) -> str | None:
    if month.day != 1:
        return "Skema berlaku mulai tanggal 1 suatu bulan."
    same = Scheme.objects.filter(effective_from=month)
    if scheme is not None:
        same = same.exclude(pk=scheme.pk)
    if same.exists():
        return f"Sudah ada skema yang berlaku mulai {rules.month_label(month)}."
    last = last_run_month()
    if last is not None and month <= last:
        return (
            "Skema baru harus berlaku setelah bulan perhitungan TPP terakhir "
            f"({rules.month_label(last)}); perhitungan yang sudah ada tidak berubah."
        )
    return None


def _snapshot(scheme: Scheme) -> dict[str, Any]:
    return {
        "name": scheme.name,
        "effective_from": scheme.effective_from,
        "legal_basis": scheme.legal_basis,
        **{name: str(getattr(scheme, name)) for name in PERCENT_FIELDS},
        "apply_sanction_cut": scheme.apply_sanction_cut,
        "rates": {rate.predikat: str(rate.rate) for rate in scheme.predikat_rates.order_by("pk")},
        "kind_amounts": {
            base.position_kind: base.amount
            for base in scheme.base_amounts.filter(position__isnull=True).order_by("position_kind")
        },
    }


def _apply(scheme: Scheme, data: SchemeData) -> None:
    scheme.name = data.name.strip()
    scheme.effective_from = data.effective_from
    scheme.legal_basis = data.legal_basis.strip()
    for name in PERCENT_FIELDS:
        setattr(scheme, name, getattr(data, name))
    scheme.apply_sanction_cut = data.apply_sanction_cut


def _write_rates_and_kinds(scheme: Scheme, data: SchemeData) -> None:
    scheme.predikat_rates.all().delete()
    PredikatRate.objects.bulk_create(
        PredikatRate(scheme=scheme, predikat=value, rate=rate)
        for value in Predikat.values
        if (rate := data.rates.get(value)) is not None  # all five, once validated
    )
    scheme.base_amounts.filter(position__isnull=True).delete()
    BaseAmount.objects.bulk_create(
        BaseAmount(scheme=scheme, position_kind=kind, amount=amount)
        for kind, amount in data.kind_amounts.items()
        if amount is not None
    )


@transaction.atomic
def create_scheme(
    *, actor: User, data: SchemeData, copy_positions_from: Scheme | None = None
) -> Scheme:
    """A new scheme; with `copy_positions_from`, the base amounts of single positions are copied
    from that scheme (the usual way to change a frozen scheme)."""
    _check_hr(actor)
    errors = _validate(data)
    if errors:
        raise InvalidInputError(errors)
    scheme = Scheme(created_by=actor)
    _apply(scheme, data)
    scheme.save()
    _write_rates_and_kinds(scheme, data)
    copied = 0
    if copy_positions_from is not None:
        copies = [
            BaseAmount(
                scheme=scheme,
                position_kind=base.position_kind,
                position_id=base.position_id,
                amount=base.amount,
            )
            for base in copy_positions_from.base_amounts.filter(position__isnull=False)
        ]
        copied = len(BaseAmount.objects.bulk_create(copies))
    changes = _snapshot(scheme)
    if copy_positions_from is not None:
        changes["copied_from"] = copy_positions_from.pk
        changes["copied_position_amounts"] = copied
    audit.record(actor=actor, action="compensation.scheme.created", target=scheme, changes=changes)
    return scheme


@transaction.atomic
def update_scheme(*, actor: User, scheme: Scheme, data: SchemeData) -> Scheme:
    _check_hr(actor)
    scheme = _unfrozen(scheme.pk)
    errors = _validate(data, scheme=scheme)
    if errors:
        raise InvalidInputError(errors)
    before = _snapshot(scheme)
    _apply(scheme, data)
    scheme.save()
    scheme.refresh_from_db()  # the stored values ("60.00"), as `before` holds them
    _write_rates_and_kinds(scheme, data)
    after = _snapshot(scheme)
    changes = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
    if changes:
        audit.record(
            actor=actor, action="compensation.scheme.changed", target=scheme, changes=changes
        )
    return scheme


@transaction.atomic
def set_position_amount(
    *, actor: User, scheme: Scheme, position: Position, amount: int | None
) -> BaseAmount:
    """The base amount of one position (it wins over its kind's)."""
    _check_hr(actor)
    scheme = _unfrozen(scheme.pk)
    message = amount_error(amount)
    if message or amount is None:
        raise InvalidInputError({"amount": [message or "Pagu harus lebih dari Rp0."]})
    base = BaseAmount.objects.filter(scheme=scheme, position=position).first()
    old = base.amount if base else None
    if base is None:
        base = BaseAmount(scheme=scheme, position=position)
    base.position_kind = position.kind
    base.amount = amount
    base.save()
    audit.record(
        actor=actor,
        action="compensation.base_amount.set",
        target=scheme,
        changes={"position": position.name, "position_id": position.pk, "amount": [old, amount]},
    )
    return base


@transaction.atomic
def remove_position_amount(*, actor: User, base: BaseAmount) -> None:
    _check_hr(actor)
    position = base.position
    if position is None:
        raise DomainError("Pagu per jenis jabatan diubah melalui formulir skema.")
    scheme = _unfrozen(base.scheme_id)
    audit.record(
        actor=actor,
        action="compensation.base_amount.removed",
        target=scheme,
        changes={"position": position.name, "position_id": position.pk, "amount": base.amount},
    )
    base.delete()
