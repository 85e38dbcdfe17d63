"""Import of the monthly attendance recap from an Excel workbook (.xlsx), all rows or none.

The first sheet starts with one header row holding exactly the columns of `COLUMNS` (any order,
case-insensitive); every following non-blank row is one employee's month. The whole file is
checked first (`core.spreadsheets`: a real .xlsx, its size and archive bounded); any problem, in
the file or in one row, means nothing is written and the caller gets every problem as (row,
column, reason). A clean file is stored in one transaction by `services.attendance.record_import`.

Decisions:
- `bulan` is text `YYYY-MM`; a date cell (Excel turns a typed "2026-10" into 1 October 2026) is
  read as its month. A month after the current one is refused (the current month may be imported
  and later replaced).
- The same NIP and month twice in one file is refused (which row should win?).
- `terlambat_menit` and `berturut_terpanjang` may be left blank (0).
- NIP cells must be text: Excel keeps 15 significant digits of a number.
- Admin BKPSDM imports for every employee, inactive ones included (a recap of the month they
  left is still due), their own row too: the recap comes from the attendance system, and every
  replaced value is audited.
"""

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from simerit.accounts.models import User
from simerit.core.spreadsheets import reading
from simerit.core.spreadsheets import template as spreadsheet_template
from simerit.core.spreadsheets.cells import CellError, cell_text, identifier_text, is_blank
from simerit.core.spreadsheets.reading import Limits
from simerit.core.spreadsheets.rows import Row, RowError, RowReader
from simerit.core.spreadsheets.template import Column
from simerit.core.spreadsheets.text import excerpt, thousands, upload_name
from simerit.discipline import permissions
from simerit.discipline.services import attendance as services
from simerit.discipline.services.attendance import AttendanceRow
from simerit.employees.models import Employee

COLUMNS: tuple[Column, ...] = (
    Column(
        "nip", "", True, "NIP / NI PPPK pegawai, 18 digit, sel bertipe Teks.", "198609262015051001"
    ),
    Column("bulan", "", True, "Bulan rekap sebagai teks TTTT-BB.", "2026-10"),
    Column("hari_kerja", "", True, "Jumlah hari kerja pada bulan itu, 0–31.", "22"),
    Column(
        "tidak_masuk",
        "",
        True,
        "Hari kerja tidak masuk tanpa alasan yang sah; tidak melebihi hari kerja.",
        "2",
    ),
    Column(
        "terlambat_menit",
        "",
        False,
        "Jumlah menit terlambat masuk dan pulang sebelum waktunya; kosong berarti 0.",
        "95",
    ),
    Column(
        "berturut_terpanjang",
        "",
        False,
        "Hari kerja tidak masuk berturut-turut terpanjang pada bulan itu; tidak melebihi "
        "tidak_masuk; kosong berarti 0.",
        "1",
    ),
)
HEADERS = tuple(column.name for column in COLUMNS)
TEXT_COLUMNS = frozenset({"nip", "bulan"})

MAX_FILE_BYTES = 5 * 1024 * 1024
# The city has about 12,000 employees: one month of all of them fits in one file. Rows are
# stored in bulk (one audit row per replaced row whose values change).
MAX_ROWS = 15000
MAX_LATE_MINUTES = 31 * 24 * 60
MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{1,2})$")


def limits() -> Limits:
    return Limits(max_rows=MAX_ROWS, max_file_bytes=MAX_FILE_BYTES)


@dataclass(frozen=True)
class ImportResult:
    created: int
    replaced: int
    unchanged: int
    errors: list[RowError]

    @property
    def stored(self) -> bool:
        return not self.errors


def parse_month(value: Any) -> dt.date | None:
    """The first day of the month a cell names (`YYYY-MM` text or a date); None when blank."""
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime | dt.date):
        return dt.date(value.year, value.month, 1)
    text = cell_text(value)
    match = MONTH_PATTERN.match(text)
    if match is not None and 1 <= int(match.group(2)) <= 12:
        return dt.date(int(match.group(1)), int(match.group(2)), 1)
    raise CellError(f"'{excerpt(text)}' bukan bulan; isi sebagai teks TTTT-BB, mis. 2026-10.")


