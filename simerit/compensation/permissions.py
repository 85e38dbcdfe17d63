"""Who may see and do what with TPP (issue #8, §7.6).

Admin BKPSDM configures the schemes and computes, recomputes, finalises and corrects the monthly
runs. The Auditor reads everything and changes nothing. An Admin OPD reads the schemes and the
runs, but only the lines computed for its unit subtree (by the unit the employee held when the
line was computed, so a line stays with the OPD that paid it after a move). An employee sees only
their own lines, and only those of final runs (a draft is HR's working copy, a superseded run is
no longer what payroll pays).

A line's discipline case number is shown only to those who may see the case: Admin BKPSDM, the
Auditor, and the employee on their own line (issue #8: case details are for the employee, their
supervisors, HR and the Auditor; an Admin OPD and payroll need the cut, not the case).
"""

from django.db.models import Q, QuerySet

from simerit.accounts.models import User
from simerit.compensation.models import Line, Run
from simerit.core.roles import Role
from simerit.employees.models import Employee
from simerit.organization.permissions import opd_scope

HR_ONLY = "Hanya Admin BKPSDM yang dapat mengatur dan menghitung TPP."
NOT_VISIBLE = "Perhitungan TPP tidak ditemukan."


def is_hr(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.ADMIN_BKPSDM)


def reads_everything(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.ADMIN_BKPSDM, Role.AUDITOR)


def reads_runs(user: User) -> bool:
    """The scheme and run pages (an Admin OPD sees only its subtree's lines in them)."""
    if reads_everything(user):
        return True
    return user.is_authenticated and user.has_role(Role.ADMIN_OPD) and opd_scope(user) is not None


def employee_of(user: User) -> Employee | None:
    if not user.is_authenticated:
        return None
    return Employee.objects.filter(user=user).first()


def staff_condition(user: User, prefix: str = "") -> Q:
    """Employees (`prefix` leads to the employee) whose TPP the account reads as staff: everyone
    for Admin BKPSDM and the Auditor, an Admin OPD's subtree, nobody for anyone else."""
    if reads_everything(user):
        return Q()
    if user.is_authenticated and user.has_role(Role.ADMIN_OPD):
        scope = opd_scope(user)
        if scope is not None:
            return Q(**{f"{prefix}work_unit__path__startswith": scope.path})
    return Q(pk__in=[])


def line_staff_condition(user: User) -> Q:
    """Lines the account reads as staff: an Admin OPD's by the unit each line was computed for
    (a line without it, from before units were recorded, by the employee's current unit)."""
    if reads_everything(user):
        return Q()
    if user.is_authenticated and user.has_role(Role.ADMIN_OPD):
        scope = opd_scope(user)
        if scope is not None:
            return Q(work_unit__path__startswith=scope.path) | Q(
                work_unit__isnull=True, employee__work_unit__path__startswith=scope.path
            )
    return Q(pk__in=[])


def visible_lines(user: User) -> QuerySet[Line]:
    """Every TPP line the account may read, across runs."""
    if not user.is_authenticated:
        return Line.objects.none()
    if reads_everything(user):  # (an empty Q() would vanish in the OR below)
        return Line.objects.all()
    own = Q(employee__user=user, run__status=Run.Status.FINAL)
    return Line.objects.filter(line_staff_condition(user) | own)


def shows_case_number(user: User, line: Line) -> bool:
    """Whether the account may read the discipline case number on `line`: Admin BKPSDM, the
    Auditor, and the employee on their own line; never an Admin OPD for its staff."""
    if not user.is_authenticated:
        return False
    return reads_everything(user) or line.employee.user_id == user.pk


def case_number_for(user: User, line: Line) -> str:
    """The line's case number as the account may read it ("" when it may not)."""
    return line.sanction_case_number if shows_case_number(user, line) else ""


def visible_runs(user: User) -> QuerySet[Run]:
    """The runs the account may open: all for the staff who read runs, otherwise the final runs
    holding one of the account's own lines."""
    if not user.is_authenticated:
        return Run.objects.none()
    if reads_runs(user):
        return Run.objects.all()
    return Run.objects.filter(status=Run.Status.FINAL, lines__employee__user=user).distinct()


def can_view_run(user: User, run: Run) -> bool:
    return visible_runs(user).filter(pk=run.pk).exists()
