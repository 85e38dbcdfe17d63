"""Reading an import: a bounded upload, its archive checked, its header matched, its rows.

Reading is bounded by the caller's `Limits`: the archive is checked before openpyxl inflates
anything (`check_archive`), the header row is read up to `max_columns`, the rows up to the ceiling.
A caller may match the header itself (`match`: extra columns ignored) and read CSV rows under the
same limits (`data_rows`).
"""

import io
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import openpyxl

from simerit.core.exceptions import DomainError
from simerit.core.spreadsheets.cells import is_blank
from simerit.core.spreadsheets.rows import Row
from simerit.core.spreadsheets.text import megabytes, name_list, thousands

XLSX_MAGIC = b"PK\x03\x04"  # an .xlsx file is a zip archive
XLS_MAGIC = b"\xd0\xcf\x11\xe0"  # Excel 97-2003 (OLE compound file)
UNREADABLE = "Berkas tidak dapat dibaca sebagai lembar kerja Excel .xlsx (rusak atau format lain)."

# An .xlsx is a zip archive, and its size on disk says little about what openpyxl inflates: even
# in read-only mode it reads sharedStrings.xml whole, so a 1.5 MB upload holding a 434 MB member
# costs a worker over a gigabyte ("zip bomb"). The archive's directory is checked first. Python's
# zipfile never inflates a member past its declared size (a lie ends in a CRC error), so the
# declared sizes bound the work.
MAX_ARCHIVE_MEMBERS = 100  # a workbook of a few sheets has about 10-20
MAX_MEMBER_BYTES = 30 * 1024 * 1024  # one member (a sheet, the shared strings) once inflated
MAX_ARCHIVE_BYTES = 50 * 1024 * 1024  # every member once inflated
# Spreadsheet XML inflates about 5-20 times; far beyond is crafted. Small members are left alone.
MAX_COMPRESSION_RATIO = 100
COMPRESSION_RATIO_FLOOR = 1024 * 1024


class ImportFileError(DomainError):
    """The file as a whole cannot be imported (not an .xlsx, wrong columns, too many rows)."""


@dataclass(frozen=True)
class Limits:
    """How much of an upload is read; each import sets `max_rows` by what one row costs."""

    max_rows: int
    max_file_bytes: int = 5 * 1024 * 1024
    # Rows read below the header, blank ones included, before the file is refused: max_rows plus
    # this.
    row_read_margin: int = 1000
    # Blank rows in a row after which the data is taken to have ended. A workbook can claim a
    # million rows (one formatted cell at the bottom of the sheet); openpyxl would yield them all.
    max_blank_run: int = 50
    # Header cells read; a header naming a column past this is refused.
    max_columns: int = 64

    @property
    def ceiling(self) -> int:
        return self.max_rows + self.row_read_margin

    @property
    def max_megabytes(self) -> int:
        return self.max_file_bytes // 1024 // 1024


# --- reading an import


def read_rows(
    content: bytes,
    *,
    headers: Sequence[str],
    limits: Limits,
    match: Callable[[Sequence[Any]], list[str | None]] | None = None,
) -> list[Row]:
    """The data rows of the first sheet as (row number, {column: cell value}), blank rows skipped.

    `match` turns the header cells into each cell's column name (None: not read); by default
    `match_header` with `headers`. Raises ImportFileError when the file is not a readable .xlsx,
    its header row does not name exactly `headers`, it holds no data row, or it goes past `limits`.
    """
    check_size(len(content), limits)
    if content.startswith(XLS_MAGIC):
        raise ImportFileError(
            "Berkas ini berformat Excel lama (.xls). Simpan ulang sebagai Excel Workbook (.xlsx) "
            "lalu unggah kembali."
        )
    if not content.startswith(XLSX_MAGIC):
        raise ImportFileError(
            "Berkas ini bukan berkas Excel .xlsx. Unduh templat, isi, lalu unggah kembali."
        )
    check_archive(content)
    unreadable = ImportFileError(UNREADABLE)
    # openpyxl reports a malformed archive with many exception types (BadZipFile, KeyError,
    # InvalidFileException, XML errors), at opening or while rows are read.
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:
        raise unreadable from None
    try:
        return _rows_of(
            workbook.worksheets[0],
            match=match or (lambda header: match_header(header, expected=headers)),
            limits=limits,
        )
    except ImportFileError:
        raise
    except Exception:
        raise unreadable from None
    finally:
        workbook.close()


def check_size(size: int, limits: Limits) -> None:
    """Refuse a file over `limits.max_file_bytes`."""
    if size > limits.max_file_bytes:
        raise ImportFileError(
            f"Berkas terlalu besar ({megabytes(size)} MB); batasnya {limits.max_megabytes} MB."
        )