class _RowReader(RowReader):
    def month(self, column: str) -> dt.date | None:
        try:
            return parse_month(self.cells.get(column))
        except CellError as refusal:
            self.error(column, refusal.message)
            return None

    def count(self, column: str, *, required: bool, maximum: int) -> int | None:
        """A whole number 0..maximum; None when the cell failed (blank optional cells are 0)."""
        number = self.integer(column, required=required)
        if number is None:
            return None if column in self.failed else 0
        if number < 0:
            self.error(column, "Tidak boleh negatif.")
            return None
        if number > maximum:
            self.error(column, f"Paling besar {thousands(maximum)}.")
            return None
        return number

    def attendance(
        self, employees: dict[str, Employee], *, this_month: dt.date
    ) -> AttendanceRow | None:
        """The row's checked input, or None when any cell failed (every problem is kept)."""
        nip = self.identifier("nip")
        employee = employees.get(nip)
        if not nip and "nip" not in self.failed:
            self.error("nip", "NIP wajib diisi.")
        elif nip and employee is None:
            self.error("nip", f"Pegawai dengan NIP {excerpt(nip)} tidak ditemukan.")
        month = self.month("bulan")
        if month is None and "bulan" not in self.failed:
            self.error("bulan", "Bulan wajib diisi.")
        elif month is not None and month > this_month:
            self.error("bulan", f"Bulan {month:%Y-%m} belum berjalan; rekap tidak dapat diimpor.")
        working = self.count("hari_kerja", required=True, maximum=31)
        absent = self.count("tidak_masuk", required=True, maximum=31)
        late = self.count("terlambat_menit", required=False, maximum=MAX_LATE_MINUTES)
        longest = self.count("berturut_terpanjang", required=False, maximum=31)
        if working is not None and absent is not None and absent > working:
            self.error(
                "tidak_masuk", f"Hari tidak masuk ({absent}) melebihi hari kerja ({working})."
            )
        if absent is not None and longest is not None and longest > absent:
            self.error(
                "berturut_terpanjang",
                f"Tidak masuk berturut-turut terpanjang ({longest}) melebihi jumlah hari tidak "
                f"masuk ({absent}).",
            )
        if (
            self.messages
            or employee is None
            or month is None
            or working is None
            or absent is None
            or late is None
            or longest is None
        ):
            return None
        return AttendanceRow(
            employee=employee,
            month=month,
            working_days=working,
            absent_days=absent,
            late_minutes=late,
            longest_absence=longest,
        )


def import_attendance(
    content: bytes, *, file_name: str, actor: User, today: dt.date | None = None
) -> ImportResult:
    """Check the whole file; store every row only if no row has a problem.

    Raises ImportFileError when the file itself is unusable, PermissionDenied when the account may
    not import.
    """
    if not permissions.is_hr(actor):
        raise PermissionDenied(services.IMPORT_HR_ONLY)
    today = today or timezone.localdate()
    rows = reading.read_rows(content, headers=HEADERS, limits=limits())
    employees = _employees(rows)
    items: list[AttendanceRow] = []
    errors: list[RowError] = []
    first_row: dict[tuple[int, dt.date], int] = {}
    for number, cells in rows:
        row = _RowReader(cells, columns=HEADERS)
        item = row.attendance(employees, this_month=today.replace(day=1))
        if item is not None:
            key = (item.employee.pk, item.month)
            if key in first_row:
                row.error("bulan", f"NIP dan bulan ini sudah ada di baris {first_row[key]}.")
            else:
                first_row[key] = number
                items.append(item)
        errors.extend(row.errors_at(number))
    if errors:
        return ImportResult(created=0, replaced=0, unchanged=0, errors=errors)
    counts = services.record_import(
        rows=items,
        file_name=upload_name(file_name),
        file_sha256=hashlib.sha256(content).hexdigest(),
        actor=actor,
    )
    return ImportResult(
        created=counts.created, replaced=counts.replaced, unchanged=counts.unchanged, errors=[]
    )


def _employees(rows: list[Row]) -> dict[str, Employee]:
    nips = {identifier_text(cells.get("nip")) for _, cells in rows}
    return {employee.nip: employee for employee in Employee.objects.filter(nip__in=nips)}


def template_workbook() -> bytes:
    """The workbook to fill in: the header row and the instructions."""
    return spreadsheet_template.template_workbook(
        title="Rekap kehadiran",
        columns=COLUMNS,
        text_columns=TEXT_COLUMNS,
        note=(
            "Satu baris untuk satu pegawai dan satu bulan. Bila satu baris saja bermasalah, tidak "
            "ada data yang disimpan; perbaiki baris yang dilaporkan lalu unggah ulang. Maksimal "
            f"{thousands(MAX_ROWS)} baris dan {MAX_FILE_BYTES // 1024 // 1024} MB. Rekap bulan "
            "yang sudah pernah diimpor diganti oleh impor yang baru (nilai lama tercatat di log "
            "audit)."
        ),
        references=[],
    )
