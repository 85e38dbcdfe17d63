"""Proctor calls over JSON: a sitting's dashboard rows and the actions on an attempt or a whole
sitting (pause, resume, extend, stop). The same selectors and services as the proctor pages.

Only a proctor assigned to the sitting, or Admin BKPSDM, may call them: anyone else gets 403
and nothing changes, for an unknown id too (only Admin BKPSDM gets 404 for an unknown id). A
refused action answers 422 (bad reason or minutes) or 409 (the attempt is not in a state that
allows it).
"""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema
from pydantic import ConfigDict

from simerit.core.api import DETAIL_ERRORS, WRITE_ERRORS, caller
from simerit.core.exceptions import ConflictError
from simerit.exams.models import Attempt, Sitting
from simerit.exams.selectors import proctor as selectors
from simerit.exams.selectors.sittings import proctored
from simerit.exams.services import proctoring

router = Router(tags=["Ujian CAT: pengawas"])

NO_ATTEMPT = "Peserta ini belum memulai ujian."


class StrictIn(Schema):
    model_config = ConfigDict(extra="forbid")


class ReasonIn(StrictIn):
    reason: str = Field(
        min_length=1, max_length=proctoring.MAX_REASON_LENGTH, description="Alasan tindakan."
    )


class ExtendIn(ReasonIn):
    minutes: int = Field(
        ge=proctoring.MIN_EXTEND_MINUTES,
        le=proctoring.MAX_EXTEND_MINUTES,
        description="Tambahan waktu, 1–60 menit.",
    )


class RowOut(Schema):
    participant_id: int
    seat_number: int
    registration_number: str
    name: str
    state: str = Field(
        description="belum_hadir, hadir, mengerjakan, dijeda, selesai atau tidak_hadir (sesi "
        "sudah berakhir tanpa mulai mengerjakan)."
    )
    state_label: str
    attempt_id: int | None
    answered: int = Field(description="Soal yang jawabannya tersimpan saat ini.")
    question_count: int
    last_activity: dt.datetime | None = Field(description="Jawaban terakhir diterima server.")
    idle: bool = Field(description="Mengerjakan tanpa aktivitas selama batas menit diam.")
    flags: dict[str, int] = Field(description="Jumlah catatan integritas per jenis.")
    flagged: bool
    deadline: dt.datetime | None
    remaining_seconds: int | None
    extended_minutes: int
    extra_minutes: int = Field(description="Tambahan waktu akomodasi peserta.")


class SummaryOut(Schema):
    total: int
    states: dict[str, int]
    idle: int
    flagged: int


class DashboardOut(Schema):
    sitting_id: int
    sitting_code: str
    server_now: dt.datetime
    idle_minutes: int
    summary: SummaryOut
    rows: list[RowOut]


class AttemptOut(Schema):
    id: int
    status: Attempt.Status
    deadline: dt.datetime
    paused_at: dt.datetime | None
    extended_minutes: int
    finished_at: dt.datetime | None
    finish_reason: str
    remaining_seconds: int


class SittingActionOut(Schema):
    sitting_id: int
    attempts: int = Field(description="Jumlah pengerjaan yang dijeda atau dilanjutkan.")


# --- Reads


@router.get(
    "/proctor/sittings/{sitting_id}/dashboard",
    response={200: DashboardOut, **DETAIL_ERRORS},
    summary="Dasbor pengawas satu sesi",
)
def dashboard(request: HttpRequest, sitting_id: int) -> dict[str, Any]:
    sitting = _sitting(request, sitting_id)
    board = selectors.dashboard(sitting)
    return {
        "sitting_id": sitting.pk,
        "sitting_code": sitting.code,
        "server_now": board.now,
        "idle_minutes": board.idle_minutes,
        "summary": board.summary,
        "rows": [{**row.__dict__, "flagged": row.flagged} for row in board.rows],
    }


# --- Actions on one participant's attempt


@router.post(
    "/proctor/participants/{participant_id}/pause",
    response={200: AttemptOut, **WRITE_ERRORS},
    summary="Jeda pengerjaan peserta",
)
def pause(request: HttpRequest, participant_id: int, payload: ReasonIn) -> dict[str, Any]:
    attempt = _attempt(request, participant_id)
    proctoring.pause_attempt(attempt=attempt, actor=caller(request), reason=payload.reason)
    return _attempt_out(attempt)


