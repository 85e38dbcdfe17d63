"""Import of formasi from an Excel workbook (.xlsx) into one period, all rows or none.

The house pattern of simerit/employees/importing.py: the first sheet starts with one header row
holding exactly the column names in `COLUMNS` (any order, case-insensitive); every following
non-empty row is one formasi. The whole file is checked first; any problem means nothing is
written and the caller gets every problem as (row, column, reason). A clean file is written in one
transaction through `services.formasi.create_formasi_batch`, one audit row per formasi.

Decisions:
- `jabatan` names an existing Position (case-insensitive): first among the positions of the row's
  unit, then of each unit above it (nearest first), then among the general positions. Positions
  are never created by an import.
- `pendidikan` is "S1: Keperawatan, Ilmu Keperawatan; D3" (levels separated by ";", majors after
  ":" separated by ","; no majors: any major of that level).
- `dokumen_wajib` and `dokumen_opsional` are document codes separated by ","; each takes the
  national default formats and size of its kind (editable afterwards while the formasi is a draft).
- Imported formasi are drafts; publishing stays a separate, deliberate step.
"""

import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import openpyxl
from django.db.models import Q
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from simerit.accounts.models import User
from simerit.core.exceptions import DomainError
from simerit.core.roles import Role
from simerit.organization import selectors as org_selectors
from simerit.organization.models import EducationLevel, Golongan, Position, WorkUnit
from simerit.organization.permissions import opd_scope
from simerit.recruitment.models import DocumentKind, Formasi, SelectionPeriod, Track
from simerit.recruitment.services import formasi as services
from simerit.recruitment.services.formasi import DocumentInput, EducationInput, FormasiInput

MAX_FILE_BYTES = 5 * 1024 * 1024
# Each row is one audited service call (about 10 queries); 1,000 rows stay well inside one request.
MAX_ROWS = 1000
# Rows read below the header, blank ones included, before the file is refused: MAX_ROWS plus this.
ROW_READ_MARGIN = 1000
# Blank rows in a row after which the data is taken to have ended.
MAX_BLANK_RUN = 50
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX_MAGIC = b"PK\x03\x04"  # an .xlsx file is a zip archive
XLS_MAGIC = b"\xd0\xcf\x11\xe0"  # Excel 97-2003 (OLE compound file)
SHEET_TITLE = "Formasi"
DATE_FORMATS = ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d")


@dataclass(frozen=True)
class Column:
    name: str
    field: str  # the FormasiInput field whose service errors land in this column
    required: bool
    description: str
    example: str


COLUMNS: tuple[Column, ...] = (
    Column("kode", "code", True, "Kode formasi, unik dalam periode.", "DINKES-PRW-01"),
    Column(
        "jabatan",
        "position",
        True,
        "Nama jabatan yang sudah terdaftar (lihat lembar Jabatan).",
        "Perawat Ahli Pertama",
    ),
    Column("kode_unit", "work_unit", True, "Kode unit penempatan (lembar Kode Unit).", "DINKES"),
    Column("kuota", "quota", True, "Jumlah kebutuhan, paling sedikit 1.", "3"),
    Column(
        "jenis_formasi",
        "track",
        False,
        "Kode jenis formasi (lembar Jenis Formasi); kosong: umum.",
        "umum",
    ),
    Column(
        "golongan", "entry_golongan", False, "Golongan awal, mis. III/a; kosong untuk PPPK.", ""
    ),
    Column("usia_min", "min_age", False, "Usia minimal; kosong: bawaan periode.", "18"),
    Column("usia_maks", "max_age", False, "Usia maksimal; kosong: bawaan periode.", "35"),
    Column(
        "tanggal_acuan_usia",
        "age_reference_date",
        False,
        "Tanggal Excel atau DD-MM-YYYY; kosong: tanggal acuan periode.",
        "01-08-2026",
    ),
    Column("ipk_min", "min_gpa", False, "IPK minimal, mis. 3,00; kosong: tanpa syarat IPK.", ""),
    Column(
        "pendidikan",
        "education",
        True,
        "Jenjang dan program studi: 'S1: Keperawatan, Ilmu Keperawatan; D3'. Tanpa program "
        "studi: semua program studi jenjang itu (lembar Jenjang).",
        "S1: Keperawatan; D3: Keperawatan",
    ),
    Column(
        "dokumen_wajib",
        "documents",
        True,
        "Kode dokumen wajib dipisah koma (lembar Dokumen).",
        "pas_foto, ktp, ijazah, transkrip, str",
    ),
    Column("dokumen_opsional", "", False, "Kode dokumen tidak wajib dipisah koma.", "pendukung"),
    Column(
        "persyaratan_tambahan",
        "extra_requirements",
        False,
        "Persyaratan lain dalam bahasa yang mudah dipahami.",
        "Memiliki STR yang masih berlaku.",
    ),
)
HEADERS = tuple(column.name for column in COLUMNS)
COLUMN_FOR_FIELD = {column.field: column.name for column in COLUMNS if column.field}


