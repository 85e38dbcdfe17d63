"""JSON API of the appraisal and the keberatan (same selectors and services as the pages): read an
SKP's appraisal, the pejabat penilai decides, the employee objects, both sides state, the atasan
decides; the keberatan waiting for the caller as atasan."""

import datetime as dt
from typing import Any, Literal

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from simerit.accounts.models import User
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
from simerit.performance.models import Appraisal, Objection, Rating, Skp
from simerit.performance.permissions import visible_skps
from simerit.performance.selectors import appraisal as selectors
from simerit.performance.services import appraisal as services
from simerit.performance.services import objections as objection_services
from simerit.performance.services.appraisal import JUSTIFICATION_MAX_LENGTH
from simerit.performance.services.objections import REASONS_MAX_LENGTH

router = Router(tags=["Kinerja: penilaian dan keberatan"])


class ObjectionOut(Schema):
    id: int
    status: str = Field(description="filed (diajukan), upheld (tetap), changed (diubah).")
    reasons: str
    filed_at: dt.datetime
    evaluator_statement: str
    employee_statement: str
    original_result_rating: str
    original_behaviour_rating: str
    original_predikat: str
    decision_reason: str
    decided_at: dt.datetime | None


class AppraisalOut(Schema):
    id: int
    skp_id: int
    result_rating: str
    behaviour_rating: str
    predikat: str
    justification: str
    evidence: dict[str, Any] | None = Field(
        description="Ringkasan masukan 360 yang menjadi dasar penetapan; null bila pemanggil "
        "tidak berhak melihatnya (hanya pegawai, pejabat penilai, Admin BKPSDM, Auditor, dan "
        "atasan pejabat penilai setelah ada keberatan)."
    )
    status: str = Field(description="Status tersimpan: decided, delivered, objected, final.")
    effective_status: str = Field(
        description="Status hari ini: hasil yang lewat masa keberatan tanpa keberatan = final."
    )
    decided_at: dt.datetime
    delivered_at: dt.datetime | None
    objection_deadline: dt.date | None
    objection: ObjectionOut | None


class DecisionIn(Schema):
    result_rating: Rating
    behaviour_rating: Rating
    justification: str = Field("", max_length=JUSTIFICATION_MAX_LENGTH)


class ObjectionIn(Schema):
    reasons: str = Field(max_length=REASONS_MAX_LENGTH)


class StatementIn(Schema):
    text: str = Field(max_length=REASONS_MAX_LENGTH)


class ObjectionDecisionIn(Schema):
    outcome: Literal["upheld", "changed"]
    result_rating: Rating | None = None
    behaviour_rating: Rating | None = None
    reason: str = Field(max_length=REASONS_MAX_LENGTH)


class WaitingObjectionOut(Schema):
    id: int
    skp_id: int
    employee_name: str
    year: int
    original_predikat: str
    filed_at: dt.datetime
    has_evaluator_statement: bool


class WaitingObjectionPage(Page[WaitingObjectionOut]):
    pass


def _objection_out(objection: Objection | None) -> dict[str, Any] | None:
    if objection is None:
        return None
    return {
        "id": objection.pk,
        "status": objection.status,
        "reasons": objection.reasons,
        "filed_at": objection.filed_at,
        "evaluator_statement": objection.evaluator_statement,
        "employee_statement": objection.employee_statement,
        "original_result_rating": objection.original_result_rating,
        "original_behaviour_rating": objection.original_behaviour_rating,
        "original_predikat": objection.original_predikat,
        "decision_reason": objection.decision_reason,
        "decided_at": objection.decided_at,
    }


def _out(appraisal: Appraisal, user: User) -> dict[str, Any]:
    objection = selectors.get_objection(appraisal)
    evidence = selectors.visible_evidence(
        appraisal.skp,
        appraisal=appraisal,
        objection=objection,
        user=user,
        today=timezone.localdate(),
    )
    return {
        "id": appraisal.pk,
        "skp_id": appraisal.skp_id,
        "result_rating": appraisal.result_rating,
        "behaviour_rating": appraisal.behaviour_rating,
        "predikat": appraisal.predikat,
        "justification": appraisal.justification,
        "evidence": evidence,
        "status": appraisal.status,
        "effective_status": selectors.effective_status(appraisal, on=timezone.localdate()),
        "decided_at": appraisal.decided_at,
        "delivered_at": appraisal.delivered_at,
        "objection_deadline": selectors.objection_deadline(appraisal),
        "objection": _objection_out(objection),
    }


def _skp(request: HttpRequest, skp_id: int) -> Skp:
    return get_or_404(visible_skps(caller(request)).select_related("year"), skp_id)


def _appraisal(request: HttpRequest, skp_id: int) -> Appraisal:
    appraisal = selectors.get_appraisal(_skp(request, skp_id))
    if appraisal is None:
        raise Http404
    return appraisal


