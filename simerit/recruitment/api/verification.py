"""Verification over JSON: the verifier's queue, reviews, decisions, four-eyes confirmation,
sanggah decisions, and HR's assignment run and workload (declarations: api/conflicts.py).

The same services as the HTML pages: they check that the caller holds the assignment (403),
refuse a second decision (409) and invalid input (422).
"""

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from pydantic import ConfigDict

from simerit.accounts.models import User
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
from simerit.core.exceptions import InvalidInputError
from simerit.core.roles import Role
from simerit.recruitment import uploads
from simerit.recruitment.models import (
    Application,
    Formasi,
    RejectionReason,
    Sanggah,
    SelectionPeriod,
    Track,
    VerificationAssignment,
)
from simerit.recruitment.permissions import is_assigned_verifier, verifier_refusal
from simerit.recruitment.selectors import verification as selectors
from simerit.recruitment.services import assignments
from simerit.recruitment.services import conflicts as conflict_services
from simerit.recruitment.services import sanggah as sanggah_services
from simerit.recruitment.services import verification as services

router = Router(tags=["Rekrutmen: verifikasi"])

AssignmentRole = VerificationAssignment.Role


class StrictIn(Schema):
    model_config = ConfigDict(extra="forbid")


# --- Schemas


class ApplicationRef(Schema):
    id: int
    registration_number: str
    status: Application.Status
    formasi_id: int
    formasi_code: str


class AssignmentOut(Schema):
    id: int
    role: VerificationAssignment.Role
    created_at: dt.datetime
    completed_at: dt.datetime | None
    application: ApplicationRef
    sanggah_id: int | None = Field(description="Untuk tugas sanggah: id sanggah yang diputuskan.")


class AssignmentPage(Page[AssignmentOut]):
    pass


class QueueFilters(PageParams):
    formasi_id: int | None = Field(None, description="Hanya tugas pada formasi ini.")
    status: Application.Status | None = Field(None, description="Status lamaran.")
    state: Literal["open", "done"] | None = Field(None, description="open: belum selesai.")
    role: VerificationAssignment.Role | None = Field(None, description="Jenis tugas.")


class ReviewOut(Schema):
    is_valid: bool
    reason: str = Field(description="Kode alasan (RejectionReason); kosong bila sah.")
    reason_label: str
    note: str


class DocumentOut(Schema):
    kind: str = Field(description="Kode jenis dokumen.")
    kind_name: str
    is_required: bool
    document_id: int | None = Field(description="null: tidak diunggah.")
    file_format: str | None
    size_bytes: int | None
    review: ReviewOut | None = Field(description="Pemeriksaan verifikator pertama.")


class ApplicantOut(Schema):
    name: str
    nik: str = Field(description="Disamarkan: 1671********0001.")
    birth_place: str
    birth_date: dt.date
    gender: str
    education_level: str
    education_major: str
    needs_identity_review: bool


class ApplicationReviewOut(Schema):
    id: int
    registration_number: str
    status: Application.Status
    formasi_code: str
    track_claim: Track = Field(description="Jalur yang dinyatakan pelamar saat melamar.")
    applicant: ApplicantOut
    documents: list[DocumentOut]
    snapshot_failures: list[str] | None = Field(
        description="Syarat yang gagal saat lamaran dikirim; null bila tidak tercatat."
    )
    recheck_failures: list[str] = Field(description="Syarat yang gagal menurut aturan terkini.")
    unreviewed: list[str] = Field(description="Dokumen yang belum diperiksa.")
    outcome: Literal["MS", "TMS"] = Field(description="Hasil bila diputuskan sekarang.")
    outcome_reasons: list[str]
    result_reasons: list[str] = Field(description="Alasan TMS yang tercatat pada lamaran.")
    my_roles: list[VerificationAssignment.Role]


class ReviewIn(StrictIn):
    is_valid: bool
    reason: RejectionReason | Literal[""] = Field("", description="Wajib bila tidak sah.")
    note: str = Field("", max_length=500)


class DecisionOut(Schema):
    id: int
    registration_number: str
    status: Application.Status
    result_reasons: list[str]
    decided_at: dt.datetime | None


