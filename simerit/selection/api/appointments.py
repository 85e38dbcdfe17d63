"""Winners become employees over JSON: Admin BKPSDM appoints the Lulus applicants of a formasi;
Admin BKPSDM and the Auditor list a period's appointments. Same selectors and service as the
pages; no NIK in any answer."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from simerit.core.api import (
    DETAIL_ERRORS,
    WRITE_ERRORS,
    Page,
    PageParams,
    caller,
    get_or_404,
    paginate,
)
from simerit.recruitment.models import Formasi, SelectionPeriod
from simerit.selection import permissions
from simerit.selection.models import Appointment
from simerit.selection.selectors import appointments as selectors
from simerit.selection.services import appointments as services

router = Router(tags=["Seleksi kompetensi: pengangkatan CASN"])

READ_DENIED = "Hanya Admin BKPSDM dan Auditor yang dapat melihat pengangkatan CASN."
WRITE_DENIED = "Hanya Admin BKPSDM yang dapat mengangkat pelamar yang lulus."


class AppointmentOut(Schema):
    id: int
    registration_number: str
    formasi_code: str
    employee_id: int
    name: str
    kind: str = Field(description="cpns atau pppk.")
    proposed_nip: str
    planned_tmt: dt.date
    announcement_version: int
    nip_confirmed: bool


class AppointmentPage(Page[AppointmentOut]):
    pass


class AppointIn(Schema):
    planned_tmt: dt.date = Field(
        description="TMT yang diusulkan (TTTT-BB-HH): tidak sebelum tanggal pengumuman, tidak di "
        "masa depan; untuk CPNS tanggal 1."
    )


class AppointOut(Schema):
    created: list[AppointmentOut]
    skipped: int = Field(description="Pelamar Lulus yang sudah diangkat sebelumnya (dilewati).")


def _out(appointment: Appointment) -> dict[str, Any]:
    return {
        "id": appointment.pk,
        "registration_number": appointment.application.registration_number,
        "formasi_code": appointment.application.formasi.code,
        "employee_id": appointment.employee_id,
        "name": appointment.employee.name,
        "kind": appointment.employee.kind,
        "proposed_nip": appointment.proposed_nip,
        "planned_tmt": appointment.planned_tmt,
        "announcement_version": appointment.announcement.version,
        "nip_confirmed": appointment.nip_confirmed,
    }


@router.post(
    "/formasi/{formasi_id}/appointments",
    response={200: AppointOut, **WRITE_ERRORS},
    summary="Angkat pelamar Lulus satu formasi",
    description="Admin BKPSDM. Dari versi terbaru pengumuman hasil akhir, setelah masa "
    "sanggahnya berakhir dan tanpa sanggah yang belum diputuskan (409 bila belum). Semua atau "
    "tidak sama sekali; menjalankannya lagi hanya mengangkat yang belum diangkat.",
)
def appoint(request: HttpRequest, formasi_id: int, payload: AppointIn) -> dict[str, Any]:
    user = caller(request)
    if not permissions.can_manage(user):
        raise PermissionDenied(WRITE_DENIED)
    formasi = get_or_404(Formasi.objects.all(), formasi_id)
    created = services.appoint_winners(formasi=formasi, planned_tmt=payload.planned_tmt, actor=user)
    return {
        "created": [_out(appointment) for appointment in created],
        "skipped": selectors.appointment_counts(formasi)["appointed"] - len(created),
    }


@router.get(
    "/periods/{period_id}/appointments",
    response={200: AppointmentPage, **DETAIL_ERRORS},
    summary="Pengangkatan CASN satu periode",
    description="Admin BKPSDM dan Auditor; urut kode formasi dan NIP usulan.",
)
def list_appointments(
    request: HttpRequest, period_id: int, params: Query[PageParams]
) -> dict[str, Any]:
    if not permissions.can_read(caller(request)):
        raise PermissionDenied(READ_DENIED)
    period = get_or_404(SelectionPeriod.objects.all(), period_id)
    page = paginate(selectors.appointments_of(period), params)
    page["items"] = [_out(appointment) for appointment in page["items"]]
    return page
