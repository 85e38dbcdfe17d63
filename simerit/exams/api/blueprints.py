"""Blueprints (kisi-kisi) and BKN score imports over JSON: Admin BKPSDM writes, the Auditor reads.

Every other account gets 403 and nothing changes.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile
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
from simerit.exams.models import Blueprint, ExamKind, QuestionBank, ScoreImport
from simerit.exams.permissions import can_manage_exams, can_read_exams
from simerit.exams.selectors import blueprints as selectors
from simerit.exams.services import blueprint_sections as parts
from simerit.exams.services import blueprints as services
from simerit.exams.services import score_files
from simerit.exams.services import score_import as importing
from simerit.recruitment.models import SelectionPeriod

router = Router(tags=["Ujian CAT: kisi-kisi dan impor nilai BKN"])


class StrictIn(Schema):
    model_config = ConfigDict(extra="forbid")


# --- schemas


class BlueprintSummaryOut(Schema):
    id: int
    name: str
    kind: ExamKind
    period_id: int | None
    period_name: str | None
    delivery: Blueprint.Delivery
    bank_id: int | None
    duration_minutes: int
    is_public: bool
    locked_at: dt.datetime | None
    results_published_at: dt.datetime | None
    section_count: int
    item_count: int = Field(description="Soal yang sudah dirakit.")

    @staticmethod
    def resolve_period_name(obj: Blueprint) -> str | None:
        return obj.period.name if obj.period else None


class BlueprintPage(Page[BlueprintSummaryOut]):
    pass


class SectionOut(Schema):
    category: str = Field(description="Kode kategori, mis. TWK.")
    category_name: str
    order: int
    question_count: int
    correct_points: int
    wrong_points: int
    blank_points: int
    maximum: int = Field(description="Nilai maksimal subtes.")
    item_count: int = Field(description="Soal yang sudah dirakit untuk bagian ini.")


class RuleOut(Schema):
    track: str = Field(description='Kode jalur; "" berarti semua jalur lain.')
    track_label: str
    category_minimums: dict[str, int]
    total_minimum: int | None
    legal_basis: str


class BlueprintOut(Schema):
    id: int
    name: str
    kind: ExamKind
    period_id: int | None
    delivery: Blueprint.Delivery
    bank_id: int | None
    duration_minutes: int
    shuffle_questions: bool
    shuffle_options: bool
    is_public: bool
    legal_basis: str
    locked_at: dt.datetime | None
    results_published_at: dt.datetime | None
    sections: list[SectionOut]
    passing_rules: list[RuleOut]
    item_count: int
    maximum_total: int


class BlueprintIn(StrictIn):
    name: str = Field(max_length=200)
    kind: ExamKind
    period_id: int | None = Field(None, description="Wajib kecuali tryout.")
    delivery: Blueprint.Delivery = Blueprint.Delivery.SIMERIT
    bank_id: int | None = Field(None, description="Wajib untuk CAT SiMerit; kosong untuk CAT BKN.")
    duration_minutes: int = Field(ge=1, le=services.MAX_DURATION_MINUTES)
    shuffle_questions: bool = True
    shuffle_options: bool = True
    is_public: bool = Field(False, description="Hanya tryout.")
    legal_basis: str = Field("", max_length=200)


class SectionIn(StrictIn):
    category: str = Field(max_length=20, description="Kode kategori, mis. TWK.")
    question_count: int
    correct_points: int = 5
    wrong_points: int = 0
    blank_points: int = 0


class SectionsIn(StrictIn):
    sections: list[SectionIn]


class RuleIn(StrictIn):
    track: str = Field("", max_length=20, description='"" untuk semua jalur lain.')
    category_minimums: dict[str, int] = Field(default_factory=dict)
    total_minimum: int | None = None
    legal_basis: str = Field("", max_length=200)


class RulesIn(StrictIn):
    rules: list[RuleIn]


class AssembleParams(Schema):
    seed: int | None = Field(
        None, ge=0, description="Angka yang sama mengulang perakitan yang sama; kosong: acak."
    )


class ScoreImportSummaryOut(Schema):
    id: int
    file_name: str
    sha256: str
    imported_by: str
    imported_at: dt.datetime
    row_count: int
    accepted_count: int
    accepted: bool = Field(description="false: ada baris bermasalah dan tidak ada nilai disimpan.")

    @staticmethod
    def resolve_imported_by(obj: ScoreImport) -> str:
        return obj.imported_by.full_name or obj.imported_by.username

    @staticmethod
    def resolve_accepted(obj: ScoreImport) -> bool:
        return obj.accepted_count == obj.row_count


class ScoreImportPage(Page[ScoreImportSummaryOut]):
    pass


class ReportRowOut(Schema):
    row: int
    registration_number: str
    status: str = Field(
        description="ok, error, absent (tidak hadir, tanpa hasil) atau warning (baris judul: "
        "kolom yang diabaikan)."
    )
    action: str = Field("", description="created, updated atau unchanged (baris bernilai).")
    messages: list[str]
    scores: dict[str, int] | None = None
    total: int | None = None
    passed: bool | None = None


class ScoreImportOut(ScoreImportSummaryOut):
    report: list[ReportRowOut]


# --- helpers


def _reader(request: HttpRequest) -> User:
    user = caller(request)
    if not can_read_exams(user):
        raise PermissionDenied("Hanya Admin BKPSDM dan Auditor yang dapat melihat kisi-kisi ujian.")
    return user


def _manager(request: HttpRequest) -> User:
    user = caller(request)
    if not can_manage_exams(user):
        raise PermissionDenied("Hanya Admin BKPSDM yang dapat mengelola kisi-kisi ujian.")
    return user


def _detail(blueprint: Blueprint) -> dict[str, Any]:
    overview = selectors.blueprint_overview(blueprint)
    return {
        **services.blueprint_values(blueprint),
        "id": blueprint.pk,
        "period_id": blueprint.period_id,
        "bank_id": blueprint.bank_id,
        "locked_at": blueprint.locked_at,
        "results_published_at": blueprint.results_published_at,
        "sections": [
            {
                "category": row.section.category.code,
                "category_name": row.section.category.name,
                "order": row.section.order,
                "question_count": row.section.question_count,
                "correct_points": row.section.correct_points,
                "wrong_points": row.section.wrong_points,
                "blank_points": row.section.blank_points,
                "maximum": row.maximum,
                "item_count": row.item_count,
            }
            for row in overview.sections
        ],
        "passing_rules": [
            {
                "track": row.rule.track,
                "track_label": row.track_label,
                "category_minimums": dict(row.minimums),
                "total_minimum": row.rule.total_minimum,
                "legal_basis": row.rule.legal_basis,
            }
            for row in overview.rules
        ],
        "item_count": overview.item_count,
        "maximum_total": overview.maximum_total,
    }


def _input(payload: BlueprintIn) -> services.BlueprintInput:
    errors: dict[str, list[str]] = {}
    period = bank = None
    if payload.period_id is not None:
        period = SelectionPeriod.objects.filter(pk=payload.period_id).first()
        if period is None:
            errors["period_id"] = [f"Periode seleksi dengan id {payload.period_id} tidak ada."]
    if payload.bank_id is not None:
        bank = QuestionBank.objects.filter(pk=payload.bank_id).first()
        if bank is None:
            errors["bank_id"] = [f"Bank soal dengan id {payload.bank_id} tidak ada."]
    if errors:
        raise InvalidInputError(errors)
    data = payload.model_dump(exclude={"period_id", "bank_id"})
    return services.BlueprintInput(**data, period=period, bank=bank)


def _blueprint(blueprint_id: int) -> Blueprint:
    return get_or_404(Blueprint.objects.select_related("period", "bank"), blueprint_id)


# --- reading


@router.get(
    "/blueprints",
    response={200: BlueprintPage, **READ_ERRORS},
    summary="Daftar kisi-kisi ujian",
    description="Admin BKPSDM dan Auditor. Saring dengan `period_id` dan `kind`.",
)
def list_blueprints(
    request: HttpRequest,
    params: Query[PageParams],
    period_id: int | None = None,
    kind: ExamKind | None = None,
) -> dict[str, Any]:
    _reader(request)
    blueprints = selectors.list_blueprints(period_id=period_id, kind=kind or "")
    return paginate(blueprints, params)


@router.get(
    "/blueprints/{blueprint_id}",
    response={200: BlueprintOut, **DETAIL_ERRORS},
    summary="Satu kisi-kisi: bagian, nilai ambang batas, jumlah soal dirakit",
)
def get_blueprint(request: HttpRequest, blueprint_id: int) -> dict[str, Any]:
    _reader(request)
    return _detail(_blueprint(blueprint_id))


# --- writing


@router.post(
    "/blueprints",
    response={201: BlueprintOut, **WRITE_ERRORS},
    summary="Buat kisi-kisi",
    description="Admin BKPSDM. Tryout tanpa periode dan dengan bank latihan; ujian sungguhan "
    "dengan periode dan bank ujian (CAT SiMerit) atau tanpa bank (CAT BKN).",
)
def create_blueprint(request: HttpRequest, payload: BlueprintIn) -> Status[dict[str, Any]]:
    user = _manager(request)
    blueprint = services.create_blueprint(data=_input(payload), actor=user)
    return Status(201, _detail(blueprint))


@router.put(
    "/blueprints/{blueprint_id}",
    response={200: BlueprintOut, **WRITE_ERRORS},
    summary="Ubah kisi-kisi",
    description="409 bila kisi-kisi sudah dikunci (ujian sudah dimulai) atau hasilnya diumumkan.",
)
def update_blueprint(request: HttpRequest, blueprint_id: int, payload: BlueprintIn) -> Any:
    user = _manager(request)
    blueprint = _blueprint(blueprint_id)
    services.update_blueprint(blueprint=blueprint, data=_input(payload), actor=user)
    return _detail(_blueprint(blueprint_id))


@router.put(
    "/blueprints/{blueprint_id}/sections",
    response={200: BlueprintOut, **WRITE_ERRORS},
    summary="Tetapkan bagian (subtes) kisi-kisi",
    description="Daftar ini menggantikan seluruh bagian, dalam urutan yang dikirim. Perubahan "
    "kategori atau jumlah soal menghapus soal yang sudah dirakit. 409 bila terkunci.",
)
def put_sections(request: HttpRequest, blueprint_id: int, payload: SectionsIn) -> Any:
    user = _manager(request)
    blueprint = _blueprint(blueprint_id)
    sections = [
        parts.SectionInput(
            category_code=item.category,
            question_count=item.question_count,
            correct_points=item.correct_points,
            wrong_points=item.wrong_points,
            blank_points=item.blank_points,
        )
        for item in payload.sections
    ]
    parts.set_sections(blueprint=blueprint, sections=sections, actor=user)
    return _detail(_blueprint(blueprint_id))


@router.put(
    "/blueprints/{blueprint_id}/passing-rules",
    response={200: BlueprintOut, **WRITE_ERRORS},
    summary="Tetapkan nilai ambang batas per jalur",
    description='Daftar ini menggantikan seluruh aturan. Jalur "" berlaku untuk setiap jalur '
    "tanpa aturan sendiri; tanpa aturan sama sekali, kelulusan ditentukan peringkat. Hasil "
    "impor BKN dinilai ulang. 409 bila terkunci.",
)
def put_passing_rules(request: HttpRequest, blueprint_id: int, payload: RulesIn) -> Any:
    user = _manager(request)
    blueprint = _blueprint(blueprint_id)
    rules = [
        parts.RuleInput(
            track=item.track,
            category_minimums=item.category_minimums,
            total_minimum=item.total_minimum,
            legal_basis=item.legal_basis,
        )
        for item in payload.rules
    ]
    parts.set_passing_rules(blueprint=blueprint, rules=rules, actor=user)
    return _detail(_blueprint(blueprint_id))


@router.post(
    "/blueprints/{blueprint_id}/skd-defaults",
    response={200: BlueprintOut, **WRITE_ERRORS},
    summary="Isi ketentuan SKD nasional (KepmenPANRB 321/2024)",
    description="Mengganti bagian, nilai ambang batas, durasi dan dasar hukum dengan nilai awal "
    "nasional yang dapat diubah sesudahnya.",
)
def skd_defaults(request: HttpRequest, blueprint_id: int) -> Any:
    user = _manager(request)
    services.apply_skd_defaults(blueprint=_blueprint(blueprint_id), actor=user)
    return _detail(_blueprint(blueprint_id))


@router.post(
    "/blueprints/{blueprint_id}/assemble",
    response={200: BlueprintOut, **WRITE_ERRORS},
    summary="Rakit soal dari bank soal",
    description="Tanpa isi permintaan. Mengambil soal aktif secara acak per bagian (versi "
    "terkininya), menggantikan rakitan sebelumnya; `seed` (opsional) mengulang perakitan yang "
    "sama. 400 bila bank kekurangan soal; 409 bila terkunci.",
)
def assemble(request: HttpRequest, blueprint_id: int, params: Query[AssembleParams]) -> Any:
    user = _manager(request)
    services.assemble_items(blueprint=_blueprint(blueprint_id), actor=user, seed=params.seed)
    return _detail(_blueprint(blueprint_id))


# --- BKN score files


@router.post(
    "/blueprints/{blueprint_id}/score-imports",
    response={201: ScoreImportOut, **WRITE_ERRORS},
    summary="Impor berkas nilai BKN",
    description="Multipart, kolom `file` (CSV atau .xlsx): `nomor_peserta` (atau No Peserta, "
    "nomor_pendaftaran), satu kolom per subtes (mis. TWK, TIU, TKP), `total` opsional; kolom lain "
    "diabaikan dan disebut di laporan (baris 1, status `warning`). TH atau Tidak Hadir di kolom "
    "nilai: peserta tidak hadir (status `absent`, tanpa hasil). Semua baris atau tidak sama "
    "sekali: bila ada baris bermasalah jawabannya 422 dengan setiap masalah, tidak ada nilai yang "
    "disimpan, dan percobaan itu tercatat di riwayat impor. Berkas yang tidak dapat dibaca: 400, "
    "tercatat hanya di log audit (nama, SHA-256, ukuran, alasan).",
)
def import_scores(
    request: HttpRequest, blueprint_id: int, file: File[UploadedFile]
) -> Status[ScoreImport]:
    user = _manager(request)
    blueprint = _blueprint(blueprint_id)
    outcome = importing.import_scores(
        blueprint=blueprint,
        content=score_files.upload_bytes(file),
        file_name=file.name or "berkas",
        actor=user,
        size=file.size,
    )
    if not outcome.accepted:
        raise InvalidInputError(
            {"file": [f"Baris {e.row}, kolom {e.column}: {e.message}" for e in outcome.errors]}
        )
    return Status(201, outcome.score_import)


@router.get(
    "/blueprints/{blueprint_id}/score-imports",
    response={200: ScoreImportPage, **DETAIL_ERRORS},
    summary="Riwayat impor nilai BKN",
)
def list_score_imports(
    request: HttpRequest, blueprint_id: int, params: Query[PageParams]
) -> dict[str, Any]:
    _reader(request)
    return paginate(selectors.list_score_imports(_blueprint(blueprint_id)), params)


@router.get(
    "/blueprints/{blueprint_id}/score-imports/{import_id}",
    response={200: ScoreImportOut, **DETAIL_ERRORS},
    summary="Satu impor nilai BKN dengan laporan per baris",
)
def get_score_import(request: HttpRequest, blueprint_id: int, import_id: int) -> ScoreImport:
    _reader(request)
    blueprint = _blueprint(blueprint_id)
    return get_or_404(selectors.list_score_imports(blueprint), import_id)
