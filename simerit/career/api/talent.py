"""JSON API of talent management (same selectors and services as the pages): the 9-box counts
and its people, the potential scores (Admin BKPSDM records and removes them), the succession
pools of managerial positions, and the retirement (BUP) forecast. Scores are decimals with two
places, sent as strings ("78.50") so that nothing is rounded."""

import datetime as dt
import math
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from simerit.career.models import PotentialAssessment, SuccessionCandidate
from simerit.career.permissions import HR_ONLY, is_hr
from simerit.career.rules import retirement as retirement_rules
from simerit.career.rules import talent as rules
from simerit.career.selectors import retirement as retirement_selectors
from simerit.career.selectors import succession as succession_selectors
from simerit.career.selectors import talent as selectors
from simerit.career.selectors.talent import Access, TalentPlacement
from simerit.career.services import succession as succession_services
from simerit.career.services import talent as services
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

router = Router(tags=["Karier — talenta"])
T = TypeVar("T")


def _page(items: Sequence[T], params: PageParams) -> dict[str, Any]:
    """A page of a list computed in memory."""
    offset = (params.page - 1) * params.page_size
    return {
        "items": list(items[offset : offset + params.page_size]),
        "count": len(items),
        "page": params.page,
        "pages": max(1, math.ceil(len(items) / params.page_size)),
    }


def _unit(access: Access, unit_id: int | None) -> WorkUnit | None:
    if unit_id is None:
        return None
    unit = get_or_404(WorkUnit.objects.all(), unit_id)
    if not access.may_open(unit):
        raise Http404
    return unit


# --- the 9-box


class UnitQuery(Schema):
    unit_id: int | None = Field(
        None, ge=1, description="Unit (beserta unit di bawahnya); bawaan seluruh cakupan."
    )


class TalentBoxCountOut(Schema):
    box: int
    performance: str
    potential: str
    count: int
    actions: list[str]


class TalentGridOut(Schema):
    on: dt.date
    unit_id: int | None
    placed: int
    unplaced: int
    boxes: list[TalentBoxCountOut] = Field(description="Kotak 9 sampai 1.")


class TalentPlacementOut(Schema):
    employee_id: int
    nip: str
    name: str
    work_unit: str
    position: str
    performance: str = Field(description='"above", "as_expected", "below"; "" bila belum ada.')
    potential: str = Field(description='"high", "medium", "low"; "" bila belum ada.')
    box: int | None
    actions: list[str]
    reason: str = Field(description="Alasan belum dapat ditempatkan; kosong bila sudah.")
    predikat: str
    predikat_year: int | None
    score: Decimal | None
    assessed_on: dt.date | None


class TalentPlacementPage(Page[TalentPlacementOut]):
    pass


class PlacementQuery(UnitQuery, PageParams):
    box: int | None = Field(
        None, ge=0, le=9, description="1–9: pegawai di kotak itu; 0: yang belum ditempatkan."
    )


def _talent_access(request: HttpRequest) -> Access:
    access = selectors.access_of(caller(request))
    if access is None:
        raise PermissionDenied(selectors.DENIED)
    return access


def _placement_out(employee: Employee, placement: TalentPlacement) -> dict[str, Any]:
    return {
        "employee_id": employee.pk,
        "nip": employee.nip,
        "name": employee.display_name,
        "work_unit": employee.work_unit.name,
        "position": employee.position.name,
        "performance": placement.performance,
        "potential": placement.potential,
        "box": placement.box,
        "actions": placement.actions,
        "reason": placement.reason,
        "predikat": placement.predikat,
        "predikat_year": placement.predikat_year,
        "score": placement.score,
        "assessed_on": placement.assessed_on,
    }


@router.get(
    "/talent/grid",
    response={200: TalentGridOut, **READ_ERRORS, 404: ErrorOut},
    summary="9-Box: jumlah per kotak",
    description="Pegawai aktif yang dapat dilihat pemanggil (Admin BKPSDM dan Auditor semua, "
    "Admin OPD unitnya, atasan timnya; tanpa dirinya sendiri) per hari ini.",
)
def talent_grid(request: HttpRequest, query: Query[UnitQuery]) -> dict[str, Any]:
    access = _talent_access(request)
    unit = _unit(access, query.unit_id)
    result = selectors.grid(access.within(unit), on=timezone.localdate())
    boxes = []
    for number in range(9, 0, -1):
        performance, potential = rules.AXES_OF_BOX[number]
        boxes.append(
            {
                "box": number,
                "performance": performance,
                "potential": potential,
                "count": result.counts.get(number, 0),
                "actions": rules.actions_for(number),
            }
        )
    return {
        "on": result.on,
        "unit_id": unit.pk if unit else None,
        "placed": result.placed,
        "unplaced": len(result.unplaced),
        "boxes": boxes,
    }


