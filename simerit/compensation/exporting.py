"""The payroll workbook of one TPP run: sheet "TPP" with one row per employee and a totals row,
sheet "Keterangan" with the run, its scheme and the method. No NIK; NIP is kept as text; names
typed by users never become formulas. Amounts are whole rupiah (integers), rates are numbers.
The "Kasus hukuman" cell holds what the reader may see of the case (empty for an Admin OPD: payroll
needs the cut, not the case)."""

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from simerit.compensation.models import Line, Run
from simerit.compensation.rules import tpp as rules
from simerit.core.dates import format_datetime_wib
from simerit.core.spreadsheets.writing import (
    TEXT_FORMAT,
    header_cells,
    safe_row,
    text_cell,
    workbook_bytes,
)
from simerit.performance.models import Predikat

HEADERS = (
    "NIP",
    "Nama",
    "Unit kerja",
    "Jabatan",
    "Pagu (Rp)",
    "Predikat",
    "Tarif kinerja (%)",
    "Bagian kinerja (Rp)",
    "Hari tidak masuk",
    "Menit terlambat",
    "Tarif disiplin (%)",
    "Bagian disiplin (Rp)",
    "Potongan hukuman (Rp)",
    "Kasus hukuman",
    "TPP diterima (Rp)",
)
WIDTHS = (22, 34, 36, 30, 14, 18, 12, 16, 10, 10, 12, 16, 16, 16, 16)
NO_PREDIKAT = "Belum ada predikat final"


def _number(value: Decimal) -> float:
    """Spreadsheets hold binary floats; two decimal places survive the conversion."""
    return float(value)


def predikat_label(line: Line) -> str:
    if not line.predikat:
        return NO_PREDIKAT
    label = str(Predikat(line.predikat).label)
    return f"{label} ({line.predikat_year})" if line.predikat_year else label


def _bold(sheet: Any, values: Iterable[Any]) -> list[Any]:
    """The totals row: bold cells; its texts are ours, never typed by users."""
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value)
        cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def _widths(sheet: Any) -> None:
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[get_column_letter(index + 1)].width = width


def _row(sheet: Any, line: Line, case_number: str) -> list[Any]:
    employee = line.employee
    return safe_row(
        sheet,
        [
            text_cell(sheet, employee.nip, number_format=TEXT_FORMAT),
            employee.display_name,
            line.unit_name,  # as computed: a final run's file never changes
            line.position_name,
            line.base_amount,
            predikat_label(line),
            _number(line.performance_rate),
            line.performance_amount,
            line.absent_days,
            line.late_minutes,
            _number(line.discipline_rate),
            line.discipline_amount,
            line.sanction_cut_amount,
            case_number,
            line.total_amount,
        ],
    )


def run_workbook(
    *, run: Run, lines: Iterable[Line], case_number: Callable[[Line], str]
) -> tuple[bytes, int]:
    """(the .xlsx bytes, the number of employee rows); `case_number` gives each line's case
    number as the reader may see it ("" when not)."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("TPP")
    _widths(sheet)
    sheet.append(header_cells(sheet, HEADERS))
    count = 0
    sums = {"base": 0, "performance": 0, "discipline": 0, "cut": 0, "total": 0}
    for line in lines:
        sheet.append(_row(sheet, line, case_number(line)))
        count += 1
        sums["base"] += line.base_amount
        sums["performance"] += line.performance_amount
        sums["discipline"] += line.discipline_amount
        sums["cut"] += line.sanction_cut_amount
        sums["total"] += line.total_amount
    sheet.append(
        _bold(
            sheet,
            [
                "Jumlah",
                f"{count} pegawai",
                "",
                "",
                sums["base"],
                "",
                "",
                sums["performance"],
                "",
                "",
                "",
                sums["discipline"],
                sums["cut"],
                "",
                sums["total"],
            ],
        )
    )
    _about(workbook.create_sheet("Keterangan"), run)
    return workbook_bytes(workbook), count


def _about(sheet: Any, run: Run) -> None:
    scheme = run.scheme
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 90
    rows: list[tuple[str, str]] = [
        ("Bulan", rules.month_label(run.month)),
        ("Status", str(run.get_status_display())),
        ("Skema", scheme.name),
        ("Dasar hukum", scheme.legal_basis),
        ("Bobot kinerja", rules.format_percent(scheme.performance_weight)),
        ("Bobot disiplin", rules.format_percent(scheme.discipline_weight)),
        ("Potongan per hari tidak masuk", rules.format_percent(scheme.absent_day_cut)),
        ("Potongan per jam keterlambatan", rules.format_percent(scheme.late_hour_cut)),
        ("Tarif tanpa predikat final", rules.format_percent(scheme.missing_predikat_rate)),
        ("Potongan hukuman disiplin", "diterapkan" if scheme.apply_sanction_cut else "tidak"),
        ("Dihitung pada", format_datetime_wib(run.computed_at)),
    ]
    if run.finalised_at is not None:
        rows.append(("Difinalkan pada", format_datetime_wib(run.finalised_at)))
    for label, value in rows:
        sheet.append(safe_row(sheet, [label, value]))
    sheet.append([])
    for index, step in enumerate(rules.METHOD, start=1):
        sheet.append(safe_row(sheet, [f"Cara menghitung {index}", step]))