class ImportFileError(DomainError):
    """The file as a whole cannot be imported (not an .xlsx, wrong columns, too many rows)."""


@dataclass(frozen=True)
class RowError:
    row: int  # the spreadsheet's row number: the header is row 1
    column: str
    message: str


@dataclass(frozen=True)
class ImportResult:
    created: int
    errors: list[RowError]


def megabytes(size: int) -> str:
    """1572864 → "1,5", with the Indonesian decimal comma."""
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


def thousands(number: int) -> str:
    """2000 → "2.000", the Indonesian way."""
    return f"{number:,}".replace(",", ".")


def import_formasi(content: bytes, *, period: SelectionPeriod, user: User) -> ImportResult:
    """Check the whole file; write every row, as draft formasi of `period`, only if none has a problem.

    Raises ImportFileError when the file itself is unusable or the account may not import.
    """
    rows = read_rows(content)
    lookup = _Lookup.load(rows, period=period, user=user)
    items: list[FormasiInput] = []
    errors: list[RowError] = []
    first_row_of_code: dict[str, int] = {}
    for number, cells in rows:
        reader = _RowReader(cells)
        data = reader.to_input(lookup)
        reader.check_code(data.code, lookup=lookup, earlier=first_row_of_code)
        first_row_of_code.setdefault(data.code.strip().upper(), number)
        for name, messages in services.validate_formasi_input(data, period=period).items():
            column = COLUMN_FOR_FIELD.get(name, name)
            if column not in reader.failed:  # that cell's own problem is already reported
                for message in messages:
                    reader.error(column, message)
        errors.extend(reader.errors_at(number))
        items.append(data)
    if errors:
        return ImportResult(created=0, errors=errors)
    created = services.create_formasi_batch(period=period, items=items, actor=user)
    return ImportResult(created=len(created), errors=[])


def read_rows(content: bytes) -> list[tuple[int, dict[str, Any]]]:
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


def _rows_of(sheet: Any) -> list[tuple[int, dict[str, Any]]]:
    header = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), None)
    columns = _check_header(header)
    # Only the columns up to the last named one are read: a stray cell far to the right would
    # otherwise widen every row to it.
    width = max(index for index, name in enumerate(columns) if name is not None) + 1
    lines = sheet.iter_rows(min_row=2, max_col=width, values_only=True)
    return _data_rows(lines, columns[:width])


def _data_rows(
    lines: Iterator[tuple[Any, ...]], columns: list[str | None]
) -> list[tuple[int, dict[str, Any]]]:
    """The non-blank rows; the data ends after MAX_BLANK_RUN blank rows (a workbook can claim a
    million rows for one formatted cell at the bottom), and data after such a gap is refused."""
    ceiling = MAX_ROWS + ROW_READ_MARGIN
    rows: list[tuple[int, dict[str, Any]]] = []
    blank_run = 0
    for number, values in enumerate(lines, start=2):
        read = number - 1
        cells = {
            name: value for name, value in zip(columns, values, strict=False) if name is not None
        }
        blank = all(_blank(value) for value in cells.values())
        if blank_run >= MAX_BLANK_RUN:
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
    names = [str(cell).strip().casefold() if not _blank(cell) else None for cell in (header or ())]
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


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _level_key(code: str) -> str:
    """Make "S-1", "s1" and "S1" the same level."""
    return code.replace("-", "").replace(" ", "").casefold()


