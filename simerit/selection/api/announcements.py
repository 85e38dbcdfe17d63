"""Final result announcements over JSON: anyone lists and reads the published versions and verifies
a file or a hash; Admin BKPSDM publishes. Same selectors and services as the pages."""

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponseBase, JsonResponse
from django.urls import reverse
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.decorators import decorate_view
from ninja.files import UploadedFile
from pydantic import ConfigDict

from simerit.core.api import (
    WRITE_ERRORS,
    ErrorCode,
    ErrorOut,
    Page,
    PageParams,
    caller,
    error_body,
    paginate,
)
from simerit.core.exceptions import InvalidInputError
from simerit.core.roles import Role
from simerit.recruitment.models import Formasi, SelectionPeriod
from simerit.selection import files
from simerit.selection.forms.announcements import MAX_UPLOAD_BYTES
from simerit.selection.models import ResultAnnouncement, ResultAnnouncementEntry
from simerit.selection.rules import FinalStatus
from simerit.selection.selectors import announcements as selectors
from simerit.selection.selectors import verification as verification_selectors
from simerit.selection.services import announcements as services
from simerit.selection.views.announcements import verify_refusal

router = Router(tags=["Seleksi kompetensi: pengumuman hasil akhir"])


class ComponentScoreOut(Schema):
    name: str
    method: str
    weight: str = Field(description='Bobot di dalam SKB (%), mis. "60.0000".')
    score: str | None = Field(description="Nilai 0–100 dengan 4 desimal; null bila tidak ada.")
    status: str = Field(description="final, absent (tidak hadir) atau missing (tanpa nilai).")


class EntryOut(Schema):
    rank: int | None = Field(
        description="null: tidak diperingkat (Tidak Lulus, Mengundurkan diri)."
    )
    registration_number: str
    masked_name: str = Field(examples=["S*** A*****"])
    status: str = Field(description="lulus, p_l, tidak_lulus, mengundurkan_diri.")
    status_label: str
    skd_total: int
    twk: int
    tiu: int
    tkp: int
    skb_components: list[ComponentScoreOut]
    skb_score: str | None = Field(description="Nilai SKB 0–100, 4 desimal.")
    final_score: str | None = Field(description="Nilai akhir 0–100, 4 desimal.")


class AnnouncementSummaryOut(Schema):
    id: int
    formasi_id: int
    formasi_code: str = Field(description="Kode formasi saat diumumkan.")
    period_name: str
    position_name: str
    unit_name: str
    quota: int
    version: int
    supersedes_version: int | None
    superseded_by_version: int | None = Field(description="null: versi ini yang terbaru.")
    published_at: dt.datetime
    sanggah_closes_at: dt.datetime
    note: str
    sha256: str = Field(description="SHA-256 JSON kanonik (juga tercatat di jejak audit).")
    csv_sha256: str
    pdf_sha256: str
    json_url: str
    csv_url: str
    pdf_url: str


class AnnouncementPage(Page[AnnouncementSummaryOut]):
    pass


class AnnouncementOut(AnnouncementSummaryOut):
    formula: dict[str, Any] = Field(description="Rumus dan bobot yang dipakai.")
    formula_words: str
    entries: list[EntryOut] = Field(description="Urut peringkat; yang tidak diperingkat di akhir.")


class AnnouncementFilters(PageParams):
    period_id: int | None = Field(None, description="Hanya periode ini.")
    q: str = Field("", max_length=40, description="Bagian kode formasi.")


class DifferenceOut(Schema):
    registration_number: str = Field(description="Kosong: menyangkut seluruh pengumuman.")
    field: str
    published: str
    in_file: str
    text: str


class VerificationOut(Schema):
    status: str = Field(description="match, superseded, altered, mismatch, unknown.")
    status_label: str
    message: str
    sha256: str = Field(description="SHA-256 berkas yang diunggah, atau yang diketik.")
    file_kind: str = Field(description="JSON, CSV atau PDF; kosong bila tidak dikenali.")
    formasi_code: str | None
    version: int | None
    published_at: dt.datetime | None
    latest_version: int | None
    differences: list[DifferenceOut]
    more_differences: int
    problems: list[str]


class PublishIn(Schema):
    model_config = ConfigDict(extra="forbid")

    formasi_id: int
    note: str = Field("", max_length=300, description="Wajib untuk versi koreksi (versi ≥ 2).")


