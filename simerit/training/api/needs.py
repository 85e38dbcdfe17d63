"""JSON API of the needs analysis and the leadership flags (same selectors as the pages): the
caller's own proposals, one employee's (whoever may see their training data), the employees with
needs and the totals per unit of a scope, and the leadership flags (Admin BKPSDM, Auditor, Admin
OPD within its subtree)."""

import datetime as dt
import math
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from simerit.core.api import DETAIL_ERRORS, READ_ERRORS, Page, PageParams, caller, get_or_404
from simerit.organization.models import WorkUnit
from simerit.training.permissions import employee_of, visible_employees
from simerit.training.rules import needs as rules
from simerit.training.selectors.leadership import LeadershipFlag, leadership_flags
from simerit.training.selectors.needs import (
    EmployeeNeedsRow,
    default_plan_year,
    employee_needs,
    may_read_plan,
    plan_employees,
    plan_report,
    plan_units,
)
from simerit.training.services.needs import DENIED, MAX_YEAR, MIN_YEAR

router = Router(tags=["Pelatihan — Analisis kebutuhan"])
LEADERSHIP_TAGS = ["Pelatihan — Pelatihan kepemimpinan"]
SCOPE_ERRORS = {**READ_ERRORS, 404: DETAIL_ERRORS[404]}

# --- Schemas


class ProgrammeRefOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    kind_label: str
    jp: Decimal


class GapOut(Schema):
    source: str = Field(description="kompetensi, predikat, perilaku, atau kepemimpinan.")
    key: str = Field(description="Sama untuk kebutuhan yang sama pada pegawai lain.")
    label: str
    reason: str


class ProposalOut(Schema):
    programme: ProgrammeRefOut
    reasons: list[str]
    gaps: list[GapOut]


class AddressedOut(Schema):
    gap: GapOut
    programme: ProgrammeRefOut
    state: str = Field(description="sedang diikuti / sudah diselesaikan.")


class EmployeeNeedsOut(Schema):
    employee_id: int
    nip: str
    name: str
    work_unit: str
    position: str
    year: int = Field(description="Tahun rencana.")
    appraisal_year: int | None = Field(
        description="Tahun penilaian kinerja yang kebutuhannya dibaca; null bila belum ada."
    )
    proposals: list[ProposalOut]
    unmatched: list[GapOut] = Field(description="Kebutuhan yang belum ada programnya di katalog.")
    addressed: list[AddressedOut] = Field(
        description="Kebutuhan yang sudah ditangani program yang sedang/sudah diikuti."
    )
    total_jp: Decimal


class EmployeeNeedsPage(Page[EmployeeNeedsOut]):
    pass


class ProgrammeTotalOut(Schema):
    programme: ProgrammeRefOut
    employees: int
    jp: Decimal


class GapTotalOut(Schema):
    label: str
    employees: int


class UnitTotalOut(Schema):
    unit_id: int
    unit_name: str
    employees: int = Field(description="Pegawai aktif yang dianalisis.")
    with_needs: int
    programmes: list[ProgrammeTotalOut]
    unmatched: list[GapTotalOut]
    jp: Decimal


class UnitTotalsOut(Schema):
    year: int
    unit_id: int | None
    employees: int
    with_needs: int
    total_jp: Decimal
    units: list[UnitTotalOut]


class LeadershipFlagOut(Schema):
    employee_id: int
    nip: str
    name: str
    work_unit: str
    position: str
    position_kind: str
    programme_kind: str
    programme_kind_label: str
    tmt_position: dt.date | None
    due_on: dt.date
    overdue: bool
    days_overdue: int
    tmt_missing: bool
    in_class: bool
    external_submitted: bool
    notes: list[str]


class LeadershipFlagPage(Page[LeadershipFlagOut]):
    pass


