"""Writes to blueprints (kisi-kisi): configuration, sections, passing rules and item assembly.

Admin BKPSDM only. Nothing changes once the blueprint is locked (the exam engine sets
`locked_at` at the first start) or its results are published. Every write is one transaction
with its audit row (`exams.blueprint.*`). The year's numbers are data: `apply_skd_defaults`
copies the editable starting values of `simerit.exams.defaults` into the blueprint's rows.
"""

import random
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import ConflictError, DomainError, InvalidInputError
from simerit.exams import defaults
from simerit.exams.models import (
    Blueprint,
    BlueprintItem,
    BlueprintSection,
    ExamKind,
    ExamResult,
    PassingRule,
    Question,
    QuestionBank,
    QuestionCategory,
)
from simerit.exams.permissions import can_manage_exams
from simerit.exams.rules.scoring import SheetScore, judge
from simerit.exams.services.scoring import pass_rule_for
from simerit.recruitment.models import SelectionKind, SelectionPeriod, Track

MAX_DURATION_MINUTES = 600
MAX_QUESTION_COUNT = 500
MAX_POINTS = 100
# Short names of the exam kinds for messages ("bukan kategori ujian SKD").
KIND_NAMES = {
    ExamKind.SKD: "SKD",
    ExamKind.SKB: "SKB",
    ExamKind.PPPK: "seleksi kompetensi PPPK",
    ExamKind.TRYOUT: "tryout",
}
# The selection a real exam belongs to: SKD and SKB are CPNS stages, the PPPK test is PPPK's.
PERIOD_KIND = {
    ExamKind.SKD: SelectionKind.CPNS,
    ExamKind.SKB: SelectionKind.CPNS,
    ExamKind.PPPK: SelectionKind.PPPK,
}
EVERY_OTHER_TRACK = "Semua jalur lain"
TRACK_LABELS = {"": EVERY_OTHER_TRACK, **dict(Track.choices)}

LOCKED = (
    "Kisi-kisi ini sudah dikunci karena ujiannya sudah dimulai; kisi-kisi, bagian, soal, dan "
    "nilai ambang batasnya tidak dapat diubah lagi."
)
PUBLISHED = "Hasil kisi-kisi ini sudah diumumkan; kisi-kisi tidak dapat diubah lagi."
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


@dataclass(frozen=True)
class SectionInput:
    category_code: str
    question_count: int
    correct_points: int = 5
    wrong_points: int = 0
    blank_points: int = 0


@dataclass(frozen=True)
class RuleInput:
    track: str  # "" = every track without its own rule
    category_minimums: Mapping[str, int] = field(default_factory=dict)
    total_minimum: int | None = None
    legal_basis: str = ""


# --- pure helpers


def section_maximum(section: BlueprintSection | SectionInput) -> int:
    """The highest score a section can give: for weighted questions `correct_points` holds the
    highest option's points (TKP: 45 × 5 = 225)."""
    best = max(section.correct_points, section.wrong_points, section.blank_points, 0)
    return section.question_count * best


def category_fits(kind: str, category: QuestionCategory) -> bool:
    """A real exam takes its own kind's categories (any SKB field for SKB); a tryout any."""
    return kind == ExamKind.TRYOUT or category.exam_kind == kind


def track_label(track: str) -> str:
    return TRACK_LABELS.get(track, track)


# --- guards


def _require_admin(actor: User) -> None:
    if not can_manage_exams(actor):
        raise PermissionDenied("Hanya Admin BKPSDM yang dapat mengelola kisi-kisi ujian.")


def ensure_changeable(blueprint: Blueprint) -> None:
    """Refuse when the blueprint is locked or its results are published (read under a row lock,
    so a change cannot slip past the engine's first start)."""
    current = Blueprint.objects.select_for_update().filter(pk=blueprint.pk).first()
    if current is None:
        raise DomainError("Kisi-kisi tidak ditemukan.")
    if current.locked_at is not None:
        raise ConflictError(LOCKED)
    if current.results_published_at is not None:
        raise ConflictError(PUBLISHED)


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
    _require_admin(actor)
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
    _require_admin(actor)
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


