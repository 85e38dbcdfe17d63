"""JSON API of kenaikan pangkat and angka kredit (same selectors and services as the pages): the
periods, the list of a period, one employee's check, the angka kredit list and detail, and the
opening balance Admin BKPSDM records. Angka kredit values are decimals with three places, sent as
strings ("42.500") so that nothing is rounded."""

import datetime as dt
import math
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from simerit.accounts.models import User
from simerit.career import permissions
from simerit.career.selectors import credit as credit_selectors
from simerit.career.selectors import promotion as selectors
from simerit.career.services import credit as credit_services
from simerit.career.services.promotion import READ_DENIED
from simerit.core.api import (
    DETAIL_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    ErrorOut,
    Page,
    PageParams,
    caller,
    get_or_404,
    paginate,
)
from simerit.core.exceptions import InvalidInputError
from simerit.employees.models import Employee
from simerit.organization.models import WorkUnit

router = Router(tags=["Karier"])


# --- schemas -------------------------------------------------------------------------------------


class PeriodsOut(Schema):
    default: dt.date | None = Field(description="Periode berikutnya sejak hari ini.")
    periods: list[dt.date] = Field(description="Periode 12 bulan ke belakang dan ke depan.")


class PeriodQuery(Schema):
    period: dt.date | None = Field(
        None, description="Tanggal periode (tanggal 1); bawaan periode berikutnya sejak hari ini."
    )


class ListQuery(PeriodQuery, PageParams):
    unit_id: int | None = Field(None, ge=1, description="Unit beserta unit di bawahnya.")
    eligible: bool | None = Field(
        None, description="true: hanya yang memenuhi syarat; false: hanya yang belum."
    )


class CheckOut(Schema):
    employee_id: int
    eligible: bool
    reasons: list[str]
    notes: list[str]
    next_golongan: str


class PromotionRowOut(CheckOut):
    nip: str
    name: str
    work_unit: str
    position: str
    golongan: str
    tmt_golongan: dt.date | None


class PromotionPage(Page[PromotionRowOut]):
    period: dt.date
    eligible_count: int
    ineligible_count: int


class EmployeeCheckOut(CheckOut):
    period: dt.date


class CreditQuery(PageParams):
    unit_id: int | None = Field(None, ge=1, description="Unit beserta unit di bawahnya.")
    search: str = Field("", max_length=100, description="Nama atau awal NIP.")


class OpeningOut(Schema):
    as_of: dt.date
    amount: Decimal
    note: str


class CreditYearOut(Schema):
    year: int
    position: str
    predikat: str
    amount: Decimal | None
    explanation: str
    message: str
    counted: bool = Field(description="false: tahun ini sudah termasuk saldo awal.")


class CreditOut(Schema):
    employee_id: int
    nip: str
    name: str
    level: str
    level_label: str
    opening: OpeningOut | None
    earned: Decimal
    accumulated: Decimal
    required: Decimal | None
    shortfall: Decimal | None
    sufficient: bool | None
    message: str
    notes: list[str]


class CreditDetailOut(CreditOut):
    years: list[CreditYearOut]


class CreditPage(Page[CreditOut]):
    pass


class OpeningIn(Schema):
    as_of: dt.date
    amount: Decimal = Field(description="Angka kredit ≥ 0, paling banyak tiga angka desimal.")
    note: str = Field("", max_length=500)


# --- helpers -------------------------------------------------------------------------------------


def _lister(request: HttpRequest) -> User:
    user = caller(request)
    if not permissions.reads_lists(user):
        raise PermissionDenied(READ_DENIED)
    return user


def _unit(user: User, unit_id: int | None) -> WorkUnit | None:
    if unit_id is None:
        return None
    unit = next((item for item in selectors.unit_choices(user) if item.pk == unit_id), None)
    if unit is None:
        raise Http404
    return unit


def _period(day: dt.date | None) -> dt.date:
    if day is None:
        default = selectors.default_period()
        if default is None:
            raise Http404
        return default
    if not selectors.is_period(day):
        raise InvalidInputError(
            {"period": [f"Tanggal {day:%d/%m/%Y} bukan periode kenaikan pangkat."]}
        )
    return day


def _page_of(rows: list[selectors.PromotionRow], params: PageParams) -> dict[str, Any]:
    """`core.api.paginate` for a computed list."""
    offset = (params.page - 1) * params.page_size
    return {
        "items": rows[offset : offset + params.page_size],
        "count": len(rows),
        "page": params.page,
        "pages": max(1, math.ceil(len(rows) / params.page_size)),
    }


def _check(check: selectors.PromotionCheck) -> dict[str, Any]:
    return {
        "employee_id": check.employee_id,
        "eligible": check.eligible,
        "reasons": check.reasons,
        "notes": check.notes,
        "next_golongan": check.next_golongan,
    }


def _credit(employee: Employee, report: credit_selectors.CreditReport) -> dict[str, Any]:
    standing, opening = report.standing, report.opening
    return {
        "employee_id": employee.pk,
        "nip": employee.nip,
        "name": employee.display_name,
        "level": report.level,
        "level_label": report.level_label,
        "opening": (
            {"as_of": opening.as_of, "amount": opening.amount, "note": opening.note}
            if opening
            else None
        ),
        "earned": standing.earned,
        "accumulated": standing.accumulated,
        "required": standing.required,
        "shortfall": standing.shortfall,
        "sufficient": standing.sufficient,
        "message": standing.message,
        "notes": report.notes,
    }


