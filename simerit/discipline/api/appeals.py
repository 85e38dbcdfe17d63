"""JSON API of the appeals and the sanctions register: the same selectors and services as the
pages. A case or sanction the caller may not see is a 404; a write by someone who sees it but may
not record (the Auditor, the employee, a supervisor, Admin BKPSDM on their own case) is a 403 with
nothing changed."""

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
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
from simerit.discipline import permissions
from simerit.discipline.models import Appeal, Level, Sanction, SanctionType
from simerit.discipline.selectors import register as selectors
from simerit.discipline.selectors.register import RegisterFilters
from simerit.discipline.services import appeals as services
from simerit.discipline.services.appeals import AppealDecision

router = Router(tags=["Disiplin — Upaya administratif dan register hukuman"])


class AppealRecordOut(Schema):
    id: int
    case_id: int
    case_number: str
    kind: str = Field(description="keberatan atau banding.")
    kind_label: str
    filed_on: dt.date
    reason: str
    outcome: str = Field(description="pending, upheld, changed, annulled.")
    outcome_label: str
    decided_on: dt.date | None
    decision_note: str
    new_sanction_type: str = Field(description="Jenis hukuman pengganti bila diubah; kosong.")


class AppealsOfCaseOut(Schema):
    case_id: int
    case_number: str
    sanction_id: int
    allowed_kind: str = Field(description="banding untuk PDHTAPS, keberatan untuk yang lain.")
    deadline: dt.date | None = Field(
        description="Hari terakhir pengajuan; null bila keputusan belum diterima pegawai."
    )
    appeals: list[AppealRecordOut]


class AppealIn(Schema):
    kind: Appeal.Kind
    filed_on: dt.date
    reason: str = Field(min_length=1, max_length=5000)


class AppealDecisionIn(Schema):
    outcome: Appeal.Outcome = Field(description="upheld, changed, atau annulled.")
    decided_on: dt.date
    decision_note: str = Field(min_length=1, max_length=5000)
    new_level: Level | None = Field(None, description="Wajib bila outcome = changed.")
    new_sanction_type: SanctionType | None = Field(
        None, description="Wajib bila outcome = changed; harus termasuk new_level."
    )


class RegisterRowOut(Schema):
    id: int
    case_id: int
    case_number: str
    employee_id: int
    employee_nip: str
    employee_name: str
    work_unit: str
    level: str
    sanction_type: str
    sanction_label: str
    decree_number: str
    decided_on: dt.date
    starts_on: dt.date
    ends_on: dt.date | None = Field(description="null: ringan (tanpa jangka waktu) atau PDHTAPS.")
    tpp_cut_percent: int
    delivered_on: dt.date | None
    annulled: bool
    state: str = Field(description="Status hari ini, mis. Sedang berjalan, Selesai, Dibatalkan.")
    pending_appeals: int


class RegisterPage(Page[RegisterRowOut]):
    pass


class RegisterParams(PageParams):
    level: Level | None = None
    sanction_type: SanctionType | None = None
    year: int | None = Field(None, ge=2000, le=2100, description="Tahun keputusan.")
    running_on: dt.date | None = Field(None, description="Hanya yang berjalan pada tanggal ini.")
    q: str = Field("", max_length=100, description="Nama, awal NIP, nomor kasus atau keputusan.")


def _appeal_out(appeal: Appeal, sanction: Sanction) -> dict[str, Any]:
    return {
        "id": appeal.pk,
        "case_id": sanction.case_id,
        "case_number": sanction.case.number,
        "kind": appeal.kind,
        "kind_label": appeal.get_kind_display(),
        "filed_on": appeal.filed_on,
        "reason": appeal.reason,
        "outcome": appeal.outcome,
        "outcome_label": appeal.get_outcome_display(),
        "decided_on": appeal.decided_on,
        "decision_note": appeal.decision_note,
        "new_sanction_type": appeal.new_sanction_type,
    }


def _sanction(request: HttpRequest, case_id: int) -> Sanction:
    """The sanction of a case the caller may see; 404 otherwise or before the decision."""
    sanction = (
        permissions.visible_sanctions(caller(request))
        .select_related("case", "case__employee")
        .filter(case_id=case_id)
        .first()
    )
    if sanction is None:
        raise Http404
    return sanction


def _appeals_of(request: HttpRequest, case_id: int) -> dict[str, Any]:
    sanction = _sanction(request, case_id)
    return {
        "case_id": sanction.case_id,
        "case_number": sanction.case.number,
        "sanction_id": sanction.pk,
        "allowed_kind": services.kind_for(sanction.sanction_type),
        "deadline": services.deadline(sanction),
        "appeals": [_appeal_out(a, sanction) for a in sanction.appeals.order_by("filed_on", "id")],
    }