# --- sections


def _section_values(sections: Sequence[BlueprintSection | SectionInput]) -> list[dict[str, Any]]:
    values = []
    for section in sections:
        code = (
            section.category.code
            if isinstance(section, BlueprintSection)
            else section.category_code
        )
        values.append(
            {
                "category": code,
                "question_count": section.question_count,
                "correct_points": section.correct_points,
                "wrong_points": section.wrong_points,
                "blank_points": section.blank_points,
            }
        )
    return values


def validate_sections(
    kind: str, sections: Sequence[SectionInput], categories: Mapping[str, QuestionCategory]
) -> dict[str, list[str]]:
    """Every problem with the sections, keyed "sections.<index>.<field>" (or "sections")."""
    errors: dict[str, list[str]] = {}

    def add(index: int, name: str, message: str) -> None:
        errors.setdefault(f"sections.{index}.{name}", []).append(message)

    if not sections:
        errors["sections"] = ["Kisi-kisi memerlukan paling sedikit satu bagian."]
    seen: set[str] = set()
    for index, section in enumerate(sections):
        code = section.category_code.strip().upper()
        category = categories.get(code)
        if category is None:
            add(index, "category", f"Kategori soal '{section.category_code}' tidak dikenal.")
        elif not category_fits(kind, category):
            add(
                index,
                "category",
                f"Kategori {code} bukan kategori ujian {KIND_NAMES[ExamKind(kind)]}.",
            )
        elif code in seen:
            add(index, "category", f"Kategori {code} tercantum lebih dari sekali.")
        seen.add(code)
        if not 1 <= section.question_count <= MAX_QUESTION_COUNT:
            add(index, "question_count", f"Jumlah soal harus 1 sampai {MAX_QUESTION_COUNT}.")
        if not 1 <= section.correct_points <= MAX_POINTS:
            add(index, "correct_points", f"Nilai jawaban benar harus 1 sampai {MAX_POINTS}.")
        for name, label in (("wrong_points", "salah"), ("blank_points", "tidak dijawab")):
            value = getattr(section, name)
            if not -MAX_POINTS <= value <= section.correct_points:
                add(
                    index,
                    name,
                    f"Nilai jawaban {label} harus -{MAX_POINTS} sampai nilai jawaban benar "
                    f"({section.correct_points}).",
                )
    return errors


def _categories(sections: Sequence[SectionInput]) -> dict[str, QuestionCategory]:
    codes = {section.category_code.strip().upper() for section in sections}
    return {c.code: c for c in QuestionCategory.objects.filter(code__in=codes)}


def _write_sections(blueprint: Blueprint, sections: Sequence[SectionInput]) -> dict[str, Any]:
    """Make the blueprint's sections exactly `sections` (kept by category, so their ids stay).

    A change of categories or counts drops the assembled items: they no longer fit.
    """
    categories = _categories(sections)
    existing = {s.category.code: s for s in blueprint.sections.select_related("category")}
    before = _section_values(list(existing.values()))
    shape_before = {(v["category"], v["question_count"]) for v in before}
    wanted = {section.category_code.strip().upper() for section in sections}
    rules = PassingRule.objects.filter(blueprint=blueprint).order_by("track")
    for rule in rules:
        for code in rule.category_minimums:
            if code not in wanted:
                raise DomainError(
                    f"Subtes {code} masih dipakai pada nilai ambang batas jalur "
                    f"{track_label(rule.track)}; ubah nilai ambang batas lebih dulu.",
                    field="sections",
                )
    for code, section in existing.items():
        if code not in wanted:
            section.delete()
    for order, data in enumerate(sections):
        code = data.category_code.strip().upper()
        section = existing.get(code) or BlueprintSection(
            blueprint=blueprint, category=categories[code]
        )
        section.order = order
        section.question_count = data.question_count
        section.correct_points = data.correct_points
        section.wrong_points = data.wrong_points
        section.blank_points = data.blank_points
        section.save()
    after = _section_values(list(blueprint.sections.select_related("category").order_by("order")))
    changes: dict[str, Any] = {}
    if after != before:
        changes = {"before": before, "after": after}
    if {(v["category"], v["question_count"]) for v in after} != shape_before:
        cleared, _ = BlueprintItem.objects.filter(blueprint=blueprint).delete()
        if cleared:
            changes["items_cleared"] = cleared
    return changes


