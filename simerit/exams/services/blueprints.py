"""Writes to blueprints (kisi-kisi): the blueprint's configuration, the national SKD defaults
and item assembly. Its sections and passing rules are services/blueprint_sections.py.

Admin BKPSDM only. Nothing changes once the blueprint is locked (the exam engine sets
`locked_at` at the first start) or its results are published. Every write is one transaction
with its audit row (`exams.blueprint.*`). The year's numbers are data: `apply_skd_defaults`
copies the editable starting values of `simerit.exams.defaults` into the blueprint's rows.
"""

import random
import secrets
from dataclasses import asdict, dataclass, fields
from typing import Any

from django.db import transaction

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import DomainError, InvalidInputError
from simerit.exams import defaults
from simerit.exams.models import (
    Blueprint,
    BlueprintItem,
    BlueprintSection,
    ExamKind,
    Question,
    QuestionBank,
)
from simerit.exams.services import blueprint_sections as parts
from simerit.exams.services.blueprint_sections import (
    KIND_NAMES,
    RuleInput,
    SectionInput,
    category_fits,
    ensure_changeable,
    require_admin,
)
from simerit.recruitment.models import SelectionKind, SelectionPeriod

MAX_DURATION_MINUTES = 600
# The selection a real exam belongs to: SKD and SKB are CPNS stages, the PPPK test is PPPK's.
PERIOD_KIND = {
    ExamKind.SKD: SelectionKind.CPNS,
    ExamKind.SKB: SelectionKind.CPNS,
    ExamKind.PPPK: SelectionKind.PPPK,
}
# Fields that other records were made under: fixed once sittings, results or imports exist.
FIXED_ONCE_USED = {"kind": "jenis ujian", "period": "periode seleksi", "delivery": "pelaksana"}


@dataclass
class BlueprintInput:
    name: str
    kind: str
    duration_minutes: int
    period: SelectionPeriod | None = None
    delivery: str = Blueprint.Delivery.SIMERIT
    bank: QuestionBank | None = None
    shuffle_questions: bool = True
    shuffle_options: bool = True
    is_public: bool = False
    legal_basis: str = ""


def _is_used(blueprint: Blueprint) -> bool:
    return blueprint.sittings.exists() or blueprint.results.exists() or blueprint.imports.exists()


# --- the blueprint itself


def validate_blueprint_input(data: BlueprintInput) -> dict[str, list[str]]:
    """Every problem with `data`, by field, in Indonesian; empty when it may be saved."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    data.name = data.name.strip()
    data.legal_basis = data.legal_basis.strip()
    if not data.name:
        add("name", "Nama kisi-kisi wajib diisi.")
    elif len(data.name) > 200:
        add("name", "Nama kisi-kisi paling banyak 200 karakter.")
    if len(data.legal_basis) > 200:
        add("legal_basis", "Dasar hukum paling banyak 200 karakter.")
    if not 1 <= data.duration_minutes <= MAX_DURATION_MINUTES:
        add("duration_minutes", f"Durasi harus 1 sampai {MAX_DURATION_MINUTES} menit.")
    if data.delivery not in Blueprint.Delivery.values:
        add("delivery", "Pelaksana harus CAT SiMerit atau CAT BKN.")
    if data.kind not in ExamKind.values:
        add("kind", "Jenis ujian tidak dikenal.")
        return errors
    if data.kind == ExamKind.TRYOUT:
        _check_tryout(data, add)
    else:
        _check_real_exam(data, add)
    _check_bank(data, add)
    return errors


def _check_tryout(data: BlueprintInput, add: Any) -> None:
    if data.period is not None:
        add("period", "Tryout tidak terikat pada periode seleksi; kosongkan periode.")
    if data.delivery == Blueprint.Delivery.BKN:
        add("delivery", "Tryout hanya dapat dilaksanakan di CAT SiMerit.")


def _check_real_exam(data: BlueprintInput, add: Any) -> None:
    if data.period is None:
        add("period", "Periode seleksi wajib diisi untuk ujian selain tryout.")
    elif data.period.kind != PERIOD_KIND[ExamKind(data.kind)]:
        add(
            "period",
            f"Ujian {KIND_NAMES[ExamKind(data.kind)]} tidak dapat dipakai pada periode seleksi "
            f"{data.period.get_kind_display()}.",
        )
    if data.is_public:
        add("is_public", "Hanya tryout yang dapat dibuka untuk umum.")


def _check_bank(data: BlueprintInput, add: Any) -> None:
    if data.delivery == Blueprint.Delivery.BKN:
        if data.bank is not None:
            add("bank", "Ujian CAT BKN tidak memakai bank soal SiMerit; kosongkan bank soal.")
        return
    if data.bank is None:
        add("bank", "Bank soal wajib diisi untuk ujian yang dilaksanakan di CAT SiMerit.")
    elif data.kind == ExamKind.TRYOUT and data.bank.purpose != QuestionBank.Purpose.PRACTICE:
        add("bank", "Tryout hanya boleh memakai bank soal latihan.")
    elif data.kind != ExamKind.TRYOUT and data.bank.purpose != QuestionBank.Purpose.EXAM:
        add("bank", "Ujian sungguhan hanya boleh memakai bank soal ujian, bukan bank soal latihan.")


def _input_values(data: BlueprintInput) -> dict[str, Any]:
    """The input's fields as they are (asdict would deep-copy the period and bank rows)."""
    return {item.name: getattr(data, item.name) for item in fields(data)}


