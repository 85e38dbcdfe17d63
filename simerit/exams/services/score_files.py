"""The BKN score file (SKD/SKB run on CAT BKN) itself: its columns and template, reading it (CSV
or Excel .xlsx) into rows, and the workbook of the imported results. Checking the rows and
writing the results is services/score_import.py.

The file starts with one header row: the registration number, one column per section category
code of the blueprint (e.g. TWK, TIU, TKP) and optionally `total`, in any order. Header names are
matched case-insensitively, with spaces, underscores and dots alike: the number column may be
called "nomor_peserta", "No Peserta", "NO. PESERTA", "nomor pendaftaran" and so on. Any other
column (a name, "KETERANGAN", "P/L") is ignored and named in the report as a warning. Each
following non-empty row is one participant's scores; "TH" or "Tidak Hadir" in a score column
marks the participant absent.

Reading is bounded: the upload's size, the .xlsx archive (core.spreadsheets.reading.check_archive), the
header's width, the rows.
"""

import csv
import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import openpyxl
from django.core.files.uploadedfile import UploadedFile

from simerit.core.spreadsheets import reading, template
from simerit.core.spreadsheets.cells import is_blank
from simerit.core.spreadsheets.reading import (
    XLS_MAGIC,
    XLSX_MAGIC,
    ImportFileError,
    Limits,
    bounded_header,
    check_size,
    data_rows,
)
from simerit.core.spreadsheets.rows import Row
from simerit.core.spreadsheets.template import Column
from simerit.core.spreadsheets.text import name_list, thousands
from simerit.core.spreadsheets.writing import (
    TEXT_FORMAT,
    header_cells,
    safe_row,
    text_cell,
    workbook_bytes,
)
from simerit.exams.models import Blueprint, BlueprintSection, ExamResult
from simerit.exams.services.blueprint_sections import section_maximum

MAX_FILE_BYTES = 5 * 1024 * 1024
# Each accepted row is an upsert plus its audit row (about 6 queries): 5,000 rows, a large SKD
# location's day, stay inside one upload request.
MAX_ROWS = 5000
# Rows read below the header, blank ones included, before the file is refused: MAX_ROWS plus this.
ROW_READ_MARGIN = 1000
# Blank rows in a row after which the data is taken to have ended.
MAX_BLANK_RUN = 50
# Header cells read: a BKN export has about ten columns.
MAX_COLUMNS = 64

NUMBER_COLUMN = "nomor_peserta"  # the registration number's column in the rows, whatever its name
NUMBER_NAMES = frozenset({"nomor peserta", "no peserta", "nomor pendaftaran", "no pendaftaran"})
TOTAL_COLUMN = "total"
ABSENT_MARKS = frozenset({"th", "tidak hadir"})


def limits() -> Limits:
    """The limits as this module sets them at the time of the call."""
    return Limits(
        max_rows=MAX_ROWS,
        max_file_bytes=MAX_FILE_BYTES,
        row_read_margin=ROW_READ_MARGIN,
        max_blank_run=MAX_BLANK_RUN,
        max_columns=MAX_COLUMNS,
    )


@dataclass(frozen=True)
class Layout:
    """What the header row says: each cell's column (None: ignored) and the ignored names."""

    columns: list[str | None]
    has_total: bool
    ignored: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ScoreFile:
    """The rows of a score file, cells keyed by `NUMBER_COLUMN`, case-folded codes and `total`."""

    rows: list[Row]
    has_total: bool
    ignored: list[str]  # the header names of the columns that were not read, as typed


# --- the columns of a blueprint's file


def score_columns(blueprint: Blueprint) -> list[BlueprintSection]:
    return list(blueprint.sections.select_related("category").order_by("order"))


