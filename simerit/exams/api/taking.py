"""Taking an exam over JSON: /api/v1/exams/attempts/...

Starting needs the participant's own account (session or Bearer) and a PIN from the proctor; the
participant is looked up among the caller's own placements only. Every later call is authenticated
by the attempt's browser token alone, sent as `X-Exam-Token` (no session, no CSRF): the token is
the browser's secret, and a takeover replaces it. The answer call is the exam's hot path: one SQL
statement, no session or user lookup, no audit row. The page syncs its countdown with the clock
call (one query) and loads the full state only when it is (re)loaded.
"""

from typing import Any, Literal

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status

from simerit.core.api import WRITE_ERRORS, ErrorOut, caller, error_body
from simerit.exams.models import Attempt, IntegrityEvent, Participant
from simerit.exams.selectors import attempts as selectors
from simerit.exams.selectors.page import get_own_participant
from simerit.exams.services import answers, finishing, integrity
from simerit.exams.services.attempts import (
    AttemptError,
    StartRateLimitError,
    authenticate,
    start_attempt,
)

router = Router(tags=["Ujian CAT: peserta"])

TOKEN_HEADER = "X-Exam-Token"  # noqa: S105 (a header name, not a secret)
ATTEMPT_ERRORS: dict[int, type[Schema]] = {403: ErrorOut, 409: ErrorOut}


# --- Schemas


class StartIn(Schema):
    participant_id: int
    pin: str = Field(max_length=12, description="PIN 6 angka dari pengawas (mulai atau pindah).")


class StartOut(Schema):
    attempt_id: int
    token: str = Field(description=f"Rahasia peramban ini; kirim sebagai header {TOKEN_HEADER}.")


class OptionOut(Schema):
    key: str
    text: str


class ItemOut(Schema):
    position: int
    section: str = Field(description="Kode subtes, mis. TWK.")
    section_name: str
    text: str
    image_url: str | None
    options: list[OptionOut] = Field(description="Urutan pilihan untuk peserta ini.")


class StateOut(Schema):
    id: int
    status: str
    is_practice: bool
    blueprint_name: str
    server_now: str = Field(description="Jam server (ISO 8601); jam peramban tidak dipakai.")
    deadline: str
    remaining_seconds: int
    items: list[ItemOut]
    answers: dict[str, str] = Field(description='Jawaban tersimpan: {"<nomor soal>": "<kunci>"}.')
    flagged: list[int]
    last_seq: int = Field(description="Nomor urut kiriman terakhir yang tersimpan.")


class ClockOut(Schema):
    status: str
    remaining_seconds: int
    server_now: str = Field(description="Jam server (ISO 8601).")


class AnswerIn(Schema):
    seq: int = Field(ge=1, le=answers.MAX_SEQ, description="Nomor urut kiriman, naik terus.")
    position: int = Field(ge=0, le=32767)
    kind: Literal["a", "c", "f", "u"] = Field(
        description="a = jawab, c = hapus jawaban, f = tandai ragu-ragu, u = hapus tanda."
    )
    option: str = Field("", max_length=2, description='Kunci pilihan untuk "a"; kosong lainnya.')


class AnswerOut(Schema):
    seq: int
    saved: bool
    duplicate: bool = Field(description="true: kiriman ulang yang sudah tersimpan sebelumnya.")


class EventDetailIn(Schema):
    """Only these numbers are kept; other keys are ignored (services/integrity.client_detail)."""

    position: int | None = Field(None, ge=0, le=32767, description="Nomor soal yang terbuka.")
    ms: int | None = Field(None, ge=0, le=10**9, description="Lama (milidetik), bila diukur.")


class EventIn(Schema):
    kind: Literal["focus_lost", "hidden", "paste"]
    detail: EventDetailIn | None = None


class ResultOut(Schema):
    status: str
    scores: dict[str, int]
    total: int | None
    passed: bool | None
    result_reason: str
    final_hash: str = Field(description="Hash akhir rantai jawaban, juga tercatat di jejak audit.")
    finish_reason: str


# --- Helpers


def _token(request: HttpRequest) -> str:
    # META directly: request.headers would first build a dict of every header.
    return str(request.META.get("HTTP_X_EXAM_TOKEN", ""))


def _refused(error: AttemptError) -> Status[Any]:
    errors = {error.field: [error.message]} if error.field else None
    return Status(error.status, error_body(error.message, error.code, errors))


def _attempt(request: HttpRequest, attempt_id: int) -> Attempt:
    """The attempt of this browser, closed first if its deadline has passed."""
    return finishing.finish_if_expired(authenticate(attempt_id, _token(request)))


# --- Endpoints


@router.post(
    "/attempts/start",
    response={201: StartOut, **WRITE_ERRORS, 429: ErrorOut},
    summary="Mulai ujian atau pindah peramban dengan PIN",
    description="Peserta (akun pelamar pemilik) dengan PIN sekali pakai dari pengawas: PIN mulai "
    "membuat pengerjaan; bila pengerjaan sudah berjalan, PIN pindah memberikannya ke peramban "
    "ini dan mengunci peramban lama. PIN salah/terpakai/kedaluwarsa: 400 (setelah 5 PIN salah "
    "semua PIN peserta dibatalkan; minta PIN baru kepada pengawas); peserta yang tidak ada atau "
    "bukan milik akun ini: 404; terlalu banyak percobaan dari akun ini: 429 rate_limited. "
    "Setiap penolakan atas peserta milik akun ini dicatat untuk pengawas.",
)
def start(request: HttpRequest, payload: StartIn) -> Status[Any]:
    user = caller(request)
    try:
        participant = get_own_participant(user=user, participant_id=payload.participant_id)
    except Participant.DoesNotExist as error:
        raise Http404 from error  # the same answer whether it does not exist or is not yours
    try:
        attempt, token = start_attempt(participant=participant, pin=payload.pin, user=user)
    except StartRateLimitError as error:
        return Status(429, error_body(error.message, "rate_limited", {"pin": [error.message]}))
    return Status(201, {"attempt_id": attempt.pk, "token": token})


