"""Kenaikan pangkat: the audited Excel export of a period list (two sheets: the eligible, and the
others with their reasons). The configuration (`PromotionRule`, `EducationCeiling`) is kept by
Admin BKPSDM in the Django admin, whose saves are audited (`career/admin.py`)."""

import datetime as dt
from typing import Any

import openpyxl
from django.core.exceptions import PermissionDenied

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.career import permissions
from simerit.career.rules.promotion import format_day
from simerit.career.selectors import promotion as selectors
from simerit.core.spreadsheets.writing import (
    TEXT_FORMAT,
    header_cells,
    safe_row,
    text_cell,
    workbook_bytes,
)
from simerit.organization.models import WorkUnit

READ_DENIED = "Anda tidak berwenang melihat daftar kenaikan pangkat."
ELIGIBLE_HEADERS = (
    "NIP",
    "Nama",
    "Unit kerja",
    "Jabatan",
    "Golongan",
    "TMT golongan",
    "Golongan berikutnya",
    "Catatan",
)
OTHER_HEADERS = (
    "NIP",
    "Nama",
    "Unit kerja",
    "Jabatan",
    "Golongan",
    "TMT golongan",
    "Alasan belum memenuhi syarat",
    "Catatan",
)


def _append(sheet: Any, row: selectors.PromotionRow, *, eligible: bool) -> None:
    employee, check = row.employee, row.check
    verdict = check.next_golongan if eligible else " ".join(check.reasons)
    sheet.append(
        [
            text_cell(sheet, employee.nip, number_format=TEXT_FORMAT),
            *safe_row(
                sheet,
                [
                    employee.display_name,
                    employee.work_unit.name,
                    employee.position.name,
                    employee.golongan.code if employee.golongan else "",
                    format_day(employee.tmt_golongan) if employee.tmt_golongan else "",
                    verdict,
                    " ".join(check.notes),
                ],
            ),
        ]
    )


def export_period(*, actor: User, period: dt.date, unit: WorkUnit | None) -> bytes:
    """The period list the account may see, as .xlsx (no NIK); the download is audited."""
    if not permissions.reads_lists(actor):
        raise PermissionDenied(READ_DENIED)
    listing = selectors.period_list(actor, period=period, unit=unit)
    workbook = openpyxl.Workbook(write_only=True)
    eligible = workbook.create_sheet("Memenuhi syarat")
    eligible.append(header_cells(eligible, ELIGIBLE_HEADERS))
    for row in listing.eligible:
        _append(eligible, row, eligible=True)
    others = workbook.create_sheet("Belum memenuhi syarat")
    others.append(header_cells(others, OTHER_HEADERS))
    for row in listing.ineligible:
        _append(others, row, eligible=False)
    audit.record(
        actor=actor,
        action="career.promotion_list.exported",
        target=unit,
        changes={
            "period": period,
            "unit": unit.name if unit else "",
            "eligible": len(listing.eligible),
            "ineligible": len(listing.ineligible),
        },
    )
    return workbook_bytes(workbook)
