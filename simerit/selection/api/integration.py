"""The cut, the SKB-CAT import and the integration over JSON (/api/v1/selection/ranking/...).

Admin BKPSDM runs them (POST); Admin BKPSDM and the Auditor read the readiness, the runs and the
ranked results of a formasi (names masked, as on the pages). Same services and selectors as the
pages: a refused step answers 409 with the same Indonesian message, and nothing changes.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from simerit.core.api import (
    DETAIL_ERRORS,
    WRITE_ERRORS,
    Page,
    PageParams,
    caller,
    get_or_404,
    paginate,
)
from simerit.recruitment.models import Formasi, SelectionPeriod
from simerit.recruitment.rules import mask_name
from simerit.selection.models import FinalResult, IntegrationRun, SkbCandidate
from simerit.selection.permissions import can_manage, can_read
from simerit.selection.rules import FinalStatus
from simerit.selection.selectors import ranking as selectors
from simerit.selection.selectors import ranking_readiness as readiness_selectors
from simerit.selection.selectors.setup import get_setup
from simerit.selection.services import cat_scores, cut, integration, withdrawals

router = Router(tags=["Seleksi kompetensi: pemeringkatan dan integrasi"])

READ_DENIED = "Hanya Admin BKPSDM dan Auditor yang dapat melihat pemeringkatan dan integrasi."
WRITE_DENIED = "Hanya Admin BKPSDM yang dapat menjalankan pemeringkatan dan integrasi."


class CutOut(Schema):
    candidates: int = Field(description="Peserta yang lolos ke SKB (baris SkbCandidate).")
    cut_at: dt.datetime | None


class CatImportOut(Schema):
    results: int = Field(description="Nilai komponen SKB-CAT yang ditulis.")


class StatusCounts(Schema):
    lulus: int
    p_l: int
    tidak_lulus: int
    mengundurkan_diri: int


class RunOut(Schema):
    id: int
    period_id: int
    run_at: dt.datetime
    run_by: str
    formasi_count: int
    result_count: int
    settings_snapshot: dict[str, Any] = Field(
        description="Bobot, nilai maksimum SKD, pengali, jumlah susunan SKB yang berbeda."
    )
    statuses: StatusCounts
    is_latest: bool


class ReadinessOut(Schema):
    ready: bool
    message: str | None = Field(description="Mengapa integrasi belum dapat dijalankan.")
    cut_done: bool
    candidates: int
    withdrawn: int
    invalid_formasi: int
    cat_components: int
    cat_imported: bool
    cat_not_imported: int
    flagged: int
    missing_assessed: int
    latest_run_id: int | None


class FormasiSummaryOut(Schema):
    formasi_id: int
    formasi_code: str
    position: str
    quota: int
    results: int
    ranked: int
    lulus: int
    p_l: int
    tidak_lulus: int
    mengundurkan_diri: int


class FormasiSummaryPage(Page[FormasiSummaryOut]):
    pass


class ResultOut(Schema):
    candidate_id: int
    registration_number: str
    masked_name: str
    rank: int | None = Field(
        description="null: tidak diperingkat (Tidak Lulus, mengundurkan diri)."
    )
    status: str = Field(description="lulus, p_l, tidak_lulus, mengundurkan_diri.")
    status_label: str
    skd_total: int
    twk: int
    tiu: int
    tkp: int
    skb_score: Decimal | None = Field(description="0–100, 4 desimal.")
    final_score: Decimal | None = Field(description="0–100, 4 desimal.")
    explanation: str


class ResultPage(Page[ResultOut]):
    pass


class WithdrawIn(Schema):
    reason: str = Field(description="Alasan sesuai surat peserta, 10–300 karakter.")


class WithdrawOut(Schema):
    candidate_id: int
    withdrawn_at: dt.datetime
    reason: str


def _reader(request: HttpRequest) -> None:
    if not can_read(caller(request)):
        raise PermissionDenied(READ_DENIED)


def _manager(request: HttpRequest) -> None:
    if not can_manage(caller(request)):
        raise PermissionDenied(WRITE_DENIED)


def _run_out(run: IntegrationRun) -> dict[str, Any]:
    latest = selectors.latest_run(run.period)
    return {
        "id": run.pk,
        "period_id": run.period_id,
        "run_at": run.run_at,
        "run_by": run.run_by.full_name or run.run_by.username,
        "formasi_count": run.formasi_count,
        "result_count": run.result_count,
        "settings_snapshot": run.settings_snapshot,
        "statuses": selectors.run_totals(run),
        "is_latest": latest is not None and latest.pk == run.pk,
    }


@router.post(
    "/ranking/periods/{period_id}/cut",
    response={200: CutOut, **WRITE_ERRORS},
    summary="Jalankan pemeringkatan SKD (peserta SKB)",
    description="Admin BKPSDM. Satu INSERT … SELECT dari peringkat SKD; mengganti daftar peserta SKB "
    "periode ini. 409 setelah penilaian SKB dimulai atau bila belum ada hasil SKD.",
)
def run_cut(request: HttpRequest, period_id: int) -> dict[str, Any]:
    _manager(request)
    period = get_or_404(SelectionPeriod.objects.all(), period_id)
    count = cut.run_cut(period=period, actor=caller(request))
    return {"candidates": count, "cut_at": get_setup(period).cut_at}


@router.post(
    "/ranking/periods/{period_id}/cat-import",
    response={200: CatImportOut, **WRITE_ERRORS},
    summary="Impor nilai SKB-CAT dari hasil ujian SKB",
    description="Admin BKPSDM. Nilai = total × 100 / nilai maksimum SKB-CAT; mengganti nilai SKB-CAT "
    "sebelumnya. 409 bila ada total di atas nilai maksimum.",
)
def import_cat(request: HttpRequest, period_id: int) -> dict[str, Any]:
    _manager(request)
    period = get_or_404(SelectionPeriod.objects.all(), period_id)
    return {"results": cat_scores.import_cat_scores(period=period, actor=caller(request))}


@router.post(
    "/ranking/periods/{period_id}/integrate",
    response={200: RunOut, **WRITE_ERRORS},
    summary="Jalankan integrasi nilai dan pemeringkatan akhir",
    description="Admin BKPSDM. 409 dengan jumlah yang belum lengkap (nilai asesor, selisih, SKB-CAT, "
    "susunan SKB); tanpa perubahan apa pun.",
)
def integrate(request: HttpRequest, period_id: int) -> dict[str, Any]:
    _manager(request)
    period = get_or_404(SelectionPeriod.objects.all(), period_id)
    return _run_out(integration.run_integration(period=period, actor=caller(request)))


@router.get(
    "/ranking/periods/{period_id}/readiness",
    response={200: ReadinessOut, **DETAIL_ERRORS},
    summary="Kesiapan integrasi satu periode",
)
def readiness(request: HttpRequest, period_id: int) -> dict[str, Any]:
    _reader(request)
    period = get_or_404(SelectionPeriod.objects.all(), period_id)
    found = readiness_selectors.readiness(period)
    latest = selectors.latest_run(period)
    return {
        "ready": found.ready,
        "message": None if found.ready else found.message,
        "cut_done": found.cut_done,
        "candidates": found.candidates,
        "withdrawn": found.withdrawn,
        "invalid_formasi": found.invalid_formasi,
        "cat_components": found.cat_components,
        "cat_imported": found.cat_imported,
        "cat_not_imported": found.cat_not_imported,
        "flagged": found.flagged,
        "missing_assessed": found.missing_assessed,
        "latest_run_id": latest.pk if latest else None,
    }


@router.get(
    "/ranking/runs/{run_id}",
    response={200: RunOut, **DETAIL_ERRORS},
    summary="Ringkasan satu integrasi",
)
def run_detail(request: HttpRequest, run_id: int) -> dict[str, Any]:
    _reader(request)
    run = get_or_404(IntegrationRun.objects.select_related("run_by", "period"), run_id)
    return _run_out(run)


@router.get(
    "/ranking/runs/{run_id}/formasi",
    response={200: FormasiSummaryPage, **DETAIL_ERRORS, 422: WRITE_ERRORS[422]},
    summary="Jumlah per status setiap formasi satu integrasi",
)
def run_formasi(request: HttpRequest, run_id: int, params: Query[PageParams]) -> dict[str, Any]:
    _reader(request)
    run = get_or_404(IntegrationRun.objects.all(), run_id)
    page = paginate(selectors.run_summary(run), params)
    page["items"] = [
        {
            "formasi_id": row["formasi_id"],
            "formasi_code": row["formasi__code"],
            "position": row["formasi__position__name"],
            "quota": row["formasi__quota"],
            **{key: row[key] for key in ("results", "ranked", *StatusCounts.model_fields)},
        }
        for row in page["items"]
    ]
    return page


@router.get(
    "/ranking/runs/{run_id}/formasi/{formasi_id}/results",
    response={200: ResultPage, **DETAIL_ERRORS, 422: WRITE_ERRORS[422]},
    summary="Peringkat satu formasi dalam satu integrasi",
    description="Urut peringkat; yang tidak diperingkat di akhir. Nama disamarkan.",
)
def formasi_results(
    request: HttpRequest, run_id: int, formasi_id: int, params: Query[PageParams]
) -> dict[str, Any]:
    _reader(request)
    run = get_or_404(IntegrationRun.objects.all(), run_id)
    formasi = get_or_404(Formasi.objects.filter(period_id=run.period_id), formasi_id)
    page = paginate(selectors.results_of(run, formasi), params)
    settings = selectors.run_settings(run)
    ranked = selectors.ranked_count(run, formasi)
    page["items"] = [_result_out(r, settings, ranked, formasi.quota) for r in page["items"]]
    return page


def _result_out(
    result: FinalResult, settings: selectors.RunSettings, ranked: int, quota: int
) -> dict[str, Any]:
    return {
        "candidate_id": result.candidate_id,
        "registration_number": result.application.registration_number,
        "masked_name": mask_name(result.application.applicant.name),
        "rank": result.rank,
        "status": result.status,
        "status_label": FinalStatus(result.status).label,
        "skd_total": result.skd_total,
        "twk": result.twk,
        "tiu": result.tiu,
        "tkp": result.tkp,
        "skb_score": result.skb_score,
        "final_score": result.final_score,
        "explanation": selectors.explain_result(result, settings, ranked, quota),
    }


@router.post(
    "/ranking/candidates/{candidate_id}/withdraw",
    response={200: WithdrawOut, **WRITE_ERRORS},
    summary="Catat pengunduran diri peserta SKB",
    description="Admin BKPSDM, dari surat peserta. Berlaku pada integrasi berikutnya. 409 bila sudah "
    "tercatat.",
)
def withdraw(request: HttpRequest, candidate_id: int, payload: WithdrawIn) -> dict[str, Any]:
    _manager(request)
    candidate = get_or_404(SkbCandidate.objects.all(), candidate_id)
    done = withdrawals.withdraw(candidate=candidate, reason=payload.reason, actor=caller(request))
    return {
        "candidate_id": done.pk,
        "withdrawn_at": done.withdrawn_at,
        "reason": done.withdrawal_reason,
    }