@dataclass
class _Lookup:
    """Everything the rows refer to, read in a handful of queries."""

    scope: WorkUnit | None  # None: every unit
    units: dict[str, WorkUnit]
    positions: dict[tuple[int | None, str], list[Position]]
    golongan: dict[str, Golongan]
    levels: dict[str, EducationLevel]
    kinds: dict[str, DocumentKind]
    tracks: dict[str, str]
    taken_codes: set[str]

    @classmethod
    def load(
        cls, rows: list[tuple[int, dict[str, Any]]], *, period: SelectionPeriod, user: User
    ) -> "_Lookup":
        scope: WorkUnit | None = None
        if not user.has_role(Role.ADMIN_BKPSDM):
            scope = opd_scope(user) if user.has_role(Role.ADMIN_OPD) else None
            if scope is None:
                raise ImportFileError("Akun Anda tidak berwenang mengimpor formasi.")
        if period.status == SelectionPeriod.Status.FINISHED:
            raise ImportFileError("Periode seleksi sudah selesai; formasi tidak dapat ditambah.")
        codes = {_text(cells.get("kode_unit")) for _, cells in rows}
        units = {
            unit.code.casefold(): unit
            for unit in WorkUnit.objects.filter(code__in=codes | {code.upper() for code in codes})
        }
        around = {pk for unit in units.values() for pk in services.unit_path_ids(unit)}
        positions: dict[tuple[int | None, str], list[Position]] = {}
        for position in Position.objects.filter(
            Q(work_unit__isnull=True) | Q(work_unit__in=around)
        ).order_by("pk"):
            key = (position.work_unit_id, position.name.strip().casefold())
            positions.setdefault(key, []).append(position)
        tracks = {value: value for value in Track.values}
        tracks.update({str(label).casefold(): value for value, label in Track.choices})
        return cls(
            scope=scope,
            units=units,
            positions=positions,
            golongan={g.code.casefold(): g for g in Golongan.objects.all()},
            levels={_level_key(level.code): level for level in EducationLevel.objects.all()},
            kinds={kind.code: kind for kind in DocumentKind.objects.all()},
            tracks=tracks,
            taken_codes={
                code.upper()
                for code in Formasi.objects.filter(period=period).values_list("code", flat=True)
            },
        )


