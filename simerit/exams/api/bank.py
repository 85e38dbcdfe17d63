"""The question bank over JSON (/api/v1/exams/): banks, questions with their versions, new
questions and revisions, import with its row report, export.

The same services and selectors as the pages. Question writers (penulis soal) and Admin BKPSDM
only: every other account gets 403 and nothing changes.
"""

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import ConfigDict

from simerit.accounts.models import User
from simerit.core.api import (
    DETAIL_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    ErrorCode,
    ErrorOut,
    Page,
    PageParams,
    caller,
    paginate,
)
from simerit.core.exceptions import InvalidInputError
from simerit.core.spreadsheets.reading import ImportFileError
from simerit.core.spreadsheets.writing import XLSX_CONTENT_TYPE
from simerit.exams import permissions
from simerit.exams.models import (
    Difficulty,
    Question,
    QuestionBank,
    QuestionCategory,
    QuestionVersion,
)
from simerit.exams.question_io import columns as bank_columns
from simerit.exams.question_io import exporting, importing
from simerit.exams.selectors import questions as selectors
from simerit.exams.services import question_revisions as revisions
from simerit.exams.services import questions as services
from simerit.exams.services.questions import OptionInput, QuestionInput

router = Router(tags=["Ujian CAT: bank soal"])


class StrictIn(Schema):
    model_config = ConfigDict(extra="forbid")


# --- Schemas


class BankOut(Schema):
    id: int
    name: str
    purpose: QuestionBank.Purpose = Field(description="exam (ujian) atau practice (tryout).")
    description: str
    question_count: int
    active_count: int


class BankPage(Page[BankOut]):
    pass


class BankIn(StrictIn):
    name: str = Field(max_length=150)
    purpose: QuestionBank.Purpose
    description: str = Field("", max_length=300)


class OptionOut(Schema):
    key: str = Field(examples=["A"])
    text: str
    points: int = Field(
        description="Tipe single: 1 untuk kunci, 0 untuk yang lain (nilai diatur kisi-kisi). "
        "Tipe weighted: nilai pilihan 1–5."
    )


class VersionOut(Schema):
    id: int
    number: int
    text: str
    options: list[OptionOut]
    explanation: str
    sha256: str = Field(description="SHA-256 teks, pilihan dan pembahasan (JSON kanonis).")
    image_url: str | None = Field(description="Gambar lewat halaman berizin; null: tanpa gambar.")
    created_at: dt.datetime
    created_by: str | None

    @staticmethod
    def resolve_image_url(obj: QuestionVersion) -> str | None:
        return reverse("exams:bank-question-image", args=[obj.pk]) if obj.image else None

    @staticmethod
    def resolve_created_by(obj: QuestionVersion) -> str | None:
        user = obj.created_by
        return (user.full_name or user.username) if user else None


class QuestionOut(Schema):
    id: int
    bank_id: int
    code: str
    category: str = Field(description="Kode kategori, mis. TWK.")
    kind: Question.Kind
    topic: str
    difficulty: Difficulty
    is_active: bool
    version: int | None = Field(description="Nomor versi terkini.")
    text: str = Field(description="Teks versi terkini.")

    @staticmethod
    def resolve_category(obj: Question) -> str:
        return obj.category.code

    @staticmethod
    def resolve_version(obj: Question) -> int | None:
        return obj.current_version.number if obj.current_version else None

    @staticmethod
    def resolve_text(obj: Question) -> str:
        return obj.current_version.text if obj.current_version else ""


class QuestionPage(Page[QuestionOut]):
    pass


class QuestionDetailOut(QuestionOut):
    current_version_id: int | None
    versions: list[VersionOut] = Field(description="Semua versi, terbaru lebih dulu.")

    @staticmethod
    def resolve_versions(obj: Question) -> list[QuestionVersion]:
        return list(obj.versions.all())


class QuestionFilters(PageParams):
    category: str | None = Field(None, description="Kode kategori, mis. TWK.")
    kind: Question.Kind | None = None
    difficulty: Difficulty | None = None
    q: str | None = Field(None, max_length=100, description="Cari di kode, topik dan teks.")
    active: bool | None = Field(None, description="true: hanya aktif; false: hanya nonaktif.")


class OptionIn(StrictIn):
    key: str = Field(max_length=1, examples=["A"])
    text: str = Field(max_length=services.MAX_OPTION_TEXT_LENGTH)
    points: int = Field(ge=-100, le=100)


class ContentIn(StrictIn):
    text: str = Field(max_length=services.MAX_TEXT_LENGTH)
    options: list[OptionIn] = Field(max_length=10)
    explanation: str = Field("", max_length=services.MAX_EXPLANATION_LENGTH)


