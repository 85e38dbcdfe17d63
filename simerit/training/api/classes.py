"""JSON API of classes, meetings, attendance and completion: the same selectors and services as
the pages. A class, meeting or enrolment the caller may not see is a 404; a refused write on a
visible one is a 403 (who) or a 400/409/422 (a rule: status, dates, duplicate, attendance).

The QR check-in takes the signed check-in code in the body (never in the path, which servers
log); like the page, it accepts a code only for rules.CHECKIN_CODE_MAX_AGE seconds."""

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status

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
from simerit.core.exceptions import InvalidInputError
from simerit.organization.models import WorkUnit
from simerit.training.models import (
    Attendance,
    Enrolment,
    Meeting,
    Programme,
    ProgrammeKind,
    TrainingClass,
)
from simerit.training.permissions import classes_visible_to, is_hr, reads_everything
from simerit.training.rules import classes as rules
from simerit.training.rules.classes import TEXT_MAX_LENGTH
from simerit.training.selectors import classes as selectors
from simerit.training.selectors import enrolment as enrolment_selectors
from simerit.training.services import attendance as attendance_services
from simerit.training.services import classes as services
from simerit.training.services import completion

router = Router(tags=["Pelatihan — Kelas"])

NOT_HR = "Hanya Admin BKPSDM yang dapat melihat data ini."


# --- Schemas


class MeetingOut(Schema):
    id: int
    class_id: int
    number: int
    topic: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    is_cancelled: bool
    checkin_opens_at: dt.datetime = Field(description="Presensi QR diterima mulai saat ini.")
    present: int | None = Field(
        description="Jumlah peserta yang tercatat hadir; null bagi selain Admin BKPSDM/Auditor."
    )
    checkin_url: str | None = Field(
        description="Alamat yang dikodekan QR presensi saat ini (kode bertanda waktu, berlaku "
        "180 detik); hanya untuk Admin BKPSDM."
    )


class ClassOut(Schema):
    id: int
    programme_id: int
    programme_code: str
    programme_name: str
    kind: str
    name: str
    status: str = Field(description="draft, open, closed, completed, cancelled.")
    status_label: str
    starts_on: dt.date
    ends_on: dt.date
    enrolment_closes_on: dt.date
    venue: str
    online_url: str | None = Field(
        description="Tautan daring; null bila pemanggil bukan peserta yang mendapat kursi, "
        "Admin BKPSDM, atau Auditor."
    )
    capacity: int
    seats_taken: int
    seats_left: int
    jp: Decimal
    min_attendance_percent: int
    work_unit_id: int | None = Field(description="Kelas khusus unit kerja ini; null: semua unit.")
    work_unit_name: str
    completed_at: dt.datetime | None


class ClassDetailOut(ClassOut):
    waitlisted: int
    pending: int
    meetings: list[MeetingOut]


class ClassPage(Page[ClassOut]):
    pass


class ClassFilter(PageParams):
    query: str = Field("", max_length=100, description="Cari nama kelas, nama/kode program.")
    status: TrainingClass.Status | None = None
    kind: ProgrammeKind | None = None
    year: int | None = Field(None, ge=2000, le=2100)


class ClassUpdateIn(Schema):
    name: str = Field(max_length=120)
    starts_on: dt.date
    ends_on: dt.date
    enrolment_closes_on: dt.date
    capacity: int
    venue: str = Field("", max_length=200)
    online_url: str = Field("", max_length=200)
    min_attendance_percent: int = 80
    work_unit_id: int | None = None
    jp: Decimal | None = Field(
        None, description="Kosong (null): JP program saat dibuat, JP kelas saat diubah."
    )


class ClassIn(ClassUpdateIn):
    programme_id: int


class ReasonIn(Schema):
    reason: str = Field(max_length=TEXT_MAX_LENGTH)


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


class RosterOut(Schema):
    enrolment_id: int
    employee_id: int
    employee_name: str
    employee_nip: str
    work_unit: str
    route: str
    status: str = Field(description="enrolled, completed (lulus), not_completed (tidak lulus).")
    status_label: str
    attended: int
    meetings: int
    attendance_percent: Decimal | None
    pre_test_score: Decimal | None
    post_test_score: Decimal | None
    assessment_score: Decimal | None
    completed_at: dt.datetime | None


