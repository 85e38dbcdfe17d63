"""Reading grants: one employee's (the self-service contract), the register as the reader may see
it, and the public check of a piagam number (no NIP)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from simerit.accounts.models import User
from simerit.core.dates import WIB
from simerit.rewards import permissions
from simerit.rewards.models import Grant
from simerit.rewards.rules import grants as rules

RELATED = ("award", "employee__work_unit", "nomination")


def grants() -> QuerySet[Grant]:
    return Grant.objects.select_related(*RELATED)


def grants_of(employee_id: int) -> QuerySet[Grant]:
    """The contract (self-service): every grant of one employee, newest first, revoked ones
    included (`revoked_at` says so)."""
    return grants().filter(employee_id=employee_id).order_by("-granted_on", "-pk")


def visible_grants(user: User) -> QuerySet[Grant]:
    return permissions.visible_grants(user).select_related(*RELATED)


def list_grants(
    user: User, *, year: int | None = None, award_id: int | None = None, search: str = ""
) -> QuerySet[Grant]:
    found = visible_grants(user)
    if year:
        found = found.filter(year=year)
    if award_id:
        found = found.filter(award_id=award_id)
    search = search.strip()
    if search:
        found = found.filter(
            Q(holder_name__icontains=search)
            | Q(holder_nip__startswith=search)
            | Q(number__iexact=rules.normalise_number(search))
        )
    return found.order_by("-granted_on", "-pk")


@dataclass(frozen=True)
class GrantVerification:
    """What the public check shows: no NIP, no unit."""

    number: str
    holder_name: str
    award_name: str
    year: int
    granted_on: dt.date
    decree_number: str
    revoked: bool
    revoked_on: dt.date | None


def find_grant(text: str) -> Grant | None:
    """The grant with the number typed or scanned (spaces and case ignored); an ill-formed
    number is not looked up."""
    number = rules.normalise_number(text)
    if not rules.is_well_formed(number):
        return None
    return Grant.objects.filter(number=number).first()


def verification_of(grant: Grant) -> GrantVerification:
    return GrantVerification(
        number=grant.number,
        holder_name=grant.holder_name,
        award_name=grant.award_name,
        year=grant.year,
        granted_on=grant.granted_on,
        decree_number=grant.decree_number,
        revoked=grant.revoked_at is not None,
        revoked_on=(timezone.localtime(grant.revoked_at, WIB).date() if grant.revoked_at else None),
    )


def verify_grant(text: str) -> GrantVerification | None:
    grant = find_grant(text)
    return verification_of(grant) if grant else None
