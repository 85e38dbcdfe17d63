"""Who may see and change which employee record.

Admin BKPSDM and the Auditor see everyone (the Auditor only reads); an Admin OPD sees the employees
of its unit and the units below it; a supervisor sees their direct and indirect subordinates; an
employee sees their own record. Everyone else sees no record.
"""

from django.conf import settings
from django.db.models import Q

from simerit.accounts.models import User
from simerit.core.roles import Role
from simerit.employees.models import Employee, EmployeeQuerySet
from simerit.organization.permissions import opd_scope

# Levels of supervision followed for a supervisor's team; deeper chains are rare in a city government.
TEAM_DEPTH = 4


def visible_employees(user: User) -> EmployeeQuerySet:
    """Every employee record the account may open, as one queryset."""
    employees: EmployeeQuerySet = Employee.objects.all()
    if user.has_role(Role.ADMIN_BKPSDM, Role.AUDITOR):
        return employees
    condition = Q(pk__in=[])
    if user.has_role(Role.ADMIN_OPD):
        scope = opd_scope(user)
        if scope is not None:
            condition |= Q(work_unit__path__startswith=scope.path)
    if user.has_role(Role.ATASAN):
        condition |= team_condition(user)
    if user.has_role(Role.PEGAWAI, Role.ATASAN):
        condition |= Q(user=user)
    return employees.filter(condition)


def team_condition(user: User) -> Q:
    """Employees under the account's employee record, down to TEAM_DEPTH levels."""
    condition = Q(pk__in=[])
    lookup = "supervisor__user"
    for _ in range(TEAM_DEPTH):
        condition |= Q(**{lookup: user})
        lookup = f"supervisor__{lookup}"
    return condition


def can_view_employee(user: User, employee: Employee) -> bool:
    return visible_employees(user).filter(pk=employee.pk).exists()


def can_manage_employee(user: User, employee: Employee) -> bool:
    """Create, edit and import: Admin BKPSDM everywhere, Admin OPD within its subtree."""
    if user.has_role(Role.ADMIN_BKPSDM):
        return True
    if user.has_role(Role.ADMIN_OPD):
        scope = opd_scope(user)
        return scope is not None and employee.work_unit.is_within(scope)
    return False


def can_see_full_nik(user: User, employee: Employee) -> bool:
    """The full NIK: the employee themself and the roles in SIMERIT_NIK_VISIBLE_ROLES (UU 27/2022)."""
    if employee.user_id is not None and employee.user_id == user.pk:
        return True
    allowed = {Role(name) for name in settings.SIMERIT_NIK_VISIBLE_ROLES}
    return user.has_role(*allowed)