@transaction.atomic
def set_sections(
    *, blueprint: Blueprint, sections: Sequence[SectionInput], actor: User
) -> list[BlueprintSection]:
    """Make the blueprint's sections exactly `sections`, in that order."""
    _require_admin(actor)
    ensure_changeable(blueprint)
    errors = validate_sections(blueprint.kind, sections, _categories(sections))
    if errors:
        raise InvalidInputError(errors)
    if blueprint.results.exists():
        raise DomainError(
            "Kisi-kisi ini sudah memiliki hasil ujian; bagian (subtes) tidak dapat diubah lagi.",
            field="sections",
        )
    changes = _write_sections(blueprint, sections)
    if changes:
        audit.record(
            actor=actor, action="exams.blueprint.sections_set", target=blueprint, changes=changes
        )
    return list(blueprint.sections.select_related("category").order_by("order"))


# --- passing rules


def validate_rules(
    rules: Sequence[RuleInput], sections: Sequence[BlueprintSection]
) -> dict[str, list[str]]:
    """Every problem with the rules, keyed "rules.<index>.<field>"."""
    errors: dict[str, list[str]] = {}

    def add(index: int, name: str, message: str) -> None:
        errors.setdefault(f"rules.{index}.{name}", []).append(message)

    maxima = {section.category.code: section_maximum(section) for section in sections}
    total_max = sum(maxima.values())
    seen: set[str] = set()
    for index, rule in enumerate(rules):
        if rule.track not in TRACK_LABELS:
            add(index, "track", f"Jalur '{rule.track}' tidak dikenal.")
        elif rule.track in seen:
            add(index, "track", f"Jalur {track_label(rule.track)} tercantum lebih dari sekali.")
        seen.add(rule.track)
        for code, minimum in rule.category_minimums.items():
            if code not in maxima:
                subtests = ", ".join(maxima) or "belum ada"
                add(
                    index,
                    "category_minimums",
                    f"{code} bukan subtes kisi-kisi ini (subtes: {subtests}).",
                )
            elif not 0 <= minimum <= maxima[code]:
                add(
                    index,
                    "category_minimums",
                    f"Nilai minimum {code} harus 0 sampai {maxima[code]}.",
                )
        if rule.total_minimum is not None and not 0 <= rule.total_minimum <= total_max:
            add(index, "total_minimum", f"Nilai minimum kumulatif harus 0 sampai {total_max}.")
        if not rule.category_minimums and rule.total_minimum is None:
            add(
                index,
                "category_minimums",
                "Isi paling sedikit satu nilai minimum, atau hapus aturan jalur ini.",
            )
        if len(rule.legal_basis.strip()) > 200:
            add(index, "legal_basis", "Dasar hukum paling banyak 200 karakter.")
    return errors


def _rule_values(rules: Sequence[PassingRule | RuleInput]) -> list[dict[str, Any]]:
    return [
        {
            "track": rule.track,
            "category_minimums": dict(rule.category_minimums),
            "total_minimum": rule.total_minimum,
            "legal_basis": rule.legal_basis,
        }
        for rule in rules
    ]