class RosterPage(Page[RosterOut]):
    pass


class ResultIn(Schema):
    """Omitted scores stay as they are; null clears one."""

    pre_test_score: Decimal | None = None
    post_test_score: Decimal | None = None
    assessment_score: Decimal | None = None
    outcome: Literal["completed", "not_completed"] | None = Field(
        None, description="completed (lulus) atau not_completed (tidak lulus); kosong: nilai saja."
    )


# --- Converters


def _meeting_out(meeting: Meeting, *, user: Any) -> dict[str, Any]:
    return {
        "id": meeting.pk,
        "class_id": meeting.training_class_id,
        "number": meeting.number,
        "topic": meeting.topic,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "is_cancelled": meeting.is_cancelled,
        "checkin_opens_at": rules.checkin_opens_at(meeting.starts_at),
        "present": getattr(meeting, "present", None) if reads_everything(user) else None,
        "checkin_url": selectors.checkin_url(meeting) if is_hr(user) else None,
    }


def _class_out(training_class: TrainingClass, *, user: Any, show_url: bool) -> dict[str, Any]:
    seats_taken = getattr(training_class, "seats_taken", None)
    if seats_taken is None:
        seats_taken = enrolment_selectors.seats_taken(training_class)
    return {
        "id": training_class.pk,
        "programme_id": training_class.programme_id,
        "programme_code": training_class.programme.code,
        "programme_name": training_class.programme.name,
        "kind": training_class.programme.kind,
        "name": training_class.name,
        "status": training_class.status,
        "status_label": training_class.get_status_display(),
        "starts_on": training_class.starts_on,
        "ends_on": training_class.ends_on,
        "enrolment_closes_on": training_class.enrolment_closes_on,
        "venue": training_class.venue,
        "online_url": training_class.online_url if show_url else None,
        "capacity": training_class.capacity,
        "seats_taken": seats_taken,
        "seats_left": max(training_class.capacity - seats_taken, 0),
        "jp": training_class.jp,
        "min_attendance_percent": training_class.min_attendance_percent,
        "work_unit_id": training_class.work_unit_id,
        "work_unit_name": training_class.work_unit.name if training_class.work_unit else "",
        "completed_at": training_class.completed_at,
    }


def _detail_out(request: HttpRequest, class_id: int) -> dict[str, Any]:
    user = caller(request)
    training_class = _class(request, class_id)
    seat = selectors.my_enrolment(user, training_class)
    return {
        **_class_out(
            training_class,
            user=user,
            show_url=selectors.may_see_online_url(user, training_class, seat),
        ),
        "waitlisted": training_class.waitlisted,  # type: ignore[attr-defined]
        "pending": training_class.pending,  # type: ignore[attr-defined]
        "meetings": [
            _meeting_out(meeting, user=user) for meeting in selectors.meetings_of(training_class)
        ],
    }


def _roster_out(enrolment: Enrolment, *, held: int) -> dict[str, Any]:
    attended: int = getattr(enrolment, "attended", 0)
    return {
        "enrolment_id": enrolment.pk,
        "employee_id": enrolment.employee_id,
        "employee_name": enrolment.employee.display_name,
        "employee_nip": enrolment.employee.nip,
        "work_unit": enrolment.employee.work_unit.name,
        "route": enrolment.route,
        "status": enrolment.status,
        "status_label": enrolment.get_status_display(),
        "attended": attended,
        "meetings": held,
        "attendance_percent": rules.attendance_percent(attended=attended, held=held),
        "pre_test_score": enrolment.pre_test_score,
        "post_test_score": enrolment.post_test_score,
        "assessment_score": enrolment.assessment_score,
        "completed_at": enrolment.completed_at,
    }


def _attendance_out(enrolment: Enrolment) -> dict[str, Any]:
    return {
        "enrolment_id": enrolment.pk,
        "employee_name": enrolment.employee.display_name,
        "employee_nip": enrolment.employee.nip,
        "present": enrolment.present_at is not None,  # type: ignore[attr-defined]
        "method": enrolment.present_method,  # type: ignore[attr-defined]
        "recorded_at": enrolment.present_at,  # type: ignore[attr-defined]
    }


# --- Lookups


