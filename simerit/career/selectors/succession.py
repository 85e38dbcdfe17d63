"""Reads of the succession pools (Kelompok Rencana Suksesi; PermenPANRB 3/2020, §8.2): the
managerial positions, the candidates proposed from boxes 7–9 and the pool HR has confirmed.

Who reads: Admin BKPSDM and the Auditor every managerial position; an Admin OPD the positions of
its unit subtree, with the candidates and pool members of its scope only (the others are
counted, not named). Admin BKPSDM is the only writer (services/succession.py).
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet

from simerit.accounts.models import User
from simerit.career.models import PotentialAssessment, SuccessionCandidate
from simerit.career.permissions import reads_everything
from simerit.career.rules import talent as rules
from simerit.career.selectors import talent as talent_selectors
from simerit.career.selectors.talent import Access, TalentPlacement
from simerit.core.roles import Role
from simerit.employees.models import Employee
from simerit.organization.models import Position
from simerit.organization.permissions import opd_scope

DENIED = "Kelompok rencana suksesi hanya untuk Admin BKPSDM, Auditor dan Admin OPD."
MANAGERIAL_KINDS = (
    Position.Kind.JPT_UTAMA,
    Position.Kind.JPT_MADYA,
    Position.Kind.JPT_PRATAMA,
    Position.Kind.ADMINISTRATOR,
    Position.Kind.PENGAWAS,
)


def may_open(user: User) -> bool:
    """Whether the succession pages are for this account (the tab is shown)."""
    if not user.is_authenticated:
        return False
    if user.has_role(Role.ADMIN_BKPSDM, Role.AUDITOR):
        return True
    return user.has_role(Role.ADMIN_OPD) and opd_scope(user) is not None


def succession_access(user: User) -> Access | None:
    """What the account sees on the succession pages, else None: everything, or an Admin OPD's
    subtree (only that: a team outside it, as an atasan, does not count here)."""
    if not may_open(user):
        return None
    if reads_everything(user):
        return talent_selectors.access_of(user)
    scope = opd_scope(user)
    if scope is None:
        return None
    employees = Employee.objects.active().in_subtree(scope).exclude(user=user)
    return Access(employees=employees, home=scope, everything=False)


def managerial_positions(access: Access, *, search: str = "") -> QuerySet[Position]:
    """The managerial positions the account may see, with `holder_count` (active holders) and
    `pool_count` (candidates in the pool), ordered by unit (positions of no unit last) and name."""
    positions = Position.objects.filter(kind__in=MANAGERIAL_KINDS).select_related("work_unit")
    if not access.everything:
        if access.home is None:
            return Position.objects.none()
        positions = positions.filter(work_unit__path__startswith=access.home.path)
    if search:
        positions = positions.filter(
            Q(name__icontains=search) | Q(work_unit__name__icontains=search)
        )
    return positions.annotate(
        holder_count=Count("holders", filter=Q(holders__is_active=True), distinct=True),
        pool_count=Count("succession", filter=Q(succession__removed_at=None), distinct=True),
    ).order_by(F("work_unit__path").asc(nulls_last=True), "name", "pk")


def visible_position(access: Access, position_id: int) -> Position | None:
    """The managerial position if the account may see it, else None."""
    return managerial_positions(access).filter(pk=position_id).first()


@dataclass(frozen=True)
class Proposal:
    employee: Employee
    placement: TalentPlacement


@dataclass(frozen=True)
class Member:
    """A pool member with their placement today (the box may have changed since)."""

    candidate: SuccessionCandidate
    placement: TalentPlacement


@dataclass(frozen=True)
class PositionPool:
    position: Position
    holders: list[Employee]
    pool: list[Member]
    hidden_pool: int  # pool members outside the account's scope (counted, not named)
    removed: list[SuccessionCandidate]
    proposals: list[Proposal]


def proposals(
    access: Access, position: Position, *, on: dt.date, exclude: set[int]
) -> list[Proposal]:
    """Employees of the account's scope in boxes 7–9 on `on`, not holding `position` and not in
    `exclude` (the pool), ordered by box, then score, descending, then name.

    Only employees with a valid score of at least Menengah can be in boxes 7–9, so only they are
    placed (the performance history is read for them alone)."""
    settings = talent_selectors.talent_settings()
    since = rules.valid_from(on, valid_years=settings.assessment_valid_years)
    likely = PotentialAssessment.objects.filter(
        assessed_on__gte=since, assessed_on__lte=on, score__gte=settings.potential_medium_from
    ).values("employee_id")
    candidates = {
        person.pk: person
        for person in access.employees.filter(pk__in=likely)
        .exclude(position=position)
        .exclude(pk__in=exclude)
        .select_related("work_unit", "position")
    }
    placements = talent_selectors.boxes(candidates, on=on)
    found = [
        Proposal(employee=candidates[pk], placement=placement)
        for pk, placement in placements.items()
        if placement.box in rules.SUCCESSION_BOXES
    ]
    found.sort(
        key=lambda item: (
            -(item.placement.box or 0),
            -(item.placement.score or 0),
            item.employee.name,
            item.employee.pk,
        )
    )
    return found


def position_pool(access: Access, position: Position, *, on: dt.date) -> PositionPool:
    """One position's holders, confirmed pool (with each member's box today), removals and the
    proposed candidates."""
    visible = None if access.everything else set(access.employees.values_list("pk", flat=True))

    def seen(employee_id: int) -> bool:
        return visible is None or employee_id in visible

    holders = [
        person
        for person in Employee.objects.active()
        .filter(position=position)
        .select_related("work_unit")
        .order_by("name", "pk")
        if seen(person.pk)
    ]
    rows = list(
        SuccessionCandidate.objects.filter(position=position)
        .select_related("employee__work_unit", "employee__position", "added_by")
        .order_by("-box", "employee__name", "pk")
    )
    current = [row for row in rows if row.removed_at is None]
    shown = [row for row in current if seen(row.employee_id)]
    removed = [row for row in rows if row.removed_at is not None and seen(row.employee_id)]
    removed.sort(key=lambda row: row.removed_at or row.created_at, reverse=True)
    today = talent_selectors.boxes([row.employee_id for row in shown], on=on)
    return PositionPool(
        position=position,
        holders=holders,
        pool=[Member(candidate=row, placement=today[row.employee_id]) for row in shown],
        hidden_pool=len(current) - len(shown),
        removed=removed,
        proposals=proposals(access, position, on=on, exclude={row.employee_id for row in current}),
    )
