"""The rencana hasil kerja (RHK) of a draft SKP and their indicators (§5.2), changed by the
employee while the SKP is editable.

Cascading: an RHK intervenes in (`parent`) an RHK of the pejabat penilai's own SKP for the same
year, never in anyone else's; a main RHK must name one once the pejabat penilai's SKP is approved.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Max

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import DomainError
from simerit.organization.models import Position
from simerit.performance.models import Indicator, Skp, WorkResult
from simerit.performance.services.planning import (
    check_owner_may_edit,
    locked,
    main_result_needs_parent,
)

Kind = WorkResult.Kind
Aspect = Indicator.Aspect

# Indicator.target is DECIMAL(12, 2): ten digits before the comma.
TARGET_MAX = Decimal("9999999999.99")
TEXT_MAX_LENGTH = 500
UNIT_MAX_LENGTH = 40
JPT_KINDS = frozenset({Position.Kind.JPT_UTAMA, Position.Kind.JPT_MADYA, Position.Kind.JPT_PRATAMA})
# Fewer days and less money is better: the default direction of these aspects.
LOWER_IS_BETTER_ASPECTS = frozenset({Aspect.TIME, Aspect.COST})


@dataclass(frozen=True)
class ResultInput:
    kind: str
    text: str
    parent: WorkResult | None = None
    perspective: str = ""


@dataclass(frozen=True)
class IndicatorInput:
    aspect: str
    text: str
    target: Decimal
    unit: str
    # None: the aspect's default (True for waktu and biaya).
    lower_is_better: bool | None = None


def _required_text(value: str, *, label: str, field: str, max_length: int) -> str:
    value = value.strip()
    if not value:
        raise DomainError(f"{label} wajib diisi.", field=field)
    if len(value) > max_length:
        raise DomainError(f"{label} paling banyak {max_length} karakter.", field=field)
    return value


def _validate_result(skp: Skp, data: ResultInput, *, current: WorkResult | None) -> ResultInput:
    if data.kind not in Kind.values:
        raise DomainError("Jenis RHK harus utama atau tambahan.", field="kind")
    text = _required_text(
        data.text, label="Rencana hasil kerja", field="text", max_length=TEXT_MAX_LENGTH
    )
    parent = data.parent
    if parent is not None:
        owner = parent.skp
        if owner.employee_id != skp.evaluator_id or owner.year_id != skp.year_id:
            raise DomainError(
                "RHK pimpinan yang diintervensi harus berasal dari SKP pejabat penilai Anda "
                f"({skp.evaluator.display_name}) pada periode {skp.year.year}.",
                field="parent",
            )
    elif data.kind == Kind.MAIN and main_result_needs_parent(skp):
        raise DomainError(
            "RHK utama wajib menyebutkan RHK pimpinan yang diintervensi: SKP pejabat penilai "
            "Anda sudah disetujui.",
            field="parent",
        )
    if data.perspective:
        if data.perspective not in WorkResult.Perspective.values:
            raise DomainError("Perspektif tidak dikenal.", field="perspective")
        if skp.position.kind not in JPT_KINDS:
            raise DomainError(
                "Perspektif hanya diisi pada SKP pejabat pimpinan tinggi (JPT).",
                field="perspective",
            )
    if current is not None and parent is not None and parent.pk == current.pk:
        raise DomainError("RHK tidak dapat mengintervensi dirinya sendiri.", field="parent")
    return ResultInput(kind=data.kind, text=text, parent=parent, perspective=data.perspective)


def _next_order(skp: Skp, kind: str) -> int:
    last = WorkResult.objects.filter(skp=skp, kind=kind).aggregate(last=Max("order"))["last"]
    return (last or 0) + 1


def _close_gap(skp: Skp, kind: str, order: int) -> None:
    """Renumber the results after `order` one down, in ascending order (the unique order
    constraint holds after each step)."""
    for result in WorkResult.objects.filter(skp=skp, kind=kind, order__gt=order).order_by("order"):
        result.order -= 1
        result.save(update_fields=["order", "updated_at"])


def _result_snapshot(result: WorkResult) -> dict[str, object]:
    return {
        "kind": result.kind,
        "order": result.order,
        "text": result.text,
        "parent_id": result.parent_id,
        "perspective": result.perspective,
    }


@transaction.atomic
def add_result(*, skp: Skp, data: ResultInput, actor: User) -> WorkResult:
    """Add an RHK at the end of its kind."""
    skp = locked(skp)
    check_owner_may_edit(skp, actor)
    data = _validate_result(skp, data, current=None)
    result = WorkResult.objects.create(
        skp=skp,
        kind=data.kind,
        order=_next_order(skp, data.kind),
        text=data.text,
        parent=data.parent,
        perspective=data.perspective,
    )
    audit.record(
        actor=actor,
        action="performance.result.added",
        target=result,
        changes={"skp_id": skp.pk, **_result_snapshot(result)},
    )
    return result


@transaction.atomic
def update_result(*, result: WorkResult, data: ResultInput, actor: User) -> WorkResult:
    """Change an RHK; a change of kind moves it to the end of the other kind."""
    skp = locked(result.skp)
    check_owner_may_edit(skp, actor)
    result = WorkResult.objects.select_for_update().get(pk=result.pk)
    data = _validate_result(skp, data, current=result)
    before = _result_snapshot(result)
    if data.kind != result.kind:
        old_kind, old_order = result.kind, result.order
        result.kind, result.order = data.kind, _next_order(skp, data.kind)
        result.save(update_fields=["kind", "order", "updated_at"])
        _close_gap(skp, old_kind, old_order)
    result.text, result.parent, result.perspective = data.text, data.parent, data.perspective
    result.save(update_fields=["text", "parent", "perspective", "updated_at"])
    changes = audit.diff(before, _result_snapshot(result))
    if changes:
        audit.record(
            actor=actor,
            action="performance.result.updated",
            target=result,
            changes={"skp_id": skp.pk, **changes},
        )
    return result


@transaction.atomic
def delete_result(*, result: WorkResult, actor: User) -> None:
    """Delete an RHK with its indicators, unless a subordinate's RHK intervenes in it."""
    skp = locked(result.skp)
    check_owner_may_edit(skp, actor)
    if result.cascaded.exists():
        raise DomainError(
            f'RHK "{result.text}" tidak dapat dihapus: RHK bawahan sudah mengintervensinya.'
        )
    snapshot = {"skp_id": skp.pk, **_result_snapshot(result)}
    audit.record(actor=actor, action="performance.result.deleted", target=result, changes=snapshot)
    kind, order = result.kind, result.order
    result.delete()
    _close_gap(skp, kind, order)


