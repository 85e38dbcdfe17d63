"""Import and export of a question bank as Excel (.xlsx) or JSON, all rows or none.

The house pattern of simerit/employees/importing/ and simerit/recruitment/formasi_import.py, on
simerit/core/spreadsheets.py: the whole file is checked first. Any problem in any row means nothing
is written, and the report lists every row: ok with what it would do, or its problems by column. A
clean file is written in one transaction by services.questions.import_question_batch, with one
audit row per question changed and one for the import.

Decisions:
- The format is told by the content: a zip archive is an .xlsx workbook (first sheet, one header
  row naming exactly `HEADERS`, any order), text starting with `{` or `[` is JSON (the export's
  document, or a bare list of its question objects).
- A row whose code is already in the bank revises that question: new text, options or explanation
  add a version; new category, topic or difficulty are written in place; `aktif` sets the active
  flag. A row that changes nothing is reported "tidak berubah". The kind of a question never
  changes. Images are not part of a file: a revised question keeps its image.
- Excel: a single-answer question names its key in `kunci` (stored as points 1 for the key, 0 for
  the others); a weighted question gives `nilai_a`–`nilai_e`. The other column stays blank.
- The export writes what the import reads: exporting a bank and importing the file into an empty
  bank gives the same content (same SHA-256 per question); importing it back into the same bank
  changes nothing.
"""

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import openpyxl
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from simerit.accounts.models import User
from simerit.core import spreadsheets
from simerit.core.exceptions import DomainError
from simerit.core.spreadsheets import (
    TEXT_FORMAT,
    Column,
    ImportFileError,
    Limits,
    ReferenceSheet,
    RowError,
    RowReader,
    header_cells,
    megabytes,
    text_cell,
    thousands,
    workbook_bytes,
)
from simerit.exams import permissions
from simerit.exams.models import Difficulty, Question, QuestionBank, QuestionCategory
from simerit.exams.selectors import questions as selectors
from simerit.exams.services import questions as services
from simerit.exams.services.questions import (
    OPTION_KEYS,
    OUTCOME_LABELS,
    OptionInput,
    Outcome,
    QuestionInput,
)

MAX_FILE_BYTES = 5 * 1024 * 1024
# Each row is one or two audited service calls (about 10 queries); 1,000 rows stay well inside
# one request.
MAX_ROWS = 1000
SHEET_TITLE = "Soal"
JSON_FORMAT = "simerit.bank-soal"
JSON_VERSION = 1

COLUMNS: tuple[Column, ...] = (
    Column(
        "kode",
        "code",
        True,
        "Kode soal, unik dalam bank. Kode yang sudah ada di bank merevisi soal itu.",
        "TWK-0001",
    ),
    Column("kategori", "category", True, "Kode kategori (lembar Kategori).", "TWK"),
    Column(
        "tipe",
        "kind",
        True,
        "single: satu jawaban benar (isi kunci); weighted: setiap pilihan bernilai 1–5 (isi "
        "nilai_a–nilai_e). Tipe soal yang sudah ada tidak dapat diubah.",
        "single",
    ),
    Column("topik", "topic", False, "Topik atau materi soal.", "Pancasila"),
    Column(
        "kesulitan", "difficulty", False, "mudah, sedang, atau sulit; kosong: sedang.", "sedang"
    ),
    Column("teks", "text", True, "Teks soal.", "Sila pertama Pancasila berbunyi ..."),
    Column("opsi_a", "options.A.text", True, "Teks pilihan A.", "Ketuhanan Yang Maha Esa"),
    Column("opsi_b", "options.B.text", True, "Teks pilihan B.", "Persatuan Indonesia"),
    Column(
        "opsi_c",
        "options.C.text",
        False,
        "Teks pilihan C. Pilihan diisi berurutan dari A, 2–5 pilihan.",
        "Keadilan sosial",
    ),
    Column("opsi_d", "options.D.text", False, "Teks pilihan D.", ""),
    Column("opsi_e", "options.E.text", False, "Teks pilihan E.", ""),
    Column(
        "kunci",
        "answer",
        False,
        "Tipe single: huruf pilihan yang benar (A–E). Kosongkan untuk tipe weighted.",
        "A",
    ),
    *(
        Column(
            f"nilai_{key.lower()}",
            f"options.{key}.points",
            False,
            f"Tipe weighted: nilai pilihan {key} (bilangan bulat 1–5). Kosongkan untuk tipe single.",
            "",
        )
        for key in OPTION_KEYS
    ),
    Column("pembahasan", "explanation", False, "Pembahasan (ditampilkan setelah tryout).", ""),
    Column("aktif", "is_active", False, "ya atau tidak; kosong: ya.", "ya"),
)
HEADERS = tuple(column.name for column in COLUMNS)
COLUMN_FOR_FIELD = {column.field: column.name for column in COLUMNS}
TEXT_COLUMNS = ("kode", "kunci")