class ConfirmationIn(StrictIn):
    action: Literal["confirm", "return"] = Field(
        description="confirm: TMS berlaku; return: kembali ke verifikator pertama (note wajib)."
    )
    note: str = Field("", max_length=500)


class SanggahDecisionIn(StrictIn):
    grant: bool = Field(description="true: sanggah diterima (lamaran menjadi MS).")
    note: str = Field(max_length=3000, description="Pertimbangan, ditampilkan kepada pelamar.")


class SanggahOut(Schema):
    id: int
    application_id: int
    status: Sanggah.Status
    reason: str
    document_ids: list[int]
    created_at: dt.datetime
    decided_at: dt.datetime | None
    decision_note: str

    @staticmethod
    def resolve_document_ids(obj: Sanggah) -> list[int]:
        return sorted(doc.pk for doc in obj.documents.all())


class AssignmentRunIn(StrictIn):
    period_id: int
    formasi_id: int | None = Field(None, description="Kosong: seluruh formasi periode itu.")


class AssignmentRunOut(Schema):
    assigned: int
    by_role: dict[str, int]
    per_verifier: dict[str, int] = Field(description="Nama pengguna → jumlah tugas baru.")
    unassigned: list[str] = Field(description="Nomor pendaftaran yang belum dapat ditugaskan.")
    verifiers: int
    released: int = Field(
        description="Tugas terbuka yang dilepas dari verifikator nonaktif, bukan verifikator lagi, "
        "atau berkonflik kepentingan, lalu ditugaskan ulang."
    )
    message: str


class OpenAssignmentFilters(PageParams):
    period_id: int
    verifier_id: int | None = Field(None, description="Hanya tugas verifikator ini.")


class OpenAssignmentOut(Schema):
    id: int
    role: VerificationAssignment.Role
    created_at: dt.datetime
    verifier_id: int
    verifier_username: str
    application: ApplicationRef
    holder_problem: str = Field(
        description="Mengapa pemegang tugas tidak lagi memenuhi syarat (nonaktif, bukan "
        "verifikator, konflik kepentingan); kosong bila masih memenuhi syarat."
    )


class OpenAssignmentPage(Page[OpenAssignmentOut]):
    pass


class ReleaseOut(Schema):
    released_id: int
    reassigned_to: str | None = Field(
        description="Nama pengguna verifikator pengganti; null bila belum ada yang memenuhi "
        "syarat (penugasan berikutnya mencoba lagi)."
    )
    message: str


class WorkloadOut(Schema):
    verifier_id: int
    username: str
    name: str
    assigned: int
    done: int
    open: int
    tms_rate_percent: int | None
    median_hours_to_decide: float | None


# --- Helpers


def _verifier(request: HttpRequest) -> User:
    user = caller(request)
    if not user.has_role(Role.VERIFIKATOR):
        raise PermissionDenied("Hanya verifikator yang dapat melakukan tindakan ini.")
    return user


def _assigned_application(user: User, application_id: int) -> Application:
    """404 when missing; 403 unless the caller may read it (permissions.is_assigned_verifier)."""
    application = selectors.get_application_for_review(application_id)
    if application is None:
        raise Http404
    refusal = verifier_refusal(user, application)
    if refusal is not None:
        raise PermissionDenied(refusal)
    return application


def _hr(request: HttpRequest) -> User:
    user = caller(request)
    if not user.has_role(Role.ADMIN_BKPSDM):
        raise PermissionDenied("Hanya Admin BKPSDM yang dapat melakukan tindakan ini.")
    return user


def _assignment_out(assignment: VerificationAssignment) -> dict[str, Any]:
    app = assignment.application
    # Reverse one-to-one, fetched with the queue; absent raises an AttributeError subclass.
    sanggah = getattr(app, "sanggah", None)
    return {
        "id": assignment.pk,
        "role": assignment.role,
        "created_at": assignment.created_at,
        "completed_at": assignment.completed_at,
        "application": {
            "id": app.pk,
            "registration_number": app.registration_number,
            "status": app.status,
            "formasi_id": app.formasi_id,
            "formasi_code": app.formasi.code,
        },
        "sanggah_id": sanggah.pk if sanggah and assignment.role == AssignmentRole.SANGGAH else None,
    }


