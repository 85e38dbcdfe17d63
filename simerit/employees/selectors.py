"""Reads of employee records. Every list starts from what the account may see."""

from django.db.models import Count, Q, QuerySet

from simerit.accounts.models import User
from simerit.employees.models import Employee, EmployeeKind, EmployeeQuerySet
from simerit.employees.permissions import visible_employees
from simerit.organization.models import Position, WorkUnit
from simerit.organization.selectors import manageable_units


def list_employees(
    *,
    user: User,
    search: str = "",
    work_unit: WorkUnit | None = None,
    golongan_code: str = "",
    kind: str = "",
    active_only: bool = True,
    nik_needs_review: bool = False,
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
    if nik_needs_review:
        employees = employees.filter(nik_needs_review=True)
    return employees.order_by("name", "pk")


# --- What an editor may put on a record. The form, the import and the API all resolve through
# these, so that the three channels accept the same supervisors and positions.


def list_assignable_supervisors(*, user: User) -> EmployeeQuerySet:
    """Employees `user` may name as someone's supervisor: exactly the records they may open.

    A record outside the account's view looks the same as one that does not exist, so a refusal
    never tells the account that a NIP or an id exists elsewhere.
    """
    return visible_employees(user)


def get_assignable_supervisor(
    *, user: User, keep: Employee | None, nip: str = "", employee_id: int | None = None
) -> Employee | None:
    """The supervisor named by `nip` or `employee_id`, or None when `user` may not name them.

    `keep` is the supervisor already stored: keeping it needs no right over it (an Admin OPD edits
    the head of its OPD, whose own supervisor sits outside the OPD).
    """
    if keep is not None and (keep.nip == nip or keep.pk == employee_id):
        return keep
    supervisors = list_assignable_supervisors(user=user)
    if nip:
        return supervisors.filter(nip=nip).first()
    if employee_id is not None:
        return supervisors.filter(pk=employee_id).first()
    return None


def list_assignable_positions(*, user: User, keep: Position | None = None) -> QuerySet[Position]:
    """General positions and those of the units `user` manages, plus `keep` (the one held now).

    services.validate_employee_input then requires the position's unit to be the employee's unit
    or a unit above it.
    """
    condition = Q(work_unit__isnull=True) | Q(work_unit__in=manageable_units(user))
    if keep is not None:
        condition |= Q(pk=keep.pk)
    return Position.objects.filter(condition).select_related("work_unit")


def get_assignable_position(
    *, user: User, position_id: int, keep: Position | None = None
) -> Position | None:
    """The position with this id, or None when it does not exist or `user` may not assign it."""
    return list_assignable_positions(user=user, keep=keep).filter(pk=position_id).first()


def get_employee_profile(*, employee_id: int) -> Employee:
    """One employee with everything the profile page shows (permission is the caller's job)."""
    return (
        Employee.objects.select_related(
            "work_unit", "position", "golongan", "supervisor", "supervisor__position"
        )
        .prefetch_related(
            "education__level",
            "rank_history__golongan",
            "position_history__position",
            "position_history__work_unit",
        )
        .get(pk=employee_id)
    )


def list_team(*, supervisor: User) -> EmployeeQuerySet:
    """The direct subordinates of the account's employee record."""
    return (
        Employee.objects.active()
        .filter(supervisor__user=supervisor)
        .select_related("work_unit", "position", "golongan")
        .order_by("name", "pk")
    )


def list_subordinates(*, employee: Employee) -> EmployeeQuerySet:
    """The active direct subordinates of one employee, for the profile page."""
    return (
        Employee.objects.active()
        .filter(supervisor=employee)
        .select_related("position", "work_unit")
        .order_by("name", "pk")
    )


def get_own_employee(*, user: User) -> Employee | None:
    """The employee record linked to the account, or None for an account without one."""
    return (
        Employee.objects.select_related("work_unit", "position", "golongan")
        .filter(user=user)
        .first()
    )


def count_active_by_kind(*, work_unit: WorkUnit | None = None) -> dict[str, int]:
    """Active employees by kind plus "total", in one query; `work_unit` includes units below it."""
    employees = Employee.objects.active()
    if work_unit is not None:
        employees = employees.in_subtree(work_unit)
    counts = employees.aggregate(
        total=Count("pk"),
        **{kind.value: Count("pk", filter=Q(kind=kind)) for kind in EmployeeKind},
    )
    return {key: int(value or 0) for key, value in counts.items()}


def count_team(*, supervisor: User) -> int:
    """Active direct subordinates of the account's employee record."""
    return Employee.objects.active().filter(supervisor__user=supervisor).count()


def filter_visible_ids(*, user: User, ids: list[int]) -> set[int]:
    """Which of `ids` the account may open (to decide which names on a page are links)."""
    if not ids:
        return set()
    return set(visible_employees(user).filter(pk__in=ids).values_list("pk", flat=True))
