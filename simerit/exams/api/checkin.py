"""Check-in over JSON: mark a participant present and issue their one-time PINs.

Only a proctor of the participant's sitting, or Admin BKPSDM (permissions.can_proctor); anyone
else gets 403 and nothing is stored. The PIN is in the answer once and never stored in plain text.
"""

import datetime as dt
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict

from simerit.accounts.models import User
from simerit.core.api import WRITE_ERRORS, caller
from simerit.core.roles import Role
from simerit.exams.api.sittings import ParticipantOut
from simerit.exams.models import Participant
from simerit.exams.selectors import sittings as selectors
from simerit.exams.services import checkin as services
from simerit.exams.services.proctoring import MAX_REASON_LENGTH

router = Router(tags=["Ujian CAT: pemeriksaan kehadiran"])

PROCTOR_ROLES = (Role.PENGAWAS_UJIAN, Role.ADMIN_BKPSDM)
# A PIN is in the answer once: no browser or proxy may keep a copy.
NO_STORE = "private, no-store"


class PinIn(Schema):
    model_config = ConfigDict(extra="forbid")

    purpose: Literal["start", "takeover"]
    reason: str = Field(
        "",
        max_length=MAX_REASON_LENGTH,
        description="Hanya untuk takeover, opsional: alasan pindah komputer (mis. komputer "
        "mati); dicatat di log audit.",
    )


class PinOut(Schema):
    pin: str
    expires_at: dt.datetime


@router.post(
    "/participants/{int:participant_id}/check-in",
    response={200: ParticipantOut, **WRITE_ERRORS},
    summary="Nyatakan peserta hadir",
    description=(
        "Pengawas sesi peserta (atau Admin BKPSDM) setelah mencocokkan identitas dengan foto "
        "pendaftaran. Ditolak bila sudah hadir (409) atau setelah penerbitan PIN ditutup (400)."
    ),
)
def check_in(request: HttpRequest, participant_id: int) -> Participant:
    user = caller(request)
    participant = _proctored(user, participant_id)
    services.check_in(participant=participant, actor=user)
    return selectors.get_participant(participant.pk)


@router.post(
    "/participants/{int:participant_id}/pins",
    response={201: PinOut, **WRITE_ERRORS},
    summary="Terbitkan PIN peserta",
    description=(
        "start: PIN mulai ujian (peserta sudah hadir, sebelum penerbitan PIN ditutup, belum "
        "mulai; berlaku sampai waktu mulai sesi + SIMERIT_EXAM_PIN_VALID_MINUTES). takeover: PIN "
        "pindah komputer (pengerjaan sedang berjalan atau dijeda). PIN baru membatalkan PIN "
        "lama yang belum dipakai. Jawaban tidak boleh disimpan (Cache-Control: no-store)."
    ),
)
def issue_pin(
    request: HttpRequest, participant_id: int, payload: PinIn, response: HttpResponse
) -> Status[dict[str, object]]:
    user = caller(request)
    participant = _proctored(user, participant_id)
    if payload.purpose == "start":
        pin = services.issue_start_pin(participant=participant, actor=user)
    else:
        pin = services.issue_takeover_pin(
            participant=participant, actor=user, reason=payload.reason
        )
    issued = selectors.latest_pin(participant)
    assert issued is not None  # noqa: S101 (just issued)
    response["Cache-Control"] = NO_STORE
    return Status(201, {"pin": pin, "expires_at": issued.expires_at})


def _proctored(user: User, participant_id: int) -> Participant:
    """403 unless the caller proctors the participant's sitting, the same 403 for an unknown
    participant (only Admin BKPSDM, who sees every sitting, gets 404 for an unknown one)."""
    if not user.has_role(*PROCTOR_ROLES):
        raise PermissionDenied
    found = selectors.find_participant(participant_id)
    return selectors.proctored(user, found, refusal=services.NOT_PROCTOR)