class _RowReader:
    """Turns one row's cells into a FormasiInput, collecting each cell's problem."""

    def __init__(self, cells: dict[str, Any]) -> None:
        self.cells = cells
        self.messages: dict[str, list[str]] = {}
        self.failed: set[str] = set()

    def error(self, column: str, message: str) -> None:
        self.messages.setdefault(column, []).append(message)
        self.failed.add(column)

    def errors_at(self, number: int) -> list[RowError]:
        order = {name: index for index, name in enumerate(HEADERS)}
        return [
            RowError(row=number, column=column, message=message)
            for column in sorted(self.messages, key=lambda name: order.get(name, len(order)))
            for message in self.messages[column]
        ]

    def text(self, column: str) -> str:
        return _text(self.cells.get(column))

    def to_input(self, lookup: _Lookup) -> FormasiInput:
        """The row as service input, with stand-ins where a cell failed (their errors are kept)."""
        unit = self.unit(lookup)
        code = self.text("kode")
        if not code:
            self.error("kode", "Kode formasi wajib diisi.")
        quota = self.integer("kuota", required=True)
        return FormasiInput(
            code=code,
            position=self.position(lookup, unit) or Position(),
            work_unit=unit or WorkUnit(name="", is_active=True),
            quota=1 if quota is None else quota,
            track=self.track(lookup),
            entry_golongan=self.golongan(lookup),
            min_age=self.integer("usia_min"),
            max_age=self.integer("usia_maks"),
            age_reference_date=self.date("tanggal_acuan_usia"),
            min_gpa=self.gpa(),
            extra_requirements=self.text("persyaratan_tambahan"),
            education=self.education(lookup),
            documents=self.documents(lookup),
        )

    def integer(self, column: str, *, required: bool = False) -> int | None:
        value = self.cells.get(column)
        if _blank(value):
            if required:
                self.error(column, "Wajib diisi.")
            return None
        if isinstance(value, bool):
            self.error(column, "Isi dengan bilangan bulat.")
            return None
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        text = _text(value)
        if text.isdigit():
            return int(text)
        self.error(column, f"'{text}' bukan bilangan bulat.")
        return None

    def date(self, column: str) -> dt.date | None:
        value = self.cells.get(column)
        if _blank(value):
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
        self.error(column, f"'{_text(value)}' bukan tanggal; isi sebagai tanggal atau DD-MM-YYYY.")
        return None

    def gpa(self) -> Decimal | None:
        value = self.cells.get("ipk_min")
        if _blank(value):
            return None
        text = str(value) if isinstance(value, int | float) else _text(value).replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = Decimal("NaN")
        if isinstance(value, bool) or not number.is_finite():
            self.error("ipk_min", f"'{_text(value)}' bukan angka IPK; contoh: 3,00.")
            return None
        return number.quantize(Decimal("0.01"))

    def unit(self, lookup: _Lookup) -> WorkUnit | None:
        code = self.text("kode_unit")
        unit = lookup.units.get(code.casefold())
        if not code:
            self.error("kode_unit", "Kode unit wajib diisi.")
        elif unit is None:
            self.error("kode_unit", f"Kode unit '{code}' tidak dikenal.")
        elif lookup.scope is not None and not unit.is_within(lookup.scope):
            self.error(
                "kode_unit",
                f"Unit '{unit.name}' berada di luar cakupan Anda ({lookup.scope.name}).",
            )
            return None
        return unit

    def position(self, lookup: _Lookup, unit: WorkUnit | None) -> Position | None:
        name = self.text("jabatan")
        key = name.casefold()
        if not name:
            self.error("jabatan", "Jabatan wajib diisi.")
            return None
        if unit is None:
            self.failed.add("jabatan")  # cannot be matched without a unit; the unit is reported
            return None
        # The row's unit first, then each unit above it (nearest first), then general positions.
        owners: list[int | None] = [*reversed(services.unit_path_ids(unit)), None]
        found = next(
            (
                lookup.positions[(owner, key)]
                for owner in owners
                if (owner, key) in lookup.positions
            ),
            [],
        )
        if not found:
            self.error(
                "jabatan",
                f"Jabatan '{name}' tidak terdaftar di unit {unit.name}, unit di atasnya, maupun "
                "sebagai jabatan umum.",
            )
            return None
        if len(found) > 1:
            self.error(
                "jabatan",
                f"Ada {len(found)} jabatan bernama '{name}'; hubungi admin BKPSDM untuk merapikannya.",
            )
            return None
        return found[0]

    def track(self, lookup: _Lookup) -> str:
        text = self.text("jenis_formasi")
        if not text:
            return Track.UMUM
        track = lookup.tracks.get(text.casefold())
        if track is None:
            self.error(
                "jenis_formasi",
                f"Jenis formasi '{text}' tidak dikenal; pilih: {', '.join(Track.values)}.",
            )
            return Track.UMUM
        return track

    def golongan(self, lookup: _Lookup) -> Golongan | None:
        code = self.text("golongan")
        if not code:
            return None
        golongan = lookup.golongan.get(code.casefold())
        if golongan is None:
            self.error("golongan", f"Golongan '{code}' tidak dikenal; contoh: III/a.")
        return golongan

    def education(self, lookup: _Lookup) -> list[EducationInput]:
        text = self.text("pendidikan")
        rules: list[EducationInput] = []
        for part in text.replace("\n", ";").split(";"):
            if not part.strip():
                continue
            code, _, majors = part.partition(":")
            level = lookup.levels.get(_level_key(code))
            if level is None:
                self.error(
                    "pendidikan",
                    f"Jenjang '{code.strip()}' tidak dikenal; gunakan kode seperti SMA, D3, S1.",
                )
                continue
            names = tuple(major.strip() for major in majors.split(",") if major.strip())
            rules.append(EducationInput(level=level, majors=names))
        return rules

    def documents(self, lookup: _Lookup) -> list[DocumentInput]:
        documents: list[DocumentInput] = []
        for column, required in (("dokumen_wajib", True), ("dokumen_opsional", False)):
            for code in self.text(column).replace(";", ",").split(","):
                code = code.strip().casefold()
                if not code:
                    continue
                kind = lookup.kinds.get(code)
                if kind is None:
                    self.error(column, f"Kode dokumen '{code}' tidak dikenal.")
                    continue
                documents.append(DocumentInput(kind=kind, is_required=required))
        return documents

    def check_code(self, code: str, *, lookup: _Lookup, earlier: dict[str, int]) -> None:
        key = code.strip().upper()
        if not key or "kode" in self.failed:
            return
        if key in earlier:
            self.error("kode", f"Kode {key} sama dengan kode di baris {earlier[key]}.")
        elif key in lookup.taken_codes:
            self.error("kode", f"Kode {key} sudah dipakai di periode ini.")


