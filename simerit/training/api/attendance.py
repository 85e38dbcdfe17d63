"""JSON API of meetings, their QR codes and attendance: the same selectors and services as the
pages. A meeting the caller may not see is a 404; a refused write on a visible one is a 403 (who)
or a 400/409/422 (a rule: status, dates, duplicate, attendance).

The QR check-in takes the signed check-in code in the body (never in the path, which servers
log); like the page, it accepts a code only for rules.CHECKIN_CODE_MAX_AGE seconds.

The operation ids are those the endpoints had in the classes module they came from, so clients
generated from the OpenAPI document keep their method names."""

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status

from simerit.core.api import DETAIL_ERRORS, WRITE_ERRORS, caller, get_or_404
from simerit.training.api.classes import MeetingOut, meeting_out, require_readers, visible_class
from simerit.training.models import Attendance, Enrolment, Meeting
from simerit.training.permissions import classes_visible_to
from simerit.training.rules import classes as rules
from simerit.training.selectors import classes as selectors
from simerit.training.services import attendance as attendance_services
from simerit.training.services import classes as services

router = Router(tags=["Pelatihan — Kelas"])


# --- Schemas


class MeetingIn(Schema):
    number: int | None = Field(None, description="Kosong: nomor sesudah yang terbesar.")
    topic: str = Field(max_length=200)
    starts_at: dt.datetime
    ends_at: dt.datetime


class CheckinIn(Schema):
    token: str = Field(
        max_length=selectors.CHECKIN_CODE_MAX_LENGTH,
        description="Kode presensi bertanda waktu dari alamat kode QR pertemuan (bagian sesudah "
        "/presensi/, tanpa garis miring akhir); berlaku 180 detik sejak ditampilkan.",
    )


class CheckinOut(Schema):
    created: bool = Field(
        description="false: sudah tercatat hadir sebelumnya, tidak ada perubahan."
    )
    message: str
    meeting_id: int
    class_id: int
    recorded_at: dt.datetime


class ManualAttendanceIn(Schema):
    enrolment_id: int


class AttendanceOut(Schema):
    enrolment_id: int
    employee_name: str
    employee_nip: str
    present: bool
    method: str | None
    recorded_at: dt.datetime | None


# --- Converters and lookups


def _attendance_out(enrolment: Enrolment) -> dict[str, Any]:
    return {
        "enrolment_id": enrolment.pk,
        "employee_name": enrolment.employee.display_name,
        "employee_nip": enrolment.employee.nip,
        "present": enrolment.present_at is not None,  # type: ignore[attr-defined]
        "method": enrolment.present_method,  # type: ignore[attr-defined]
        "recorded_at": enrolment.present_at,  # type: ignore[attr-defined]
    }


def _meeting(request: HttpRequest, meeting_id: int) -> Meeting:
    visible = classes_visible_to(caller(request))
    return get_or_404(
        Meeting.objects.filter(training_class__in=visible).select_related(
            "training_class__programme"
        ),
        meeting_id,
    )


def _meeting_input(payload: MeetingIn) -> attendance_services.MeetingInput:
    return attendance_services.MeetingInput(
        number=payload.number,
        topic=payload.topic,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
    )


# --- Meetings


@router.get(
    "/classes/{class_id}/meetings",
    response={200: list[MeetingOut], **DETAIL_ERRORS},
    summary="Pertemuan satu kelas",
    operation_id="simerit_training_api_classes_list_meetings",
)
def list_meetings(request: HttpRequest, class_id: int) -> list[dict[str, Any]]:
    training_class = visible_class(request, class_id)
    user = caller(request)
    return [meeting_out(meeting, user=user) for meeting in selectors.meetings_of(training_class)]


@router.post(
    "/classes/{class_id}/meetings",
    response={201: MeetingOut, **WRITE_ERRORS},
    summary="Tambah pertemuan (Admin BKPSDM)",
    operation_id="simerit_training_api_classes_add_meeting",
)
def add_meeting(request: HttpRequest, class_id: int, payload: MeetingIn) -> Status[dict[str, Any]]:
    meeting = attendance_services.add_meeting(
        training_class=visible_class(request, class_id),
        data=_meeting_input(payload),
        actor=caller(request),
    )
    return Status(201, meeting_out(meeting, user=caller(request)))


@router.put(
    "/meetings/{meeting_id}",
    response={200: MeetingOut, **WRITE_ERRORS},
    summary="Ubah pertemuan (Admin BKPSDM)",
    operation_id="simerit_training_api_classes_update_meeting",
)
def update_meeting(request: HttpRequest, meeting_id: int, payload: MeetingIn) -> dict[str, Any]:
    meeting = attendance_services.update_meeting(
        meeting=_meeting(request, meeting_id), data=_meeting_input(payload), actor=caller(request)
    )
    return meeting_out(meeting, user=caller(request))