# --- Verifier


@router.get(
    "/verification/queue",
    response={200: AssignmentPage, **READ_ERRORS},
    summary="Antrean verifikasi saya",
    description="Tugas verifikator pemanggil saja: belum selesai lebih dulu.",
)
def queue(request: HttpRequest, filters: Query[QueueFilters]) -> dict[str, Any]:
    user = _verifier(request)
    assignments = selectors.list_queue(
        verifier=user,
        formasi_id=filters.formasi_id,
        status=filters.status or "",
        state=filters.state or "",
        role=filters.role or "",
    )
    page = paginate(assignments, filters)
    page["items"] = [_assignment_out(assignment) for assignment in page["items"]]
    return page


@router.get(
    "/verification/applications/{application_id}",
    response={200: ApplicationReviewOut, **DETAIL_ERRORS},
    summary="Lamaran yang ditugaskan kepada saya",
    description="Data pelamar (NIK disamarkan), dokumen dan pemeriksaannya, cek syarat saat "
    "dikirim dan sekarang, serta hasil bila diputuskan sekarang. 403 bila tidak ditugaskan.",
)
def application_review(request: HttpRequest, application_id: int) -> dict[str, Any]:
    user = _verifier(request)
    application = _assigned_application(user, application_id)
    first = selectors.get_assignment(application=application, role=AssignmentRole.FIRST)
    outcome = selectors.compute_outcome(application, first)
    applicant = application.applicant
    return {
        "id": application.pk,
        "registration_number": application.registration_number,
        "status": application.status,
        "formasi_code": application.formasi.code,
        "track_claim": application.track_claim,
        "applicant": {
            "name": applicant.name,
            "nik": conflict_services.mask_number(applicant.nik),
            "birth_place": applicant.birth_place,
            "birth_date": applicant.birth_date,
            "gender": applicant.gender,
            "education_level": applicant.education_level.code if applicant.education_level else "",
            "education_major": applicant.education_major,
            "needs_identity_review": applicant.needs_identity_review,
        },
        "documents": [_document_out(row) for row in outcome.rows],
        "snapshot_failures": selectors.snapshot_failures(application),
        "recheck_failures": [failure.message for failure in outcome.eligibility.failures],
        "unreviewed": outcome.unreviewed,
        "outcome": "MS" if outcome.is_ms else "TMS",
        "outcome_reasons": outcome.reasons,
        "result_reasons": application.result_reasons,
        "my_roles": sorted(selectors.user_assignments(application=application, user=user)),
    }


def _document_out(row: selectors.DocumentRow) -> dict[str, Any]:
    review = None
    if row.review is not None:
        review = {
            "is_valid": row.review.is_valid,
            "reason": row.review.reason,
            "reason_label": selectors.review_reason(row.review),
            "note": row.review.note,
        }
    return {
        "kind": row.kind.code,
        "kind_name": row.kind.name,
        "is_required": row.is_required,
        "document_id": row.document.pk if row.document else None,
        "file_format": row.document.file_format if row.document else None,
        "size_bytes": row.document.size_bytes if row.document else None,
        "review": review,
    }


