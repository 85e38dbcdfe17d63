"""Excel (.xlsx) exports of discipline lists, never with a NIK: the sanctions register, the case
list and the absence ladder. Each download is written to the audit log (they hold personal data:
names, NIP, cases, sanctions). A list holds only what its reader may see on the page: the cases
and sanctions of `permissions.visible_*`, the reporter's name except on the reader's own case,
the ladder for Admin BKPSDM and the Auditor."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

import openpyxl
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.spreadsheets.writing import (
    TEXT_FORMAT,
    header_cells,
    safe_row,
    text_cell,
    workbook_bytes,
)
from simerit.discipline import permissions
from simerit.discipline.models import DisciplineCase, Sanction
from simerit.discipline.selectors import attendance as attendance_selectors
from simerit.discipline.selectors import cases as case_selectors
from simerit.discipline.selectors import register as selectors
from simerit.discipline.selectors.attendance import LadderRow
from simerit.discipline.selectors.cases import CaseFilters
from simerit.discipline.selectors.register import RegisterFilters

HEADERS = (
    "No.",
    "Nomor kasus",
    "NIP",
    "Nama",
    "Unit kerja",
    "Jabatan",
    "Tingkat",
    "Jenis hukuman",
    "Dasar keputusan",
    "Nomor keputusan",
    "Tanggal keputusan",
    "Pejabat yang berwenang menghukum",
    "Berlaku mulai",
    "Berlaku sampai",
    "Potongan TPP (%)",
    "Diterima pegawai",
    "Upaya administratif dalam proses",
    "Status",
)
WIDTHS = (6, 16, 22, 32, 36, 32, 10, 48, 30, 26, 14, 30, 14, 14, 10, 14, 12, 18)
DATE_FORMAT = "DD-MM-YYYY"


def register_workbook(sanctions: Iterable[Sanction], *, on: dt.date) -> bytes:
    """One sheet, one row per sanction in the order given; the status is the one on `on`.

    Pass `selectors.register.list_sanctions(...)` (related rows selected, appeals counted)."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Register hukuman")
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.append(header_cells(sheet, HEADERS))
    for number, sanction in enumerate(sanctions, start=1):
        employee = sanction.employee
        row = [
            number,
            sanction.case.number,
            text_cell(sheet, employee.nip, number_format=TEXT_FORMAT),
            employee.display_name,
            employee.work_unit.name,
            employee.position.name,
            sanction.get_level_display(),
            sanction.get_sanction_type_display(),
            sanction.get_basis_display(),
            sanction.decree_number,
            _date(sheet, sanction.decided_on),
            sanction.official,
            _date(sheet, sanction.starts_on),
            _date(sheet, sanction.ends_on),
            sanction.tpp_cut_percent,
            _date(sheet, sanction.delivered_on),
            getattr(sanction, "pending_appeals", 0),
            selectors.state_of(sanction, on=on),
        ]
        # Decree numbers, names and officials are typed by users: none may become a formula.
        sheet.append(safe_row(sheet, row))
    return workbook_bytes(workbook)


def _date(sheet: Any, value: dt.date | None) -> Any:
    if value is None:
        return ""
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = DATE_FORMAT
    return cell


@transaction.atomic
def export_register(*, actor: User, filters: RegisterFilters) -> bytes:
    """The register as the account sees it with `filters`; the download is audited."""
    today = timezone.localdate()
    sanctions = list(selectors.list_sanctions(user=actor, filters=filters))
    content = register_workbook(sanctions, on=today)
    audit.record(
        actor=actor,
        action="discipline.sanction_register.exported",
        changes={
            "level": filters.level,
            "sanction_type": filters.sanction_type,
            "year": filters.year,
            "running_on": filters.running_on,
            "search": filters.search,
            "rows": len(sanctions),
        },
    )
    return content


# --- The case list

CASE_HEADERS = (
    "No.",
    "Nomor kasus",
    "NIP",
    "Nama",
    "Unit kerja",
    "Sumber laporan",
    "Pelapor",
    "Tanggal laporan",
    "Tanggal kejadian",
    "Pasal yang diduga dilanggar",
    "Dugaan tingkat",
    "Status",
    "Tingkat hukuman",
    "Jenis hukuman",
    "Nomor keputusan",
    "Tanggal keputusan",
)
CASE_WIDTHS = (6, 16, 22, 32, 36, 22, 28, 14, 14, 36, 12, 12, 12, 48, 26, 14)


