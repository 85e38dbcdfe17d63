"""Spreadsheets of recruitment numbers (openpyxl)."""

from django.http import HttpResponse
from django.utils.text import slugify
from openpyxl import Workbook

from simerit.core.spreadsheets.writing import (
    XLSX_CONTENT_TYPE,
    header_cells,
    safe_row,
    workbook_bytes,
)
from simerit.recruitment.models import SelectionPeriod
from simerit.recruitment.selectors.dashboard import PeriodNumbers

HEADERS = [
    "Kode formasi",
    "Jabatan",
    "Unit penempatan",
    "Kuota",
    "Pendaftar",
    "Dikirim",
    "MS",
    "TMS",
    "Sanggah diajukan",
    "Sanggah diterima",
]


def dashboard_workbook_response(*, period: SelectionPeriod, numbers: PeriodNumbers) -> HttpResponse:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Rekap per formasi"
    sheet.append(header_cells(sheet, HEADERS))
    for row in numbers.rows:
        # The code and the names are typed by users: none may become a formula.
        sheet.append(
            safe_row(
                sheet,
                [
                    row.code,
                    row.position,
                    row.work_unit,
                    row.quota,
                    row.registered,
                    row.submitted,
                    row.ms,
                    row.tms,
                    row.sanggah_filed,
                    row.sanggah_granted,
                ],
            )
        )
    response = HttpResponse(workbook_bytes(workbook), content_type=XLSX_CONTENT_TYPE)
    name = slugify(f"rekap-{period.name}") or "rekap-seleksi"
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response
