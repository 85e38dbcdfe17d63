"""The selection's configuration over JSON (read-only; Admin BKPSDM and Auditor):
/api/v1/selection/periods/{period_id}/setup, .../rubrics (criteria and anchors) and
/api/v1/selection/formasi/{formasi_id}/components (with the problems that block the integration).
Same selectors as the pages; changes are made on the pages."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Router, Schema

from simerit.core.api import DETAIL_ERRORS, caller, get_or_404
from simerit.recruitment.models import Formasi, SelectionPeriod
from simerit.selection.models import Rubric, SkbComponent
from simerit.selection.permissions import can_read
from simerit.selection.selectors import setup as selectors

router = Router(tags=["Seleksi kompetensi: pengaturan, rubrik, komponen SKB"])

READ_DENIED = "Hanya Admin BKPSDM dan Auditor yang dapat melihat pengaturan seleksi kompetensi."


class SetupOut(Schema):
    period_id: int
    period_name: str
    skd_max: int = Field(description="Nilai maksimum SKD (bawaan 550).")
    cut_multiplier: int = Field(description="Yang lolos ke SKB: peringkat ≤ pengali × kuota.")
    skd_weight: Decimal = Field(description="Bobot SKD dalam nilai akhir, persen.")
    skb_weight: Decimal = Field(description="Bobot SKB dalam nilai akhir, persen.")
    min_cat_weight: Decimal = Field(description="Bobot minimal SKB-CAT di dalam SKB, persen.")
    max_additional_components: int
    allow_interview: bool = Field(
        description="Wawancara boleh menjadi SKB tambahan (§3.2: instansi daerah tidak boleh)."
    )
    max_interview_weight: Decimal = Field(
        description="Bobot maksimal wawancara di dalam SKB, persen (berlaku bila diperbolehkan)."
    )
    result_sanggah_days: int
    cut_at: dt.datetime | None
    integrated_at: dt.datetime | None = Field(
        description="Integrasi nilai terakhir; setelahnya hanya lama masa sanggah yang dapat diubah."
    )


class AnchorOut(Schema):
    level: int
    description: str


class CriterionOut(Schema):
    id: int
    order: int
    name: str
    description: str
    weight: Decimal = Field(description="Persen; kriteria satu rubrik berjumlah 100.")
    anchors: list[AnchorOut] = Field(description="Satu jangkar perilaku per skor, urut skor.")


class RubricOut(Schema):
    id: int
    name: str
    method: str
    description: str
    case_material: str
    min_level: int
    max_level: int
    locked_at: dt.datetime | None
    criteria: list[CriterionOut]


class ComponentOut(Schema):
    id: int
    order: int
    method: str
    name: str
    weight: Decimal = Field(description="Persen di dalam SKB.")
    cat_max_score: int | None = Field(description="Hanya SKB-CAT.")
    rubric_id: int | None = Field(description="Hanya metode selain CAT.")
    assessors_per_candidate: int
    max_spread: Decimal
    aggregation: str
    is_blind: bool
    scoring_opens_at: dt.datetime | None
    scoring_closes_at: dt.datetime | None


class FormasiComponentsOut(Schema):
    formasi_id: int
    formasi_code: str
    period_id: int
    components: list[ComponentOut]
    problems: list[str] = Field(
        description="Mengapa komposisi SKB belum valid; kosong bila valid. Integrasi nilai ditolak "
        "selama ada formasi peserta SKB yang bermasalah."
    )


def _reader(request: HttpRequest) -> None:
    if not can_read(caller(request)):
        raise PermissionDenied(READ_DENIED)


def _rubric_out(rubric: Rubric) -> dict[str, Any]:
    return {
        "id": rubric.pk,
        "name": rubric.name,
        "method": rubric.method,
        "description": rubric.description,
        "case_material": rubric.case_material,
        "min_level": rubric.min_level,
        "max_level": rubric.max_level,
        "locked_at": rubric.locked_at,
        "criteria": [
            {
                "id": criterion.pk,
                "order": criterion.order,
                "name": criterion.name,
                "description": criterion.description,
                "weight": criterion.weight,
                "anchors": [
                    {"level": anchor.level, "description": anchor.description}
                    for anchor in criterion.anchors.all()
                ],
            }
            for criterion in rubric.criteria.all()
        ],
    }


def _component_out(component: SkbComponent) -> dict[str, Any]:
    return {
        "id": component.pk,
        "order": component.order,
        "method": component.method,
        "name": component.name,
        "weight": component.weight,
        "cat_max_score": component.cat_max_score,
        "rubric_id": component.rubric_id,
        "assessors_per_candidate": component.assessors_per_candidate,
        "max_spread": component.max_spread,
        "aggregation": component.aggregation,
        "is_blind": component.is_blind,
        "scoring_opens_at": component.scoring_opens_at,
        "scoring_closes_at": component.scoring_closes_at,
    }


@router.get(
    "/periods/{period_id}/setup",
    response={200: SetupOut, **DETAIL_ERRORS},
    summary="Pengaturan seleksi kompetensi satu periode",
    description="Admin BKPSDM dan Auditor. Periode tanpa pengaturan memakai nilai bawaan nasional.",
)
def period_setup(request: HttpRequest, period_id: int) -> dict[str, Any]:
    _reader(request)
    period = get_or_404(SelectionPeriod.objects.all(), period_id)
    setup = selectors.get_setup(period)
    run = selectors.latest_integration(period)
    return {
        "period_id": period.pk,
        "period_name": period.name,
        "skd_max": setup.skd_max,
        "cut_multiplier": setup.cut_multiplier,
        "skd_weight": setup.skd_weight,
        "skb_weight": setup.skb_weight,
        "min_cat_weight": setup.min_cat_weight,
        "max_additional_components": setup.max_additional_components,
        "allow_interview": setup.allow_interview,
        "max_interview_weight": setup.max_interview_weight,
        "result_sanggah_days": setup.result_sanggah_days,
        "cut_at": setup.cut_at,
        "integrated_at": run.run_at if run else None,
    }


@router.get(
    "/periods/{period_id}/rubrics",
    response={200: list[RubricOut], **DETAIL_ERRORS},
    summary="Rubrik penilaian satu periode",
    description="Admin BKPSDM dan Auditor. Urut nama; kriteria urut, dengan jangkar per skor.",
)
def period_rubrics(request: HttpRequest, period_id: int) -> list[dict[str, Any]]:
    _reader(request)
    period = get_or_404(SelectionPeriod.objects.all(), period_id)
    return [_rubric_out(rubric) for rubric in selectors.rubrics_with_criteria(period)]


@router.get(
    "/formasi/{formasi_id}/components",
    response={200: FormasiComponentsOut, **DETAIL_ERRORS},
    summary="Komponen SKB satu formasi",
    description="Admin BKPSDM dan Auditor. Komponen urut, dengan masalah komposisinya.",
)
def formasi_components(request: HttpRequest, formasi_id: int) -> dict[str, Any]:
    _reader(request)
    formasi = get_or_404(Formasi.objects.select_related("period"), formasi_id)
    return {
        "formasi_id": formasi.pk,
        "formasi_code": formasi.code,
        "period_id": formasi.period_id,
        "components": [_component_out(item) for item in selectors.list_components(formasi)],
        "problems": selectors.component_problems(formasi),
    }