def case_list_workbook(cases: Iterable[DisciplineCase], *, reader: User) -> bytes:
    """One sheet, one row per case in the order given; the reporter's column is empty on the
    reader's own case (`permissions.sees_reporter`).

    Pass `selectors.cases.list_cases(...)` with the articles prefetched."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Kasus disiplin")
    _columns(sheet, CASE_WIDTHS)
    sheet.append(header_cells(sheet, CASE_HEADERS))
    for number, case in enumerate(cases, start=1):
        employee = case.employee
        sanction = case_selectors.sanction_of(case)
        row = [
            number,
            case.number,
            text_cell(sheet, employee.nip, number_format=TEXT_FORMAT),
            employee.display_name,
            employee.work_unit.name,
            case.get_source_display(),
            case.reporter_name if permissions.sees_reporter(reader, case) else "",
            _date(sheet, case.reported_on),
            _date(sheet, case.incident_on),
            "; ".join(article.code for article in case.articles.all()),
            case.get_suspected_level_display(),
            case.get_status_display(),
            sanction.get_level_display() if sanction else "",
            sanction.get_sanction_type_display() if sanction else "",
            sanction.decree_number if sanction else "",
            _date(sheet, sanction.decided_on if sanction else None),
        ]
        # Reporter names and decree numbers are typed by users: none may become a formula.
        sheet.append(safe_row(sheet, row))
    return workbook_bytes(workbook)


@transaction.atomic
def export_case_list(*, actor: User, filters: CaseFilters) -> bytes:
    """The case list as the account sees it with `filters`; the download is audited."""
    cases = list(case_selectors.list_cases(actor, filters).prefetch_related("articles"))
    content = case_list_workbook(cases, reader=actor)
    audit.record(
        actor=actor,
        action="discipline.case_list.exported",
        changes={
            "status": filters.status,
            "level": filters.level,
            "year": filters.year,
            "search": filters.search,
            "rows": len(cases),
        },
    )
    return content


# --- The absence ladder

LADDER_HEADERS = (
    "No.",
    "NIP",
    "Nama",
    "Unit kerja",
    "Jabatan",
    "Tidak masuk tanpa alasan sah (hari)",
    "Tidak masuk berturut-turut terpanjang (hari)",
    "Tingkat",
    "Jenjang",
    "Usulan jenis hukuman",
    "Dasar hukum",
    "Kasus tahun ini",
    "Perlu kasus baru",
)
LADDER_WIDTHS = (6, 22, 32, 36, 32, 14, 14, 10, 14, 48, 40, 30, 10)


def ladder_workbook(rows: Iterable[LadderRow], *, year: int) -> bytes:
    """One sheet, one row per proposal in the order given (`selectors.attendance.ladder`)."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(f"Jenjang hukuman {year}")
    _columns(sheet, LADDER_WIDTHS)
    sheet.append(header_cells(sheet, LADDER_HEADERS))
    for number, ladder_row in enumerate(rows, start=1):
        employee = ladder_row.employee
        step = ladder_row.step
        row = [
            number,
            text_cell(sheet, employee.nip, number_format=TEXT_FORMAT),
            employee.display_name,
            employee.work_unit.name,
            employee.position.name,
            ladder_row.absent_days,
            ladder_row.longest_absence,
            step.level_label,
            step.band,
            step.sanction_label,
            step.legal_basis,
            ", ".join(case.number for case in ladder_row.cases),
            "Ya" if ladder_row.needs_case else "Tidak",
        ]
        sheet.append(safe_row(sheet, row))
    return workbook_bytes(workbook)


@transaction.atomic
def export_ladder(*, actor: User, year: int, search: str = "", open_only: bool = False) -> bytes:
    """The ladder of `year` with the page's filters (Admin BKPSDM and the Auditor); audited."""
    if not attendance_selectors.reads_ladder(actor):
        raise PermissionDenied(attendance_selectors.LADDER_READERS_ONLY)
    rows = attendance_selectors.ladder(year=year, search=search, open_only=open_only)
    content = ladder_workbook(rows, year=year)
    audit.record(
        actor=actor,
        action="discipline.absence_ladder.exported",
        changes={"year": year, "search": search, "open_only": open_only, "rows": len(rows)},
    )
    return content


def _columns(sheet: Any, widths: tuple[int, ...]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
