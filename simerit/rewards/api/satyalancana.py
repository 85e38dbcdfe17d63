"""JSON API of the yearly Satyalancana Karya Satya list and its proposal (mounted under
`/api/v1/rewards/` by api/awards.py). Admin BKPSDM and the Auditor read everyone with the case
numbers that exclude; an Admin OPD its subtree without them; anyone else gets 403."""

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from pydantic import ConfigDict

from simerit.core.api import READ_ERRORS, WRITE_ERRORS, Page, PageParams, caller
from simerit.rewards import permissions
from simerit.rewards.selectors.satyalancana import Row, yearly_list
from simerit.rewards.services import nominations as services

router = Router(tags=["Penghargaan — Satyalancana Karya Satya"])

READERS_ONLY = permissions.SATYALANCANA_READERS_ONLY


class SatyalancanaFilters(PageParams):
    year: int = Field(
        ..., ge=2000, le=9999, description="Tahun usulan (masa kerja per 31 Desember)."
    )
    show: Literal["eligible", "excluded"] = Field(
        "eligible", description="eligible: memenuhi syarat; excluded: tidak, dengan alasannya."
    )


class SatyalancanaRowOut(Schema):
    employee_id: int
    nip: str
    name: str
    work_unit: str
    tmt_cpns: dt.date | None
    service_years: int = Field(description="Masa kerja penuh (tahun) pada 31 Desember.")
    award_id: int | None = Field(description="Kelas yang dicapai tahun itu.")
    award_name: str
    eligible: bool
    reasons: list[str] = Field(
        description="Alasan tidak memenuhi syarat; nomor kasus hanya untuk Admin BKPSDM/Auditor."
    )
    nomination_id: int | None
    nomination_status: str | None


class SatyalancanaPage(Page[SatyalancanaRowOut]):
    eligible_count: int
    excluded_count: int


class ProposalIn(Schema):
    model_config = ConfigDict(extra="forbid")

    year: int


class ProposalOut(Schema):
    created: int
    nomination_ids: list[int]
    own_skipped: str | None = Field(
        default=None,
        description="Bila pemanggil sendiri memenuhi syarat: tidak diusulkan oleh akunnya.",
    )


def _row_out(row: Row, *, with_case_numbers: bool) -> dict[str, Any]:
    employee = row.employee
    return {
        "employee_id": employee.pk,
        "nip": employee.nip,
        "name": employee.display_name,
        "work_unit": employee.work_unit.name,
        "tmt_cpns": employee.tmt_cpns,
        "service_years": row.check.service_years,
        "award_id": row.check.award_id,
        "award_name": row.award.name if row.award else "",
        "eligible": row.check.eligible,
        "reasons": row.check.reasons if with_case_numbers else row.check.public_reasons,
        "nomination_id": row.nomination.pk if row.nomination else None,
        "nomination_status": row.nomination.status if row.nomination else None,
    }


@router.get(
    "/satyalancana",
    response={200: SatyalancanaPage, **READ_ERRORS},
    summary="Daftar Satyalancana Karya Satya per tahun",
    description="PNS/CPNS aktif yang mencapai 10, 20, atau 30 tahun masa kerja sejak TMT CPNS "
    "pada 31 Desember tahun itu: yang memenuhi syarat, atau yang tidak beserta alasannya.",
)
def satyalancana_list(request: HttpRequest, filters: Query[SatyalancanaFilters]) -> dict[str, Any]:
    user = caller(request)
    if not permissions.reads_satyalancana(user):
        raise PermissionDenied(READERS_ONLY)
    listing = yearly_list(permissions.scope_employees(user), year=filters.year)
    rows = listing.excluded if filters.show == "excluded" else listing.eligible
    with_case_numbers = permissions.shows_case_numbers(user)
    start = (filters.page - 1) * filters.page_size
    return {
        "items": [
            _row_out(row, with_case_numbers=with_case_numbers)
            for row in rows[start : start + filters.page_size]
        ],
        "count": len(rows),
        "page": filters.page,
        "pages": max(1, -(-len(rows) // filters.page_size)),
        "eligible_count": len(listing.eligible),
        "excluded_count": len(listing.excluded),
    }


@router.post(
    "/satyalancana/proposals",
    response={200: ProposalOut, **WRITE_ERRORS},
    summary="Usulkan semua yang memenuhi syarat",
    description="Admin BKPSDM. Membuat usulan untuk setiap pegawai yang memenuhi syarat dan belum "
    "diusulkan tahun itu; memanggil ulang tidak membuat usulan ganda.",
)
def propose(request: HttpRequest, payload: ProposalIn) -> dict[str, Any]:
    proposal = services.propose_satyalancana(year=payload.year, actor=caller(request))
    return {
        "created": len(proposal.created),
        "nomination_ids": [nomination.pk for nomination in proposal.created],
        "own_skipped": services.OWN_SKIPPED if proposal.own_skipped else None,
    }
