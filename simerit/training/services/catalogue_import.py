"""Import of employees' assessed competency levels from an Excel workbook (.xlsx), all rows or none.

The first sheet starts with one header row holding exactly the columns of `COLUMNS` (any order,
case-insensitive); every following non-blank row is one assessment. The whole file is checked
first; any problem, in the file or in one row, means nothing is written and the caller gets every
problem as (row, column, reason). A clean file is written in one transaction through
`catalogue_levels.record_assessments`, so each changed level gets its own audit row.

Decisions:
- `nip` names an employee the account may assess (Admin BKPSDM: everyone; Admin OPD: its unit
  subtree), never the account's own record (a row error). A NIP outside the account's scope is
  reported exactly like an unknown one, so the import tells nobody that a NIP exists elsewhere.
- `kode_kompetensi` is matched case-insensitively against the dictionary; the template lists it.
- The same employee and competency twice in one file is refused (which row should win?).
- NIP cells must be text: Excel keeps 15 significant digits of a number, an 18-digit NIP typed as
  a number has already lost its last digits.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from simerit.accounts.models import User
from simerit.core.roles import Role
from simerit.core.spreadsheets import reading
from simerit.core.spreadsheets import template as spreadsheet_template
from simerit.core.spreadsheets.cells import identifier_text
from simerit.core.spreadsheets.reading import Limits
from simerit.core.spreadsheets.rows import Row, RowError, RowReader
from simerit.core.spreadsheets.template import Column, ReferenceSheet
from simerit.core.spreadsheets.text import excerpt, thousands
from simerit.employees.models import Employee
from simerit.organization.permissions import opd_scope
from simerit.training.models import Competency, EmployeeCompetency
from simerit.training.selectors.catalogue import may_import_assessments
from simerit.training.services import catalogue_levels as services
from simerit.training.services.catalogue_levels import AssessmentInput

COLUMNS: tuple[Column, ...] = (
    Column(
        "nip", "employee", True, "NIP pegawai, 18 digit, sel bertipe Teks.", "198609262015051001"
    ),
    Column(
        "kode_kompetensi",
        "competency",
        True,
        "Kode kompetensi dari kamus (lihat lembar Kompetensi).",
        "K001",
    ),
    Column("level", "level", True, "Level hasil asesmen, bilangan bulat 1–5.", "3"),
    Column(
        "tanggal_asesmen",
        "assessed_on",
        True,
        "Tanggal Excel atau teks DD-MM-YYYY; tidak boleh di masa depan.",
        "15-08-2026",
    ),
    Column(
        "sumber",
        "source",
        False,
        "Asal hasil asesmen, mis. assessment center atau uji kompetensi.",
        "Assessment center BKPSDM",
    ),
)
HEADERS = tuple(column.name for column in COLUMNS)
COLUMN_FOR_FIELD = {column.field: column.name for column in COLUMNS}
TEXT_COLUMNS = frozenset({"nip", "kode_kompetensi"})

MAX_FILE_BYTES = 2 * 1024 * 1024
# Each row is one locked read, one write and one audit row inside the upload request.
MAX_ROWS = 2000
NOT_ALLOWED = "Akun Anda tidak berwenang mengimpor level kompetensi pegawai."
OWN_ROW = (
    "Baris ini berisi level kompetensi Anda sendiri; Anda tidak dapat mengisinya. Hapus baris "
    "ini dan minta Admin BKPSDM atau Admin OPD lain yang berwenang mengisinya."
)


def limits() -> Limits:
    return Limits(max_rows=MAX_ROWS, max_file_bytes=MAX_FILE_BYTES)


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    errors: list[RowError]


@dataclass
class _Lookup:
    """Everything the rows refer to, read in four queries."""

    employees: dict[str, Employee]
    competencies: dict[str, Competency]
    current: dict[tuple[int, int], EmployeeCompetency]
    actor_id: int

    @classmethod
    def load(cls, rows: list[Row], *, user: User) -> "_Lookup":
        nips = {identifier_text(cells.get("nip")) for _, cells in rows}
        employees = Employee.objects.filter(nip__in=nips).select_related("work_unit")
        if not user.has_role(Role.ADMIN_BKPSDM):
            scope = opd_scope(user)
            if scope is None:
                raise PermissionDenied(NOT_ALLOWED)
            employees = employees.filter(work_unit__path__startswith=scope.path)
        by_nip = {employee.nip: employee for employee in employees}
        current = {
            (row.employee_id, row.competency_id): row
            for row in EmployeeCompetency.objects.filter(employee__in=by_nip.values())
        }
        return cls(
            employees=by_nip,
            competencies={c.code.casefold(): c for c in Competency.objects.all()},
            current=current,
            actor_id=user.pk,
        )


class _RowReader(RowReader):
    def assessment(
        self, lookup: _Lookup, *, today: dt.date
    ) -> tuple[Employee | None, Competency | None, AssessmentInput | None]:
        """The row's employee, competency and service input (None where a cell failed; every
        problem is kept)."""
        nip = self.identifier("nip")
        employee = lookup.employees.get(nip)
        if not nip and "nip" not in self.failed:
            self.error("nip", "NIP wajib diisi.")
        elif nip and employee is None:
            self.error(
                "nip", f"Pegawai dengan NIP {excerpt(nip)} tidak ditemukan dalam cakupan Anda."
            )
        elif employee is not None and employee.user_id == lookup.actor_id:
            self.error("nip", OWN_ROW)
            employee = None
        code = self.text("kode_kompetensi")
        competency = lookup.competencies.get(code.casefold())
        if not code:
            self.error("kode_kompetensi", "Kode kompetensi wajib diisi.")
        elif competency is None:
            self.error("kode_kompetensi", f"Kode kompetensi '{excerpt(code)}' tidak dikenal.")
        level = self.integer("level", required=True)
        assessed_on = self.date("tanggal_asesmen")
        if assessed_on is None and "tanggal_asesmen" not in self.failed:
            self.error("tanggal_asesmen", "Tanggal asesmen wajib diisi.")
        if competency is None or employee is None or "level" in self.failed:
            return employee, competency, None
        data = AssessmentInput(
            competency=competency,
            level=level,
            assessed_on=assessed_on,
            source=self.text("sumber"),
        )
        current = lookup.current.get((employee.pk, competency.pk))
        for name, messages in services.validate_assessment(
            data, today=today, current=current
        ).items():
            column = COLUMN_FOR_FIELD.get(name, name)
            if column not in self.failed:  # that cell's own problem is already reported
                for message in messages:
                    self.error(column, message)
        return employee, competency, data


def import_assessments(
    content: bytes, *, actor: User, today: dt.date | None = None
) -> ImportResult:
    """Check the whole file; record every row only if no row has a problem.

    Raises ImportFileError when the file itself is unusable, PermissionDenied when the account may
    not import.
    """
    if not may_import_assessments(actor):
        raise PermissionDenied(NOT_ALLOWED)
    today = today or timezone.localdate()
    rows = reading.read_rows(content, headers=HEADERS, limits=limits())
    lookup = _Lookup.load(rows, user=actor)
    items: list[tuple[Employee, AssessmentInput]] = []
    errors: list[RowError] = []
    first_row: dict[tuple[int, int], int] = {}
    for number, cells in rows:
        row = _RowReader(cells, columns=HEADERS)
        employee, competency, data = row.assessment(lookup, today=today)
        if employee is not None and competency is not None:
            key = (employee.pk, competency.pk)
            if key in first_row:
                row.error(
                    "kode_kompetensi",
                    f"Pegawai dan kompetensi ini sudah ada di baris {first_row[key]}.",
                )
            first_row.setdefault(key, number)
        if employee is not None and data is not None:
            items.append((employee, data))
        errors.extend(row.errors_at(number))
    if errors:
        return ImportResult(created=0, updated=0, errors=errors)
    counts = services.record_assessments(items=items, actor=actor)
    return ImportResult(created=counts.created, updated=counts.updated, errors=[])


def template_workbook() -> bytes:
    """The workbook to fill in: the header row, the instructions and the competency codes."""
    limits_now = limits()
    return spreadsheet_template.template_workbook(
        title="Level kompetensi",
        columns=COLUMNS,
        text_columns=TEXT_COLUMNS,
        note=(
            "Bila satu baris saja bermasalah, tidak ada data yang disimpan; perbaiki baris yang "
            f"dilaporkan lalu unggah ulang. Maksimal {thousands(limits_now.max_rows)} baris dan "
            f"{limits_now.max_megabytes} MB. Asesmen yang lebih baru menggantikan level yang "
            "tercatat; asesmen yang lebih lama darinya ditolak."
        ),
        references=[
            ReferenceSheet(
                "Kompetensi",
                ("kode_kompetensi", "nama kompetensi"),
                [(c.code, c.name) for c in Competency.objects.order_by("kind", "code")],
            )
        ],
    )
