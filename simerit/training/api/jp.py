"""JSON API of JP tracking (same selectors as the pages): my JP of a year, an employee's JP for
staff who may see them, the unit compliance figures and the employees of a unit with their JP.
JP values are decimals with one place, sent as strings ("12.5") so that nothing is rounded."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from simerit.core.api import (
    DETAIL_ERRORS,
    READ_ERRORS,
    ErrorOut,
    Page,
    PageParams,
    caller,
    get_or_404,
    paginate,
)
from simerit.employees.models import Employee
from simerit.organization.models import WorkUnit
from simerit.training.forms.jp import MAX_YEAR, MIN_YEAR
from simerit.training.permissions import employee_of, visible_employees
from simerit.training.selectors import jp as selectors
from simerit.training.services.jp import DENIED

router = Router(tags=["Pelatihan — JP"])

ONE_PLACE = Decimal("0.1")


def _jp(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


class YearQuery(Schema):
    year: int | None = Field(
        None, ge=MIN_YEAR, le=MAX_YEAR, description="Tahun; bawaan tahun berjalan."
    )


class TargetOut(Schema):
    year: int
    minimum_jp: Decimal
    is_default: bool = Field(
        description="true bila BKPSDM belum menetapkan tahun ini: berlaku minimum bawaan 20 JP."
    )


class ClassLineOut(Schema):
    enrolment_id: int
    programme: str
    class_name: str
    starts_on: dt.date
    ends_on: dt.date
    jp: Decimal


class ExternalLineOut(Schema):
    external_id: int
    title: str
    provider: str
    starts_on: dt.date
    ends_on: dt.date
    jp: Decimal


class YearTotalOut(Schema):
    year: int
    jp_total: Decimal
    minimum_jp: Decimal
    is_compliant: bool


class EmployeeJpOut(Schema):
    employee_id: int
    nip: str
    name: str
    target: TargetOut
    jp_classes: Decimal = Field(description="Kelas berstatus lulus yang berakhir pada tahun itu.")
    jp_external: Decimal = Field(description="Pelatihan eksternal yang divalidasi BKPSDM.")
    jp_total: Decimal
    shortfall: Decimal = Field(description="Kekurangan terhadap minimum; 0 bila terpenuhi.")
    is_compliant: bool
    pending_external: int = Field(
        description="Pelatihan eksternal menunggu validasi (belum dihitung)."
    )
    classes: list[ClassLineOut]
    externals: list[ExternalLineOut]
    other_years: list[YearTotalOut]


class UnitRowOut(Schema):
    unit_id: int
    unit_name: str
    direct: bool = Field(
        description="true: hanya pegawai yang ditempatkan langsung di unit itu (bukan di unit "
        "bawahannya)."
    )
    employees: int
    compliant: int
    compliance_percent: Decimal | None
    average_jp: Decimal | None
    total_jp: Decimal


class UnitComplianceOut(Schema):
    target: TargetOut
    unit_id: int | None = Field(description="Unit yang dirinci; null = unit teratas.")
    unit_name: str
    rows: list[UnitRowOut]
    total: UnitRowOut | None


class UnitEmployeeOut(Schema):
    employee_id: int
    nip: str
    name: str
    work_unit: str
    position: str
    jp_classes: Decimal
    jp_external: Decimal
    jp_total: Decimal
    is_compliant: bool


class UnitEmployeePage(Page[UnitEmployeeOut]):
    pass


class UnitQuery(YearQuery):
    unit_id: int | None = Field(None, ge=1, description="Unit yang dirinci; bawaan unit awal.")


class UnitEmployeesQuery(YearQuery, PageParams):
    below_only: bool = Field(False, description="Hanya yang belum memenuhi minimum.")
    direct_only: bool = Field(False, description="Hanya yang ditempatkan langsung di unit itu.")


def _year(query: YearQuery) -> int:
    return query.year or timezone.localdate().year


def _target(target: selectors.YearTarget) -> dict[str, Any]:
    return {"year": target.year, "minimum_jp": target.minimum_jp, "is_default": target.is_default}


def _employee_out(employee: Employee, year: int) -> dict[str, Any]:
    report = selectors.employee_jp(employee, year=year)
    return {
        "employee_id": employee.pk,
        "nip": employee.nip,
        "name": employee.display_name,
        "target": _target(report.target),
        "jp_classes": _jp(report.jp_classes),
        "jp_external": _jp(report.jp_external),
        "jp_total": _jp(report.total),
        "shortfall": _jp(report.shortfall),
        "is_compliant": report.is_compliant,
        "pending_external": report.pending_externals,
        "classes": [
            {
                "enrolment_id": enrolment.pk,
                "programme": enrolment.training_class.programme.name,
                "class_name": enrolment.training_class.name,
                "starts_on": enrolment.training_class.starts_on,
                "ends_on": enrolment.training_class.ends_on,
                "jp": enrolment.training_class.jp,
            }
            for enrolment in report.classes
        ],
        "externals": [
            {
                "external_id": training.pk,
                "title": training.title,
                "provider": training.provider,
                "starts_on": training.starts_on,
                "ends_on": training.ends_on,
                "jp": training.jp_validated,
            }
            for training in report.externals
        ],
        "other_years": [
            {
                "year": item.year,
                "jp_total": _jp(item.total),
                "minimum_jp": item.minimum_jp,
                "is_compliant": item.is_compliant,
            }
            for item in report.history
        ],
    }


def _row_out(row: selectors.UnitRow) -> dict[str, Any]:
    return {
        "unit_id": row.unit.pk,
        "unit_name": row.unit.name,
        "direct": row.direct,
        "employees": row.employees,
        "compliant": row.compliant,
        "compliance_percent": row.compliance_percent,
        "average_jp": row.average_jp,
        "total_jp": _jp(row.total_jp),
    }


def _access(request: HttpRequest) -> selectors.DashboardAccess:
    access = selectors.dashboard_access(caller(request))
    if access is None:
        raise PermissionDenied(DENIED)
    return access


def _unit(request: HttpRequest, access: selectors.DashboardAccess, unit_id: int) -> WorkUnit:
    unit = get_or_404(WorkUnit.objects.all(), unit_id)
    if not access.may_open(caller(request), unit):
        raise Http404
    return unit


@router.get(
    "/jp/me",
    response={200: EmployeeJpOut, **DETAIL_ERRORS},
    summary="JP saya",
    description="JP pengembangan kompetensi pemanggil pada satu tahun terhadap minimum, dengan "
    "rincian yang dihitung dan jumlah tahun lain; 404 bila akun tidak terhubung dengan data "
    "pegawai.",
)
def my_jp(request: HttpRequest, query: Query[YearQuery]) -> dict[str, Any]:
    employee = employee_of(caller(request))
    if employee is None:
        raise Http404
    return _employee_out(employee, _year(query))


@router.get(
    "/jp/employees/{employee_id}",
    response={200: EmployeeJpOut, **DETAIL_ERRORS},
    summary="JP seorang pegawai",
    description="Untuk pegawai itu sendiri, atasannya, Admin OPD unitnya, Admin BKPSDM dan "
    "Auditor; 404 untuk yang lain.",
)
def employee_jp(request: HttpRequest, employee_id: int, query: Query[YearQuery]) -> dict[str, Any]:
    employee = get_or_404(visible_employees(caller(request)), employee_id)
    return _employee_out(employee, _year(query))


@router.get(
    "/jp/units",
    response={200: UnitComplianceOut, **READ_ERRORS, 404: ErrorOut},
    summary="Kepatuhan JP per unit",
    description="Pegawai aktif, yang memenuhi minimum, persentase dan rata-rata JP per unit di "
    "bawah unit_id (seluruh subpohonnya dihitung), hanya atas pegawai yang boleh dilihat "
    "pemanggil: Admin BKPSDM dan Auditor semua, Admin OPD unitnya, atasan timnya.",
)
def unit_compliance(request: HttpRequest, query: Query[UnitQuery]) -> dict[str, Any]:
    access = _access(request)
    node = _unit(request, access, query.unit_id) if query.unit_id else access.home
    report = selectors.unit_compliance(
        employees=access.employees, target=selectors.year_target(_year(query)), unit=node
    )
    return {
        "target": _target(report.target),
        "unit_id": node.pk if node else None,
        "unit_name": node.name if node else "",
        "rows": [_row_out(row) for row in report.rows],
        "total": _row_out(report.total) if report.total else None,
    }


@router.get(
    "/jp/units/{unit_id}/employees",
    response={200: UnitEmployeePage, **READ_ERRORS, 404: ErrorOut},
    summary="JP pegawai satu unit",
    description="Pegawai aktif unit itu (dan unit di bawahnya, kecuali direct_only) yang boleh "
    "dilihat pemanggil, dengan JP tahun itu; urut nama.",
)
def unit_employees(
    request: HttpRequest, unit_id: int, query: Query[UnitEmployeesQuery]
) -> dict[str, Any]:
    access = _access(request)
    unit = _unit(request, access, unit_id)
    rows = selectors.unit_employees(
        employees=access.employees,
        target=selectors.year_target(_year(query)),
        unit=unit,
        direct_only=query.direct_only,
        below_only=query.below_only,
    )
    page = paginate(rows, query)
    page["items"] = [
        {
            "employee_id": employee.pk,
            "nip": employee.nip,
            "name": employee.display_name,
            "work_unit": employee.work_unit.name,
            "position": employee.position.name,
            "jp_classes": _jp(employee.jp_classes),
            "jp_external": _jp(employee.jp_external),
            "jp_total": _jp(employee.jp_total),
            "is_compliant": employee.is_compliant,
        }
        for employee in page["items"]
    ]
    return page
