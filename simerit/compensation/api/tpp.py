"""JSON API of TPP (same selectors and services as the pages): the schemes, the runs with their
lines, Admin BKPSDM's compute / recompute / finalise / correction, and the caller's own lines.

A run the caller may not open is a 404; an action refused to someone who may open it (the
Auditor, an Admin OPD) is a 403. Percentages are decimals sent as strings ("92.42"); amounts are
whole rupiah. A line's `sanction_case_number` is empty unless the caller may see the case (Admin
BKPSDM, the Auditor, the employee on their own line)."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status

from simerit.accounts.models import User
from simerit.compensation.models import Line, Run, Scheme
from simerit.compensation.permissions import case_number_for, employee_of, reads_runs
from simerit.compensation.rules.tpp import MONTH_MESSAGE, parse_month
from simerit.compensation.selectors import runs as run_selectors
from simerit.compensation.selectors import schemes as scheme_selectors
from simerit.compensation.selectors.tpp import lines_of
from simerit.compensation.services import runs as services
from simerit.core.api import (
    DETAIL_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    ErrorOut,
    Page,
    PageParams,
    caller,
    paginate,
)
from simerit.core.exceptions import InvalidInputError
from simerit.performance.models import Predikat

router = Router(tags=["TPP"])

DENIED = "Data TPP ini hanya untuk Admin BKPSDM, Auditor, dan Admin OPD."


# --- Schemas


class RateOut(Schema):
    predikat: str
    label: str
    rate: Decimal = Field(description="Persen bagian kinerja yang dibayar untuk predikat ini.")


class BaseAmountOut(Schema):
    id: int
    position_kind: str
    position_id: int | None = Field(description="null: pagu seluruh jabatan jenis itu.")
    position_name: str
    amount: int = Field(description="Pagu TPP per bulan (Rp).")


class SchemeOut(Schema):
    id: int
    name: str
    effective_from: dt.date = Field(description="Bulan mulai berlaku (tanggal 1).")
    legal_basis: str
    performance_weight: Decimal
    discipline_weight: Decimal
    absent_day_cut: Decimal
    late_hour_cut: Decimal
    missing_predikat_rate: Decimal
    apply_sanction_cut: bool
    frozen: bool = Field(description="true: sudah dipakai perhitungan, tidak dapat diubah.")
    rates: list[RateOut]
    base_amounts: list[BaseAmountOut]


class SchemePage(Page[SchemeOut]):
    pass


class RunOut(Schema):
    id: int
    month: dt.date = Field(description="Bulan (tanggal 1).")
    status: str = Field(description="draft, final, atau superseded.")
    scheme_id: int
    scheme_name: str
    supersedes_id: int | None
    employees: int
    total_amount: int
    skipped_without_base: int = Field(
        description="Pegawai aktif yang tidak dihitung karena jabatannya tanpa pagu saat dihitung."
    )
    computed_at: dt.datetime
    finalised_at: dt.datetime | None


class RunPage(Page[RunOut]):
    pass


class LineOut(Schema):
    id: int
    run_id: int
    month: dt.date
    employee_id: int
    nip: str
    name: str
    work_unit: str = Field(description="Unit kerja saat TPP dihitung.")
    position: str = Field(description="Jabatan saat TPP dihitung.")
    position_kind: str = Field(description="Jenis jabatan saat TPP dihitung.")
    base_amount: int
    predikat: str = Field(description="Kosong bila belum ada predikat final.")
    predikat_year: int | None
    performance_rate: Decimal
    performance_amount: int
    absent_days: int
    late_minutes: int
    discipline_rate: Decimal
    discipline_amount: int
    gross_amount: int
    sanction_case_number: str = Field(
        description="Nomor kasus hukuman disiplin yang memotong TPP; kosong bila tidak ada atau "
        "bila pemanggil tidak boleh melihat kasus itu (hanya Admin BKPSDM, Auditor, dan pegawai "
        "pada TPP-nya sendiri)."
    )
    sanction_cut_percent: int
    sanction_cut_amount: int
    total_amount: int
    explanation: list[str]


class LinePage(Page[LineOut]):
    pass


class ComputeIn(Schema):
    month: str = Field(description="Bulan yang dihitung, TTTT-BB.", examples=["2026-10"])


class LineQuery(PageParams):
    q: str = Field("", max_length=100, description="Cari nama atau awal NIP.")


# --- Helpers


def _staff(request: HttpRequest) -> None:
    if not reads_runs(caller(request)):
        raise PermissionDenied(DENIED)


def _run(request: HttpRequest, run_id: int) -> Run:
    run = run_selectors.get_run(caller(request), run_id)
    if run is None:
        raise Http404
    return run


def _scheme_out(scheme: Scheme) -> dict[str, Any]:
    labels = dict(Predikat.choices)
    return {
        "id": scheme.pk,
        "name": scheme.name,
        "effective_from": scheme.effective_from,
        "legal_basis": scheme.legal_basis,
        "performance_weight": scheme.performance_weight,
        "discipline_weight": scheme.discipline_weight,
        "absent_day_cut": scheme.absent_day_cut,
        "late_hour_cut": scheme.late_hour_cut,
        "missing_predikat_rate": scheme.missing_predikat_rate,
        "apply_sanction_cut": scheme.apply_sanction_cut,
        "frozen": scheme.run_count > 0,  # type: ignore[attr-defined]
        "rates": [
            {"predikat": rate.predikat, "label": labels.get(rate.predikat, ""), "rate": rate.rate}
            for rate in scheme.predikat_rates.all()
        ],
        "base_amounts": [
            {
                "id": base.pk,
                "position_kind": base.position_kind,
                "position_id": base.position_id,
                "position_name": base.position.name if base.position else "",
                "amount": base.amount,
            }
            for base in scheme.base_amounts.all()
        ],
    }


def _run_out(run: Run) -> dict[str, Any]:
    return {
        "id": run.pk,
        "month": run.month,
        "status": run.status,
        "scheme_id": run.scheme_id,
        "scheme_name": run.scheme.name,
        "supersedes_id": run.supersedes_id,
        "employees": run.employees,
        "total_amount": run.total_amount,
        "skipped_without_base": run.skipped_without_base,
        "computed_at": run.computed_at,
        "finalised_at": run.finalised_at,
    }


def _line_out(line: Line, reader: User) -> dict[str, Any]:
    employee = line.employee
    return {
        "id": line.pk,
        "run_id": line.run_id,
        "month": line.run.month,
        "employee_id": employee.pk,
        "nip": employee.nip,
        "name": employee.display_name,
        # As computed, not the employee's current post: a final run never changes.
        "work_unit": line.unit_name,
        "position": line.position_name,
        "position_kind": line.position_kind,
        **{
            name: getattr(line, name)
            for name in (
                "base_amount",
                "predikat",
                "predikat_year",
                "performance_rate",
                "performance_amount",
                "absent_days",
                "late_minutes",
                "discipline_rate",
                "discipline_amount",
                "gross_amount",
                "sanction_cut_percent",
                "sanction_cut_amount",
                "total_amount",
                "explanation",
            )
        },
        "sanction_case_number": case_number_for(reader, line),
    }


# --- Endpoints


@router.get(
    "/schemes",
    response={200: SchemePage, **READ_ERRORS},
    summary="Skema TPP",
    description="Skema (Perwali) terbaru lebih dulu, dengan tarif predikat dan pagu; untuk Admin "
    "BKPSDM, Auditor, dan Admin OPD.",
)
def list_schemes(request: HttpRequest, query: Query[PageParams]) -> dict[str, Any]:
    _staff(request)
    schemes = scheme_selectors.list_schemes().prefetch_related(
        "predikat_rates", "base_amounts__position"
    )
    page = paginate(schemes, query)
    page["items"] = [_scheme_out(scheme) for scheme in page["items"]]
    return page


@router.get(
    "/runs",
    response={200: RunPage, **READ_ERRORS},
    summary="Perhitungan TPP",
    description="Perhitungan per bulan, terbaru lebih dulu; untuk Admin BKPSDM, Auditor, dan "
    "Admin OPD.",
)
def list_runs(request: HttpRequest, query: Query[PageParams]) -> dict[str, Any]:
    _staff(request)
    page = paginate(run_selectors.list_runs(caller(request)), query)
    page["items"] = [_run_out(run) for run in page["items"]]
    return page


@router.get(
    "/runs/{run_id}",
    response={200: RunOut, **DETAIL_ERRORS},
    summary="Satu perhitungan TPP",
    description="404 bila pemanggil tidak boleh membukanya (pegawai: hanya perhitungan final "
    "yang memuat TPP-nya).",
)
def get_run(request: HttpRequest, run_id: int) -> dict[str, Any]:
    return _run_out(_run(request, run_id))


@router.get(
    "/runs/{run_id}/lines",
    response={200: LinePage, **DETAIL_ERRORS, 422: ErrorOut},
    summary="TPP per pegawai dalam satu perhitungan",
    description="Baris yang boleh dibaca pemanggil: semua (Admin BKPSDM, Auditor), unit dan "
    "bawahannya (Admin OPD), atau baris sendiri pada perhitungan final (pegawai); urut nama.",
)
def run_lines(request: HttpRequest, run_id: int, query: Query[LineQuery]) -> dict[str, Any]:
    run = _run(request, run_id)
    lines = run_selectors.run_lines(caller(request), run, search=query.q).select_related("run")
    page = paginate(lines, query)
    page["items"] = [_line_out(line, caller(request)) for line in page["items"]]
    return page


@router.post(
    "/runs",
    response={201: RunOut, **WRITE_ERRORS},
    summary="Hitung TPP satu bulan",
    description="Admin BKPSDM: draf baru untuk bulan itu dengan skema yang berlaku; 409 bila "
    "sudah ada draf atau perhitungan final bulan itu.",
)
def compute_run(request: HttpRequest, payload: ComputeIn) -> Status[dict[str, Any]]:
    month = parse_month(payload.month)
    if month is None:
        raise InvalidInputError({"month": [MONTH_MESSAGE]})
    run = services.compute_run(actor=caller(request), month=month)
    return Status(201, _run_out(run))


@router.post(
    "/runs/{run_id}/recompute",
    response={200: RunOut, **WRITE_ERRORS},
    summary="Hitung ulang draf",
    description="Admin BKPSDM: baris draf diganti perhitungan baru (mis. setelah impor rekap "
    "kehadiran).",
)
def recompute_run(request: HttpRequest, run_id: int) -> dict[str, Any]:
    run = services.recompute_run(actor=caller(request), run=_run(request, run_id))
    return _run_out(run)


@router.post(
    "/runs/{run_id}/finalise",
    response={200: RunOut, **WRITE_ERRORS},
    summary="Finalkan draf",
    description="Admin BKPSDM: draf menjadi perhitungan final untuk penggajian; perhitungan "
    "final yang dikoreksinya menjadi superseded.",
)
def finalise_run(request: HttpRequest, run_id: int) -> dict[str, Any]:
    run = services.finalise_run(actor=caller(request), run=_run(request, run_id))
    return _run_out(run)


@router.post(
    "/runs/{run_id}/correction",
    response={201: RunOut, **WRITE_ERRORS},
    summary="Koreksi perhitungan final",
    description="Admin BKPSDM: draf pengganti bulan yang sama; setelah difinalkan, menggantikan "
    "perhitungan final ini.",
)
def start_correction(request: HttpRequest, run_id: int) -> Status[dict[str, Any]]:
    run = services.start_correction(actor=caller(request), run=_run(request, run_id))
    return Status(201, _run_out(run))


@router.get(
    "/me/lines",
    response={200: LinePage, **DETAIL_ERRORS, 422: ErrorOut},
    summary="TPP saya",
    description="TPP pemanggil pada perhitungan final, bulan terbaru lebih dulu, dengan "
    "penjelasannya; 404 bila akun tidak terhubung dengan data pegawai.",
)
def my_lines(request: HttpRequest, query: Query[PageParams]) -> dict[str, Any]:
    employee = employee_of(caller(request))
    if employee is None:
        raise Http404
    lines = lines_of(employee.pk).select_related("employee")
    page = paginate(lines, query)
    page["items"] = [_line_out(line, caller(request)) for line in page["items"]]
    return page
