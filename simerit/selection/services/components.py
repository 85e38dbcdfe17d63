"""The SKB of a formasi (§3.1–§3.2): its components, each a method with a weight: exactly one SKB-CAT
part (scaled from the SKB ExamResult by `cat_max_score`) carrying at least the period's
`min_cat_weight`, and at most `max_additional_components` assessed methods, each scored on a
rubric of the same method and period; wawancara only when the period allows it
(`allow_interview`), together at most `max_interview_weight`. The weights sum to 100 %.

The whole set is replaced at once (`save_components`), or copied from one formasi onto others of the
period (`copy_components`, one audit row per target). Admin BKPSDM only; refused once scoring has
begun for the formasi (an assessor assignment or a component result exists): the components are
then what the scores refer to.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import ConflictError, InvalidInputError
from simerit.recruitment.models import Formasi
from simerit.selection.models import (
    Aggregation,
    AssessorAssignment,
    ComponentResult,
    Method,
    Rubric,
    SelectionSetup,
    SkbComponent,
)
from simerit.selection.selectors.setup import (
    INTERVIEW_NOT_ALLOWED,
    component_problems,
    components_locked,
    get_setup,
    list_components,
    percent,
)
from simerit.selection.services.setup import check_percent, require_manager

HUNDRED = Decimal(100)
NAME_MAX_LENGTH = 200
MAX_CAT_SCORE = 100_000
MAX_ASSESSORS = 10
DEFAULT_SPREAD = Decimal(15)
DENIED = "Hanya Admin BKPSDM yang dapat mengatur komponen SKB."


@dataclass(frozen=True)
class ComponentInput:
    order: int
    method: str
    name: str
    weight: Decimal
    cat_max_score: int | None = None
    rubric: Rubric | None = None
    assessors_per_candidate: int = 2
    max_spread: Decimal = DEFAULT_SPREAD
    aggregation: str = Aggregation.MEAN
    is_blind: bool = True
    scoring_opens_at: dt.datetime | None = None
    scoring_closes_at: dt.datetime | None = None

    @classmethod
    def of(cls, component: SkbComponent) -> "ComponentInput":
        return cls(
            order=component.order,
            method=component.method,
            name=component.name,
            weight=component.weight,
            cat_max_score=component.cat_max_score,
            rubric=component.rubric,
            assessors_per_candidate=component.assessors_per_candidate,
            max_spread=component.max_spread,
            aggregation=component.aggregation,
            is_blind=component.is_blind,
            scoring_opens_at=component.scoring_opens_at,
            scoring_closes_at=component.scoring_closes_at,
        )


def edit_refusal(formasi: Formasi) -> str | None:
    """Why the formasi's components can no longer change; None while they still can."""
    if AssessorAssignment.objects.filter(component__formasi=formasi).exists():
        return (
            f"Komponen SKB formasi {formasi.code} tidak dapat diubah lagi: asesor sudah "
            "ditugaskan untuk menilai komponennya."
        )
    if ComponentResult.objects.filter(component__formasi=formasi).exists():
        return (
            f"Komponen SKB formasi {formasi.code} tidak dapat diubah lagi: nilai komponennya "
            "sudah tercatat."
        )
    return None


def _check_component(
    index: int, item: ComponentInput, formasi: Formasi, errors: dict[str, list[str]]
) -> None:
    prefix = f"components.{index}"

    def add(name: str, message: str) -> None:
        errors.setdefault(f"{prefix}.{name}", []).append(message)

    if item.order < 1:
        add("order", "Urutan harus paling sedikit 1.")
    name = " ".join(item.name.split())
    if not name:
        add("name", "Nama komponen wajib diisi.")
    elif len(name) > NAME_MAX_LENGTH:
        add("name", f"Nama komponen paling banyak {NAME_MAX_LENGTH} karakter.")
    check_percent(
        item.weight, field=f"{prefix}.weight", label="Bobot komponen", errors=errors, low_open=True
    )
    if item.method not in Method.values:
        add("method", "Metode tidak dikenal.")
        return
    if item.method == Method.CAT:
        if item.cat_max_score is None or not 1 <= item.cat_max_score <= MAX_CAT_SCORE:
            add("cat_max_score", f"Nilai maksimum SKB-CAT wajib diisi, 1–{MAX_CAT_SCORE}.")
        if item.rubric is not None:
            add("rubric", "SKB-CAT tidak memakai rubrik; kosongkan rubrik.")
        return
    if item.cat_max_score is not None:
        add("cat_max_score", "Nilai maksimum SKB-CAT hanya untuk komponen SKB-CAT; kosongkan.")
    if item.rubric is None:
        add("rubric", "Pilih rubrik penilaian untuk metode ini.")
    elif item.rubric.period_id != formasi.period_id:
        add("rubric", "Rubrik harus dari periode seleksi formasi ini.")
    elif item.rubric.method != item.method:
        add(
            "rubric",
            f"Rubrik {item.rubric.name} untuk metode {item.rubric.get_method_display()}; pilih "
            f"rubrik metode {Method(item.method).label}.",
        )
    if not 2 <= item.assessors_per_candidate <= MAX_ASSESSORS:
        add(
            "assessors_per_candidate",
            f"Jumlah asesor per peserta harus antara 2 dan {MAX_ASSESSORS}.",
        )
    check_percent(
        item.max_spread,
        field=f"{prefix}.max_spread",
        label="Selisih maksimal antarasesor",
        errors=errors,
        low_open=False,
    )
    if item.aggregation not in Aggregation.values:
        add("aggregation", "Aturan penggabungan nilai tidak dikenal.")
    opens, closes = item.scoring_opens_at, item.scoring_closes_at
    if opens is not None and closes is not None and closes <= opens:
        add("scoring_closes_at", "Batas akhir penilaian harus setelah penilaian dibuka.")


