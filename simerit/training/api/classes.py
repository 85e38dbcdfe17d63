"""JSON API of classes: the same selectors and services as the pages. A class the caller may not
see is a 404; a refused write on a visible one is a 403 (who) or a 400/409/422 (a rule: status,
dates, duplicate).

Meetings and attendance are in api.attendance, the roster, results and completion in
api.completion; both build on the schemas and helpers here that have no leading underscore."""

import datetime as dt
from decimal import Decimal
from typing import Any

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
    paginate,
)
from simerit.core.exceptions import InvalidInputError
from simerit.organization.models import WorkUnit
from simerit.training.models import Meeting, Programme, ProgrammeKind, TrainingClass
from simerit.training.permissions import is_hr, reads_everything
from simerit.training.rules import classes as rules
from simerit.training.rules.classes import TEXT_MAX_LENGTH
from simerit.training.selectors import classes as selectors
from simerit.training.selectors import enrolment as enrolment_selectors
from simerit.training.services import classes as services

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


# --- Converters


def meeting_out(meeting: Meeting, *, user: Any) -> dict[str, Any]:
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
    training_class = visible_class(request, class_id)
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
            meeting_out(meeting, user=user) for meeting in selectors.meetings_of(training_class)
        ],
    }


# --- Lookups


def visible_class(request: HttpRequest, class_id: int) -> TrainingClass:
    training_class = selectors.get_visible_class(caller(request), class_id)
    if training_class is None:
        raise Http404
    return training_class


def require_readers(request: HttpRequest) -> None:
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


def written(request: HttpRequest, training_class: TrainingClass) -> dict[str, Any]:
    """A class after a write, read again with its counts."""
    return _class_out(
        visible_class(request, training_class.pk), user=caller(request), show_url=True
    )


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
    return Status(201, written(request, created))


@router.put(
    "/classes/{class_id}",
    response={200: ClassOut, **WRITE_ERRORS},
    summary="Ubah kelas (Admin BKPSDM)",
)
def update_class(request: HttpRequest, class_id: int, payload: ClassUpdateIn) -> dict[str, Any]:
    training_class = visible_class(request, class_id)
    services.require_hr(caller(request))
    updated = services.update_class(
        training_class=training_class, data=_class_input(payload), actor=caller(request)
    )
    return written(request, updated)


@router.post(
    "/classes/{class_id}/open",
    response={200: ClassOut, **WRITE_ERRORS},
    summary="Buka pendaftaran (Admin BKPSDM)",
)
def open_class(request: HttpRequest, class_id: int) -> dict[str, Any]:
    training_class = services.open_class(
        training_class=visible_class(request, class_id), actor=caller(request)
    )
    return written(request, training_class)


@router.post(
    "/classes/{class_id}/close",
    response={200: ClassOut, **WRITE_ERRORS},
    summary="Tutup pendaftaran (Admin BKPSDM)",
)
def close_class(request: HttpRequest, class_id: int) -> dict[str, Any]:
    training_class = services.close_enrolment(
        training_class=visible_class(request, class_id), actor=caller(request)
    )
    return written(request, training_class)


@router.post(
    "/classes/{class_id}/cancel",
    response={200: ClassOut, **WRITE_ERRORS},
    summary="Batalkan kelas (Admin BKPSDM)",
    description="Semua pendaftaran yang masih hidup dibatalkan dan pegawainya diberi tahu.",
)
def cancel_class(request: HttpRequest, class_id: int, payload: ReasonIn) -> dict[str, Any]:
    training_class = services.cancel_class(
        training_class=visible_class(request, class_id),
        reason=payload.reason,
        actor=caller(request),
    )
    return written(request, training_class)