def _class(request: HttpRequest, class_id: int) -> TrainingClass:
    training_class = selectors.get_visible_class(caller(request), class_id)
    if training_class is None:
        raise Http404
    return training_class


def _meeting(request: HttpRequest, meeting_id: int) -> Meeting:
    visible = classes_visible_to(caller(request))
    return get_or_404(
        Meeting.objects.filter(training_class__in=visible).select_related(
            "training_class__programme"
        ),
        meeting_id,
    )


def _roster_enrolment(request: HttpRequest, class_id: int, enrolment_id: int) -> Enrolment:
    training_class = _class(request, class_id)
    return get_or_404(training_class.enrolments.all(), enrolment_id)


def _require_readers(request: HttpRequest) -> None:
    if not reads_everything(caller(request)):
        services.require_hr(caller(request))


def _work_unit(unit_id: int | None) -> WorkUnit | None:
    if unit_id is None:
        return None
    unit = WorkUnit.objects.filter(pk=unit_id).first()
    if unit is None:
        raise InvalidInputError({"work_unit_id": ["Unit kerja tidak ditemukan."]})
    return unit


def _class_input(payload: ClassUpdateIn) -> services.ClassInput:
    return services.ClassInput(
        name=payload.name,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        enrolment_closes_on=payload.enrolment_closes_on,
        capacity=payload.capacity,
        venue=payload.venue,
        online_url=payload.online_url,
        min_attendance_percent=payload.min_attendance_percent,
        work_unit=_work_unit(payload.work_unit_id),
        jp=payload.jp,
    )


def _meeting_input(payload: MeetingIn) -> attendance_services.MeetingInput:
    return attendance_services.MeetingInput(
        number=payload.number,
        topic=payload.topic,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
    )


def _written(request: HttpRequest, training_class: TrainingClass) -> dict[str, Any]:
    """A class after a write, read again with its counts."""
    return _class_out(_class(request, training_class.pk), user=caller(request), show_url=True)


# --- Classes


@router.get(
    "/classes",
    response={200: ClassPage, **READ_ERRORS},
    summary="Daftar kelas",
    description="Admin BKPSDM dan Auditor: semua kelas. Pegawai: kelas yang membuka atau telah "
    "menutup pendaftaran atau selesai, yang terbuka bagi unit kerjanya, dan kelas yang pernah "
    "diikutinya.",
)
def list_classes(request: HttpRequest, filters: Query[ClassFilter]) -> dict[str, Any]:
    user = caller(request)
    classes: QuerySet[TrainingClass] = selectors.list_classes(
        user,
        selectors.ClassFilters(
            query=filters.query.strip(),
            status=filters.status or "",
            kind=filters.kind or "",
            year=filters.year,
        ),
    )
    page = paginate(classes, filters)
    show = reads_everything(user)
    page["items"] = [_class_out(item, user=user, show_url=show) for item in page["items"]]
    return page


@router.get(
    "/classes/{class_id}",
    response={200: ClassDetailOut, **DETAIL_ERRORS},
    summary="Satu kelas dengan pertemuannya",
)
def get_class(request: HttpRequest, class_id: int) -> dict[str, Any]:
    return _detail_out(request, class_id)


@router.post(
    "/classes",
    response={201: ClassOut, **WRITE_ERRORS},
    summary="Buat kelas (Admin BKPSDM)",
    description="Kelas baru berstatus draft; JP disalin dari program bila jp kosong.",
)
def create_class(request: HttpRequest, payload: ClassIn) -> Status[dict[str, Any]]:
    programme = Programme.objects.filter(pk=payload.programme_id).first()
    services.require_hr(caller(request))
    if programme is None:
        raise InvalidInputError({"programme_id": ["Program tidak ditemukan."]})
    created = services.create_class(
        programme=programme, data=_class_input(payload), actor=caller(request)
    )
    return Status(201, _written(request, created))


@router.put(
    "/classes/{class_id}",
    response={200: ClassOut, **WRITE_ERRORS},
    summary="Ubah kelas (Admin BKPSDM)",
)
def update_class(request: HttpRequest, class_id: int, payload: ClassUpdateIn) -> dict[str, Any]:
    training_class = _class(request, class_id)
    services.require_hr(caller(request))
    updated = services.update_class(
        training_class=training_class, data=_class_input(payload), actor=caller(request)
    )
    return _written(request, updated)


