"""Item analysis of a blueprint from its finished attempts (rules/analysis.py does the maths).

The response matrix has one column per assembled item (BlueprintItem: the exact question
versions, frozen when the first attempt starts) and one row per finished attempt in id order.
Reading it costs a fixed number of queries whatever the number of attempts: the columns, the
decisions, the attempts, their served items and their answer events (folded with
rules.scoring.fold_events, the same replay as scoring). Rescoring (services/decisions.py) and
publishing (services/results.py) read the same sheets.

Who sees the content: the same items serve every sitting of a blueprint, often on different days,
so question text, options, keys and per-item statistics (option counts reveal the key) are shown
to Admin BKPSDM only until every sitting of the blueprint has ended (selectors/results.sitting_ends:
start + duration + the largest extra minutes plus extension, and the latest START PIN expiry) or
the results are published. Before that the Auditor sees counts only (`content_access`). Tryouts
use a separate practice bank whose keys and explanations every tryout taker sees: always open.
"""

import datetime as dt
import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import slugify
from openpyxl import Workbook

from simerit.accounts.models import User
from simerit.core.spreadsheets.writing import header_cells, safe_row, workbook_bytes
from simerit.exams import permissions
from simerit.exams.models import (
    AnswerEvent,
    Attempt,
    AttemptItem,
    Blueprint,
    BlueprintItem,
    ExamKind,
    ItemDecision,
    Sitting,
)
from simerit.exams.rules import analysis as rules
from simerit.exams.rules.scoring import ItemKey, fold_events
from simerit.exams.selectors.results import sitting_ends
from simerit.exams.services.scoring import item_keys

SORT_ORDERS = {
    "urutan": "Urutan soal",
    "p": "Tingkat kesulitan (p) naik",
    "-p": "Tingkat kesulitan (p) turun",
    "d": "Daya beda naik",
    "-d": "Daya beda turun",
}


CONTENT_HIDDEN = (
    "Teks soal, pilihan jawaban, kunci dan statistik per soal belum dapat dilihat: soal yang sama "
    "masih dipakai pada sesi kisi-kisi ini yang belum berakhir. Semuanya terbuka setelah semua "
    "sesi berakhir (waktu mulai + durasi + tambahan waktu terpanjang + perpanjangan, dan masa "
    "berlaku PIN mulai) atau setelah hasil diumumkan. Sampai saat itu hanya jumlah yang tampil."
)


@dataclass(frozen=True)
class ContentAccess:
    """Whether a reader may see the items' content, and the sittings behind the answer."""

    visible: bool
    sittings: int = 0
    ended: int = 0
    note: str = ""


@dataclass(frozen=True)
class Column:
    """One assembled item of the blueprint: the served question version and its section."""

    order: int
    version_id: int
    section_id: int
    question_id: int
    code: str
    version: int
    category: str
    kind: str
    text: str
    options: list[dict[str, Any]]
    key: ItemKey  # its scoring configuration, `position` = `order`, no decision


@dataclass(frozen=True)
class Sheet:
    """One finished attempt: its served items (position -> (version, section)) and answers."""

    attempt_id: int
    items: dict[int, tuple[int, int]]
    answers: dict[int, str]

    def choice_by_version(self) -> dict[int, str]:
        return {
            version_id: self.answers.get(position, "")
            for position, (version_id, _) in self.items.items()
        }


@dataclass(frozen=True)
class ItemReport:
    column: Column
    stats: rules.ItemStats
    decision: ItemDecision | None

    @property
    def flag_labels(self) -> list[str]:
        return [rules.FLAG_LABELS[flag] for flag in self.stats.flags]

    @property
    def is_flagged(self) -> bool:
        return bool(self.stats.flags)


@dataclass(frozen=True)
class BlueprintAnalysis:
    blueprint: Blueprint
    sitting: Sitting | None
    examinees: int
    reliability: rules.Reliability
    mean_total: float | None
    sd_total: float | None
    items: list[ItemReport]

    @property
    def flagged_count(self) -> int:
        return sum(1 for item in self.items if item.is_flagged)

    def item(self, version_id: int) -> ItemReport | None:
        return next((item for item in self.items if item.column.version_id == version_id), None)


# --- who sees the content