@router.post(
    "/meetings/{meeting_id}/cancel",
    response={200: MeetingOut, **WRITE_ERRORS},
    summary="Batalkan pertemuan (Admin BKPSDM)",
    operation_id="simerit_training_api_classes_cancel_meeting",
)
def cancel_meeting(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    meeting = attendance_services.cancel_meeting(
        meeting=_meeting(request, meeting_id), actor=caller(request)
    )
    return meeting_out(meeting, user=caller(request))


@router.post(
    "/meetings/{meeting_id}/rotate-token",
    response={200: MeetingOut, **WRITE_ERRORS},
    summary="Ganti kode QR pertemuan (Admin BKPSDM)",
    operation_id="simerit_training_api_classes_rotate_token",
)
def rotate_token(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    meeting = attendance_services.rotate_checkin_token(
        meeting=_meeting(request, meeting_id), actor=caller(request)
    )
    return meeting_out(meeting, user=caller(request))


# --- Attendance


@router.post(
    "/attendance/checkin",
    response={201: CheckinOut, 200: CheckinOut, **WRITE_ERRORS},
    summary="Presensi dengan kode QR (peserta)",
    description="201: kehadiran tercatat; 200: sudah tercatat sebelumnya (tidak ada perubahan). "
    "Ditolak (400) bila kode kedaluwarsa (lebih dari 180 detik) atau tidak dikenal, bukan peserta "
    "kelas, kelulusan sudah diputuskan, pertemuan dibatalkan, atau di luar waktu presensi "
    "(30 menit sebelum mulai sampai selesai).",
    operation_id="simerit_training_api_classes_checkin",
)
def checkin(request: HttpRequest, payload: CheckinIn) -> Status[dict[str, Any]]:
    result = attendance_services.check_in(code=payload.token, actor=caller(request))
    meeting = result.attendance.meeting
    message = (
        f"Kehadiran Anda pada pertemuan ke-{meeting.number} tercatat."
        if result.created
        else rules.ALREADY_PRESENT
    )
    body = {
        "created": result.created,
        "message": message,
        "meeting_id": meeting.pk,
        "class_id": meeting.training_class_id,
        "recorded_at": result.attendance.created_at,
    }
    return Status(201 if result.created else 200, body)


@router.get(
    "/meetings/{meeting_id}/attendance",
    response={200: list[AttendanceOut], **DETAIL_ERRORS},
    summary="Daftar hadir satu pertemuan (Admin BKPSDM, Auditor)",
    operation_id="simerit_training_api_classes_list_attendance",
)
def list_attendance(request: HttpRequest, meeting_id: int) -> list[dict[str, Any]]:
    meeting = _meeting(request, meeting_id)
    require_readers(request)
    return [_attendance_out(enrolment) for enrolment in selectors.meeting_participants(meeting)]


@router.post(
    "/meetings/{meeting_id}/attendance",
    response={201: AttendanceOut, **WRITE_ERRORS},
    summary="Catat kehadiran manual (Admin BKPSDM)",
    description="Untuk pertemuan yang sudah dimulai; peserta harus mendapat kursi di kelas itu.",
    operation_id="simerit_training_api_classes_record_attendance",
)
def record_attendance(
    request: HttpRequest, meeting_id: int, payload: ManualAttendanceIn
) -> Status[dict[str, Any]]:
    meeting = _meeting(request, meeting_id)
    enrolment = get_or_404(meeting.training_class.enrolments.all(), payload.enrolment_id)
    attendance_services.record_attendance(
        meeting=meeting, enrolment=enrolment, actor=caller(request)
    )
    row = selectors.meeting_participants(meeting).get(pk=enrolment.pk)
    return Status(201, _attendance_out(row))


@router.delete(
    "/meetings/{meeting_id}/attendance/{enrolment_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Hapus catatan kehadiran (Admin BKPSDM)",
    operation_id="simerit_training_api_classes_remove_attendance",
)
def remove_attendance(request: HttpRequest, meeting_id: int, enrolment_id: int) -> Status[None]:
    meeting = _meeting(request, meeting_id)
    attendance = Attendance.objects.filter(meeting=meeting, enrolment_id=enrolment_id).first()
    if attendance is None:
        services.require_hr(caller(request))
        raise Http404
    attendance_services.remove_attendance(attendance=attendance, actor=caller(request))
    return Status(204, None)
