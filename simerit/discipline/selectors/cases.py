"""Reads of discipline cases: the contract `cases_of` (self-service), the list and detail pages,
the employees an account may report, and which step of the procedure comes next.

No N+1: a list is one query (employee, unit and sanction joined); a detail page a fixed handful."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.db.models.functions import ExtractYear

from simerit.accounts.models import User
from simerit.core.roles import Role
from simerit.discipline import permissions
from simerit.discipline.models import (
    Appeal,
    DisciplineCase,
    Examination,
    Level,
    Sanction,
    Summons,
    TeamMember,
)
from simerit.employees.models import Employee
from simerit.employees.permissions import team_condition

Status = DisciplineCase.Status
OPEN_STATUSES = (Status.REPORTED, Status.SUMMONED)


def cases_of(employee_id: int) -> QuerySet[DisciplineCase]:
    """Every case of one employee, newest report first, with its sanction (None when not
    decided) and articles. No permission check: the caller decides who sees it."""
    return (
        DisciplineCase.objects.filter(employee_id=employee_id)
        .select_related("sanction")
        .prefetch_related("articles")
        .order_by("-reported_on", "-id")
    )


@dataclass(frozen=True)
class CaseFilters:
    status: str = ""
    level: str = ""
    year: int | None = None
    search: str = ""


def list_cases(user: User, filters: CaseFilters) -> QuerySet[DisciplineCase]:
    """The cases `user` may see, filtered. `level` is the sanction's level once decided, the
    suspected level before; `search` matches the case number, the name or the NIP."""
    cases = permissions.visible_cases(user).select_related(
        "employee", "employee__work_unit", "sanction"
    )
    if filters.status:
        cases = cases.filter(status=filters.status)
    if filters.level:
        cases = cases.filter(
            Q(sanction__level=filters.level)
            | Q(sanction__isnull=True, suspected_level=filters.level)
        )
    if filters.year is not None:
        cases = cases.filter(reported_on__year=filters.year)
    term = filters.search.strip()
    if term:
        cases = cases.filter(
            Q(number__icontains=term)
            | Q(employee__name__icontains=term)
            | Q(employee__nip__startswith=term)
        )
    return cases.order_by("-reported_on", "-id")


def case_years(user: User) -> list[int]:
    """The report years of the cases `user` sees, newest first (the year filter)."""
    years = (
        permissions.visible_cases(user)
        .annotate(year=ExtractYear("reported_on"))
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )
    return list(years)


def visible_case_queryset(user: User) -> QuerySet[DisciplineCase]:
    """The cases `user` may see, each with its whole file (for the detail page and the API):
    a fixed handful of queries however long the file."""
    return (
        permissions.visible_cases(user)
        .select_related(
            "employee",
            "employee__work_unit",
            "employee__position",
            "supervisor",
            "opened_by",
            "examination",
            "sanction",
        )
        .prefetch_related(
            "articles",
            Prefetch("summonses", queryset=Summons.objects.order_by("sequence")),
            Prefetch(
                "team",
                queryset=TeamMember.objects.select_related("employee").order_by("role", "id"),
            ),
            Prefetch("sanction__appeals", queryset=Appeal.objects.order_by("filed_on", "id")),
        )
    )


def get_visible_case(user: User, case_id: int) -> DisciplineCase | None:
    """The case with its whole file, or None when `user` may not see it."""
    return visible_case_queryset(user).filter(pk=case_id).first()


def examination_of(case: DisciplineCase) -> Examination | None:
    found: Examination | None = getattr(case, "examination", None)
    return found


def sanction_of(case: DisciplineCase) -> Sanction | None:
    found: Sanction | None = getattr(case, "sanction", None)
    return found


def reportable_employees(user: User) -> QuerySet[Employee]:
    """Active employees `user` may report (`permissions.can_report`), as one queryset: anyone
    but themself for Admin BKPSDM, their team for a supervisor, nobody otherwise."""
    employees = Employee.objects.filter(is_active=True).exclude(user=user)
    if permissions.is_hr(user):
        return employees
    if user.is_authenticated and user.has_role(Role.ATASAN):
        return employees.filter(team_condition(user))
    return employees.none()


@dataclass
class CaseActions:
    """What the account may do next on the case page (the services decide again)."""

    manage: bool = False
    summon: bool = False
    attendance_ids: list[int] = field(default_factory=list)
    team: bool = False
    examine: bool = False
    dismiss: bool = False
    decide: bool = False
    deliver: bool = False
    team_missing: bool = False


def case_actions(user: User, case: DisciplineCase) -> CaseActions:
    """The buttons and forms of the case page; uses the prefetched file of `get_visible_case`."""
    if not permissions.can_manage_case(user, case):
        return CaseActions()
    summonses = list(case.summonses.all())
    examination = examination_of(case)
    sanction = sanction_of(case)
    is_open = case.status in OPEN_STATUSES
    attended = any(summons.attended for summons in summonses)
    ignored_twice = len(summonses) == 2 and all(s.attended is False for s in summonses)
    can_summon = (
        is_open
        and not attended
        and (not summonses or (len(summonses) == 1 and summonses[0].attended is False))
    )
    roles = {member.role for member in case.team.all()}
    team_complete = TeamMember.Role.ATASAN in roles and bool(
        roles & {TeamMember.Role.PENGAWASAN, TeamMember.Role.KEPEGAWAIAN}
    )
    proven = examination is not None and examination.proven
    # Berat as reported, or as the BAP proposes: the BAP and a berat decision need the team.
    berat = case.suspected_level == Level.BERAT or (
        examination is not None and examination.proposed_level == Level.BERAT
    )
    return CaseActions(
        manage=True,
        summon=can_summon,
        attendance_ids=[s.pk for s in summonses if s.attended is None] if is_open else [],
        team=is_open,
        examine=is_open and attended and examination is None,
        dismiss=case.status in (*OPEN_STATUSES, Status.EXAMINED) and not proven,
        decide=sanction is None
        and case.status != Status.DISMISSED
        and (proven or (examination is None and ignored_twice)),
        deliver=sanction is not None and sanction.delivered_on is None,
        team_missing=berat and not team_complete,
    )


def decision_warning(sanction_type: str) -> str:
    """The warning shown with a PDHTAPS decision: SiMerit does not end the employment itself."""
    if sanction_type == "pdhtaps":
        return (
            "Hukuman PDHTAPS tidak mengubah status kepegawaian secara otomatis: Admin BKPSDM "
            "memproses pemberhentian pada data pegawai sesuai keputusan."
        )
    return ""