def template_columns(blueprint: Blueprint) -> tuple[Column, ...]:
    """The columns of the blueprint's score file, for the import page and the template."""
    sections = score_columns(blueprint)
    return (
        Column(
            NUMBER_COLUMN,
            "",
            True,
            "Nomor pendaftaran pelamar pada periode ini (boleh juga berjudul No Peserta atau "
            "nomor_pendaftaran). Kolom lain, mis. nama atau keterangan, diabaikan.",
            "2026-0001-000123",
        ),
        *(
            Column(
                s.category.code,
                "",
                True,
                f"Nilai {s.category.name}, bilangan bulat 0–{section_maximum(s)}; TH bila peserta "
                "tidak hadir.",
                str(section_maximum(s) // 2),
            )
            for s in sections
        ),
        Column(TOTAL_COLUMN, "", False, "Jumlah nilai subtes; bila diisi harus sama.", ""),
    )


def is_absent_mark(value: Any) -> bool:
    """ "TH" or "Tidak Hadir" (any case and spacing) in a score cell."""
    return isinstance(value, str) and " ".join(value.split()).casefold() in ABSENT_MARKS


# --- reading


def upload_bytes(upload: UploadedFile) -> bytes:
    """An upload's bytes, read only up to one byte past the size limit: the import refuses (and
    records) a file over the limit by `upload.size`."""
    return bytes(upload.read(limits().max_file_bytes + 1))


def read_score_file(
    content: bytes, *, codes: Sequence[str], file_limits: Limits, size: int | None = None
) -> ScoreFile:
    """The data rows of a CSV or .xlsx score file.

    `size` is the upload's size when `content` was read only up to the limit. Raises
    ImportFileError when the file is too big, not CSV/.xlsx, has a wrong header, no data row, or
    too many rows.
    """
    check_size(len(content) if size is None else size, file_limits)
    if content.startswith(XLS_MAGIC):
        raise ImportFileError(
            "Berkas ini berformat Excel lama (.xls). Simpan ulang sebagai Excel Workbook (.xlsx) "
            "atau CSV lalu unggah kembali."
        )
    if content.startswith(XLSX_MAGIC):
        layouts: list[Layout] = []

        def match(header: Sequence[Any]) -> list[str | None]:
            layouts.append(match_header(header, codes=codes))
            return layouts[0].columns

        rows = reading.read_rows(content, headers=(), limits=file_limits, match=match)
        return ScoreFile(rows, layouts[0].has_total, layouts[0].ignored)
    return _read_csv(content, codes=codes, file_limits=file_limits)


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
        header = bounded_header(next(lines, None), file_limits)
        layout = match_header(header, codes=codes)
        rows = data_rows(lines, layout.columns, limits=file_limits)
    except csv.Error:
        raise ImportFileError(
            "Berkas CSV tidak dapat dibaca (tanda kutip tidak seimbang?)."
        ) from None
    return ScoreFile(rows, layout.has_total, layout.ignored)


def header_key(cell: Any) -> str | None:
    """A header cell as a key: case-folded, spaces, underscores and dots alike; None if blank."""
    if is_blank(cell):
        return None
    return " ".join(str(cell).replace("_", " ").replace(".", " ").split()).casefold()


def match_header(header: Sequence[Any], *, codes: Sequence[str]) -> Layout:
    """Each header cell's column: `NUMBER_COLUMN`, a case-folded code, `total`, or None (blank or
    ignored). ImportFileError naming a missing number or section column, or a doubled one."""
    wanted = {header_key(code) or code: code.casefold() for code in codes}
    columns: list[str | None] = []
    ignored: list[str] = []
    counts: Counter[str] = Counter()
    for cell in header:
        key = header_key(cell)
        if key is None:
            columns.append(None)
            continue
        column = NUMBER_COLUMN if key in NUMBER_NAMES else wanted.get(key)
        column = TOTAL_COLUMN if key == TOTAL_COLUMN else column
        if column is None:
            ignored.append(str(cell).strip())
        else:
            counts[key] += 1
        columns.append(column)
    numbers = [key for key in counts if key in NUMBER_NAMES]
    problems = []
    if not numbers:
        problems.append("kolom nomor_peserta (atau No Peserta, nomor_pendaftaran) tidak ada")
    elif len(numbers) > 1 or counts[numbers[0]] > 1:
        problems.append("isi hanya satu kolom nomor peserta")
    missing = [code for code in codes if (header_key(code) or code) not in counts]
    if missing:
        problems.append(f"kolom yang tidak ada: {', '.join(missing)}")
    doubled = sorted(key for key, count in counts.items() if count > 1 and key not in NUMBER_NAMES)
    if doubled:
        problems.append(f"kolom ganda: {name_list(doubled)}")
    if problems:
        raise ImportFileError(
            "Baris judul (baris 1) tidak sesuai: "
            + "; ".join(problems)
            + f". Kolom yang benar: nomor_peserta, {', '.join(codes)}, dan total (boleh tidak ada)."
        )
    return Layout(columns, TOTAL_COLUMN in counts, ignored)


# --- files out


def template_workbook(*, blueprint: Blueprint) -> bytes:
    """The score file template of the blueprint: its header row and instructions."""
    file_limits = limits()
    return template.template_workbook(
        title="Nilai BKN",
        columns=template_columns(blueprint),
        text_columns={NUMBER_COLUMN},
        note=(
            "Bila satu baris saja bermasalah, tidak ada nilai yang disimpan; perbaiki baris yang "
            f"dilaporkan lalu unggah ulang. Maksimal {thousands(file_limits.max_rows)} baris dan "
            f"{file_limits.max_megabytes} MB. Berkas CSV (pemisah koma atau titik koma) juga "
            "diterima dengan baris judul yang sama. Peserta yang tidak hadir: isi TH pada kolom "
            "nilai; hasilnya dicatat tidak hadir."
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
        header_cells(
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
                text_cell(sheet, application.registration_number, number_format=TEXT_FORMAT),
                *safe_row(
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
                *safe_row(
                    sheet,
                    [
                        result.result_reason,
                        result.get_source_display(),
                        result.score_import.file_name if result.score_import else "",
                    ],
                ),
            ]
        )
    return workbook_bytes(workbook)