class QuestionIn(ContentIn):
    bank_id: int
    code: str = Field(max_length=services.MAX_CODE_LENGTH, examples=["TWK-0001"])
    category: str = Field(description="Kode kategori, mis. TWK.")
    kind: Question.Kind
    topic: str = Field("", max_length=services.MAX_TOPIC_LENGTH)
    difficulty: Difficulty = Difficulty.MEDIUM
    is_active: bool = True


class RevisionIn(ContentIn):
    category: str | None = Field(None, description="Kosong: tetap.")
    topic: str | None = Field(None, max_length=services.MAX_TOPIC_LENGTH)
    difficulty: Difficulty | None = None


class ImportErrorOut(Schema):
    column: str
    message: str


class ImportRowOut(Schema):
    row: int = Field(description="Nomor baris lembar kerja (judul = 1), atau urutan butir JSON.")
    code: str
    status: Literal["ok", "error"]
    outcome: str | None = Field(description="created, revised, updated, unchanged; null: galat.")
    label: str
    errors: list[ImportErrorOut]


class ImportReportOut(Schema):
    file_format: Literal["xlsx", "json"]
    stored: bool = Field(description="false: tidak ada yang disimpan karena ada baris bermasalah.")
    summary: str
    counts: dict[str, int]
    rows: list[ImportRowOut]


class ImportRefusedOut(ErrorOut):
    report: ImportReportOut | None = Field(
        None, description="Laporan per baris; null bila berkasnya sendiri tidak dapat dibaca."
    )


# --- Endpoints


@router.get(
    "/banks",
    response={200: BankPage, **READ_ERRORS},
    summary="Daftar bank soal",
    description="Penulis soal dan Admin BKPSDM.",
)
def list_banks(request: HttpRequest, params: Query[PageParams]) -> dict[str, Any]:
    _writer(request)
    return paginate(selectors.list_banks(), params)


@router.post(
    "/banks",
    response={201: BankOut, **WRITE_ERRORS},
    summary="Buat bank soal",
)
def create_bank(request: HttpRequest, payload: BankIn) -> Status[QuestionBank]:
    user = _writer(request)
    bank = services.create_bank(**payload.dict(), actor=user)
    return Status(201, selectors.get_bank(bank_id=bank.pk))


@router.get(
    "/banks/{bank_id}/questions",
    response={200: QuestionPage, **READ_ERRORS, 404: ErrorOut},
    summary="Soal dalam satu bank",
    description="Disaring menurut kategori, tipe, kesulitan, status aktif dan pencarian.",
)
def list_questions(
    request: HttpRequest, bank_id: int, filters: Query[QuestionFilters]
) -> dict[str, Any]:
    _writer(request)
    bank = _bank(bank_id)
    category = _category(filters.category) if filters.category else None
    questions = selectors.list_questions(
        bank=bank,
        category=category,
        kind=filters.kind or "",
        difficulty=filters.difficulty or "",
        search=filters.q or "",
        active=filters.active,
    )
    return paginate(questions, filters)


@router.get(
    "/questions/{question_id}",
    response={200: QuestionDetailOut, **DETAIL_ERRORS},
    summary="Satu soal dengan semua versinya",
)
def get_question(request: HttpRequest, question_id: int) -> Question:
    _writer(request)
    return _question(question_id)


@router.post(
    "/questions",
    response={201: QuestionDetailOut, **WRITE_ERRORS},
    summary="Buat soal (versi 1)",
    description="Tipe single: tepat satu pilihan dengan points > 0 (disimpan 1, lainnya 0). Tipe "
    "weighted: setiap pilihan 1–5. 2–5 pilihan berurutan dari A. Gambar hanya lewat halaman.",
)
def create_question(request: HttpRequest, payload: QuestionIn) -> Status[Question]:
    user = _writer(request)
    bank = _bank(payload.bank_id)
    data = QuestionInput(
        code=payload.code,
        category=_category(payload.category),
        kind=payload.kind,
        text=payload.text,
        options=_options(payload),
        topic=payload.topic,
        difficulty=payload.difficulty,
        explanation=payload.explanation,
        is_active=payload.is_active,
    )
    question = services.create_question(bank=bank, data=data, actor=user)
    return Status(201, _question(question.pk))