def _validate_indicator(data: IndicatorInput) -> IndicatorInput:
    if data.aspect not in Aspect.values:
        raise DomainError("Aspek harus kuantitas, kualitas, waktu, atau biaya.", field="aspect")
    text = _required_text(
        data.text, label="Indikator kinerja", field="text", max_length=TEXT_MAX_LENGTH
    )
    unit = _required_text(data.unit, label="Satuan", field="unit", max_length=UNIT_MAX_LENGTH)
    try:
        target = Decimal(data.target)
    except (InvalidOperation, TypeError, ValueError):
        raise DomainError("Target harus berupa angka.", field="target") from None
    if not target.is_finite():
        raise DomainError("Target harus berupa angka.", field="target")
    if target < 0:
        raise DomainError("Target tidak boleh negatif.", field="target")
    if target > TARGET_MAX:
        raise DomainError("Target terlalu besar: paling besar 9.999.999.999,99.", field="target")
    if target != target.quantize(Decimal("0.01")):
        raise DomainError("Target paling banyak dua angka di belakang koma.", field="target")
    lower = data.lower_is_better
    if lower is None:
        lower = data.aspect in LOWER_IS_BETTER_ASPECTS
    return IndicatorInput(
        aspect=data.aspect, text=text, target=target, unit=unit, lower_is_better=lower
    )


def _indicator_snapshot(indicator: Indicator) -> dict[str, object]:
    return {
        "aspect": indicator.aspect,
        "text": indicator.text,
        "target": indicator.target,
        "unit": indicator.unit,
        "lower_is_better": indicator.lower_is_better,
    }


@transaction.atomic
def add_indicator(*, result: WorkResult, data: IndicatorInput, actor: User) -> Indicator:
    skp = locked(result.skp)
    check_owner_may_edit(skp, actor)
    data = _validate_indicator(data)
    indicator = Indicator.objects.create(
        result=result,
        aspect=data.aspect,
        text=data.text,
        target=data.target,
        unit=data.unit,
        lower_is_better=bool(data.lower_is_better),
    )
    audit.record(
        actor=actor,
        action="performance.indicator.added",
        target=indicator,
        changes={"skp_id": skp.pk, "result_id": result.pk, **_indicator_snapshot(indicator)},
    )
    return indicator


@transaction.atomic
def update_indicator(*, indicator: Indicator, data: IndicatorInput, actor: User) -> Indicator:
    skp = locked(indicator.result.skp)
    check_owner_may_edit(skp, actor)
    data = _validate_indicator(data)
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    before = _indicator_snapshot(indicator)
    indicator.aspect, indicator.text, indicator.unit = data.aspect, data.text, data.unit
    indicator.target, indicator.lower_is_better = data.target, bool(data.lower_is_better)
    indicator.save()
    changes = audit.diff(before, _indicator_snapshot(indicator))
    if changes:
        audit.record(
            actor=actor,
            action="performance.indicator.updated",
            target=indicator,
            changes={"skp_id": skp.pk, **changes},
        )
    return indicator


@transaction.atomic
def delete_indicator(*, indicator: Indicator, actor: User) -> None:
    skp = locked(indicator.result.skp)
    check_owner_may_edit(skp, actor)
    audit.record(
        actor=actor,
        action="performance.indicator.deleted",
        target=indicator,
        changes={
            "skp_id": skp.pk,
            "result_id": indicator.result_id,
            **_indicator_snapshot(indicator),
        },
    )
    indicator.delete()