def content_access(
    blueprint: Blueprint, *, user: User, now: dt.datetime | None = None
) -> ContentAccess:
    """Admin BKPSDM always; anyone else once the results are published, for a tryout, or once
    the blueprint has sittings and every one of them is over (ended, nobody still at work)."""
    if permissions.can_manage_exams(user) or blueprint.results_published_at is not None:
        return ContentAccess(visible=True)
    if blueprint.kind == ExamKind.TRYOUT:
        return ContentAccess(visible=True)
    now = now or timezone.now()
    ends = sitting_ends(blueprint)
    ended = sum(1 for end in ends if end.is_over(now))
    if ends and ended == len(ends):
        return ContentAccess(visible=True, sittings=len(ends), ended=ended)
    return ContentAccess(visible=False, sittings=len(ends), ended=ended, note=CONTENT_HIDDEN)


def analysis_counts(blueprint: Blueprint, sitting: Sitting | None = None) -> dict[str, int]:
    """What a reader who may not see the content sees: counts only (two queries)."""
    return {
        "examinees": finished_attempts(blueprint, sitting).count(),
        "items": BlueprintItem.objects.filter(blueprint=blueprint).count(),
    }


# --- reading the matrix


def finished_attempts(blueprint: Blueprint, sitting: Sitting | None = None) -> QuerySet[Attempt]:
    attempts = Attempt.objects.filter(blueprint=blueprint, status=Attempt.Status.FINISHED)
    if sitting is not None:
        attempts = attempts.filter(participant__sitting=sitting)
    return attempts.order_by("id")


def load_columns(blueprint: Blueprint) -> list[Column]:
    """The blueprint's assembled items in order, as scoring sees them (one query)."""
    rows = list(
        BlueprintItem.objects.filter(blueprint=blueprint)
        .select_related("question_version__question", "section__category")
        .order_by("order")
    )
    # item_keys reads served items; an unsaved AttemptItem per column gives it the same shape.
    served = [
        AttemptItem(position=row.order, question_version=row.question_version, section=row.section)
        for row in rows
    ]
    keys = item_keys(served, decisions={})
    return [
        Column(
            order=row.order,
            version_id=row.question_version_id,
            section_id=row.section_id,
            question_id=row.question_version.question_id,
            code=row.question_version.question.code,
            version=row.question_version.number,
            category=row.section.category.code,
            kind=row.question_version.question.kind,
            text=row.question_version.text,
            options=list(row.question_version.options),
            key=key,
        )
        for row, key in zip(rows, keys, strict=True)
    ]


def load_sheets(attempts: QuerySet[Attempt]) -> list[Sheet]:
    """Served items and current answers of `attempts`, in attempt id order (two queries, streamed)."""
    served: dict[int, dict[int, tuple[int, int]]] = {}
    item_rows = (
        AttemptItem.objects.filter(attempt__in=attempts.values("id"))
        .order_by("attempt_id", "position")
        .values_list("attempt_id", "position", "question_version_id", "section_id")
    )
    for attempt_id, position, version_id, section_id in item_rows.iterator(chunk_size=5000):
        served.setdefault(attempt_id, {})[position] = (version_id, section_id)
    answers: dict[int, dict[int, str]] = {}
    event_rows = (
        AnswerEvent.objects.filter(attempt__in=attempts.values("id"))
        .order_by("attempt_id", "id")
        .values_list("attempt_id", "position", "kind", "option")
    )
    for attempt_id, events in itertools.groupby(
        event_rows.iterator(chunk_size=5000), key=lambda row: row[0]
    ):
        answers[attempt_id], _ = fold_events(row[1:] for row in events)
    ids = sorted(set(served) | set(answers))
    return [Sheet(pk, served.get(pk, {}), answers.get(pk, {})) for pk in ids]


def choice_matrix(columns: Sequence[Column], sheets: Sequence[Sheet]) -> list[list[str]]:
    """One row per sheet, one chosen option key per column ("" for blank or not served)."""
    matrix = []
    for sheet in sheets:
        chosen = sheet.choice_by_version()
        matrix.append([chosen.get(column.version_id, "") for column in columns])
    return matrix