@router.post(
    "/questions/{question_id}/revisions",
    response={201: QuestionDetailOut, **WRITE_ERRORS},
    summary="Revisi soal (versi baru)",
    description="Isi baru menambah versi n+1 dan menjadikannya versi terkini; versi lama tidak "
    "berubah (kisi-kisi dan pengerjaan yang memakainya tetap). Kategori, topik dan kesulitan yang "
    "dikirim diubah di tempat. Tanpa perubahan: 400.",
)
def revise_question(
    request: HttpRequest, question_id: int, payload: RevisionIn
) -> Status[Question]:
    user = _writer(request)
    question = _question(question_id)
    data = QuestionInput(
        code=question.code,
        category=_category(payload.category) if payload.category else question.category,
        kind=question.kind,
        text=payload.text,
        options=_options(payload),
        topic=question.topic if payload.topic is None else payload.topic,
        difficulty=payload.difficulty or question.difficulty,
        explanation=payload.explanation,
    )
    revisions.revise_question(question=question, data=data, actor=user)
    return Status(201, _question(question.pk))


@router.post(
    "/banks/{bank_id}/import",
    response={200: ImportReportOut, **WRITE_ERRORS, 422: ImportRefusedOut},
    summary="Impor soal dari Excel (.xlsx) atau JSON",
    description="Multipart, kolom `file`. Seluruh berkas diperiksa lebih dulu: bila ada baris "
    "bermasalah, tidak ada yang disimpan dan jawabannya 422 dengan laporan per baris (`report`). "
    "Berkas yang tidak dapat dibaca: 422 tanpa laporan. Setiap berkas yang ditolak tercatat di "
    "log audit (nama, SHA-256, ukuran, jumlah masalah), tanpa isinya.",
)
def import_bank(
    request: HttpRequest, bank_id: int, file: File[UploadedFile]
) -> Status[dict[str, Any]] | dict[str, Any]:
    user = _writer(request)
    bank = _bank(bank_id)
    file.seek(0)
    try:
        report = importing.import_bank(
            file.read(bank_columns.MAX_FILE_BYTES + 1),
            bank=bank,
            user=user,
            file_name=file.name or "",
            size=file.size,
        )
    except ImportFileError as error:
        raise InvalidInputError({"file": [error.message]}) from None
    body = _report(report)
    if report.stored:
        return body
    return Status(
        422,
        {
            "detail": report.summary,
            "code": ErrorCode.INVALID_INPUT,
            "errors": [
                {"field": f"{error.row}.{error.column}", "message": error.message}
                for error in report.errors
            ],
            "report": body,
        },
    )


@router.get(
    "/banks/{bank_id}/export",
    response={200: None, **DETAIL_ERRORS},
    summary="Ekspor bank soal (JSON atau Excel)",
    description="format=json (bawaan): dokumen yang dibaca kembali oleh impor. format=xlsx: "
    "lembar kerja dengan kolom templat impor.",
)
def export_bank(
    request: HttpRequest, bank_id: int, format: Literal["json", "xlsx"] = "json"
) -> HttpResponse:
    _writer(request)
    bank = _bank(bank_id)
    if format == "xlsx":
        content, content_type = exporting.export_xlsx(bank), XLSX_CONTENT_TYPE
    else:
        content, content_type = exporting.export_json(bank), "application/json; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    filename = f"bank-soal-{slugify(bank.name) or bank.pk}.{format}"
    response["Content-Disposition"] = (
        content_disposition_header(as_attachment=True, filename=filename) or "attachment"
    )
    return response


# --- helpers


def _writer(request: HttpRequest) -> User:
    user = caller(request)
    if not permissions.can_manage_bank(user):
        raise PermissionDenied(services.NOT_ALLOWED)
    return user


def _bank(bank_id: int) -> QuestionBank:
    return selectors.get_bank(bank_id=bank_id)  # DoesNotExist is answered 404


def _question(question_id: int) -> Question:
    return selectors.get_question(question_id=question_id)


def _category(code: str) -> QuestionCategory:
    category = selectors.list_categories().filter(code__iexact=code.strip()).first()
    if category is None:
        raise InvalidInputError(
            {"category": [f"Kategori '{code}' tidak dikenal; gunakan kode seperti TWK, TIU, TKP."]}
        )
    return category


def _options(payload: ContentIn) -> list[OptionInput]:
    return [OptionInput(key=o.key, text=o.text, points=o.points) for o in payload.options]


def _report(report: importing.BankImportReport) -> dict[str, Any]:
    return {
        "file_format": report.file_format,
        "stored": report.stored,
        "summary": report.summary,
        "counts": report.counts,
        "rows": [
            {
                "row": row.row,
                "code": row.code,
                "status": row.status,
                "outcome": row.outcome.value if row.outcome else None,
                "label": row.label,
                "errors": [{"column": e.column, "message": e.message} for e in row.errors],
            }
            for row in report.rows
        ],
    }
