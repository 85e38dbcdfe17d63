"""Reads of the organisation tree. Every list starts from the units the account may see."""

from dataclasses import dataclass

from django.db.models import Count, Q

from simerit.accounts.models import User
from simerit.core.roles import Role
from simerit.organization.models import Position, WorkUnit, WorkUnitQuerySet
from simerit.organization.permissions import opd_scope


@dataclass(frozen=True)
class UnitRow:
    """A unit with its active employees: directly in it, and in it plus every unit below it."""

    unit: WorkUnit
    direct_count: int
    subtree_count: int


def visible_units(user: User) -> WorkUnitQuerySet:
    """Units the account may open: all for Admin BKPSDM and Auditor, its subtree for an Admin OPD."""
    units: WorkUnitQuerySet = WorkUnit.objects.all()
    if user.has_role(Role.ADMIN_BKPSDM, Role.AUDITOR):
        return units
    if user.has_role(Role.ADMIN_OPD):
        scope = opd_scope(user)
        if scope is not None:
            return units.subtree(scope)
    return units.none()


def manageable_units(user: User) -> WorkUnitQuerySet:
    """Active units the account may put employees in: all for Admin BKPSDM, its subtree for an Admin OPD."""
    units: WorkUnitQuerySet = WorkUnit.objects.active()
    if user.has_role(Role.ADMIN_BKPSDM):
        return units
    if user.has_role(Role.ADMIN_OPD):
        scope = opd_scope(user)
        if scope is not None:
            return units.subtree(scope)
    return units.none()


def _with_counts(units: WorkUnitQuerySet) -> list[UnitRow]:
    """Rows in tree order; subtree totals are summed here from the per-unit counts."""
    ordered = list(units.order_by("path"))
    direct: dict[int, int] = dict(
        units.annotate(count=Count("employees", filter=Q(employees__is_active=True)))
        .order_by()
        .values_list("pk", "count")
    )
    totals: dict[int, int] = {}
    for unit in ordered:
        for ancestor_id in _path_ids(unit.path):
            totals[ancestor_id] = totals.get(ancestor_id, 0) + direct.get(unit.pk, 0)
    return [
        UnitRow(unit=unit, direct_count=direct.get(unit.pk, 0), subtree_count=totals[unit.pk])
        for unit in ordered
    ]


def _path_ids(path: str) -> list[int]:
    return [int(part) for part in path.strip("/").split("/") if part]


def list_unit_tree(*, user: User, search: str = "") -> list[UnitRow]:
    """The visible tree with employee counts; `search` keeps units whose name or code contains it."""
    rows = _with_counts(visible_units(user))
    term = search.strip().casefold()
    if not term:
        return rows
    return [
        row
        for row in rows
        if term in row.unit.name.casefold()
        or term in row.unit.code.casefold()
        or term in row.unit.short_name.casefold()
    ]


@dataclass(frozen=True)
class Ancestor:
    unit: WorkUnit
    can_open: bool


@dataclass(frozen=True)
class UnitDetail:
    unit: WorkUnit
    ancestors: list[Ancestor]
    children: list[UnitRow]
    positions: list[Position]
    direct_count: int
    subtree_count: int


def get_unit_detail(*, unit: WorkUnit, user: User) -> UnitDetail:
    """Everything the unit page shows; `user` only decides which ancestors are links.

    Whether `user` may open `unit` itself is the caller's job.
    """
    ancestor_ids = _path_ids(unit.path)[:-1]
    openable = set(visible_units(user).filter(pk__in=ancestor_ids).values_list("pk", flat=True))
    ancestors = [
        Ancestor(unit=ancestor, can_open=ancestor.pk in openable)
        for ancestor in WorkUnit.objects.filter(pk__in=ancestor_ids).order_by("depth")
    ]
    subtree = _with_counts(WorkUnit.objects.subtree(unit))
    own = next(row for row in subtree if row.unit.pk == unit.pk)
    children = [row for row in subtree if row.unit.parent_id == unit.pk]
    positions = list(unit.positions.order_by("name"))
    return UnitDetail(
        unit=unit,
        ancestors=ancestors,
        children=children,
        positions=positions,
        direct_count=own.direct_count,
        subtree_count=own.subtree_count,
    )


def count_active_units() -> int:
    return WorkUnit.objects.active().count()
