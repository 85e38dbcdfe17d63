"""Who may see and change career data (promotion eligibility, angka kredit, talent, succession,
retirement forecast).

Reading follows `employees.permissions.visible_employees` (the employee, their supervisors, an
Admin OPD for its subtree, Admin BKPSDM, the Auditor) — except the 9-box and succession pools,
which are talent decisions: Admin BKPSDM and the Auditor see all, an Admin OPD its subtree, a
supervisor their team; an employee sees their own box only in self-service. Admin BKPSDM is the
only writer (configuration, potential scores, opening balances, succession pools), never for
their own record.
"""

from simerit.accounts.models import User
from simerit.core.roles import Role
from simerit.employees.models import Employee, EmployeeQuerySet
from simerit.employees.permissions import visible_employees as visible_employee_records

HR_ONLY = "Hanya Admin BKPSDM yang dapat mengubah data karier."
OWN_RECORD = "Anda tidak dapat mengubah data karier diri sendiri."


def is_hr(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.ADMIN_BKPSDM)


def reads_everything(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.ADMIN_BKPSDM, Role.AUDITOR)


def employee_of(user: User) -> Employee | None:
    if not user.is_authenticated:
        return None
    return Employee.objects.filter(user=user).select_related("position", "work_unit").first()


def visible_employees(user: User) -> EmployeeQuerySet:
    if not user.is_authenticated:
        return Employee.objects.none()
    return visible_employee_records(user)


def reads_lists(user: User) -> bool:
    """The unit-wide lists (promotion period list, 9-box, succession, BUP forecast)."""
    return user.is_authenticated and user.has_role(
        Role.ADMIN_BKPSDM, Role.AUDITOR, Role.ADMIN_OPD, Role.ATASAN
    )


def can_change_for(user: User, employee: Employee) -> bool:
    return is_hr(user) and not (employee.user_id is not None and employee.user_id == user.pk)
