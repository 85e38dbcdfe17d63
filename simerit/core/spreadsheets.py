"""Excel (.xlsx) workbooks in and out: what every import and export has in common.

Imports: the first sheet starts with one header row naming exactly the caller's columns (any
order, case-insensitive); every following non-blank row is one record. Reading is bounded by the
caller's `Limits`: the archive is checked before openpyxl inflates anything (`check_archive`), the
header row is read up to `max_columns`, the rows up to the ceiling. Cells are parsed with
Indonesian messages that quote at most `MAX_QUOTED` characters of what was typed, and each problem
is kept as a `RowError` (row, column, reason) for the row report. A caller may match the header
itself (`match`: extra columns ignored) and read CSV rows under the same limits (`data_rows`).

Exports and templates: text cells that never become formulas, bold header rows, and the template
workbook with its instructions sheet.

This module knows no app: callers pass their columns, limits and texts.
"""

import datetime as dt
import io
import zipfile
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import PurePath
from typing import Any

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from simerit.core.exceptions import DomainError

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX_MAGIC = b"PK\x03\x04"  # an .xlsx file is a zip archive
XLS_MAGIC = b"\xd0\xcf\x11\xe0"  # Excel 97-2003 (OLE compound file)
DATE_FORMATS = ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d")
# A text starting with one of these is run as a formula by Excel or LibreOffice.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
TEXT_FORMAT = "@"  # Excel's "Text" number format
UNREADABLE = "Berkas tidak dapat dibaca sebagai lembar kerja Excel .xlsx (rusak atau format lain)."
# What a message quotes of a typed value, and how many names a list of columns shows.
MAX_QUOTED = 60
MAX_QUOTED_NAME = 40
MAX_LISTED = 10
MAX_FILE_NAME = 200

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

Row = tuple[int, dict[str, Any]]  # (the spreadsheet's row number, {column: cell value})


class ImportFileError(DomainError):
    """The file as a whole cannot be imported (not an .xlsx, wrong columns, too many rows)."""


class CellError(ValueError):
    """One cell's value cannot be used; the message is Indonesian and says what to type instead."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


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


@dataclass(frozen=True)
class Column:
    """One column of an import template."""

    name: str
    field: str  # the service input field whose errors land in this column; "" for none
    required: bool
    description: str
    example: str


@dataclass(frozen=True)
class RowError:
    row: int  # the spreadsheet's row number: the header is row 1
    column: str
    message: str


@dataclass(frozen=True)
class ImportResult:
    created: int
    errors: list[RowError]


@dataclass(frozen=True)
class ReferenceSheet:
    """A sheet of a template listing the codes its user may type, e.g. the units they manage."""

    title: str
    header: tuple[str, str]
    rows: Sequence[tuple[str, str]]


# --- numbers in Indonesian


def megabytes(size: int) -> str:
    """1572864 → "1,5", with the Indonesian decimal comma."""
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


def thousands(number: int) -> str:
    """2000 → "2.000", the Indonesian way."""
    return f"{number:,}".replace(",", ".")


# --- quoting what was typed


def excerpt(text: str, *, limit: int = MAX_QUOTED) -> str:
    """`text` on one line, cut to `limit` characters ("…" marks the cut): a message or a log
    line never echoes an unbounded upload."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def upload_name(name: str) -> str:
    """An uploaded file's own name for a record: no folder (a browser may send "C:\\..."), one
    line, at most `MAX_FILE_NAME` characters."""
    return excerpt(PurePath(name.replace("\\", "/")).name, limit=MAX_FILE_NAME)


def name_list(names: Sequence[str], *, limit: int = MAX_LISTED) -> str:
    """ "a, b, c" of at most `limit` names, each shortened, then "dan N lainnya"."""
    shown = ", ".join(excerpt(name, limit=MAX_QUOTED_NAME) for name in names[:limit])
    rest = len(names) - limit
    return f"{shown} dan {thousands(rest)} lainnya" if rest > 0 else shown


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