@router.get(
    "/talent/placements",
    response={200: TalentPlacementPage, **READ_ERRORS, 404: ErrorOut},
    summary="9-Box: pegawai dan penempatannya",
    description="Urut nama. box=1–9 hanya kotak itu, box=0 yang belum dapat ditempatkan (dengan "
    "alasannya); tanpa box semuanya.",
)
def talent_placements(request: HttpRequest, query: Query[PlacementQuery]) -> dict[str, Any]:
    access = _talent_access(request)
    unit = _unit(access, query.unit_id)
    result = selectors.grid(access.within(unit), on=timezone.localdate())
    rows = result.rows
    if query.box is not None:
        rows = result.in_box(query.box) if query.box else result.unplaced
    page = _page(rows, query)
    page["items"] = [_placement_out(row.employee, row.placement) for row in page["items"]]
    return page


# --- potential scores


class TalentPotentialOut(Schema):
    id: int
    employee_id: int
    nip: str
    name: str
    assessed_on: dt.date
    method: str
    institution: str
    score: Decimal
    source: str
    note: str


class TalentPotentialPage(Page[TalentPotentialOut]):
    pass


class PotentialQuery(PageParams):
    search: str = Field("", max_length=100, description="Nama atau awal NIP.")


class TalentPotentialIn(Schema):
    employee_id: int = Field(ge=1)
    assessed_on: dt.date
    method: str = Field(max_length=150)
    institution: str = Field("", max_length=200)
    score: Decimal = Field(description="0–100, paling banyak dua desimal.")
    note: str = Field("", max_length=500)


class TalentReasonIn(Schema):
    reason: str = Field(max_length=500)


def _potential_out(row: PotentialAssessment) -> dict[str, Any]:
    return {
        "id": row.pk,
        "employee_id": row.employee_id,
        "nip": row.employee.nip,
        "name": row.employee.display_name,
        "assessed_on": row.assessed_on,
        "method": row.method,
        "institution": row.institution,
        "score": row.score,
        "source": row.source,
        "note": row.note,
    }


@router.get(
    "/talent/potential",
    response={200: TalentPotentialPage, **READ_ERRORS},
    summary="Hasil asesmen potensial",
    description="Pegawai dalam cakupan 9-Box pemanggil; terbaru lebih dulu.",
)
def potential_list(request: HttpRequest, query: Query[PotentialQuery]) -> dict[str, Any]:
    access = _talent_access(request)
    page = paginate(selectors.list_assessments(access.employees, search=query.search), query)
    page["items"] = [_potential_out(row) for row in page["items"]]
    return page


@router.post(
    "/talent/potential",
    response={201: TalentPotentialOut, **WRITE_ERRORS},
    summary="Catat hasil asesmen potensial (Admin BKPSDM)",
    description="Nilai 0–100 (dua desimal), tanggal tidak di masa depan, metode wajib; bukan "
    "data diri sendiri. Pegawai, tanggal dan metode yang sama sudah tercatat: 422.",
)
def potential_record(request: HttpRequest, payload: TalentPotentialIn) -> Status[dict[str, Any]]:
    user = caller(request)
    if not is_hr(user):
        raise PermissionDenied(HR_ONLY)
    employee = get_or_404(Employee.objects.all(), payload.employee_id)
    saved = services.record_potential(
        employee=employee,
        data=services.PotentialInput(
            assessed_on=payload.assessed_on,
            method=payload.method,
            institution=payload.institution,
            score=payload.score,
            note=payload.note,
        ),
        actor=user,
    )
    return Status(201, _potential_out(saved))


@router.post(
    "/talent/potential/{assessment_id}/remove",
    response={204: None, **WRITE_ERRORS},
    summary="Hapus hasil asesmen potensial (Admin BKPSDM)",
    description="Dengan alasan; log audit menyimpan nilai yang dihapus.",
)
def potential_remove(
    request: HttpRequest, assessment_id: int, payload: TalentReasonIn
) -> Status[None]:
    user = caller(request)
    access = _talent_access(request)
    assessment = get_or_404(
        PotentialAssessment.objects.filter(employee__in=access.employees).select_related(
            "employee"
        ),
        assessment_id,
    )
    services.remove_potential(assessment=assessment, reason=payload.reason, actor=user)
    return Status(204, None)


# --- succession pools


class SuccessionPositionOut(Schema):
    id: int
    name: str
    kind: str
    work_unit: str
    holders: int
    pool: int


class SuccessionPositionPage(Page[SuccessionPositionOut]):
    pass