def template_workbook(*, user: User) -> bytes:
    """The import template: the header row, instructions and the codes the account may use."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    sheet.append(list(HEADERS))
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.cell(row=1, column=index).font = Font(bold=True)
        sheet.column_dimensions[letter].width = max(len(column.name), len(column.example)) + 4
        sheet.column_dimensions[letter].number_format = "@"
    sheet.freeze_panes = "A2"

    guide = workbook.create_sheet("Petunjuk")
    guide.append(["Kolom", "Wajib", "Keterangan", "Contoh"])
    for column in COLUMNS:
        guide.append(
            [column.name, "ya" if column.required else "tidak", column.description, column.example]
        )
    guide.append([])
    guide.append(
        [
            "Catatan",
            "",
            "Bila satu baris saja bermasalah, tidak ada formasi yang disimpan; perbaiki baris yang "
            "dilaporkan lalu unggah ulang. Formasi hasil impor berstatus draf. Maksimal "
            f"{thousands(MAX_ROWS)} baris dan {MAX_FILE_BYTES // 1024 // 1024} MB.",
        ]
    )
    units = org_selectors.manageable_units(user).order_by("path")
    _reference_sheet(
        workbook, "Kode Unit", ["kode_unit", "nama unit"], [(u.code, u.name) for u in units]
    )
    positions = Position.objects.filter(Q(work_unit__isnull=True) | Q(work_unit__in=units))
    _reference_sheet(
        workbook,
        "Jabatan",
        ["jabatan", "kode_unit (kosong: jabatan umum)"],
        [
            (p.name, p.work_unit.code if p.work_unit else "")
            for p in positions.select_related("work_unit").order_by("name", "pk")
        ],
    )
    _reference_sheet(
        workbook,
        "Jenjang",
        ["kode jenjang", "nama"],
        [(level.code, level.name) for level in EducationLevel.objects.order_by("rank")],
    )
    _reference_sheet(
        workbook,
        "Dokumen",
        ["kode dokumen", "nama, format dan ukuran bawaan"],
        [
            (
                kind.code,
                f"{kind.name} ({', '.join(f.upper() for f in kind.default_formats)}, "
                f"paling besar {kind.default_max_kb} KB)",
            )
            for kind in DocumentKind.objects.order_by("code")
        ],
    )
    _reference_sheet(
        workbook, "Jenis Formasi", ["kode", "nama"], [(v, str(lbl)) for v, lbl in Track.choices]
    )
    _reference_sheet(
        workbook,
        "Golongan",
        ["golongan", "pangkat"],
        [(g.code, g.pangkat) for g in Golongan.objects.order_by("rank")],
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _reference_sheet(
    workbook: Any, title: str, header: list[str], rows: list[tuple[str, str]]
) -> None:
    sheet = workbook.create_sheet(title)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 60
