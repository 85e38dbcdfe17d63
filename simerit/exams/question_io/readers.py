"""One row of a bank file (an Excel row or a JSON question) read into service input, every
cell's problem kept for the row report, and the rows checked together (codes twice, a question's
fixed type) into each row's planned outcome.

Messages quote at most `spreadsheets.text.MAX_QUOTED` characters of what was typed.
"""

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from simerit.core.spreadsheets.rows import RowError, RowReader
from simerit.core.spreadsheets.text import excerpt, name_list
from simerit.exams.models import Difficulty, Question, QuestionBank, QuestionCategory
from simerit.exams.question_io.columns import (
    COLUMN_FOR_FIELD,
    DIFFICULTIES,
    JSON_FIELD_KEYS,
    JSON_KEYS,
    KINDS,
    NO,
    YES,
)
from simerit.exams.selectors import questions as selectors
from simerit.exams.services import question_revisions as revisions
from simerit.exams.services import questions as services
from simerit.exams.services.question_revisions import OUTCOME_LABELS, Outcome
from simerit.exams.services.questions import (
    MAX_OPTIONS,
    MIN_OPTIONS,
    OPTION_KEYS,
    OptionInput,
    QuestionInput,
)

# A JSON question's unknown keys reported one by one (each name shortened), the rest counted.
MAX_UNKNOWN_KEYS = 10
MAX_KEY_LENGTH = 40


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


@dataclass
class Lookup:
    categories: dict[str, QuestionCategory]
    existing: dict[str, Question]

    @classmethod
    def load(cls, bank: QuestionBank) -> "Lookup":
        return cls(
            categories={c.code.casefold(): c for c in selectors.list_categories()},
            existing={
                question.code: question
                for question in Question.objects.filter(bank=bank).select_related(
                    "category", "current_version"
                )
            },
        )


class Reader(RowReader, ABC):
    """One row of either format: to service input, collecting each cell's problem."""

    @abstractmethod
    def to_input(self, lookup: Lookup) -> QuestionInput: ...

    @abstractmethod
    def column_for(self, field: str) -> str: ...

    def category(self, lookup: Lookup, column: str, text: str) -> QuestionCategory:
        category = lookup.categories.get(text.casefold())
        if column in self.failed:
            pass
        elif not text:
            self.error(column, "Kategori wajib diisi.")
        elif category is None:
            self.error(
                column,
                f"Kategori '{excerpt(text)}' tidak dikenal; isi kode kategori seperti TWK, TIU "
                "atau TKP.",
            )
        return category or QuestionCategory(code="")


def check(
    readers: Sequence[tuple[int, Reader]], lookup: Lookup
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
                Outcome.CREATED if existing is None else revisions.compare(existing, data).outcome
            )
        code = excerpt(data.code)
        reports.append(RowReport(row=number, code=code, errors=errors, outcome=outcome))
        inputs.append(data)
    return reports, inputs


class SheetRow(Reader):
    def column_for(self, field: str) -> str:
        if field == "options":
            return "opsi_a"
        return COLUMN_FOR_FIELD.get(field, field)

    def to_input(self, lookup: Lookup) -> QuestionInput:
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
            self.error("tipe", f"Tipe '{excerpt(text)}' tidak dikenal; isi single atau weighted.")
        return kind or ""

    def difficulty(self) -> str:
        text = self.text("kesulitan")
        if not text:
            return Difficulty.MEDIUM
        value = DIFFICULTIES.get(text.casefold())
        if value is None:
            self.error(
                "kesulitan",
                f"Kesulitan '{excerpt(text)}' tidak dikenal; isi mudah, sedang, atau sulit.",
            )
            return Difficulty.MEDIUM
        return value

    def active(self) -> bool:
        text = self.text("aktif").casefold()
        if not text or text in YES:
            return True
        if text in NO:
            return False
        self.error("aktif", f"'{excerpt(self.text('aktif'))}' tidak dikenal; isi ya atau tidak.")
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
            self.error("kunci", f"Kunci '{excerpt(answer)}' tidak dikenal; isi satu huruf A–E.")
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


class JsonItem(Reader):
    def column_for(self, field: str) -> str:
        if field.startswith(("options", "answer")):
            return "options"
        return JSON_FIELD_KEYS.get(field, field)

    @classmethod
    def of(cls, item: Any) -> "JsonItem":
        reader = cls(item if isinstance(item, dict) else {}, columns=JSON_KEYS)
        if not isinstance(item, dict):
            reader.error("code", "Butir ini harus berupa objek JSON berisi satu soal.")
            reader.failed.update(JSON_KEYS)
        return reader

    def to_input(self, lookup: Lookup) -> QuestionInput:
        self.unknown_keys()
        kind = self.string("kind")
        if kind and kind not in Question.Kind.values:
            self.error("kind", f"Tipe '{excerpt(kind)}' tidak dikenal; isi single atau weighted.")
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

    def unknown_keys(self) -> None:
        """One problem per unknown key, for the first `MAX_LISTED`; the rest counted in one."""
        unknown = [str(key) for key in self.cells if key not in JSON_KEYS]
        for key in unknown[:MAX_UNKNOWN_KEYS]:
            self.error(excerpt(key, limit=MAX_KEY_LENGTH), "Kolom ini tidak dikenal.")
        if len(unknown) > MAX_UNKNOWN_KEYS:
            self.error(
                "lainnya",
                f"Kolom lain yang tidak dikenal: {name_list(unknown[MAX_UNKNOWN_KEYS:])}.",
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
                f"Kesulitan '{excerpt(text)}' tidak dikenal; isi easy, medium, atau hard.",
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
        if len(value) > MAX_OPTIONS:
            self.error(
                "options",
                f"Soal harus memiliki {MIN_OPTIONS}–{MAX_OPTIONS} pilihan jawaban; saat ini "
                f"{len(value)}.",
            )
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
                self.error("options", f"Nilai pilihan {excerpt(key)} harus berupa bilangan bulat.")
            else:
                options.append(OptionInput(key=key, text=text, points=points))
        return options