@router.get(
    "/verification/applications/{application_id}/documents/{document_id}/file",
    response={200: None, **DETAIL_ERRORS},
    summary="Unduh berkas dokumen lamaran yang ditugaskan kepada saya",
    description="Selalu sebagai lampiran (attachment). 403 bila lamaran tidak ditugaskan, peran "
    "verifikator sudah dicabut, ada konflik kepentingan, atau tugasnya selesai pada periode yang "
    "sudah selesai.",
)
def document_file(request: HttpRequest, application_id: int, document_id: int) -> FileResponse:
    user = _verifier(request)
    application = _assigned_application(user, application_id)
    document = get_or_404(application.documents.select_related("kind"), document_id)
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=f"{application.registration_number}-{document.kind.code}.{document.file_format}",
        content_type=uploads.CONTENT_TYPES.get(document.file_format, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@router.put(
    "/verification/applications/{application_id}/documents/{document_id}/review",
    response={200: ReviewOut, **WRITE_ERRORS},
    summary="Periksa satu dokumen",
    description="Sah, atau tidak sah dengan alasan dari daftar (wajib) dan catatan. Dapat diubah "
    "sampai lamaran diputuskan. Hanya verifikator pertama lamaran itu.",
)
def review_document(
    request: HttpRequest, application_id: int, document_id: int, payload: ReviewIn
) -> dict[str, Any]:
    user = _verifier(request)
    application = _assigned_application(user, application_id)
    document = get_or_404(application.documents.select_related("kind"), document_id)
    review = services.review_document(
        application=application,
        document=document,
        is_valid=payload.is_valid,
        reason=str(payload.reason),
        note=payload.note,
        actor=user,
    )
    return {
        "is_valid": review.is_valid,
        "reason": review.reason,
        "reason_label": selectors.review_reason(review),
        "note": review.note,
    }


@router.post(
    "/verification/applications/{application_id}/decision",
    response={200: DecisionOut, **WRITE_ERRORS},
    summary="Putuskan lamaran (verifikator pertama)",
    description="MS bila semua dokumen sah dan semua syarat terpenuhi; selain itu TMS dengan "
    "alasan, atau TMS menunggu konfirmasi verifikator kedua bila periode mewajibkannya. "
    "409 bila ada dokumen yang belum diperiksa atau lamaran sudah diputuskan.",
)
def decide(request: HttpRequest, application_id: int) -> Application:
    user = _verifier(request)
    application = _assigned_application(user, application_id)
    return services.decide_application(application=application, actor=user)


@router.post(
    "/verification/applications/{application_id}/confirmation",
    response={200: DecisionOut, **WRITE_ERRORS},
    summary="Konfirmasi atau kembalikan TMS (verifikator kedua)",
    description="Verifikator pertama tidak boleh mengonfirmasi TMS-nya sendiri (403).",
)
def confirmation(request: HttpRequest, application_id: int, payload: ConfirmationIn) -> Application:
    user = _verifier(request)
    application = _assigned_application(user, application_id)
    if payload.action == "confirm":
        return services.confirm_tms(application=application, actor=user)
    return services.return_tms(application=application, note=payload.note, actor=user)


class SanggahReviewOut(SanggahOut):
    registration_number: str
    result_reasons: list[str] = Field(description="Alasan TMS yang disanggah.")
    announcement_version: int

    @staticmethod
    def resolve_registration_number(obj: Sanggah) -> str:
        return obj.application.registration_number

    @staticmethod
    def resolve_result_reasons(obj: Sanggah) -> list[str]:
        return list(obj.application.result_reasons)

    @staticmethod
    def resolve_announcement_version(obj: Sanggah) -> int:
        return obj.announcement.version


@router.get(
    "/verification/sanggah/{sanggah_id}",
    response={200: SanggahReviewOut, **DETAIL_ERRORS},
    summary="Sanggah yang ditugaskan kepada saya",
    description="Alasan sanggah, dokumen yang dirujuk dan alasan TMS-nya. 403 bila tidak ditugaskan.",
)
def sanggah_detail(request: HttpRequest, sanggah_id: int) -> Sanggah:
    user = _verifier(request)
    sanggah = selectors.get_sanggah_for_review(sanggah_id)
    if sanggah is None:
        raise Http404
    assigned = selectors.get_assignment(
        application=sanggah.application, role=AssignmentRole.SANGGAH, verifier=user
    )
    if assigned is None or not is_assigned_verifier(user, sanggah.application):
        raise PermissionDenied("Sanggah ini tidak ditugaskan kepada Anda.")
    return sanggah


@router.post(
    "/verification/sanggah/{sanggah_id}/decision",
    response={200: SanggahOut, **WRITE_ERRORS},
    summary="Putuskan sanggah",
    description="Hanya verifikator yang ditugaskan memutus sanggah itu (bukan verifikator "
    "pertama atau kedua lamaran itu), pada masa jawab sanggah.",
)
def decide_sanggah(request: HttpRequest, sanggah_id: int, payload: SanggahDecisionIn) -> Sanggah:
    user = _verifier(request)
    sanggah = get_or_404(Sanggah.objects.all(), sanggah_id)
    return sanggah_services.decide_sanggah(
        sanggah=sanggah, grant=payload.grant, note=payload.note, actor=user
    )


# --- Admin BKPSDM


@router.post(
    "/verification/assignments",
    response={200: AssignmentRunOut, **WRITE_ERRORS},
    summary="Jalankan penugasan verifikator",
    description="Lamaran baru, TMS yang perlu konfirmasi dan sanggah yang perlu diputus dibagi "
    "acak dan merata kepada verifikator aktif tanpa konflik kepentingan.",
)
def run_assignment(request: HttpRequest, payload: AssignmentRunIn) -> dict[str, Any]:
    user = _hr(request)
    period = SelectionPeriod.objects.filter(pk=payload.period_id).first()
    if period is None:
        raise InvalidInputError(
            {"period_id": [f"Periode dengan id {payload.period_id} tidak ada."]}
        )
    formasi = None
    if payload.formasi_id is not None:
        formasi = Formasi.objects.filter(pk=payload.formasi_id, period=period).first()
        if formasi is None:
            raise InvalidInputError(
                {
                    "formasi_id": [
                        f"Formasi dengan id {payload.formasi_id} tidak ada di periode ini."
                    ]
                }
            )
    result = assignments.assign_applications(period=period, formasi=formasi, actor=user)
    return {**result.__dict__, "message": result.summary()}


@router.get(
    "/verification/assignments/open",
    response={200: OpenAssignmentPage, **DETAIL_ERRORS},
    summary="Tugas verifikasi terbuka per periode",
    description="Admin BKPSDM. Terlama lebih dulu; `holder_problem` menandai tugas yang "
    "pemegangnya tidak lagi memenuhi syarat.",
)
def list_open_assignments(
    request: HttpRequest, filters: Query[OpenAssignmentFilters]
) -> dict[str, Any]:
    _hr(request)
    period = get_or_404(SelectionPeriod.objects.all(), filters.period_id)
    page = paginate(
        selectors.open_assignments(period=period, verifier_id=filters.verifier_id), filters
    )
    problems = selectors.holder_problems(page["items"])
    page["items"] = [
        {
            **_assignment_out(assignment),
            "verifier_id": assignment.verifier_id,
            "verifier_username": assignment.verifier.username,
            "holder_problem": problems[assignment.pk],
        }
        for assignment in page["items"]
    ]
    return page


@router.post(
    "/verification/assignments/{assignment_id}/release",
    response={200: ReleaseOut, **WRITE_ERRORS},
    summary="Lepas dan alihkan satu tugas terbuka",
    description="Admin BKPSDM. Tugas dan pemeriksaan dokumennya dihapus; lamaran segera "
    "ditugaskan kepada verifikator lain yang memenuhi syarat. 409 bila tugas sudah selesai.",
)
def release_assignment(request: HttpRequest, assignment_id: int) -> dict[str, Any]:
    user = _hr(request)
    assignment = get_or_404(
        VerificationAssignment.objects.select_related("application", "verifier"), assignment_id
    )
    number = assignment.application.registration_number
    successor = assignments.release_assignment(assignment=assignment, actor=user)
    return {
        "released_id": assignment_id,
        "reassigned_to": successor.verifier.username if successor else None,
        "message": assignments.release_summary(number, successor),
    }


@router.get(
    "/verification/workload",
    response={200: list[WorkloadOut], **DETAIL_ERRORS},
    summary="Beban kerja verifikator per periode",
)
def workload(request: HttpRequest, period_id: int) -> list[dict[str, Any]]:
    _hr(request)
    period = get_or_404(SelectionPeriod.objects.all(), period_id)
    return [
        {
            "verifier_id": row.verifier.pk,
            "username": row.verifier.username,
            "name": row.verifier.full_name,
            "assigned": row.assigned,
            "done": row.done,
            "open": row.open,
            "tms_rate_percent": row.tms_rate,
            "median_hours_to_decide": row.median_hours,
        }
        for row in selectors.verifier_workload(period=period)
    ]
