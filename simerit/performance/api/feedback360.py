"""JSON API of the 360 behaviour input (same selectors and services as the pages): the rater's
tasks and answer, the SKP's aggregated evidence (never per rater), HR's adjustments. Rater
identities with answers are not served here: only the Auditor's page shows them."""

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

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
from simerit.employees.models import Employee
from simerit.performance.models import RaterAssignment, RaterGroup
from simerit.performance.permissions import employee_of, visible_skps
from simerit.performance.selectors import feedback360 as selectors
from simerit.performance.services import feedback360 as services

router = Router(tags=["Kinerja: penilaian perilaku 360"])


class MyRatingOut(Schema):
    id: int
    skp_id: int
    year: int
    employee_name: str = Field(description="Pegawai yang dinilai.")
    group: str = Field(description="Kelompok Anda: self, supervisor, peer, subordinate.")
    status: str = Field(description="invited (belum diisi) atau answered (sudah dikirim).")


class MyRatingPage(Page[MyRatingOut]):
    pass


class IndicatorOut(Schema):
    code: str
    text: str


class ValueGuideOut(Schema):
    code: str
    name: str
    definition: str
    expectation: str = Field(description="Ekspektasi khusus pimpinan; kosong bila tidak ada.")
    indicators: list[IndicatorOut]


class MyRatingDetailOut(MyRatingOut):
    values: list[ValueGuideOut]


class RatingsIn(Schema):
    scores: dict[str, int] = Field(description="Nilai 1–5 untuk tepat 21 kode panduan perilaku.")
    comment: str = Field("", max_length=services.COMMENT_MAX_LENGTH)


class AnsweredOut(Schema):
    assignment_id: int
    status: str


class GroupOut(Schema):
    group: str = Field(description="Kelompok penilai, atau merged (rekan kerja dan bawahan).")
    label: str
    answers: int
    mean: Decimal | None = Field(description="Null bila ditahan; alasannya di reason.")
    reason: str


class ValueMeansOut(Schema):
    code: str
    name: str
    means: list[Decimal | None] = Field(description="Urutan sama dengan groups.")


class CountOut(Schema):
    group: str
    invited: int
    answered: int


class EvidenceOut(Schema):
    skp_id: int
    published: bool = Field(
        description="False selama pengisian masukan 360 masih dibuka: tidak ada rata-rata, "
        "hanya jumlah jawaban per kelompok."
    )
    groups: list[GroupOut]
    values: list[ValueMeansOut]
    overall_mean: Decimal | None
    invitations: list[CountOut]


class RaterIn(Schema):
    rater_id: int
    group: RaterGroup


class RemovalIn(Schema):
    reason: str = Field(min_length=1, max_length=services.REASON_MAX_LENGTH)


class AssignmentOut(Schema):
    id: int
    skp_id: int
    rater_name: str
    group: str
    source: str
    status: str
    removed_reason: str


def _mine(assignment: RaterAssignment) -> dict[str, Any]:
    return {
        "id": assignment.pk,
        "skp_id": assignment.skp_id,
        "year": assignment.skp.year.year,
        "employee_name": assignment.skp.employee.display_name,
        "group": assignment.group,
        "status": assignment.status,
    }


def _assignment(assignment: RaterAssignment) -> dict[str, Any]:
    return {
        "id": assignment.pk,
        "skp_id": assignment.skp_id,
        "rater_name": assignment.rater.display_name,
        "group": assignment.group,
        "source": assignment.source,
        "status": assignment.status,
        "removed_reason": assignment.removed_reason,
    }


def _my_assignments(request: HttpRequest) -> "QuerySet[RaterAssignment]":
    employee = employee_of(caller(request))
    return selectors.my_assignments(employee) if employee else RaterAssignment.objects.none()


@router.get(
    "/my-ratings",
    response={200: MyRatingPage, **READ_ERRORS},
    summary="Penugasan penilaian perilaku saya",
    description="Yang belum diisi lebih dahulu; yang sudah dikirim tidak memuat nilai.",
)
def my_ratings(request: HttpRequest, params: Query[PageParams]) -> dict[str, Any]:
    page = paginate(_my_assignments(request), params)
    page["items"] = [_mine(item) for item in page["items"]]
    return page


@router.get(
    "/my-ratings/{assignment_id}",
    response={200: MyRatingDetailOut, **DETAIL_ERRORS},
    summary="Satu penugasan penilaian perilaku saya",
    description="Dengan 7 nilai BerAKHLAK, 21 panduan perilaku, dan ekspektasi khusus pimpinan.",
)
def my_rating(request: HttpRequest, assignment_id: int) -> dict[str, Any]:
    assignment = get_or_404(_my_assignments(request), assignment_id)
    guides = selectors.value_guides(assignment.skp)
    values = [
        {
            "code": guide.code,
            "name": guide.name,
            "definition": guide.definition,
            "expectation": guide.expectation,
            "indicators": [{"code": i.code, "text": i.text} for i in guide.indicators],
        }
        for guide in guides
    ]
    return {**_mine(assignment), "values": values}


