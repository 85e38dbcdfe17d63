"""Reads of blueprints (kisi-kisi) for the admin pages and the API."""

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from simerit.exams.models import (
    Blueprint,
    BlueprintItem,
    BlueprintSection,
    PassingRule,
    Question,
    ScoreImport,
)
from simerit.exams.services.blueprint_sections import section_maximum, track_label


def list_blueprints(*, period_id: int | None = None, kind: str = "") -> QuerySet[Blueprint]:
    """Blueprints, newest first, with their section and assembled item counts."""
    blueprints = Blueprint.objects.select_related("period", "bank").annotate(
        section_count=Count("sections", distinct=True),
        item_count=Count("items", distinct=True),
    )
    if period_id is not None:
        blueprints = blueprints.filter(period_id=period_id)
    if kind:
        blueprints = blueprints.filter(kind=kind)
    return blueprints.order_by("-created_at", "-pk")


def get_blueprint(blueprint_id: int) -> Blueprint:
    """Raises Blueprint.DoesNotExist."""
    return Blueprint.objects.select_related("period", "bank").get(pk=blueprint_id)


@dataclass(frozen=True)
class SectionRow:
    section: BlueprintSection
    maximum: int
    # Active questions of the section's category in the blueprint's bank (None: no bank).
    available: int | None
    items: list[BlueprintItem]

    @property
    def item_count(self) -> int:
        return len(self.items)


@dataclass(frozen=True)
class RuleRow:
    rule: PassingRule
    track_label: str
    minimums: list[tuple[str, int]]  # in section order


@dataclass(frozen=True)
class BlueprintOverview:
    blueprint: Blueprint
    sections: list[SectionRow]
    rules: list[RuleRow]
    item_count: int
    maximum_total: int
    question_count: int

    @property
    def is_locked(self) -> bool:
        return self.blueprint.locked_at is not None

    @property
    def is_changeable(self) -> bool:
        return self.blueprint.locked_at is None and self.blueprint.results_published_at is None

    @property
    def is_assembled(self) -> bool:
        return bool(self.sections) and self.item_count == self.question_count


def blueprint_overview(blueprint: Blueprint) -> BlueprintOverview:
    """Sections with their assembled items, passing rules per track, totals."""
    sections = list(blueprint.sections.select_related("category").order_by("order"))
    items: dict[int, list[BlueprintItem]] = {section.pk: [] for section in sections}
    for item in blueprint.items.select_related("question_version__question").order_by("order"):
        items.setdefault(item.section_id, []).append(item)
    available = _available(blueprint)
    rows = [
        SectionRow(
            section=section,
            maximum=section_maximum(section),
            available=available.get(section.category_id, 0) if blueprint.bank_id else None,
            items=items[section.pk],
        )
        for section in sections
    ]
    order = [section.category.code for section in sections]
    rules = [
        RuleRow(
            rule=rule,
            track_label=track_label(rule.track),
            minimums=sorted(
                ((code, int(value)) for code, value in rule.category_minimums.items()),
                key=lambda pair: order.index(pair[0]) if pair[0] in order else len(order),
            ),
        )
        for rule in blueprint.passing_rules.order_by("track")
    ]
    return BlueprintOverview(
        blueprint=blueprint,
        sections=rows,
        rules=rules,
        item_count=sum(len(found) for found in items.values()),
        maximum_total=sum(row.maximum for row in rows),
        question_count=sum(section.question_count for section in sections),
    )


def _available(blueprint: Blueprint) -> dict[int, int]:
    if blueprint.bank_id is None:
        return {}
    counts = (
        Question.objects.filter(
            bank_id=blueprint.bank_id, is_active=True, current_version__isnull=False
        )
        .values("category_id")
        .annotate(count=Count("pk"))
    )
    return {row["category_id"]: row["count"] for row in counts}


def get_item(blueprint: Blueprint, item_id: int) -> BlueprintItem:
    """One assembled item with its question version; raises BlueprintItem.DoesNotExist."""
    return BlueprintItem.objects.select_related(
        "question_version__question__category", "section__category"
    ).get(blueprint=blueprint, pk=item_id)


def list_score_imports(blueprint: Blueprint) -> QuerySet[ScoreImport]:
    return blueprint.imports.select_related("imported_by").order_by("-imported_at", "-pk")


def get_score_import(blueprint: Blueprint, import_id: int) -> ScoreImport:
    """Raises ScoreImport.DoesNotExist."""
    return blueprint.imports.select_related("imported_by").get(pk=import_id)