# The keys of one question object in a JSON file; `version`, `sha256` and `has_image` are written
# by the export for the reader and ignored by the import.
JSON_KEYS = (
    "code",
    "category",
    "kind",
    "topic",
    "difficulty",
    "active",
    "text",
    "options",
    "explanation",
    "version",
    "sha256",
    "has_image",
)
JSON_FIELD_KEYS = {"is_active": "active"}

KINDS = {
    "single": Question.Kind.SINGLE,
    "tunggal": Question.Kind.SINGLE,
    "weighted": Question.Kind.WEIGHTED,
    "berbobot": Question.Kind.WEIGHTED,
}
DIFFICULTIES = {
    **{str(label).casefold(): value for value, label in Difficulty.choices},
    **{value: value for value in Difficulty.values},
}
DIFFICULTY_WORDS = {value: str(label).lower() for value, label in Difficulty.choices}
YES = frozenset({"ya", "y", "1", "true", "aktif"})
NO = frozenset({"tidak", "t", "0", "false", "nonaktif"})


def limits() -> Limits:
    """The limits as this module sets them at the time of the call."""
    return Limits(max_rows=MAX_ROWS, max_file_bytes=MAX_FILE_BYTES)


# --- the report


@dataclass(frozen=True)
class RowReport:
    """One row of the file: its problems, or what it does (or would do) to the bank."""

    row: int  # the spreadsheet's row number (header = 1), or the question's place in a JSON list
    code: str
    errors: tuple[RowError, ...]
    outcome: Outcome | None  # None for a row with problems

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def status(self) -> str:
        return "ok" if self.ok else "error"

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self.outcome] if self.outcome else "bermasalah"


@dataclass(frozen=True)
class BankImportReport:
    file_format: str  # "xlsx" or "json"
    stored: bool  # False: nothing was written (some row has a problem)
    rows: list[RowReport]

    @property
    def errors(self) -> list[RowError]:
        return [error for row in self.rows for error in row.errors]

    @property
    def counts(self) -> dict[str, int]:
        counts = {outcome.value: 0 for outcome in Outcome}
        for row in self.rows:
            if row.outcome is not None:
                counts[row.outcome.value] += 1
        counts["error"] = sum(1 for row in self.rows if not row.ok)
        return counts

    @property
    def summary(self) -> str:
        counts = self.counts
        parts = [
            f"{counts[outcome.value]} {OUTCOME_LABELS[outcome]}"
            for outcome in Outcome
            if counts[outcome.value]
        ]
        if not self.stored:
            return (
                f"Tidak ada soal yang disimpan: {counts['error']} dari {len(self.rows)} baris "
                "bermasalah."
            )
        return "Impor selesai: " + (", ".join(parts) or "tidak ada baris") + "."


# --- import


def import_bank(
    content: bytes, *, bank: QuestionBank, user: User, file_name: str = ""
) -> BankImportReport:
    """Check the whole file; write every row into `bank` only if none has a problem.

    Raises ImportFileError when the file itself is unusable, PermissionDenied for an account that
    may not manage the bank.
    """
    if not permissions.can_manage_bank(user):
        raise PermissionDenied(services.NOT_ALLOWED)
    file_format = detect_format(content)
    lookup = _Lookup.load(bank)
    readers: list[tuple[int, _Reader]]
    if file_format == "xlsx":
        rows = spreadsheets.read_rows(content, headers=HEADERS, limits=limits())
        readers = [(number, _SheetRow(cells, columns=HEADERS)) for number, cells in rows]
    else:
        items = _json_items(content)
        readers = [(number, _JsonItem.of(item)) for number, item in items]
    reports, inputs = _check(readers, lookup)
    if any(not report.ok for report in reports):
        return BankImportReport(file_format=file_format, stored=False, rows=reports)
    services.import_question_batch(
        bank=bank,
        items=inputs,
        actor=user,
        source={
            "format": file_format,
            "file_name": file_name[:200],
            "sha256": hashlib.sha256(content).hexdigest(),
            "rows": len(inputs),
        },
    )
    return BankImportReport(file_format=file_format, stored=True, rows=reports)


