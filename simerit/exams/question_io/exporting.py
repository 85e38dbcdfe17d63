"""A question bank out as a file: the JSON document and the Excel workbook that the import
reads back (same content, same SHA-256 per question), and the import template."""

import datetime as dt
import json
from typing import Any

import openpyxl
from django.utils import timezone

from simerit.core.exceptions import DomainError
from simerit.core.spreadsheets import template
from simerit.core.spreadsheets.template import ReferenceSheet
from simerit.core.spreadsheets.text import thousands
from simerit.core.spreadsheets.writing import TEXT_FORMAT, header_cells, text_cell, workbook_bytes
from simerit.exams.models import Question, QuestionBank
from simerit.exams.question_io import columns
from simerit.exams.question_io.columns import (
    COLUMNS,
    DIFFICULTY_WORDS,
    HEADERS,
    JSON_FORMAT,
    JSON_VERSION,
    SHEET_TITLE,
    TEXT_COLUMNS,
)
from simerit.exams.selectors import questions as selectors


def question_item(question: Question) -> dict[str, Any]:
    """One question as an object of the JSON file (its current version)."""
    version = question.current_version
    if version is None:  # every question is created with its first version
        raise DomainError(f"Soal {question.code} belum memiliki versi.")
    return {
        "code": question.code,
        "category": question.category.code,
        "kind": question.kind,
        "topic": question.topic,
        "difficulty": question.difficulty,
        "active": question.is_active,
        "text": version.text,
        "options": [
            {"key": o["key"], "text": o["text"], "points": int(o["points"])}
            for o in version.options
        ],
        "explanation": version.explanation,
        "version": version.number,
        "sha256": version.sha256,
        "has_image": bool(version.image),
    }


def export_document(bank: QuestionBank, *, now: dt.datetime | None = None) -> dict[str, Any]:
    """The bank as the JSON document the import reads back."""
    return {
        "format": JSON_FORMAT,
        "format_version": JSON_VERSION,
        "exported_at": (now or timezone.now()).isoformat(),
        "bank": {"name": bank.name, "purpose": bank.purpose, "description": bank.description},
        "questions": [
            question_item(question) for question in selectors.list_export_questions(bank=bank)
        ],
    }


def export_json(bank: QuestionBank) -> bytes:
    return json.dumps(export_document(bank), ensure_ascii=False, indent=2).encode()


def export_xlsx(bank: QuestionBank) -> bytes:
    """The bank as a workbook in the template's columns: every text a text cell, never a formula."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    sheet.append(header_cells(sheet, HEADERS))
    for question in selectors.list_export_questions(bank=bank):
        values = _sheet_values(question_item(question))
        sheet.append([_cell(sheet, name, values.get(name)) for name in HEADERS])
    sheet.freeze_panes = "A2"
    return workbook_bytes(workbook)


def _sheet_values(item: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {
        "kode": item["code"],
        "kategori": item["category"],
        "tipe": item["kind"],
        "topik": item["topic"],
        "kesulitan": DIFFICULTY_WORDS.get(item["difficulty"], item["difficulty"]),
        "teks": item["text"],
        "pembahasan": item["explanation"],
        "aktif": "ya" if item["active"] else "tidak",
    }
    for option in item["options"]:
        key = option["key"].lower()
        values[f"opsi_{key}"] = option["text"]
        if item["kind"] == Question.Kind.WEIGHTED:
            values[f"nilai_{key}"] = option["points"]
        elif option["points"] > 0:
            values["kunci"] = option["key"]
    return values


def _cell(sheet: Any, name: str, value: Any) -> Any:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        number_format = TEXT_FORMAT if name in TEXT_COLUMNS else None
        return text_cell(sheet, value, number_format=number_format)
    return value


def template_workbook() -> bytes:
    """The import template: the header row, instructions and the category codes."""
    limit = columns.limits()
    return template.template_workbook(
        title=SHEET_TITLE,
        columns=COLUMNS,
        text_columns=TEXT_COLUMNS,
        note=(
            "Bila satu baris saja bermasalah, tidak ada soal yang disimpan; perbaiki baris yang "
            "dilaporkan lalu unggah ulang. Gambar soal tidak termasuk dalam berkas: tambahkan "
            f"lewat halaman ubah soal. Maksimal {thousands(limit.max_rows)} baris dan "
            f"{limit.max_megabytes} MB."
        ),
        references=[
            ReferenceSheet(
                "Kategori",
                ("kategori", "nama"),
                [
                    (c.code, f"{c.name} ({c.get_exam_kind_display()})")
                    for c in selectors.list_categories()
                ],
            )
        ],
    )
