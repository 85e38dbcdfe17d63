"""JSON API of SKP planning: the performance years (Admin BKPSDM configures them and closes the 360
collection; the Auditor reads), the SKPs the caller may see, their plan, and the writes of the
employee (create own, add RHK and indicators, submit) and of the pejabat penilai (approve,
return). Same selectors and services as the pages; an SKP the caller may not see is 404."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status

from simerit.core.api import (
    DETAIL_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    Page,
    PageParams,
    caller,
    get_or_404,
    paginate,
)
from simerit.core.exceptions import DomainError
from simerit.performance import permissions
from simerit.performance.models import Frequency, Indicator, PerformanceYear, Skp, WorkResult
from simerit.performance.selectors import planning as selectors
from simerit.performance.services import planning as services
from simerit.performance.services import planning_results as result_services
from simerit.performance.services import planning_years as year_services

router = Router(tags=["Kinerja: SKP"])
YEAR_READERS_ONLY = "Periode penilaian kinerja hanya untuk Admin BKPSDM dan Auditor."


class YearConfigIn(Schema):
    starts_on: dt.date
    ends_on: dt.date
    ratings_close_on: dt.date = Field(description="Keputusan pejabat penilai ditolak sesudahnya.")
    feedback_closes_on: dt.date | None = Field(
        None,
        description="Batas akhir masukan 360: rekapitulasi masukan 360 baru ditampilkan "
        "sesudahnya. Kosong: sama dengan ratings_close_on.",
    )
    frequency: Frequency = Frequency.QUARTERLY
    min_group_raters: int = 3
    justification_margin: Decimal = Decimal(1)
    objection_days: int = 14
    achievement_cap: int = 120

    def config(self) -> year_services.YearConfig:
        return year_services.YearConfig(
            starts_on=self.starts_on,
            ends_on=self.ends_on,
            ratings_close_on=self.ratings_close_on,
            feedback_closes_on=self.feedback_closes_on,
            frequency=self.frequency.value,
            min_group_raters=self.min_group_raters,
            justification_margin=self.justification_margin,
            objection_days=self.objection_days,
            achievement_cap=self.achievement_cap,
        )


class YearOpenIn(YearConfigIn):
    year: int


class YearOut(Schema):
    id: int
    year: int
    status: str = Field(description="planning, running, closed.")
    starts_on: dt.date
    ends_on: dt.date
    feedback_closes_on: dt.date
    feedback_closed_at: dt.datetime | None = Field(
        description="Saat Admin BKPSDM menutup masukan 360 lebih awal."
    )
    ratings_close_on: dt.date
    frequency: str
    min_group_raters: int
    justification_margin: Decimal
    objection_days: int
    achievement_cap: int


class YearPage(Page[YearOut]):
    pass


class SkpOut(Schema):
    id: int
    year: int
    employee_id: int
    employee_name: str
    work_unit: str
    position: str
    evaluator_id: int
    evaluator_name: str
    evaluator_superior_id: int | None
    status: str = Field(description="draft, submitted, returned, approved.")
    submitted_at: dt.datetime | None
    approved_at: dt.datetime | None
    return_note: str


class SkpPage(Page[SkpOut]):
    pass


class IndicatorOut(Schema):
    id: int
    aspect: str
    text: str
    target: Decimal
    unit: str
    lower_is_better: bool


class ResultOut(Schema):
    id: int
    kind: str = Field(description="utama atau tambahan.")
    order: int
    text: str
    parent_id: int | None = Field(description="RHK pimpinan yang diintervensi.")
    parent_text: str | None
    perspective: str
    indicators: list[IndicatorOut]


class SkpDetailOut(SkpOut):
    results: list[ResultOut]


class ListFilters(PageParams):
    year: int | None = Field(None, description="Saring menurut tahun.")
    status: Skp.Status | None = Field(None, description="Saring menurut status.")


class CreateIn(Schema):
    year: int = Field(description="Tahun periode penilaian kinerja.")


class ReturnIn(Schema):
    note: str = Field(max_length=services.NOTE_MAX_LENGTH)


class ResultIn(Schema):
    kind: WorkResult.Kind = WorkResult.Kind.MAIN
    text: str = Field(max_length=result_services.TEXT_MAX_LENGTH)
    parent_id: int | None = None
    perspective: str = ""


class IndicatorIn(Schema):
    aspect: Indicator.Aspect
    text: str = Field(max_length=result_services.TEXT_MAX_LENGTH)
    target: Decimal
    unit: str = Field(max_length=result_services.UNIT_MAX_LENGTH)
    lower_is_better: bool | None = Field(
        None, description="Bawaan: true untuk aspek waktu dan biaya."
    )


def _out(skp: Skp) -> dict[str, Any]:
    return {
        "id": skp.pk,
        "year": skp.year.year,
        "employee_id": skp.employee_id,
        "employee_name": skp.employee.display_name,
        "work_unit": skp.work_unit.name,
        "position": skp.position.name,
        "evaluator_id": skp.evaluator_id,
        "evaluator_name": skp.evaluator.display_name,
        "evaluator_superior_id": skp.evaluator_superior_id,
        "status": skp.status,
        "submitted_at": skp.submitted_at,
        "approved_at": skp.approved_at,
        "return_note": skp.return_note,
    }


def _result_out(result: WorkResult) -> dict[str, Any]:
    return {
        "id": result.pk,
        "kind": result.kind,
        "order": result.order,
        "text": result.text,
        "parent_id": result.parent_id,
        "parent_text": result.parent.text if result.parent else None,
        "perspective": result.perspective,
        "indicators": list(result.indicators.all()),
    }


def _detail_out(skp: Skp) -> dict[str, Any]:
    return {**_out(skp), "results": [_result_out(r) for r in selectors.results_of(skp)]}


def _year_reader(request: HttpRequest) -> None:
    user = caller(request)
    if not (permissions.is_hr(user) or permissions.is_auditor(user)):
        raise PermissionDenied(YEAR_READERS_ONLY)


def _visible(request: HttpRequest, skp_id: int) -> Skp:
    visible = selectors.skps_with_header(permissions.visible_skps(caller(request)))
    return get_or_404(visible, skp_id)


@router.get(
    "/skps",
    response={200: SkpPage, **READ_ERRORS},
    summary="Daftar SKP yang dapat dilihat",
    description="SKP sendiri, SKP yang dinilai atau diatasi, tim di bawahnya; Admin BKPSDM dan "
    "Auditor melihat semua.",
)
def list_skps(request: HttpRequest, filters: Query[ListFilters]) -> dict[str, Any]:
    status = filters.status.value if filters.status else ""
    skps = selectors.visible_list(caller(request), year=filters.year, status=status)
    page = paginate(skps, filters)
    page["items"] = [_out(skp) for skp in page["items"]]
    return page


@router.get(
    "/skps/{skp_id}",
    response={200: SkpDetailOut, **DETAIL_ERRORS},
    summary="Satu SKP dengan RHK dan indikatornya",
)
def get_skp(request: HttpRequest, skp_id: int) -> dict[str, Any]:
    return _detail_out(_visible(request, skp_id))


@router.post(
    "/skps",
    response={201: SkpDetailOut, **WRITE_ERRORS},
    summary="Buat SKP sendiri",
    description="Untuk pegawai pemilik akun; kepala SKP disalin dari data pegawai. 409 bila sudah "
    "ada SKP pada tahun itu.",
)
def create_skp(request: HttpRequest, payload: CreateIn) -> Status[dict[str, Any]]:
    year = PerformanceYear.objects.filter(year=payload.year).first()
    if year is None:
        raise Http404
    skp = services.create_skp(year=year, actor=caller(request))
    return Status(201, _detail_out(skp))


@router.post(
    "/skps/{skp_id}/results",
    response={201: ResultOut, **WRITE_ERRORS},
    summary="Tambah RHK",
    description="Pegawai pemilik SKP, selama draf atau dikembalikan. `parent_id`: RHK dari SKP "
    "pejabat penilai pada tahun yang sama.",
)
def add_result(request: HttpRequest, skp_id: int, payload: ResultIn) -> Status[dict[str, Any]]:
    skp = _visible(request, skp_id)
    parent = None
    if payload.parent_id is not None:
        parent = WorkResult.objects.select_related("skp").filter(pk=payload.parent_id).first()
        if parent is None:
            raise DomainError("RHK pimpinan yang diintervensi tidak ditemukan.", field="parent_id")
    data = result_services.ResultInput(
        kind=payload.kind.value, text=payload.text, parent=parent, perspective=payload.perspective
    )
    result = result_services.add_result(skp=skp, data=data, actor=caller(request))
    return Status(201, _result_out(result))


@router.post(
    "/skps/{skp_id}/results/{result_id}/indicators",
    response={201: IndicatorOut, **WRITE_ERRORS},
    summary="Tambah indikator pada RHK",
    description="Target 0 sampai 9.999.999.999,99, paling banyak dua desimal.",
)
def add_indicator(
    request: HttpRequest, skp_id: int, result_id: int, payload: IndicatorIn
) -> Status[Indicator]:
    skp = _visible(request, skp_id)
    result = get_or_404(WorkResult.objects.filter(skp=skp), result_id)
    data = result_services.IndicatorInput(
        aspect=payload.aspect.value,
        text=payload.text,
        target=payload.target,
        unit=payload.unit,
        lower_is_better=payload.lower_is_better,
    )
    return Status(
        201, result_services.add_indicator(result=result, data=data, actor=caller(request))
    )


@router.post(
    "/skps/{skp_id}/submit",
    response={200: SkpOut, **WRITE_ERRORS},
    summary="Ajukan SKP kepada pejabat penilai",
)
def submit_skp(request: HttpRequest, skp_id: int) -> dict[str, Any]:
    skp = services.submit_skp(skp=_visible(request, skp_id), actor=caller(request))
    return _out(skp)


@router.post(
    "/skps/{skp_id}/approve",
    response={200: SkpOut, **WRITE_ERRORS},
    summary="Setujui SKP (pejabat penilai)",
)
def approve_skp(request: HttpRequest, skp_id: int) -> dict[str, Any]:
    skp = services.approve_skp(skp=_visible(request, skp_id), actor=caller(request))
    return _out(skp)


@router.post(
    "/skps/{skp_id}/return",
    response={200: SkpOut, **WRITE_ERRORS},
    summary="Kembalikan SKP untuk perbaikan (pejabat penilai)",
    description="Catatan pengembalian wajib diisi.",
)
def return_skp(request: HttpRequest, skp_id: int, payload: ReturnIn) -> dict[str, Any]:
    skp = services.return_skp(
        skp=_visible(request, skp_id), note=payload.note, actor=caller(request)
    )
    return _out(skp)


@router.get(
    "/years",
    response={200: YearPage, **READ_ERRORS},
    summary="Daftar periode penilaian kinerja",
    description="Admin BKPSDM dan Auditor; tahun terbaru lebih dahulu.",
)
def list_years(request: HttpRequest, params: Query[PageParams]) -> dict[str, Any]:
    _year_reader(request)
    return paginate(PerformanceYear.objects.order_by("-year"), params)


@router.get(
    "/years/{year_id}",
    response={200: YearOut, **DETAIL_ERRORS},
    summary="Satu periode penilaian kinerja dengan konfigurasinya",
)
def get_year(request: HttpRequest, year_id: int) -> PerformanceYear:
    _year_reader(request)
    return get_or_404(PerformanceYear.objects.all(), year_id)


@router.post(
    "/years",
    response={201: YearOut, **WRITE_ERRORS},
    summary="Buka periode penilaian kinerja (Admin BKPSDM)",
)
def open_year(request: HttpRequest, payload: YearOpenIn) -> Status[PerformanceYear]:
    year = year_services.open_year(
        year=payload.year, config=payload.config(), actor=caller(request)
    )
    return Status(201, year)


@router.put(
    "/years/{year_id}",
    response={200: YearOut, **WRITE_ERRORS},
    summary="Ubah konfigurasi periode (Admin BKPSDM)",
    description="Ditolak bila periode sudah ditutup, dan untuk pengaturan yang mengatur data yang "
    "sudah tercatat: periode realisasi (sudah ada realisasi), minimal penilai per kelompok dan "
    "batas akhir masukan 360 (sudah ada jawaban 360), batas hari keberatan (sudah ada hasil "
    "yang diterima pegawai).",
)
def update_year(request: HttpRequest, year_id: int, payload: YearConfigIn) -> PerformanceYear:
    year = get_or_404(PerformanceYear.objects.all(), year_id)
    return year_services.update_year(year=year, config=payload.config(), actor=caller(request))


@router.post(
    "/years/{year_id}/feedback-closure",
    response={200: YearOut, **WRITE_ERRORS},
    summary="Tutup masukan 360 sekarang (Admin BKPSDM)",
    description="Hanya pada periode yang sedang berjalan, sekali. Sesudahnya jawaban 360 ditolak "
    "dan rekapitulasinya ditampilkan. 409 bila sudah ditutup.",
)
def close_feedback(request: HttpRequest, year_id: int) -> PerformanceYear:
    year = get_or_404(PerformanceYear.objects.all(), year_id)
    return year_services.close_feedback(year=year, actor=caller(request))