@router.get(
    "/cases/{int:case_id}/appeals",
    response={200: AppealsOfCaseOut, **DETAIL_ERRORS},
    summary="Upaya administratif atas hukuman suatu kasus",
    description="404 bila kasus tidak terlihat oleh pemanggil atau belum diputus.",
)
def list_appeals(request: HttpRequest, case_id: int) -> dict[str, Any]:
    return _appeals_of(request, case_id)


@router.post(
    "/cases/{int:case_id}/appeals",
    response={201: AppealsOfCaseOut, **WRITE_ERRORS},
    summary="Catat keberatan atau banding administratif",
    description="Admin BKPSDM (bukan atas kasusnya sendiri). PDHTAPS: banding ke BPASN; hukuman "
    "lain: keberatan. Dalam batas hari kerja sejak keputusan diterima pegawai (hari terakhir "
    "termasuk); sekali per hukuman (409 bila sudah ada).",
)
def file_appeal(request: HttpRequest, case_id: int, payload: AppealIn) -> Status[Any]:
    sanction = _sanction(request, case_id)
    services.file_appeal(
        sanction=sanction,
        kind=payload.kind.value,
        filed_on=payload.filed_on,
        reason=payload.reason,
        actor=caller(request),
    )
    return Status(201, _appeals_of(request, case_id))


@router.post(
    "/cases/{int:case_id}/appeals/{int:appeal_id}/decision",
    response={200: AppealsOfCaseOut, **WRITE_ERRORS},
    summary="Catat putusan upaya administratif",
    description="Admin BKPSDM. changed: jenis pengganti harus termasuk tingkatnya; tanggal "
    "berakhir dan potongan TPP dihitung ulang dari tanggal mulai yang sama (409 bila tumpang "
    "tindih dengan hukuman sejenis). annulled: hukuman ditandai dibatalkan.",
)
def decide_appeal(
    request: HttpRequest, case_id: int, appeal_id: int, payload: AppealDecisionIn
) -> dict[str, Any]:
    sanction = _sanction(request, case_id)
    appeal = get_or_404(sanction.appeals.all(), appeal_id)
    services.decide_appeal(
        appeal=appeal,
        data=AppealDecision(
            outcome=payload.outcome.value,
            decided_on=payload.decided_on,
            decision_note=payload.decision_note,
            new_level=payload.new_level.value if payload.new_level else "",
            new_sanction_type=payload.new_sanction_type.value if payload.new_sanction_type else "",
        ),
        actor=caller(request),
    )
    return _appeals_of(request, case_id)


@router.get(
    "/sanctions",
    response={200: RegisterPage, **READ_ERRORS},
    summary="Register hukuman disiplin",
    description="Hukuman yang boleh dilihat pemanggil (Admin BKPSDM dan Auditor: semua; atasan: "
    "bawahannya; pegawai: miliknya), keputusan terbaru lebih dulu. Tanpa NIK.",
)
def list_sanctions(request: HttpRequest, params: Query[RegisterParams]) -> dict[str, Any]:
    rows = selectors.list_sanctions(
        user=caller(request),
        filters=RegisterFilters(
            level=params.level.value if params.level else "",
            sanction_type=params.sanction_type.value if params.sanction_type else "",
            year=params.year,
            running_on=params.running_on,
            search=params.q,
        ),
    )
    page = paginate(rows, params)
    today = timezone.localdate()
    page["items"] = [_register_out(sanction, today) for sanction in page["items"]]
    return page


def _register_out(sanction: Sanction, today: dt.date) -> dict[str, Any]:
    employee = sanction.employee
    return {
        "id": sanction.pk,
        "case_id": sanction.case_id,
        "case_number": sanction.case.number,
        "employee_id": employee.pk,
        "employee_nip": employee.nip,
        "employee_name": employee.name,
        "work_unit": employee.work_unit.name,
        "level": sanction.level,
        "sanction_type": sanction.sanction_type,
        "sanction_label": sanction.get_sanction_type_display(),
        "decree_number": sanction.decree_number,
        "decided_on": sanction.decided_on,
        "starts_on": sanction.starts_on,
        "ends_on": sanction.ends_on,
        "tpp_cut_percent": sanction.tpp_cut_percent,
        "delivered_on": sanction.delivered_on,
        "annulled": sanction.annulled_at is not None,
        "state": selectors.state_of(sanction, on=today),
        "pending_appeals": getattr(sanction, "pending_appeals", 0),
    }
