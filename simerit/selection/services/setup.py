"""The selection's configuration per period: the cut multiplier, the SKD maximum, the integration
weights (§2.4: SKD 40 %, SKB 60 % by default), the SKB composition limits (§3.2, including whether
wawancara may be an SKB tambahan and its maximum weight) and the length of the sanggah on the final
result.

Admin BKPSDM only; every change is one transaction with its audit row (before/after). Once an
integration has been run for the period the numbers it used are frozen: only the sanggah length
may still change.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.dates import format_datetime_wib
from simerit.core.exceptions import ConflictError, InvalidInputError
from simerit.recruitment.models import SelectionPeriod
from simerit.selection.models import SelectionSetup
from simerit.selection.permissions import can_manage
from simerit.selection.selectors.setup import ensure_setup, latest_integration, percent

HUNDRED = Decimal(100)
CENT = Decimal("0.01")
MAX_SKD = 1000
MAX_MULTIPLIER = 10
MAX_ADDITIONAL = 10
MAX_SANGGAH_DAYS = 30
# The numbers an integration run reads: frozen once one has been run for the period.
FROZEN_FIELDS = (
    "skd_max",
    "cut_multiplier",
    "skd_weight",
    "skb_weight",
    "min_cat_weight",
    "max_additional_components",
    "allow_interview",
    "max_interview_weight",
)
FIELDS = (*FROZEN_FIELDS, "result_sanggah_days")
DENIED = "Hanya Admin BKPSDM yang dapat mengubah pengaturan seleksi kompetensi."
FIELD_NAMES = {
    "skd_max": "nilai maksimum SKD",
    "cut_multiplier": "pengali kuota",
    "skd_weight": "bobot SKD",
    "skb_weight": "bobot SKB",
    "min_cat_weight": "bobot minimal SKB-CAT",
    "max_additional_components": "jumlah maksimal SKB tambahan",
    "allow_interview": "wawancara sebagai SKB tambahan",
    "max_interview_weight": "bobot maksimal wawancara",
}


@dataclass(frozen=True)
class SetupInput:
    skd_max: int
    cut_multiplier: int
    skd_weight: Decimal
    skb_weight: Decimal
    min_cat_weight: Decimal
    max_additional_components: int
    result_sanggah_days: int
    # §3.2: defaults of an instansi daerah (no wawancara); 10 % is the 2024 pusat limit.
    allow_interview: bool = False
    max_interview_weight: Decimal = Decimal(10)

    @classmethod
    def of(cls, setup: SelectionSetup, **changes: Any) -> "SetupInput":
        """The setup's current values, with `changes` applied."""
        values = {name: getattr(setup, name) for name in FIELDS}
        return cls(**{**values, **changes})


def require_manager(actor: User, message: str = DENIED) -> None:
    if not can_manage(actor):
        raise PermissionDenied(message)


def check_percent(
    value: Decimal, *, field: str, label: str, errors: dict[str, list[str]], low_open: bool
) -> None:
    """A percentage with at most two decimals, in (0, 100] (`low_open`) or [0, 100]."""
    if not value.is_finite() or value != value.quantize(CENT):
        errors.setdefault(field, []).append(
            f"{label} harus berupa angka dengan paling banyak dua angka di belakang koma."
        )
    elif low_open and not Decimal(0) < value <= HUNDRED:
        errors.setdefault(field, []).append(f"{label} harus lebih dari 0 dan paling besar 100.")
    elif not low_open and not Decimal(0) <= value <= HUNDRED:
        errors.setdefault(field, []).append(f"{label} harus antara 0 dan 100.")


def _check_range(
    value: int, low: int, high: int, *, field: str, message: str, errors: dict[str, list[str]]
) -> None:
    if not low <= value <= high:
        errors.setdefault(field, []).append(message)


def validate(data: SetupInput) -> None:
    errors: dict[str, list[str]] = {}
    _check_range(
        data.skd_max,
        1,
        MAX_SKD,
        field="skd_max",
        message=f"Nilai maksimum SKD harus antara 1 dan {MAX_SKD}.",
        errors=errors,
    )
    _check_range(
        data.cut_multiplier,
        1,
        MAX_MULTIPLIER,
        field="cut_multiplier",
        message=f"Pengali kuota harus antara 1 dan {MAX_MULTIPLIER}.",
        errors=errors,
    )
    check_percent(
        data.skd_weight, field="skd_weight", label="Bobot SKD", errors=errors, low_open=True
    )
    check_percent(
        data.skb_weight, field="skb_weight", label="Bobot SKB", errors=errors, low_open=True
    )
    if not errors.keys() & {"skd_weight", "skb_weight"}:
        total = data.skd_weight + data.skb_weight
        if total != HUNDRED:
            errors["weights"] = [
                f"Jumlah bobot SKD dan SKB harus tepat 100 %; sekarang {percent(total)}."
            ]
    check_percent(
        data.min_cat_weight,
        field="min_cat_weight",
        label="Bobot minimal SKB-CAT",
        errors=errors,
        low_open=False,
    )
    _check_range(
        data.max_additional_components,
        0,
        MAX_ADDITIONAL,
        field="max_additional_components",
        message=f"Jumlah maksimal SKB tambahan harus antara 0 dan {MAX_ADDITIONAL}.",
        errors=errors,
    )
    if not isinstance(data.allow_interview, bool):
        errors["allow_interview"] = ["Pilih apakah wawancara boleh menjadi SKB tambahan."]
    check_percent(
        data.max_interview_weight,
        field="max_interview_weight",
        label="Bobot maksimal wawancara",
        errors=errors,
        low_open=False,
    )
    _check_range(
        data.result_sanggah_days,
        1,
        MAX_SANGGAH_DAYS,
        field="result_sanggah_days",
        message=f"Lama masa sanggah hasil akhir harus antara 1 dan {MAX_SANGGAH_DAYS} hari.",
        errors=errors,
    )
    if errors:
        raise InvalidInputError(errors)


def _values(setup: SelectionSetup | SetupInput) -> dict[str, Any]:
    """The fields as audited: decimals as text with two places ("40.00")."""
    values: dict[str, Any] = {}
    for name in FIELDS:
        value = getattr(setup, name)
        values[name] = str(Decimal(value).quantize(CENT)) if isinstance(value, Decimal) else value
    return values


@transaction.atomic
def update_setup(*, period: SelectionPeriod, data: SetupInput, actor: User) -> SelectionSetup:
    """Save the period's configuration; refused (nothing changed) on invalid values or when a
    number an integration already used would change."""
    require_manager(actor)
    validate(data)
    ensure_setup(period)
    setup = SelectionSetup.objects.select_for_update().get(period=period)
    before, after = _values(setup), _values(data)
    changes = audit.diff(before, after)
    if not changes:
        return setup
    run = latest_integration(period)
    frozen = [FIELD_NAMES[name] for name in FROZEN_FIELDS if name in changes]
    if run is not None and frozen:
        raise ConflictError(
            f"Pengaturan ini sudah dipakai pada integrasi nilai {format_datetime_wib(run.run_at)}; "
            f"{', '.join(frozen)} tidak dapat diubah lagi. Hanya lama masa sanggah hasil akhir "
            "yang masih dapat diubah."
        )
    for name in FIELDS:
        setattr(setup, name, getattr(data, name))
    setup.save(update_fields=[*FIELDS, "updated_at"])
    audit.record(actor=actor, action="selection.setup.updated", target=setup, changes=changes)
    return setup