def blueprint_values(blueprint: Blueprint) -> dict[str, Any]:
    return {
        "name": blueprint.name,
        "kind": blueprint.kind,
        "period": blueprint.period_id,
        "delivery": blueprint.delivery,
        "bank": blueprint.bank_id,
        "duration_minutes": blueprint.duration_minutes,
        "shuffle_questions": blueprint.shuffle_questions,
        "shuffle_options": blueprint.shuffle_options,
        "is_public": blueprint.is_public,
        "legal_basis": blueprint.legal_basis,
    }


@transaction.atomic
def create_blueprint(*, data: BlueprintInput, actor: User) -> Blueprint:
    """A new blueprint without sections: add them, or fill the national SKD configuration."""
    require_admin(actor)
    errors = validate_blueprint_input(data)
    if errors:
        raise InvalidInputError(errors)
    blueprint = Blueprint(**_input_values(data))
    blueprint.full_clean()
    blueprint.save()
    audit.record(
        actor=actor,
        action="exams.blueprint.created",
        target=blueprint,
        changes=blueprint_values(blueprint),
    )
    return blueprint


@transaction.atomic
def update_blueprint(*, blueprint: Blueprint, data: BlueprintInput, actor: User) -> Blueprint:
    """Change the configuration. A new bank (or CAT BKN) drops the assembled items."""
    require_admin(actor)
    ensure_changeable(blueprint)
    errors = validate_blueprint_input(data)
    if errors:
        raise InvalidInputError(errors)
    before = blueprint_values(blueprint)
    after = {**_input_values(data), "period": _pk(data.period), "bank": _pk(data.bank)}
    changed = [name for name in FIXED_ONCE_USED if after[name] != before[name]]
    if changed and _is_used(blueprint):
        labels = ", ".join(FIXED_ONCE_USED[name] for name in changed)
        raise DomainError(
            f"Kisi-kisi ini sudah memiliki sesi ujian atau hasil; {labels} tidak dapat diubah lagi.",
            field=changed[0],
        )
    if after["kind"] != before["kind"]:
        _check_sections_fit(blueprint, data.kind)
    for name, value in _input_values(data).items():
        setattr(blueprint, name, value)
    blueprint.full_clean()
    blueprint.save()
    changes: dict[str, Any] = audit.diff(before, blueprint_values(blueprint))
    if "bank" in changes or blueprint.delivery == Blueprint.Delivery.BKN:
        cleared, _ = BlueprintItem.objects.filter(blueprint=blueprint).delete()
        if cleared:
            changes["items_cleared"] = cleared
    if changes:
        audit.record(
            actor=actor, action="exams.blueprint.updated", target=blueprint, changes=changes
        )
    return blueprint


def _pk(obj: Any) -> int | None:
    return obj.pk if obj is not None else None


def _check_sections_fit(blueprint: Blueprint, kind: str) -> None:
    for section in blueprint.sections.select_related("category"):
        if not category_fits(kind, section.category):
            raise DomainError(
                f"Bagian {section.category.code} bukan kategori ujian {KIND_NAMES[ExamKind(kind)]}; "
                "ubah bagian kisi-kisi lebih dulu.",
                field="kind",
            )


# --- the national SKD configuration


