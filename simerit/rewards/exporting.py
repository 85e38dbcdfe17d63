"""Excel exports: the yearly Satyalancana list for the Keppres proposal (the eligible, then the
excluded with their reasons), the register of grants, and the nominations list. No NIK; NIP as
text. The downloads are audited by services/exports.py."""

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import openpyxl
from django.utils import timezone
from openpyxl.utils import get_column_letter

from simerit.core.spreadsheets.writing import (
    TEXT_FORMAT,
    header_cells,
    safe_row,
    text_cell,
    workbook_bytes,
)
from simerit.rewards.models import Grant, Nomination
from simerit.rewards.selectors.satyalancana import Row, YearlyList

DATE_FORMAT = "DD-MM-YYYY"
ELIGIBLE_HEADERS = (
    "No.",
    "NIP",
    "Nama",
    "Golongan",
    "Jabatan",
    "Unit kerja",
    "TMT CPNS",
    "Masa kerja (tahun) per 31 Desember",
    "Kelas Satyalancana",
    "Status usulan",
)
ELIGIBLE_WIDTHS = (6, 22, 36, 10, 36, 40, 14, 18, 36, 18)
EXCLUDED_HEADERS = (
    "No.",
    "NIP",
    "Nama",
    "Unit kerja",
    "TMT CPNS",
    "Masa kerja (tahun) per 31 Desember",
    "Kelas yang dicapai",
    "Alasan tidak memenuhi syarat",
)
EXCLUDED_WIDTHS = (6, 22, 36, 40, 14, 18, 36, 70)
GRANT_HEADERS = (
    "No.",
    "Nomor piagam",
    "NIP",
    "Nama",
    "Unit kerja",
    "Penghargaan",
    "Tahun",
    "Nomor keputusan",
    "Tanggal pemberian",
    "Status",
)
GRANT_WIDTHS = (6, 28, 22, 36, 40, 40, 8, 30, 16, 30)
NOMINATION_HEADERS = (
    "No.",
    "NIP",
    "Nama",
    "Unit kerja",
    "Penghargaan",
    "Tahun",
    "Status",
    "Nilai akhir",
    "Diusulkan oleh",
    "Tanggal usulan",
    "Catatan keputusan",
)
NOMINATION_WIDTHS = (6, 22, 36, 40, 40, 8, 16, 12, 30, 16, 50)
SCORE_FORMAT = "0.00"


def _sheet(workbook: Any, title: str, headers: Iterable[str], widths: Iterable[int]) -> Any:
    sheet = workbook.create_sheet(title)
    for index, width in enumerate(widths):
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    sheet.freeze_panes = "A2"
    sheet.append(header_cells(sheet, headers))
    return sheet


def _date(sheet: Any, value: Any) -> Any:
    if value is None:
        return ""
    cell = openpyxl.cell.WriteOnlyCell(sheet, value=value)
    cell.number_format = DATE_FORMAT
    return cell


def _nip(sheet: Any, row: Row) -> Any:
    return text_cell(sheet, row.employee.nip, number_format=TEXT_FORMAT)


def satyalancana_workbook(listing: YearlyList, *, with_case_numbers: bool) -> bytes:
    """Sheet "Memenuhi syarat" (for the proposal) and sheet "Tidak memenuhi syarat" (reasons;
    without case numbers unless the reader may see them)."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = _sheet(workbook, "Memenuhi syarat", ELIGIBLE_HEADERS, ELIGIBLE_WIDTHS)
    for number, row in enumerate(listing.eligible, start=1):
        employee = row.employee
        values = [
            number,
            _nip(sheet, row),
            employee.display_name,
            employee.golongan.code if employee.golongan else "",
            employee.position.name,
            employee.work_unit.name,
            _date(sheet, employee.tmt_cpns),
            row.check.service_years,
            row.award.name if row.award else "",
            row.nomination.get_status_display() if row.nomination else "Belum diusulkan",
        ]
        sheet.append(safe_row(sheet, values))
    sheet = _sheet(workbook, "Tidak memenuhi syarat", EXCLUDED_HEADERS, EXCLUDED_WIDTHS)
    for number, row in enumerate(listing.excluded, start=1):
        employee = row.employee
        reasons = row.check.reasons if with_case_numbers else row.check.public_reasons
        values = [
            number,
            _nip(sheet, row),
            employee.display_name,
            employee.work_unit.name,
            _date(sheet, employee.tmt_cpns),
            row.check.service_years,
            row.award.name if row.award else "",
            " ".join(reasons),
        ]
        sheet.append(safe_row(sheet, values))
    return workbook_bytes(workbook)


def grants_workbook(grants: Iterable[Grant]) -> bytes:
    """One row per grant as the piagam states it (the frozen facts)."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = _sheet(workbook, "Penghargaan", GRANT_HEADERS, GRANT_WIDTHS)
    for number, grant in enumerate(grants, start=1):
        status = "Berlaku"
        if grant.revoked_at is not None:
            status = f"Dicabut: {grant.revoke_reason}"
        values = [
            number,
            grant.number,
            text_cell(sheet, grant.holder_nip, number_format=TEXT_FORMAT),
            grant.holder_name,
            grant.unit_name,
            grant.award_name,
            grant.year,
            grant.decree_number,
            _date(sheet, grant.granted_on),
            status,
        ]
        sheet.append(safe_row(sheet, values))
    return workbook_bytes(workbook)


def nominations_workbook(nominations: Iterable[tuple[Nomination, Decimal | None]]) -> bytes:
    """One row per nomination with the final score the reader may see (None: left blank)."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = _sheet(workbook, "Usulan penghargaan", NOMINATION_HEADERS, NOMINATION_WIDTHS)
    for number, (nomination, final_score) in enumerate(nominations, start=1):
        employee = nomination.employee
        score: Any = ""
        if final_score is not None:
            score = openpyxl.cell.WriteOnlyCell(sheet, value=final_score)
            score.number_format = SCORE_FORMAT
        nominator = nomination.nominated_by
        values = [
            number,
            text_cell(sheet, employee.nip, number_format=TEXT_FORMAT),
            employee.display_name,
            employee.work_unit.name,
            nomination.award.name,
            nomination.year,
            nomination.get_status_display(),
            score,
            nominator.full_name or nominator.username,
            _date(sheet, timezone.localdate(nomination.created_at)),
            nomination.decision_note,
        ]
        sheet.append(safe_row(sheet, values))
    return workbook_bytes(workbook)
