"""Reads of employee records. Every list starts from what the account may see."""

from django.db.models import Q

from simerit.accounts.models import User
from simerit.employees.models import Employee, EmployeeQuerySet
from simerit.employees.permissions import visible_employees
from simerit.organization.models import WorkUnit


def list_employees(
    *,
    user: User,
    search: str = "",
    work_unit: WorkUnit | None = None,
    golongan_code: str = "",
    kind: str = "",
    active_only: bool = True,
) -> EmployeeQuerySet:
    """Employees the account may see, filtered; `work_unit` includes the units below it.

    A search term of digits matches the start of the NIP; anything else matches the name. NIK is
    never a search key (it would put NIK into URLs and logs).
    """
    employees = visible_employees(user).select_related("work_unit", "position", "golongan")
    if active_only:
        employees = employees.active()
    term = search.strip()
    if term.isdigit():
        employees = employees.filter(nip__startswith=term)
    elif term:
        employees = employees.filter(Q(name__icontains=term) | Q(back_title__icontains=term))
    if work_unit is not None:
        employees = employees.in_subtree(work_unit)
    if golongan_code:
        employees = employees.filter(golongan__code=golongan_code)
    if kind:
        employees = employees.filter(kind=kind)
    return employees.order_by("name", "pk")


def get_employee_profile(*, employee_id: int) -> Employee:
    """One employee with everything the profile page shows (permission is the caller's job)."""
    return (
        Employee.objects.select_related(
            "work_unit", "position", "golongan", "supervisor", "supervisor__position"
        )
        .prefetch_related("education__level", "rank_history__golongan", "position_history")
        .get(pk=employee_id)
    )


def list_team(*, supervisor: User) -> EmployeeQuerySet:
    """The direct subordinates of the account's employee record."""
    return (
        Employee.objects.active()
        .filter(supervisor__user=supervisor)
        .select_related("work_unit", "position", "golongan")
        .order_by("name")
    )
