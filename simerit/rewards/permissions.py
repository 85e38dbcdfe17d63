"""Who may see and do what with awards (§7.6; issue #8).

- The catalogue is read by every logged-in account; Admin BKPSDM creates and edits the awards
  other than the Satyalancana classes (fixed by regulation), their criteria and committees.
- The Satyalancana list of a year is read by Admin BKPSDM and the Auditor (everyone, with the
  case numbers of the sanctions that exclude) and by an Admin OPD (its subtree, without case
  numbers: discipline cases are not an OPD matter).
- Nominations: Admin BKPSDM nominates anyone, an Admin OPD the employees of its subtree, never
  themself. They are seen by Admin BKPSDM and the Auditor (all), an Admin OPD (its subtree), the
  committee of the award and year, and the nominee (their own: the status and the decision note,
  never the scores nor the final score). Admin BKPSDM decides, never on a nomination of themself.
- Discipline cases behind a condition not met (the case number and the decision date) are shown
  only to those who may see the case (`discipline.permissions`): the employee, their chain of
  supervisors, Admin BKPSDM and the Auditor. Anyone else (an Admin OPD, a committee member) reads
  the same sentence without them.
- The committee is made of staff accounts (Pegawai, Atasan, Admin OPD, Admin BKPSDM); never the
  Auditor (who writes nothing) nor a Pelamar.
- Grants are seen as the employee record is (`employees.permissions.visible_employees`); Admin
  BKPSDM revokes, never a grant of themself. The Auditor reads everything and writes nothing.
"""

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from simerit.accounts.models import User
from simerit.core.roles import Role
from simerit.employees.models import Employee, EmployeeQuerySet
from simerit.employees.permissions import team_condition
from simerit.employees.permissions import visible_employees as visible_employee_records
from simerit.organization.permissions import opd_scope
from simerit.rewards.models import CommitteeMember, Grant, Nomination

HR_ONLY = "Hanya Admin BKPSDM yang dapat melakukan tindakan ini."
SATYALANCANA_READERS_ONLY = "Daftar Satyalancana hanya untuk Admin BKPSDM, Auditor, dan Admin OPD."
NOMINATORS_ONLY = "Hanya Admin BKPSDM atau Admin OPD yang dapat mengusulkan penghargaan."
OUT_OF_SCOPE = "Pegawai ini berada di luar unit kerja yang Anda kelola."
OWN_NOMINATION = "Anda tidak dapat mengusulkan diri sendiri untuk penghargaan."
OWN_DECISION = "Anda tidak dapat memutus usulan penghargaan atas diri sendiri."
NOT_MEMBER = "Anda bukan anggota tim penilai penghargaan ini untuk tahun tersebut."
OWN_SCORE = "Anda tidak dapat menilai usulan atas diri sendiri."
OWN_REVOCATION = "Anda tidak dapat mencabut penghargaan atas diri sendiri."
COMMITTEE_ROLES_ONLY = (
    "Anggota tim penilai harus akun Pegawai, Atasan, Admin OPD atau Admin BKPSDM; akun Auditor "
    "atau Pelamar tidak dapat menjadi anggota."
)
# The accounts that may sit on a committee, and those that never may (even with a staff role).
COMMITTEE_ROLES = (Role.ADMIN_BKPSDM, Role.ADMIN_OPD, Role.ATASAN, Role.PEGAWAI)
NEVER_ON_COMMITTEE = (Role.AUDITOR, Role.PELAMAR)


def is_hr(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.ADMIN_BKPSDM)


def reads_everything(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.ADMIN_BKPSDM, Role.AUDITOR)


def reads_satyalancana(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.ADMIN_BKPSDM, Role.AUDITOR, Role.ADMIN_OPD)


def shows_case_numbers(user: User) -> bool:
    """Only Admin BKPSDM and the Auditor see which case excluded an employee."""
    return reads_everything(user)