def analyse_blueprint(*, blueprint: Blueprint, sitting: Sitting | None = None) -> BlueprintAnalysis:
    """Item statistics and reliability over the finished attempts (of one sitting, if given)."""
    columns = load_columns(blueprint)
    decisions = {
        decision.question_version_id: decision
        for decision in ItemDecision.objects.filter(blueprint=blueprint).select_related(
            "decided_by"
        )
    }
    attempts = finished_attempts(blueprint, sitting)
    # Attempts with nothing served (none once the engine has run) still count as examinees.
    sheets = _with_empty_sheets(load_sheets(attempts), list(attempts.values_list("id", flat=True)))
    result = rules.analyse([column.key for column in columns], choice_matrix(columns, sheets))
    return BlueprintAnalysis(
        blueprint=blueprint,
        sitting=sitting,
        examinees=result.examinees,
        reliability=result.reliability,
        mean_total=result.mean_total,
        sd_total=result.sd_total,
        items=[
            ItemReport(column=column, stats=stats, decision=decisions.get(column.version_id))
            for column, stats in zip(columns, result.items, strict=True)
        ],
    )


def _with_empty_sheets(sheets: list[Sheet], attempt_ids: list[int]) -> list[Sheet]:
    by_id = {sheet.attempt_id: sheet for sheet in sheets}
    return [by_id.get(pk) or Sheet(pk, {}, {}) for pk in attempt_ids]


def sorted_items(items: Sequence[ItemReport], order: str) -> list[ItemReport]:
    """Items in the asked order (SORT_ORDERS); items without a value go last."""
    if order not in ("p", "-p", "d", "-d"):
        return sorted(items, key=lambda item: item.column.order)

    def value(item: ItemReport) -> float | None:
        stats = item.stats
        return stats.difficulty if order.endswith("p") else stats.discrimination

    present = [item for item in items if value(item) is not None]
    missing = [item for item in items if value(item) is None]
    sign = -1 if order.startswith("-") else 1
    present.sort(key=lambda item: (sign * (value(item) or 0.0), item.column.order))
    return present + sorted(missing, key=lambda item: item.column.order)


# --- export


ITEM_HEADERS = [
    "No",
    "Kode soal",
    "Versi",
    "Kategori",
    "Tipe",
    "Peserta",
    "Tingkat kesulitan (p)",
    "Daya beda (point-biserial)",
    "A",
    "B",
    "C",
    "D",
    "E",
    "Kosong",
    "Tanda",
    "Keputusan",
]


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _item_rows(report: BlueprintAnalysis) -> Iterator[list[Any]]:
    for item in report.items:
        counts = {option.key: option.count for option in item.stats.options}
        yield [
            item.column.order,
            item.column.code,
            item.column.version,
            item.column.category,
            item.column.kind,
            item.stats.examinees,
            _rounded(item.stats.difficulty),
            _rounded(item.stats.discrimination),
            *(counts.get(key) for key in "ABCDE"),
            item.stats.blanks,
            "; ".join(item.flag_labels),
            item.decision.get_mode_display() if item.decision else "",
        ]


def analysis_workbook(report: BlueprintAnalysis) -> tuple[bytes, str]:
    """The item table and the summary as .xlsx; returns (content, file name)."""
    workbook = Workbook(write_only=True)
    summary = workbook.create_sheet("Ringkasan")
    summary.append(header_cells(summary, ["Keterangan", "Nilai"]))
    summary_rows: Mapping[str, Any] = {
        "Kisi-kisi": report.blueprint.name,
        "Sesi": report.sitting.code if report.sitting else "Semua sesi",
        "Peserta selesai": report.examinees,
        f"Reliabilitas ({report.reliability.method})": _rounded(report.reliability.value),
        "Rata-rata skor total": _rounded(report.mean_total),
        "Simpangan baku skor total": _rounded(report.sd_total),
        "Soal ditandai": report.flagged_count,
    }
    for label, value in summary_rows.items():
        summary.append(safe_row(summary, [label, value]))
    sheet = workbook.create_sheet("Analisis butir")
    sheet.append(header_cells(sheet, ITEM_HEADERS))
    for row in _item_rows(report):
        # Codes are typed by question writers: none may become a formula.
        sheet.append(safe_row(sheet, row))
    name = slugify(f"analisis-butir-{report.blueprint.name}") or "analisis-butir"
    return workbook_bytes(workbook), f"{name}.xlsx"
