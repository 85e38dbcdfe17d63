"""Writes of the talent part: potential scores (entered, imported, removed) and the audited 9-box
export. Admin BKPSDM is the only writer, never for their own record (career/permissions.py).

Every input is checked before anything is written; a refusal changes nothing."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import openpyxl
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.career.models import PotentialAssessment
from simerit.career.permissions import HR_ONLY, OWN_RECORD, can_change_for, is_hr
from simerit.career.rules import talent as rules
from simerit.career.selectors import retirement as retirement_selectors
from simerit.career.selectors import talent as selectors
from simerit.core.dates import format_date_id
from simerit.core.exceptions import DomainError, InvalidInputError
from simerit.core.spreadsheets.writing import (
    TEXT_FORMAT,
    header_cells,
    safe_row,
    text_cell,
    workbook_bytes,
)
from simerit.employees.models import Employee
from simerit.organization.models import WorkUnit

CENTS = Decimal("0.01")
MAX_METHOD = 150
MAX_INSTITUTION = 200
MAX_NOTE = 500
INACTIVE = "Pegawai ini tidak aktif; hasil asesmen hanya dicatat untuk pegawai aktif."
DUPLICATE = (
    "Hasil asesmen dengan metode ini pada tanggal yang sama sudah tercatat untuk pegawai ini."
)


@dataclass(frozen=True)
class PotentialInput:
    assessed_on: dt.date | None
    method: str
    institution: str
    score: Decimal | None
    note: str = ""


def validate_potential(
    data: PotentialInput, *, today: dt.date, taken: bool = False
) -> dict[str, list[str]]:
    """{field: messages} of everything wrong with `data`; `taken`: the same employee, day and
    method is already recorded."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if data.score is None:
        add("score", "Nilai potensial wajib diisi.")
    elif not Decimal(0) <= data.score <= Decimal(100):
        add("score", "Nilai potensial harus antara 0 dan 100.")
    elif data.score != data.score.quantize(CENTS):
        add("score", "Nilai potensial paling banyak dua angka di belakang koma.")
    if data.assessed_on is None:
        add("assessed_on", "Tanggal asesmen wajib diisi.")
    elif data.assessed_on > today:
        add("assessed_on", "Tanggal asesmen tidak boleh di masa depan.")
    method = data.method.strip()
    if not method:
        add("method", "Metode/alat ukur wajib diisi.")
    elif len(method) > MAX_METHOD:
        add("method", f"Metode/alat ukur paling banyak {MAX_METHOD} karakter.")
    elif taken:
        add("method", DUPLICATE)
    if len(data.institution.strip()) > MAX_INSTITUTION:
        add("institution", f"Pelaksana paling banyak {MAX_INSTITUTION} karakter.")
    if len(data.note.strip()) > MAX_NOTE:
        add("note", f"Catatan paling banyak {MAX_NOTE} karakter.")
    return errors


def refusal_for(actor: User, employee: Employee) -> str | None:
    """Why `actor` may not record a score for `employee`, or None."""
    if not is_hr(actor):
        return HR_ONLY
    if not can_change_for(actor, employee):
        return OWN_RECORD
    return None


def _taken(employee: Employee, data: PotentialInput) -> bool:
    if data.assessed_on is None:
        return False
    return PotentialAssessment.objects.filter(
        employee=employee, assessed_on=data.assessed_on, method=data.method.strip()
    ).exists()


def _create(
    *, employee: Employee, data: PotentialInput, source: str, actor: User
) -> PotentialAssessment:
    if data.assessed_on is None or data.score is None:  # validate_potential refused it already
        raise DomainError("Tanggal asesmen dan nilai potensial wajib diisi.")
    assessment = PotentialAssessment.objects.create(
        employee=employee,
        assessed_on=data.assessed_on,
        method=data.method.strip(),
        institution=data.institution.strip(),
        score=data.score.quantize(CENTS),
        source=source,
        note=data.note.strip(),
        recorded_by=actor,
    )
    audit.record(
        actor=actor,
        action="career.potential_assessment.recorded",
        target=assessment,
        changes={
            "employee": employee.nip,
            "assessed_on": assessment.assessed_on,
            "method": assessment.method,
            "institution": assessment.institution,
            "score": assessment.score,
            "source": source,
        },
    )
    return assessment


