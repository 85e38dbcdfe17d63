"""JSON API of enrolment: the same services and selectors as the HTML pages. A class or an
enrolment the caller may not see is a 404; a refused action on a visible one is a 403 (who) or a
400/409 (a rule of the class: closed, duplicate...)."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from simerit.core.api import (
    READ_ERRORS,
    WRITE_ERRORS,
    Page,
    PageParams,
    caller,
    get_or_404,
    paginate,
)
from simerit.core.exceptions import InvalidInputError
from simerit.employees.models import Employee
from simerit.training import permissions
from simerit.training.models import Enrolment, TrainingClass
from simerit.training.rules.classes import TEXT_MAX_LENGTH
from simerit.training.selectors import enrolment as selectors
from simerit.training.services import enrolment as services

router = Router(tags=["Pelatihan — Pendaftaran"])

TEXT = TEXT_MAX_LENGTH


class EnrolmentOut(Schema):
    id: int
    class_id: int
    class_name: str
    programme: str
    starts_on: dt.date
    ends_on: dt.date
    jp: Decimal
    employee_id: int
    employee_name: str
    employee_nip: str
    route: str
    route_label: str
    status: str
    status_label: str
    waitlist_position: int | None = Field(
        description="Urutan pada daftar tunggu (1 = berikutnya naik); null bila tidak menunggu."
    )
    motivation: str
    decided_at: dt.datetime | None
    decision_note: str
    cancelled_at: dt.datetime | None
    cancel_reason: str


class EnrolmentResultOut(EnrolmentOut):
    message: str = Field(description="Hasil tindakan dalam satu kalimat, aman ditampilkan.")


class EnrolmentPage(Page[EnrolmentOut]):
    pass


class ApprovalOut(EnrolmentOut):
    seats_left: int = Field(description="Kursi kelas yang masih tersedia saat ini.")
    has_supervisor: bool


class ApprovalPage(Page[ApprovalOut]):
    pass


class EnrolIn(Schema):
    class_id: int
    motivation: str = Field("", max_length=TEXT)


class ApproveIn(Schema):
    note: str = Field("", max_length=TEXT)


class ReasonIn(Schema):
    reason: str = Field(max_length=TEXT)


class NominateIn(Schema):
    employee_ids: list[int] = Field(min_length=1, max_length=200)


class AssignIn(Schema):
    nip: str = Field(max_length=services.NIP_LENGTH)


class MyEnrolmentFilter(PageParams):
    status: Enrolment.Status | None = None


def _out(enrolment: Enrolment, **extra: Any) -> dict[str, Any]:
    training_class = enrolment.training_class
    position = getattr(enrolment, "waitlist_position", None)
    if position is None and enrolment.status == Enrolment.Status.WAITLISTED:
        position = selectors.waitlist_position(enrolment)
    return {
        "id": enrolment.pk,
        "class_id": training_class.pk,
        "class_name": training_class.name,
        "programme": training_class.programme.name,
        "starts_on": training_class.starts_on,
        "ends_on": training_class.ends_on,
        "jp": training_class.jp,
        "employee_id": enrolment.employee_id,
        "employee_name": enrolment.employee.display_name,
        "employee_nip": enrolment.employee.nip,
        "route": enrolment.route,
        "route_label": enrolment.get_route_display(),
        "status": enrolment.status,
        "status_label": enrolment.get_status_display(),
        "waitlist_position": position,
        "motivation": enrolment.motivation,
        "decided_at": enrolment.decided_at,
        "decision_note": enrolment.decision_note,
        "cancelled_at": enrolment.cancelled_at,
        "cancel_reason": enrolment.cancel_reason,
        **extra,
    }


def _result(enrolment: Enrolment) -> dict[str, Any]:
    return _out(enrolment, message=selectors.outcome_message(enrolment))


def _class(request: HttpRequest, class_id: int) -> TrainingClass:
    return get_or_404(selectors.classes_for_enrolment(caller(request)), class_id)


def _enrolment(request: HttpRequest, enrolment_id: int) -> Enrolment:
    return get_or_404(permissions.visible_enrolments(caller(request)), enrolment_id)


@router.post(
    "/enrolments",
    response={201: EnrolmentResultOut, **WRITE_ERRORS},
    summary="Ajukan pendaftaran kelas (pegawai)",
    description="Permintaan pegawai sendiri; menunggu persetujuan atasan langsung (atau Admin "
    "BKPSDM bila tidak ada atasan). Ditolak bila kelas tidak dibuka, pendaftaran sudah ditutup, "
    "kelas khusus unit lain, sudah terdaftar (409), atau pegawai tidak aktif.",
)
def enrol(request: HttpRequest, payload: EnrolIn) -> Status[dict[str, Any]]:
    enrolment = services.request_enrolment(
        training_class=_class(request, payload.class_id),
        motivation=payload.motivation,
        actor=caller(request),
    )
    return Status(201, _result(enrolment))


@router.post(
    "/enrolments/{enrolment_id}/approve",
    response={200: EnrolmentResultOut, **WRITE_ERRORS},
    summary="Setujui permintaan (atasan langsung / Admin BKPSDM)",
    description="Kursi bila masih tersedia, selain itu daftar tunggu (lihat waitlist_position).",
)
def approve(request: HttpRequest, enrolment_id: int, payload: ApproveIn) -> dict[str, Any]:
    enrolment = services.approve_enrolment(
        enrolment=_enrolment(request, enrolment_id), note=payload.note, actor=caller(request)
    )
    return _result(enrolment)


@router.post(
    "/enrolments/{enrolment_id}/reject",
    response={200: EnrolmentResultOut, **WRITE_ERRORS},
    summary="Tolak permintaan (atasan langsung / Admin BKPSDM)",
    description="Alasan wajib diisi; pegawai diberi tahu.",
)
def reject(request: HttpRequest, enrolment_id: int, payload: ReasonIn) -> dict[str, Any]:
    enrolment = services.reject_enrolment(
        enrolment=_enrolment(request, enrolment_id), reason=payload.reason, actor=caller(request)
    )
    return _out(enrolment, message="Permintaan ditolak.")


@router.post(
    "/enrolments/{enrolment_id}/cancel",
    response={200: EnrolmentResultOut, **WRITE_ERRORS},
    summary="Batalkan keikutsertaan (pegawai sendiri / Admin BKPSDM)",
    description="Pegawai sebelum kelas dimulai, Admin BKPSDM kapan saja; alasan wajib. Kursi "
    "yang kosong diberikan kepada urutan pertama daftar tunggu.",
)
def cancel(request: HttpRequest, enrolment_id: int, payload: ReasonIn) -> dict[str, Any]:
    enrolment = services.cancel_enrolment(
        enrolment=_enrolment(request, enrolment_id), reason=payload.reason, actor=caller(request)
    )
    return _out(enrolment, message="Keikutsertaan dibatalkan.")


@router.post(
    "/classes/{class_id}/nominations",
    response={201: list[EnrolmentResultOut], **WRITE_ERRORS},
    summary="Usulkan anggota tim (atasan)",
    description="Anggota tim atasan (bawahan langsung maupun tidak langsung) langsung mendapat "
    "kursi selama tersedia, selebihnya daftar tunggu. Semua atau tidak sama sekali.",
)
def nominate(request: HttpRequest, class_id: int, payload: NominateIn) -> Status[list[Any]]:
    training_class = _class(request, class_id)
    found = Employee.objects.select_related("work_unit", "user").in_bulk(payload.employee_ids)
    missing = [pk for pk in payload.employee_ids if pk not in found]
    if missing:
        raise InvalidInputError({"employee_ids": ["Pegawai yang dipilih tidak ditemukan."]})
    placed = services.nominate_employees(
        training_class=training_class,
        employees=[found[pk] for pk in payload.employee_ids],
        actor=caller(request),
    )
    return Status(201, [_result(enrolment) for enrolment in placed])


@router.post(
    "/classes/{class_id}/assignments",
    response={201: EnrolmentResultOut, **WRITE_ERRORS},
    summary="Tugaskan pegawai berdasarkan NIP (Admin BKPSDM)",
)
def assign(request: HttpRequest, class_id: int, payload: AssignIn) -> Status[dict[str, Any]]:
    enrolment = services.assign_employee(
        training_class=_class(request, class_id), nip=payload.nip, actor=caller(request)
    )
    return Status(201, _result(enrolment))


@router.get(
    "/enrolments/mine",
    response={200: EnrolmentPage, **READ_ERRORS},
    summary="Pendaftaran saya",
    description="Semua pendaftaran pegawai pemilik akun, kelas terbaru lebih dulu.",
)
def my_enrolments(request: HttpRequest, params: Query[MyEnrolmentFilter]) -> dict[str, Any]:
    employee = selectors.self_enrolling_employee(caller(request))
    if employee is None:
        enrolments = Enrolment.objects.none()
    else:
        status = params.status.value if params.status else ""
        enrolments = selectors.list_my_enrolments(employee, status=status)
    page = paginate(enrolments, params)
    page["items"] = [_out(enrolment) for enrolment in page["items"]]
    return page


@router.get(
    "/approvals",
    response={200: ApprovalPage, **READ_ERRORS},
    summary="Permintaan yang menunggu keputusan saya",
    description="Atasan: permintaan bawahan langsung. Admin BKPSDM: semua permintaan.",
)
def approvals(request: HttpRequest, params: Query[PageParams]) -> dict[str, Any]:
    user = caller(request)
    if not selectors.may_decide_requests(user):
        raise PermissionDenied(selectors.NOT_A_DECIDER)
    page = paginate(selectors.list_pending_approvals(user), params)
    page["items"] = [
        _out(
            enrolment,
            seats_left=enrolment.seats_left,
            has_supervisor=enrolment.employee.supervisor_id is not None,
        )
        for enrolment in page["items"]
    ]
    return page