class SearchQuery(PageParams):
    search: str = Field("", max_length=100, description="Nama jabatan atau unit.")


class SuccessionCandidateOut(Schema):
    id: int
    employee_id: int
    nip: str
    name: str
    box_when_added: int
    box_today: int | None
    note: str
    added_at: dt.datetime
    removed_at: dt.datetime | None
    removal_reason: str


class SuccessionPoolOut(Schema):
    position: SuccessionPositionOut
    holders: list[str]
    pool: list[SuccessionCandidateOut]
    hidden_pool: int = Field(description="Kandidat di luar cakupan pemanggil (tidak disebutkan).")
    removed: list[SuccessionCandidateOut]
    proposals: list[TalentPlacementOut] = Field(description="Kotak 7–9, urut kotak lalu nilai.")


class SuccessionCandidateIn(Schema):
    employee_id: int = Field(ge=1)
    note: str = Field("", max_length=500)


def _succession_access(request: HttpRequest) -> Access:
    access = succession_selectors.succession_access(caller(request))
    if access is None:
        raise PermissionDenied(succession_selectors.DENIED)
    return access


def _position_out(position: Any) -> dict[str, Any]:
    return {
        "id": position.pk,
        "name": position.name,
        "kind": position.kind,
        "work_unit": position.work_unit.name if position.work_unit else "",
        "holders": position.holder_count,
        "pool": position.pool_count,
    }


def _candidate_out(row: SuccessionCandidate, box_today: int | None = None) -> dict[str, Any]:
    return {
        "id": row.pk,
        "employee_id": row.employee_id,
        "nip": row.employee.nip,
        "name": row.employee.display_name,
        "box_when_added": row.box,
        "box_today": box_today,
        "note": row.note,
        "added_at": row.created_at,
        "removed_at": row.removed_at,
        "removal_reason": row.removal_reason,
    }


def _pool_out(access: Access, position_id: int) -> dict[str, Any]:
    position = succession_selectors.visible_position(access, position_id)
    if position is None:
        raise Http404
    pool = succession_selectors.position_pool(access, position, on=timezone.localdate())
    return {
        "position": _position_out(position),
        "holders": [person.display_name for person in pool.holders],
        "pool": [_candidate_out(item.candidate, item.placement.box) for item in pool.pool],
        "hidden_pool": pool.hidden_pool,
        "removed": [_candidate_out(row) for row in pool.removed],
        "proposals": [_placement_out(item.employee, item.placement) for item in pool.proposals],
    }


@router.get(
    "/succession/positions",
    response={200: SuccessionPositionPage, **READ_ERRORS},
    summary="Jabatan manajerial dan kelompok rencana suksesinya",
    description="Admin BKPSDM dan Auditor semua; Admin OPD jabatan di unitnya.",
)
def succession_positions(request: HttpRequest, query: Query[SearchQuery]) -> dict[str, Any]:
    access = _succession_access(request)
    page = paginate(succession_selectors.managerial_positions(access, search=query.search), query)
    page["items"] = [_position_out(position) for position in page["items"]]
    return page


@router.get(
    "/succession/positions/{position_id}",
    response={200: SuccessionPoolOut, **DETAIL_ERRORS},
    summary="Kelompok rencana suksesi satu jabatan",
)
def succession_position(request: HttpRequest, position_id: int) -> dict[str, Any]:
    return _pool_out(_succession_access(request), position_id)


@router.post(
    "/succession/positions/{position_id}/candidates",
    response={201: SuccessionCandidateOut, **WRITE_ERRORS},
    summary="Tetapkan kandidat suksesi (Admin BKPSDM)",
    description="Hanya pegawai aktif di kotak 7, 8 atau 9 hari ini, bukan pemangku jabatan itu, "
    "belum dalam kelompoknya, dan bukan diri sendiri; selain itu 400 dengan alasannya.",
)
def succession_add(
    request: HttpRequest, position_id: int, payload: SuccessionCandidateIn
) -> Status[dict[str, Any]]:
    user = caller(request)
    access = _succession_access(request)
    position = succession_selectors.visible_position(access, position_id)
    if position is None:
        raise Http404
    if not is_hr(user):
        raise PermissionDenied(HR_ONLY)
    employee = get_or_404(access.employees, payload.employee_id)
    candidate = succession_services.add_candidate(
        position=position, employee=employee, note=payload.note, actor=user
    )
    return Status(201, _candidate_out(candidate, candidate.box))


