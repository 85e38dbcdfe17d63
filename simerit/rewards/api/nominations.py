"""JSON API of nominations: list, detail (scores as the caller may see them), nominate, score,
decide, withdraw (mounted under `/api/v1/rewards/` by api/awards.py). A nomination the caller may
not see is a 404; a visible one it may not act on is a 403."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
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
from simerit.rewards import permissions
from simerit.rewards.models import Award, Grant, Nomination
from simerit.rewards.selectors import nominations as selectors
from simerit.rewards.services import grants as grant_services
from simerit.rewards.services import nominations as services
from simerit.rewards.services import scoring as scoring_services

router = Router(tags=["Penghargaan — Usulan"])


class NominationOut(Schema):
    id: int
    award_id: int
    award_name: str
    employee_id: int
    employee_nip: str
    employee_name: str
    work_unit: str
    year: int
    reason: str
    status: str = Field(description="nominated, scored, granted, rejected, withdrawn.")
    status_label: str
    final_score: Decimal | None = Field(
        description="Nilai akhir tim penilai; null sebelum dinilai, dan selalu null bagi pegawai "
        "yang diusulkan."
    )
    decision_note: str
    eligibility: list[dict[str, Any]] = Field(
        description="Syarat saat diusulkan: {syarat, terpenuhi, keterangan}; nomor kasus disiplin "
        "hanya bagi yang boleh melihat kasusnya."
    )
    created_at: dt.datetime


class NominationPage(Page[NominationOut]):
    pass


class MemberScoresOut(Schema):
    user_id: int
    name: str
    scores: dict[int, Decimal] = Field(description="id kriteria → nilai.")
    total: Decimal | None = Field(description="Σ(nilai/maks × bobot) bila semua kriteria dinilai.")


class NominationDetailOut(NominationOut):
    scored_members: int
    scoring_members: int
    own_scores: dict[int, Decimal]
    members: list[MemberScoresOut] | None = Field(
        description="Nilai semua anggota: untuk Admin BKPSDM/Auditor, dan untuk anggota yang sudah "
        "menilai semua kriteria; null bagi yang lain dan bagi pegawai yang diusulkan."
    )
    grant_number: str | None


class NominationFilters(PageParams):
    year: int | None = None
    award_id: int | None = None
    status: Nomination.Status | None = None
    q: str = Field("", max_length=100, description="Nama atau awal NIP.")


class NominationIn(Schema):
    model_config = ConfigDict(extra="forbid")

    award_id: int
    employee_id: int
    year: int
    reason: str = Field(max_length=services.REASON_MAX_LENGTH)


class ScoreItem(Schema):
    criterion_id: int
    score: Decimal


class ScoresIn(Schema):
    model_config = ConfigDict(extra="forbid")

    scores: list[ScoreItem]


class DecisionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    granted: bool
    note: str = Field("", max_length=grant_services.NOTE_MAX_LENGTH)
    decree_number: str = Field("", max_length=grant_services.DECREE_MAX_LENGTH)
    granted_on: dt.date | None = None


class WithdrawIn(Schema):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(max_length=services.REASON_MAX_LENGTH)


def _nomination_out(
    nomination: Nomination, *, user: User, eligibility: list[dict[str, object]]
) -> dict[str, Any]:
    """As `user` may read it: no final score for the nominee; the conditions without case
    numbers for a reader who may not see the case (`eligibility`, from the selectors)."""
    return {
        "id": nomination.pk,
        "award_id": nomination.award_id,
        "award_name": nomination.award.name,
        "employee_id": nomination.employee_id,
        "employee_nip": nomination.employee.nip,
        "employee_name": nomination.employee.display_name,
        "work_unit": nomination.employee.work_unit.name,
        "year": nomination.year,
        "reason": nomination.reason,
        "status": nomination.status,
        "status_label": nomination.get_status_display(),
        "final_score": selectors.final_score_for(nomination, user),
        "decision_note": nomination.decision_note,
        "eligibility": eligibility,
        "created_at": nomination.created_at,
    }


def _visible(request: HttpRequest, nomination_id: int) -> Nomination:
    return get_or_404(selectors.visible_nominations(caller(request)), nomination_id)


def _detail(request: HttpRequest, nomination_id: int) -> dict[str, Any]:
    nomination = _visible(request, nomination_id)
    user = caller(request)
    view = selectors.nomination_view(nomination, user=user)
    grant = Grant.objects.filter(nomination=nomination).first()
    members = None
    if view.sees_all_scores:
        members = [
            {
                "user_id": member.user.pk,
                "name": member.user.full_name or member.user.username,
                "scores": member.scores,
                "total": member.total,
            }
            for member in view.members
        ]
    return {
        **_nomination_out(nomination, user=user, eligibility=view.eligibility),
        "scored_members": view.scored_members,
        "scoring_members": view.scoring_members,
        "own_scores": view.own_scores,
        "members": members,
        "grant_number": grant.number if grant else None,
    }


@router.get(
    "/nominations",
    response={200: NominationPage, **READ_ERRORS},
    summary="Usulan penghargaan",
    description="Yang boleh dilihat pemanggil: Admin BKPSDM/Auditor semua, Admin OPD unitnya, "
    "anggota tim penilai penghargaan dan tahunnya, dan pegawai yang diusulkan.",
)
def nominations(request: HttpRequest, filters: Query[NominationFilters]) -> dict[str, Any]:
    user = caller(request)
    found = selectors.list_nominations(
        user,
        year=filters.year,
        award_id=filters.award_id,
        status=filters.status.value if filters.status else "",
        search=filters.q,
    )
    page = paginate(found, filters)
    items = list(page["items"])
    shown = selectors.eligibility_of_page(items, user)
    page["items"] = [_nomination_out(item, user=user, eligibility=shown[item.pk]) for item in items]
    return page


@router.get(
    "/nominations/{int:nomination_id}",
    response={200: NominationDetailOut, **DETAIL_ERRORS},
    summary="Satu usulan",
)
def nomination(request: HttpRequest, nomination_id: int) -> dict[str, Any]:
    return _detail(request, nomination_id)


@router.post(
    "/nominations",
    response={201: NominationDetailOut, **WRITE_ERRORS},
    summary="Usulkan pegawai",
    description="Admin BKPSDM, atau Admin OPD untuk pegawai unitnya; tidak untuk diri sendiri. "
    "Pegawai yang tidak memenuhi syarat ditolak (400) dengan alasannya.",
)
def nominate(request: HttpRequest, payload: NominationIn) -> Status[dict[str, Any]]:
    user = caller(request)
    if not permissions.can_nominate_anyone(user):
        raise PermissionDenied(permissions.NOMINATORS_ONLY)
    award = get_or_404(Award.objects.all(), payload.award_id)
    employee = get_or_404(permissions.scope_employees(user), payload.employee_id)
    created = services.nominate(
        award=award, employee=employee, year=payload.year, reason=payload.reason, actor=user
    )
    return Status(201, _detail(request, created.pk))


@router.post(
    "/nominations/{int:nomination_id}/scores",
    response={200: NominationDetailOut, **WRITE_ERRORS},
    summary="Beri nilai usulan",
    description="Anggota tim penilai: nilai setiap kriteria 0 sampai nilai maksimalnya. Setelah "
    "semua kriteria dinilai, nilai anggota itu final (409 bila dikirim lagi).",
)
def score(request: HttpRequest, nomination_id: int, payload: ScoresIn) -> dict[str, Any]:
    target = _visible(request, nomination_id)
    scoring_services.submit_scores(
        nomination=target,
        scores={item.criterion_id: item.score for item in payload.scores},
        actor=caller(request),
    )
    return _detail(request, nomination_id)


@router.post(
    "/nominations/{int:nomination_id}/decision",
    response={200: NominationDetailOut, **WRITE_ERRORS},
    summary="Putus usulan",
    description="Admin BKPSDM. Diberikan: nomor keputusan dan tanggal wajib; syarat diperiksa "
    "ulang dan piagam diterbitkan. Tidak diberikan: catatan wajib.",
)
def decide(request: HttpRequest, nomination_id: int, payload: DecisionIn) -> dict[str, Any]:
    target = _visible(request, nomination_id)
    grant_services.decide_nomination(
        nomination=target,
        granted=payload.granted,
        note=payload.note,
        decree_number=payload.decree_number,
        granted_on=payload.granted_on,
        actor=caller(request),
    )
    return _detail(request, nomination_id)


@router.post(
    "/nominations/{int:nomination_id}/withdraw",
    response={200: NominationDetailOut, **WRITE_ERRORS},
    summary="Tarik usulan",
)
def withdraw(request: HttpRequest, nomination_id: int, payload: WithdrawIn) -> dict[str, Any]:
    target = _visible(request, nomination_id)
    services.withdraw_nomination(nomination=target, reason=payload.reason, actor=caller(request))
    return _detail(request, nomination_id)
