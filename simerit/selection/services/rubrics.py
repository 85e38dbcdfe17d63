"""Rubrics of the additional SKB methods (§3.1, §3.3): criteria with weights that sum to 100 % and a
behavioural anchor for every score level of every criterion.

Admin BKPSDM only; every write is one transaction with its audit row (`selection.rubric.*`). A
rubric is locked once scoring on it has begun (`lock_rubric`, called when the first assessor is
assigned, or any submitted score on a component using it): assessors must all score against the
same text, so it can then be neither edited nor deleted.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import ConflictError, InvalidInputError
from simerit.recruitment.models import SelectionPeriod
from simerit.selection.models import (
    AssessorAssignment,
    Method,
    Rubric,
    RubricAnchor,
    RubricCriterion,
)
from simerit.selection.selectors.setup import percent, rubric_in_use
from simerit.selection.services.setup import check_percent, require_manager

HUNDRED = Decimal(100)
MAX_LEVEL = 10
MAX_CRITERIA = 20
NAME_MAX_LENGTH = 200
ANCHOR_MAX_LENGTH = 500
TEXT_MAX_LENGTH = 20_000
DENIED = "Hanya Admin BKPSDM yang dapat mengelola rubrik penilaian."
LOCKED = (
    "Rubrik ini sudah dikunci karena penilaian dengan rubrik ini sudah dimulai; kriteria, bobot, "
    "dan jangkar perilakunya tidak dapat diubah atau dihapus lagi."
)
NOT_FOR_CAT = "Rubrik tidak dipakai untuk SKB-CAT: nilai SKB-CAT berasal dari hasil ujian CAT."


@dataclass(frozen=True)
class CriterionInput:
    name: str
    weight: Decimal
    description: str = ""
    # {level: what the assessor must observe to give that level}
    anchors: Mapping[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RubricInput:
    name: str
    method: str
    min_level: int
    max_level: int
    criteria: Sequence[CriterionInput]
    description: str = ""
    case_material: str = ""


def edit_refusal(rubric: Rubric) -> str | None:
    """Why the rubric can no longer be edited or deleted; None while it still can."""
    if rubric.locked_at is not None:
        return LOCKED
    submitted = AssessorAssignment.objects.filter(
        component__rubric=rubric, submitted_at__isnull=False
    )
    return LOCKED if submitted.exists() else None


def _clean_text(value: str) -> str:
    return " ".join(value.split())


def validate(data: RubricInput) -> None:
    """Every rule of a rubric, all reported at once (InvalidInputError keyed by field; a
    criterion's fields as "criteria.<i>.<field>", its anchors as "criteria.<i>.anchor_<level>")."""
    errors: dict[str, list[str]] = {}

    def add(key: str, message: str) -> None:
        errors.setdefault(key, []).append(message)

    name = _clean_text(data.name)
    if not name:
        add("name", "Nama rubrik wajib diisi.")
    elif len(name) > NAME_MAX_LENGTH:
        add("name", f"Nama rubrik paling banyak {NAME_MAX_LENGTH} karakter.")
    if data.method == Method.CAT:
        add("method", NOT_FOR_CAT)
    elif data.method not in Method.values:
        add("method", "Metode tidak dikenal.")
    for key, text in (("description", data.description), ("case_material", data.case_material)):
        if len(text) > TEXT_MAX_LENGTH:
            add(key, f"Teks paling banyak {TEXT_MAX_LENGTH} karakter.")
    levels_ok = 0 <= data.min_level < data.max_level <= MAX_LEVEL
    if not levels_ok:
        add(
            "max_level",
            f"Skor terendah harus lebih kecil dari skor tertinggi, dalam rentang 0–{MAX_LEVEL}.",
        )
    if not data.criteria:
        add("criteria", "Isi paling sedikit satu kriteria.")
    elif len(data.criteria) > MAX_CRITERIA:
        add("criteria", f"Paling banyak {MAX_CRITERIA} kriteria.")
    seen: set[str] = set()
    weights_ok = True
    for index, criterion in enumerate(data.criteria):
        prefix = f"criteria.{index}"
        criterion_name = _clean_text(criterion.name)
        if not criterion_name:
            add(f"{prefix}.name", "Nama kriteria wajib diisi.")
        elif len(criterion_name) > NAME_MAX_LENGTH:
            add(f"{prefix}.name", f"Nama kriteria paling banyak {NAME_MAX_LENGTH} karakter.")
        elif criterion_name.casefold() in seen:
            add(f"{prefix}.name", f"Kriteria {criterion_name} tercantum dua kali.")
        seen.add(criterion_name.casefold())
        if len(criterion.description) > TEXT_MAX_LENGTH:
            add(f"{prefix}.description", f"Teks paling banyak {TEXT_MAX_LENGTH} karakter.")
        before = len(errors.get(f"{prefix}.weight", []))
        check_percent(
            criterion.weight,
            field=f"{prefix}.weight",
            label="Bobot kriteria",
            errors=errors,
            low_open=True,
        )
        weights_ok = weights_ok and len(errors.get(f"{prefix}.weight", [])) == before
        if not levels_ok:
            continue
        for level in range(data.min_level, data.max_level + 1):
            anchor = _clean_text(criterion.anchors.get(level, ""))
            if not anchor:
                add(f"{prefix}.anchor_{level}", f"Jangkar perilaku skor {level} wajib diisi.")
            elif len(anchor) > ANCHOR_MAX_LENGTH:
                add(
                    f"{prefix}.anchor_{level}",
                    f"Jangkar perilaku paling banyak {ANCHOR_MAX_LENGTH} karakter.",
                )
        outside = sorted(set(criterion.anchors) - set(range(data.min_level, data.max_level + 1)))
        if outside:
            add(
                f"{prefix}.anchors",
                f"Jangkar untuk skor {', '.join(map(str, outside))} di luar rentang "
                f"{data.min_level}–{data.max_level}.",
            )
    if data.criteria and weights_ok:
        total = sum((criterion.weight for criterion in data.criteria), Decimal(0))
        if total != HUNDRED:
            add("criteria", f"Jumlah bobot kriteria harus tepat 100 %; sekarang {percent(total)}.")
    if errors:
        raise InvalidInputError(errors)


def snapshot(rubric: Rubric) -> dict[str, Any]:
    """The rubric as audited: every field, criteria in order with their anchors."""
    return {
        "name": rubric.name,
        "method": rubric.method,
        "description": rubric.description,
        "case_material": rubric.case_material,
        "min_level": rubric.min_level,
        "max_level": rubric.max_level,
        "criteria": [
            {
                "name": criterion.name,
                "description": criterion.description,
                "weight": str(criterion.weight),
                "anchors": {
                    str(anchor.level): anchor.description
                    for anchor in criterion.anchors.order_by("level")
                },
            }
            for criterion in rubric.criteria.order_by("order")
        ],
    }


def _write(rubric: Rubric, data: RubricInput) -> None:
    rubric.name = _clean_text(data.name)
    rubric.method = data.method
    rubric.description = data.description.strip()
    rubric.case_material = data.case_material.strip()
    rubric.min_level = data.min_level
    rubric.max_level = data.max_level
    rubric.save()
    try:
        rubric.criteria.all().delete()
    except ProtectedError as error:  # a criterion already carries an assessor's score
        raise ConflictError(LOCKED) from error
    for order, item in enumerate(data.criteria, start=1):
        criterion = RubricCriterion.objects.create(
            rubric=rubric,
            order=order,
            name=_clean_text(item.name),
            description=item.description.strip(),
            weight=item.weight,
        )
        RubricAnchor.objects.bulk_create(
            RubricAnchor(
                criterion=criterion, level=level, description=_clean_text(item.anchors[level])
            )
            for level in range(data.min_level, data.max_level + 1)
        )


@transaction.atomic
def create_rubric(*, period: SelectionPeriod, data: RubricInput, actor: User) -> Rubric:
    """A new rubric of the period with its criteria and anchors."""
    require_manager(actor, DENIED)
    validate(data)
    rubric = Rubric(period=period, created_by=actor)
    _write(rubric, data)
    audit.record(
        actor=actor,
        action="selection.rubric.created",
        target=rubric,
        changes={"period": period.name, **snapshot(rubric)},
    )
    return rubric


def _lock_for_change(rubric: Rubric) -> Rubric:
    current = Rubric.objects.select_for_update().filter(pk=rubric.pk).first()
    if current is None:
        raise ConflictError("Rubrik ini sudah dihapus.")
    refusal = edit_refusal(current)
    if refusal:
        raise ConflictError(refusal)
    return current


@transaction.atomic
def update_rubric(*, rubric: Rubric, data: RubricInput, actor: User) -> Rubric:
    """Replace the rubric's fields, criteria and anchors; refused once it is locked, and a change
    of method while components of another method use it."""
    require_manager(actor, DENIED)
    current = _lock_for_change(rubric)
    validate(data)
    if data.method != current.method:
        used_by = rubric_in_use(current)
        if used_by:
            raise InvalidInputError(
                {
                    "method": [
                        "Metode tidak dapat diubah karena rubrik ini dipakai komponen SKB "
                        f"{current.get_method_display()} pada formasi {', '.join(used_by)}."
                    ]
                }
            )
    before = snapshot(current)
    _write(current, data)
    changes = audit.diff(before, snapshot(current))
    if changes:
        audit.record(
            actor=actor, action="selection.rubric.updated", target=current, changes=changes
        )
    return current


@transaction.atomic
def delete_rubric(*, rubric: Rubric, actor: User) -> None:
    """Delete a rubric that no component uses and that is not locked."""
    require_manager(actor, DENIED)
    current = _lock_for_change(rubric)
    used_by = rubric_in_use(current)
    if used_by:
        raise ConflictError(
            f"Rubrik ini dipakai komponen SKB formasi {', '.join(used_by)}; ganti rubrik pada "
            "komponen tersebut terlebih dahulu."
        )
    audit.record(
        actor=actor,
        action="selection.rubric.deleted",
        target=current,
        changes={"period": current.period.name, **snapshot(current)},
    )
    current.delete()


@transaction.atomic
def lock_rubric(*, rubric: Rubric, actor: User | None) -> Rubric:
    """Freeze the rubric before its first assessment (idempotent: a locked rubric is returned as
    it is, with no new audit row). Called by the assessment service at the first assignment;
    `actor` None is the system."""
    if actor is not None:
        require_manager(actor, DENIED)
    current = Rubric.objects.select_for_update().get(pk=rubric.pk)
    if current.locked_at is not None:
        return current
    current.locked_at = timezone.now()
    current.save(update_fields=["locked_at", "updated_at"])
    audit.record(
        actor=actor,
        action="selection.rubric.locked",
        target=current,
        changes={"locked_at": current.locked_at},
    )
    return current
