"""Reads of cases (selectors.cases): the contract `cases_of`, the list filters, the reportable
employees, the next steps of the case page, and the query counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from simerit.accounts.models import User
from simerit.discipline.models import DisciplineCase, Level, SanctionType, TeamMember
from simerit.discipline.selectors import cases as selectors
from simerit.discipline.tests.factories import (
    AppealFactory,
    DisciplineCaseFactory,
    ExaminationFactory,
    SanctionFactory,
    SummonsFactory,
    TeamMemberFactory,
)
from simerit.employees.models import Employee
from simerit.employees.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
D = dt.date


def test_cases_of_lists_one_employees_cases_newest_first(db: None) -> None:
    employee = EmployeeFactory.create()
    old = DisciplineCaseFactory.create(
        employee=employee, reported_on=D(2025, 3, 3), incident_on=D(2025, 3, 1)
    )
    decided = SanctionFactory.create(employee=employee).case
    DisciplineCaseFactory.create()  # someone else's

    found = list(selectors.cases_of(employee.pk))
    assert found == [decided, old]
    assert selectors.sanction_of(found[0]) is not None
    assert selectors.sanction_of(found[1]) is None


def test_the_list_filters(hr_admin: User) -> None:
    ani = EmployeeFactory.create(name="Ani Lestari", nip="198001012010012001")
    budi = EmployeeFactory.create(name="Budi Santoso")
    reported = DisciplineCaseFactory.create(
        employee=ani, number="HD-2026-0001", suspected_level=Level.RINGAN
    )
    decided = SanctionFactory.create(
        employee=budi, case__number="HD-2026-0002", case__suspected_level=Level.RINGAN
    ).case  # suspected ringan, sanctioned sedang
    last_year = DisciplineCaseFactory.create(
        employee=budi,
        number="HD-2025-0004",
        reported_on=D(2025, 6, 2),
        incident_on=D(2025, 6, 1),
        suspected_level=Level.BERAT,
    )

    def listed(**filters: object) -> list[str]:
        cases = selectors.list_cases(hr_admin, selectors.CaseFilters(**filters))  # type: ignore[arg-type]
        return [case.number for case in cases]

    assert listed() == ["HD-2026-0002", "HD-2026-0001", "HD-2025-0004"]
    assert listed(status="decided") == [decided.number]
    assert listed(level="sedang") == ["HD-2026-0002"]
    assert listed(level="ringan") == ["HD-2026-0001"]
    assert listed(level="berat") == [last_year.number]
    assert listed(year=2025) == ["HD-2025-0004"]
    assert listed(search="ani les") == [reported.number]
    assert listed(search="19800101") == [reported.number]
    assert listed(search="2025-0004") == ["HD-2025-0004"]
    assert selectors.case_years(hr_admin) == [2026, 2025]


def test_the_list_shows_only_visible_cases(
    supervisor: User, employee: User, other_opd_employee: Employee
) -> None:
    mine = DisciplineCaseFactory.create(employee=Employee.objects.get(user=employee))
    DisciplineCaseFactory.create(employee=other_opd_employee)
    assert list(selectors.list_cases(supervisor, selectors.CaseFilters())) == [mine]
    assert list(selectors.list_cases(employee, selectors.CaseFilters())) == [mine]


def test_the_list_is_one_query_however_long(hr_admin: User) -> None:
    for _ in range(3):
        SanctionFactory.create()
    list(selectors.list_cases(hr_admin, selectors.CaseFilters()))  # the account's roles, cached
    with CaptureQueriesContext(connection) as queries:
        rows = [
            (case.employee.work_unit.name, selectors.sanction_of(case))
            for case in selectors.list_cases(hr_admin, selectors.CaseFilters())
        ]
    assert len(rows) == 3
    assert len(queries) == 1


def test_the_case_file_is_a_fixed_number_of_queries(hr_admin: User) -> None:
    def read(case_id: int) -> int:
        with CaptureQueriesContext(connection) as queries:
            case = selectors.get_visible_case(hr_admin, case_id)
            assert case is not None
            _ = [a.code for a in case.articles.all()]
            _ = [(s.sequence, s.attended) for s in case.summonses.all()]
            _ = [(m.employee.name, m.role) for m in case.team.all()]
            _ = selectors.examination_of(case)
            sanction = selectors.sanction_of(case)
            _ = [a.outcome for a in sanction.appeals.all()] if sanction else []
            _ = selectors.case_actions(hr_admin, case)
        return len(queries)

    small = SanctionFactory.create().case
    big = AppealFactory.create().sanction.case
    SummonsFactory.create(case=big, attended=True)
    for _ in range(3):
        TeamMemberFactory.create(case=big)
    ExaminationFactory.create(case=big)
    read(small.pk)  # the account's roles, cached
    assert read(small.pk) == read(big.pk) == 5


def test_reportable_employees(
    hr_admin: User, supervisor: User, employee: User, auditor: User, other_opd_employee: Employee
) -> None:
    subordinate = Employee.objects.get(user=employee)
    boss = Employee.objects.get(user=supervisor)
    EmployeeFactory.create(is_active=False)
    assert set(selectors.reportable_employees(hr_admin)) == {
        subordinate,
        boss,
        other_opd_employee,
    }
    assert list(selectors.reportable_employees(supervisor)) == [subordinate]
    assert list(selectors.reportable_employees(employee)) == []
    assert list(selectors.reportable_employees(auditor)) == []


def _actions(user: User, case: DisciplineCase) -> selectors.CaseActions:
    found = selectors.get_visible_case(user, case.pk)
    assert found is not None
    return selectors.case_actions(user, found)


def test_the_next_steps_follow_the_procedure(hr_admin: User, auditor: User) -> None:
    case = DisciplineCaseFactory.create(suspected_level=Level.BERAT)
    actions = _actions(hr_admin, case)
    assert (actions.summon, actions.team, actions.examine, actions.decide, actions.dismiss) == (
        True,
        True,
        False,
        False,
        True,
    )
    assert actions.team_missing is True
    assert _actions(auditor, case) == selectors.CaseActions()

    first = SummonsFactory.create(case=case)
    actions = _actions(hr_admin, case)
    assert (actions.summon, actions.attendance_ids) == (False, [first.pk])

    first.attended = False
    first.save()
    actions = _actions(hr_admin, case)
    assert (actions.summon, actions.decide) == (True, False)

    second = SummonsFactory.create(
        case=case,
        sequence=2,
        issued_on=D(2026, 11, 13),
        examination_on=D(2026, 11, 24),
        attended=False,
    )
    actions = _actions(hr_admin, case)
    assert (actions.summon, actions.decide, actions.attendance_ids) == (False, True, [])
    assert second.pk not in actions.attendance_ids

    TeamMemberFactory.create(case=case, role=TeamMember.Role.ATASAN)
    TeamMemberFactory.create(case=case, role=TeamMember.Role.PENGAWASAN)
    assert _actions(hr_admin, case).team_missing is False


def test_after_the_bap_and_the_decision(hr_admin: User) -> None:
    examination = ExaminationFactory.create()
    actions = _actions(hr_admin, examination.case)
    assert (actions.team, actions.examine, actions.decide, actions.dismiss) == (
        False,
        False,
        True,
        False,
    )
    sanction = SanctionFactory.create(case=examination.case, employee=examination.case.employee)
    DisciplineCase.objects.filter(pk=sanction.case_id).update(status="decided")
    actions = _actions(hr_admin, examination.case)
    assert (actions.decide, actions.deliver, actions.dismiss) == (False, True, False)


def test_the_pdhtaps_warning() -> None:
    assert selectors.decision_warning(SanctionType.PDHTAPS) == (
        "Hukuman PDHTAPS tidak mengubah status kepegawaian secara otomatis: Admin BKPSDM "
        "memproses pemberhentian pada data pegawai sesuai keputusan."
    )
    assert selectors.decision_warning(SanctionType.POTONG_6) == ""
