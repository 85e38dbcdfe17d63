"""Who may see and change which SKP (and everything under it: realisation, evidence, feedback,
360 input, the appraisal and the keberatan).

Seeing an SKP: the employee; the pejabat penilai and the atasan pejabat penilai named on it; their
supervisors up the chain (employees.permissions.team_condition); Admin BKPSDM; the Auditor (reads
only); an Admin OPD for SKPs of its unit subtree. Nobody else: an employee never sees a peer's or
another unit's SKP. Each part's services check the finer rule (only the employee drafts, only the
pejabat penilai approves and decides, only the atasan decides a keberatan).
"""

from django.db.models import Q, QuerySet

from simerit.accounts.models import User
from simerit.core.roles import Role
from simerit.employees.models import Employee
from simerit.employees.permissions import team_condition
from simerit.organization.permissions import opd_scope
from simerit.performance.models import Skp


def employee_of(user: User) -> Employee | None:
    """The account's own employee record (None for an account that is not an employee)."""
    if not user.is_authenticated:
        return None
    return Employee.objects.filter(user=user).first()


def is_hr(user: User) -> bool:
    """Admin BKPSDM manages performance years, unit predikat and rater lists."""
    return user.is_authenticated and user.has_role(Role.ADMIN_BKPSDM)


def is_auditor(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.AUDITOR)


def visible_skps(user: User) -> QuerySet[Skp]:
    """Every SKP the account may open, as one queryset."""
    skps = Skp.objects.all()
    if not user.is_authenticated:
        return skps.none()
    if user.has_role(Role.ADMIN_BKPSDM, Role.AUDITOR):
        return skps
    condition = Q(employee__user=user) | Q(evaluator__user=user) | Q(evaluator_superior__user=user)
    if user.has_role(Role.ATASAN):
        team = team_condition(user)
        condition |= Q(employee__in=Employee.objects.filter(team))
    if user.has_role(Role.ADMIN_OPD):
        scope = opd_scope(user)
        if scope is not None:
            condition |= Q(work_unit__path__startswith=scope.path)
    return skps.filter(condition)


def can_view_skp(user: User, skp: Skp) -> bool:
    return visible_skps(user).filter(pk=skp.pk).exists()


def is_owner(user: User, skp: Skp) -> bool:
    """The employee whose SKP it is."""
    return user.is_authenticated and skp.employee.user_id == user.pk


def is_evaluator(user: User, skp: Skp) -> bool:
    """The pejabat penilai named on the SKP."""
    return user.is_authenticated and skp.evaluator.user_id == user.pk


def is_evaluator_superior(user: User, skp: Skp) -> bool:
    """The atasan pejabat penilai named on the SKP (hears a keberatan)."""
    superior = skp.evaluator_superior
    return user.is_authenticated and superior is not None and superior.user_id == user.pk
