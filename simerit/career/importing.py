"""Import of potential scores (hasil asesmen potensial) from an Excel workbook (.xlsx), all rows or
none.

The first sheet starts with one header row holding exactly the columns of `COLUMNS` (any order,
case-insensitive); every following non-blank row is one assessment. The file is checked as a
whole first (its content, not its name: a zip archive that openpyxl reads, bounded by `limits`);
any problem, in the file or in one row, means nothing is written and the caller gets every
problem as (row, column, reason). A clean file is written in one transaction through
`services.talent.record_imported`, each assessment with its own audit row.

Decisions:
- Admin BKPSDM only (the only writer of career data), never a row of their own record.
- `nip` must name an active employee; NIP cells must be text (Excel keeps 15 significant digits
  of a number, an 18-digit NIP typed as a number has already lost its last digits).
- The same NIP, date and method twice in one file is refused (which row should win?), as is one
  already recorded.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from simerit.accounts.models import User
from simerit.career.models import PotentialAssessment
from simerit.career.permissions import HR_ONLY, is_hr
from simerit.career.services import talent as services
from simerit.career.services.talent import PotentialInput
from simerit.core.spreadsheets import reading
from simerit.core.spreadsheets import template as spreadsheet_template
from simerit.core.spreadsheets.cells import identifier_text
from simerit.core.spreadsheets.reading import Limits
from simerit.core.spreadsheets.rows import Row, RowError, RowReader
from simerit.core.spreadsheets.template import Column
from simerit.core.spreadsheets.text import excerpt, thousands
from simerit.employees.models import Employee

COLUMNS: tuple[Column, ...] = (
    Column(
        "nip", "employee", True, "NIP pegawai, 18 digit, sel bertipe Teks.", "198609262015051001"
    ),
    Column(
        "tanggal",
        "assessed_on",
        True,
        "Tanggal asesmen: tanggal Excel atau teks DD-MM-YYYY; tidak boleh di masa depan.",
        "15-08-2026",
    ),
    Column("metode", "method", True, "Metode atau alat ukur asesmen.", "CACT BKN"),
    Column(
        "pelaksana",
        "institution",
        False,
        "Lembaga yang melaksanakan asesmen.",
        "UPT Penilaian Kompetensi BKPSDM",
    ),
    Column("nilai", "score", True, "Nilai potensial 0–100, paling banyak dua desimal.", "78,5"),
)
HEADERS = tuple(column.name for column in COLUMNS)
COLUMN_FOR_FIELD = {column.field: column.name for column in COLUMNS}
TEXT_COLUMNS = frozenset({"nip"})

MAX_FILE_BYTES = 2 * 1024 * 1024
# Each row is one write and one audit row inside the upload request.
MAX_ROWS = 2000
OWN_ROW = (
    "Baris ini berisi hasil asesmen Anda sendiri; Anda tidak dapat mencatatnya. Hapus baris ini "
    "dan minta Admin BKPSDM lain mencatatnya."
)


def limits() -> Limits:
    return Limits(max_rows=MAX_ROWS, max_file_bytes=MAX_FILE_BYTES)


@dataclass(frozen=True)
class ImportResult:
    created: int
    errors: list[RowError]


@dataclass
class _Lookup:
    """What the rows refer to, read in two queries."""

    employees: dict[str, Employee]
    taken: set[tuple[int, dt.date, str]]
    actor_id: int

    @classmethod
    def load(cls, rows: list[Row], *, actor: User) -> "_Lookup":
        nips = {identifier_text(cells.get("nip")) for _, cells in rows}
        employees = {employee.nip: employee for employee in Employee.objects.filter(nip__in=nips)}
        taken = set(
            PotentialAssessment.objects.filter(employee__in=employees.values()).values_list(
                "employee_id", "assessed_on", "method"
            )
        )
        return cls(employees=employees, taken=taken, actor_id=actor.pk)


class _RowReader(RowReader):
    def assessment(
        self, lookup: _Lookup, *, today: dt.date
    ) -> tuple[Employee | None, PotentialInput | None]:
        """The row's employee and service input (None where a cell failed; every problem kept)."""
        nip = self.identifier("nip")
        employee = lookup.employees.get(nip)
        if not nip and "nip" not in self.failed:
            self.error("nip", "NIP wajib diisi.")
        elif nip and employee is None:
            self.error("nip", f"Pegawai dengan NIP {excerpt(nip)} tidak ditemukan.")
        elif employee is not None and employee.user_id == lookup.actor_id:
            self.error("nip", OWN_ROW)
            employee = None
        elif employee is not None and not employee.is_active:
            self.error("nip", services.INACTIVE)
            employee = None
        assessed_on = self.date("tanggal")
        score = self.decimal("nilai", what="nilai potensial", example="78,5")
        data = PotentialInput(
            assessed_on=assessed_on,
            method=self.text("metode"),
            institution=self.text("pelaksana"),
            score=score,
        )
        taken = (
            employee is not None
            and assessed_on is not None
            and (employee.pk, assessed_on, data.method.strip()) in lookup.taken
        )
        for name, messages in services.validate_potential(data, today=today, taken=taken).items():
            column = COLUMN_FOR_FIELD.get(name, name)
            if column not in self.failed:  # that cell's own problem is already reported
                for message in messages:
                    self.error(column, message)
        return employee, data


def import_potentials(content: bytes, *, actor: User, today: dt.date | None = None) -> ImportResult:
    """Check the whole file; record every row only if no row has a problem.

    Raises ImportFileError when the file itself is unusable, PermissionDenied when the account
    may not import.
    """
    if not is_hr(actor):
        raise PermissionDenied(HR_ONLY)
    today = today or timezone.localdate()
    rows = reading.read_rows(content, headers=HEADERS, limits=limits())
    lookup = _Lookup.load(rows, actor=actor)
    items: list[tuple[Employee, PotentialInput]] = []
    errors: list[RowError] = []
    first_row: dict[tuple[int, dt.date, str], int] = {}
    for number, cells in rows:
        row = _RowReader(cells, columns=HEADERS)
        employee, data = row.assessment(lookup, today=today)
        if employee is not None and data is not None and data.assessed_on is not None:
            key = (employee.pk, data.assessed_on, data.method.strip().casefold())
            if key in first_row:
                row.error(
                    "metode",
                    f"Pegawai, tanggal dan metode ini sudah ada di baris {first_row[key]}.",
                )
            first_row.setdefault(key, number)
        row_errors = row.errors_at(number)
        if employee is not None and data is not None and not row_errors:
            items.append((employee, data))
        errors.extend(row_errors)
    if errors:
        return ImportResult(created=0, errors=errors)
    created = services.record_imported(items=items, actor=actor)
    return ImportResult(created=len(created), errors=[])


def template_workbook() -> bytes:
    """The workbook to fill in: the header row and the instructions."""
    bounds = limits()
    return spreadsheet_template.template_workbook(
        title="Asesmen potensial",
        columns=COLUMNS,
        text_columns=TEXT_COLUMNS,
        note=(
            "Bila satu baris saja bermasalah, tidak ada data yang disimpan; perbaiki baris yang "
            f"dilaporkan lalu unggah ulang. Maksimal {thousands(bounds.max_rows)} baris dan "
            f"{bounds.max_megabytes} MB. Hasil asesmen terbaru yang masih berlaku menentukan "
            "sumbu potensial 9-box."
        ),
        references=[],
    )
