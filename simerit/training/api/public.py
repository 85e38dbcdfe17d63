"""JSON API of the public preparation (same selectors as the pages): the upcoming information
sessions and one session for anyone (`auth=None`; a cancelled session says so and why, nothing
more), and for Admin BKPSDM and the Auditor every session (with when and why it was cancelled)
and a session's registrants."""

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from simerit.core.api import (
    DETAIL_ERRORS,
    READ_ERRORS,
    ErrorOut,
    Page,
    PageParams,
    caller,
    get_or_404,
    paginate,
)
from simerit.training import permissions
from simerit.training.models import InformationSession, SessionRegistration
from simerit.training.selectors import public as selectors

router = Router(tags=["Pelatihan — Persiapan seleksi"])


class PublicSessionOut(Schema):
    id: int
    title: str
    kind: str = Field(description="sosialisasi atau workshop.")
    kind_label: str
    description: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    registration_closes_at: dt.datetime
    venue: str = Field(description="Tempat; kosong untuk sesi yang hanya daring.")
    is_online: bool = Field(
        description="Ada tautan daring (diberikan kepada pendaftar yang mendapat kursi)."
    )
    capacity: int
    seats_left: int
    waitlisted_count: int
    registration_open: bool = Field(description="Pendaftaran masih dibuka saat ini.")
    is_cancelled: bool = Field(description="Sesi dibatalkan oleh penyelenggara.")
    cancel_reason: str = Field(description="Alasan pembatalan; kosong bila sesi tidak dibatalkan.")
    url: str = Field(description="Halaman sesi dengan formulir pendaftaran.")

    @staticmethod
    def resolve_kind_label(obj: InformationSession) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_is_online(obj: InformationSession) -> bool:
        return bool(obj.online_url)

    @staticmethod
    def resolve_registration_open(obj: InformationSession) -> bool:
        return not selectors.closed_reason(obj, now=timezone.now())

    @staticmethod
    def resolve_is_cancelled(obj: InformationSession) -> bool:
        return obj.status == InformationSession.Status.CANCELLED

    @staticmethod
    def resolve_cancel_reason(obj: InformationSession) -> str:
        return obj.cancel_reason if obj.status == InformationSession.Status.CANCELLED else ""

    @staticmethod
    def resolve_url(obj: InformationSession) -> str:
        return reverse("preparation:session-detail", args=[obj.pk])


class AdminSessionOut(Schema):
    id: int
    title: str
    kind: str = Field(description="sosialisasi atau workshop.")
    kind_label: str
    status: str = Field(description="draft, published, cancelled.")
    status_label: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    registration_closes_at: dt.datetime
    venue: str
    online_url: str
    capacity: int
    registered_count: int
    waitlisted_count: int
    seats_left: int
    period_id: int | None
    cancelled_at: dt.datetime | None = Field(
        description="Waktu pembatalan; null bila tidak dibatalkan."
    )
    cancel_reason: str = Field(description="Alasan pembatalan; kosong bila tidak dibatalkan.")

    @staticmethod
    def resolve_kind_label(obj: InformationSession) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_status_label(obj: InformationSession) -> str:
        return obj.get_status_display()


class AdminSessionPage(Page[AdminSessionOut]):
    pass


class AdminSessionFilter(PageParams):
    status: Literal["draft", "published", "cancelled"] | None = Field(
        None, description="Hanya sesi dengan status ini."
    )
    query: str = Field("", max_length=100, description="Cari judul atau tempat.")


class RegistrantOut(Schema):
    id: int
    code: str = Field(
        description="Kode pendaftaran; utuh hanya untuk Admin BKPSDM (yang memeriksanya di pintu "
        "masuk), disamarkan untuk Auditor (mis. AB****)."
    )
    name: str
    email: str
    phone: str
    status: str = Field(description="registered, waitlisted, cancelled.")
    registered_at: dt.datetime
    waitlisted_at: dt.datetime | None

    @staticmethod
    def resolve_code(obj: SessionRegistration, context: dict[str, Any]) -> str:
        request: HttpRequest = context["request"]
        return selectors.shown_code(obj.code, full=permissions.is_hr(caller(request)))

    @staticmethod
    def resolve_registered_at(obj: SessionRegistration) -> dt.datetime:
        return obj.created_at


class RegistrantPage(Page[RegistrantOut]):
    pass


class RegistrantFilter(PageParams):
    status: Literal["registered", "waitlisted", "cancelled"] | None = Field(
        None, description="Hanya pendaftar dengan status ini."
    )


@router.get(
    "/public/sessions",
    auth=None,
    response={200: Page[PublicSessionOut], 422: ErrorOut},
    summary="Sosialisasi dan workshop persiapan seleksi (publik)",
    description="Sesi yang diumumkan dan belum selesai, yang paling dekat lebih dulu, dengan sisa "
    "kursi. Tanpa autentikasi.",
)
def list_public_sessions(request: HttpRequest, params: Query[PageParams]) -> dict[str, Any]:
    return paginate(selectors.upcoming_sessions(now=timezone.now()), params)


@router.get(
    "/public/sessions/{session_id}",
    auth=None,
    response={200: PublicSessionOut, 404: ErrorOut},
    summary="Satu sosialisasi atau workshop (publik)",
    description="Sesi yang diumumkan atau dibatalkan (dengan alasannya); draf tidak ditemukan. "
    "Tanpa autentikasi.",
)
def get_public_session(request: HttpRequest, session_id: int) -> InformationSession:
    try:
        return selectors.get_public_session(session_id=session_id)
    except InformationSession.DoesNotExist as error:
        raise Http404 from error


def _check_reader(request: HttpRequest, message: str) -> None:
    if not permissions.reads_everything(caller(request)):
        raise PermissionDenied(message)


@router.get(
    "/information-sessions",
    response={200: AdminSessionPage, **READ_ERRORS},
    summary="Sosialisasi dan workshop (Admin BKPSDM, Auditor)",
    description="Semua sesi, termasuk draf dan yang dibatalkan (dengan waktu dan alasan "
    "pembatalan), yang paling akhir lebih dulu, dengan jumlah pendaftar.",
)
def list_admin_sessions(request: HttpRequest, params: Query[AdminSessionFilter]) -> dict[str, Any]:
    _check_reader(request, "Hanya Admin BKPSDM dan Auditor yang dapat melihat daftar sesi.")
    sessions = selectors.list_admin_sessions(
        status=params.status or "", search=params.query.strip()
    )
    return paginate(sessions, params)


@router.get(
    "/information-sessions/{session_id}/registrants",
    response={200: RegistrantPage, **DETAIL_ERRORS, 422: ErrorOut},
    summary="Pendaftar satu sesi",
    description="Admin BKPSDM dan Auditor: kursi lebih dulu, lalu daftar tunggu menurut urutan, "
    "lalu yang dibatalkan. Berisi data pribadi pendaftar.",
)
def list_registrants(
    request: HttpRequest, session_id: int, params: Query[RegistrantFilter]
) -> dict[str, Any]:
    _check_reader(request, "Hanya Admin BKPSDM dan Auditor yang dapat melihat pendaftar.")
    session = get_or_404(InformationSession.objects.all(), session_id)
    registrants = selectors.list_registrants(session=session, status=params.status or "")
    return paginate(registrants, params)
