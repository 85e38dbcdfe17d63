"""Check-in over JSON: mark a participant present and issue their one-time PINs.

Only a proctor of the participant's sitting, or Admin BKPSDM (permissions.can_proctor); anyone
else gets 403 and nothing is stored. The PIN is in the answer once and never stored in plain text.
"""

import datetime as dt
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import ConfigDict

from simerit.accounts.models import User
from simerit.core.api import WRITE_ERRORS, caller
from simerit.core.roles import Role
from simerit.exams.api.sittings import ParticipantOut
from simerit.exams.models import Participant
from simerit.exams.permissions import can_proctor
from simerit.exams.selectors import sittings as selectors
from simerit.exams.services import checkin as services

router = Router(tags=["Ujian CAT: pemeriksaan kehadiran"])

PROCTOR_ROLES = (Role.PENGAWAS_UJIAN, Role.ADMIN_BKPSDM)


class PinIn(Schema):
    model_config = ConfigDict(extra="forbid")

    purpose: Literal["start", "takeover"]


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
        "lama yang belum dipakai."
    ),
)
def issue_pin(
    request: HttpRequest, participant_id: int, payload: PinIn
) -> Status[dict[str, object]]:
    user = caller(request)
    participant = _proctored(user, participant_id)
    if payload.purpose == "start":
        pin = services.issue_start_pin(participant=participant, actor=user)
    else:
        pin = services.issue_takeover_pin(participant=participant, actor=user)
    issued = selectors.latest_pin(participant)
    assert issued is not None  # noqa: S101 (just issued)
    return Status(201, {"pin": pin, "expires_at": issued.expires_at})


def _proctored(user: User, participant_id: int) -> Participant:
    """404 for an unknown participant; 403 unless the caller proctors their sitting."""
    if not user.has_role(*PROCTOR_ROLES):
        raise PermissionDenied
    participant = selectors.get_participant(participant_id)  # DoesNotExist: the 404 answer
    if not can_proctor(user, participant.sitting):
        raise PermissionDenied(services.NOT_PROCTOR)
    return participant
