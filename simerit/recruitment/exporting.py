"""Spreadsheets of recruitment numbers (openpyxl)."""

from io import BytesIO

from django.http import HttpResponse
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Font

from simerit.recruitment.models import SelectionPeriod
from simerit.recruitment.selectors.dashboard import PeriodNumbers

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
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
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in numbers.rows:
        sheet.append(
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
            ]
        )
    for cell in sheet["A"][1:] + sheet["B"][1:] + sheet["C"][1:]:
        cell.data_type = "s"  # text cells are never read as formulas
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    name = slugify(f"rekap-{period.name}") or "rekap-seleksi"
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response
