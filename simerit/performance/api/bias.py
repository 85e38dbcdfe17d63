"""Bias control over JSON: rater statistics (with the identity rule of the pages), a unit's
predikat distribution, the calibration of an appraisal and a unit's organisation predikat. Same
selectors, services and access rules as the pages (views/bias.py): only SKPs the caller may see
count, rater statistics wait until the year's 360 collection is closed (409 with the reason), a
pseudonymous rater has no work unit, and a rater with too few answers has no numbers."""

import math
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from simerit.core.api import (
    DETAIL_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    ErrorOut,
    Page,
    PageParams,
    caller,
)
from simerit.core.exceptions import ConflictError
from simerit.organization.models import WorkUnit
from simerit.performance.models import Appraisal, OrganisationPredikat, PerformanceYear, Rating
from simerit.performance.selectors import bias_access as access
from simerit.performance.selectors.bias import rater_statistics
from simerit.performance.selectors.bias_calibration import RaterRow, rater_rows
from simerit.performance.selectors.distribution import unit_distribution
from simerit.performance.services.calibration import MIN_REASON_LENGTH, calibrate_appraisal
from simerit.performance.services.unit_predikat import NOTE_MAX_LENGTH, set_unit_predikat

router = Router(tags=["Kinerja: bias penilai dan distribusi"])

DENIED = "Hanya Admin BKPSDM, Auditor dan pimpinan unit kerja yang dapat melihat laporan ini."


class RaterStatisticOut(Schema):
    rater: str = Field(description="Nama (Auditor, atau penilai sebagai atasan) atau samaran.")
    rater_id: int | None = Field(description="Hanya untuk Auditor.")
    work_unit: str | None = Field(description="Kosong untuk penilai yang disamarkan.")
    withheld: str | None = Field(
        description="Alasan statistik tidak ditampilkan (terlalu sedikit jawaban); angka kosong."
    )
    answers: int | None
    ratings: int | None
    mean: float | None
    spread: float | None = Field(description="Simpangan baku (populasi) nilai penilai.")
    z_unit: float | None
    z_organisation: float | None
    halo_share: float | None
    self_answers_excluded: int | None
    lenient: bool | None
    severe: bool | None
    central_tendency: bool | None
    halo: bool | None


class RaterStatisticPage(Page[RaterStatisticOut]):
    pass


class RaterFilters(PageParams):
    year: int = Field(description="Tahun penilaian, mis. 2026.")
    unit: int | None = Field(None, description="Hanya SKP di unit ini dan di bawahnya.")


class DistributionOut(Schema):
    unit: str
    year: int
    organisation_predikat: str | None
    counts: dict[str, int] = Field(description="Jumlah penilaian per predikat pegawai.")
    skp_status: dict[str, int]
    warnings: list[str] = Field(description="Pesan peringatan kurva distribusi (§5.5).")


class CalibrationIn(Schema):
    result_rating: Rating
    behaviour_rating: Rating
    reason: str = Field(min_length=MIN_REASON_LENGTH, max_length=2000)


class AppraisalOut(Schema):
    id: int
    result_rating: str
    behaviour_rating: str
    predikat: str
    status: str


class UnitPredikatIn(Schema):
    year: int
    predikat: OrganisationPredikat
    note: str = Field("", max_length=NOTE_MAX_LENGTH)


class UnitPredikatOut(Schema):
    unit: str
    year: int
    predikat: str
    note: str


def _year(value: int) -> PerformanceYear:
    year = PerformanceYear.objects.filter(year=value).first()
    if year is None:
        raise Http404
    return year


def _unit(request: HttpRequest, unit_id: int | None, *, opd_admin: bool) -> WorkUnit | None:
    """The unit asked for, within what the caller may read (a leader must name one)."""
    user = caller(request)
    if not access.may_read_bias(user, include_opd_admin=opd_admin):
        raise PermissionDenied(DENIED)
    if unit_id is None:
        if access.sees_all_units(user):
            return None
        raise PermissionDenied("Pilih unit kerja yang Anda pimpin.")
    unit = access.readable_units(user, include_opd_admin=opd_admin).filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    return unit


_NUMBERS = (
    "answers",
    "ratings",
    "mean",
    "spread",
    "z_unit",
    "z_organisation",
    "halo_share",
    "self_answers_excluded",
    "lenient",
    "severe",
    "central_tendency",
    "halo",
)