@router.get(
    "/attempts/{attempt_id}",
    auth=None,
    response={200: StateOut, **ATTEMPT_ERRORS},
    summary="Keadaan ujian (soal, jawaban tersimpan, sisa waktu)",
    description=f"Header {TOKEN_HEADER}. Dipakai saat halaman dimuat ulang: semua jawaban dan "
    "sisa waktu datang dari server. Ujian resmi yang sudah selesai: 409 finished (tanpa soal).",
)
def state(request: HttpRequest, attempt_id: int) -> Status[Any]:
    try:
        attempt = _attempt(request, attempt_id)
    except AttemptError as error:
        return _refused(error)
    if attempt.status == Attempt.Status.FINISHED and not attempt.is_practice:
        # The questions of a real exam stay secret once it is over.
        return _refused(AttemptError("finished"))
    return Status(200, selectors.attempt_state(attempt))


@router.get(
    "/attempts/{attempt_id}/clock",
    auth=None,
    response={200: ClockOut, **ATTEMPT_ERRORS},
    summary="Jam ujian (status dan sisa waktu)",
    description=f"Header {TOKEN_HEADER}. Dipanggil berkala oleh halaman ujian untuk menyamakan "
    "hitung mundur dengan server (jeda, lanjut, perpanjangan waktu oleh pengawas).",
)
def clock(request: HttpRequest, attempt_id: int) -> Status[Any]:
    try:
        attempt = _attempt(request, attempt_id)
    except AttemptError as error:
        return _refused(error)
    return Status(200, selectors.attempt_clock(attempt))


@router.post(
    "/attempts/{attempt_id}/answers",
    auth=None,
    response={200: AnswerOut, 403: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Simpan satu jawaban",
    description=f"Header {TOKEN_HEADER}. Idempoten menurut `seq`: kiriman ulang dijawab "
    "`duplicate: true`. Kode galat: locked_out, deadline_passed, paused, finished, seq_conflict "
    "(409); invalid_position, invalid_option (422); invalid_token (403).",
)
def save_answer(request: HttpRequest, attempt_id: int, payload: AnswerIn) -> Status[Any]:
    try:
        result = answers.save_answer(
            attempt_id=attempt_id,
            token=_token(request),
            seq=payload.seq,
            position=payload.position,
            kind=payload.kind,
            option=payload.option,
        )
    except AttemptError as error:
        return _refused(error)
    return Status(200, {"seq": result.seq, "saved": True, "duplicate": result.duplicate})


@router.post(
    "/attempts/{attempt_id}/events",
    auth=None,
    response={204: None, **ATTEMPT_ERRORS, 422: ErrorOut},
    summary="Catat kejadian peramban (fokus hilang, halaman tersembunyi, tempel)",
    description=f"Header {TOKEN_HEADER}. Hanya dicatat untuk pengawas; tidak menghentikan ujian. "
    f"Paling banyak {integrity.MAX_CLIENT_EVENTS} catatan per pengerjaan; sesudahnya tetap 204 "
    "tetapi tidak disimpan.",
)
def log_event(request: HttpRequest, attempt_id: int, payload: EventIn) -> Status[Any]:
    try:
        attempt = authenticate(attempt_id, _token(request))
    except AttemptError as error:
        return _refused(error)
    integrity.log_client_event(
        attempt=attempt,
        kind=IntegrityEvent.Kind(payload.kind),
        detail=payload.detail.model_dump(exclude_none=True) if payload.detail else None,
    )
    return Status(204, None)


@router.post(
    "/attempts/{attempt_id}/finish",
    auth=None,
    response={200: ResultOut, **ATTEMPT_ERRORS},
    summary="Selesaikan ujian dan lihat nilai",
    description=f"Header {TOKEN_HEADER}. Menilai, menyegel rantai hash jawaban dan mencatat hash "
    "akhir di jejak audit. Memanggil ulang pada ujian yang sudah selesai mengembalikan hasil yang "
    "sama. Ujian yang sedang dijeda: 409 paused.",
)
def finish(request: HttpRequest, attempt_id: int) -> Status[Any]:
    try:
        attempt = _attempt(request, attempt_id)
    except AttemptError as error:
        return _refused(error)
    if attempt.status == Attempt.Status.PAUSED:
        return _refused(AttemptError("paused"))
    attempt = finishing.finish_attempt(
        attempt=attempt, reason=Attempt.FinishReason.SUBMITTED, actor=attempt.user
    )
    return Status(200, selectors.attempt_result(attempt))


@router.get(
    "/attempts/{attempt_id}/result",
    auth=None,
    response={200: ResultOut, **ATTEMPT_ERRORS},
    summary="Hasil ujian",
    description=f"Header {TOKEN_HEADER}. 409 not_finished selama ujian belum selesai.",
)
def result(request: HttpRequest, attempt_id: int) -> Status[Any]:
    try:
        attempt = _attempt(request, attempt_id)
    except AttemptError as error:
        return _refused(error)
    if attempt.status != Attempt.Status.FINISHED:
        return _refused(AttemptError("not_finished"))
    return Status(200, selectors.attempt_result(attempt))
