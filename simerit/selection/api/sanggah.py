"""Sanggah on final results over JSON: the applicant files on their own application; Admin
BKPSDM decides (not the publisher of the disputed version); Admin BKPSDM and the Auditor list.
Same selectors and services as the pages."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
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
from simerit.recruitment.models import SelectionPeriod
from simerit.recruitment.services.sanggah import NOTE_MAX_LENGTH, REASON_MAX_LENGTH
from simerit.selection import permissions
from simerit.selection.models import ResultSanggah
from simerit.selection.selectors import sanggah as selectors
from simerit.selection.services import sanggah as services

router = Router(tags=["Seleksi kompetensi: sanggah hasil akhir"])

READ_DENIED = "Hanya Admin BKPSDM dan Auditor yang dapat melihat sanggah hasil akhir."


class ResultSanggahOut(Schema):
    id: int
    registration_number: str
    formasi_code: str
    announcement_version: int
    reason: str
    status: str = Field(description="filed (diajukan), granted (diterima), rejected (ditolak).")
    filed_at: dt.datetime
    decided_at: dt.datetime | None
    decision_note: str


class ResultSanggahPage(Page[ResultSanggahOut]):
    pass


class FilingIn(Schema):
    reason: str = Field(max_length=REASON_MAX_LENGTH)


class DecisionIn(Schema):
    granted: bool
    note: str = Field(max_length=NOTE_MAX_LENGTH)


class ListFilters(PageParams):
    status: ResultSanggah.Status | None = Field(None, description="Saring menurut status.")


def _out(sanggah: ResultSanggah) -> dict[str, Any]:
    return {
        "id": sanggah.pk,
        "registration_number": sanggah.application.registration_number,
        "formasi_code": sanggah.announcement.formasi_code,
        "announcement_version": sanggah.announcement.version,
        "reason": sanggah.reason,
        "status": sanggah.status,
        "filed_at": sanggah.created_at,
        "decided_at": sanggah.decided_at,
        "decision_note": sanggah.decision_note,
    }


@router.post(
    "/applications/{application_id}/result-sanggah",
    response={201: ResultSanggahOut, **WRITE_ERRORS},
    summary="Ajukan sanggah hasil akhir",
    description="Pelamar, atas lamarannya sendiri: satu kali, selama masa sanggah pengumuman "
    "hasil akhir terbaru yang mencantumkan lamaran itu. 409 di luar masa sanggah atau bila sudah "
    "pernah mengajukan.",
)
def file_sanggah(
    request: HttpRequest, application_id: int, payload: FilingIn
) -> Status[dict[str, Any]]:
    user = caller(request)
    application = selectors.own_application(user_id=user.pk, application_id=application_id)
    if application is None:
        raise Http404
    sanggah = services.file_result_sanggah(
        application=application, reason=payload.reason, actor=user
    )
    return Status(201, _out(sanggah))


@router.get(
    "/periods/{period_id}/result-sanggah",
    response={200: ResultSanggahPage, **DETAIL_ERRORS},
    summary="Sanggah hasil akhir satu periode",
    description="Admin BKPSDM dan Auditor; urut waktu pengajuan.",
)
def list_sanggah(
    request: HttpRequest, period_id: int, filters: Query[ListFilters]
) -> dict[str, Any]:
    if not permissions.can_read(caller(request)):
        raise PermissionDenied(READ_DENIED)
    period = get_or_404(SelectionPeriod.objects.all(), period_id)
    status = filters.status.value if filters.status else ""
    page = paginate(selectors.sanggah_of(period=period, status=status), filters)
    page["items"] = [_out(sanggah) for sanggah in page["items"]]
    return page


@router.post(
    "/result-sanggah/{sanggah_id}/decision",
    response={200: ResultSanggahOut, **WRITE_ERRORS},
    summary="Putuskan sanggah hasil akhir",
    description="Admin BKPSDM yang tidak menerbitkan versi pengumuman yang disanggah; "
    "pertimbangan paling sedikit 20 karakter. Sanggah yang diterima dikoreksi lewat versi "
    "pengumuman baru.",
)
def decide(request: HttpRequest, sanggah_id: int, payload: DecisionIn) -> dict[str, Any]:
    user = caller(request)
    if not permissions.can_manage(user):
        raise PermissionDenied("Hanya Admin BKPSDM yang dapat memutus sanggah hasil akhir.")
    sanggah = selectors.get_sanggah(sanggah_id)
    if sanggah is None:
        raise Http404
    decided = services.decide_result_sanggah(
        sanggah=sanggah, granted=payload.granted, note=payload.note, actor=user
    )
    return _out(decided)
