"""JSON API of rewards (`/api/v1/rewards/`): the award catalogue here, and the routers of the
Satyalancana list, nominations and grants mounted below it (config/api.py mounts this one).
Every endpoint calls a selector or one service, as the pages do."""

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict

from simerit.accounts.models import User
from simerit.core.api import DETAIL_ERRORS, READ_ERRORS, WRITE_ERRORS, caller, get_or_404
from simerit.performance.models import Predikat
from simerit.rewards import permissions
from simerit.rewards.api import grants as grants_api
from simerit.rewards.api import nominations as nominations_api
from simerit.rewards.api import satyalancana as satyalancana_api
from simerit.rewards.models import Award, CommitteeMember
from simerit.rewards.rules import scoring as rules
from simerit.rewards.selectors.awards import award_view, list_awards
from simerit.rewards.services import awards as services
from simerit.rewards.services import committee as committee_services

router = Router(tags=["Penghargaan"])


class CriterionOut(Schema):
    id: int
    name: str
    description: str
    weight: Decimal = Field(description="Bobot dalam persen.")
    max_score: int
    order: int


class AwardOut(Schema):
    id: int
    name: str
    kind: str = Field(description="satyalancana atau other.")
    kind_label: str
    service_years: int | None = Field(description="10/20/30 untuk Satyalancana; null lainnya.")
    description: str
    min_service_years: int
    min_predikat: str = Field(description="Kosong bila tidak disyaratkan.")
    clean_record_years: int
    is_active: bool
    criteria: list[CriterionOut]
    weight_total: Decimal
    weights_error: str | None = Field(
        description="Pesan bila jumlah bobot belum 100% (usulan belum dapat dinilai)."
    )


class AwardIn(Schema):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(max_length=services.NAME_MAX_LENGTH)
    description: str = ""
    min_service_years: int = Field(0, ge=0, le=services.MAX_YEARS)
    min_predikat: Predikat | None = None
    clean_record_years: int = Field(0, ge=0, le=services.MAX_YEARS)
    is_active: bool = True


class CriterionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(max_length=services.NAME_MAX_LENGTH)
    description: str = ""
    weight: Decimal = Field(description="0,01–100; jumlah semua kriteria paling banyak 100.")
    max_score: int = Field(100, ge=1, le=1000)
    order: int = Field(0, ge=0)


class CommitteeIn(Schema):
    model_config = ConfigDict(extra="forbid")

    user_id: int
    year: int


class CommitteeOut(Schema):
    id: int
    award_id: int
    year: int
    user_id: int
    username: str
    full_name: str


def _award_out(award: Award) -> dict[str, Any]:
    view = award_view(award, year=0)
    return {
        "id": award.pk,
        "name": award.name,
        "kind": award.kind,
        "kind_label": award.get_kind_display(),
        "service_years": award.service_years,
        "description": award.description,
        "min_service_years": award.min_service_years,
        "min_predikat": award.min_predikat,
        "clean_record_years": award.clean_record_years,
        "is_active": award.is_active,
        "criteria": [
            {
                "id": item.pk,
                "name": item.name,
                "description": item.description,
                "weight": item.weight,
                "max_score": item.max_score,
                "order": item.order,
            }
            for item in view.criteria
        ],
        "weight_total": rules.weights_total(item.weight for item in view.criteria),
        "weights_error": view.weights_error,
    }


def _award_input(payload: AwardIn) -> services.AwardInput:
    return services.AwardInput(
        name=payload.name,
        description=payload.description,
        min_service_years=payload.min_service_years,
        min_predikat=payload.min_predikat.value if payload.min_predikat else "",
        clean_record_years=payload.clean_record_years,
        is_active=payload.is_active,
    )


@router.get(
    "/awards",
    response={200: list[AwardOut], **READ_ERRORS},
    summary="Katalog penghargaan",
    description="Semua penghargaan dengan syarat dan kriteria penilaiannya.",
)
def awards(request: HttpRequest) -> list[dict[str, Any]]:
    return [_award_out(award) for award in list_awards()]


@router.get(
    "/awards/{int:award_id}",
    response={200: AwardOut, **DETAIL_ERRORS},
    summary="Satu penghargaan",
)
def award(request: HttpRequest, award_id: int) -> dict[str, Any]:
    return _award_out(get_or_404(Award.objects.all(), award_id))


@router.post(
    "/awards",
    response={201: AwardOut, **WRITE_ERRORS},
    summary="Tambah penghargaan",
    description="Admin BKPSDM. Satyalancana Karya Satya tidak dibuat di sini (sudah tersedia).",
)
def create_award(request: HttpRequest, payload: AwardIn) -> Status[dict[str, Any]]:
    created = services.create_award(data=_award_input(payload), actor=caller(request))
    return Status(201, _award_out(created))


@router.put(
    "/awards/{int:award_id}",
    response={200: AwardOut, **WRITE_ERRORS},
    summary="Ubah penghargaan",
    description="Admin BKPSDM; bukan untuk Satyalancana Karya Satya (400).",
)
def update_award(request: HttpRequest, award_id: int, payload: AwardIn) -> dict[str, Any]:
    target = get_or_404(Award.objects.all(), award_id)
    updated = services.update_award(award=target, data=_award_input(payload), actor=caller(request))
    return _award_out(updated)


@router.post(
    "/awards/{int:award_id}/criteria",
    response={201: AwardOut, **WRITE_ERRORS},
    summary="Tambah kriteria penilaian",
    description="Admin BKPSDM. 409 selama ada usulan penghargaan ini yang sedang dinilai.",
)
def add_criterion(
    request: HttpRequest, award_id: int, payload: CriterionIn
) -> Status[dict[str, Any]]:
    target = get_or_404(Award.objects.all(), award_id)
    services.add_criterion(
        award=target,
        data=services.CriterionInput(
            name=payload.name,
            description=payload.description,
            weight=payload.weight,
            max_score=payload.max_score,
            order=payload.order,
        ),
        actor=caller(request),
    )
    return Status(201, _award_out(target))


@router.post(
    "/awards/{int:award_id}/committee",
    response={201: CommitteeOut, **WRITE_ERRORS},
    summary="Tambah anggota tim penilai",
    description="Admin BKPSDM; per penghargaan dan tahun. 409 bila sudah menjadi anggota.",
)
def add_committee_member(
    request: HttpRequest, award_id: int, payload: CommitteeIn
) -> Status[dict[str, Any]]:
    if not permissions.is_hr(caller(request)):
        raise PermissionDenied(permissions.HR_ONLY)
    target = get_or_404(Award.objects.all(), award_id)
    user = get_or_404(User.objects.all(), payload.user_id)
    member: CommitteeMember = committee_services.add_member(
        award=target, year=payload.year, user=user, actor=caller(request)
    )
    return Status(
        201,
        {
            "id": member.pk,
            "award_id": member.award_id,
            "year": member.year,
            "user_id": user.pk,
            "username": user.username,
            "full_name": user.full_name,
        },
    )


router.add_router("", satyalancana_api.router)
router.add_router("", nominations_api.router)
router.add_router("", grants_api.router)