def _statistic(row: RaterRow, *, reveal: bool) -> dict[str, Any]:
    item = row.statistic
    out: dict[str, Any] = {
        "rater": row.label,
        "rater_id": item.rater_id if reveal else None,
        "work_unit": item.work_unit_name if row.revealed else None,
        "withheld": None if item.enough_answers else access.TOO_FEW_ANSWERS,
    }
    if not item.enough_answers:
        return out | dict.fromkeys(_NUMBERS)
    return out | {
        "answers": item.answers,
        "ratings": item.ratings,
        "mean": item.mean,
        "spread": item.spread,
        "z_unit": item.z_unit,
        "z_organisation": item.z_organisation,
        "halo_share": item.halo_share,
        "self_answers_excluded": item.self_answers_excluded,
        "lenient": item.flags.lenient,
        "severe": item.flags.severe,
        "central_tendency": item.flags.central_tendency,
        "halo": item.flags.halo,
    }


@router.get(
    "/rater-statistics",
    response={200: RaterStatisticPage, **READ_ERRORS, 404: DETAIL_ERRORS[404], 409: ErrorOut},
    summary="Statistik penilai 360",
    description="Per penilai: rata-rata, sebaran, z terhadap unit dan organisasi, porsi halo, "
    "tanda bias, hanya dari SKP yang boleh Anda lihat (SKP Anda sendiri tidak dihitung). "
    "Penilaian diri tidak dihitung. Nama dan unit rekan kerja dan bawahan disamarkan kecuali "
    "untuk Auditor; urutan menurut nama samaran. Selama pengisian masukan 360 masih dibuka: 409.",
)
def list_rater_statistics(request: HttpRequest, filters: Query[RaterFilters]) -> dict[str, Any]:
    unit = _unit(request, filters.unit, opd_admin=True)
    year = _year(filters.year)
    withheld = access.feedback_withheld_reason(year, on=timezone.localdate())
    if withheld:
        raise ConflictError(withheld)
    user = caller(request)
    statistics = rater_statistics(
        year=year,
        unit=unit,
        skps=access.skp_scope(user, include_opd_admin=True),
        min_answers=year.min_group_raters,
    )
    reveal = access.reveals_rater_names(user)
    rows = rater_rows(statistics, reveal=reveal)
    offset = (filters.page - 1) * filters.page_size
    return {
        "items": [
            _statistic(row, reveal=reveal) for row in rows[offset : offset + filters.page_size]
        ],
        "count": len(rows),
        "page": filters.page,
        "pages": max(1, math.ceil(len(rows) / filters.page_size)),
    }


@router.get(
    "/units/{unit_id}/distribution",
    response={200: DistributionOut, **DETAIL_ERRORS},
    summary="Distribusi predikat pegawai satu unit",
)
def get_distribution(request: HttpRequest, unit_id: int, year: int) -> dict[str, Any]:
    unit = _unit(request, unit_id, opd_admin=True)
    assert unit is not None  # noqa: S101 (a unit id was given)
    scope = access.skp_scope(caller(request), include_opd_admin=True)
    result = unit_distribution(year=_year(year), unit=unit, skps=scope)
    return {
        "unit": unit.name,
        "year": result.year.year,
        "organisation_predikat": result.unit_predikat.predikat if result.unit_predikat else None,
        "counts": result.counts,
        "skp_status": {value: count for value, _, count in result.skp_status},
        "warnings": [finding.message for finding in result.findings],
    }


@router.post(
    "/appraisals/{appraisal_id}/calibration",
    response={200: AppraisalOut, **WRITE_ERRORS},
    summary="Kalibrasi penilaian (Admin BKPSDM)",
)
def calibrate(request: HttpRequest, appraisal_id: int, payload: CalibrationIn) -> Appraisal:
    appraisal = Appraisal.objects.filter(pk=appraisal_id).first()
    if appraisal is None:
        raise Http404
    return calibrate_appraisal(
        appraisal=appraisal,
        result_rating=payload.result_rating,
        behaviour_rating=payload.behaviour_rating,
        reason=payload.reason,
        actor=caller(request),
    )


@router.put(
    "/units/{unit_id}/predikat",
    response={200: UnitPredikatOut, **WRITE_ERRORS},
    summary="Tetapkan predikat kinerja organisasi unit (Admin BKPSDM)",
)
def put_unit_predikat(
    request: HttpRequest, unit_id: int, payload: UnitPredikatIn
) -> dict[str, Any]:
    unit = WorkUnit.objects.filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    saved = set_unit_predikat(
        year=_year(payload.year),
        work_unit=unit,
        predikat=payload.predikat,
        note=payload.note,
        actor=caller(request),
    )
    return {"unit": unit.name, "year": payload.year, "predikat": saved.predikat, "note": saved.note}
