"""Who may see and do what with discipline cases (PP 94/2021; issue #8).

Case details (the report, summons, BAP, decision, appeals) are visible only to the employee
concerned, their chain of supervisors (up to `employees.permissions.TEAM_DEPTH` levels), Admin
BKPSDM and the Auditor (who only reads). An Admin OPD sees none: discipline is not an OPD
administration matter. Admin BKPSDM records every step; the atasan langsung (or anyone up the
chain) may report a subordinate. Nobody acts on a case about themself. The employee concerned
sees their case without the reporter's name (`sees_reporter`).
"""

from django.db.models import Q, QuerySet

from simerit.accounts.models import User
from simerit.core.roles import Role
from simerit.discipline.models import DisciplineCase, MonthlyAttendance, Sanction
from simerit.employees.models import Employee
from simerit.employees.permissions import team_condition

HR_ONLY = "Hanya Admin BKPSDM yang dapat mencatat langkah pemeriksaan disiplin."
OWN_CASE = "Anda tidak dapat memproses kasus disiplin atas diri sendiri."
NOT_VISIBLE = "Kasus disiplin tidak ditemukan."


def is_hr(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.ADMIN_BKPSDM)


def reads_everything(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.ADMIN_BKPSDM, Role.AUDITOR)


def employee_of(user: User) -> Employee | None:
    if not user.is_authenticated:
        return None
    return Employee.objects.filter(user=user).first()


def _employee_condition(user: User, prefix: str) -> Q:
    """Employees (`prefix` leads to the employee) whose discipline data the account may see."""
    if reads_everything(user):
        return Q()
    if not user.is_authenticated:
        return Q(pk__in=[])
    condition = Q(**{f"{prefix}user": user})
    if user.has_role(Role.ATASAN):
        team = team_condition(user)
        condition |= Q(**{f"{prefix}pk__in": Employee.objects.filter(team).values("pk")})
    return condition


def visible_cases(user: User) -> QuerySet[DisciplineCase]:
    if not user.is_authenticated:
        return DisciplineCase.objects.none()
    return DisciplineCase.objects.filter(_employee_condition(user, "employee__"))


def visible_sanctions(user: User) -> QuerySet[Sanction]:
    if not user.is_authenticated:
        return Sanction.objects.none()
    return Sanction.objects.filter(_employee_condition(user, "employee__"))


def visible_attendance(user: User) -> QuerySet[MonthlyAttendance]:
    if not user.is_authenticated:
        return MonthlyAttendance.objects.none()
    return MonthlyAttendance.objects.filter(_employee_condition(user, "employee__"))


def can_view_case(user: User, case: DisciplineCase) -> bool:
    return visible_cases(user).filter(pk=case.pk).exists()


def is_own_case(user: User, case: DisciplineCase) -> bool:
    return case.employee.user_id is not None and case.employee.user_id == user.pk


def sees_reporter(user: User, case: DisciplineCase) -> bool:
    """Whether a reader of the case sees who reported it: everyone who may see the case except
    the employee concerned (a complainant is not exposed to the person they reported)."""
    return not is_own_case(user, case)


def can_manage_case(user: User, case: DisciplineCase) -> bool:
    """Record summons, team, BAP, decision and appeals: Admin BKPSDM, never on their own case."""
    return is_hr(user) and not is_own_case(user, case)


def can_report(user: User, employee: Employee) -> bool:
    """Open a case: Admin BKPSDM for anyone but themself; a supervisor for someone in their team."""
    if employee.user_id is not None and employee.user_id == user.pk:
        return False
    if is_hr(user):
        return True
    if user.is_authenticated and user.has_role(Role.ATASAN):
        return Employee.objects.filter(team_condition(user), pk=employee.pk).exists()
    return False