class PlanFilter(Schema):
    year: int | None = Field(
        None, ge=MIN_YEAR, le=MAX_YEAR, description="Tahun rencana; bawaan tahun depan."
    )
    unit: int | None = Field(None, description="Id unit kerja; bawaan seluruh cakupan.")


class LeadershipFilter(Schema):
    unit: int | None = Field(None, description="Id unit kerja; bawaan seluruh cakupan.")
    overdue: bool = Field(False, description="true: hanya yang terlambat.")


# --- Shaping


def _programme(offer: rules.Offer) -> dict[str, Any]:
    return {
        "id": offer.id,
        "code": offer.code,
        "name": offer.name,
        "kind": offer.kind,
        "kind_label": offer.kind_label,
        "jp": offer.jp,
    }


def _gap(gap: rules.Gap) -> dict[str, Any]:
    return {"source": str(gap.source), "key": gap.key, "label": gap.label, "reason": gap.reason}


def _needs_out(row: EmployeeNeedsRow, *, year: int) -> dict[str, Any]:
    employee, needs = row.employee, row.needs
    return {
        "employee_id": employee.pk,
        "nip": employee.nip,
        "name": employee.display_name,
        "work_unit": employee.work_unit.name,
        "position": employee.position.name,
        "year": year,
        "appraisal_year": row.appraisal_year,
        "proposals": [
            {
                "programme": _programme(proposal.programme),
                "reasons": list(proposal.reasons),
                "gaps": [_gap(gap) for gap in proposal.gaps],
            }
            for proposal in needs.proposals
        ],
        "unmatched": [_gap(gap) for gap in needs.unmatched],
        "addressed": [
            {"gap": _gap(item.gap), "programme": _programme(item.programme), "state": item.state}
            for item in needs.addressed
        ],
        "total_jp": needs.total_jp,
    }


def _flag_out(flag: LeadershipFlag) -> dict[str, Any]:
    employee, deadline = flag.employee, flag.deadline
    return {
        "employee_id": employee.pk,
        "nip": employee.nip,
        "name": employee.display_name,
        "work_unit": employee.work_unit.name,
        "position": employee.position.name,
        "position_kind": employee.position.kind,
        "programme_kind": flag.programme_kind,
        "programme_kind_label": flag.programme_kind_label,
        "tmt_position": employee.tmt_position,
        "due_on": deadline.due_on,
        "overdue": deadline.overdue,
        "days_overdue": deadline.days_overdue,
        "tmt_missing": deadline.tmt_missing,
        "in_class": flag.in_class,
        "external_submitted": flag.external_submitted,
        "notes": flag.notes,
    }


def _page(items: list[Any], params: PageParams) -> dict[str, Any]:
    """One page of an already computed list, in the shape of core.api.paginate."""
    offset = (params.page - 1) * params.page_size
    return {
        "items": items[offset : offset + params.page_size],
        "count": len(items),
        "page": params.page,
        "pages": max(1, math.ceil(len(items) / params.page_size)),
    }


def _year(year: int | None) -> int:
    return year if year is not None else default_plan_year(timezone.localdate())


def _scope(request: HttpRequest, unit_id: int | None) -> WorkUnit | None:
    """The unit asked for, within the caller's scope (404 outside it); 403 for callers who may
    not read the plan."""
    user = caller(request)
    if not may_read_plan(user):
        raise PermissionDenied(DENIED)
    return get_or_404(plan_units(user), unit_id) if unit_id is not None else None


# --- Endpoints


@router.get(
    "/needs/me",
    response={200: EmployeeNeedsOut, **DETAIL_ERRORS},
    summary="Usulan pelatihan saya",
    description="Kebutuhan dan usulan program pemanggil untuk tahun rencana; 404 bila akun tidak "
    "terhubung dengan data pegawai.",
)
def my_needs(request: HttpRequest, filters: Query[PlanFilter]) -> dict[str, Any]:
    employee = employee_of(caller(request))
    if employee is None:
        raise Http404
    year = _year(filters.year)
    return _needs_out(employee_needs(employee, year=year), year=year)