# --- cells


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value: Any) -> str:
    """The cell as trimmed text; a whole number that Excel stored as 3.0 reads "3"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def identifier_text(value: Any) -> str:
    """An identifier cell (NIP, NIK, a code of digits) as text without spaces, unchecked."""
    return cell_text(value).replace(" ", "")


def parse_identifier(value: Any) -> str:
    """An identifier cell as text; refused when Excel stored it as a number or a truth value.

    Excel keeps only 15 significant digits of a number, so an 18-digit NIP typed as a number has
    already lost its last digits.
    """
    if isinstance(value, bool):
        raise CellError("Isi dengan angka sebagai teks, bukan nilai benar/salah.")
    if isinstance(value, float):
        raise CellError(
            "Tersimpan sebagai angka sehingga digit terakhir bisa hilang; ubah format sel "
            "menjadi Teks lalu ketik ulang."
        )
    return identifier_text(value)


def parse_date(value: Any) -> dt.date | None:
    """An Excel date, or text as DD-MM-YYYY, DD/MM/YYYY or YYYY-MM-DD; None when blank."""
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        for pattern in DATE_FORMATS:
            try:
                return dt.datetime.strptime(value.strip(), pattern).date()  # noqa: DTZ007
            except ValueError:
                continue
    raise CellError(
        f"'{excerpt(cell_text(value))}' bukan tanggal; isi sebagai tanggal atau DD-MM-YYYY."
    )


def parse_integer(value: Any) -> int | None:
    """A whole number, as a number cell or as digits text; None when blank."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError("Isi dengan bilangan bulat.")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = cell_text(value)
    if text.isascii() and text.isdigit():  # not "²", which isdigit() accepts and int() refuses
        return int(text)
    raise CellError(f"'{excerpt(text)}' bukan bilangan bulat.")


def parse_decimal(
    value: Any, *, places: int | None = None, what: str = "angka", example: str = ""
) -> Decimal | None:
    """A number cell, or text with a decimal comma or point; None when blank.

    `places` rounds to that many decimals; `what` and `example` word the message of a refusal.
    """
    if is_blank(value):
        return None
    refusal = CellError(
        f"'{excerpt(cell_text(value))}' bukan {what}"
        + (f"; contoh: {example}." if example else ".")
    )
    if isinstance(value, bool):
        raise refusal
    text = str(value) if isinstance(value, int | float) else cell_text(value).replace(",", ".")
    try:
        number = Decimal(text)
        if not number.is_finite():
            raise refusal
        return number if places is None else number.quantize(Decimal(1).scaleb(-places))
    except InvalidOperation:  # not a number, or too many digits to round to `places`
        raise refusal from None


class RowReader:
    """One row's cells read column by column, keeping every cell's problem for the row report.

    Subclasses add the readers of their own columns. A column in `failed` already has its own
    problem reported, so later checks that build on it stay silent.
    """

    def __init__(self, cells: dict[str, Any], *, columns: Sequence[str]) -> None:
        self.cells = cells
        self.columns = columns  # the report's column order
        self.messages: dict[str, list[str]] = {}
        self.failed: set[str] = set()

    def error(self, column: str, message: str, *, keep_failed: bool = True) -> None:
        self.messages.setdefault(column, []).append(message)
        if keep_failed:
            self.failed.add(column)

    def errors_at(self, number: int) -> list[RowError]:
        """The row's problems in the template's column order, each column's in the order found."""
        order = {name: index for index, name in enumerate(self.columns)}
        return [
            RowError(row=number, column=column, message=message)
            for column in sorted(self.messages, key=lambda name: order.get(name, len(order)))
            for message in self.messages[column]
        ]

    def text(self, column: str) -> str:
        return cell_text(self.cells.get(column))

    def identifier(self, column: str) -> str:
        """Identifier text; empty when the cell is unusable, so no cross-check builds on it."""
        try:
            return parse_identifier(self.cells.get(column))
        except CellError as refusal:
            self.error(column, refusal.message)
            return ""

    def date(self, column: str) -> dt.date | None:
        try:
            return parse_date(self.cells.get(column))
        except CellError as refusal:
            self.error(column, refusal.message)
            return None

    def integer(self, column: str, *, required: bool = False) -> int | None:
        try:
            number = parse_integer(self.cells.get(column))
        except CellError as refusal:
            self.error(column, refusal.message)
            return None
        if number is None and required:
            self.error(column, "Wajib diisi.")
        return number

    def decimal(
        self, column: str, *, places: int | None = None, what: str = "angka", example: str = ""
    ) -> Decimal | None:
        try:
            return parse_decimal(self.cells.get(column), places=places, what=what, example=example)
        except CellError as refusal:
            self.error(column, refusal.message)
            return None


