"""Assessment over JSON under /api/v1/selection/: the assessor's own queue, score sheet and
submission (Asesor; the same service and messages as the page: another assessor's assignment is
404, nothing of other assessors is ever returned), and a component's progress and assessor
statistics (Admin BKPSDM and Auditor)."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from simerit.core.api import DETAIL_ERRORS, WRITE_ERRORS, Page, PageParams, caller, paginate
from simerit.selection import permissions
from simerit.selection.models import AssessorAssignment, ComponentResult, Method, SkbComponent
from simerit.selection.selectors import assessment as selectors
from simerit.selection.services import assessment_scoring as scoring_services

router = Router(tags=["Seleksi kompetensi: penilaian asesor"])

ASSESSOR_DENIED = "Hanya asesor yang dapat membuka penugasan penilaian."
READ_DENIED = "Hanya Admin BKPSDM dan Auditor yang dapat melihat kemajuan penilaian asesor."


class AssignmentOut(Schema):
    id: int
    component_id: int
    component_name: str
    formasi_code: str
    candidate: str = Field(
        description="Kode peserta; pada komponen yang tidak sepenuhnya tanpa identitas ditambah "
        "nama yang disamarkan."
    )
    kind: str = Field(description="independent atau third (asesor ketiga).")
    scoring_opens_at: dt.datetime | None
    scoring_closes_at: dt.datetime | None
    submitted_at: dt.datetime | None
    score: Decimal | None = Field(description="Nilai Anda sendiri (0–100); null sebelum dikirim.")


class AssignmentPage(Page[AssignmentOut]):
    pass


class QueueFilters(PageParams):
    status: str = Field(
        "", pattern="^(|terbuka|terkirim)$", description="terbuka (belum dinilai) atau terkirim."
    )


class AnchorOut(Schema):
    level: int
    description: str


class CriterionOut(Schema):
    id: int
    order: int
    name: str
    description: str
    weight: Decimal
    anchors: list[AnchorOut]
    level: int | None = Field(description="Skor Anda yang sudah dikirim; null sebelum dikirim.")
    note: str


class SheetOut(AssignmentOut):
    instructions: str
    case_material: str
    min_level: int
    max_level: int
    criteria: list[CriterionOut]
    note: str


class SubmitIn(Schema):
    levels: dict[int, int] = Field(description='Skor per id kriteria, mis. {"12": 4, "13": 3}.')
    notes: dict[int, str] = Field(default_factory=dict, description="Catatan per id kriteria.")
    note: str = ""


class ProgressOut(Schema):
    component_id: int
    component_name: str
    formasi_code: str
    candidates: int
    cases_assigned: int
    assigned: int
    submitted: int
    final: int
    flagged: int
    absent: int


class FlaggedOut(Schema):
    result_id: int
    candidate_code: str | None
    registration_number: str
    assessor_scores: list[str]
    spread: Decimal | None
    third_assessor: str | None = Field(description="Nama pengguna asesor ketiga, bila ada.")


class ComponentProgressOut(ProgressOut):
    flagged_cases: list[FlaggedOut]


class AssessorStatOut(Schema):
    assessor_id: int
    username: str
    name: str
    scored: int
    mean: Decimal
    sd: Decimal | None = Field(description="Simpangan baku sampel; null bila kurang dari 2 nilai.")
    mean_difference: Decimal | None = Field(
        description="Rata-rata (nilai sendiri − rata-rata asesor lain pada peserta yang sama)."
    )
    shared_cases: int


class StatisticsOut(Schema):
    component_id: int
    icc: Decimal | None = Field(description="ICC(1) satu arah; null bila belum dapat dihitung.")
    icc_cases: int
    icc_reading: str
    assessors: list[AssessorStatOut]


def _assessor(request: HttpRequest) -> None:
    if not permissions.is_assessor(caller(request)):
        raise PermissionDenied(ASSESSOR_DENIED)


def _reader(request: HttpRequest) -> None:
    if not permissions.can_read(caller(request)):
        raise PermissionDenied(READ_DENIED)


def _own(request: HttpRequest, assignment_id: int) -> AssessorAssignment:
    assignment = selectors.get_my_assignment(assessor=caller(request), assignment_id=assignment_id)
    if assignment is None:
        raise Http404
    return assignment


def _assignment_out(item: AssessorAssignment) -> dict[str, Any]:
    component = item.component
    return {
        "id": item.pk,
        "component_id": component.pk,
        "component_name": component.name,
        "formasi_code": component.formasi.code,
        "candidate": selectors.candidate_label(item.candidate, is_blind=component.is_blind),
        "kind": item.kind,
        "scoring_opens_at": component.scoring_opens_at,
        "scoring_closes_at": component.scoring_closes_at,
        "submitted_at": item.submitted_at,
        "score": item.score,
    }


def _sheet_out(item: AssessorAssignment) -> dict[str, Any]:
    sheet = selectors.score_sheet(item)
    rubric = item.component.rubric
    assert rubric is not None  # noqa: S101 (assessed components always have one)
    return {
        **_assignment_out(item),
        "instructions": rubric.description,
        "case_material": rubric.case_material,
        "min_level": rubric.min_level,
        "max_level": rubric.max_level,
        "note": item.note,
        "criteria": [
            {
                "id": row.criterion.pk,
                "order": row.criterion.order,
                "name": row.criterion.name,
                "description": row.criterion.description,
                "weight": row.criterion.weight,
                "anchors": [
                    {"level": anchor.level, "description": anchor.description}
                    for anchor in row.anchors
                ],
                "level": row.level,
                "note": row.note,
            }
            for row in sheet.criteria
        ],
    }


@router.get(
    "/assessments/mine",
    response={200: AssignmentPage, **DETAIL_ERRORS, 422: WRITE_ERRORS[422]},
    summary="Penugasan penilaian saya",
    description="Asesor. Hanya penugasan milik pemanggil; peserta tampil dengan kodenya.",
)
def my_assignments(request: HttpRequest, filters: Query[QueueFilters]) -> dict[str, Any]:
    _assessor(request)
    page = paginate(
        selectors.list_my_assignments(assessor=caller(request), status=filters.status), filters
    )
    page["items"] = [_assignment_out(item) for item in page["items"]]
    return page


@router.get(
    "/assessments/{assignment_id}",
    response={200: SheetOut, **DETAIL_ERRORS},
    summary="Lembar penilaian",
    description="Asesor, untuk penugasannya sendiri (penugasan asesor lain: 404): petunjuk, "
    "materi kasus, kriteria dengan jangkar perilaku, dan skor sendiri setelah dikirim.",
)
def sheet(request: HttpRequest, assignment_id: int) -> dict[str, Any]:
    _assessor(request)
    return _sheet_out(_own(request, assignment_id))


@router.post(
    "/assessments/{assignment_id}/submit",
    response={200: SheetOut, **WRITE_ERRORS},
    summary="Kirim nilai",
    description="Asesor, sekali, di dalam jadwal penilaian komponen. 422 bila ada kriteria tanpa "
    "skor atau skor di luar rentang rubrik; 409 bila sudah dikirim, di luar jadwal, atau peserta "
    "mengundurkan diri. Tidak ada yang tersimpan bila ditolak.",
)
def submit(request: HttpRequest, assignment_id: int, payload: SubmitIn) -> dict[str, Any]:
    _assessor(request)
    assignment = _own(request, assignment_id)
    scoring_services.submit_scores(
        assignment=assignment,
        levels=payload.levels,
        notes=payload.notes,
        note=payload.note,
        actor=caller(request),
    )
    return _sheet_out(_own(request, assignment_id))


def _component(component_id: int) -> SkbComponent:
    component = (
        SkbComponent.objects.exclude(method=Method.CAT)
        .select_related("formasi")
        .filter(pk=component_id)
        .first()
    )
    if component is None:
        raise Http404
    return component


def _flagged_out(result: ComponentResult) -> dict[str, Any]:
    assignments: list[AssessorAssignment] = result.candidate.case_assignments  # type: ignore[attr-defined]
    third = [item for item in assignments if item.kind == AssessorAssignment.Kind.THIRD]
    return {
        "result_id": result.pk,
        "candidate_code": result.candidate.code,
        "registration_number": result.candidate.application.registration_number,
        "assessor_scores": result.assessor_scores,
        "spread": result.spread,
        "third_assessor": third[0].assessor.username if third else None,
    }


@router.get(
    "/components/{component_id}/assessment-progress",
    response={200: ComponentProgressOut, **DETAIL_ERRORS},
    summary="Kemajuan penilaian satu komponen",
    description="Admin BKPSDM dan Auditor: jumlah penugasan, nilai terkirim, hasil final, kasus "
    "dengan selisih melebihi batas (beserta nilainya) dan peserta tidak hadir.",
)
def progress(request: HttpRequest, component_id: int) -> dict[str, Any]:
    _reader(request)
    component = _component(component_id)
    return {
        "component_id": component.pk,
        "component_name": component.name,
        "formasi_code": component.formasi.code,
        **selectors.component_progress(component),
        "flagged_cases": [_flagged_out(item) for item in selectors.flagged_results(component)],
    }


@router.get(
    "/components/{component_id}/assessor-statistics",
    response={200: StatisticsOut, **DETAIL_ERRORS},
    summary="Statistik asesor dan ICC satu komponen",
    description="Admin BKPSDM dan Auditor: per asesor jumlah nilai, rata-rata, simpangan baku, "
    "selisih rata-rata terhadap asesor lain; ICC(1) dari dua nilai independen pertama per peserta.",
)
def statistics(request: HttpRequest, component_id: int) -> dict[str, Any]:
    _reader(request)
    component = _component(component_id)
    reliability = selectors.reliability(component)
    return {
        "component_id": component.pk,
        "icc": reliability.icc,
        "icc_cases": reliability.cases,
        "icc_reading": reliability.reading,
        "assessors": selectors.stats_rows(selectors.assessor_stats(component)),
    }