def validate(
    *, formasi: Formasi, components: Sequence[ComponentInput], setup: SelectionSetup
) -> None:
    """Every rule of a formasi's SKB, all reported at once (InvalidInputError; a component's
    fields keyed "components.<i>.<field>", the set's rules "components")."""
    errors: dict[str, list[str]] = {}
    if not components:
        raise InvalidInputError({"components": ["Isi paling sedikit satu komponen SKB."]})
    for index, item in enumerate(components):
        _check_component(index, item, formasi, errors)
    orders: set[int] = set()
    names: set[str] = set()
    for index, item in enumerate(components):
        if item.order in orders:
            errors.setdefault(f"components.{index}.order", []).append(
                f"Urutan {item.order} dipakai lebih dari satu komponen."
            )
        orders.add(item.order)
        name = " ".join(item.name.split()).casefold()
        if name and name in names:
            errors.setdefault(f"components.{index}.name", []).append(
                "Nama komponen dipakai lebih dari satu komponen."
            )
        names.add(name)
    set_errors = []
    cats = [index for index, item in enumerate(components) if item.method == Method.CAT]
    if len(cats) != 1:
        set_errors.append(f"Harus ada tepat satu komponen SKB-CAT; sekarang {len(cats)}.")
    if not any(key.endswith(".weight") for key in errors):
        total = sum((item.weight for item in components), Decimal(0))
        if total != HUNDRED:
            set_errors.append(
                f"Jumlah bobot komponen harus tepat 100 %; sekarang {percent(total)}."
            )
        if len(cats) == 1 and components[cats[0]].weight < setup.min_cat_weight:
            errors.setdefault(f"components.{cats[0]}.weight", []).append(
                f"Bobot SKB-CAT paling sedikit {percent(setup.min_cat_weight)} (pengaturan "
                f"periode); sekarang {percent(components[cats[0]].weight)}."
            )
    _check_interviews(components, setup, errors)
    additional = len(components) - len(cats)
    if additional > setup.max_additional_components:
        set_errors.append(
            f"Paling banyak {setup.max_additional_components} komponen SKB tambahan (pengaturan "
            f"periode); sekarang {additional}."
        )
    if set_errors:
        errors["components"] = set_errors
    if errors:
        raise InvalidInputError(errors)


def _check_interviews(
    components: Sequence[ComponentInput], setup: SelectionSetup, errors: dict[str, list[str]]
) -> None:
    """§3.2: wawancara only when the period allows it, and then within its maximum weight (the
    interview components together); the message goes on each interview component's row."""
    interviews = [index for index, item in enumerate(components) if item.method == Method.INTERVIEW]
    if not interviews:
        return
    if not setup.allow_interview:
        for index in interviews:
            errors.setdefault(f"components.{index}.method", []).append(INTERVIEW_NOT_ALLOWED)
        return
    if any(f"components.{index}.weight" in errors for index in interviews):
        return
    weight = sum((components[index].weight for index in interviews), Decimal(0))
    if weight > setup.max_interview_weight:
        for index in interviews:
            errors.setdefault(f"components.{index}.weight", []).append(
                f"Bobot wawancara paling banyak {percent(setup.max_interview_weight)} dari SKB "
                f"(pengaturan periode); sekarang {percent(weight)}."
            )