# --- writing


def safe_value(sheet: Any, value: Any) -> Any:
    """`value` as it is, unless it is text that a spreadsheet would run: then a text cell."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return text_cell(sheet, value)
    return value


def safe_row(sheet: Any, values: Iterable[Any]) -> list[Any]:
    """A row for `sheet.append` in which no user-typed text becomes a formula."""
    return [safe_value(sheet, value) for value in values]


def text_cell(sheet: Any, value: str, *, number_format: str | None = None) -> Any:
    """A cell for `sheet.append` (write-only or not) that holds `value` as text, never a formula.

    Names and places are typed by users: "=HYPERLINK(...)" must not become a live link in whoever
    opens the file (CSV/formula injection, OWASP). Pass number_format=TEXT_FORMAT for identifiers,
    which Excel would otherwise round to 15 significant digits once the cell is edited.
    """
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # written as a string, never as <f>
    if value.startswith(FORMULA_TRIGGERS):
        cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
    if number_format is not None:
        cell.number_format = number_format
    return cell


def header_cells(sheet: Any, titles: Iterable[str]) -> list[Any]:
    """A bold header row for `sheet.append`."""
    cells = []
    for title in titles:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def workbook_bytes(workbook: Any) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def unit_sheets(
    *, units: Iterable[tuple[str, str]], positions: Iterable[tuple[str, str]]
) -> list[ReferenceSheet]:
    """The "Kode Unit" and "Jabatan" sheets of a template whose rows name a unit and a position.

    `units` are (code, name); `positions` are (name, code of its unit or "" for a general one).
    """
    return [
        ReferenceSheet("Kode Unit", ("kode_unit", "nama unit"), list(units)),
        ReferenceSheet("Jabatan", ("jabatan", "kode_unit (kosong: jabatan umum)"), list(positions)),
    ]


def template_workbook(
    *,
    title: str,
    columns: Sequence[Column],
    text_columns: Collection[str],
    note: str,
    references: Sequence[ReferenceSheet],
) -> bytes:
    """An import template: the header row to fill in, a "Petunjuk" sheet, then the references.

    The columns in `text_columns` are formatted as text, so that Excel keeps a typed NIP whole.
    """
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(header_cells(sheet, (column.name for column in columns)))
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(len(column.name), len(column.example)) + 4
        if column.name in text_columns:
            sheet.column_dimensions[letter].number_format = TEXT_FORMAT
    sheet.freeze_panes = "A2"

    guide = workbook.create_sheet("Petunjuk")
    guide.append(["Kolom", "Wajib", "Keterangan", "Contoh"])
    for column in columns:
        guide.append(
            [column.name, "ya" if column.required else "tidak", column.description, column.example]
        )
    guide.append([])
    guide.append(["Catatan", "", note])

    for reference in references:
        sheet = workbook.create_sheet(reference.title)
        sheet.append(header_cells(sheet, reference.header))
        for row in reference.rows:
            sheet.append(list(row))
        sheet.column_dimensions["A"].width = 30
        sheet.column_dimensions["B"].width = 60
    return workbook_bytes(workbook)
