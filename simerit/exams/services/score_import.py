"""Import of a BKN score file (SKD/SKB run on CAT BKN) into ExamResult rows, all rows or none.

The file (CSV or Excel .xlsx) starts with one header row: `nomor_peserta` (or
`nomor_pendaftaran`), one column per section category code of the blueprint (e.g. TWK, TIU, TKP)
and optionally `total`, in any order, case-insensitive. Each following non-empty row is one
participant's scores.

The house pattern of simerit/employees/importing/: the whole file is checked first; a single
problem in a row means no result is written. Unlike a malformed file (not CSV/.xlsx, a wrong
header, too big, too many rows: refused with a message, nothing stored), a file whose rows were
checked is recorded as a ScoreImport with its per-row report, accepted or refused, so the
history shows every file that was read. An accepted file creates or updates one ExamResult per
row (source BKN, kind = the blueprint's kind), each with its audit row; the verdict comes from
`rules.scoring.judge` under the rule of the application's formasi track.

Decisions:
- The registration number must be an application of the blueprint's period with status MS.
- A score is a whole number from 0 to the section's maximum (question_count × the highest
  points of an answer); `total`, when given, must equal the sum of the section scores.
- An application with a result of the same kind from CAT SiMerit, or from another blueprint,
  is refused; a row of this blueprint imported again updates its result.
"""

import csv
import hashlib
import io
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

import openpyxl
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core import spreadsheets
from simerit.core.exceptions import ConflictError, DomainError
from simerit.core.spreadsheets import (
    XLS_MAGIC,
    XLSX_MAGIC,
    Column,
    ImportFileError,
    Limits,
    Row,
    RowError,
    RowReader,
    is_blank,
    megabytes,
    thousands,
)
from simerit.exams.models import Blueprint, BlueprintSection, ExamKind, ExamResult, ScoreImport
from simerit.exams.permissions import can_manage_exams
from simerit.exams.rules.scoring import PassRule, SheetScore, judge
from simerit.exams.services.blueprints import KIND_NAMES, section_maximum
from simerit.exams.services.scoring import pass_rule_for
from simerit.recruitment.models import Application

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 5 * 1024 * 1024
# Each accepted row is an upsert plus its audit row (about 6 queries): 5,000 rows, a large SKD
# location's day, stay inside one upload request.
MAX_ROWS = 5000
# Rows read below the header, blank ones included, before the file is refused: MAX_ROWS plus this.
ROW_READ_MARGIN = 1000
# Blank rows in a row after which the data is taken to have ended.
MAX_BLANK_RUN = 50

NUMBER_COLUMNS = ("nomor_peserta", "nomor_pendaftaran")
TOTAL_COLUMN = "total"
OK = "ok"
ERROR = "error"
CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


def limits() -> Limits:
    """The limits as this module sets them at the time of the call."""
    return Limits(
        max_rows=MAX_ROWS,
        max_file_bytes=MAX_FILE_BYTES,
        row_read_margin=ROW_READ_MARGIN,
        max_blank_run=MAX_BLANK_RUN,
    )


@dataclass(frozen=True)
class ScoreFile:
    """The rows of a score file and the header it was read with."""

    rows: list[Row]
    number_column: str  # nomor_peserta or nomor_pendaftaran
    has_total: bool


@dataclass(frozen=True)
class ImportOutcome:
    score_import: ScoreImport
    errors: list[RowError]

    @property
    def accepted(self) -> bool:
        return not self.errors


# --- the columns of a blueprint's file


def score_columns(blueprint: Blueprint) -> list[BlueprintSection]:
    return list(blueprint.sections.select_related("category").order_by("order"))