def detect_format(content: bytes) -> str:
    """ "xlsx" or "json", told by the first bytes; ImportFileError for anything else."""
    if not content.strip():
        raise ImportFileError("Berkas kosong. Pilih berkas Excel .xlsx atau JSON yang berisi soal.")
    if content.startswith((spreadsheets.XLSX_MAGIC, spreadsheets.XLS_MAGIC)):
        return "xlsx"  # read_rows explains an old .xls
    head = content[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:1] in (b"{", b"["):
        return "json"
    raise ImportFileError(
        "Berkas ini bukan Excel .xlsx maupun JSON. Unggah templat Excel yang sudah diisi atau "
        "berkas JSON hasil ekspor bank soal."
    )


def _json_items(content: bytes) -> list[tuple[int, Any]]:
    """The question objects of a JSON file, numbered from 1."""
    if len(content) > MAX_FILE_BYTES:
        raise ImportFileError(
            f"Berkas terlalu besar ({megabytes(len(content))} MB); batasnya "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB."
        )
    try:
        document = json.loads(content.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ImportFileError("Berkas JSON harus berenkode UTF-8.") from None
    except json.JSONDecodeError as error:
        raise ImportFileError(
            f"Berkas JSON tidak valid (baris {error.lineno}, kolom {error.colno}): periksa tanda "
            "kurung, koma dan tanda kutip."
        ) from None
    except RecursionError:
        raise ImportFileError("Berkas JSON terlalu dalam bersarang.") from None
    items = document.get("questions") if isinstance(document, dict) else document
    if isinstance(document, dict) and document.get("format", JSON_FORMAT) != JSON_FORMAT:
        raise ImportFileError(
            f"Berkas JSON berformat '{document.get('format')}', bukan ekspor bank soal SiMerit."
        )
    if not isinstance(items, list):
        raise ImportFileError(
            'Berkas JSON harus berisi objek dengan daftar "questions" (format ekspor bank soal '
            "SiMerit) atau daftar soal."
        )
    if not items:
        raise ImportFileError("Berkas tidak berisi soal.")
    if len(items) > MAX_ROWS:
        raise ImportFileError(
            f"Berkas berisi lebih dari {thousands(MAX_ROWS)} soal; bagi menjadi beberapa berkas."
        )
    return list(enumerate(items, start=1))


@dataclass
class _Lookup:
    categories: dict[str, QuestionCategory]
    existing: dict[str, Question]

    @classmethod
    def load(cls, bank: QuestionBank) -> "_Lookup":
        return cls(
            categories={c.code.casefold(): c for c in selectors.list_categories()},
            existing={
                question.code: question
                for question in Question.objects.filter(bank=bank).select_related(
                    "category", "current_version"
                )
            },
        )


class _Reader(RowReader):
    """One row of either format: to service input, collecting each cell's problem."""

    def to_input(self, lookup: _Lookup) -> QuestionInput:
        raise NotImplementedError

    def column_for(self, field: str) -> str:
        raise NotImplementedError

    def category(self, lookup: _Lookup, column: str, text: str) -> QuestionCategory:
        category = lookup.categories.get(text.casefold())
        if column in self.failed:
            pass
        elif not text:
            self.error(column, "Kategori wajib diisi.")
        elif category is None:
            self.error(
                column,
                f"Kategori '{text}' tidak dikenal; isi kode kategori seperti TWK, TIU atau TKP.",
            )
        return category or QuestionCategory(code="")


def _check(
    readers: Sequence[tuple[int, _Reader]], lookup: _Lookup
) -> tuple[list[RowReport], list[QuestionInput]]:
    """Every row's problems and planned outcome; the inputs of the rows in file order."""
    reports: list[RowReport] = []
    inputs: list[QuestionInput] = []
    first_row_of_code: dict[str, int] = {}
    for number, reader in readers:
        data = reader.to_input(lookup)
        for name, messages in services.validate_question_input(data).items():
            column = reader.column_for(name)
            if column not in reader.failed:  # that cell's own problem is already reported
                for message in messages:
                    reader.error(column, message)
        code_column = reader.column_for("code")
        existing = lookup.existing.get(data.code)
        if data.code and code_column not in reader.failed:
            if data.code in first_row_of_code:
                reader.error(
                    code_column,
                    f"Kode {data.code} sama dengan kode di baris {first_row_of_code[data.code]}.",
                )
            first_row_of_code.setdefault(data.code, number)
        kind_column = reader.column_for("kind")
        if existing is not None and kind_column not in reader.failed and data.kind != existing.kind:
            reader.error(
                kind_column,
                f"Soal {existing.code} sudah ada dengan tipe {existing.kind}; tipe soal tidak "
                "dapat diubah. Buat soal baru dengan kode lain.",
            )
        errors = tuple(reader.errors_at(number))
        outcome = None
        if not errors:
            outcome = (
                Outcome.CREATED if existing is None else services.compare(existing, data).outcome
            )
        reports.append(RowReport(row=number, code=data.code, errors=errors, outcome=outcome))
        inputs.append(data)
    return reports, inputs


class _SheetRow(_Reader):
    def column_for(self, field: str) -> str:
        if field == "options":
            return "opsi_a"
        return COLUMN_FOR_FIELD.get(field, field)

    def to_input(self, lookup: _Lookup) -> QuestionInput:
        kind = self.kind()
        return QuestionInput(
            code=self.text("kode"),
            category=self.category(lookup, "kategori", self.text("kategori")),
            kind=kind,
            topic=self.text("topik"),
            difficulty=self.difficulty(),
            text=self.text("teks"),
            options=self.options(kind),
            explanation=self.text("pembahasan"),
            is_active=self.active(),
        )

    def kind(self) -> str:
        text = self.text("tipe")
        kind = KINDS.get(text.casefold())
        if not text:
            self.error("tipe", "Tipe soal wajib diisi: single atau weighted.")
        elif kind is None:
            self.error("tipe", f"Tipe '{text}' tidak dikenal; isi single atau weighted.")
        return kind or ""

    def difficulty(self) -> str:
        text = self.text("kesulitan")
        if not text:
            return Difficulty.MEDIUM
        value = DIFFICULTIES.get(text.casefold())
        if value is None:
            self.error(
                "kesulitan", f"Kesulitan '{text}' tidak dikenal; isi mudah, sedang, atau sulit."
            )
            return Difficulty.MEDIUM
        return value

    def active(self) -> bool:
        text = self.text("aktif").casefold()
        if not text or text in YES:
            return True
        if text in NO:
            return False
        self.error("aktif", f"'{self.text('aktif')}' tidak dikenal; isi ya atau tidak.")
        return True

    def options(self, kind: str) -> list[OptionInput]:
        texts = {key: self.text(f"opsi_{key.lower()}") for key in OPTION_KEYS}
        if kind == Question.Kind.SINGLE:
            points, keys = self.single_points()
        elif kind == Question.Kind.WEIGHTED:
            points, keys = self.weighted_points(texts)
        else:  # the kind is reported; the points cannot be read without it
            points, keys = {}, set()
        keys |= {key for key in OPTION_KEYS if texts[key]}
        return [
            OptionInput(key=key, text=texts[key], points=points.get(key, 0))
            for key in OPTION_KEYS
            if key in keys
        ]

    def single_points(self) -> tuple[dict[str, int], set[str]]:
        for key in OPTION_KEYS:
            column = f"nilai_{key.lower()}"
            if self.text(column):
                self.error(
                    column, "Untuk tipe single, kosongkan kolom nilai; isi huruf jawaban di kunci."
                )
        answer = self.text("kunci").upper()
        if not answer:
            self.error("kunci", "Kunci jawaban wajib diisi untuk tipe single (satu huruf A–E).")
            return {}, set()
        if answer not in OPTION_KEYS:
            self.error("kunci", f"Kunci '{answer}' tidak dikenal; isi satu huruf A–E.")
            return {}, set()
        return {answer: 1}, {answer}

    def weighted_points(self, texts: dict[str, str]) -> tuple[dict[str, int], set[str]]:
        if self.text("kunci"):
            self.error(
                "kunci",
                "Untuk tipe weighted, kosongkan kolom kunci; isi nilai setiap pilihan di "
                "nilai_a–nilai_e.",
            )
        points: dict[str, int] = {}
        keys: set[str] = set()
        for key in OPTION_KEYS:
            column = f"nilai_{key.lower()}"
            value = self.integer(column)
            if value is not None:
                points[key] = value
                keys.add(key)
            elif texts[key] and column not in self.failed:
                self.error(column, f"Nilai pilihan {key} wajib diisi (bilangan bulat 1–5).")
        return points, keys


class _JsonItem(_Reader):
    def column_for(self, field: str) -> str:
        if field.startswith(("options", "answer")):
            return "options"
        return JSON_FIELD_KEYS.get(field, field)

    @classmethod
    def of(cls, item: Any) -> "_JsonItem":
        reader = cls(item if isinstance(item, dict) else {}, columns=JSON_KEYS)
        if not isinstance(item, dict):
            reader.error("code", "Butir ini harus berupa objek JSON berisi satu soal.")
            reader.failed.update(JSON_KEYS)
        return reader

    def to_input(self, lookup: _Lookup) -> QuestionInput:
        for key in self.cells:
            if key not in JSON_KEYS:
                self.error(str(key), "Kolom ini tidak dikenal.")
        kind = self.string("kind")
        if kind and kind not in Question.Kind.values:
            self.error("kind", f"Tipe '{kind}' tidak dikenal; isi single atau weighted.")
        if not kind and "kind" not in self.failed:
            self.error("kind", "Tipe soal wajib diisi: single atau weighted.")
        return QuestionInput(
            code=self.string("code"),
            category=self.category(lookup, "category", self.string("category")),
            kind=kind,
            topic=self.string("topic"),
            difficulty=self.json_difficulty(),
            text=self.string("text"),
            options=self.json_options(),
            explanation=self.string("explanation"),
            is_active=self.json_active(),
        )

    def string(self, key: str) -> str:
        value = self.cells.get(key)
        if value is None:
            return ""
        if not isinstance(value, str):
            self.error(key, "Harus berupa teks.")
            return ""
        return value

    def json_difficulty(self) -> str:
        text = self.string("difficulty")
        if not text:
            return Difficulty.MEDIUM
        value = DIFFICULTIES.get(text.casefold())
        if value is None:
            self.error(
                "difficulty",
                f"Kesulitan '{text}' tidak dikenal; isi easy, medium, atau hard.",
            )
            return Difficulty.MEDIUM
        return value

    def json_active(self) -> bool:
        value = self.cells.get("active", True)
        if not isinstance(value, bool):
            self.error("active", "Harus bernilai true atau false.")
            return True
        return value

    def json_options(self) -> list[OptionInput]:
        value = self.cells.get("options")
        if not isinstance(value, list):
            if "options" not in self.failed:
                self.error("options", "Harus berupa daftar pilihan {key, text, points}.")
            return []
        options: list[OptionInput] = []
        for index, item in enumerate(value, start=1):
            key, text, points = (
                (item.get("key"), item.get("text"), item.get("points"))
                if isinstance(item, dict)
                else (None, None, None)
            )
            if not (isinstance(key, str) and isinstance(text, str)):
                self.error(
                    "options",
                    f"Pilihan ke-{index} harus berupa objek dengan key dan text berupa teks serta "
                    "points berupa bilangan bulat.",
                )
            elif isinstance(points, bool) or not isinstance(points, int):
                self.error("options", f"Nilai pilihan {key} harus berupa bilangan bulat.")
            else:
                options.append(OptionInput(key=key, text=text, points=points))
        return options


# --- export


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
    limit = limits()
    return spreadsheets.template_workbook(
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
