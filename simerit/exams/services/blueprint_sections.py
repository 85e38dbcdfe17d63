"""The parts of a blueprint (kisi-kisi): its sections (sub-tests with their question counts and
points) and its passing rules per track, with the guards every blueprint write shares.

Admin BKPSDM only. Nothing changes once the blueprint is locked (the exam engine sets `locked_at`
at the first start) or its results are published. Every write is one transaction with its audit
row (`exams.blueprint.*`); results already imported from BKN are judged again when the rules
change. The blueprint itself, the national SKD defaults and assembly are services/blueprints.py.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import ConflictError, DomainError, InvalidInputError
from simerit.exams.models import (
    Blueprint,
    BlueprintItem,
    BlueprintSection,
    ExamKind,
    ExamResult,
    PassingRule,
    QuestionCategory,
)
from simerit.exams.permissions import can_manage_exams
from simerit.exams.rules.scoring import SheetScore, judge
from simerit.exams.services.scoring import pass_rule_for
from simerit.recruitment.models import Track

MAX_QUESTION_COUNT = 500
MAX_POINTS = 100
# Short names of the exam kinds for messages ("bukan kategori ujian SKD").
KIND_NAMES = {
    ExamKind.SKD: "SKD",
    ExamKind.SKB: "SKB",
    ExamKind.PPPK: "seleksi kompetensi PPPK",
    ExamKind.TRYOUT: "tryout",
}
EVERY_OTHER_TRACK = "Semua jalur lain"
TRACK_LABELS = {"": EVERY_OTHER_TRACK, **dict(Track.choices)}

LOCKED = (
    "Kisi-kisi ini sudah dikunci karena ujiannya sudah dimulai; kisi-kisi, bagian, soal, dan "
    "nilai ambang batasnya tidak dapat diubah lagi."
)
PUBLISHED = "Hasil kisi-kisi ini sudah diumumkan; kisi-kisi tidak dapat diubah lagi."


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


def require_admin(actor: User) -> None:
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


# --- sections


def section_values(sections: Sequence[BlueprintSection | SectionInput]) -> list[dict[str, Any]]:
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


def categories_of(sections: Sequence[SectionInput]) -> dict[str, QuestionCategory]:
    codes = {section.category_code.strip().upper() for section in sections}
    return {c.code: c for c in QuestionCategory.objects.filter(code__in=codes)}


def write_sections(blueprint: Blueprint, sections: Sequence[SectionInput]) -> dict[str, Any]:
    """Make the blueprint's sections exactly `sections` (kept by category, so their ids stay).

    A change of categories or counts drops the assembled items: they no longer fit.
    """
    categories = categories_of(sections)
    existing = {s.category.code: s for s in blueprint.sections.select_related("category")}
    before = section_values(list(existing.values()))
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
    after = section_values(list(blueprint.sections.select_related("category").order_by("order")))
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
    require_admin(actor)
    ensure_changeable(blueprint)
    errors = validate_sections(blueprint.kind, sections, categories_of(sections))
    if errors:
        raise InvalidInputError(errors)
    if blueprint.results.exists():
        raise DomainError(
            "Kisi-kisi ini sudah memiliki hasil ujian; bagian (subtes) tidak dapat diubah lagi.",
            field="sections",
        )
    changes = write_sections(blueprint, sections)
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


def rule_values(rules: Sequence[PassingRule | RuleInput]) -> list[dict[str, Any]]:
    return [
        {
            "track": rule.track,
            "category_minimums": dict(rule.category_minimums),
            "total_minimum": rule.total_minimum,
            "legal_basis": rule.legal_basis,
        }
        for rule in rules
    ]


def write_rules(blueprint: Blueprint, rules: Sequence[RuleInput]) -> dict[str, Any]:
    existing = {rule.track: rule for rule in PassingRule.objects.filter(blueprint=blueprint)}
    before = rule_values(sorted(existing.values(), key=lambda rule: rule.track))
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
    after = rule_values(list(PassingRule.objects.filter(blueprint=blueprint).order_by("track")))
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
    require_admin(actor)
    ensure_changeable(blueprint)
    sections = list(blueprint.sections.select_related("category"))
    errors = validate_rules(rules, sections)
    if errors:
        raise InvalidInputError(errors)
    changes = write_rules(blueprint, rules)
    if changes:
        changes["results_rejudged"] = _rejudge_results(blueprint, actor)
        audit.record(
            actor=actor,
            action="exams.blueprint.passing_rules_set",
            target=blueprint,
            changes=changes,
        )
    return list(PassingRule.objects.filter(blueprint=blueprint).order_by("track"))