@router.post(
    "/classes/{class_id}/open",
    response={200: ClassOut, **WRITE_ERRORS},
    summary="Buka pendaftaran (Admin BKPSDM)",
)
def open_class(request: HttpRequest, class_id: int) -> dict[str, Any]:
    training_class = services.open_class(
        training_class=_class(request, class_id), actor=caller(request)
    )
    return _written(request, training_class)


@router.post(
    "/classes/{class_id}/close",
    response={200: ClassOut, **WRITE_ERRORS},
    summary="Tutup pendaftaran (Admin BKPSDM)",
)
def close_class(request: HttpRequest, class_id: int) -> dict[str, Any]:
    training_class = services.close_enrolment(
        training_class=_class(request, class_id), actor=caller(request)
    )
    return _written(request, training_class)


@router.post(
    "/classes/{class_id}/cancel",
    response={200: ClassOut, **WRITE_ERRORS},
    summary="Batalkan kelas (Admin BKPSDM)",
    description="Semua pendaftaran yang masih hidup dibatalkan dan pegawainya diberi tahu.",
)
def cancel_class(request: HttpRequest, class_id: int, payload: ReasonIn) -> dict[str, Any]:
    training_class = services.cancel_class(
        training_class=_class(request, class_id), reason=payload.reason, actor=caller(request)
    )
    return _written(request, training_class)


@router.post(
    "/classes/{class_id}/complete",
    response={200: ClassOut, **WRITE_ERRORS},
    summary="Nyatakan kelas selesai (Admin BKPSDM)",
    description="Setelah semua peserta yang mendapat kursi diputuskan lulus atau tidak lulus.",
)
def complete_class(request: HttpRequest, class_id: int) -> dict[str, Any]:
    training_class = completion.complete_class(
        training_class=_class(request, class_id), actor=caller(request)
    )
    return _written(request, training_class)


# --- Meetings


@router.get(
    "/classes/{class_id}/meetings",
    response={200: list[MeetingOut], **DETAIL_ERRORS},
    summary="Pertemuan satu kelas",
)
def list_meetings(request: HttpRequest, class_id: int) -> list[dict[str, Any]]:
    training_class = _class(request, class_id)
    user = caller(request)
    return [_meeting_out(meeting, user=user) for meeting in selectors.meetings_of(training_class)]


@router.post(
    "/classes/{class_id}/meetings",
    response={201: MeetingOut, **WRITE_ERRORS},
    summary="Tambah pertemuan (Admin BKPSDM)",
)
def add_meeting(request: HttpRequest, class_id: int, payload: MeetingIn) -> Status[dict[str, Any]]:
    meeting = attendance_services.add_meeting(
        training_class=_class(request, class_id),
        data=_meeting_input(payload),
        actor=caller(request),
    )
    return Status(201, _meeting_out(meeting, user=caller(request)))


@router.put(
    "/meetings/{meeting_id}",
    response={200: MeetingOut, **WRITE_ERRORS},
    summary="Ubah pertemuan (Admin BKPSDM)",
)
def update_meeting(request: HttpRequest, meeting_id: int, payload: MeetingIn) -> dict[str, Any]:
    meeting = attendance_services.update_meeting(
        meeting=_meeting(request, meeting_id), data=_meeting_input(payload), actor=caller(request)
    )
    return _meeting_out(meeting, user=caller(request))