class PublishPeriodIn(Schema):
    model_config = ConfigDict(extra="forbid")

    period_id: int
    note: str = Field("", max_length=300, description="Wajib bila ada formasi yang dikoreksi.")


class PublishPeriodOut(Schema):
    published: int = Field(description="Jumlah versi yang diterbitkan.")


def _summary(announcement: ResultAnnouncement) -> dict[str, Any]:
    args = [announcement.formasi_id, announcement.version]
    superseded_by = getattr(announcement, "superseded_by", None)
    return {
        "id": announcement.pk,
        "formasi_id": announcement.formasi_id,
        "formasi_code": announcement.formasi_code,
        "period_name": announcement.period_name,
        "position_name": announcement.position_name,
        "unit_name": announcement.unit_name,
        "quota": announcement.quota,
        "version": announcement.version,
        "supersedes_version": announcement.supersedes.version if announcement.supersedes else None,
        "superseded_by_version": superseded_by.version if superseded_by else None,
        "published_at": announcement.published_at,
        "sanggah_closes_at": announcement.sanggah_closes_at,
        "note": announcement.note,
        "sha256": announcement.sha256,
        "csv_sha256": announcement.csv_sha256,
        "pdf_sha256": announcement.pdf_sha256,
        "json_url": reverse("selection:announcement-json", args=args),
        "csv_url": reverse("selection:announcement-csv", args=args),
        "pdf_url": reverse("selection:announcement-pdf", args=args),
    }


def _entry(entry: ResultAnnouncementEntry) -> dict[str, Any]:
    return {
        "rank": entry.rank,
        "registration_number": entry.registration_number,
        "masked_name": entry.masked_name,
        "status": entry.status,
        "status_label": FinalStatus(entry.status).label,
        "skd_total": entry.skd_total,
        "twk": entry.twk,
        "tiu": entry.tiu,
        "tkp": entry.tkp,
        "skb_components": entry.skb_components,
        "skb_score": files.fixed(entry.skb_score),
        "final_score": files.fixed(entry.final_score),
    }


def _detail(announcement: ResultAnnouncement) -> dict[str, Any]:
    return {
        **_summary(announcement),
        "formula": announcement.formula,
        "formula_words": files.formula_words(announcement.formula),
        "entries": [_entry(entry) for entry in selectors.entries_of(announcement)],
    }


def _verification(verification: verification_selectors.Verification) -> dict[str, Any]:
    announcement = verification.announcement
    return {
        "status": verification.status.value,
        "status_label": verification.status.label,
        "message": verification.message,
        "sha256": verification.sha256,
        "file_kind": verification.file_kind,
        "formasi_code": announcement.formasi_code if announcement else None,
        "version": announcement.version if announcement else None,
        "published_at": announcement.published_at if announcement else None,
        "latest_version": verification.latest.version if verification.latest else None,
        "differences": [
            {
                "registration_number": difference.registration_number,
                "field": difference.field,
                "published": difference.published,
                "in_file": difference.in_file,
                "text": difference.text,
            }
            for difference in verification.differences
        ],
        "more_differences": verification.more_differences,
        "problems": list(verification.problems),
    }


@router.get(
    "/announcements",
    response={200: AnnouncementPage, 422: ErrorOut},
    auth=None,
    summary="Pengumuman hasil akhir yang terbit (publik)",
    description="Tanpa login. Setiap versi, terbaru lebih dulu; versi yang sudah digantikan "
    "memiliki `superseded_by_version`.",
)
def list_announcements(request: HttpRequest, filters: Query[AnnouncementFilters]) -> dict[str, Any]:
    period = None
    if filters.period_id is not None:
        period = SelectionPeriod.objects.filter(pk=filters.period_id).first()
        if period is None:
            raise InvalidInputError({"period_id": ["Periode ini tidak ada."]})
    page = paginate(selectors.list_announcements(period=period, search=filters.q), filters)
    page["items"] = [_summary(announcement) for announcement in page["items"]]
    return page


@router.get(
    "/announcements/{formasi_id}/versions/{version}",
    response={200: AnnouncementOut, 404: ErrorOut},
    auth=None,
    summary="Satu versi pengumuman hasil akhir, dengan semua barisnya (publik)",
    description="Tanpa login. Nama disamarkan. Nilai berupa teks dengan 4 desimal, sama seperti "
    "JSON kanonik di `json_url` (yang SHA-256-nya sama dengan `sha256`).",
)
def announcement_version(request: HttpRequest, formasi_id: int, version: int) -> dict[str, Any]:
    announcement = selectors.get_version(formasi_id, version) if version <= 32767 else None
    if announcement is None:
        raise Http404
    return _detail(announcement)


