"""Shared fixtures of the performance tests: a year, a small team and SKPs.

`make_team()` builds one division of Dinas Kesehatan: the kepala dinas (JPT Pratama) above the
kepala bidang (Administrator, role Atasan), who supervises four staff of the same unit and level
(peers of each other), one of whom (Pengawas, role Atasan) supervises two staff of their own. Every
member has an account with the Pegawai role (the supervisors Atasan too).
"""

import datetime as dt
from dataclasses import dataclass

import factory
from factory.django import DjangoModelFactory

from simerit.accounts.models import User
from simerit.accounts.tests.factories import UserFactory
from simerit.core.roles import Role
from simerit.employees.models import Employee
from simerit.employees.tests.factories import EmployeeFactory
from simerit.organization.models import Position, WorkUnit
from simerit.organization.tests.factories import PositionFactory, WorkUnitFactory, root_unit
from simerit.performance.models import PerformanceYear, Skp


class PerformanceYearFactory(DjangoModelFactory[PerformanceYear]):
    class Meta:
        model = PerformanceYear
        django_get_or_create = ("year",)

    year = 2026
    starts_on = factory.LazyAttribute(lambda o: dt.date(o.year, 1, 1))
    ends_on = factory.LazyAttribute(lambda o: dt.date(o.year, 12, 31))
    ratings_close_on = factory.LazyAttribute(lambda o: dt.date(o.year + 1, 1, 31))
    # Open for 360 answers by default; a test that needs the aggregates sets feedback_closed_at
    # (HR closed the collection) or passes an earlier feedback_closes_on.
    feedback_closes_on = factory.LazyAttribute(lambda o: o.ratings_close_on)
    status = PerformanceYear.Status.RUNNING


@dataclass
class Team:
    unit: WorkUnit
    division: WorkUnit
    head: Employee  # kepala dinas: the atasan of the kepala bidang
    chief: Employee  # kepala bidang: pejabat penilai of the four staff
    staff: list[Employee]  # four peers under the chief; staff[0] is a Pengawas
    juniors: list[Employee]  # two staff under staff[0]

    def user(self, employee: Employee) -> User:
        assert employee.user is not None
        return employee.user


def member(
    *, name: str, unit: WorkUnit, position: Position, supervisor: Employee | None, atasan: bool
) -> Employee:
    roles = [Role.PEGAWAI, Role.ATASAN] if atasan else [Role.PEGAWAI]
    username = name.lower().replace(" ", ".")
    user = UserFactory.create(username=username, full_name=name, roles=roles)
    return EmployeeFactory.create(
        user=user, name=name, work_unit=unit, position=position, supervisor=supervisor
    )


def make_team(prefix: str = "") -> Team:
    """The team described in the module docstring; `prefix` keeps names apart for a second team."""
    unit = WorkUnitFactory.create(name=f"{prefix}Dinas Kesehatan", parent=root_unit())
    division = WorkUnitFactory.create(
        name=f"{prefix}Bidang Pelayanan Kesehatan", kind=WorkUnit.Kind.DIVISION, parent=unit
    )
    jpt = PositionFactory.create(name="Kepala Dinas", kind=Position.Kind.JPT_PRATAMA)
    administrator = PositionFactory.create(name="Kepala Bidang", kind=Position.Kind.ADMINISTRATOR)
    pengawas = PositionFactory.create(name="Kepala Seksi", kind=Position.Kind.PENGAWAS)
    staff_position = PositionFactory.create(name="Analis Kesehatan", kind=Position.Kind.PELAKSANA)
    head = member(
        name=f"{prefix}Kadis Sehat", unit=unit, position=jpt, supervisor=None, atasan=True
    )
    chief = member(
        name=f"{prefix}Kabid Layan",
        unit=division,
        position=administrator,
        supervisor=head,
        atasan=True,
    )
    staff = [
        member(
            name=f"{prefix}Staf {letter}",
            unit=division,
            position=pengawas if index == 0 else staff_position,
            supervisor=chief,
            atasan=index == 0,
        )
        for index, letter in enumerate("ABCD")
    ]
    juniors = [
        member(
            name=f"{prefix}Junior {letter}",
            unit=division,
            position=staff_position,
            supervisor=staff[0],
            atasan=False,
        )
        for letter in "EF"
    ]
    return Team(unit=unit, division=division, head=head, chief=chief, staff=staff, juniors=juniors)


def make_skp(
    employee: Employee,
    *,
    year: PerformanceYear | None = None,
    status: str = Skp.Status.DRAFT,
) -> Skp:
    """An SKP with the header copied from the employee, as the planning service does."""
    supervisor = employee.supervisor
    assert supervisor is not None, "an SKP needs a pejabat penilai (the supervisor)"
    return Skp.objects.create(
        year=year or PerformanceYearFactory.create(),
        employee=employee,
        work_unit=employee.work_unit,
        position=employee.position,
        evaluator=supervisor,
        evaluator_superior=supervisor.supervisor,
        status=status,
    )