@transaction.atomic
def record_potential(
    *, employee: Employee, data: PotentialInput, actor: User
) -> PotentialAssessment:
    """Record one assessment entered by hand. Raises PermissionDenied (not HR, own record),
    DomainError (inactive employee) or InvalidInputError (per field)."""
    refusal = refusal_for(actor, employee)
    if refusal is not None:
        raise PermissionDenied(refusal)
    if not employee.is_active:
        raise DomainError(INACTIVE)
    errors = validate_potential(
        data,
        today=timezone.localdate(),
        taken=data.assessed_on is not None and _taken(employee, data),
    )
    if errors:
        raise InvalidInputError(errors)
    return _create(
        employee=employee, data=data, source=PotentialAssessment.Source.MANUAL, actor=actor
    )


@transaction.atomic
def record_imported(
    *, items: list[tuple[Employee, PotentialInput]], actor: User
) -> list[PotentialAssessment]:
    """Record the rows of an import the importer has checked (each audited); all or none."""
    if not is_hr(actor):
        raise PermissionDenied(HR_ONLY)
    today = timezone.localdate()
    for employee, data in items:
        refusal = refusal_for(actor, employee)
        if refusal is not None:
            raise PermissionDenied(refusal)
        if validate_potential(data, today=today, taken=_taken(employee, data)):
            raise DomainError("Data impor berubah sejak diperiksa; unggah ulang berkasnya.")
    return [
        _create(employee=employee, data=data, source=PotentialAssessment.Source.IMPORT, actor=actor)
        for employee, data in items
    ]


@transaction.atomic
def remove_potential(
    *, assessment: PotentialAssessment, reason: str, actor: User
) -> PotentialAssessment:
    """Delete a wrongly recorded assessment; the audit row keeps its values and the reason.
    Returns the deleted instance."""
    refusal = refusal_for(actor, assessment.employee)
    if refusal is not None:
        raise PermissionDenied(refusal)
    reason = reason.strip()
    if not reason:
        raise InvalidInputError({"reason": ["Alasan penghapusan wajib diisi."]})
    if len(reason) > MAX_NOTE:
        raise InvalidInputError({"reason": [f"Alasan paling banyak {MAX_NOTE} karakter."]})
    audit.record(
        actor=actor,
        action="career.potential_assessment.removed",
        target=assessment,
        changes={
            "employee": assessment.employee.nip,
            "assessed_on": assessment.assessed_on,
            "method": assessment.method,
            "score": assessment.score,
            "reason": reason,
        },
    )
    assessment.delete()
    return assessment


@transaction.atomic
def export_talent(*, actor: User, unit: WorkUnit | None, on: dt.date) -> bytes:
    """The 9-box workbook of the account's scope (within `unit` when given). Audited: it holds
    talent decisions about named people."""
    access = selectors.access_of(actor)
    if access is None or (unit is not None and not access.may_open(unit)):
        raise PermissionDenied(selectors.DENIED)
    result = selectors.grid(access.within(unit), on=on)
    content = talent_workbook(result, unit=unit)
    audit.record(
        actor=actor,
        action="career.talent_grid.exported",
        target=unit,
        changes={"on": on, "unit": unit.name if unit else "", "employees": len(result.rows)},
    )
    return content


EXPORT_HEADERS = (
    "NIP",
    "Nama",
    "Unit kerja",
    "Jabatan",
    "Predikat terakhir",
    "Tahun predikat",
    "Kinerja",
    "Nilai potensial",
    "Tanggal asesmen",
    "Potensial",
    "Kotak",
    "Rekomendasi",
    "Keterangan",
)