def template_columns(blueprint: Blueprint) -> tuple[Column, ...]:
    """The columns of the blueprint's score file, for the import page and the template."""
    sections = score_columns(blueprint)
    return (
        Column(
            "nomor_peserta",
            "",
            True,
            "Nomor pendaftaran pelamar pada periode ini (boleh juga berjudul nomor_pendaftaran).",
            "2026-0001-000123",
        ),
        *(
            Column(
                s.category.code,
                "",
                True,
                f"Nilai {s.category.name}, bilangan bulat 0–{section_maximum(s)}.",
                str(section_maximum(s) // 2),
            )
            for s in sections
        ),
        Column(TOTAL_COLUMN, "", False, "Jumlah nilai subtes; bila diisi harus sama.", ""),
    )


# --- reading


def upload_bytes(upload: UploadedFile) -> bytes:
    """An upload's bytes, refused before reading when it is over the size limit."""
    file_limits = limits()
    size = upload.size or 0
    if size > file_limits.max_file_bytes:
        raise ImportFileError(
            f"Berkas terlalu besar ({megabytes(size)} MB); batasnya {file_limits.max_megabytes} MB."
        )
    return bytes(upload.read(file_limits.max_file_bytes + 1))


def read_score_file(content: bytes, *, codes: Sequence[str], file_limits: Limits) -> ScoreFile:
    """The data rows of a CSV or .xlsx score file; cells keyed by case-folded column names.

    Raises ImportFileError when the file is too big, not CSV/.xlsx, has a wrong header, no data
    row, or too many rows.
    """
    if len(content) > file_limits.max_file_bytes:
        raise ImportFileError(
            f"Berkas terlalu besar ({megabytes(len(content))} MB); batasnya "
            f"{file_limits.max_megabytes} MB."
        )
    if content.startswith(XLS_MAGIC):
        raise ImportFileError(
            "Berkas ini berformat Excel lama (.xls). Simpan ulang sebagai Excel Workbook (.xlsx) "
            "atau CSV lalu unggah kembali."
        )
    if content.startswith(XLSX_MAGIC):
        header = _xlsx_header(content)
        number_column, has_total = _match_header(header, codes=codes)
        expected = _expected(number_column, codes, has_total)
        rows = spreadsheets.read_rows(content, headers=expected, limits=file_limits)
        return ScoreFile(rows, number_column, has_total)
    return _read_csv(content, codes=codes, file_limits=file_limits)


def _expected(number_column: str, codes: Sequence[str], has_total: bool) -> list[str]:
    names = [number_column, *(code.casefold() for code in codes)]
    return [*names, TOTAL_COLUMN] if has_total else names


def _xlsx_header(content: bytes) -> tuple[Any, ...]:
    unreadable = ImportFileError(
        "Berkas tidak dapat dibaca sebagai lembar kerja Excel .xlsx (rusak atau format lain)."
    )
    # openpyxl reports a malformed archive with many exception types (see core.spreadsheets).
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:
        raise unreadable from None
    try:
        sheet = workbook.worksheets[0]
        return next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
    except Exception:
        raise unreadable from None
    finally:
        workbook.close()


def _read_csv(content: bytes, *, codes: Sequence[str], file_limits: Limits) -> ScoreFile:
    if b"\x00" in content:
        raise ImportFileError(
            "Berkas harus berupa CSV (teks) atau Excel .xlsx. Simpan ulang berkas nilai dari BKN "
            "dalam salah satu format itu."
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("latin-1")  # the cells that matter are digits and codes
    first_line = text.split("\n", 1)[0]
    # Spreadsheets in Indonesian locales save CSV with ";" (the decimal comma takes ",").
    delimiter = max((";", ",", "\t"), key=first_line.count)
    try:
        lines = csv.reader(io.StringIO(text), delimiter=delimiter)
        header = next(lines, None)
        number_column, has_total = _match_header(header, codes=codes)
        columns = [_name(cell) for cell in header or ()]
        rows = _bounded_rows(lines, columns, file_limits=file_limits)
    except csv.Error:
        raise ImportFileError(
            "Berkas CSV tidak dapat dibaca (tanda kutip tidak seimbang?)."
        ) from None
    return ScoreFile(rows, number_column, has_total)


def _name(cell: Any) -> str | None:
    return None if is_blank(cell) else str(cell).strip().casefold()


def _match_header(header: Sequence[Any] | None, *, codes: Sequence[str]) -> tuple[str, bool]:
    """(the number column's name, whether `total` is present); ImportFileError naming every
    missing, unknown and doubled column."""
    present = [name for name in (_name(cell) for cell in header or ()) if name is not None]
    wanted = [code.casefold() for code in codes]
    numbers = [name for name in present if name in NUMBER_COLUMNS]
    known = {*NUMBER_COLUMNS, *wanted, TOTAL_COLUMN}
    problems = []
    if not numbers:
        problems.append("kolom nomor_peserta (atau nomor_pendaftaran) tidak ada")
    elif len(set(numbers)) > 1:
        problems.append("isi hanya satu kolom nomor: nomor_peserta atau nomor_pendaftaran")
    missing = [code for code, name in zip(codes, wanted, strict=True) if name not in present]
    if missing:
        problems.append(f"kolom yang tidak ada: {', '.join(missing)}")
    unknown = [name for name in present if name not in known]
    if unknown:
        problems.append(f"kolom yang tidak dikenal: {', '.join(unknown)}")
    doubled = sorted({name for name in present if present.count(name) > 1})
    if doubled:
        problems.append(f"kolom ganda: {', '.join(doubled)}")
    if problems:
        raise ImportFileError(
            "Baris judul (baris 1) tidak sesuai: "
            + "; ".join(problems)
            + f". Kolom yang benar: nomor_peserta, {', '.join(codes)}, dan total (boleh tidak ada)."
        )
    return numbers[0], TOTAL_COLUMN in present


def _bounded_rows(
    lines: Iterator[Sequence[Any]], columns: list[str | None], *, file_limits: Limits
) -> list[Row]:
    """The CSV twin of core.spreadsheets' row reading: the same limits and the same messages."""
    rows: list[Row] = []
    blank_run = 0
    for number, values in enumerate(lines, start=2):
        read = number - 1
        cells = {
            name: value for name, value in zip(columns, values, strict=False) if name is not None
        }
        blank = all(is_blank(value) for value in cells.values())
        if blank_run >= file_limits.max_blank_run:
            if read > file_limits.ceiling:
                break
            if not blank:
                raise ImportFileError(
                    f"Baris {number} berisi data setelah {file_limits.max_blank_run} baris kosong "
                    "atau lebih. Hapus baris kosong di antara data, lalu unggah kembali."
                )
            continue
        if read > file_limits.ceiling:
            raise ImportFileError(
                f"Berkas berisi lebih dari {thousands(file_limits.ceiling)} baris di bawah baris "
                "judul (termasuk baris kosong). Hapus baris kosong di antara data atau bagi "
                "menjadi beberapa berkas."
            )
        if blank:
            blank_run += 1
            continue
        blank_run = 0
        if len(rows) == file_limits.max_rows:
            raise ImportFileError(
                f"Berkas berisi lebih dari {thousands(file_limits.max_rows)} baris data; bagi "
                "menjadi beberapa berkas."
            )
        rows.append((number, cells))
    if not rows:
        raise ImportFileError("Berkas tidak berisi baris data di bawah baris judul.")
    return rows


# --- checking the rows


@dataclass
class _Planned:
    row: int
    number: str
    application: Application | None
    scores: dict[str, int]
    total: int
    errors: list[RowError]
    existing: ExamResult | None = None  # this blueprint's earlier result: a re-import


@dataclass
class _Lookup:
    applications: dict[str, Application]
    results: dict[int, ExamResult]

    @classmethod
    def load(cls, blueprint: Blueprint, numbers: set[str]) -> "_Lookup":
        applications = {
            app.registration_number: app
            for app in Application.objects.filter(
                period_id=blueprint.period_id, registration_number__in=numbers
            ).select_related("formasi")
        }
        results = {
            result.application_id: result
            for result in ExamResult.objects.filter(
                application__in=list(applications.values()), kind=blueprint.kind
            ).select_related("blueprint")
        }
        return cls(applications=applications, results=results)


class _RowReader(RowReader):
    def scores(self, sections: Sequence[BlueprintSection]) -> dict[str, int]:
        scores: dict[str, int] = {}
        for section in sections:
            code = section.category.code
            column = code.casefold()
            value = self.integer(column, required=True)
            maximum = section_maximum(section)
            if value is not None and not 0 <= value <= maximum:
                self.error(column, f"Nilai {code} harus 0 sampai {maximum}.")
            elif value is not None:
                scores[code] = value
        return scores


def _check_rows(
    blueprint: Blueprint, score_file: ScoreFile, sections: Sequence[BlueprintSection]
) -> list[_Planned]:
    number_column = score_file.number_column
    columns = [number_column, *(s.category.code.casefold() for s in sections), TOTAL_COLUMN]
    numbers = {
        spreadsheets.identifier_text(cells.get(number_column)) for _, cells in score_file.rows
    }
    lookup = _Lookup.load(blueprint, numbers - {""})
    first_row: dict[str, int] = {}
    planned = []
    for row_number, cells in score_file.rows:
        row = _RowReader(cells, columns=columns)
        number = row.identifier(number_column)
        application = _check_number(row, number, number_column, blueprint, lookup, first_row)
        first_row.setdefault(number, row_number)
        scores = row.scores(sections)
        total = sum(scores.values())
        given = row.integer(TOTAL_COLUMN) if score_file.has_total else None
        if given is not None and len(scores) == len(sections) and given != total:
            row.error(
                TOTAL_COLUMN,
                f"Total {given} tidak sama dengan jumlah nilai subtes ({total}).",
            )
        existing = lookup.results.get(application.pk) if application else None
        planned.append(
            _Planned(
                row_number, number, application, scores, total, row.errors_at(row_number), existing
            )
        )
    return planned


def _check_number(
    row: _RowReader,
    number: str,
    column: str,
    blueprint: Blueprint,
    lookup: _Lookup,
    first_row: dict[str, int],
) -> Application | None:
    if column in row.failed:
        return None
    if not number:
        row.error(column, "Nomor peserta wajib diisi.")
        return None
    if number in first_row:
        row.error(column, f"Nomor {number} sudah ada di baris {first_row[number]}.")
        return None
    application = lookup.applications.get(number)
    if application is None:
        period = blueprint.period.name if blueprint.period else "-"
        row.error(column, f"Nomor {number} tidak terdaftar pada periode {period}.")
        return None
    if application.status != Application.Status.MS:
        row.error(
            column,
            f"Lamaran {number} berstatus {application.get_status_display()}; hanya pelamar yang "
            "memenuhi syarat (MS) yang dapat diberi nilai.",
        )
        return None
    existing = lookup.results.get(application.pk)
    kind = KIND_NAMES[ExamKind(blueprint.kind)]
    if existing is not None and existing.source == ExamResult.Source.SIMERIT:
        row.error(
            column,
            f"Lamaran {number} sudah memiliki hasil {kind} dari CAT SiMerit; nilai BKN tidak "
            "dapat menggantikannya.",
        )
        return None
    if existing is not None and existing.blueprint_id != blueprint.pk:
        row.error(
            column,
            f"Lamaran {number} sudah memiliki hasil {kind} dari kisi-kisi lain "
            f"({existing.blueprint.name}).",
        )
        return None
    return application


# --- the import


def _precheck(blueprint: Blueprint) -> list[BlueprintSection]:
    if blueprint.delivery != Blueprint.Delivery.BKN:
        raise DomainError(
            "Nilai BKN hanya dapat diimpor ke kisi-kisi yang dilaksanakan di CAT BKN."
        )
    if blueprint.results_published_at is not None:
        raise ConflictError("Hasil kisi-kisi ini sudah diumumkan; nilai tidak dapat diimpor lagi.")
    sections = score_columns(blueprint)
    if not sections:
        raise DomainError(
            "Kisi-kisi belum memiliki bagian (subtes); tambahkan bagian lebih dulu agar kolom "
            "nilai dapat diperiksa."
        )
    return sections


@transaction.atomic
def import_scores(
    *, blueprint: Blueprint, content: bytes, file_name: str, actor: User
) -> ImportOutcome:
    """Check the whole file; write every row's result only if no row has a problem.

    Raises PermissionDenied for anyone but Admin BKPSDM, DomainError when the blueprint takes
    no BKN scores, and ImportFileError when the file itself is unusable (nothing is stored).
    Otherwise the file is recorded as a ScoreImport with its per-row report.
    """
    if not can_manage_exams(actor):
        raise PermissionDenied("Hanya Admin BKPSDM yang dapat mengimpor nilai BKN.")
    # One import of a blueprint at a time, on its current state.
    blueprint = Blueprint.objects.select_for_update().select_related("period").get(pk=blueprint.pk)
    sections = _precheck(blueprint)
    codes = [section.category.code for section in sections]
    try:
        score_file = read_score_file(content, codes=codes, file_limits=limits())
    except ImportFileError as error:
        logger.info("BKN score file refused for blueprint %s: %s", blueprint.pk, error.message)
        raise
    planned = _check_rows(blueprint, score_file, sections)
    errors = [error for plan in planned for error in plan.errors]
    score_import = ScoreImport.objects.create(
        blueprint=blueprint,
        file_name=PurePath(file_name.replace("\\", "/")).name[:255] or "berkas",
        sha256=hashlib.sha256(content).hexdigest(),
        imported_by=actor,
        imported_at=timezone.now(),
        row_count=len(planned),
        accepted_count=0,
        report=[],
    )
    if errors:
        score_import.report = [_error_entry(plan, sections) for plan in planned]
        score_import.save(update_fields=["report"])
        _record_import(score_import, actor, action="exams.score_import.refused", errors=errors)
        return ImportOutcome(score_import=score_import, errors=errors)
    rules: dict[str, PassRule | None] = {}
    report = [_write_result(blueprint, plan, score_import, rules, actor) for plan in planned]
    score_import.report = report
    score_import.accepted_count = len(report)
    score_import.save(update_fields=["report", "accepted_count"])
    _record_import(score_import, actor, action="exams.score_import.accepted", errors=[])
    return ImportOutcome(score_import=score_import, errors=[])


def _label(column: str, sections: Sequence[BlueprintSection]) -> str:
    codes = {section.category.code.casefold(): section.category.code for section in sections}
    return codes.get(column, column)


def _error_entry(plan: _Planned, sections: Sequence[BlueprintSection]) -> dict[str, Any]:
    return {
        "row": plan.row,
        "registration_number": plan.number,
        "status": ERROR if plan.errors else OK,
        "messages": [f"{_label(e.column, sections)}: {e.message}" for e in plan.errors],
    }


def _write_result(
    blueprint: Blueprint,
    plan: _Planned,
    score_import: ScoreImport,
    rules: dict[str, PassRule | None],
    actor: User,
) -> dict[str, Any]:
    """Create or update the row's ExamResult (audited); the row's entry of the report."""
    application = plan.application
    if application is None:  # cannot happen: a row without errors has its application
        raise DomainError(f"Baris {plan.row} tidak dapat diproses.")
    track = application.formasi.track
    if track not in rules:
        rules[track] = pass_rule_for(blueprint, track)
    verdict = judge(SheetScore(scores=plan.scores, total=plan.total), rules[track])
    values = {
        "scores": plan.scores,
        "total": plan.total,
        "passed": verdict.passed,
        "result_reason": verdict.reason,
    }
    result = plan.existing
    if result is None:
        result = ExamResult.objects.create(
            application=application,
            blueprint=blueprint,
            kind=blueprint.kind,
            source=ExamResult.Source.BKN,
            score_import=score_import,
            **values,
        )
        action = CREATED
        audit.record(actor=actor, action="exams.result.imported", target=result, changes=values)
    else:
        before = {name: getattr(result, name) for name in values}
        for name, value in values.items():
            setattr(result, name, value)
        result.score_import = score_import
        result.save()
        changes: dict[str, Any] = audit.diff(before, values)
        action = UPDATED if changes else UNCHANGED
        if changes:
            changes["score_import"] = score_import.pk
            audit.record(
                actor=actor, action="exams.result.reimported", target=result, changes=changes
            )
    return {
        "row": plan.row,
        "registration_number": plan.number,
        "status": OK,
        "action": action,
        "scores": plan.scores,
        "total": plan.total,
        "passed": verdict.passed,
        "messages": [verdict.reason],
    }


def _record_import(
    score_import: ScoreImport, actor: User, *, action: str, errors: list[RowError]
) -> None:
    audit.record(
        actor=actor,
        action=action,
        target=score_import,
        changes={
            "blueprint": score_import.blueprint_id,
            "file_name": score_import.file_name,
            "sha256": score_import.sha256,
            "row_count": score_import.row_count,
            "accepted_count": score_import.accepted_count,
            "error_count": len(errors),
        },
    )


# --- files out


def template_workbook(*, blueprint: Blueprint) -> bytes:
    """The score file template of the blueprint: its header row and instructions."""
    file_limits = limits()
    return spreadsheets.template_workbook(
        title="Nilai BKN",
        columns=template_columns(blueprint),
        text_columns={"nomor_peserta"},
        note=(
            "Bila satu baris saja bermasalah, tidak ada nilai yang disimpan; perbaiki baris yang "
            f"dilaporkan lalu unggah ulang. Maksimal {thousands(file_limits.max_rows)} baris dan "
            f"{file_limits.max_megabytes} MB. Berkas CSV (pemisah koma atau titik koma) juga "
            "diterima dengan baris judul yang sama."
        ),
        references=[],
    )


RESULT_HEADERS = (
    "Nomor peserta",
    "Nama",
    "Kode formasi",
    "Jenis formasi",
)


def results_workbook(*, blueprint: Blueprint) -> bytes:
    """The blueprint's results (imported from BKN) as a workbook, one row per application."""
    codes = [section.category.code for section in score_columns(blueprint)]
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Hasil")
    sheet.append(
        spreadsheets.header_cells(
            sheet,
            [*RESULT_HEADERS, *codes, "Total", "Ambang batas", "Keterangan", "Sumber", "Impor"],
        )
    )
    results = (
        ExamResult.objects.filter(blueprint=blueprint)
        .select_related("application__applicant", "application__formasi", "score_import")
        .order_by("application__registration_number")
    )
    verdicts = {True: "Memenuhi", False: "Tidak memenuhi", None: "Tanpa ambang batas"}
    for result in results:
        application = result.application
        sheet.append(
            [
                spreadsheets.text_cell(
                    sheet, application.registration_number, number_format=spreadsheets.TEXT_FORMAT
                ),
                *spreadsheets.safe_row(
                    sheet,
                    [
                        application.applicant.name,
                        application.formasi.code,
                        application.formasi.get_track_display(),
                    ],
                ),
                *(result.scores.get(code) for code in codes),
                result.total,
                verdicts[result.passed],
                *spreadsheets.safe_row(
                    sheet,
                    [
                        result.result_reason,
                        result.get_source_display(),
                        result.score_import.file_name if result.score_import else "",
                    ],
                ),
            ]
        )
    return spreadsheets.workbook_bytes(workbook)