@router.post(
    "/assignments/{assignment_id}/ratings",
    response={201: AnsweredOut, **WRITE_ERRORS},
    summary="Kirim penilaian perilaku",
    description="Hanya penilai yang ditugaskan, satu kali, selama pengisian masukan 360 dibuka: "
    "nilai 1–5 untuk tepat 21 panduan perilaku. 409 bila sudah dikirim.",
)
def submit(request: HttpRequest, assignment_id: int, payload: RatingsIn) -> Status[dict[str, Any]]:
    assignment = get_or_404(_my_assignments(request), assignment_id)
    services.submit_ratings(
        assignment=assignment, scores=payload.scores, comment=payload.comment, actor=caller(request)
    )
    return Status(201, {"assignment_id": assignment.pk, "status": RaterAssignment.Status.ANSWERED})


@router.get(
    "/skps/{skp_id}/feedback360",
    response={200: EvidenceOut, **DETAIL_ERRORS},
    summary="Ringkasan penilaian perilaku 360 satu SKP",
    description="Pegawai, pejabat penilai, Admin BKPSDM, Auditor. Hanya gabungan per kelompok "
    "dan per nilai, dan hanya setelah pengisian masukan 360 ditutup (sebelumnya hanya jumlah "
    "jawaban); kelompok rekan kerja/bawahan di bawah ambang ditahan dengan alasannya.",
)
def evidence(request: HttpRequest, skp_id: int) -> dict[str, Any]:
    user = caller(request)
    skp = get_or_404(visible_skps(user).select_related("year"), skp_id)
    if not services.can_view_evidence(user, skp):
        raise PermissionDenied("Ringkasan penilaian perilaku tidak tersedia untuk Anda.")
    summary = selectors.evidence_summary(skp)
    return {
        "skp_id": skp.pk,
        "published": summary.published,
        "groups": summary.groups,
        "values": selectors.value_means(skp, summary),
        "overall_mean": summary.overall_mean,
        "invitations": selectors.invitation_counts(skp),
    }


@router.get(
    "/skps/{skp_id}/raters",
    response={200: list[AssignmentOut], **DETAIL_ERRORS},
    summary="Daftar penilai satu SKP",
    description="Admin BKPSDM (bukan untuk SKP-nya sendiri) dan pejabat penilai: siapa diundang "
    "dan apakah sudah menjawab, tanpa jawaban dan tanpa waktu menjawab.",
)
def raters(request: HttpRequest, skp_id: int) -> list[dict[str, Any]]:
    user = caller(request)
    skp = get_or_404(visible_skps(user), skp_id)
    if not services.can_view_invitations(user, skp):
        raise PermissionDenied("Daftar penilai hanya untuk Admin BKPSDM dan pejabat penilai.")
    return [_assignment(item) for item in selectors.invitations(skp)]


@router.post(
    "/skps/{skp_id}/raters/proposal",
    response={201: list[AssignmentOut], **WRITE_ERRORS},
    summary="Usulkan penilai menurut aturan",
    description="Admin BKPSDM atau pejabat penilai; hanya menambah yang belum ada.",
)
def propose(request: HttpRequest, skp_id: int) -> Status[list[dict[str, Any]]]:
    user = caller(request)
    skp = get_or_404(visible_skps(user), skp_id)
    added = services.propose_raters(skp=skp, actor=user)
    return Status(201, [_assignment(item) for item in added])


@router.post(
    "/skps/{skp_id}/raters",
    response={201: AssignmentOut, **WRITE_ERRORS},
    summary="Tambah penilai",
    description="Admin BKPSDM. Ditolak bila ada konflik kepentingan (kerabat atau KK sama).",
)
def add(request: HttpRequest, skp_id: int, payload: RaterIn) -> Status[dict[str, Any]]:
    user = caller(request)
    skp = get_or_404(visible_skps(user), skp_id)
    if not services.can_adjust_raters(user, skp):
        raise PermissionDenied("Hanya Admin BKPSDM yang dapat menambah penilai SKP pegawai lain.")
    rater = get_or_404(Employee.objects.all(), payload.rater_id)
    added = services.add_rater(skp=skp, rater=rater, group=payload.group.value, actor=user)
    return Status(201, _assignment(added))


@router.post(
    "/rater-assignments/{assignment_id}/removal",
    response={200: AssignmentOut, **WRITE_ERRORS},
    summary="Keluarkan penilai",
    description="Admin BKPSDM, dengan alasan; ditolak (409) bila penilai sudah menjawab.",
)
def remove(request: HttpRequest, assignment_id: int, payload: RemovalIn) -> dict[str, Any]:
    user = caller(request)
    assignments = RaterAssignment.objects.filter(skp__in=visible_skps(user))
    assignment = get_or_404(assignments.select_related("rater"), assignment_id)
    removed = services.remove_rater(assignment=assignment, reason=payload.reason, actor=user)
    return _assignment(removed)