@router.post(
    "/succession/candidates/{candidate_id}/remove",
    response={200: SuccessionCandidateOut, **WRITE_ERRORS},
    summary="Keluarkan kandidat suksesi (Admin BKPSDM)",
)
def succession_remove(
    request: HttpRequest, candidate_id: int, payload: TalentReasonIn
) -> dict[str, Any]:
    user = caller(request)
    access = _succession_access(request)
    candidate = get_or_404(
        SuccessionCandidate.objects.select_related("employee", "position"), candidate_id
    )
    if succession_selectors.visible_position(access, candidate.position_id) is None:
        raise Http404
    if not is_hr(user):
        raise PermissionDenied(HR_ONLY)
    removed = succession_services.remove_candidate(
        candidate=candidate, reason=payload.reason, actor=user
    )
    return _candidate_out(removed)


# --- the retirement forecast


class RetirementRowOut(Schema):
    unit_id: int | None
    label: str
    direct: bool = Field(description="true: hanya pegawai yang ditempatkan langsung di unit itu.")
    employees: int
    years: dict[int, int] = Field(description="{tahun: jumlah pegawai yang pensiun}")
    total: int
    overdue: int = Field(description="Masih aktif padahal sudah melewati TMT pensiun.")
    unknown: int = Field(description="Batas usia pensiun jabatannya belum diatur.")


class RetirementForecastOut(Schema):
    today: dt.date
    unit_id: int | None
    years: list[int]
    rows: list[RetirementRowOut]
    total: RetirementRowOut | None


class RetirementLineOut(Schema):
    employee_id: int
    nip: str
    name: str
    work_unit: str
    position: str
    age: int | None
    retires_on: dt.date | None
    reason: str


class RetirementLinePage(Page[RetirementLineOut]):
    pass


class RetirementQuery(UnitQuery, PageParams):
    which: str = Field(
        description='Tahun proyeksi (mis. "2027"), "lewat" (melewati BUP) atau "belum" (BUP '
        "belum diatur)."
    )
    direct_only: bool = Field(False, description="Hanya yang ditempatkan langsung di unit itu.")


def report_years(today: dt.date) -> str:
    years = retirement_rules.forecast_years(today)
    return f"{years[0]}–{years[-1]}"


def _retirement_access(request: HttpRequest) -> Access:
    access = retirement_selectors.retirement_access(caller(request))
    if access is None:
        raise PermissionDenied(retirement_selectors.DENIED)
    return access


def _row_out(row: retirement_selectors.UnitRow) -> dict[str, Any]:
    return {
        "unit_id": row.unit.pk if row.unit else None,
        "label": row.label,
        "direct": row.direct,
        "employees": row.employees,
        "years": row.years,
        "total": row.total,
        "overdue": row.overdue,
        "unknown": row.unknown,
    }


@router.get(
    "/retirement",
    response={200: RetirementForecastOut, **READ_ERRORS, 404: ErrorOut},
    summary="Proyeksi pensiun (BUP) per unit",
    description="Jumlah pegawai aktif yang mencapai BUP pada tahun ini dan empat tahun berikutnya, "
    "per unit tepat di bawah unit_id (bawaan: unit awal pemanggil).",
)
def retirement_forecast(request: HttpRequest, query: Query[UnitQuery]) -> dict[str, Any]:
    access = _retirement_access(request)
    unit = _unit(access, query.unit_id) or retirement_selectors.default_unit(access)
    report = retirement_selectors.forecast(access.employees, unit=unit, today=timezone.localdate())
    return {
        "today": report.today,
        "unit_id": unit.pk if unit else None,
        "years": report.years,
        "rows": [_row_out(row) for row in report.rows],
        "total": _row_out(report.total) if report.total else None,
    }


@router.get(
    "/retirement/employees",
    response={200: RetirementLinePage, **READ_ERRORS, 404: ErrorOut},
    summary="Pegawai di balik satu angka proyeksi pensiun",
)
def retirement_employees(request: HttpRequest, query: Query[RetirementQuery]) -> dict[str, Any]:
    access = _retirement_access(request)
    unit = _unit(access, query.unit_id) or retirement_selectors.default_unit(access)
    today = timezone.localdate()
    which = retirement_selectors.choice_of(query.which, today=today)
    if not which:
        raise InvalidInputError(
            {"which": [f'Pilih tahun {report_years(today)}, "lewat" atau "belum".']}
        )
    lines = retirement_selectors.drill_down(
        access.employees,
        unit=unit,
        which=which,
        today=today,
        direct_only=query.direct_only and unit is not None,
    )
    page = _page(lines, query)
    page["items"] = [
        {
            "employee_id": line.employee.pk,
            "nip": line.employee.nip,
            "name": line.employee.display_name,
            "work_unit": line.employee.work_unit.name,
            "position": line.employee.position.name,
            "age": line.retirement.age,
            "retires_on": line.retirement.retires_on,
            "reason": line.retirement.reason,
        }
        for line in page["items"]
    ]
    return page