def component_values(component: SkbComponent) -> dict[str, Any]:
    """One component as audited."""
    return {
        "order": component.order,
        "method": component.method,
        "name": component.name,
        "weight": str(Decimal(component.weight).quantize(Decimal("0.01"))),
        "cat_max_score": component.cat_max_score,
        "rubric": {"id": component.rubric.pk, "name": component.rubric.name}
        if component.rubric
        else None,
        "assessors_per_candidate": component.assessors_per_candidate,
        "max_spread": str(Decimal(component.max_spread).quantize(Decimal("0.01"))),
        "aggregation": component.aggregation,
        "is_blind": component.is_blind,
        "scoring_opens_at": component.scoring_opens_at,
        "scoring_closes_at": component.scoring_closes_at,
    }


def _build(formasi: Formasi, item: ComponentInput) -> SkbComponent:
    """The row for one input; the assessed-only settings of the CAT part keep their defaults."""
    cat = item.method == Method.CAT
    return SkbComponent(
        formasi=formasi,
        order=item.order,
        method=item.method,
        name=" ".join(item.name.split()),
        weight=item.weight,
        cat_max_score=item.cat_max_score if cat else None,
        rubric=None if cat else item.rubric,
        assessors_per_candidate=2 if cat else item.assessors_per_candidate,
        max_spread=DEFAULT_SPREAD if cat else item.max_spread,
        aggregation=Aggregation.MEAN if cat else item.aggregation,
        is_blind=True if cat else item.is_blind,
        scoring_opens_at=None if cat else item.scoring_opens_at,
        scoring_closes_at=None if cat else item.scoring_closes_at,
    )


def _replace(formasi: Formasi, components: Sequence[ComponentInput]) -> tuple[list[Any], list[Any]]:
    """Delete the formasi's components and write the new set; the audited before and after."""
    before = [component_values(component) for component in list_components(formasi)]
    formasi.skb_components.all().delete()
    rows = [_build(formasi, item) for item in sorted(components, key=lambda item: item.order)]
    saved = SkbComponent.objects.bulk_create(rows)
    return before, [component_values(component) for component in saved]


def _locked_formasi(formasi: Formasi) -> Formasi:
    current = Formasi.objects.select_for_update().select_related("period").get(pk=formasi.pk)
    refusal = edit_refusal(current)
    if refusal:
        raise ConflictError(refusal)
    return current


@transaction.atomic
def save_components(
    *, formasi: Formasi, components: Sequence[ComponentInput], actor: User
) -> list[SkbComponent]:
    """Replace the formasi's SKB components with `components` (nothing changes on a refusal)."""
    require_manager(actor, DENIED)
    current = _locked_formasi(formasi)
    validate(formasi=current, components=components, setup=get_setup(current.period))
    before, after = _replace(current, components)
    if before != after:
        audit.record(
            actor=actor,
            action="selection.components.saved",
            target=current,
            changes={"before": before, "after": after},
        )
    return list_components(current)


@transaction.atomic
def copy_components(*, source: Formasi, targets: Sequence[Formasi], actor: User) -> int:
    """Give every target formasi the source's SKB composition; returns the number of targets.

    All or nothing: refused when a target is of another period (or is the source), when the
    source's composition is not valid, or when scoring has begun on any target.
    """
    require_manager(actor, DENIED)
    if not targets:
        raise InvalidInputError({"targets": ["Pilih paling sedikit satu formasi tujuan."]})
    source = Formasi.objects.select_related("period").get(pk=source.pk)
    if any(target.pk == source.pk for target in targets):
        raise InvalidInputError({"targets": ["Formasi sumber tidak dapat menjadi tujuan."]})
    others = sorted({target.code for target in targets if target.period_id != source.period_id})
    if others:
        raise InvalidInputError(
            {"targets": [f"Formasi {', '.join(others)} bukan dari periode seleksi yang sama."]}
        )
    setup = get_setup(source.period)
    problems = component_problems(source, setup=setup)
    if problems:
        raise ConflictError(
            f"Komposisi SKB formasi {source.code} belum valid: {' '.join(problems)}"
        )
    inputs = [ComponentInput.of(component) for component in list_components(source)]
    locked = list(
        Formasi.objects.select_for_update()
        .filter(pk__in={target.pk for target in targets})
        .order_by("pk")
    )
    started = components_locked([target.pk for target in locked])
    refused = sorted(target.code for target in locked if target.pk in started)
    if refused:
        raise ConflictError(
            f"Penilaian sudah dimulai pada formasi {', '.join(refused)}; komponen SKB-nya tidak "
            "dapat diubah lagi. Tidak ada formasi yang diubah."
        )
    for target in sorted(locked, key=lambda target: target.code):
        before, after = _replace(target, inputs)
        audit.record(
            actor=actor,
            action="selection.components.copied",
            target=target,
            changes={"source": source.code, "before": before, "after": after},
        )
    return len(locked)
