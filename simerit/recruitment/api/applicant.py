"""The applicant's actions over JSON: /api/v1/recruitment/applicant/...

Registration, confirming the e-mail and checking a receipt are public (`auth=None`); everything
else acts on the signed-in applicant's own data. Another applicant's application or document id
answers 404. The same services as the HTML pages do the work.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import ConfigDict

from simerit.accounts.client_ip import client_ip
from simerit.core.api import (
    DETAIL_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    ErrorOut,
    Page,
    PageParams,
    caller,
    error_body,
    paginate,
)
from simerit.core.exceptions import InvalidInputError
from simerit.employees.rules import mask_nik
from simerit.organization.models import EducationLevel
from simerit.recruitment import downloads, receipts, uploads
from simerit.recruitment.models import (
    Applicant,
    Application,
    ApplicationDocument,
    DocumentKind,
    Formasi,
    Track,
)
from simerit.recruitment.rules import mask_name
from simerit.recruitment.selectors import applications as selectors
from simerit.recruitment.services import applicants as applicant_services
from simerit.recruitment.services import applications as application_services
from simerit.recruitment.services import documents as document_services

router = Router(tags=["Rekrutmen: pelamar"])

PUBLIC_WRITE_ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
    429: ErrorOut,
}
NOT_AN_APPLICANT = "Akun ini belum terdaftar sebagai pelamar."


# --- Schemas


class RegistrationIn(Schema):
    model_config = ConfigDict(extra="forbid")

    nik: str = Field(max_length=20, description="NIK 16 digit sesuai KTP.")
    kk_number: str = Field(max_length=20, description="Nomor Kartu Keluarga, 16 digit.")
    name: str = Field(max_length=150, description="Nama sesuai KTP.")
    birth_place: str = Field(max_length=100)
    birth_date: dt.date
    gender: str = Field(description="L (laki-laki) atau P (perempuan).", examples=["P"])
    phone: str = Field(max_length=20)
    email: str = Field(max_length=150, description="Juga menjadi nama pengguna untuk masuk.")
    password: str = Field(max_length=128)
    consent: bool = Field(
        description="Persetujuan pemrosesan data pribadi (teks versi `consent_version`); "
        "wajib true."
    )
    consent_version: str = Field(
        description="Versi teks persetujuan yang ditampilkan kepada pelamar.",
        examples=[applicant_services.CONSENT_VERSION],
    )
    education_level: str | None = Field(None, description="Kode jenjang, mis. S1, D3, SMA.")
    education_major: str = Field("", max_length=150)
    gpa: Decimal | None = Field(None, max_digits=4, decimal_places=2)
    is_disabled: bool = False


class ApplicantOut(Schema):
    id: int
    name: str
    nik: str = Field(description="Disamarkan: 1671********0001.")
    kk_number: str = Field(description="Disamarkan seperti NIK.")
    birth_place: str
    birth_date: dt.date
    gender: str
    phone: str
    email: str
    email_confirmed: bool
    needs_identity_review: bool = Field(
        description="Tanggal lahir/jenis kelamin berbeda dengan kode NIK: diperiksa petugas, "
        "tidak menolak pendaftaran."
    )
    education_level: str | None
    education_major: str
    gpa: Decimal | None
    is_disabled: bool

    @staticmethod
    def resolve_nik(obj: Applicant) -> str:
        return mask_nik(obj.nik)

    @staticmethod
    def resolve_kk_number(obj: Applicant) -> str:
        return mask_nik(obj.kk_number)

    @staticmethod
    def resolve_email_confirmed(obj: Applicant) -> bool:
        return obj.email_confirmed_at is not None

    @staticmethod
    def resolve_education_level(obj: Applicant) -> str | None:
        return obj.education_level.code if obj.education_level else None


class ConfirmEmailIn(Schema):
    token: str = Field(max_length=300, description="Bagian akhir tautan konfirmasi di e-mail.")


class MessageOut(Schema):
    detail: str


class FormasiRef(Schema):
    id: int
    code: str
    position: str
    work_unit: str

    @staticmethod
    def resolve_position(obj: Formasi) -> str:
        return obj.position.name

    @staticmethod
    def resolve_work_unit(obj: Formasi) -> str:
        return obj.work_unit.name


class PeriodRef(Schema):
    id: int
    name: str
    kind: str
    year: int


class ApplicationOut(Schema):
    id: int
    registration_number: str
    status: Application.Status = Field(
        description="Status lamaran saat ini, sama dengan halaman dan API hasil seleksi: draft, "
        "submitted, tms_pending (TMS sementara, menunggu verifikator kedua), ms atau tms."
    )
    period: PeriodRef
    formasi: FormasiRef
    track_claim: Track = Field(description="Jalur yang dinyatakan pelamar saat melamar.")
    created_at: dt.datetime
    submitted_at: dt.datetime | None
    receipt_verification_url: str | None = Field(
        description="Halaman publik yang membenarkan bukti pendaftaran (ada setelah dikirim)."
    )

    @staticmethod
    def resolve_receipt_verification_url(obj: Application) -> str | None:
        return receipts.verification_url(obj) if obj.submitted_at else None


class ApplicationPage(Page[ApplicationOut]):
    pass


class DocumentOut(Schema):
    id: int
    kind: str = Field(description="Kode jenis dokumen, mis. ktp.")
    kind_name: str
    file_format: str = Field(description="Format menurut isi berkas: pdf, jpg atau png.")
    size_bytes: int
    sha256: str
    uploaded_at: dt.datetime

    @staticmethod
    def resolve_kind(obj: ApplicationDocument) -> str:
        return obj.kind.code

    @staticmethod
    def resolve_kind_name(obj: ApplicationDocument) -> str:
        return obj.kind.name

    @staticmethod
    def resolve_uploaded_at(obj: ApplicationDocument) -> dt.datetime:
        return obj.updated_at


class ChecklistItemOut(Schema):
    kind: str
    kind_name: str
    required: bool
    formats: list[str]
    max_kb: int
    document: DocumentOut | None


class ApplicationDetailOut(ApplicationOut):
    checklist: list[ChecklistItemOut]
    missing: list[str] = Field(description="Kode dokumen wajib yang belum diunggah.")

    @staticmethod
    def resolve_checklist(obj: Application) -> list[dict[str, Any]]:
        return [
            {
                "kind": item.spec.kind.code,
                "kind_name": item.spec.kind.name,
                "required": item.spec.is_required,
                "formats": item.formats,
                "max_kb": item.spec.max_kb,
                "document": item.document,
            }
            for item in selectors.checklist(obj)
        ]

    @staticmethod
    def resolve_missing(obj: Application) -> list[str]:
        return [spec.kind.code for spec in selectors.missing_documents(obj)]


class ApplicationIn(Schema):
    model_config = ConfigDict(extra="forbid")

    formasi_id: int
    track_claim: Track | None = Field(
        None,
        description="Jalur yang dinyatakan pelamar. Formasi jalur khusus (cumlaude, putra/putri "
        "daerah, diaspora, eks THK-II) hanya menerima pelamar yang menyatakan jalur itu (422). "
        "Kosong: umum saat membuat lamaran; tetap seperti sebelumnya saat mengganti formasi.",
    )


class ReceiptCheckOut(Schema):
    genuine: bool
    registration_number: str
    name: str = Field(description="Nama disamarkan.")
    formasi: str
    period: str
    submitted_at: dt.datetime | None


# --- Public


@router.post(
    "/applicant/register",
    auth=None,
    response={201: ApplicantOut, **PUBLIC_WRITE_ERRORS},
    summary="Daftar akun pelamar",
    description="Membuat akun pelamar (nama pengguna = e-mail) dan mengirim tautan konfirmasi "
    "e-mail. NIK atau e-mail yang sudah terdaftar: 409. Terlalu banyak percobaan dari satu "
    "alamat: 429.",
)
def register(request: HttpRequest, payload: RegistrationIn) -> Status[Any]:
    try:
        applicant_services.check_registration_rate(client_address=client_ip(request))
    except applicant_services.RegistrationRateLimitError as error:
        return Status(429, error_body(error.message, "rate_limited"))
    if payload.consent_version != applicant_services.CONSENT_VERSION:
        raise InvalidInputError(
            {
                "consent_version": [
                    "Teks persetujuan sudah diperbarui; baca dan setujui versi terbaru."
                ]
            }
        )
    level = None
    if payload.education_level:
        level = EducationLevel.objects.filter(code=payload.education_level).first()
        if level is None:
            raise InvalidInputError({"education_level": ["Kode jenjang pendidikan tidak dikenal."]})
    values = payload.model_dump(exclude={"consent", "consent_version", "education_level"})
    data = applicant_services.RegistrationInput(
        **values, consent_given=payload.consent, education_level=level
    )
    return Status(201, applicant_services.register_applicant(data=data))


@router.post(
    "/applicant/confirm-email",
    auth=None,
    response={200: MessageOut, **PUBLIC_WRITE_ERRORS},
    summary="Konfirmasi e-mail",
    description="Token dari tautan di e-mail (berlaku 3 hari). Token salah atau kedaluwarsa: 422.",
)
def confirm_email(request: HttpRequest, payload: ConfirmEmailIn) -> dict[str, str]:
    applicant_services.confirm_email(token=payload.token)
    return {"detail": "Alamat e-mail sudah dikonfirmasi."}


@router.get(
    "/applicant/receipts/{receipt_key}",
    auth=None,
    response={200: ReceiptCheckOut, 404: ErrorOut},
    summary="Periksa keaslian bukti pendaftaran",
)
def check_receipt(request: HttpRequest, receipt_key: str) -> dict[str, Any]:
    application = selectors.get_application_by_receipt_key(receipt_key=receipt_key)
    return {
        "genuine": True,
        "registration_number": application.registration_number,
        "name": mask_name(application.applicant.name),
        "formasi": f"{application.formasi.code} {application.formasi.position.name}",
        "period": str(application.period),
        "submitted_at": application.submitted_at,
    }


# --- The signed-in applicant


@router.get(
    "/applicant/me", response={200: ApplicantOut, **DETAIL_ERRORS}, summary="Profil pelamar saya"
)
def my_profile(request: HttpRequest) -> Applicant:
    return _applicant(request)


@router.post(
    "/applicant/me/resend-confirmation",
    response={202: MessageOut, **WRITE_ERRORS, 429: ErrorOut},
    summary="Kirim ulang tautan konfirmasi e-mail",
)
def resend_confirmation(request: HttpRequest) -> Status[Any]:
    applicant = _applicant(request)
    try:
        applicant_services.check_registration_rate(client_address=f"resend:{applicant.user_id}")
    except applicant_services.RegistrationRateLimitError as error:
        return Status(429, error_body(error.message, "rate_limited"))
    applicant_services.send_confirmation_email(applicant=applicant)
    return Status(202, {"detail": f"Tautan konfirmasi dikirim ke {applicant.email}."})


@router.get(
    "/applicant/applications",
    response={200: ApplicationPage, **READ_ERRORS},
    summary="Lamaran saya",
)
def list_applications(request: HttpRequest, params: Query[PageParams]) -> dict[str, Any]:
    return paginate(selectors.applications_of(_applicant(request)).order_by("-created_at"), params)


@router.post(
    "/applicant/applications",
    response={201: ApplicationDetailOut, **WRITE_ERRORS},
    summary="Buat lamaran",
    description="Satu lamaran per periode (409 bila sudah ada); hanya saat pendaftaran dibuka "
    "(409), ke formasi yang diumumkan, bila memenuhi syarat (422 dengan alasan tiap syarat); "
    "e-mail harus sudah dikonfirmasi (403).",
)
def create_application(request: HttpRequest, payload: ApplicationIn) -> Status[Application]:
    applicant = _applicant(request)
    formasi = _formasi(payload.formasi_id)
    application = application_services.create_application(
        applicant=applicant,
        formasi=formasi,
        actor=caller(request),
        track_claim=payload.track_claim or Track.UMUM,
    )
    return Status(201, _own(applicant, application.pk))


@router.get(
    "/applicant/applications/{application_id}",
    response={200: ApplicationDetailOut, **DETAIL_ERRORS},
    summary="Satu lamaran saya, dengan daftar periksa dokumen",
)
def get_application(request: HttpRequest, application_id: int) -> Application:
    return _own(_applicant(request), application_id)


@router.patch(
    "/applicant/applications/{application_id}",
    response={200: ApplicationDetailOut, **WRITE_ERRORS},
    summary="Ganti formasi lamaran (selama draf)",
    description="Syarat diperiksa lagi; dokumen yang tidak diminta formasi baru dihapus.",
)
def change_formasi(
    request: HttpRequest, application_id: int, payload: ApplicationIn
) -> Application:
    applicant = _applicant(request)
    application = _own(applicant, application_id)
    application_services.change_formasi(
        application=application,
        formasi=_formasi(payload.formasi_id),
        actor=caller(request),
        track_claim=payload.track_claim,
    )
    return _own(applicant, application_id)


@router.get(
    "/applicant/applications/{application_id}/documents",
    response={200: list[DocumentOut], **DETAIL_ERRORS},
    summary="Dokumen lamaran saya",
)
def list_documents(request: HttpRequest, application_id: int) -> list[ApplicationDocument]:
    application = _own(_applicant(request), application_id)
    return list(application.documents.select_related("kind").order_by("kind__name"))


@router.post(
    "/applicant/applications/{application_id}/documents/{kind}",
    response={200: DocumentOut, 201: DocumentOut, **WRITE_ERRORS},
    summary="Unggah atau ganti dokumen",
    description="Multipart, kolom `file`. Diperiksa menurut isinya (PDF/JPG/PNG), format dan "
    "ukuran yang diminta formasi; gambar disimpan ulang tanpa EXIF. 201 untuk dokumen baru, "
    "200 bila menggantikan. Setelah lamaran dikirim: 409.",
)
def upload_document(
    request: HttpRequest, application_id: int, kind: str, file: File[UploadedFile]
) -> Status[ApplicationDocument]:
    application = _own(_applicant(request), application_id)
    document_kind = DocumentKind.objects.filter(code=kind).first()
    if document_kind is None:
        raise InvalidInputError({"kind": [f"Jenis dokumen '{kind}' tidak dikenal."]})
    existed = application.documents.filter(kind=document_kind).exists()
    document = document_services.upload_document(
        application=application, kind=document_kind, upload=file, actor=caller(request)
    )
    return Status(200 if existed else 201, document)


@router.get(
    "/applicant/applications/{application_id}/documents/{document_id}/file",
    response={200: None, **DETAIL_ERRORS},
    summary="Unduh berkas dokumen saya",
)
def document_file(request: HttpRequest, application_id: int, document_id: int) -> FileResponse:
    application = _own(_applicant(request), application_id)
    document = application.documents.select_related("kind").filter(pk=document_id).first()
    if document is None:
        raise Http404
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=f"{application.registration_number}-{document.kind.code}.{document.file_format}",
        content_type=uploads.CONTENT_TYPES.get(document.file_format, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@router.post(
    "/applicant/applications/{application_id}/submit",
    response={200: ApplicationDetailOut, **WRITE_ERRORS},
    summary="Kirim lamaran",
    description="Ditolak (422) bila dokumen wajib belum lengkap atau syarat tidak terpenuhi; "
    "setelah dikirim lamaran dan dokumennya terkunci.",
)
def submit_application(request: HttpRequest, application_id: int) -> Application:
    applicant = _applicant(request)
    application_services.submit_application(
        application=_own(applicant, application_id), actor=caller(request)
    )
    return _own(applicant, application_id)


@router.get(
    "/applicant/applications/{application_id}/receipt",
    response={200: None, **DETAIL_ERRORS},
    summary="Bukti pendaftaran (PDF)",
    description="Ada setelah lamaran dikirim (404 sebelumnya).",
)
def receipt(request: HttpRequest, application_id: int) -> HttpResponse:
    application = _own(_applicant(request), application_id)
    if application.submitted_at is None:
        raise Http404
    documents = [item.document for item in selectors.checklist(application) if item.document]
    response = HttpResponse(
        receipts.render_receipt(application, documents), content_type="application/pdf"
    )
    response["Content-Disposition"] = downloads.attachment(receipts.receipt_filename(application))
    return response


# --- helpers


def _applicant(request: HttpRequest) -> Applicant:
    applicant = selectors.get_applicant(user=caller(request))
    if applicant is None:
        raise PermissionDenied(NOT_AN_APPLICANT)
    return applicant


def _own(applicant: Applicant, application_id: int) -> Application:
    """The applicant's own application; someone else's id is a 404 like a missing one."""
    return selectors.get_own_application(applicant=applicant, application_id=application_id)


def _formasi(formasi_id: int) -> Formasi:
    formasi = Formasi.objects.select_related("period").filter(pk=formasi_id).first()
    if formasi is None:
        raise InvalidInputError({"formasi_id": [f"Formasi dengan id {formasi_id} tidak ada."]})
    return formasi
