"""Reads of the public transparency portal (issue #5 item 7) about one person and about the rules:
the lookup of one's own published result by registration number (administrative decision, SKD
scores, final result; published facts only), and "how the ranking works" with the period's own
numbers or the national defaults.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from simerit.exams.models import Blueprint, ExamKind, ExamResult, PassingRule
from simerit.recruitment.models import AnnouncementEntry, Application, SelectionPeriod, Track
from simerit.recruitment.rules import mask_name
from simerit.recruitment.selectors.board import PUBLIC_PERIOD_STATUSES
from simerit.selection.models import ResultAnnouncementEntry, SelectionSetup
from simerit.selection.rules import FinalStatus, SkdCandidate, SkdScore, display, explain, skd_cut
from simerit.selection.selectors import announcement_explanations as explanation_selectors
from simerit.selection.selectors import announcements
from simerit.selection.selectors.transparency_distributions import period_setup

# --- lookup of one's own published result


@dataclass(frozen=True)
class AdministrativeFact:
    result: str  # "MS" or "TMS"
    reason: str
    version: int
    published_at: dt.datetime


@dataclass(frozen=True)
class SkdFact:
    scores: list[tuple[str, int]]
    total: int
    passed: bool | None
    reason: str
    published_at: dt.datetime


@dataclass(frozen=True)
class FinalFact:
    status: str
    status_label: str
    rank: int | None
    final_score: str | None  # "78,40"
    skd_total: int
    skb_score: str | None
    quota: int
    version: int
    published_at: dt.datetime
    formasi_id: int
    explanation: str  # "peringkat 4 dari 57; kuota 3; nilai akhir 78,40 = ..."


@dataclass(frozen=True)
class LookupResult:
    registration_number: str
    masked_name: str
    period_name: str
    formasi_code: str
    position: str
    work_unit: str
    administrative: AdministrativeFact | None
    skd: SkdFact | None
    final: FinalFact | None


SUBTEST_ORDER = ("TWK", "TIU", "TKP")


def subtests(scores: dict[str, Any]) -> list[tuple[str, int]]:
    """Sub-test values in the SKD's own order (TWK, TIU, TKP, then any other by name): a JSON
    column on PostgreSQL does not keep the order the keys were written in."""

    def position(name: str) -> tuple[int, str]:
        return (SUBTEST_ORDER.index(name) if name in SUBTEST_ORDER else len(SUBTEST_ORDER), name)

    return [(str(name), int(scores[name])) for name in sorted(scores, key=position)]


def normalise_registration_number(value: str) -> str:
    """As the system prints them: no surrounding spaces, capitals (2026-CPNS-123456)."""
    return value.strip().upper()


def lookup_result(registration_number: str) -> LookupResult | None:
    """The published facts about one registration number of a public period: the administrative
    result (newest announcement listing it), the SKD result (once its blueprint's results are
    published) and the final result (newest final announcement listing it), with the masked name
    only. None when there is no such number or nothing about it is published yet: the answer is
    the same, so the lookup reveals no unpublished number."""
    number = normalise_registration_number(registration_number)
    if not number:
        return None
    application = (
        Application.objects.filter(
            registration_number=number, period__status__in=PUBLIC_PERIOD_STATUSES
        )
        .select_related("period", "formasi__position", "formasi__work_unit", "applicant")
        .only(
            "id",
            "registration_number",
            "period__name",
            "formasi__code",
            "formasi__position__name",
            "formasi__work_unit__name",
            "applicant__name",
        )
        .first()
    )
    if application is None:
        return None
    admin_entry = (
        AnnouncementEntry.objects.filter(application=application)
        .select_related("announcement")
        .order_by("-announcement__version")
        .first()
    )
    skd_result = (
        ExamResult.objects.filter(
            application=application,
            kind=ExamKind.SKD,
            blueprint__results_published_at__isnull=False,
        )
        .select_related("blueprint")
        .first()
    )
    final_entry = announcements.entry_for(application)
    if admin_entry is None and skd_result is None and final_entry is None:
        return None
    if final_entry is not None:
        masked = final_entry.masked_name
    elif admin_entry is not None:
        masked = admin_entry.masked_name
    else:
        masked = mask_name(application.applicant.name)
    return LookupResult(
        registration_number=application.registration_number,
        masked_name=masked,
        period_name=application.period.name,
        formasi_code=application.formasi.code,
        position=application.formasi.position.name,
        work_unit=application.formasi.work_unit.name,
        administrative=_administrative(admin_entry),
        skd=_skd(skd_result),
        final=_final(final_entry),
    )


def _administrative(entry: AnnouncementEntry | None) -> AdministrativeFact | None:
    if entry is None:
        return None
    return AdministrativeFact(
        result=entry.result,
        reason=entry.reason,
        version=entry.announcement.version,
        published_at=entry.announcement.published_at,
    )


def _skd(result: ExamResult | None) -> SkdFact | None:
    if result is None or result.blueprint.results_published_at is None:
        return None
    scores = result.scores if isinstance(result.scores, dict) else {}
    return SkdFact(
        scores=subtests(scores),
        total=result.total,
        passed=result.passed,
        reason=result.result_reason,
        published_at=result.blueprint.results_published_at,
    )


def _final(entry: ResultAnnouncementEntry | None) -> FinalFact | None:
    if entry is None:
        return None
    status = FinalStatus(entry.status)
    return FinalFact(
        status=status.value,
        status_label=status.label,
        rank=entry.rank,
        final_score=display(entry.final_score) if entry.final_score is not None else None,
        skd_total=entry.skd_total,
        skb_score=display(entry.skb_score) if entry.skb_score is not None else None,
        quota=entry.announcement.quota,
        version=entry.announcement.version,
        published_at=entry.announcement.published_at,
        formasi_id=entry.announcement.formasi_id,
        explanation=explanation_selectors.explanation(entry),
    )


# --- "how the ranking works": the period's numbers, or the national defaults


NATIONAL_PASSING_GRADES: tuple[tuple[str, dict[str, int], int | None], ...] = (
    # KepmenPANRB 321/2024 (domain reference §2.2).
    (Track.UMUM, {"TWK": 65, "TIU": 80, "TKP": 166}, None),
    (Track.CUMLAUDE, {"TIU": 85}, 311),
    (Track.DIASPORA, {"TIU": 85}, 311),
    (Track.DISABILITAS, {"TIU": 60}, 286),
    (Track.PUTRA_PUTRI_DAERAH, {"TIU": 60}, 286),
)
# BKN's worked example (2019, one formasi): name, TWK, TIU, TKP (domain reference §2.3).
BKN_EXAMPLE: tuple[tuple[str, int, int, int], ...] = (
    ("A", 135, 110, 150),
    ("B", 115, 125, 148),
    ("C", 105, 115, 147),
    ("D", 117, 105, 145),
    ("E", 109, 112, 146),
)
TRACK_LABELS = dict(Track.choices)


@dataclass(frozen=True)
class PassingGrade:
    track: str
    minimums: list[tuple[str, int]]
    total_minimum: int | None


@dataclass(frozen=True)
class CutExampleRow:
    name: str
    twk: int
    tiu: int
    tkp: int
    total: int
    position: int
    proceeds: bool


@dataclass(frozen=True)
class RankingExplanation:
    """The numbers of the explanation page. `setup_is_default`: no setup stored for the period
    (or no period chosen), so the national defaults are shown and labelled as such."""

    period: SelectionPeriod | None
    setup_is_default: bool
    skd_max: int
    cut_multiplier: int
    skd_weight: str  # "40"
    skb_weight: str  # "60"
    min_cat_weight: str
    max_additional_components: int
    result_sanggah_days: int
    passing_grades: list[PassingGrade]
    grades_are_default: bool
    cut_example: list[CutExampleRow]
    cut_slots: int
    example_skd: int
    example_skb: str
    example_skd_part: str
    example_skb_part: str
    example_final: str
    example_line: str


def _percent(value: Decimal) -> str:
    return format(value.normalize(), "f").replace(".", ",")


def _passing_grades(period: SelectionPeriod | None) -> tuple[list[PassingGrade], bool]:
    rules_: list[PassingRule] = []
    if period is not None:
        blueprint = (
            Blueprint.objects.filter(period=period, kind=ExamKind.SKD, passing_rules__isnull=False)
            .order_by("-created_at", "-pk")
            .first()
        )
        if blueprint is not None:
            rules_ = list(blueprint.passing_rules.order_by("track"))
    if rules_:
        return [
            PassingGrade(
                track=TRACK_LABELS.get(rule.track, "Semua jalur lain"),
                minimums=subtests(rule.category_minimums),
                total_minimum=rule.total_minimum,
            )
            for rule in rules_
        ], False
    return [
        PassingGrade(TRACK_LABELS[track], list(minimums.items()), total)
        for track, minimums, total in NATIONAL_PASSING_GRADES
    ], True


def ranking_explanation(period: SelectionPeriod | None = None) -> RankingExplanation:
    """The numbers the explanation page shows: from the period's SelectionSetup and SKD passing
    rules when a period is chosen and has them, otherwise the national defaults (flagged). The
    worked examples are computed by the same rules the ranking uses."""
    if period is not None:
        setup, stored = period_setup(period)
    else:
        setup, stored = SelectionSetup(), False
    grades, grades_default = _passing_grades(period)
    slots = setup.cut_multiplier  # the example's formasi has a quota of 1
    candidates = [
        SkdCandidate(name, SkdScore(twk=twk, tiu=tiu, tkp=tkp))
        for name, twk, tiu, tkp in BKN_EXAMPLE
    ]
    proceeding = set(skd_cut(candidates, quota=1, multiplier=setup.cut_multiplier))
    ordered = sorted(candidates, key=lambda candidate: candidate.skd.cut_key(), reverse=True)
    cut_rows = [
        CutExampleRow(
            name=candidate.key,
            twk=candidate.skd.twk,
            tiu=candidate.skd.tiu,
            tkp=candidate.skd.tkp,
            total=candidate.skd.total,
            position=position,
            proceeds=candidate.key in proceeding,
        )
        for position, candidate in enumerate(ordered, start=1)
    ]
    hundred = Decimal(100)
    skd_weight, skb_weight = setup.skd_weight / hundred, setup.skb_weight / hundred
    example_skd = setup.skd_max * 395 // 550
    example_skb = Decimal(70)
    skd_part = skd_weight * Decimal(example_skd) / Decimal(setup.skd_max) * hundred
    skb_part = skb_weight * example_skb
    line = explain(
        rank=4,
        ranked=57,
        quota=3,
        skd_total=example_skd,
        skd_max=setup.skd_max,
        skb=example_skb,
        skd_weight=skd_weight,
        skb_weight=skb_weight,
    )
    return RankingExplanation(
        period=period,
        setup_is_default=not stored,
        skd_max=setup.skd_max,
        cut_multiplier=setup.cut_multiplier,
        skd_weight=_percent(setup.skd_weight),
        skb_weight=_percent(setup.skb_weight),
        min_cat_weight=_percent(setup.min_cat_weight),
        max_additional_components=setup.max_additional_components,
        result_sanggah_days=setup.result_sanggah_days,
        passing_grades=grades,
        grades_are_default=grades_default,
        cut_example=cut_rows,
        cut_slots=slots,
        example_skd=example_skd,
        example_skb=display(example_skb),
        example_skd_part=display(skd_part),
        example_skb_part=display(skb_part),
        example_final=display(skd_part + skb_part),
        example_line=line,
    )