@router.post(
    "/proctor/participants/{participant_id}/resume",
    response={200: AttemptOut, **WRITE_ERRORS},
    summary="Lanjutkan pengerjaan peserta (batas waktu bergeser sepanjang jeda)",
)
def resume(request: HttpRequest, participant_id: int, payload: ReasonIn) -> dict[str, Any]:
    attempt = _attempt(request, participant_id)
    proctoring.resume_attempt(attempt=attempt, actor=caller(request), reason=payload.reason)
    return _attempt_out(attempt)


@router.post(
    "/proctor/participants/{participant_id}/extend",
    response={200: AttemptOut, **WRITE_ERRORS},
    summary="Perpanjang waktu peserta",
)
def extend(request: HttpRequest, participant_id: int, payload: ExtendIn) -> dict[str, Any]:
    attempt = _attempt(request, participant_id)
    proctoring.extend_attempt(
        attempt=attempt, actor=caller(request), minutes=payload.minutes, reason=payload.reason
    )
    return _attempt_out(attempt)


@router.post(
    "/proctor/participants/{participant_id}/stop",
    response={200: AttemptOut, **WRITE_ERRORS},
    summary="Hentikan ujian peserta (dinilai seperti selesai)",
)
def stop(request: HttpRequest, participant_id: int, payload: ReasonIn) -> dict[str, Any]:
    attempt = _attempt(request, participant_id)
    finished = proctoring.stop_attempt(
        attempt=attempt, actor=caller(request), reason=payload.reason
    )
    return _attempt_out(finished)


# --- Actions on a whole sitting


@router.post(
    "/proctor/sittings/{sitting_id}/pause",
    response={200: SittingActionOut, **WRITE_ERRORS},
    summary="Jeda semua peserta yang sedang mengerjakan di satu sesi",
)
def pause_sitting(request: HttpRequest, sitting_id: int, payload: ReasonIn) -> dict[str, Any]:
    sitting = _sitting(request, sitting_id)
    count = proctoring.pause_sitting(sitting=sitting, actor=caller(request), reason=payload.reason)
    return {"sitting_id": sitting.pk, "attempts": count}


@router.post(
    "/proctor/sittings/{sitting_id}/resume",
    response={200: SittingActionOut, **WRITE_ERRORS},
    summary="Lanjutkan semua peserta yang dijeda di satu sesi",
)
def resume_sitting(request: HttpRequest, sitting_id: int, payload: ReasonIn) -> dict[str, Any]:
    sitting = _sitting(request, sitting_id)
    count = proctoring.resume_sitting(sitting=sitting, actor=caller(request), reason=payload.reason)
    return {"sitting_id": sitting.pk, "attempts": count}


# --- Helpers


def _sitting(request: HttpRequest, sitting_id: int) -> Sitting:
    """403 unless the caller proctors the sitting, the same 403 for an unknown sitting (only
    Admin BKPSDM, who sees every sitting, gets 404 for an unknown one)."""
    found = selectors.get_proctor_sitting(sitting_id)
    return proctored(caller(request), found, refusal=proctoring.NOT_PROCTOR)


def _attempt(request: HttpRequest, participant_id: int) -> Attempt:
    found = selectors.get_participant(participant_id)
    participant = proctored(caller(request), found, refusal=proctoring.NOT_PROCTOR)
    attempt = selectors.get_attempt(participant)
    if attempt is None:
        raise ConflictError(NO_ATTEMPT)
    return attempt


def _attempt_out(attempt: Attempt) -> dict[str, Any]:
    now = timezone.now()
    reference = attempt.paused_at if attempt.status == Attempt.Status.PAUSED else now
    remaining = 0
    if attempt.status != Attempt.Status.FINISHED and reference is not None:
        remaining = max(0, int((attempt.deadline - reference).total_seconds()))
    return {
        "id": attempt.pk,
        "status": attempt.status,
        "deadline": attempt.deadline,
        "paused_at": attempt.paused_at,
        "extended_minutes": attempt.extended_minutes,
        "finished_at": attempt.finished_at,
        "finish_reason": attempt.finish_reason,
        "remaining_seconds": remaining,
    }