def _write_rules(blueprint: Blueprint, rules: Sequence[RuleInput]) -> dict[str, Any]:
    existing = {rule.track: rule for rule in PassingRule.objects.filter(blueprint=blueprint)}
    before = _rule_values(sorted(existing.values(), key=lambda rule: rule.track))
    wanted = {rule.track for rule in rules}
    for track, rule in existing.items():
        if track not in wanted:
            rule.delete()
    for data in rules:
        rule = existing.get(data.track) or PassingRule(blueprint=blueprint, track=data.track)
        rule.category_minimums = dict(data.category_minimums)
        rule.total_minimum = data.total_minimum
        rule.legal_basis = data.legal_basis.strip()
        rule.save()
    after = _rule_values(list(PassingRule.objects.filter(blueprint=blueprint).order_by("track")))
    return {"before": before, "after": after} if after != before else {}


def _rejudge_results(blueprint: Blueprint, actor: User) -> int:
    """Judge the blueprint's imported results again under its current rules; count changes."""
    changed = 0
    results = ExamResult.objects.filter(
        blueprint=blueprint, source=ExamResult.Source.BKN
    ).select_related("application__formasi")
    for result in results:
        rule = pass_rule_for(blueprint, result.application.formasi.track)
        verdict = judge(SheetScore(scores=dict(result.scores), total=result.total), rule)
        if (verdict.passed, verdict.reason) == (result.passed, result.result_reason):
            continue
        before = {"passed": result.passed, "result_reason": result.result_reason}
        result.passed, result.result_reason = verdict.passed, verdict.reason
        result.save(update_fields=["passed", "result_reason", "updated_at"])
        audit.record(
            actor=actor,
            action="exams.result.rejudged",
            target=result,
            changes=audit.diff(before, {"passed": verdict.passed, "result_reason": verdict.reason}),
        )
        changed += 1
    return changed


@transaction.atomic
def set_passing_rules(
    *, blueprint: Blueprint, rules: Sequence[RuleInput], actor: User
) -> list[PassingRule]:
    """Make the blueprint's passing rules exactly `rules` (none: ranking decides).

    Results already imported from BKN are judged again under the new rules (each change audited).
    """
    _require_admin(actor)
    ensure_changeable(blueprint)
    sections = list(blueprint.sections.select_related("category"))
    errors = validate_rules(rules, sections)
    if errors:
        raise InvalidInputError(errors)
    changes = _write_rules(blueprint, rules)
    if changes:
        changes["results_rejudged"] = _rejudge_results(blueprint, actor)
        audit.record(
            actor=actor,
            action="exams.blueprint.passing_rules_set",
            target=blueprint,
            changes=changes,
        )
    return list(PassingRule.objects.filter(blueprint=blueprint).order_by("track"))


# --- the national SKD configuration


@transaction.atomic
def apply_skd_defaults(*, blueprint: Blueprint, actor: User) -> Blueprint:
    """Replace sections, passing rules, duration and legal basis with the national SKD values
    of `simerit.exams.defaults` (KepmenPANRB 321/2024), as editable data."""
    _require_admin(actor)
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
    missing = sorted({s.category_code for s in sections} - set(_categories(sections)))
    if missing:
        raise DomainError(f"Kategori soal {', '.join(missing)} belum ada di data referensi.")
    before = blueprint_values(blueprint)
    # The old rules go first, so that the new sections never meet an old rule's sub-test.
    _write_rules(blueprint, [])
    section_changes = _write_sections(blueprint, sections)
    rules = [
        RuleInput(rule.track, rule.category_minimums, rule.total_minimum, defaults.SKD_LEGAL_BASIS)
        for rule in defaults.SKD_PASSING_RULES
    ]
    _write_rules(blueprint, rules)
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
            "sections": _section_values(sections),
            "passing_rules": _rule_values(rules),
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
    _require_admin(actor)
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
    stable order (so that a seed reproduces the draw)."""
    return list(
        Question.objects.filter(
            bank_id=blueprint.bank_id,
            category_id=section.category_id,
            is_active=True,
            current_version__isnull=False,
        )
        .order_by("pk")
        .values_list("current_version_id", flat=True)
    )
