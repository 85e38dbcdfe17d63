"""Item analysis over JSON: /api/v1/exams/analysis/{blueprint_id} (Admin BKPSDM and Auditor read),
item decisions and rescoring (Admin BKPSDM only). Same services as the HTML pages: until every
sitting of the blueprint has ended or its results are published, a reader other than Admin BKPSDM
gets counts only (no item, option or key) and the reason in `content_note`."""

import datetime as dt
from dataclasses import asdict
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from simerit.core.api import DETAIL_ERRORS, WRITE_ERRORS, caller, get_or_404
from simerit.core.exceptions import InvalidInputError
from simerit.exams import permissions
from simerit.exams.models import Blueprint, ItemDecision, QuestionVersion, Sitting
from simerit.exams.rules.analysis import FLAG_LABELS
from simerit.exams.services import analysis as services
from simerit.exams.services import decisions

router = Router(tags=["Ujian CAT: analisis butir"])

READ_DENIED = "Hanya Admin BKPSDM dan Auditor yang dapat melihat analisis butir."
WRITE_DENIED = "Hanya Admin BKPSDM yang dapat menganulir soal dan menilai ulang."


class ReliabilityOut(Schema):
    method: str = Field(description="KR-20 (semua soal satu jawaban benar) atau alpha (Cronbach).")
    value: float | None = Field(description="null bila kurang dari 2 soal atau varians total 0.")


class OptionOut(Schema):
    key: str
    count: int = Field(description="Jumlah peserta yang memilih opsi ini.")
    upper: int = Field(description="Jumlah dari kelompok atas (27% skor total tertinggi).")
    is_key: bool = Field(description="Kunci (soal berbobot: opsi dengan poin tertinggi).")


class DecisionOut(Schema):
    id: int
    question_version_id: int
    question_code: str
    mode: ItemDecision.Mode
    mode_name: str
    reason: str
    decided_by: str
    decided_at: dt.datetime


class ItemOut(Schema):
    order: int
    question_id: int
    question_version_id: int
    code: str
    version: int
    category: str
    kind: str
    examinees: int
    difficulty: float | None = Field(description="p: proporsi benar, atau rata-rata skor ÷ maks.")
    discrimination: float | None = Field(description="Point-biserial soal vs skor sisa.")
    options: list[OptionOut]
    blanks: int
    flags: list[str] = Field(description=", ".join(FLAG_LABELS))
    flag_labels: list[str]
    decision: DecisionOut | None


class AnalysisOut(Schema):
    blueprint_id: int
    blueprint_name: str
    sitting_id: int | None
    results_published_at: dt.datetime | None
    content_hidden: bool = Field(
        description="true: isi soal, kunci dan statistik per soal disembunyikan (hanya jumlah)."
    )
    content_note: str | None = Field(description="Mengapa isi soal disembunyikan.")
    sittings: int | None = Field(description="Jumlah sesi (bila isi disembunyikan).")
    sittings_ended: int | None = Field(description="Sesi yang sudah berakhir (idem).")
    examinees: int
    item_count: int
    reliability: ReliabilityOut | None
    mean_total: float | None
    sd_total: float | None
    flagged: int | None
    items: list[ItemOut]


class AnalysisQuery(Schema):
    sitting: int | None = Field(None, description="ID sesi; kosong: semua sesi.")


class AnnulIn(Schema):
    model_config = ConfigDict(extra="forbid")

    question_version_id: int
    mode: ItemDecision.Mode
    reason: str = Field(max_length=decisions.REASON_MAX_LENGTH)


class WithdrawIn(Schema):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(max_length=decisions.REASON_MAX_LENGTH)


class RescoreOut(Schema):
    attempts: int = Field(description="Pengerjaan selesai yang dihitung ulang.")
    changed: int = Field(description="Pengerjaan yang nilainya berubah.")
    digest: str = Field(description="SHA-256 atas id pengerjaan dan nilainya, urut id.")


def _reader(request: HttpRequest) -> None:
    if not permissions.can_read_exams(caller(request)):
        raise PermissionDenied(READ_DENIED)


def _writer(request: HttpRequest) -> None:
    if not permissions.can_manage_exams(caller(request)):
        raise PermissionDenied(WRITE_DENIED)


def _decision_out(decision: ItemDecision) -> dict[str, Any]:
    return {
        "id": decision.pk,
        "question_version_id": decision.question_version_id,
        "question_code": decision.question_version.question.code,
        "mode": decision.mode,
        "mode_name": decision.get_mode_display(),
        "reason": decision.reason,
        "decided_by": decision.decided_by.full_name or decision.decided_by.username,
        "decided_at": decision.decided_at,
    }


def _item_out(item: services.ItemReport) -> dict[str, Any]:
    column, stats = item.column, item.stats
    return {
        "order": column.order,
        "question_id": column.question_id,
        "question_version_id": column.version_id,
        "code": column.code,
        "version": column.version,
        "category": column.category,
        "kind": column.kind,
        "examinees": stats.examinees,
        "difficulty": stats.difficulty,
        "discrimination": stats.discrimination,
        "options": [asdict(option) for option in stats.options],
        "blanks": stats.blanks,
        "flags": list(stats.flags),
        "flag_labels": item.flag_labels,
        "decision": _decision_out(item.decision) if item.decision else None,
    }


