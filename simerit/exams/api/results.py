"""Exam results over JSON: /api/v1/exams/results/{blueprint_id} (Admin BKPSDM and Auditor read) and
their publication as official results (Admin BKPSDM only). Same selectors and service as the pages."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from simerit.core.api import (
    DETAIL_ERRORS,
    WRITE_ERRORS,
    Page,
    PageParams,
    caller,
    get_or_404,
    paginate,
)
from simerit.exams import permissions
from simerit.exams.models import Attempt, Blueprint
from simerit.exams.selectors import results as selectors
from simerit.exams.services import results as services
from simerit.recruitment.models import Track

router = Router(tags=["Ujian CAT: hasil ujian"])

READ_DENIED = "Hanya Admin BKPSDM dan Auditor yang dapat melihat hasil ujian."
WRITE_DENIED = "Hanya Admin BKPSDM yang dapat mengumumkan hasil ujian."


class ResultOut(Schema):
    attempt_id: int
    registration_number: str
    name: str
    formasi_code: str
    track: str
    sitting_code: str
    status: str = Field(description="active, paused atau finished.")
    scores: dict[str, int] = Field(description='Nilai per subtes, mis. {"TWK": 120}.')
    total: int | None
    passed: bool | None = Field(description="null: belum selesai atau tanpa ambang batas.")
    verdict: str
    result_reason: str


class ResultPage(Page[ResultOut]):
    pass


class ResultFilters(PageParams):
    verdict: str = Field(
        "",
        pattern="^(|lulus|tidak_lulus|tanpa_ambang)$",
        description="lulus, tidak_lulus, tanpa_ambang.",
    )
    track: Track | None = Field(None, description="Jalur formasi.")


class SummaryOut(Schema):
    blueprint_id: int
    blueprint_name: str
    kind: str
    results_published_at: dt.datetime | None
    categories: list[str]
    attempts: int
    finished: int
    passed: int
    failed: int
    no_threshold: int
    publication_refusal: str | None = Field(
        description="Mengapa hasil belum dapat diumumkan; null bila dapat (atau sudah)."
    )


class PublishOut(Schema):
    results: int = Field(description="Hasil resmi yang ditulis (satu per peserta yang selesai).")
    absent: int = Field(description="Peserta tanpa pengerjaan (tidak hadir).")
    digest: str = Field(description="SHA-256 atas id pengerjaan dan nilainya, urut id.")
    published_at: dt.datetime


def _reader(request: HttpRequest) -> None:
    if not permissions.can_read_exams(caller(request)):
        raise PermissionDenied(READ_DENIED)


def _result_out(attempt: Attempt) -> dict[str, Any]:
    participant = attempt.participant
    if participant is None:  # list_results holds real exams only
        raise ValueError("a practice attempt in the results list")
    application = participant.application
    return {
        "attempt_id": attempt.pk,
        "registration_number": application.registration_number,
        "name": application.applicant.name,
        "formasi_code": application.formasi.code,
        "track": application.formasi.track,
        "sitting_code": participant.sitting.code,
        "status": attempt.status,
        "scores": attempt.scores,
        "total": attempt.total,
        "passed": attempt.passed,
        "verdict": selectors.verdict_label(attempt),
        "result_reason": attempt.result_reason,
    }


@router.get(
    "/results/{blueprint_id}",
    response={200: ResultPage, **DETAIL_ERRORS, 422: WRITE_ERRORS[422]},
    summary="Hasil ujian satu kisi-kisi",
    description="Admin BKPSDM dan Auditor. Urut nomor pendaftaran; sebelum diumumkan nilainya "
    "sementara.",
)
def list_results(
    request: HttpRequest, blueprint_id: int, filters: Query[ResultFilters]
) -> dict[str, Any]:
    _reader(request)
    blueprint = get_or_404(Blueprint.objects.all(), blueprint_id)
    wanted = selectors.ResultFilters(verdict=filters.verdict, track=filters.track or "")
    page = paginate(selectors.list_results(blueprint=blueprint, filters=wanted), filters)
    page["items"] = [_result_out(attempt) for attempt in page["items"]]
    return page


@router.get(
    "/results/{blueprint_id}/summary",
    response={200: SummaryOut, **DETAIL_ERRORS},
    summary="Ringkasan hasil ujian satu kisi-kisi",
)
def summary(request: HttpRequest, blueprint_id: int) -> dict[str, Any]:
    _reader(request)
    blueprint = get_or_404(Blueprint.objects.all(), blueprint_id)
    return {
        "blueprint_id": blueprint.pk,
        "blueprint_name": blueprint.name,
        "kind": blueprint.kind,
        "results_published_at": blueprint.results_published_at,
        "categories": selectors.score_categories(blueprint),
        **selectors.result_counts(blueprint),
        "publication_refusal": services.publication_refusal(blueprint),
    }


@router.post(
    "/results/{blueprint_id}/publish",
    response={200: PublishOut, **WRITE_ERRORS},
    summary="Umumkan hasil resmi",
    description="Admin BKPSDM. 409 bila ada pengerjaan yang belum selesai, nilai belum dinilai "
    "ulang sesuai keputusan soal, atau sudah diumumkan. Setelahnya tidak ada anulir atau nilai ulang.",
)
def publish(request: HttpRequest, blueprint_id: int) -> dict[str, Any]:
    if not permissions.can_manage_exams(caller(request)):
        raise PermissionDenied(WRITE_DENIED)
    blueprint = get_or_404(Blueprint.objects.all(), blueprint_id)
    report = services.publish_results(blueprint=blueprint, actor=caller(request))
    return {
        "results": report.results,
        "absent": report.absent,
        "digest": report.digest,
        "published_at": report.published_at,
    }
