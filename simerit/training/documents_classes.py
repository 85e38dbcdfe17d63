"""The roster workbook of a class: one sheet, one participant a row. Names typed by users never
become formulas; NIP is kept as text."""

from collections.abc import Iterable
from decimal import Decimal

import openpyxl
from django.utils import timezone

from simerit.core.dates import WIB
from simerit.core.spreadsheets.writing import header_cells, safe_row, text_cell, workbook_bytes
from simerit.training.models import TrainingClass
from simerit.training.selectors.classes import RosterRow

ROSTER_HEADERS = (
    "NIP",
    "Nama",
    "Unit kerja",
    "Jalur",
    "Status",
    "Hadir",
    "Pertemuan",
    "Kehadiran (%)",
    "Pre-test",
    "Post-test",
    "Evaluasi akhir",
    "Diputuskan pada (WIB)",
)


def _number(value: Decimal | None) -> float | None:
    """Spreadsheets hold binary floats; two decimal places survive the conversion."""
    return None if value is None else float(value)


def roster_workbook(training_class: TrainingClass, rows: Iterable[RosterRow]) -> bytes:
    """The class's name, the headers, then each row of selectors.classes.roster_rows."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Peserta")
    sheet.append(safe_row(sheet, [str(training_class)]))
    sheet.append(header_cells(sheet, ROSTER_HEADERS))
    for row in rows:
        sheet.append(
            safe_row(
                sheet,
                [
                    text_cell(sheet, row.nip, number_format="@"),
                    row.name,
                    row.unit,
                    row.route,
                    row.status,
                    row.attended,
                    row.held,
                    _number(row.percent),
                    _number(row.pre_test_score),
                    _number(row.post_test_score),
                    _number(row.assessment_score),
                    (
                        timezone.localtime(row.completed_at, WIB).strftime("%Y-%m-%d %H:%M")
                        if row.completed_at
                        else ""
                    ),
                ],
            )
        )
    return workbook_bytes(workbook)
