"""Build the demo data through the services, so that it obeys the rules and fills the audit log.

Idempotent by detection: the demo exists when the root unit and every demo login exist; then
nothing is written. The whole build is one transaction, so a failed run leaves nothing behind in
the database (uploaded demo files of a failed run stay in the private storage).
"""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from simerit.accounts import services as account_services
from simerit.accounts.models import User
from simerit.core.exceptions import DomainError
from simerit.demo import data, units
from simerit.demo.career import CareerStory, CareerStoryResult
from simerit.demo.compensation import CompensationStory, CompensationStoryResult
from simerit.demo.data import DemoAccount
from simerit.demo.discipline import DisciplineStory, DisciplineStoryResult
from simerit.demo.exams import ExamStory, ExamStoryResult
from simerit.demo.hashers import demo_hashers
from simerit.demo.people import PeopleGenerator
from simerit.demo.performance import PerformanceStory, PerformanceStoryResult
from simerit.demo.performance_history import PerformanceHistoryResult, PerformanceHistoryStory
from simerit.demo.positions import PositionSpec
from simerit.demo.recruitment import DemoPelamar, RecruitmentResult, RecruitmentStory
from simerit.demo.rewards import RewardsStory, RewardsStoryResult
from simerit.demo.selection import SelectionStory, SelectionStoryResult
from simerit.demo.training import TrainingStory, TrainingStoryResult
from simerit.demo.units import UnitSpec
from simerit.employees import services as employee_services
from simerit.employees.models import Employee, EmployeeKind
from simerit.organization import services as org_services
from simerit.organization.models import Golongan, Position, Region, WorkUnit


@dataclass(frozen=True)
class SeedResult:
    created: bool
    units: int
    positions: int
    employees: int
    users: int
    recruitment: RecruitmentResult | None = None
    exams: ExamStoryResult | None = None
    selection: SelectionStoryResult | None = None
    performance: PerformanceStoryResult | None = None
    training: TrainingStoryResult | None = None
    discipline: DisciplineStoryResult | None = None
    compensation: CompensationStoryResult | None = None
    rewards: RewardsStoryResult | None = None
    career: CareerStoryResult | None = None
    history: PerformanceHistoryResult | None = None


def demo_exists() -> bool:
    """True when a previous run built the demo; raises when the root belongs to other data."""
    if not WorkUnit.objects.filter(code=data.ROOT_CODE).exists():
        return False
    usernames = {account.username for account in data.DEMO_ACCOUNTS}
    if User.objects.filter(username__in=usernames).count() != len(usernames):
        raise DomainError(
            f"Basis data sudah berisi unit kerja {data.ROOT_CODE} tetapi tidak semua akun demo "
            "(data lain, atau data demo versi lama); data demo hanya dibangun pada basis data "
            "kosong (hapus db.sqlite3 lalu migrate)."
        )
    return True


def seed_demo(*, today: dt.date) -> SeedResult:
    """Build the demo organisation, employees and logins once; later runs change nothing."""
    if demo_exists():
        return SeedResult(False, 0, 0, 0, 0)
    with _demo_settings():
        return _build(today=today)


@contextmanager
def _demo_settings() -> Iterator[None]:
    """While building: no e-mail to the made-up addresses, and light password hashing.

    Notifications stay in the app (their e-mails are never queued); the confirmation e-mails of
    registration go nowhere. See hashers.py for why the light hashing is safe.
    """
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}},
        PASSWORD_HASHERS=demo_hashers(list(settings.PASSWORD_HASHERS)),
    ):
        yield


@transaction.atomic
def _build(*, today: dt.date) -> SeedResult:
    validate_password(data.DEMO_PASSWORD)
    builder = _Builder(today=today)
    root = org_services.create_work_unit(
        name=data.ROOT_NAME,
        code=data.ROOT_CODE,
        kind=WorkUnit.Kind.GOVERNMENT,
        parent=None,
        actor=None,
    )
    builder.units += 1
    sekda: Employee | None = None
    for spec in units.opd_units():
        head = builder.unit(spec, parent=root, parent_head=sekda)
        sekda = sekda or head
    districts = Region.objects.filter(
        level=Region.Level.DISTRICT, code__startswith="16.71."
    ).order_by("code")
    for region in districts:
        builder.unit(units.kecamatan(region.code, region.name), parent=root, parent_head=sekda)
    users = {
        account.username: builder.account(account)
        for account in data.DEMO_ACCOUNTS
        if not account.applicant
    }
    pelamar = next(account for account in data.DEMO_ACCOUNTS if account.applicant)
    recruitment = RecruitmentStory(
        today=today,
        users=users,
        pelamar=DemoPelamar(email=pelamar.username, name=pelamar.full_name),
        seed=data.SEED,
        taken_niks=builder.people.niks,
    ).build()
    exams = ExamStory(
        today=today,
        now=timezone.now(),
        users=users,
        pelamar_email=pelamar.username,
        seed=data.SEED,
    ).build()
    selection = SelectionStory(today=today, users=users, seed=data.SEED).build()
    performance = PerformanceStory(today=today, users=users, hire=builder.employee).build()
    # Issue #8: the final predikat of the two years before feed the TPP run, the promotion list
    # and the 9-box (after the performance story, which hires two of the staff it covers).
    history = PerformanceHistoryStory(today=today).build()
    training = TrainingStory(today=today).build()
    # Issue #8: the sanction of the discipline story and its attendance recaps feed the TPP run.
    discipline = DisciplineStory(today=today).build()
    compensation = CompensationStory(today=today).build()
    rewards = RewardsStory(today=today).build()
    career = CareerStory(today=today).build()
    return SeedResult(
        True,
        builder.units,
        builder.positions,
        builder.employees,
        builder.users,
        recruitment,
        exams,
        selection,
        performance,
        training,
        discipline,
        compensation,
        rewards,
        career,
        history,
    )