FILE_TOO_LARGE = "Berkas terlalu besar: paling besar 5 MB."


def _refused_early(run: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Around the operation, before Django Ninja reads the multipart body into its parameters:
    refuse past the hourly limit of the address (429) or a declared body over the limit (413)."""

    @wraps(run)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        refusal = verify_refusal(request)
        if refusal is None:
            return run(request, *args, **kwargs)
        message, status = refusal
        if status == 413:
            body = error_body(FILE_TOO_LARGE, ErrorCode.INVALID_INPUT, {"file": [FILE_TOO_LARGE]})
        else:
            body = error_body(message, "rate_limited")
        return JsonResponse(body, status=status)

    return wrapper


@router.post(
    "/verify",
    response={200: VerificationOut, 413: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    auth=None,
    summary="Verifikasi berkas pengumuman hasil akhir atau SHA-256-nya (publik)",
    description="Tanpa login. Multipart: kolom `file` (JSON, CSV atau PDF, paling besar 5 MB) "
    "atau kolom `sha256`. `status`: match (asli, terbaru), superseded (asli, sudah dikoreksi), "
    "altered (catatan di basis data diubah sesudah diumumkan), mismatch (mengaku suatu "
    "pengumuman tetapi isinya berbeda: lihat `differences`), unknown. 413: permintaan lebih "
    "besar dari 5 MB (ditolak sebelum dibaca). 429: terlalu banyak verifikasi dari satu alamat "
    "dalam satu jam.",
)
@decorate_view(_refused_early)
def verify(
    request: HttpRequest,
    file: File[UploadedFile | None] = None,
    sha256: Form[str] = "",
) -> dict[str, Any]:
    if file is not None:
        if file.size is not None and file.size > MAX_UPLOAD_BYTES:
            raise InvalidInputError({"file": [FILE_TOO_LARGE]})
        return _verification(verification_selectors.verify_bytes(file.read()))
    if not sha256.strip():
        raise InvalidInputError({"file": ["Kirim berkas pengumuman atau SHA-256-nya."]})
    return _verification(verification_selectors.verify_hash(sha256))


def _manager(request: HttpRequest) -> Any:
    user = caller(request)
    if not user.has_role(Role.ADMIN_BKPSDM):
        raise PermissionDenied(services.DENIED)
    return user


@router.post(
    "/announcements",
    response={201: AnnouncementOut, **WRITE_ERRORS},
    summary="Umumkan hasil akhir satu formasi",
    description="Admin BKPSDM. Dari integrasi terakhir periode formasi. 409 bila belum ada "
    "integrasi, integrasi terakhir sudah diumumkan atau tidak mengubah apa pun, ada sanggah "
    "hasil akhir yang belum diputuskan, atau di luar jadwal pengumuman hasil akhir. Versi ≥ 2 "
    "memerlukan catatan (422).",
)
def publish(request: HttpRequest, payload: PublishIn) -> Status[dict[str, Any]]:
    user = _manager(request)
    formasi = Formasi.objects.filter(pk=payload.formasi_id).first()
    if formasi is None:
        raise InvalidInputError(
            {"formasi_id": [f"Formasi dengan id {payload.formasi_id} tidak ada."]}
        )
    announcement = services.publish_results(formasi=formasi, note=payload.note, actor=user)
    published = selectors.get_version(announcement.formasi_id, announcement.version)
    return Status(201, _detail(published or announcement))


@router.post(
    "/announcements/period",
    response={200: PublishPeriodOut, **WRITE_ERRORS},
    summary="Umumkan hasil akhir setiap formasi yang belum diumumkan dari integrasi terakhir",
    description="Admin BKPSDM. Semua atau tidak sama sekali: bila satu formasi ditolak (409/422), "
    "tidak ada yang diterbitkan.",
)
def publish_period(request: HttpRequest, payload: PublishPeriodIn) -> dict[str, int]:
    user = _manager(request)
    period = SelectionPeriod.objects.filter(pk=payload.period_id).first()
    if period is None:
        raise InvalidInputError(
            {"period_id": [f"Periode dengan id {payload.period_id} tidak ada."]}
        )
    return {"published": services.publish_period(period=period, note=payload.note, actor=user)}
