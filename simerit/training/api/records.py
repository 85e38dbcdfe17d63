"""JSON API of certificates and external training: the same selectors and services as the pages.

A record the caller may not see is a 404; a write by someone who may see it but not act on it
(the Auditor, a supervisor, the holder revoking) is a 403. The verification of a certificate number
is public (no login), counted per client address (429 past the hourly limit), and answers an
unknown number and an ill-formed one alike (404, "Nomor sertifikat tidak ditemukan.")."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
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
from simerit.core.downloads import DOWNLOAD_CSP, pdf_download
from simerit.recruitment import uploads
from simerit.training import documents, permissions
from simerit.training.models import Certificate, ExternalTraining, ProgrammeKind, TrainingClass
from simerit.training.selectors import records as selectors
from simerit.training.services import certificates as certificate_services
from simerit.training.services import external as external_services

router = Router(tags=["Pelatihan — Sertifikat dan pelatihan eksternal"])

NOT_FOUND = "Nomor sertifikat tidak ditemukan."

# --- Schemas


class CertificateOut(Schema):
    """What the certificate states, as frozen at issue (a later correction of the employee, the
    programme or the class does not change it)."""

    id: int
    number: str = Field(examples=["SMR-2026-000123-7KQ4PX"])
    employee_nip: str = Field(description="NIP saat diterbitkan.")
    employee_name: str = Field(description="Nama dengan gelar saat diterbitkan.")
    programme_name: str
    class_id: int
    class_name: str
    provider: str
    starts_on: dt.date
    ends_on: dt.date
    jp: Decimal
    issued_at: dt.datetime
    revoked_at: dt.datetime | None = Field(description="null: masih berlaku.")
    revoke_reason: str
    sha256: str = Field(description="SHA-256 PDF saat diterbitkan.")
    pdf_url: str = Field(description="Unduhan PDF (login; 410 bila sudah dicabut).")
    verify_url: str = Field(description="Halaman verifikasi publik (isi kode QR).")


class CertificatePage(Page[CertificateOut]):
    pass


class IssueOut(Schema):
    issued: int = Field(description="Jumlah sertifikat yang baru diterbitkan (0: semua sudah).")
    certificates: list[CertificateOut]
    own_skipped: str | None = Field(
        default=None,
        description="Bila pemanggil sendiri peserta lulus tanpa sertifikat: sertifikatnya tidak "
        "diterbitkan oleh akunnya sendiri (pesan untuk pengguna); null bila tidak ada.",
    )


class RevokeIn(Schema):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(max_length=certificate_services.REASON_MAX_LENGTH)


class VerificationOut(Schema):
    status: str = Field(description="valid (sah) atau revoked (dicabut).")
    status_label: str
    number: str
    holder_name: str = Field(description="Nama pemegang dengan gelar; tanpa NIP.")
    programme_name: str
    class_name: str
    period: str = Field(examples=["14–16 Desember 2026"])
    jp: Decimal
    issued_on: dt.date
    revoked_on: dt.date | None


class ExternalOut(Schema):
    id: int
    employee_nip: str
    employee_name: str
    title: str
    provider: str
    kind: str
    kind_label: str
    starts_on: dt.date
    ends_on: dt.date
    jp_claimed: Decimal
    jp_validated: Decimal | None = Field(description="Diisi BKPSDM saat validasi.")
    certificate_number: str
    original_name: str
    file_format: str
    size_bytes: int
    sha256: str
    status: str = Field(description="submitted, validated, rejected.")
    status_label: str
    review_note: str = Field(description="Catatan validasi atau alasan penolakan.")
    reviewed_at: dt.datetime | None
    created_at: dt.datetime
    file_url: str


class ExternalPage(Page[ExternalOut]):
    pass


class ExternalIn(Schema):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(max_length=external_services.TEXT_MAX_LENGTH)
    provider: str = Field(max_length=external_services.TEXT_MAX_LENGTH)
    kind: ProgrammeKind
    starts_on: dt.date
    ends_on: dt.date
    jp_claimed: Decimal = Field(description="0,5–999,9 dan ≤ jumlah hari × batas JP per hari.")
    certificate_number: str = Field("", max_length=external_services.CERTIFICATE_NUMBER_MAX_LENGTH)


class ValidateIn(Schema):
    model_config = ConfigDict(extra="forbid")

    jp_validated: Decimal = Field(description="0,5 sampai JP yang diajukan.")
    note: str = Field("", max_length=external_services.NOTE_MAX_LENGTH)


class RejectIn(Schema):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(max_length=external_services.NOTE_MAX_LENGTH)


class ReviewFilters(PageParams):
    status: ExternalTraining.Status | None = Field(None, description="Bawaan: semua status.")
    q: str = Field("", max_length=100, description="Nama, awal NIP, atau nama pelatihan.")


# --- Mapping


def _certificate_out(certificate: Certificate) -> dict[str, Any]:
    return {
        "id": certificate.pk,
        "number": certificate.number,
        "employee_nip": certificate.holder_nip,
        "employee_name": certificate.holder_name,
        "programme_name": certificate.programme_name,
        "class_id": certificate.enrolment.training_class_id,
        "class_name": certificate.class_name,
        "provider": certificate.provider,
        "starts_on": certificate.starts_on,
        "ends_on": certificate.ends_on,
        "jp": certificate.jp,
        "issued_at": certificate.issued_at,
        "revoked_at": certificate.revoked_at,
        "revoke_reason": certificate.revoke_reason,
        "sha256": certificate.sha256,
        "pdf_url": reverse("training:certificate-pdf", args=[certificate.pk]),
        "verify_url": documents.verification_url(certificate.number),
    }


def _verification_out(verification: selectors.CertificateVerification) -> dict[str, Any]:
    return {
        "status": "revoked" if verification.revoked else "valid",
        "status_label": "Dicabut" if verification.revoked else "Sertifikat sah",
        "number": verification.number,
        "holder_name": verification.holder_name,
        "programme_name": verification.programme_name,
        "class_name": verification.class_name,
        "period": verification.period,
        "jp": verification.jp,
        "issued_on": verification.issued_on,
        "revoked_on": verification.revoked_on,
    }


def _external_out(record: ExternalTraining) -> dict[str, Any]:
    return {
        "id": record.pk,
        "employee_nip": record.employee.nip,
        "employee_name": record.employee.display_name,
        "title": record.title,
        "provider": record.provider,
        "kind": record.kind,
        "kind_label": record.get_kind_display(),
        "starts_on": record.starts_on,
        "ends_on": record.ends_on,
        "jp_claimed": record.jp_claimed,
        "jp_validated": record.jp_validated,
        "certificate_number": record.certificate_number,
        "original_name": record.original_name,
        "file_format": record.file_format,
        "size_bytes": record.size_bytes,
        "sha256": record.sha256,
        "status": record.status,
        "status_label": record.get_status_display(),
        "review_note": record.review_note,
        "reviewed_at": record.reviewed_at,
        "created_at": record.created_at,
        "file_url": reverse("training:external-file", args=[record.pk]),
    }


def _external_input(payload: ExternalIn) -> external_services.ExternalTrainingInput:
    return external_services.ExternalTrainingInput(
        title=payload.title,
        provider=payload.provider,
        kind=payload.kind.value,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        jp_claimed=payload.jp_claimed,
        certificate_number=payload.certificate_number,
    )


def _visible_certificate(request: HttpRequest, certificate_id: int) -> Certificate:
    return get_or_404(selectors.visible_certificates(caller(request)), certificate_id)


def _visible_external(request: HttpRequest, external_id: int) -> ExternalTraining:
    return get_or_404(selectors.visible_external_trainings(caller(request)), external_id)


# --- Certificates


@router.get(
    "/certificates/mine",
    response={200: CertificatePage, **READ_ERRORS},
    summary="Sertifikat saya",
    description="Sertifikat pelatihan milik pegawai yang login, terbaru lebih dulu.",
)
def my_certificates(request: HttpRequest, params: Query[PageParams]) -> dict[str, Any]:
    page = paginate(selectors.list_my_certificates(caller(request)), params)
    page["items"] = [_certificate_out(item) for item in page["items"]]
    return page


@router.get(
    "/certificates/verify/{number}",
    response={200: VerificationOut, 404: ErrorOut, 429: ErrorOut},
    auth=None,
    summary="Verifikasi nomor sertifikat (publik)",
    description="Tanpa login. Nama pemegang, program, tanggal, JP, tanggal terbit, dan status "
    "(sah atau dicabut); tanpa NIP. Nomor yang tidak terdaftar atau salah format: 404. Terlalu "
    "banyak verifikasi dari satu alamat dalam satu jam: 429.",
)
def verify_certificate(request: HttpRequest, number: str) -> Status[Any]:
    try:
        certificate_services.check_verify_rate(client_address=client_ip(request))
    except certificate_services.VerifyRateLimitError as error:
        return Status(429, error_body(error.message, "rate_limited"))
    verification = selectors.verify_certificate(number)
    if verification is None:
        return Status(404, error_body(NOT_FOUND, ErrorCode.NOT_FOUND))
    return Status(200, _verification_out(verification))


@router.get(
    "/certificates/{int:certificate_id}",
    response={200: CertificateOut, **DETAIL_ERRORS},
    summary="Satu sertifikat",
    description="Pemegang, atasannya, Admin OPD unitnya, Admin BKPSDM, dan Auditor.",
)
def get_certificate(request: HttpRequest, certificate_id: int) -> dict[str, Any]:
    return _certificate_out(_visible_certificate(request, certificate_id))


@router.get(
    "/certificates/{int:certificate_id}/pdf",
    response={200: None, 410: ErrorOut, **DETAIL_ERRORS},
    summary="Unduh PDF sertifikat",
    description="PDF yang sama setiap kali (SHA-256 di header X-Content-SHA256). Sertifikat "
    "yang dicabut: 410.",
)
def certificate_pdf(request: HttpRequest, certificate_id: int) -> HttpResponse | Status[Any]:
    certificate = _visible_certificate(request, certificate_id)
    if certificate.revoked_at is not None:
        detail = f"Sertifikat {certificate.number} telah dicabut dan tidak dapat diunduh."
        return Status(410, error_body(detail, "gone"))
    return pdf_download(
        documents.certificate_pdf(certificate),
        filename=documents.certificate_filename(certificate),
    )


@router.post(
    "/classes/{int:class_id}/certificates",
    response={200: IssueOut, **WRITE_ERRORS},
    summary="Terbitkan sertifikat peserta lulus satu kelas",
    description="Admin BKPSDM. Setiap peserta berstatus lulus yang belum memiliki sertifikat "
    "mendapat satu; memanggil ulang tidak menerbitkan dua kali. Sertifikat pemanggil sendiri "
    "dilewati (own_skipped). 409 untuk kelas draf atau batal.",
)
def issue_certificates(request: HttpRequest, class_id: int) -> dict[str, Any]:
    training_class = get_or_404(TrainingClass.objects.all(), class_id)
    issued = certificate_services.issue_certificates(
        training_class=training_class, actor=caller(request)
    )
    fresh = selectors.certificates().filter(pk__in=[item.pk for item in issued])
    own = selectors.own_missing_certificate(training_class, caller(request))
    return {
        "issued": len(issued),
        "certificates": [_certificate_out(item) for item in fresh],
        "own_skipped": certificate_services.OWN_SKIPPED if own is not None else None,
    }


@router.post(
    "/certificates/{int:certificate_id}/revoke",
    response={200: CertificateOut, **WRITE_ERRORS},
    summary="Cabut sertifikat",
    description="Admin BKPSDM, dengan alasan. Halaman verifikasi lalu menyatakan dicabut. 409 "
    "bila sudah dicabut.",
)
def revoke_certificate(
    request: HttpRequest, certificate_id: int, payload: RevokeIn
) -> dict[str, Any]:
    certificate = _visible_certificate(request, certificate_id)
    certificate_services.revoke_certificate(
        certificate=certificate, reason=payload.reason, actor=caller(request)
    )
    return _certificate_out(_visible_certificate(request, certificate_id))


# --- External training


@router.get(
    "/external-trainings",
    response={200: ExternalPage, **READ_ERRORS},
    summary="Pelatihan eksternal saya",
    description="Yang dicatat pegawai yang login, pelatihan terakhir lebih dulu.",
)
def my_external_trainings(request: HttpRequest, params: Query[PageParams]) -> dict[str, Any]:
    page = paginate(selectors.list_my_external_trainings(caller(request)), params)
    page["items"] = [_external_out(item) for item in page["items"]]
    return page


@router.post(
    "/external-trainings",
    response={201: ExternalOut, **WRITE_ERRORS},
    summary="Catat pelatihan eksternal",
    description="Multipart: kolom data dan `file` (sertifikat PDF, JPG, atau PNG asli, paling "
    "besar 2 MB). Tanggal tidak di masa depan, selesai ≥ mulai, JP 0,5–999,9 dan tidak lebih "
    "dari jumlah hari × batas JP per hari (TrainingYear tahun selesai; bawaan 10). 409: "
    "pelatihan atau berkas yang sama sudah dicatat.",
)
def submit_external_training(
    request: HttpRequest, payload: Form[ExternalIn], file: File[UploadedFile]
) -> Status[dict[str, Any]]:
    record = external_services.submit_external_training(
        data=_external_input(payload), upload=file, actor=caller(request)
    )
    return Status(201, _external_out(_visible_external(request, record.pk)))


@router.get(
    "/external-trainings/review",
    response={200: ExternalPage, **READ_ERRORS},
    summary="Antrean validasi pelatihan eksternal",
    description="Admin BKPSDM dan Auditor; yang paling lama menunggu lebih dulu.",
)
def review_queue(request: HttpRequest, filters: Query[ReviewFilters]) -> dict[str, Any]:
    if not permissions.reads_everything(caller(request)):
        raise PermissionDenied(permissions.HR_ONLY)
    records = selectors.list_external_reviews(
        status=filters.status.value if filters.status else "", search=filters.q
    )
    page = paginate(records, filters)
    page["items"] = [_external_out(item) for item in page["items"]]
    return page


@router.get(
    "/external-trainings/{int:external_id}",
    response={200: ExternalOut, **DETAIL_ERRORS},
    summary="Satu pelatihan eksternal",
)
def get_external_training(request: HttpRequest, external_id: int) -> dict[str, Any]:
    return _external_out(_visible_external(request, external_id))


@router.put(
    "/external-trainings/{int:external_id}",
    response={200: ExternalOut, **WRITE_ERRORS},
    summary="Ubah pelatihan eksternal yang menunggu validasi",
    description="Pemilik saja; berkasnya tetap (untuk mengganti berkas, tarik lalu catat ulang). "
    "409 bila sudah divalidasi atau ditolak.",
)
def update_external_training(
    request: HttpRequest, external_id: int, payload: ExternalIn
) -> dict[str, Any]:
    record = _visible_external(request, external_id)
    external_services.update_external_training(
        external=record, data=_external_input(payload), actor=caller(request)
    )
    return _external_out(_visible_external(request, external_id))


@router.delete(
    "/external-trainings/{int:external_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Tarik pelatihan eksternal yang menunggu validasi",
    description="Pemilik saja; catatan dan berkasnya dihapus. 409 bila sudah diputuskan.",
)
def withdraw_external_training(request: HttpRequest, external_id: int) -> Status[None]:
    record = _visible_external(request, external_id)
    external_services.withdraw_external_training(external=record, actor=caller(request))
    return Status(204, None)


@router.get(
    "/external-trainings/{int:external_id}/file",
    response={200: None, **DETAIL_ERRORS},
    summary="Unduh berkas sertifikat pelatihan eksternal",
)
def external_file(request: HttpRequest, external_id: int) -> FileResponse:
    record = _visible_external(request, external_id)
    response = FileResponse(
        record.certificate_file.open("rb"),
        as_attachment=True,
        filename=f"sertifikat-eksternal-{record.pk}.{record.file_format}",
        content_type=uploads.CONTENT_TYPES.get(record.file_format, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = DOWNLOAD_CSP
    return response


@router.post(
    "/external-trainings/{int:external_id}/validate",
    response={200: ExternalOut, **WRITE_ERRORS},
    summary="Validasi pelatihan eksternal",
    description="Admin BKPSDM, bukan untuk pelatihannya sendiri (403); JP 0,5 sampai JP yang "
    "diajukan. 409 bila sudah diputuskan.",
)
def validate_external_training(
    request: HttpRequest, external_id: int, payload: ValidateIn
) -> dict[str, Any]:
    record = _visible_external(request, external_id)
    external_services.validate_external_training(
        external=record, jp_validated=payload.jp_validated, note=payload.note, actor=caller(request)
    )
    return _external_out(_visible_external(request, external_id))


@router.post(
    "/external-trainings/{int:external_id}/reject",
    response={200: ExternalOut, **WRITE_ERRORS},
    summary="Tolak pelatihan eksternal",
    description="Admin BKPSDM, bukan untuk pelatihannya sendiri (403), dengan alasan. 409 bila "
    "sudah diputuskan.",
)
def reject_external_training(
    request: HttpRequest, external_id: int, payload: RejectIn
) -> dict[str, Any]:
    record = _visible_external(request, external_id)
    external_services.reject_external_training(
        external=record, reason=payload.reason, actor=caller(request)
    )
    return _external_out(_visible_external(request, external_id))
