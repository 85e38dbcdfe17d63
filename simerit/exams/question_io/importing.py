"""A bank file in: told by its content (.xlsx or JSON), read whole, every row checked, then all
rows written or none. A refused file is recorded (`exams.bank.import_refused`: its name, SHA-256,
size, format and counts or message, never its content) and the refusal raised or reported."""

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied

from simerit.accounts.models import User
from simerit.core.spreadsheets.reading import (
    XLS_MAGIC,
    XLSX_MAGIC,
    ImportFileError,
    check_size,
    read_rows,
)
from simerit.core.spreadsheets.rows import RowError
from simerit.core.spreadsheets.text import excerpt, thousands, upload_name
from simerit.exams import permissions
from simerit.exams.models import QuestionBank
from simerit.exams.question_io import columns
from simerit.exams.question_io.columns import HEADERS, JSON_FORMAT
from simerit.exams.question_io.readers import JsonItem, Lookup, Reader, RowReport, SheetRow, check
from simerit.exams.services import question_import
from simerit.exams.services import questions as services
from simerit.exams.services.question_revisions import OUTCOME_LABELS, Outcome


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


def import_bank(
    content: bytes,
    *,
    bank: QuestionBank,
    user: User,
    file_name: str = "",
    size: int | None = None,
) -> BankImportReport:
    """Check the whole file; write every row into `bank` only if none has a problem.

    `size` is the upload's size when `content` was read only up to the limit. Raises
    ImportFileError when the file itself is unusable, PermissionDenied for an account that may not
    manage the bank. Either refusal of a file (unusable, or a row with a problem) is recorded.
    """
    if not permissions.can_manage_bank(user):
        raise PermissionDenied(services.NOT_ALLOWED)
    size = len(content) if size is None else size
    source: dict[str, Any] = {
        "file_name": upload_name(file_name),
        "sha256": hashlib.sha256(content).hexdigest(),
        "size": size,
    }
    try:
        file_format, readers = _read(content, size=size)
    except ImportFileError as error:
        question_import.record_refused_import(
            bank=bank, actor=user, source={**source, "error": error.message}
        )
        raise
    reports, inputs = check(readers, Lookup.load(bank))
    report = BankImportReport(
        file_format=file_format, stored=all(row.ok for row in reports), rows=reports
    )
    counts = {"format": file_format, "rows": len(reports)}
    if not report.stored:
        question_import.record_refused_import(
            bank=bank, actor=user, source={**source, **counts, "errors": len(report.errors)}
        )
        return report
    question_import.import_question_batch(
        bank=bank, items=inputs, actor=user, source={**source, **counts}
    )
    return report


def _read(content: bytes, *, size: int) -> tuple[str, list[tuple[int, Reader]]]:
    """The file's format and a reader per row; ImportFileError for an unusable file."""
    check_size(size, columns.limits())
    file_format = detect_format(content)
    if file_format == "xlsx":
        rows = read_rows(content, headers=HEADERS, limits=columns.limits())
        return file_format, [(number, SheetRow(cells, columns=HEADERS)) for number, cells in rows]
    return file_format, [(number, JsonItem.of(item)) for number, item in _json_items(content)]


def detect_format(content: bytes) -> str:
    """ "xlsx" or "json", told by the first bytes; ImportFileError for anything else."""
    if not content.strip():
        raise ImportFileError("Berkas kosong. Pilih berkas Excel .xlsx atau JSON yang berisi soal.")
    if content.startswith((XLSX_MAGIC, XLS_MAGIC)):
        return "xlsx"  # read_rows explains an old .xls
    head = content[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:1] in (b"{", b"["):
        return "json"
    raise ImportFileError(
        "Berkas ini bukan Excel .xlsx maupun JSON. Unggah templat Excel yang sudah diisi atau "
        "berkas JSON hasil ekspor bank soal."
    )


def _json_items(content: bytes) -> list[tuple[int, Any]]:
    """The question objects of a JSON file, numbered from 1 (its size is checked already)."""
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
            f"Berkas JSON berformat '{excerpt(str(document.get('format')))}', bukan ekspor bank "
            "soal SiMerit."
        )
    if not isinstance(items, list):
        raise ImportFileError(
            'Berkas JSON harus berisi objek dengan daftar "questions" (format ekspor bank soal '
            "SiMerit) atau daftar soal."
        )
    if not items:
        raise ImportFileError("Berkas tidak berisi soal.")
    if len(items) > columns.MAX_ROWS:
        raise ImportFileError(
            f"Berkas berisi lebih dari {thousands(columns.MAX_ROWS)} soal; bagi menjadi beberapa "
            "berkas."
        )
    return list(enumerate(items, start=1))
