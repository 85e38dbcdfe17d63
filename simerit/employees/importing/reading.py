"""From the uploaded bytes to data rows: file checks, the header, and the row limits."""

import io
from collections.abc import Iterator
from typing import Any

import openpyxl

from simerit.core.exceptions import DomainError
from simerit.employees.importing.columns import HEADERS

MAX_FILE_BYTES = 5 * 1024 * 1024
# Each row goes through the audited service (about 18 queries, ~9 ms on SQLite), all inside the
# upload request: 2,000 rows stay well under gunicorn's default 30-second worker timeout.
MAX_ROWS = 2000
# Rows read below the header, blank ones included, before the file is refused: MAX_ROWS plus this.
ROW_READ_MARGIN = 1000
# Blank rows in a row after which the data is taken to have ended. A workbook can claim a million
# rows (one formatted cell at the bottom of the sheet); openpyxl would yield every one of them.
MAX_BLANK_RUN = 50
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX_MAGIC = b"PK\x03\x04"  # an .xlsx file is a zip archive
XLS_MAGIC = b"\xd0\xcf\x11\xe0"  # Excel 97-2003 (OLE compound file)

Row = tuple[int, dict[str, Any]]  # (the spreadsheet's row number, {column: cell value})


class ImportFileError(DomainError):
    """The file as a whole cannot be imported (not an .xlsx, wrong columns, too many rows)."""


def read_rows(content: bytes) -> list[Row]:
    """The data rows as (row number, {column: cell value}); empty rows are skipped."""
    if len(content) > MAX_FILE_BYTES:
        raise ImportFileError(
            f"Berkas terlalu besar ({megabytes(len(content))} MB); batasnya "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB."
        )
    if content.startswith(XLS_MAGIC):
        raise ImportFileError(
            "Berkas ini berformat Excel lama (.xls). Simpan ulang sebagai Excel Workbook (.xlsx) "
            "lalu unggah kembali."
        )
    if not content.startswith(XLSX_MAGIC):
        raise ImportFileError(
            "Berkas ini bukan berkas Excel .xlsx. Unduh templat, isi, lalu unggah kembali."
        )
    unreadable = ImportFileError(
        "Berkas tidak dapat dibaca sebagai lembar kerja Excel .xlsx (rusak atau format lain)."
    )
    # openpyxl reports a malformed archive with many exception types (BadZipFile, KeyError,
    # InvalidFileException, XML errors), at opening or while rows are read.
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:
        raise unreadable from None
    try:
        return _rows_of(workbook.worksheets[0])
    except ImportFileError:
        raise
    except Exception:
        raise unreadable from None
    finally:
        workbook.close()


def _rows_of(sheet: Any) -> list[Row]:
    header = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), None)
    columns = _check_header(header)
    # Only the columns up to the last named one are read: a stray cell far to the right would
    # otherwise widen every row to it.
    width = max(index for index, name in enumerate(columns) if name is not None) + 1
    lines = sheet.iter_rows(min_row=2, max_col=width, values_only=True)
    return _data_rows(lines, columns[:width])


def _data_rows(lines: Iterator[tuple[Any, ...]], columns: list[str | None]) -> list[Row]:
    ceiling = MAX_ROWS + ROW_READ_MARGIN
    rows: list[Row] = []
    blank_run = 0
    for number, values in enumerate(lines, start=2):
        read = number - 1
        cells = {
            name: value for name, value in zip(columns, values, strict=False) if name is not None
        }
        blank = all(is_blank(value) for value in cells.values())
        if blank_run >= MAX_BLANK_RUN:
            # Past the end of the data: look on (up to the ceiling) only to refuse a later part.
            if read > ceiling:
                break
            if not blank:
                raise ImportFileError(
                    f"Baris {number} berisi data setelah {MAX_BLANK_RUN} baris kosong atau lebih. "
                    "Hapus baris kosong di antara data, lalu unggah kembali."
                )
            continue
        if read > ceiling:
            raise ImportFileError(
                f"Berkas berisi lebih dari {thousands(ceiling)} baris di bawah baris judul "
                "(termasuk baris kosong). Hapus baris kosong di antara data atau bagi menjadi "
                "beberapa berkas."
            )
        if blank:
            blank_run += 1
            continue
        blank_run = 0
        if len(rows) == MAX_ROWS:
            raise ImportFileError(
                f"Berkas berisi lebih dari {thousands(MAX_ROWS)} baris data; bagi menjadi beberapa "
                "berkas."
            )
        rows.append((number, cells))
    if not rows:
        raise ImportFileError("Berkas tidak berisi baris data di bawah baris judul.")
    return rows


def _check_header(header: tuple[Any, ...] | None) -> list[str | None]:
    names = [
        str(cell).strip().casefold() if not is_blank(cell) else None for cell in (header or ())
    ]
    present = [name for name in names if name is not None]
    missing = [name for name in HEADERS if name not in present]
    unknown = [name for name in present if name not in HEADERS]
    doubled = sorted({name for name in present if present.count(name) > 1})
    if missing or unknown or doubled:
        problems = []
        if missing:
            problems.append(f"kolom yang tidak ada: {', '.join(missing)}")
        if unknown:
            problems.append(f"kolom yang tidak dikenal: {', '.join(unknown)}")
        if doubled:
            problems.append(f"kolom ganda: {', '.join(doubled)}")
        raise ImportFileError(
            "Baris judul (baris 1) tidak sesuai templat: "
            + "; ".join(problems)
            + f". Kolom yang benar: {', '.join(HEADERS)}. Unduh templat dan salin data ke dalamnya."
        )
    return names


def megabytes(size: int) -> str:
    """1572864 → "1,5", with the Indonesian decimal comma."""
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


def thousands(number: int) -> str:
    """2000 → "2.000", the Indonesian way."""
    return f"{number:,}".replace(",", ".")


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