@router.get(
    "/analysis/{blueprint_id}",
    response={200: AnalysisOut, **DETAIL_ERRORS, 422: WRITE_ERRORS[422]},
    summary="Analisis butir satu kisi-kisi",
    description="Admin BKPSDM dan Auditor. Dari pengerjaan yang sudah selesai (satu sesi bila "
    "`sitting` diisi). Tanda peninjauan memakai batas lazim, bukan ketentuan peraturan. Selain "
    "Admin BKPSDM, isi soal, kunci dan statistik per soal baru tampil setelah semua sesi "
    "berakhir atau hasil diumumkan; sebelumnya `content_hidden` true dan hanya jumlah.",
)
def get_analysis(
    request: HttpRequest, blueprint_id: int, params: Query[AnalysisQuery]
) -> dict[str, Any]:
    _reader(request)
    blueprint = get_or_404(Blueprint.objects.all(), blueprint_id)
    sitting = _sitting(blueprint, params.sitting)
    head = {
        "blueprint_id": blueprint.pk,
        "blueprint_name": blueprint.name,
        "sitting_id": sitting.pk if sitting else None,
        "results_published_at": blueprint.results_published_at,
    }
    access = services.content_access(blueprint, user=caller(request))
    if not access.visible:
        return head | _hidden_out(access, services.analysis_counts(blueprint, sitting))
    report = services.analyse_blueprint(blueprint=blueprint, sitting=sitting)
    return head | {
        "content_hidden": False,
        "content_note": None,
        "sittings": None,
        "sittings_ended": None,
        "examinees": report.examinees,
        "item_count": len(report.items),
        "reliability": asdict(report.reliability),
        "mean_total": report.mean_total,
        "sd_total": report.sd_total,
        "flagged": report.flagged_count,
        "items": [_item_out(item) for item in report.items],
    }


def _sitting(blueprint: Blueprint, sitting_id: int | None) -> Sitting | None:
    if sitting_id is None:
        return None
    sitting = Sitting.objects.filter(pk=sitting_id, blueprint=blueprint).first()
    if sitting is None:
        raise InvalidInputError({"sitting": ["Sesi ini bukan sesi kisi-kisi ini."]})
    return sitting


def _hidden_out(access: services.ContentAccess, counts: dict[str, int]) -> dict[str, Any]:
    return {
        "content_hidden": True,
        "content_note": access.note,
        "sittings": access.sittings,
        "sittings_ended": access.ended,
        "examinees": counts["examinees"],
        "item_count": counts["items"],
        "reliability": None,
        "mean_total": None,
        "sd_total": None,
        "flagged": None,
        "items": [],
    }


@router.get(
    "/analysis/{blueprint_id}/decisions",
    response={200: list[DecisionOut], **DETAIL_ERRORS},
    summary="Keputusan soal bermasalah satu kisi-kisi",
    description="Selain Admin BKPSDM: 403 sampai semua sesi berakhir atau hasil diumumkan "
    "(alasan keputusan dapat menyebut kunci).",
)
def list_decisions(request: HttpRequest, blueprint_id: int) -> list[dict[str, Any]]:
    _reader(request)
    blueprint = get_or_404(Blueprint.objects.all(), blueprint_id)
    # A decision's reason may name the key: hidden like the items themselves.
    if not services.content_access(blueprint, user=caller(request)).visible:
        raise PermissionDenied(services.CONTENT_HIDDEN)
    rows = ItemDecision.objects.filter(blueprint=blueprint).select_related(
        "question_version__question", "decided_by"
    )
    return [_decision_out(decision) for decision in rows]


@router.post(
    "/analysis/{blueprint_id}/decisions",
    response={201: DecisionOut, **WRITE_ERRORS},
    summary="Anulir soal (dianggap benar untuk semua / dikeluarkan)",
    description="Admin BKPSDM, sebelum hasil diumumkan. Satu keputusan per soal (409 bila sudah "
    "ada: tarik dulu). Nilai berubah setelah `rescore`.",
)
def annul(request: HttpRequest, blueprint_id: int, payload: AnnulIn) -> Status[dict[str, Any]]:
    _writer(request)
    blueprint = get_or_404(Blueprint.objects.all(), blueprint_id)
    version = QuestionVersion.objects.filter(pk=payload.question_version_id).first()
    if version is None:
        raise InvalidInputError({"question_version_id": ["Versi soal ini tidak ada."]})
    decision = decisions.annul_item(
        blueprint=blueprint,
        question_version=version,
        mode=payload.mode,
        reason=payload.reason,
        actor=caller(request),
    )
    decision = ItemDecision.objects.select_related("question_version__question", "decided_by").get(
        pk=decision.pk
    )
    return Status(201, _decision_out(decision))


@router.post(
    "/analysis/{blueprint_id}/decisions/{decision_id}/withdraw",
    response={204: None, **WRITE_ERRORS},
    summary="Tarik keputusan soal",
    description="Admin BKPSDM, sebelum hasil diumumkan; alasan wajib. Nilai berubah setelah "
    "`rescore`.",
)
def withdraw(
    request: HttpRequest, blueprint_id: int, decision_id: int, payload: WithdrawIn
) -> Status[None]:
    _writer(request)
    decision = get_or_404(ItemDecision.objects.filter(blueprint_id=blueprint_id), decision_id)
    decisions.withdraw_decision(decision=decision, reason=payload.reason, actor=caller(request))
    return Status(204, None)


@router.post(
    "/analysis/{blueprint_id}/rescore",
    response={200: RescoreOut, **WRITE_ERRORS},
    summary="Nilai ulang semua pengerjaan yang selesai",
    description="Admin BKPSDM, sebelum hasil diumumkan. Deterministik: menjalankannya lagi tidak "
    "mengubah apa pun dan menghasilkan digest yang sama.",
)
def rescore(request: HttpRequest, blueprint_id: int) -> dict[str, Any]:
    _writer(request)
    blueprint = get_or_404(Blueprint.objects.all(), blueprint_id)
    report = decisions.rescore_blueprint(blueprint=blueprint, actor=caller(request))
    return {"attempts": report.attempts, "changed": report.changed, "digest": report.digest}
