"""Import of formasi from an Excel workbook (.xlsx) into one period, all rows or none.

The house pattern of simerit/employees/importing/, on simerit/core/spreadsheets/: the first
sheet starts with one header row holding exactly the column names in `COLUMNS` (any order,
case-insensitive); every following non-empty row is one formasi. The whole file is checked first;
any problem means nothing is written and the caller gets every problem as (row, column, reason).
A clean file is written in one transaction through `services.formasi.create_formasi_batch`, one
audit row per formasi.

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

from dataclasses import dataclass

from django.db.models import Q

from simerit.accounts.models import User
from simerit.core.roles import Role
from simerit.core.spreadsheets import reading, template
from simerit.core.spreadsheets.cells import cell_text
from simerit.core.spreadsheets.reading import ImportFileError, Limits
from simerit.core.spreadsheets.rows import ImportResult, Row, RowError, RowReader
from simerit.core.spreadsheets.template import Column, ReferenceSheet, unit_sheets
from simerit.core.spreadsheets.text import thousands
from simerit.organization import selectors as org_selectors
from simerit.organization.models import EducationLevel, Golongan, Position, WorkUnit
from simerit.organization.permissions import opd_scope
from simerit.recruitment.models import DocumentKind, Formasi, SelectionPeriod, Track
from simerit.recruitment.services import formasi as services
from simerit.recruitment.services.formasi import DocumentInput, EducationInput, FormasiInput

MAX_FILE_BYTES = 5 * 1024 * 1024
# Each row is one audited service call (about 10 queries); 1,000 rows stay well inside one request.
MAX_ROWS = 1000
SHEET_TITLE = "Formasi"

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
        reader = _RowReader(cells, columns=HEADERS)
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


def limits() -> Limits:
    """The limits as this module sets them at the time of the call."""
    return Limits(max_rows=MAX_ROWS, max_file_bytes=MAX_FILE_BYTES)


def read_rows(content: bytes) -> list[Row]:
    """The data rows as (row number, {column: cell value}); empty rows are skipped."""
    return reading.read_rows(content, headers=HEADERS, limits=limits())


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
    def load(cls, rows: list[Row], *, period: SelectionPeriod, user: User) -> "_Lookup":
        scope: WorkUnit | None = None
        if not user.has_role(Role.ADMIN_BKPSDM):
            scope = opd_scope(user) if user.has_role(Role.ADMIN_OPD) else None
            if scope is None:
                raise ImportFileError("Akun Anda tidak berwenang mengimpor formasi.")
        if period.status == SelectionPeriod.Status.FINISHED:
            raise ImportFileError("Periode seleksi sudah selesai; formasi tidak dapat ditambah.")
        codes = {cell_text(cells.get("kode_unit")) for _, cells in rows}
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


class _RowReader(RowReader):
    """Turns one row's cells into a FormasiInput, collecting each cell's problem."""

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
            min_gpa=self.decimal("ipk_min", places=2, what="angka IPK", example="3,00"),
            extra_requirements=self.text("persyaratan_tambahan"),
            education=self.education(lookup),
            documents=self.documents(lookup),
        )

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
    limit = limits()
    units = org_selectors.manageable_units(user).order_by("path")
    positions = Position.objects.filter(Q(work_unit__isnull=True) | Q(work_unit__in=units))
    return template.template_workbook(
        title=SHEET_TITLE,
        columns=COLUMNS,
        text_columns=HEADERS,
        note=(
            "Bila satu baris saja bermasalah, tidak ada formasi yang disimpan; perbaiki baris yang "
            "dilaporkan lalu unggah ulang. Formasi hasil impor berstatus draf. Maksimal "
            f"{thousands(limit.max_rows)} baris dan {limit.max_megabytes} MB."
        ),
        references=[
            *unit_sheets(
                units=[(u.code, u.name) for u in units],
                positions=[
                    (p.name, p.work_unit.code if p.work_unit else "")
                    for p in positions.select_related("work_unit").order_by("name", "pk")
                ],
            ),
            ReferenceSheet(
                "Jenjang",
                ("kode jenjang", "nama"),
                [(level.code, level.name) for level in EducationLevel.objects.order_by("rank")],
            ),
            ReferenceSheet(
                "Dokumen",
                ("kode dokumen", "nama, format dan ukuran bawaan"),
                [
                    (
                        kind.code,
                        f"{kind.name} ({', '.join(f.upper() for f in kind.default_formats)}, "
                        f"paling besar {kind.default_max_kb} KB)",
                    )
                    for kind in DocumentKind.objects.order_by("code")
                ],
            ),
            ReferenceSheet(
                "Jenis Formasi", ("kode", "nama"), [(v, str(lbl)) for v, lbl in Track.choices]
            ),
            ReferenceSheet(
                "Golongan",
                ("golongan", "pangkat"),
                [(g.code, g.pangkat) for g in Golongan.objects.order_by("rank")],
            ),
        ],
    )