def _credit_detail(employee: Employee) -> dict[str, Any]:
    report = credit_selectors.report_for(employee, on=timezone.localdate())
    if report is None:
        raise Http404
    years = [
        {
            "year": item.year,
            "position": item.position,
            "predikat": item.predikat,
            "amount": item.line.amount,
            "explanation": item.line.explanation,
            "message": item.line.message,
            "counted": item.counted,
        }
        for item in report.years
    ]
    return {**_credit(employee, report), "years": years}


def _visible(request: HttpRequest, employee_id: int) -> Employee:
    employees = permissions.visible_employees(caller(request)).select_related(
        "position", "golongan", "work_unit"
    )
    return get_or_404(employees, employee_id)


# --- promotion -----------------------------------------------------------------------------------


@router.get(
    "/promotion/periods",
    response={200: PeriodsOut, **READ_ERRORS},
    summary="Periode kenaikan pangkat",
    description="Periode menurut ketentuan yang berlaku pada tiap tanggal (setiap tanggal 1 bulan "
    "sejak 1 Oktober 2025), 12 bulan ke belakang dan ke depan.",
)
def promotion_periods(request: HttpRequest) -> dict[str, Any]:
    _lister(request)
    return {"default": selectors.default_period(), "periods": selectors.period_choices()}


@router.get(
    "/promotion",
    response={200: PromotionPage, **READ_ERRORS, 404: ErrorOut},
    summary="Daftar kenaikan pangkat satu periode",
    description="PNS aktif yang boleh dilihat pemanggil (Admin BKPSDM dan Auditor semua, Admin OPD "
    "unitnya, atasan timnya), urut nama, dengan alasan bagi yang belum memenuhi syarat. Nomor kasus "
    "dan tanggal hukuman disiplin hanya disebut bagi pemanggil yang boleh melihat kasusnya. 422 "
    "bila tanggal bukan periode.",
)
def promotion_list(request: HttpRequest, query: Query[ListQuery]) -> dict[str, Any]:
    user = _lister(request)
    period = _period(query.period)
    listing = selectors.period_list(user, period=period, unit=_unit(user, query.unit_id))
    if query.eligible is None:
        rows = sorted(
            [*listing.eligible, *listing.ineligible],
            key=lambda row: (row.employee.name, row.employee.pk),
        )
    else:
        rows = listing.eligible if query.eligible else listing.ineligible
    page = _page_of(rows, query)
    page["items"] = [
        {
            **_check(row.check),
            "nip": row.employee.nip,
            "name": row.employee.display_name,
            "work_unit": row.employee.work_unit.name,
            "position": row.employee.position.name,
            "golongan": row.employee.golongan.code if row.employee.golongan else "",
            "tmt_golongan": row.employee.tmt_golongan,
        }
        for row in page["items"]
    ]
    page.update(
        period=period,
        eligible_count=len(listing.eligible),
        ineligible_count=len(listing.ineligible),
    )
    return page


@router.get(
    "/promotion/employees/{int:employee_id}",
    response={200: EmployeeCheckOut, **DETAIL_ERRORS, 422: ErrorOut},
    summary="Kenaikan pangkat seorang pegawai",
    description="Untuk pegawai itu sendiri, atasannya, Admin OPD unitnya, Admin BKPSDM dan "
    "Auditor; 404 untuk yang lain.",
)
def promotion_employee(
    request: HttpRequest, employee_id: int, query: Query[PeriodQuery]
) -> dict[str, Any]:
    employee = _visible(request, employee_id)
    period = _period(query.period)
    check = selectors.eligibility([employee.pk], period=period, viewer=caller(request))[employee.pk]
    return {**_check(check), "period": period}


# --- angka kredit --------------------------------------------------------------------------------


@router.get(
    "/credit",
    response={200: CreditPage, **READ_ERRORS, 404: ErrorOut},
    summary="Daftar angka kredit",
    description="Pegawai aktif jabatan fungsional yang boleh dilihat pemanggil, urut nama: saldo "
    "awal + angka kredit penilaian kinerja final sesudahnya, terhadap kebutuhan jenjangnya.",
)
def credit_list(request: HttpRequest, query: Query[CreditQuery]) -> dict[str, Any]:
    user = _lister(request)
    employees = credit_selectors.functional_employees(
        user, unit=_unit(user, query.unit_id), search=query.search
    )
    page = paginate(employees, query)
    reports = credit_selectors.reports(page["items"], on=timezone.localdate())
    page["items"] = [_credit(employee, reports[employee.pk]) for employee in page["items"]]
    return page


@router.get(
    "/credit/employees/{int:employee_id}",
    response={200: CreditDetailOut, **DETAIL_ERRORS},
    summary="Angka kredit seorang pegawai",
    description="Dengan rincian per tahun penilaian. 404 bila pegawai tidak boleh dilihat atau "
    "tidak menduduki jabatan fungsional.",
)
def credit_employee(request: HttpRequest, employee_id: int) -> dict[str, Any]:
    return _credit_detail(_visible(request, employee_id))


@router.put(
    "/credit/employees/{int:employee_id}/opening",
    response={200: CreditDetailOut, **WRITE_ERRORS},
    summary="Catat saldo awal angka kredit",
    description="Admin BKPSDM, bukan untuk dirinya sendiri. Angka kredit ≥ 0 (tiga desimal), "
    "tanggal tidak setelah hari ini; hanya untuk pegawai jabatan fungsional.",
)
def credit_opening(request: HttpRequest, employee_id: int, payload: OpeningIn) -> dict[str, Any]:
    employee = _visible(request, employee_id)
    credit_services.record_opening(
        employee=employee,
        as_of=payload.as_of,
        amount=payload.amount,
        note=payload.note,
        actor=caller(request),
    )
    return _credit_detail(employee)