class _Builder:
    def __init__(self, *, today: dt.date) -> None:
        golongan = list(Golongan.objects.order_by("rank"))
        self.golongan = {row.code: row for row in golongan}
        self.people = PeopleGenerator(
            seed=data.SEED, today=today, golongan_order=[row.code for row in golongan]
        )
        self.regions = {region.code: region for region in Region.objects.all()}
        self.heads: dict[str, Employee] = {}
        self.first_staff: dict[str, Employee] = {}
        self.units = self.positions = self.employees = self.users = 0

    def unit(self, spec: UnitSpec, *, parent: WorkUnit, parent_head: Employee | None) -> Employee:
        """Create the unit, its jabatan and people, then its children; return the head."""
        unit = org_services.create_work_unit(
            name=spec.name,
            code=spec.code,
            kind=spec.kind,
            parent=parent,
            actor=None,
            short_name=spec.short_name,
            region=self.regions.get(spec.region),
        )
        self.units += 1
        head = self.employee(
            spec.head,
            unit=unit,
            kind=EmployeeKind.PNS,
            supervisor=parent_head,
            gender=spec.head_gender,
        )
        self.heads[spec.code] = head
        leader = head
        if spec.deputy is not None:
            leader = self.employee(spec.deputy, unit=unit, kind=EmployeeKind.PNS, supervisor=head)
        for staff in spec.staff:
            position = self.position(staff.position, unit=unit)
            for kind in staff.kinds():
                member = self.employee(
                    staff.position, unit=unit, kind=kind, supervisor=leader, position=position
                )
                self.first_staff.setdefault(spec.code, member)
        for child in spec.children:
            self.unit(child, parent=unit, parent_head=head)
        return head

    def position(self, spec: PositionSpec, *, unit: WorkUnit) -> Position:
        self.positions += 1
        return org_services.create_position(
            name=spec.name,
            kind=spec.kind,
            actor=None,
            work_unit=unit,
            functional_level=spec.level,
            eselon=spec.eselon,
        )

    def employee(
        self,
        spec: PositionSpec,
        *,
        unit: WorkUnit,
        kind: str,
        supervisor: Employee | None,
        position: Position | None = None,
        gender: str = "",
    ) -> Employee:
        person = self.people.person(
            kind=kind,
            golongan_range=spec.golongan,
            entry_golongan=spec.entry,
            gender=gender or None,
        )
        titles = spec.titles or ("",)
        employee = employee_services.create_employee(
            data=employee_services.EmployeeInput(
                kind=person.kind,
                nip=person.nip,
                nik=person.nik,
                name=person.name,
                birth_place=person.birth_place,
                birth_date=person.birth_date,
                gender=person.gender,
                work_unit=unit,
                position=position or self.position(spec, unit=unit),
                golongan=self.golongan[person.golongan] if person.golongan else None,
                front_title=spec.front_title,
                back_title=self.people.random.choice(titles),
                tmt_cpns=person.tmt_cpns,
                tmt_pns=person.tmt_pns,
                tmt_golongan=person.tmt_golongan,
                tmt_position=person.tmt_position,
                supervisor=supervisor,
            ),
            actor=None,
        )
        self.employees += 1
        return employee

    def account(self, account: DemoAccount) -> User:
        employee = None
        if account.employee:
            where, code = account.employee.split(":")
            employee = self.heads[code] if where == "head" else self.first_staff[code]
        user = account_services.create_user(
            username=account.username,
            full_name=employee.display_name if employee else account.full_name,
            password=data.DEMO_PASSWORD,
            roles=account.roles,
            actor=None,
            email=f"{account.username}@demo.simerit.test",
        )
        self.users += 1
        if account.opd_scope:
            scope = WorkUnit.objects.get(code=account.opd_scope)
            org_services.assign_opd_admin(user=user, work_unit=scope, actor=None)
        if employee is not None:
            employee_services.link_user_to_employee(employee=employee, user=user, actor=None)
        return user
