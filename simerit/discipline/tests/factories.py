"""Shared factories of the discipline tests (cases, summons, team, examination, sanction,
appeal, attendance). Each part may add its own `factories_<part>.py`.

Defaults describe 2026 around the fixed TODAY of conftest.py (Saturday 28 November 2026): a case
reported on 2 November about 30 October; a first summons dated 3 November for 12 November
(7 working days later); a proven BAP held on 12 November; a sedang sanction potong_tpp_6
decided on 20 November, running 1 December 2026 – 31 May 2027. Pass `employee` (an Employee)
wherever a factory needs one, or let it create a fresh one."""

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from simerit.accounts.models import User
from simerit.accounts.tests.factories import UserFactory
from simerit.core.roles import Role
from simerit.discipline.models import (
    Appeal,
    AttendanceImport,
    DisciplineArticle,
    DisciplineCase,
    Examination,
    Level,
    MonthlyAttendance,
    Sanction,
    SanctionType,
    Summons,
    TeamMember,
)
from simerit.discipline.rules import pp94
from simerit.employees.tests.factories import EmployeeFactory


def hr_user() -> User:
    """A fresh Admin BKPSDM account (the default recorder of every step)."""
    return UserFactory.create(roles=[Role.ADMIN_BKPSDM])


class DisciplineCaseFactory(DjangoModelFactory[DisciplineCase]):
    """A reported case; `articles` defaults to "Pasal 4 huruf f" (pass a list to change it)."""

    class Meta:
        model = DisciplineCase
        skip_postgeneration_save = True

    # 7001–9000: clear of the small numbers tests give explicitly (HD-2026-0001 …), so a default
    # case never collides with one of them whatever order the tests run in.
    number = factory.Sequence(lambda n: f"HD-2026-{n % 2000 + 7001:04d}")
    employee = factory.SubFactory(EmployeeFactory)
    supervisor = factory.LazyAttribute(lambda o: o.employee.supervisor)
    source = DisciplineCase.Source.ATASAN
    reporter_name = "Kepala Bidang"
    reported_on = dt.date(2026, 11, 2)
    incident_on = dt.date(2026, 10, 30)
    description = "Tidak masuk kerja tanpa alasan yang sah."
    suspected_level = Level.SEDANG
    status = DisciplineCase.Status.REPORTED
    opened_by = factory.LazyFunction(hr_user)

    @factory.post_generation
    def articles(obj: DisciplineCase, create: bool, extracted: object, **kwargs: object) -> None:  # noqa: N805
        if not create:
            return
        if extracted is None:
            obj.articles.set(DisciplineArticle.objects.filter(code="Pasal 4 huruf f"))
        else:
            obj.articles.set(extracted)  # type: ignore[arg-type]


class SummonsFactory(DjangoModelFactory[Summons]):
    """The first summons, not yet recorded (`attended=None`)."""

    class Meta:
        model = Summons

    case = factory.SubFactory(DisciplineCaseFactory, status=DisciplineCase.Status.SUMMONED)
    sequence = 1
    letter_number = factory.Sequence(lambda n: f"800/{n + 1}/BKPSDM/2026")
    issued_on = dt.date(2026, 11, 3)
    examination_on = dt.date(2026, 11, 12)
    place = "Ruang Rapat BKPSDM"
    attended = None
    issued_by = factory.LazyAttribute(lambda o: o.case.opened_by)


class TeamMemberFactory(DjangoModelFactory[TeamMember]):
    class Meta:
        model = TeamMember

    case = factory.SubFactory(DisciplineCaseFactory)
    employee = factory.SubFactory(EmployeeFactory)
    role = TeamMember.Role.KEPEGAWAIAN


def complete_team(case: DisciplineCase) -> list[TeamMember]:
    """An atasan and a pengawasan member: the team a berat case (or a berat decision on a BAP)
    needs."""
    return [
        TeamMemberFactory.create(case=case, role=TeamMember.Role.ATASAN),
        TeamMemberFactory.create(case=case, role=TeamMember.Role.PENGAWASAN),
    ]


class ExaminationFactory(DjangoModelFactory[Examination]):
    """A proven BAP proposing the case's suspected level, signed by the employee."""

    class Meta:
        model = Examination

    case = factory.SubFactory(DisciplineCaseFactory, status=DisciplineCase.Status.EXAMINED)
    held_on = dt.date(2026, 11, 12)
    place = "Ruang Rapat BKPSDM"
    questions_and_answers = "T: Mengapa tidak masuk? J: Ada urusan keluarga."
    employee_statement = "Saya mengakui tidak masuk tanpa izin."
    findings = "Pelanggaran terbukti."
    proven = True
    proposed_level = factory.LazyAttribute(lambda o: o.case.suspected_level if o.proven else "")
    signed_by_employee = True
    refusal_note = ""
    recorded_by = factory.LazyAttribute(lambda o: o.case.opened_by)


class SanctionFactory(DjangoModelFactory[Sanction]):
    """A decided sanction; `level`, `ends_on` and `tpp_cut_percent` follow the PP 94 table for
    `sanction_type` and `starts_on` unless passed. The case (status DECIDED) is made for the
    same employee."""

    class Meta:
        model = Sanction

    employee = factory.SubFactory(EmployeeFactory)
    case = factory.SubFactory(
        DisciplineCaseFactory,
        employee=factory.SelfAttribute("..employee"),
        status=DisciplineCase.Status.DECIDED,
    )
    sanction_type = SanctionType.POTONG_6
    level = factory.LazyAttribute(lambda o: pp94.spec_for(o.sanction_type).level)
    basis = Sanction.Basis.EXAMINED
    decree_number = factory.Sequence(lambda n: f"800/{n + 1}/KPTS/2026")
    decided_on = dt.date(2026, 11, 20)
    official = "Wali Kota Palembang"
    considerations = "Terbukti tidak masuk kerja tanpa alasan yang sah."
    starts_on = dt.date(2026, 12, 1)
    ends_on = factory.LazyAttribute(lambda o: pp94.end_date(o.sanction_type, o.starts_on))
    tpp_cut_percent = factory.LazyAttribute(
        lambda o: pp94.spec_for(o.sanction_type).tpp_cut_percent
    )
    delivered_on = None
    decided_by = factory.LazyAttribute(lambda o: o.case.opened_by)


class AppealFactory(DjangoModelFactory[Appeal]):
    """A pending keberatan."""

    class Meta:
        model = Appeal

    sanction = factory.SubFactory(SanctionFactory, delivered_on=dt.date(2026, 11, 23))
    kind = Appeal.Kind.KEBERATAN
    filed_on = dt.date(2026, 11, 25)
    reason = "Hukuman terlalu berat."
    filed_by = factory.LazyAttribute(lambda o: o.sanction.decided_by)


class AttendanceImportFactory(DjangoModelFactory[AttendanceImport]):
    class Meta:
        model = AttendanceImport

    file_name = "rekap-kehadiran.xlsx"
    file_sha256 = factory.Sequence(lambda n: f"{n:064x}")
    rows = 1
    imported_by = factory.LazyFunction(hr_user)


class MonthlyAttendanceFactory(DjangoModelFactory[MonthlyAttendance]):
    """October 2026: 22 working days, none missed."""

    class Meta:
        model = MonthlyAttendance

    employee = factory.SubFactory(EmployeeFactory)
    month = dt.date(2026, 10, 1)
    working_days = 22
    absent_days = 0
    late_minutes = 0
    longest_absence = 0
    source = None
