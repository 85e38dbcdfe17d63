"""The Excel downloads of the rewards pages, each audited (`rewards.<list>.exported`, with the
filters and the number of rows): the yearly Satyalancana list, the grant register and the
nominations list. Each holds exactly what its page shows the reader (same scope, no case
numbers for a reader who may not see them, no final score for the nominee)."""

from dataclasses import asdict, dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.rewards import exporting, permissions
from simerit.rewards.selectors import grants as grant_selectors
from simerit.rewards.selectors import nominations as nomination_selectors
from simerit.rewards.selectors.satyalancana import yearly_list

LOGIN_REQUIRED = "Silakan masuk terlebih dahulu."


@dataclass(frozen=True)
class GrantFilters:
    year: int | None = None
    award_id: int | None = None
    search: str = ""


@dataclass(frozen=True)
class NominationFilters:
    year: int | None = None
    award_id: int | None = None
    status: str = ""
    search: str = ""


def _require_login(actor: User) -> None:
    if not actor.is_authenticated:
        raise PermissionDenied(LOGIN_REQUIRED)


@transaction.atomic
def export_satyalancana(*, year: int, actor: User) -> bytes:
    """The yearly list of the actor's scope (Admin BKPSDM, the Auditor, an Admin OPD)."""
    if not permissions.reads_satyalancana(actor):
        raise PermissionDenied(permissions.SATYALANCANA_READERS_ONLY)
    listing = yearly_list(permissions.scope_employees(actor), year=year)
    with_case_numbers = permissions.shows_case_numbers(actor)
    content = exporting.satyalancana_workbook(listing, with_case_numbers=with_case_numbers)
    audit.record(
        actor=actor,
        action="rewards.satyalancana_list.exported",
        changes={
            "year": year,
            "eligible": len(listing.eligible),
            "excluded": len(listing.excluded),
            "with_case_numbers": with_case_numbers,
        },
    )
    return content


@transaction.atomic
def export_grants(*, filters: GrantFilters, actor: User) -> bytes:
    """The grant register as the actor sees it with `filters`."""
    _require_login(actor)
    grants = list(
        grant_selectors.list_grants(
            actor, year=filters.year, award_id=filters.award_id, search=filters.search
        )
    )
    content = exporting.grants_workbook(grants)
    audit.record(
        actor=actor,
        action="rewards.grant_list.exported",
        changes={**asdict(filters), "rows": len(grants)},
    )
    return content


@transaction.atomic
def export_nominations(*, filters: NominationFilters, actor: User) -> bytes:
    """The nominations list as the actor sees it with `filters`."""
    _require_login(actor)
    nominations = list(
        nomination_selectors.list_nominations(
            actor,
            year=filters.year,
            award_id=filters.award_id,
            status=filters.status,
            search=filters.search,
        )
    )
    content = exporting.nominations_workbook(
        (item, nomination_selectors.final_score_for(item, actor)) for item in nominations
    )
    audit.record(
        actor=actor,
        action="rewards.nomination_list.exported",
        changes={**asdict(filters), "rows": len(nominations)},
    )
    return content
