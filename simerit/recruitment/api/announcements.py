"""Announcements of the administrative result over JSON: HR publishes; anyone reads a version
with its canonical JSON and SHA-256; the applicant reads their own result and files a sanggah."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from simerit.core.api import (
    DEFAULT_PAGE_SIZE,
    READ_ERRORS,
    WRITE_ERRORS,
    ErrorOut,
    Page,
    PageParams,
    caller,
    get_or_404,
    paginate,
)
from simerit.core.exceptions import InvalidInputError
from simerit.core.roles import Role
from simerit.recruitment.api.verification import SanggahOut
from simerit.recruitment.models import Announcement, Applicant, Application, Formasi, Sanggah
from simerit.recruitment.selectors import announcements as selectors
from simerit.recruitment.services import announcements as services
from simerit.recruitment.services import sanggah as sanggah_services

router = Router(tags=["Rekrutmen: pengumuman dan sanggah"])
FIRST_PAGE = PageParams(page=1, page_size=DEFAULT_PAGE_SIZE)


class PublishIn(Schema):
    model_config = ConfigDict(extra="forbid")

    formasi_id: int
    note: str = Field("", max_length=300, description="Wajib untuk versi koreksi (versi ≥ 2).")


class EntryOut(Schema):
    registration_number: str
    masked_name: str = Field(examples=["S*** A*****"])
    result: str = Field(description="MS atau TMS.")
    reason: str = Field(description="Untuk TMS: dokumen atau syarat yang tidak terpenuhi.")


class AnnouncementFields(Schema):
    id: int
    formasi_id: int
    formasi_code: str = Field(description="Kode formasi saat pengumuman diterbitkan.")
    version: int
    replaces_version: int | None
    published_at: dt.datetime
    note: str
    sha256: str


class AnnouncementSummaryOut(AnnouncementFields):
    @staticmethod
    def resolve_formasi_code(obj: Announcement) -> str:
        return obj.formasi_code

    @staticmethod
    def resolve_replaces_version(obj: Announcement) -> int | None:
        return obj.replaces.version if obj.replaces else None


class EntryPage(Page[EntryOut]):
    pass


class AnnouncementOut(AnnouncementFields):
    entries: EntryPage = Field(
        description="Baris pengumuman per halaman (`page`, `page_size`), urut nomor pendaftaran."
    )
    canonical_json_url: str = Field(
        description="Alamat teks JSON kanonik persis seperti yang di-hash: SHA-256 dari isi "
        "berkas itu sama dengan `sha256`."
    )


class FormasiAnnouncementOut(Schema):
    formasi_id: int
    formasi_code: str
    latest: AnnouncementOut
    versions: list[AnnouncementSummaryOut] = Field(description="Terbaru lebih dulu.")


class ApplicantResultOut(Schema):
    application_id: int
    registration_number: str
    formasi_code: str
    status: Application.Status
    result_reasons: list[str] = Field(description="Alasan rinci (hanya untuk pelamar sendiri).")
    decided_at: dt.datetime | None
    announcement_version: int | None
    announced_result: str | None
    sanggah: SanggahOut | None
    can_file_sanggah: bool
    sanggah_opens_at: dt.datetime | None
    sanggah_closes_at: dt.datetime | None


class SanggahIn(Schema):
    model_config = ConfigDict(extra="forbid")

    application_id: int
    reason: str = Field(max_length=3000)
    document_ids: list[int] = Field(
        description="Dokumen lamaran ini yang dirujuk (sudah diunggah; tidak ada berkas baru)."
    )


def _announcement_out(announcement: Announcement, params: PageParams) -> dict[str, Any]:
    """The announcement with one page of its entries and the address of its canonical JSON."""
    return {
        "id": announcement.pk,
        "formasi_id": announcement.formasi_id,
        "formasi_code": announcement.formasi_code,
        "version": announcement.version,
        "replaces_version": announcement.replaces.version if announcement.replaces else None,
        "published_at": announcement.published_at,
        "note": announcement.note,
        "sha256": announcement.sha256,
        "entries": paginate(selectors.list_entries(announcement), params),
        "canonical_json_url": reverse(
            "recruitment:announcement-json", args=[announcement.formasi_id, announcement.version]
        ),
    }


def _announced_formasi(formasi_id: int) -> tuple[Formasi, Announcement]:
    formasi = get_or_404(Formasi.objects.select_related("period"), formasi_id)
    latest = selectors.latest_announcement(formasi)
    if latest is None:
        raise Http404
    return formasi, latest


@router.post(
    "/announcements",
    response={201: AnnouncementOut, **WRITE_ERRORS},
    summary="Terbitkan pengumuman hasil administrasi satu formasi",
    description="Admin BKPSDM. 409 bila masih ada lamaran yang belum diputus atau sanggah yang "
    "belum diputuskan. Versi ≥ 2 adalah koreksi dan memerlukan catatan (422).",
)
def publish(request: HttpRequest, payload: PublishIn) -> Status[dict[str, Any]]:
    user = caller(request)
    if not user.has_role(Role.ADMIN_BKPSDM):
        raise PermissionDenied("Hanya Admin BKPSDM yang dapat menerbitkan pengumuman.")
    formasi = Formasi.objects.filter(pk=payload.formasi_id).first()
    if formasi is None:
        raise InvalidInputError(
            {"formasi_id": [f"Formasi dengan id {payload.formasi_id} tidak ada."]}
        )
    announcement = services.publish_announcement(formasi=formasi, note=payload.note, actor=user)
    return Status(201, _announcement_out(announcement, FIRST_PAGE))


@router.get(
    "/announcements/formasi/{formasi_id}",
    response={200: FormasiAnnouncementOut, 404: ErrorOut},
    auth=None,
    summary="Pengumuman terbaru satu formasi (publik)",
    description="Tanpa login. Nama disamarkan. Baris versi terbaru per halaman; unduh "
    "`latest.canonical_json_url` dan hitung SHA-256-nya untuk memeriksa keaslian daftar.",
)
def formasi_announcement(
    request: HttpRequest, formasi_id: int, params: Query[PageParams]
) -> dict[str, Any]:
    formasi, latest = _announced_formasi(formasi_id)
    return {
        "formasi_id": formasi.pk,
        "formasi_code": formasi.code,
        "latest": _announcement_out(latest, params),
        "versions": list(selectors.list_versions(formasi)),
    }


@router.get(
    "/announcements/formasi/{formasi_id}/versions/{version}",
    response={200: AnnouncementOut, 404: ErrorOut},
    auth=None,
    summary="Satu versi pengumuman (publik)",
    description="Tanpa login. Baris per halaman; teks JSON kanonik di `canonical_json_url`.",
)
def announcement_version(
    request: HttpRequest, formasi_id: int, version: int, params: Query[PageParams]
) -> dict[str, Any]:
    formasi, _ = _announced_formasi(formasi_id)
    announcement = selectors.get_version(formasi, version)
    if announcement is None:
        raise Http404
    return _announcement_out(announcement, params)


def _applicant(request: HttpRequest) -> Applicant:
    user = caller(request)
    applicant = Applicant.objects.filter(user=user).first()
    if not user.has_role(Role.PELAMAR) or applicant is None:
        raise PermissionDenied("Hanya pelamar yang terdaftar yang dapat melakukan tindakan ini.")
    return applicant


@router.get(
    "/results/mine",
    response={200: list[ApplicantResultOut], **READ_ERRORS},
    summary="Hasil seleksi administrasi saya",
    description="Status, alasan rinci, pengumuman dan sanggah setiap lamaran pemanggil.",
)
def my_results(request: HttpRequest) -> list[dict[str, Any]]:
    applicant = _applicant(request)
    return [
        {
            "application_id": result.application.pk,
            "registration_number": result.application.registration_number,
            "formasi_code": result.application.formasi.code,
            "status": result.application.status,
            "result_reasons": result.application.result_reasons,
            "decided_at": result.application.decided_at,
            "announcement_version": result.announcement.version if result.announcement else None,
            "announced_result": result.entry.result if result.entry else None,
            "sanggah": result.sanggah,
            "can_file_sanggah": result.can_file_sanggah,
            "sanggah_opens_at": result.window.opens_at if result.window else None,
            "sanggah_closes_at": result.window.closes_at if result.window else None,
        }
        for result in selectors.list_applicant_results(applicant)
    ]


@router.post(
    "/sanggah",
    response={201: SanggahOut, **WRITE_ERRORS},
    summary="Ajukan sanggah",
    description="Hanya untuk lamaran TMS yang sudah diumumkan, satu kali (409), pada masa sanggah "
    "(409), dengan alasan dan dokumen yang sudah diunggah (422). Lamaran orang lain: 404.",
)
def file_sanggah(request: HttpRequest, payload: SanggahIn) -> Status[Sanggah]:
    applicant = _applicant(request)
    application = selectors.get_own_application(
        applicant=applicant, application_id=payload.application_id
    )
    if application is None:
        raise Http404
    sanggah = sanggah_services.file_sanggah(
        application=application,
        reason=payload.reason,
        document_ids=payload.document_ids,
        actor=caller(request),
    )
    return Status(201, sanggah)
