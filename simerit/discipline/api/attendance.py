"""JSON API of the attendance recap and the absence ladder: the same selectors and services as
the pages. The recap list is scoped like the page (`visible_attendance`); the import and opening a
case from the ladder are Admin BKPSDM's (403 otherwise, nothing changed); the ladder is read by
Admin BKPSDM and the Auditor."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile

from simerit.core.api import (
    READ_ERRORS,
    WRITE_ERRORS,
    ErrorCode,
    ErrorOut,
    Page,
    PageParams,
    caller,
    get_or_404,
    paginate,
)
from simerit.core.exceptions import InvalidInputError
from simerit.core.spreadsheets.reading import ImportFileError
from simerit.discipline import importing, permissions
from simerit.discipline.models import MonthlyAttendance
from simerit.discipline.selectors import attendance as selectors
from simerit.discipline.services import attendance as services
from simerit.employees.models import Employee
from simerit.organization.models import WorkUnit

router = Router(tags=["Disiplin — Rekap kehadiran"])


class AttendanceOut(Schema):
    id: int
    employee_id: int
    employee_nip: str
    employee_name: str
    work_unit: str
    month: str = Field(examples=["2026-10"])
    working_days: int
    absent_days: int
    late_minutes: int
    longest_absence: int


class AttendancePage(Page[AttendanceOut]):
    pass


class AttendanceParams(PageParams):
    month: str = Field("", pattern=r"^(\d{4}-\d{2})?$", description="TTTT-BB; kosong: semua.")
    unit_id: int | None = Field(None, description="Unit kerja beserta unit di bawahnya.")
    q: str = Field("", max_length=100, description="Nama atau awal NIP.")


class ImportOut(Schema):
    created: int
    replaced: int
    unchanged: int


class ImportRefusedOut(ErrorOut):
    pass


class LadderCaseOut(Schema):
    id: int
    number: str
    status: str
    absence_days: int | None


class LadderRowOut(Schema):
    employee_id: int
    employee_nip: str
    employee_name: str
    work_unit: str
    absent_days: int = Field(description="Hari tidak masuk tanpa alasan sah, kumulatif setahun.")
    longest_absence: int = Field(description="Berturut-turut terpanjang dalam satu bulan rekap.")
    level: str
    sanction_type: str
    sanction_label: str
    band: str = Field(examples=["11–13 hari"])
    legal_basis: str
    consecutive: bool = Field(description="true: karena 10 hari kerja berturut-turut.")
    cases: list[LadderCaseOut]
    needs_case: bool = Field(description="Jenjang lebih berat daripada kasus yang sudah dibuka.")


class LadderParams(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description="Bawaan: tahun ini.")
    q: str = Field("", max_length=100)
    open_only: bool = Field(False, description="Hanya yang belum ditindaklanjuti.")


class LadderCaseIn(Schema):
    year: int = Field(ge=2000, le=2100)


class OpenedCaseOut(Schema):
    id: int
    number: str
    suspected_level: str
    absence_days: int | None
    absence_year: int | None


def _month(text: str) -> dt.date | None:
    if not text:
        return None
    year, month = (int(part) for part in text.split("-"))
    if not 1 <= month <= 12:
        raise InvalidInputError({"month": ["Bulan harus 01 sampai 12."]})
    return dt.date(year, month, 1)


def _attendance_out(record: MonthlyAttendance) -> dict[str, Any]:
    employee = record.employee
    return {
        "id": record.pk,
        "employee_id": employee.pk,
        "employee_nip": employee.nip,
        "employee_name": employee.name,
        "work_unit": employee.work_unit.name,
        "month": f"{record.month:%Y-%m}",
        "working_days": record.working_days,
        "absent_days": record.absent_days,
        "late_minutes": record.late_minutes,
        "longest_absence": record.longest_absence,
    }


@router.get(
    "/attendance",
    response={200: AttendancePage, **READ_ERRORS},
    summary="Rekap kehadiran bulanan",
    description="Yang boleh dilihat pemanggil (Admin BKPSDM dan Auditor: semua; atasan: "
    "bawahannya; pegawai: miliknya), bulan terbaru lebih dulu.",
)
def list_attendance(request: HttpRequest, params: Query[AttendanceParams]) -> dict[str, Any]:
    unit = get_or_404(WorkUnit.objects.all(), params.unit_id) if params.unit_id else None
    rows = selectors.list_attendance(
        user=caller(request), month=_month(params.month), unit=unit, search=params.q
    )
    page = paginate(rows, params)
    page["items"] = [_attendance_out(record) for record in page["items"]]
    return page


@router.post(
    "/attendance/import",
    response={200: ImportOut, **WRITE_ERRORS, 422: ImportRefusedOut},
    summary="Impor rekap kehadiran dari Excel (.xlsx)",
    description="Admin BKPSDM. Multipart, kolom `file`, kolom seperti templat halaman impor. "
    "Semua baris atau tidak sama sekali: bila ada baris bermasalah jawabannya 422 dengan masalah "
    "per baris (`field` = baris.kolom). Bulan yang sudah tercatat diganti (nilai lama diaudit).",
)
def import_attendance(request: HttpRequest, file: File[UploadedFile]) -> Any:
    user = caller(request)
    if not permissions.is_hr(user):
        raise PermissionDenied(services.IMPORT_HR_ONLY)
    try:
        result = importing.import_attendance(
            file.read(importing.MAX_FILE_BYTES + 1), file_name=file.name or "", actor=user
        )
    except ImportFileError as error:
        raise InvalidInputError({"file": [error.message]}) from None
    if result.stored:
        return {
            "created": result.created,
            "replaced": result.replaced,
            "unchanged": result.unchanged,
        }
    return Status(
        422,
        {
            "detail": "Tidak ada rekap kehadiran yang disimpan: perbaiki baris berikut.",
            "code": ErrorCode.INVALID_INPUT,
            "errors": [
                {"field": f"{error.row}.{error.column}", "message": error.message}
                for error in result.errors
            ],
        },
    )


@router.get(
    "/attendance/ladder",
    response={200: list[LadderRowOut], **READ_ERRORS},
    summary="Usulan jenjang hukuman dari rekap kehadiran",
    description="Admin BKPSDM dan Auditor. Pegawai aktif yang mencapai jenjang pada tahun itu "
    "(PP 94/2021; 3 hari kumulatif atau 10 hari kerja berturut-turut), jenjang terberat dulu.",
)
def list_ladder(request: HttpRequest, params: Query[LadderParams]) -> list[dict[str, Any]]:
    if not selectors.reads_ladder(caller(request)):
        raise PermissionDenied(selectors.LADDER_READERS_ONLY)
    rows = selectors.ladder(
        year=params.year or timezone.localdate().year, search=params.q, open_only=params.open_only
    )
    return [
        {
            "employee_id": row.employee.pk,
            "employee_nip": row.employee.nip,
            "employee_name": row.employee.name,
            "work_unit": row.employee.work_unit.name,
            "absent_days": row.absent_days,
            "longest_absence": row.longest_absence,
            "level": row.step.level,
            "sanction_type": row.step.sanction_type,
            "sanction_label": row.step.sanction_label,
            "band": row.step.band,
            "legal_basis": row.step.legal_basis,
            "consecutive": row.step.consecutive,
            "cases": [
                {
                    "id": case.pk,
                    "number": case.number,
                    "status": case.status,
                    "absence_days": case.absence_days,
                }
                for case in row.cases
            ],
            "needs_case": row.needs_case,
        }
        for row in rows
    ]


@router.post(
    "/attendance/ladder/{int:employee_id}/case",
    response={201: OpenedCaseOut, **WRITE_ERRORS},
    summary="Buka kasus disiplin dari usulan jenjang",
    description="Admin BKPSDM (bukan atas dirinya sendiri). Sumber: rekap kehadiran; pasal 4 "
    "huruf f; dugaan tingkat dari jenjang. 409 bila kasus tahun itu sudah mencakup jenjang ini.",
)
def open_case(request: HttpRequest, employee_id: int, payload: LadderCaseIn) -> Status[Any]:
    user = caller(request)
    if not permissions.is_hr(user):
        raise PermissionDenied(services.LADDER_HR_ONLY)
    employee = get_or_404(Employee.objects.all(), employee_id)
    case = services.open_case_from_ladder(employee=employee, year=payload.year, actor=user)
    return Status(
        201,
        {
            "id": case.pk,
            "number": case.number,
            "suspected_level": case.suspected_level,
            "absence_days": case.absence_days,
            "absence_year": case.absence_year,
        },
    )