@router.post(
    "/meetings/{meeting_id}/cancel",
    response={200: MeetingOut, **WRITE_ERRORS},
    summary="Batalkan pertemuan (Admin BKPSDM)",
)
def cancel_meeting(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    meeting = attendance_services.cancel_meeting(
        meeting=_meeting(request, meeting_id), actor=caller(request)
    )
    return _meeting_out(meeting, user=caller(request))


@router.post(
    "/meetings/{meeting_id}/rotate-token",
    response={200: MeetingOut, **WRITE_ERRORS},
    summary="Ganti kode QR pertemuan (Admin BKPSDM)",
)
def rotate_token(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    meeting = attendance_services.rotate_checkin_token(
        meeting=_meeting(request, meeting_id), actor=caller(request)
    )
    return _meeting_out(meeting, user=caller(request))


# --- Attendance


@router.post(
    "/attendance/checkin",
    response={201: CheckinOut, 200: CheckinOut, **WRITE_ERRORS},
    summary="Presensi dengan kode QR (peserta)",
    description="201: kehadiran tercatat; 200: sudah tercatat sebelumnya (tidak ada perubahan). "
    "Ditolak (400) bila kode kedaluwarsa (lebih dari 180 detik) atau tidak dikenal, bukan peserta "
    "kelas, kelulusan sudah diputuskan, pertemuan dibatalkan, atau di luar waktu presensi "
    "(30 menit sebelum mulai sampai selesai).",
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
)
def list_attendance(request: HttpRequest, meeting_id: int) -> list[dict[str, Any]]:
    meeting = _meeting(request, meeting_id)
    _require_readers(request)
    return [_attendance_out(enrolment) for enrolment in selectors.meeting_participants(meeting)]


@router.post(
    "/meetings/{meeting_id}/attendance",
    response={201: AttendanceOut, **WRITE_ERRORS},
    summary="Catat kehadiran manual (Admin BKPSDM)",
    description="Untuk pertemuan yang sudah dimulai; peserta harus mendapat kursi di kelas itu.",
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
)
def remove_attendance(request: HttpRequest, meeting_id: int, enrolment_id: int) -> Status[None]:
    meeting = _meeting(request, meeting_id)
    attendance = Attendance.objects.filter(meeting=meeting, enrolment_id=enrolment_id).first()
    if attendance is None:
        services.require_hr(caller(request))
        raise Http404
    attendance_services.remove_attendance(attendance=attendance, actor=caller(request))
    return Status(204, None)


# --- Roster and completion


@router.get(
    "/classes/{class_id}/roster",
    response={200: RosterPage, **DETAIL_ERRORS},
    summary="Peserta yang mendapat kursi, dengan kehadiran dan nilai (Admin BKPSDM, Auditor)",
)
def roster(request: HttpRequest, class_id: int, params: Query[PageParams]) -> dict[str, Any]:
    training_class = _class(request, class_id)
    _require_readers(request)
    held = selectors.held_meetings(training_class)
    page = paginate(selectors.roster(training_class), params)
    page["items"] = [_roster_out(enrolment, held=held) for enrolment in page["items"]]
    return page


def _roster_row(training_class: TrainingClass, enrolment_id: int) -> dict[str, Any]:
    row = selectors.roster(training_class).get(pk=enrolment_id)
    return _roster_out(row, held=selectors.held_meetings(training_class))


@router.post(
    "/classes/{class_id}/roster/{enrolment_id}/result",
    response={200: RosterOut, **WRITE_ERRORS},
    summary="Nilai dan kelulusan satu peserta (Admin BKPSDM)",
    description="Nilai 0–100 (dua desimal). Lulus ditolak bila kehadiran kurang dari batas "
    "minimum kelas. Nilai yang tidak dikirim tetap; null menghapusnya.",
)
def record_result(
    request: HttpRequest, class_id: int, enrolment_id: int, payload: ResultIn
) -> dict[str, Any]:
    enrolment = _roster_enrolment(request, class_id, enrolment_id)
    sent = payload.model_dump(exclude_unset=True)
    scores = completion.Scores(
        **{
            field: sent.get(field, getattr(enrolment, field))
            for field in completion.Scores.__dataclass_fields__
        }
    )
    completion.record_result(
        enrolment=enrolment, scores=scores, outcome=payload.outcome, actor=caller(request)
    )
    return _roster_row(enrolment.training_class, enrolment.pk)


@router.post(
    "/classes/{class_id}/roster/{enrolment_id}/revert",
    response={200: RosterOut, **WRITE_ERRORS},
    summary="Batalkan keputusan kelulusan (Admin BKPSDM)",
    description="Selama kelas belum selesai dan sertifikat belum diterbitkan.",
)
def revert_result(
    request: HttpRequest, class_id: int, enrolment_id: int, payload: ReasonIn
) -> dict[str, Any]:
    enrolment = _roster_enrolment(request, class_id, enrolment_id)
    completion.revert_result(enrolment=enrolment, reason=payload.reason, actor=caller(request))
    return _roster_row(enrolment.training_class, enrolment.pk)