def case_readable(user: User, employee_ids: Iterable[int]) -> set[int]:
    """The employees among `employee_ids` whose discipline cases `user` may see (as
    `discipline.permissions` rules it): everyone for Admin BKPSDM and the Auditor; otherwise
    the account's own record and, for an Atasan, their team down the supervisor chain."""
    wanted = set(employee_ids)
    if reads_everything(user):
        return wanted
    if not user.is_authenticated or not wanted:
        return set()
    condition = Q(user=user)
    if user.has_role(Role.ATASAN):
        condition |= team_condition(user)
    found = Employee.objects.filter(condition, pk__in=wanted)
    return set(found.values_list("pk", flat=True))


def sees_cases_of(user: User, employee: Employee) -> bool:
    return employee.pk in case_readable(user, [employee.pk])


def sees_final_score(user: User, nomination: Nomination) -> bool:
    """Everyone who sees a nomination sees its final score, except the nominee."""
    return not is_own(user, nomination.employee)


def may_sit_on_committee(user: User) -> bool:
    return user.has_role(*COMMITTEE_ROLES) and not user.has_role(*NEVER_ON_COMMITTEE)


def employee_of(user: User) -> Employee | None:
    if not user.is_authenticated:
        return None
    return Employee.objects.filter(user=user).first()


def is_own(user: User, employee: Employee) -> bool:
    return employee.user_id is not None and employee.user_id == user.pk


def scope_employees(user: User) -> EmployeeQuerySet:
    """The employees of the Satyalancana list and the nomination pickers: everyone for Admin
    BKPSDM and the Auditor, the subtree for an Admin OPD, nobody else."""
    if reads_everything(user):
        return Employee.objects.all()
    if user.is_authenticated and user.has_role(Role.ADMIN_OPD):
        scope = opd_scope(user)
        if scope is not None:
            return Employee.objects.in_subtree(scope)
    return Employee.objects.none()


def nomination_refusal(user: User, employee: Employee) -> str | None:
    """Why the account may not nominate the employee (None: it may)."""
    if not user.is_authenticated or not user.has_role(Role.ADMIN_BKPSDM, Role.ADMIN_OPD):
        return NOMINATORS_ONLY
    if is_own(user, employee):
        return OWN_NOMINATION
    if user.has_role(Role.ADMIN_BKPSDM):
        return None
    scope = opd_scope(user)
    if scope is None or not employee.work_unit.is_within(scope):
        return OUT_OF_SCOPE
    return None


def can_nominate_anyone(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.ADMIN_BKPSDM, Role.ADMIN_OPD)


def visible_nominations(user: User) -> QuerySet[Nomination]:
    if not user.is_authenticated:
        return Nomination.objects.none()
    if reads_everything(user):
        return Nomination.objects.all()
    condition = Q(employee__user=user)
    if user.has_role(Role.ADMIN_OPD):
        scope = opd_scope(user)
        if scope is not None:
            condition |= Q(employee__work_unit__path__startswith=scope.path)
    seats = CommitteeMember.objects.filter(user=user).values_list("award_id", "year")
    for award_id, year in seats:
        condition |= Q(award_id=award_id, year=year)
    return Nomination.objects.filter(condition)


def is_committee_member(user: User, nomination: Nomination) -> bool:
    return CommitteeMember.objects.filter(
        award_id=nomination.award_id, year=nomination.year, user=user
    ).exists()


def can_withdraw(user: User, nomination: Nomination) -> bool:
    """Admin BKPSDM, or the Admin OPD who made the nomination."""
    if is_own(user, nomination.employee):
        return False
    if is_hr(user):
        return True
    return (
        user.has_role(Role.ADMIN_OPD)
        and nomination.nominated_by_id == user.pk
        and nomination_refusal(user, nomination.employee) is None
    )


def visible_employees(user: User) -> EmployeeQuerySet:
    if not user.is_authenticated:
        return Employee.objects.none()
    return visible_employee_records(user)


def visible_grants(user: User) -> QuerySet[Grant]:
    if not user.is_authenticated:
        return Grant.objects.none()
    if reads_everything(user):
        return Grant.objects.all()
    return Grant.objects.filter(employee__in=visible_employees(user).values("pk"))