def check_archive(content: bytes) -> None:
    """Refuse an .xlsx whose archive would inflate past the limits above, before any XML is read.

    Raises ImportFileError: too many members, a member or the whole too big once inflated, or a
    member packed far tighter than any spreadsheet (a "zip bomb").
    """
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except Exception:  # BadZipFile, struct and seek errors of a malformed directory
        raise ImportFileError(UNREADABLE) from None
    refusal = ImportFileError(
        "Berkas .xlsx ini ditolak demi keamanan: isinya jauh lebih besar daripada ukuran "
        "berkasnya. Buka di Excel, simpan ulang sebagai Excel Workbook (.xlsx), lalu unggah "
        "kembali; bila datanya memang sebesar itu, bagi menjadi beberapa berkas."
    )
    if len(members) > MAX_ARCHIVE_MEMBERS:
        raise refusal
    total = 0
    for member in members:
        size = member.file_size
        total += size
        if size > MAX_MEMBER_BYTES or total > MAX_ARCHIVE_BYTES:
            raise refusal
        if size > COMPRESSION_RATIO_FLOOR and size > MAX_COMPRESSION_RATIO * max(
            member.compress_size, 1
        ):
            raise refusal


def _rows_of(
    sheet: Any, *, match: Callable[[Sequence[Any]], list[str | None]], limits: Limits
) -> list[Row]:
    header = next(
        sheet.iter_rows(min_row=1, max_row=1, max_col=limits.max_columns + 1, values_only=True),
        None,
    )
    columns = match(bounded_header(header, limits))
    if all(name is None for name in columns):
        raise ImportFileError(
            "Baris judul (baris 1) kosong. Unduh templat lalu salin data ke dalamnya."
        )
    # Only the columns up to the last named one are read: a stray cell far to the right would
    # otherwise widen every row to it.
    width = max(index for index, name in enumerate(columns) if name is not None) + 1
    lines = sheet.iter_rows(min_row=2, max_col=width, values_only=True)
    return data_rows(lines, columns[:width], limits=limits)


def bounded_header(header: Sequence[Any] | None, limits: Limits) -> Sequence[Any]:
    """The header cells, refused when a cell past `limits.max_columns` is filled."""
    cells = header or ()
    if any(not is_blank(cell) for cell in cells[limits.max_columns :]):
        raise ImportFileError(
            f"Baris judul (baris 1) berisi terlalu banyak kolom; batasnya {limits.max_columns} "
            "kolom. Hapus kolom yang tidak dipakai, lalu unggah kembali."
        )
    return cells[: limits.max_columns]


def data_rows(
    lines: Iterator[Sequence[Any]], columns: Sequence[str | None], *, limits: Limits
) -> list[Row]:
    """The rows below the header as (row number, {column: value}): blank rows skipped, refused
    past `limits` (rows, ceiling, data after a long blank run). CSV readers share it."""
    rows: list[Row] = []
    blank_run = 0
    for number, values in enumerate(lines, start=2):
        read = number - 1
        cells = {
            name: value for name, value in zip(columns, values, strict=False) if name is not None
        }
        blank = all(is_blank(value) for value in cells.values())
        if blank_run >= limits.max_blank_run:
            # Past the end of the data: look on (up to the ceiling) only to refuse a later part.
            if read > limits.ceiling:
                break
            if not blank:
                raise ImportFileError(
                    f"Baris {number} berisi data setelah {limits.max_blank_run} baris kosong atau "
                    "lebih. Hapus baris kosong di antara data, lalu unggah kembali."
                )
            continue
        if read > limits.ceiling:
            raise ImportFileError(
                f"Berkas berisi lebih dari {thousands(limits.ceiling)} baris di bawah baris judul "
                "(termasuk baris kosong). Hapus baris kosong di antara data atau bagi menjadi "
                "beberapa berkas."
            )
        if blank:
            blank_run += 1
            continue
        blank_run = 0
        if len(rows) == limits.max_rows:
            raise ImportFileError(
                f"Berkas berisi lebih dari {thousands(limits.max_rows)} baris data; bagi menjadi "
                "beberapa berkas."
            )
        rows.append((number, cells))
    if not rows:
        raise ImportFileError("Berkas tidak berisi baris data di bawah baris judul.")
    return rows


def match_header(header: Sequence[Any] | None, *, expected: Sequence[str]) -> list[str | None]:
    """Each header cell's column name (trimmed, case-folded), None for a blank cell.

    Raises ImportFileError naming every missing, unknown and doubled column (at most
    `MAX_LISTED` of each, shortened).
    """
    names = [column_name(cell) for cell in header or ()]
    counts = Counter(name for name in names if name is not None)
    missing = [name for name in expected if name not in counts]
    unknown = [name for name in counts if name not in expected]
    doubled = sorted(name for name, count in counts.items() if count > 1)
    if missing or unknown or doubled:
        problems = []
        if missing:
            problems.append(f"kolom yang tidak ada: {', '.join(missing)}")
        if unknown:
            problems.append(f"kolom yang tidak dikenal: {name_list(unknown)}")
        if doubled:
            problems.append(f"kolom ganda: {name_list(doubled)}")
        raise ImportFileError(
            "Baris judul (baris 1) tidak sesuai templat: "
            + "; ".join(problems)
            + f". Kolom yang benar: {', '.join(expected)}. Unduh templat dan salin data ke dalamnya."
        )
    return names


def column_name(cell: Any) -> str | None:
    """A header cell as a column name (trimmed, case-folded); None for a blank cell."""
    return None if is_blank(cell) else str(cell).strip().casefold()