@router.get(
    "/needs/employees/{employee_id}",
    response={200: EmployeeNeedsOut, **DETAIL_ERRORS},
    summary="Usulan pelatihan seorang pegawai",
    description="Siapa pun yang boleh melihat data pelatihan pegawai itu (pegawai sendiri, "
    "atasannya, Admin OPD unitnya, Admin BKPSDM, Auditor); 404 bila tidak terlihat.",
)
def employee_needs_detail(
    request: HttpRequest, employee_id: int, filters: Query[PlanFilter]
) -> dict[str, Any]:
    employee = get_or_404(visible_employees(caller(request)), employee_id)
    year = _year(filters.year)
    return _needs_out(employee_needs(employee, year=year), year=year)


@router.get(
    "/needs/employees",
    response={200: EmployeeNeedsPage, **SCOPE_ERRORS},
    summary="Pegawai dengan kebutuhan pelatihan",
    description="Pegawai aktif yang memiliki usulan program atau kebutuhan tanpa program, urut "
    "unit kerja dan nama. Admin BKPSDM dan Auditor: semua; Admin OPD: unitnya ke bawah.",
)
def employees_with_needs(
    request: HttpRequest, filters: Query[PlanFilter], params: Query[PageParams]
) -> dict[str, Any]:
    unit = _scope(request, filters.unit)
    year = _year(filters.year)
    report = plan_report(caller(request), year=year, unit=unit)
    page = _page(report.with_needs, params)
    page["items"] = [_needs_out(row, year=year) for row in page["items"]]
    return page


@router.get(
    "/needs/units",
    response={200: UnitTotalsOut, **SCOPE_ERRORS},
    summary="Rekap kebutuhan pelatihan per unit",
    description="Per unit satu tingkat di bawah unit yang dipilih (per OPD untuk seluruh "
    "organisasi): program → jumlah pegawai dan total JP, dan kebutuhan tanpa program.",
)
def unit_totals(request: HttpRequest, filters: Query[PlanFilter]) -> dict[str, Any]:
    unit = _scope(request, filters.unit)
    year = _year(filters.year)
    report = plan_report(caller(request), year=year, unit=unit)
    return {
        "year": year,
        "unit_id": unit.pk if unit is not None else None,
        "employees": len(report.rows),
        "with_needs": len(report.with_needs),
        "total_jp": report.total_jp,
        "units": [
            {
                "unit_id": total.unit_id,
                "unit_name": total.unit_name,
                "employees": total.employees,
                "with_needs": total.with_needs,
                "programmes": [
                    {
                        "programme": _programme(item.programme),
                        "employees": item.employees,
                        "jp": item.jp,
                    }
                    for item in total.programmes
                ],
                "unmatched": [
                    {"label": gap.label, "employees": gap.employees} for gap in total.unmatched
                ],
                "jp": total.jp,
            }
            for total in report.totals
        ],
    }


@router.get(
    "/leadership-flags",
    response={200: LeadershipFlagPage, **SCOPE_ERRORS},
    tags=LEADERSHIP_TAGS,
    summary="Pejabat yang belum menyelesaikan pelatihan kepemimpinan",
    description="Pegawai aktif pada jabatan pengawas, administrator atau JPT yang belum lulus "
    "PKP/PKA/PKN sesuai jabatannya, urut batas waktu. Admin BKPSDM dan Auditor: semua; Admin "
    "OPD: unitnya ke bawah.",
)
def flags(
    request: HttpRequest, filters: Query[LeadershipFilter], params: Query[PageParams]
) -> dict[str, Any]:
    unit = _scope(request, filters.unit)
    found = leadership_flags(
        plan_employees(caller(request), unit=unit),
        today=timezone.localdate(),
        overdue_only=filters.overdue,
    )
    page = _page(found, params)
    page["items"] = [_flag_out(flag) for flag in page["items"]]
    return page
