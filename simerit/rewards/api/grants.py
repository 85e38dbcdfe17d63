"""JSON API of grants: the register, one grant, its piagam PDF, revocation, and the public check
of a piagam number (mounted under `/api/v1/rewards/` by api/awards.py).

The check is public (no login), counted per client address (429 past the hourly limit), and
answers an unknown number and an ill-formed one alike (404, "Nomor piagam tidak ditemukan.");
it shows no NIP."""

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from simerit.accounts.client_ip import client_ip
from simerit.core.api import (
    DETAIL_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    ErrorCode,
    ErrorOut,
    Page,
    PageParams,
    caller,
    error_body,
    get_or_404,
    paginate,
)
from simerit.core.downloads import pdf_download
from simerit.rewards import documents
from simerit.rewards.models import Grant
from simerit.rewards.selectors import grants as selectors
from simerit.rewards.services import grants as services

router = Router(tags=["Penghargaan — Piagam"])

NOT_FOUND = "Nomor piagam tidak ditemukan."


class GrantOut(Schema):
    """What the piagam states, as frozen when granted."""

    id: int
    number: str = Field(examples=["PGH-2026-000123-7KQ4PX"])
    award_id: int
    award_name: str
    employee_id: int
    employee_nip: str = Field(description="NIP saat diberikan.")
    employee_name: str = Field(description="Nama dengan gelar saat diberikan.")
    unit_name: str
    year: int
    granted_on: dt.date
    decree_number: str
    nomination_id: int | None
    pdf_sha256: str
    revoked_at: dt.datetime | None = Field(description="null: masih berlaku.")
    revoke_reason: str
    pdf_url: str
    verify_url: str


class GrantPage(Page[GrantOut]):
    pass


class GrantFilters(PageParams):
    year: int | None = None
    award_id: int | None = None
    q: str = Field("", max_length=100, description="Nama, awal NIP, atau nomor piagam.")


class RevokeIn(Schema):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(max_length=services.REASON_MAX_LENGTH)


class VerificationOut(Schema):
    status: str = Field(description="valid (sah) atau revoked (dicabut).")
    status_label: str
    number: str
    holder_name: str = Field(description="Nama penerima dengan gelar; tanpa NIP.")
    award_name: str
    year: int
    granted_on: dt.date
    decree_number: str
    revoked_on: dt.date | None


def _grant_out(grant: Grant) -> dict[str, Any]:
    return {
        "id": grant.pk,
        "number": grant.number,
        "award_id": grant.award_id,
        "award_name": grant.award_name,
        "employee_id": grant.employee_id,
        "employee_nip": grant.holder_nip,
        "employee_name": grant.holder_name,
        "unit_name": grant.unit_name,
        "year": grant.year,
        "granted_on": grant.granted_on,
        "decree_number": grant.decree_number,
        "nomination_id": grant.nomination_id,
        "pdf_sha256": grant.pdf_sha256,
        "revoked_at": grant.revoked_at,
        "revoke_reason": grant.revoke_reason,
        "pdf_url": reverse("rewards:grant_pdf", args=[grant.pk]),
        "verify_url": documents.verification_url(grant.number),
    }


def _visible(request: HttpRequest, grant_id: int) -> Grant:
    return get_or_404(selectors.visible_grants(caller(request)), grant_id)


@router.get(
    "/grants",
    response={200: GrantPage, **READ_ERRORS},
    summary="Penghargaan yang diberikan",
    description="Yang boleh dilihat pemanggil (seperti data pegawai), terbaru lebih dulu.",
)
def grants(request: HttpRequest, filters: Query[GrantFilters]) -> dict[str, Any]:
    found = selectors.list_grants(
        caller(request), year=filters.year, award_id=filters.award_id, search=filters.q
    )
    page = paginate(found, filters)
    page["items"] = [_grant_out(item) for item in page["items"]]
    return page


@router.get(
    "/grants/verify/{number}",
    response={200: VerificationOut, 404: ErrorOut, 429: ErrorOut},
    auth=None,
    summary="Cek nomor piagam (publik)",
    description="Tanpa login; tanpa NIP. Nomor yang tidak terdaftar atau salah format: 404. "
    "Terlalu banyak pemeriksaan dari satu alamat dalam satu jam: 429.",
)
def verify(request: HttpRequest, number: str) -> Status[Any]:
    try:
        services.check_verify_rate(client_address=client_ip(request))
    except services.VerifyRateLimitError as error:
        return Status(429, error_body(error.message, "rate_limited"))
    verification = selectors.verify_grant(number)
    if verification is None:
        return Status(404, error_body(NOT_FOUND, ErrorCode.NOT_FOUND))
    return Status(
        200,
        {
            "status": "revoked" if verification.revoked else "valid",
            "status_label": "Piagam dicabut" if verification.revoked else "Piagam sah",
            "number": verification.number,
            "holder_name": verification.holder_name,
            "award_name": verification.award_name,
            "year": verification.year,
            "granted_on": verification.granted_on,
            "decree_number": verification.decree_number,
            "revoked_on": verification.revoked_on,
        },
    )


@router.get(
    "/grants/{int:grant_id}",
    response={200: GrantOut, **DETAIL_ERRORS},
    summary="Satu penghargaan yang diberikan",
)
def grant(request: HttpRequest, grant_id: int) -> dict[str, Any]:
    return _grant_out(_visible(request, grant_id))


@router.get(
    "/grants/{int:grant_id}/pdf",
    response={200: None, 410: ErrorOut, **DETAIL_ERRORS},
    summary="Unduh piagam (PDF)",
    description="PDF yang sama setiap kali (SHA-256 di header X-Content-SHA256, sama dengan "
    "pdf_sha256). Piagam yang dicabut: 410.",
)
def grant_pdf(request: HttpRequest, grant_id: int) -> HttpResponse | Status[Any]:
    target = _visible(request, grant_id)
    if target.revoked_at is not None:
        detail = f"Piagam {target.number} telah dicabut dan tidak dapat diunduh."
        return Status(410, error_body(detail, "gone"))
    return pdf_download(documents.grant_pdf(target), filename=documents.grant_filename(target))


@router.post(
    "/grants/{int:grant_id}/revoke",
    response={200: GrantOut, **WRITE_ERRORS},
    summary="Cabut penghargaan",
    description="Admin BKPSDM, dengan alasan. 409 bila sudah dicabut.",
)
def revoke(request: HttpRequest, grant_id: int, payload: RevokeIn) -> dict[str, Any]:
    target = _visible(request, grant_id)
    services.revoke_grant(grant=target, reason=payload.reason, actor=caller(request))
    return _grant_out(_visible(request, grant_id))