def talent_workbook(result: selectors.Grid, *, unit: WorkUnit | None) -> bytes:
    """Sheet "Ringkasan": the count per box; sheet "Pegawai": one row per employee. No NIK."""
    workbook = openpyxl.Workbook(write_only=True)
    summary = workbook.create_sheet("Ringkasan")
    summary.append(safe_row(summary, [f"9-Box per {format_date_id(result.on)}"]))
    summary.append(safe_row(summary, [f"Unit: {unit.name if unit else 'Semua unit'}"]))
    summary.append(header_cells(summary, ("Kotak", "Kinerja", "Potensial", "Jumlah pegawai")))
    for number in range(9, 0, -1):
        performance, potential = rules.AXES_OF_BOX[number]
        summary.append(
            [
                number,
                rules.PERFORMANCE_LABELS[performance],
                rules.POTENTIAL_LABELS[potential],
                result.counts.get(number, 0),
            ]
        )
    summary.append(["Belum dapat ditempatkan", "", "", len(result.unplaced)])
    sheet = workbook.create_sheet("Pegawai")
    sheet.append(header_cells(sheet, EXPORT_HEADERS))
    for row in result.rows:
        person, placement = row.employee, row.placement
        sheet.append(
            [
                text_cell(sheet, person.nip, number_format=TEXT_FORMAT),
                *safe_row(
                    sheet,
                    [
                        person.display_name,
                        person.work_unit.name,
                        person.position.name,
                        placement.predikat_label,
                        placement.predikat_year,
                        placement.performance_label,
                        placement.score,
                        placement.assessed_on,
                        placement.potential_label,
                        placement.box,
                        "; ".join(placement.actions),
                        placement.reason,
                    ],
                ),
            ]
        )
    return workbook_bytes(workbook)


# --- the BUP forecast export (workforce planning; this part's write modules are talent and
# succession, and the download is audited like the 9-box's)


@transaction.atomic
def export_retirement(*, actor: User, unit: WorkUnit | None, today: dt.date) -> bytes:
    """The BUP forecast workbook of `unit` (the account's default unit when None) over the
    account's scope: the counts per unit and year, then every employee retiring in the forecast
    years, past their BUP date, or without an age. Audited (names, NIP and BUP dates)."""
    access = retirement_selectors.retirement_access(actor)
    if access is None or (unit is not None and not access.may_open(unit)):
        raise PermissionDenied(retirement_selectors.DENIED)
    node = unit or retirement_selectors.default_unit(access)
    report = retirement_selectors.forecast(access.employees, unit=node, today=today)
    scoped = access.within(node)
    last_year = report.years[-1]
    lines = [
        line
        for line in retirement_selectors.lines_of(scoped)
        if line.retirement.retires_on is None or line.retirement.retires_on.year <= last_year
    ]
    content = retirement_workbook(report, lines)
    audit.record(
        actor=actor,
        action="career.retirement_forecast.exported",
        target=node,
        changes={"today": today, "unit": node.name if node else "", "employees": len(lines)},
    )
    return content


def retirement_workbook(
    report: retirement_selectors.Forecast, lines: list[retirement_selectors.Line]
) -> bytes:
    """Sheet "Ringkasan": per unit and year; sheet "Pegawai": one row per employee. No NIK."""
    workbook = openpyxl.Workbook(write_only=True)
    summary = workbook.create_sheet("Ringkasan")
    summary.append(
        safe_row(
            summary,
            [f"Proyeksi pensiun (BUP) per {format_date_id(report.today)}: {report_unit(report)}"],
        )
    )
    summary.append(
        header_cells(
            summary,
            (
                "Unit kerja",
                "Pegawai aktif",
                *(str(year) for year in report.years),
                "Jumlah 5 tahun",
                "Lewat BUP",
                "BUP belum diatur",
            ),
        )
    )
    for row in [*report.rows, *([report.total] if report.total else [])]:
        summary.append(
            [
                *safe_row(summary, ["Jumlah" if row is report.total else row.label]),
                row.employees,
                *row.counts,
                row.total,
                row.overdue,
                row.unknown,
            ]
        )
    sheet = workbook.create_sheet("Pegawai")
    sheet.append(
        header_cells(
            sheet,
            (
                "NIP",
                "Nama",
                "Unit kerja",
                "Jabatan",
                "Batas usia pensiun",
                "TMT pensiun",
                "Keterangan",
            ),
        )
    )
    for line in lines:
        person, retirement = line.employee, line.retirement
        note = retirement.reason or ("Sudah melewati BUP" if line.overdue(report.today) else "")
        sheet.append(
            [
                text_cell(sheet, person.nip, number_format=TEXT_FORMAT),
                *safe_row(
                    sheet,
                    [
                        person.display_name,
                        person.work_unit.name,
                        person.position.name,
                        retirement.age,
                        retirement.retires_on,
                        note,
                    ],
                ),
            ]
        )
    return workbook_bytes(workbook)


def report_unit(report: retirement_selectors.Forecast) -> str:
    return report.unit.name if report.unit else "semua unit"
