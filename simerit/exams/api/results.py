"""Exam results over JSON: /api/v1/exams/results/{blueprint_id} (Admin BKPSDM and Auditor read) and
their publication as official results (Admin BKPSDM only). Same selectors and service as the pages:
one row per placed participant, "absent" for one who never started once their sitting has ended."""

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
from simerit.exams.models import Blueprint
from simerit.exams.selectors import results as selectors
from simerit.exams.services import results as services
from simerit.recruitment.models import Track

router = Router(tags=["Ujian CAT: hasil ujian"])

READ_DENIED = "Hanya Admin BKPSDM dan Auditor yang dapat melihat hasil ujian."
WRITE_DENIED = "Hanya Admin BKPSDM yang dapat mengumumkan hasil ujian."


class ResultOut(Schema):
    participant_id: int
    attempt_id: int | None = Field(description="null: peserta tidak memulai ujian.")
    registration_number: str
    name: str
    formasi_code: str
    track: str
    sitting_code: str
    status: str = Field(
        description="active, paused, finished; absent (tidak hadir: tidak memulai sampai sesinya "
        "berakhir) atau not_started (sesinya belum berakhir)."
    )
    finish_reason: str = Field(
        description="submitted, timeout, proctor; kosong bila belum selesai."
    )
    stopped_by_proctor: bool
    scores: dict[str, int] = Field(description='Nilai per subtes, mis. {"TWK": 120}.')
    total: int | None
    passed: bool | None = Field(
        description="null: belum selesai, tidak hadir atau tanpa ambang batas."
    )
    verdict: str
    result_reason: str = Field(
        description="Keterangan seperti diumumkan; pengerjaan yang dihentikan pengawas diawali "
        '"Ujian dihentikan pengawas."'
    )


class ResultPage(Page[ResultOut]):
    pass


class ResultFilters(PageParams):
    verdict: str = Field(
        "",
        pattern="^(|lulus|tidak_lulus|tanpa_ambang|tidak_hadir|dihentikan_pengawas)$",
        description="lulus, tidak_lulus, tanpa_ambang, tidak_hadir, dihentikan_pengawas.",
    )
    track: Track | None = Field(None, description="Jalur formasi.")


class SummaryOut(Schema):
    blueprint_id: int
    blueprint_name: str
    kind: str
    results_published_at: dt.datetime | None
    categories: list[str]
    placed: int = Field(description="Peserta yang terjadwal.")
    attempts: int
    finished: int
    passed: int
    failed: int
    no_threshold: int
    absent: int = Field(description="Tidak memulai ujian sampai sesinya berakhir.")
    stopped: int = Field(description="Pengerjaan yang dihentikan pengawas.")
    publication_refusal: str | None = Field(
        description="Mengapa hasil belum dapat diumumkan; null bila dapat (atau sudah)."
    )


class PublishOut(Schema):
    results: int = Field(description="Hasil resmi yang ditulis (satu per peserta yang selesai).")
    absent: int = Field(description="Peserta tanpa pengerjaan (tidak hadir; tanpa hasil resmi).")
    stopped_by_proctor: int = Field(description="Hasil dari pengerjaan yang dihentikan pengawas.")
    digest: str = Field(description="SHA-256 atas id pengerjaan dan nilainya, urut id.")
    published_at: dt.datetime


def _reader(request: HttpRequest) -> None:
    if not permissions.can_read_exams(caller(request)):
        raise PermissionDenied(READ_DENIED)


def _result_out(row: selectors.ResultRow) -> dict[str, Any]:
    participant, attempt = row.participant, row.attempt
    application = participant.application
    return {
        "participant_id": participant.pk,
        "attempt_id": attempt.pk if attempt else None,
        "registration_number": application.registration_number,
        "name": application.applicant.name,
        "formasi_code": application.formasi.code,
        "track": application.formasi.track,
        "sitting_code": participant.sitting.code,
        "status": row.status,
        "finish_reason": attempt.finish_reason if attempt else "",
        "stopped_by_proctor": row.stopped,
        "scores": attempt.scores if attempt else {},
        "total": attempt.total if attempt else None,
        "passed": attempt.passed if attempt else None,
        "verdict": row.verdict,
        "result_reason": row.result_reason,
    }


@router.get(
    "/results/{blueprint_id}",
    response={200: ResultPage, **DETAIL_ERRORS, 422: WRITE_ERRORS[422]},
    summary="Hasil ujian satu kisi-kisi",
    description="Admin BKPSDM dan Auditor. Satu baris per peserta terjadwal, urut nomor "
    "pendaftaran; sebelum diumumkan nilainya sementara. Peserta yang tidak memulai ujian sampai "
    "sesinya berakhir berstatus `absent` dan tidak mendapat hasil resmi (seleksi membacanya "
    "sebagai tidak hadir).",
)
def list_results(
    request: HttpRequest, blueprint_id: int, filters: Query[ResultFilters]
) -> dict[str, Any]:
    _reader(request)
    blueprint = get_or_404(Blueprint.objects.all(), blueprint_id)
    wanted = selectors.ResultFilters(verdict=filters.verdict, track=filters.track or "")
    ended = selectors.ended_sitting_ids(blueprint)
    participants = selectors.list_results(blueprint=blueprint, ended_sittings=ended, filters=wanted)
    page = paginate(participants, filters)
    rows = selectors.result_rows(page["items"], ended_sittings=ended)
    page["items"] = [_result_out(row) for row in rows]
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
        **selectors.result_counts(blueprint, ended_sittings=selectors.ended_sitting_ids(blueprint)),
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
        "stopped_by_proctor": report.stopped,
        "digest": report.digest,
        "published_at": report.published_at,
    }