def _objection(appraisal: Appraisal) -> Objection:
    objection = selectors.get_objection(appraisal)
    if objection is None:
        raise Http404
    return objection


@router.get(
    "/skps/{skp_id}/appraisal",
    response={200: AppraisalOut, **DETAIL_ERRORS},
    summary="Penilaian kinerja satu SKP",
    description="Siapa pun yang boleh membuka SKP itu; 404 bila SKP tidak terlihat atau belum "
    "dinilai.",
)
def get_appraisal(request: HttpRequest, skp_id: int) -> dict[str, Any]:
    return _out(_appraisal(request, skp_id), caller(request))


@router.post(
    "/skps/{skp_id}/appraisal/decide",
    response={201: AppraisalOut, **WRITE_ERRORS},
    summary="Tetapkan penilaian",
    description="Pejabat penilai SKP yang disetujui, sekali, sampai batas akhir penilaian. "
    "Justifikasi wajib bila rating perilaku berbeda dari rata-rata masukan 360 lebih dari batas "
    "periode.",
)
def decide(request: HttpRequest, skp_id: int, payload: DecisionIn) -> Status[dict[str, Any]]:
    appraisal = services.decide_appraisal(
        skp=_skp(request, skp_id),
        result_rating=payload.result_rating.value,
        behaviour_rating=payload.behaviour_rating.value,
        justification=payload.justification,
        actor=caller(request),
    )
    return Status(201, _out(appraisal, caller(request)))


@router.post(
    "/skps/{skp_id}/appraisal/objection",
    response={201: AppraisalOut, **WRITE_ERRORS},
    summary="Ajukan keberatan",
    description="Pegawai yang dinilai, sekali, dalam masa keberatan (hari terakhir termasuk); "
    "alasan paling sedikit 20 karakter.",
)
def file_objection(
    request: HttpRequest, skp_id: int, payload: ObjectionIn
) -> Status[dict[str, Any]]:
    appraisal = _appraisal(request, skp_id)
    objection_services.file_objection(
        appraisal=appraisal, reasons=payload.reasons, actor=caller(request)
    )
    appraisal.refresh_from_db()
    return Status(201, _out(appraisal, caller(request)))


@router.post(
    "/skps/{skp_id}/appraisal/objection/statement",
    response={200: AppraisalOut, **WRITE_ERRORS},
    summary="Tulis penjelasan atas keberatan",
    description="Pejabat penilai (penjelasan pejabat penilai) atau pegawai (penjelasan pegawai), "
    "selama keberatan belum diputus.",
)
def add_statement(request: HttpRequest, skp_id: int, payload: StatementIn) -> dict[str, Any]:
    appraisal = _appraisal(request, skp_id)
    objection_services.add_objection_statement(
        objection=_objection(appraisal), text=payload.text, actor=caller(request)
    )
    return _out(appraisal, caller(request))


@router.post(
    "/skps/{skp_id}/appraisal/objection/decision",
    response={200: AppraisalOut, **WRITE_ERRORS},
    summary="Putuskan keberatan",
    description="Atasan pejabat penilai, setelah pejabat penilai memberi penjelasan; sekali dan "
    "final. outcome=changed memerlukan rating baru.",
)
def decide_objection(
    request: HttpRequest, skp_id: int, payload: ObjectionDecisionIn
) -> dict[str, Any]:
    appraisal = _appraisal(request, skp_id)
    objection_services.decide_objection(
        objection=_objection(appraisal),
        outcome=payload.outcome,
        result_rating=payload.result_rating.value if payload.result_rating else None,
        behaviour_rating=payload.behaviour_rating.value if payload.behaviour_rating else None,
        reason=payload.reason,
        actor=caller(request),
    )
    appraisal.refresh_from_db()
    return _out(appraisal, caller(request))


@router.get(
    "/objections",
    response={200: WaitingObjectionPage, **READ_ERRORS},
    summary="Keberatan yang menunggu keputusan saya",
    description="Keberatan yang belum diputus pada SKP di mana pemanggil adalah atasan pejabat "
    "penilai; urut waktu pengajuan.",
)
def waiting_objections(request: HttpRequest, params: Query[PageParams]) -> dict[str, Any]:
    page = paginate(selectors.objections_waiting(caller(request)), params)
    page["items"] = [
        {
            "id": objection.pk,
            "skp_id": objection.appraisal.skp_id,
            "employee_name": objection.appraisal.skp.employee.display_name,
            "year": objection.appraisal.skp.year.year,
            "original_predikat": objection.original_predikat,
            "filed_at": objection.filed_at,
            "has_evaluator_statement": bool(objection.evaluator_statement),
        }
        for objection in page["items"]
    ]
    return page
