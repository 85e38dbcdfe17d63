"""The sanctions register (register hukuman disiplin): every sanction the account may see
(`permissions.visible_sanctions`), filtered by level, type, year of decision or a day it runs on,
with its state on a day (not yet running, running, ended, annulled; ringan: no duration)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from simerit.accounts.models import User
from simerit.discipline import permissions
from simerit.discipline.models import Appeal, Level, Sanction
from simerit.discipline.rules import pp94


@dataclass(frozen=True)
class RegisterFilters:
    level: str = ""
    sanction_type: str = ""
    year: int | None = None
    running_on: dt.date | None = None
    search: str = ""


def list_sanctions(*, user: User, filters: RegisterFilters) -> QuerySet[Sanction]:
    """The register rows, newest decision first, each with `pending_appeals` counted."""
    rows = permissions.visible_sanctions(user).select_related(
        "case", "employee", "employee__work_unit", "employee__position"
    )
    if filters.level:
        rows = rows.filter(level=filters.level)
    if filters.sanction_type:
        rows = rows.filter(sanction_type=filters.sanction_type)
    if filters.year is not None:
        rows = rows.filter(decided_on__year=filters.year)
    if filters.running_on is not None:
        # A ringan sanction has no duration: it never "runs" (rules.pp94.is_active).
        running = Sanction.objects.active_on(filters.running_on).exclude(level=Level.RINGAN)
        rows = rows.filter(pk__in=running.values("pk"))
    term = filters.search.strip()
    if term.isdigit():
        rows = rows.filter(employee__nip__startswith=term)
    elif term:
        rows = rows.filter(
            Q(employee__name__icontains=term)
            | Q(case__number__icontains=term)
            | Q(decree_number__icontains=term)
        )
    return rows.annotate(
        pending_appeals=Count("appeals", filter=Q(appeals__outcome=Appeal.Outcome.PENDING))
    ).order_by("-decided_on", "-id")


def state_of(sanction: Sanction, *, on: dt.date) -> str:
    """The sanction's state on `on`, in Indonesian."""
    if sanction.annulled_at is not None:
        return "Dibatalkan"
    spec = pp94.spec_for(sanction.sanction_type)
    if spec.months == 0 and not spec.permanent:
        return "Tanpa masa berlaku"
    if on < sanction.starts_on:
        return "Belum berlaku"
    if pp94.is_active(
        sanction_type=sanction.sanction_type,
        starts_on=sanction.starts_on,
        ends_on=sanction.ends_on,
        on=on,
    ):
        return "Sedang berjalan"
    return "Selesai"


def year_choices(user: User, *, current: int) -> list[int]:
    years = {day.year for day in permissions.visible_sanctions(user).dates("decided_on", "year")}
    return sorted(years | {current}, reverse=True)