@transaction.atomic
def apply_skd_defaults(*, blueprint: Blueprint, actor: User) -> Blueprint:
    """Replace sections, passing rules, duration and legal basis with the national SKD values
    of `simerit.exams.defaults` (KepmenPANRB 321/2024), as editable data."""
    require_admin(actor)
    ensure_changeable(blueprint)
    if blueprint.kind not in (ExamKind.SKD, ExamKind.TRYOUT):
        raise DomainError(
            "Ketentuan SKD nasional hanya dapat diisikan pada kisi-kisi SKD atau tryout."
        )
    if blueprint.results.exists():
        raise DomainError(
            "Kisi-kisi ini sudah memiliki hasil ujian; bagian (subtes) tidak dapat diubah lagi."
        )
    sections = [SectionInput(**asdict(section)) for section in defaults.SKD_SECTIONS]
    missing = sorted({s.category_code for s in sections} - set(parts.categories_of(sections)))
    if missing:
        raise DomainError(f"Kategori soal {', '.join(missing)} belum ada di data referensi.")
    before = blueprint_values(blueprint)
    # The old rules go first, so that the new sections never meet an old rule's sub-test.
    parts.write_rules(blueprint, [])
    section_changes = parts.write_sections(blueprint, sections)
    rules = [
        RuleInput(rule.track, rule.category_minimums, rule.total_minimum, defaults.SKD_LEGAL_BASIS)
        for rule in defaults.SKD_PASSING_RULES
    ]
    parts.write_rules(blueprint, rules)
    blueprint.duration_minutes = defaults.SKD_DURATION_MINUTES
    blueprint.legal_basis = defaults.SKD_LEGAL_BASIS
    blueprint.full_clean()
    blueprint.save(update_fields=["duration_minutes", "legal_basis", "updated_at"])
    audit.record(
        actor=actor,
        action="exams.blueprint.skd_defaults_applied",
        target=blueprint,
        changes={
            "legal_basis": defaults.SKD_LEGAL_BASIS,
            "blueprint": audit.diff(before, blueprint_values(blueprint)),
            "sections": parts.section_values(sections),
            "passing_rules": parts.rule_values(rules),
            "items_cleared": section_changes.get("items_cleared", 0),
        },
    )
    return blueprint


# --- assembly


@transaction.atomic
def assemble_items(
    *, blueprint: Blueprint, actor: User, seed: int | None = None
) -> list[BlueprintItem]:
    """Draw each section's `question_count` active questions of its category from the bank at
    random (their current versions), replacing the previous assembly.

    The same `seed` on the same bank draws the same items; without a seed the draw is
    unpredictable (the operating system's random source).
    """
    require_admin(actor)
    ensure_changeable(blueprint)
    if blueprint.delivery == Blueprint.Delivery.BKN:
        raise DomainError("Kisi-kisi CAT BKN tidak dirakit; nilainya diimpor dari berkas BKN.")
    if blueprint.bank_id is None:
        raise DomainError("Pilih bank soal kisi-kisi ini lebih dulu.", field="bank")
    sections = list(blueprint.sections.select_related("category").order_by("order"))
    if not sections:
        raise DomainError("Kisi-kisi belum memiliki bagian; tambahkan bagian lebih dulu.")
    pools = {section.pk: _pool(blueprint, section) for section in sections}
    shortages = [
        f"Bank soal hanya memiliki {len(pools[s.pk])} soal {s.category.code} aktif; kisi-kisi "
        f"memerlukan {s.question_count}."
        for s in sections
        if len(pools[s.pk]) < s.question_count
    ]
    if shortages:
        raise DomainError(" ".join(shortages))
    # A seeded draw is reproducible on request (an audit can redo it); otherwise SystemRandom.
    rng = random.Random(seed) if seed is not None else secrets.SystemRandom()  # noqa: S311
    replaced, _ = BlueprintItem.objects.filter(blueprint=blueprint).delete()
    items: list[BlueprintItem] = []
    for section in sections:
        for version_id in rng.sample(pools[section.pk], section.question_count):
            items.append(
                BlueprintItem(
                    blueprint=blueprint,
                    section=section,
                    question_version_id=version_id,
                    order=len(items) + 1,
                )
            )
    BlueprintItem.objects.bulk_create(items)
    audit.record(
        actor=actor,
        action="exams.blueprint.assembled",
        target=blueprint,
        changes={
            "seed": seed,
            "sections": {s.category.code: s.question_count for s in sections},
            "question_versions": [item.question_version_id for item in items],
            "replaced": replaced,
        },
    )
    return items


def _pool(blueprint: Blueprint, section: BlueprintSection) -> list[int]:
    """Current version ids of the bank's active questions of the section's category, in a
    stable order (so that a seed reproduces the draw). A question whose type the category does
    not score with (written before the category named its type) is never drawn."""
    questions = Question.objects.filter(
        bank_id=blueprint.bank_id,
        category_id=section.category_id,
        is_active=True,
        current_version__isnull=False,
    )
    if section.category.question_kind:
        questions = questions.filter(kind=section.category.question_kind)
    return list(questions.order_by("pk").values_list("current_version_id", flat=True))
