"""Who may read the bias reports of which units, and who may see rater names.

Admin BKPSDM and the Auditor read every unit; an Atasan reads their own unit and the units below
it; an Admin OPD reads its OPD's subtree (the unit dashboard only). Rater names: the Auditor
always; everybody else only for answers given as pejabat penilai (RaterStatistic.label)."""

from django.db.models import QuerySet

from simerit.accounts.models import User
from simerit.core.roles import Role
from simerit.organization.models import WorkUnit
from simerit.organization.permissions import opd_scope
from simerit.performance import permissions


def sees_all_units(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.ADMIN_BKPSDM, Role.AUDITOR)


def reveals_rater_names(user: User) -> bool:
    return permissions.is_auditor(user)


def leadership_root(user: User, *, include_opd_admin: bool) -> WorkUnit | None:
    """The unit whose subtree an Atasan (or an Admin OPD, when included) may read."""
    if user.has_role(Role.ATASAN):
        employee = permissions.employee_of(user)
        if employee is not None:
            return employee.work_unit
    if include_opd_admin and user.has_role(Role.ADMIN_OPD):
        return opd_scope(user)
    return None


def readable_units(user: User, *, include_opd_admin: bool = False) -> QuerySet[WorkUnit]:
    units = WorkUnit.objects.all()
    if sees_all_units(user):
        return units
    root = leadership_root(user, include_opd_admin=include_opd_admin)
    return units.none() if root is None else units.subtree(root)


def may_read_bias(user: User, *, include_opd_admin: bool = False) -> bool:
    """The account may open the page at all (some unit, or all)."""
    if sees_all_units(user):
        return True
    return leadership_root(user, include_opd_admin=include_opd_admin) is not None
