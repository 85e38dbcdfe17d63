"""JSON API of realisation, continuous feedback and coaching: the same selectors and services as
the realisation page. An SKP the caller may not see is a 404; a write by someone who may not act
on it (the Auditor, a supervisor higher up) is a 403."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status

from simerit.core.api import (
    DETAIL_ERRORS,
    WRITE_ERRORS,
    Page,
    PageParams,
    caller,
    get_or_404,
    paginate,
)
from simerit.performance import permissions
from simerit.performance.models import CoachingNote, Indicator, Realisation, Skp, WorkResult
from simerit.performance.selectors import realisation as selectors
from simerit.performance.services import coaching as coaching_services
from simerit.performance.services import realisation as services

router = Router(tags=["Kinerja: realisasi dan bimbingan"])


class EvidenceOut(Schema):
    id: int
    original_name: str
    file_format: str
    size_bytes: int
    sha256: str
    download_url: str


class RealisationOut(Schema):
    id: int
    result_id: int
    indicator_id: int
    indicator: str
    unit: str
    target: Decimal
    period_index: int
    value: Decimal
    achievement: Decimal | None = Field(
        description="Capaian dalam persen (2 desimal, dibatasi batas capaian tahun itu)."
    )
    note: str
    evidence: list[EvidenceOut]


class RealisationPage(Page[RealisationOut]):
    pass


class RealisationIn(Schema):
    indicator_id: int
    period_index: int = Field(ge=1, le=12)
    value: Decimal = Field(description="Realisasi kumulatif sampai periode ini; 0 atau lebih.")
    note: str = Field("", max_length=services.NOTE_MAX_LENGTH)


class ResultFeedbackIn(Schema):
    result_id: int
    period_index: int = Field(ge=1, le=12)
    text: str = Field(max_length=services.FEEDBACK_MAX_LENGTH)


class ResultFeedbackOut(Schema):
    id: int
    result_id: int
    period_index: int
    text: str
    created_at: dt.datetime


class CoachingNoteIn(Schema):
    kind: CoachingNote.Kind
    held_on: dt.date
    notes: str
    next_steps: str = ""


class CoachingNoteOut(Schema):
    id: int
    kind: str
    held_on: dt.date
    notes: str
    next_steps: str
    feedback_answers: dict[str, int] | None
    feedback_comment: str | None


class CoachingNotePage(Page[CoachingNoteOut]):
    pass


def _skp(request: HttpRequest, skp_id: int) -> Skp:
    return get_or_404(permissions.visible_skps(caller(request)).select_related("year"), skp_id)


def _realisation_out(skp: Skp, realisation: Realisation) -> dict[str, Any]:
    indicator = realisation.indicator
    return {
        "id": realisation.pk,
        "result_id": indicator.result_id,
        "indicator_id": indicator.pk,
        "indicator": indicator.text,
        "unit": indicator.unit,
        "target": indicator.target,
        "period_index": realisation.period_index,
        "value": realisation.value,
        "achievement": selectors.capaian(realisation, cap=skp.year.achievement_cap),
        "note": realisation.note,
        "evidence": [
            {
                "id": item.pk,
                "original_name": item.original_name,
                "file_format": item.file_format,
                "size_bytes": item.size_bytes,
                "sha256": item.sha256,
                "download_url": reverse("performance:skp-evidence-file", args=[skp.pk, item.pk]),
            }
            for item in realisation.evidence.all()
        ],
    }


def _note_out(note: CoachingNote) -> dict[str, Any]:
    feedback = getattr(note, "feedback", None)
    return {
        "id": note.pk,
        "kind": note.kind,
        "held_on": note.held_on,
        "notes": note.notes,
        "next_steps": note.next_steps,
        "feedback_answers": feedback.answers if feedback else None,
        "feedback_comment": feedback.comment if feedback else None,
    }


@router.get(
    "/skps/{skp_id}/realisations",
    response={200: RealisationPage, **DETAIL_ERRORS},
    summary="Realisasi satu SKP",
    description="Urut RHK, indikator, dan periode; dengan capaian dan bukti dukung.",
)
def list_realisations(
    request: HttpRequest, skp_id: int, params: Query[PageParams]
) -> dict[str, Any]:
    skp = _skp(request, skp_id)
    page = paginate(selectors.list_realisations(skp), params)
    page["items"] = [_realisation_out(skp, item) for item in page["items"]]
    return page


@router.get(
    "/skps/{skp_id}/realisations/{realisation_id}",
    response={200: RealisationOut, **DETAIL_ERRORS},
    summary="Satu realisasi",
)
def get_realisation(request: HttpRequest, skp_id: int, realisation_id: int) -> dict[str, Any]:
    skp = _skp(request, skp_id)
    return _realisation_out(skp, get_or_404(selectors.list_realisations(skp), realisation_id))


@router.post(
    "/skps/{skp_id}/realisations",
    response={200: RealisationOut, **WRITE_ERRORS},
    summary="Catat realisasi",
    description="Pegawai pemilik SKP yang sudah disetujui; hanya periode yang sudah berjalan dan "
    "selama periode penilaian belum ditutup. Mengisi ulang periode yang sama mengganti nilainya.",
)
def record_realisation(request: HttpRequest, skp_id: int, payload: RealisationIn) -> dict[str, Any]:
    skp = _skp(request, skp_id)
    indicator = get_or_404(Indicator.objects.filter(result__skp=skp), payload.indicator_id)
    realisation = services.record_realisation(
        indicator=indicator,
        period_index=payload.period_index,
        value=payload.value,
        note=payload.note,
        actor=caller(request),
    )
    return _realisation_out(skp, get_or_404(selectors.list_realisations(skp), realisation.pk))


@router.post(
    "/skps/{skp_id}/result-feedback",
    response={201: ResultFeedbackOut, **WRITE_ERRORS},
    summary="Tulis umpan balik berkelanjutan",
    description="Pejabat penilai SKP ini, atas satu RHK pada satu periode yang sudah berjalan.",
)
def add_result_feedback(
    request: HttpRequest, skp_id: int, payload: ResultFeedbackIn
) -> Status[dict[str, Any]]:
    skp = _skp(request, skp_id)
    result = get_or_404(WorkResult.objects.filter(skp=skp), payload.result_id)
    feedback = services.add_result_feedback(
        result=result, period_index=payload.period_index, text=payload.text, actor=caller(request)
    )
    return Status(
        201,
        {
            "id": feedback.pk,
            "result_id": result.pk,
            "period_index": feedback.period_index,
            "text": feedback.text,
            "created_at": feedback.created_at,
        },
    )


@router.get(
    "/skps/{skp_id}/coaching-notes",
    response={200: CoachingNotePage, **DETAIL_ERRORS},
    summary="Catatan bimbingan kinerja satu SKP",
    description="Terbaru lebih dulu, dengan umpan balik pegawai (Format B.1.8) bila sudah ada.",
)
def list_coaching_notes(
    request: HttpRequest, skp_id: int, params: Query[PageParams]
) -> dict[str, Any]:
    page = paginate(selectors.list_coaching_notes(_skp(request, skp_id)), params)
    page["items"] = [_note_out(note) for note in page["items"]]
    return page


@router.post(
    "/skps/{skp_id}/coaching-notes",
    response={201: CoachingNoteOut, **WRITE_ERRORS},
    summary="Catat bimbingan kinerja",
    description="Pejabat penilai SKP ini; tanggal di dalam periode penilaian dan tidak di masa "
    "depan.",
)
def add_coaching_note(
    request: HttpRequest, skp_id: int, payload: CoachingNoteIn
) -> Status[dict[str, Any]]:
    note = coaching_services.add_coaching_note(
        skp=_skp(request, skp_id),
        kind=payload.kind.value,
        held_on=payload.held_on,
        notes=payload.notes,
        next_steps=payload.next_steps,
        actor=caller(request),
    )
    return Status(201, _note_out(note))
