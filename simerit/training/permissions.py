"""Who may see and change which training data.

Training records of an employee (enrolments, attendance, certificates, external training, JP,
needs) are visible to what `employees.permissions.visible_employees` allows: the employee, their
supervisors up the chain, an Admin OPD for its unit subtree, Admin BKPSDM and the Auditor (who only
reads). Admin BKPSDM manages the catalogue, classes, attendance, completion, certificates, the
validation of external training, the configuration and the public information sessions. The
direct supervisor (Employee.supervisor) approves a subordinate's enrolment request; any supervisor
up the chain may nominate. Each part's services check the finer rule.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from simerit.accounts.models import User
from simerit.core.roles import Role
from simerit.employees.models import Employee, EmployeeQuerySet
from simerit.employees.permissions import team_condition
from simerit.employees.permissions import visible_employees as visible_employee_records
from simerit.organization.models import WorkUnit
from simerit.organization.permissions import opd_scope
from simerit.training.models import Enrolment, ExternalTraining, TrainingClass

HR_ONLY = "Hanya Admin BKPSDM yang dapat melakukan tindakan ini."
READ_ONLY = "Akun ini hanya dapat membaca data pelatihan."


def employee_of(user: User) -> Employee | None:
    """The account's own employee record (None for an account that is not an employee)."""
    if not user.is_authenticated:
        return None
    return Employee.objects.filter(user=user).select_related("position", "work_unit").first()


def is_hr(user: User) -> bool:
    """Admin BKPSDM: manages the catalogue, classes, validation and configuration."""
    return user.is_authenticated and user.has_role(Role.ADMIN_BKPSDM)


def is_auditor(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.AUDITOR)


def reads_everything(user: User) -> bool:
    """Admin BKPSDM and the Auditor see every employee's training data."""
    return user.is_authenticated and user.has_role(Role.ADMIN_BKPSDM, Role.AUDITOR)


def visible_employees(user: User) -> EmployeeQuerySet:
    """The employees whose training data the account may see."""
    if not user.is_authenticated:
        return Employee.objects.none()
    return visible_employee_records(user)


def can_view_employee_training(user: User, employee: Employee) -> bool:
    return visible_employees(user).filter(pk=employee.pk).exists()


# A class past its draft that people may find and open; a cancelled one stays visible only to those
# with an enrolment in it (and to HR and the Auditor).
BROWSABLE_CLASS_STATUSES = (
    TrainingClass.Status.OPEN,
    TrainingClass.Status.CLOSED,
    TrainingClass.Status.COMPLETED,
)


def ancestor_paths(unit: WorkUnit) -> list[str]:
    """The paths of the unit and of every unit above it ("/1/4/17/" → "/1/", "/1/4/",
    "/1/4/17/")."""
    parts = [part for part in unit.path.split("/") if part]
    return ["/" + "/".join(parts[:end]) + "/" for end in range(1, len(parts) + 1)]


def class_reach(user: User, *, prefix: str = "") -> Q:
    """Which classes the account may reach by their unit, whatever their status: every class for
    Admin BKPSDM and the Auditor; otherwise the classes open to every unit, those held for the
    unit of the account's employee record or a unit above it (the classes it may enrol in), for a
    supervisor also those held for a unit below its own (to nominate staff there), and for an
    Admin OPD those held for its scope, a unit above it or a unit below it. `prefix` reaches the
    class from another model ("classes__"). The one rule of the catalogue, the class pages and
    enrolment."""
    if reads_everything(user):
        return Q()
    paths: set[str] = set()
    reach = Q(**{f"{prefix}work_unit__isnull": True})
    employee = employee_of(user)
    if employee is not None:
        paths.update(ancestor_paths(employee.work_unit))
        if user.has_role(Role.ATASAN):
            reach |= Q(**{f"{prefix}work_unit__path__startswith": employee.work_unit.path})
    scope = opd_scope(user) if user.has_role(Role.ADMIN_OPD) else None
    if scope is not None:
        paths.update(ancestor_paths(scope))
        reach |= Q(**{f"{prefix}work_unit__path__startswith": scope.path})
    if paths:
        reach |= Q(**{f"{prefix}work_unit__path__in": sorted(paths)})
    return reach


def classes_visible_to(user: User) -> QuerySet[TrainingClass]:
    """The classes the account may open: every class for Admin BKPSDM and the Auditor; otherwise
    the browsable classes within `class_reach`, and any class in which the account's employee
    record has an enrolment (whatever its status or unit)."""
    classes = TrainingClass.objects.all()
    if not user.is_authenticated:
        return classes.none()
    if reads_everything(user):
        return classes
    visible = Q(status__in=BROWSABLE_CLASS_STATUSES) & class_reach(user)
    employee = employee_of(user)
    if employee is not None:
        visible |= Q(
            Exists(Enrolment.objects.filter(training_class=OuterRef("pk"), employee=employee))
        )
    return classes.filter(visible)


def is_direct_supervisor(user: User, employee: Employee) -> bool:
    """The account is the employee's atasan langsung (approves enrolment requests)."""
    supervisor = employee.supervisor
    return (
        user.is_authenticated
        and user.has_role(Role.ATASAN)
        and supervisor is not None
        and supervisor.user_id == user.pk
    )


def is_in_team(user: User, employee: Employee) -> bool:
    """The employee is under the account's employee record (any level): the account may nominate."""
    return (
        user.is_authenticated
        and user.has_role(Role.ATASAN)
        and Employee.objects.filter(team_condition(user), pk=employee.pk).exists()
    )


def visible_enrolments(user: User) -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(employee__in=visible_employees(user))


def visible_external_trainings(user: User) -> QuerySet[ExternalTraining]:
    return ExternalTraining.objects.filter(employee__in=visible_employees(user))
