"""Reads of the catalogue: who sees which programme and class, the seats left, the competency
profile of an employee, and the query counts of the lists."""

import datetime as dt

import pytest
from django.http import Http404

from simerit.accounts.tests.factories import UserFactory
from simerit.core.roles import Role
from simerit.employees.models import Employee
from simerit.employees.tests.factories import EmployeeFactory
from simerit.organization.tests.factories import PositionFactory, WorkUnitFactory
from simerit.training import permissions
from simerit.training.models import (
    Competency,
    Enrolment,
    PositionCompetency,
    ProgrammeKind,
    TrainingClass,
)
from simerit.training.selectors import catalogue as selectors
from simerit.training.tests.factories import (
    CompetencyFactory,
    EnrolmentFactory,
    ProgrammeFactory,
    TrainingClassFactory,
)
from simerit.training.tests.factories_catalogue import assess

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_opd_employee_user(other_opd_employee):
    """The account of the employee of another OPD (Disdik)."""
    if other_opd_employee.user is None:
        other_opd_employee.user = UserFactory.create(roles=[Role.PEGAWAI])
        other_opd_employee.save(update_fields=["user"])
    return other_opd_employee.user


TODAY = dt.date(2026, 11, 28)


def names(queryset) -> list[str]:
    return [row.name for row in queryset]


def test_employees_see_active_programmes_only_whatever_they_ask(employee, hr_admin, auditor):
    ProgrammeFactory.create(name="Aktif")
    ProgrammeFactory.create(name="Lama", is_active=False)

    assert names(selectors.list_programmes(user=employee, active=None)) == ["Aktif"]
    assert names(selectors.list_programmes(user=employee, active=False)) == ["Aktif"]
    assert names(selectors.list_programmes(user=hr_admin)) == ["Aktif"]
    assert names(selectors.list_programmes(user=hr_admin, active=False)) == ["Lama"]
    assert names(selectors.list_programmes(user=auditor, active=None)) == ["Aktif", "Lama"]


def test_list_programmes_filters_by_kind_and_searches_code_name_and_provider(employee):
    ProgrammeFactory.create(code="PKP-26", name="PKP Angkatan", kind=ProgrammeKind.PKP)
    ProgrammeFactory.create(code="TEK-1", name="Arsip Digital", provider="ANRI")
    ProgrammeFactory.create(code="TEK-2", name="Kearsipan", provider="LAN")

    assert names(selectors.list_programmes(user=employee, kind=ProgrammeKind.PKP)) == [
        "PKP Angkatan"
    ]
    assert names(selectors.list_programmes(user=employee, search="anri")) == ["Arsip Digital"]
    assert names(selectors.list_programmes(user=employee, search="arsip")) == [
        "Arsip Digital",
        "Kearsipan",
    ]
    assert names(selectors.list_programmes(user=employee, search="tek-2")) == ["Kearsipan"]


def test_open_class_count_counts_upcoming_open_classes_the_account_may_see(employee, hr_admin, org):
    programme = ProgrammeFactory.create()
    TrainingClassFactory.create(programme=programme)  # open to all
    TrainingClassFactory.create(programme=programme, work_unit=org.dinkes)  # the employee's OPD
    TrainingClassFactory.create(programme=programme, work_unit=org.disdik)  # another OPD
    TrainingClassFactory.create(programme=programme, status=TrainingClass.Status.DRAFT)
    TrainingClassFactory.create(programme=programme, status=TrainingClass.Status.CLOSED)
    TrainingClassFactory.create(
        programme=programme,
        starts_on=dt.date(2026, 11, 20),
        ends_on=dt.date(2026, 11, 21),
        enrolment_closes_on=dt.date(2026, 11, 10),
    )

    assert selectors.list_programmes(user=employee).get().open_class_count == 2
    assert selectors.list_programmes(user=hr_admin).get().open_class_count == 3


def test_list_programmes_is_one_query(django_assert_num_queries, employee):
    for _ in range(3):
        TrainingClassFactory.create()
    user = employee
    assert user.roles  # the account's roles, read once per request (cached on the account)

    with django_assert_num_queries(2):  # the account's employee record, then the list
        rows = list(selectors.list_programmes(user=user))
    assert len(rows) == 3


def test_get_programme_hides_an_inactive_programme_from_employees(employee, auditor):
    programme = ProgrammeFactory.create(is_active=False)

    with pytest.raises(Http404):
        selectors.get_programme(user=employee, programme_id=programme.pk)
    assert selectors.get_programme(user=auditor, programme_id=programme.pk) == programme


def test_an_inactive_programme_stays_visible_to_whoever_has_an_enrolment_in_its_classes(
    employee, other_opd_employee_user
):
    # given: a programme deactivated after the employee's request was rejected in one of its
    # (draft) classes
    programme = ProgrammeFactory.create(is_active=False)
    EnrolmentFactory.create(
        training_class=TrainingClassFactory.create(programme=programme, status="draft"),
        employee=Employee.objects.get(user=employee),
        status=Enrolment.Status.REJECTED,
    )
    # then: the employee still opens it, someone without an enrolment does not
    assert selectors.get_programme(user=employee, programme_id=programme.pk) == programme
    with pytest.raises(Http404):
        selectors.get_programme(user=other_opd_employee_user, programme_id=programme.pk)
    # and the catalogue list still leaves it out (browsing shows active programmes only)
    assert names(selectors.list_programmes(user=employee)) == []


def test_list_open_classes_counts_seats_held_and_hides_what_is_not_open(employee, org):
    programme = ProgrammeFactory.create()
    soon = TrainingClassFactory.create(
        programme=programme,
        name="Angkatan I",
        starts_on=dt.date(2026, 12, 1),
        ends_on=dt.date(2026, 12, 2),
        enrolment_closes_on=dt.date(2026, 11, 27),
        capacity=3,
    )
    later = TrainingClassFactory.create(programme=programme, name="Angkatan II", capacity=2)
    TrainingClassFactory.create(programme=programme, name="Draf", status="draft")
    TrainingClassFactory.create(programme=programme, name="Disdik", work_unit=org.disdik)
    statuses = [
        Enrolment.Status.ENROLLED,
        Enrolment.Status.COMPLETED,
        Enrolment.Status.PENDING,
        Enrolment.Status.CANCELLED,
        Enrolment.Status.REJECTED,
    ]
    for status in statuses:
        EnrolmentFactory.create(
            training_class=soon,
            employee=EmployeeFactory.create(),
            status=status,
            completed_at=(
                dt.datetime(2026, 11, 20, tzinfo=dt.UTC)
                if status == Enrolment.Status.COMPLETED
                else None
            ),
        )
    for _ in range(2):
        EnrolmentFactory.create(training_class=later, employee=EmployeeFactory.create())
    EnrolmentFactory.create(
        training_class=later,
        employee=EmployeeFactory.create(),
        status=Enrolment.Status.WAITLISTED,
        waitlisted_at=dt.datetime(2026, 11, 20, tzinfo=dt.UTC),
    )

    rows = list(selectors.list_open_classes(programme=programme, user=employee))

    assert [(row.name, row.seats_taken, row.seats_left, row.enrolment_open) for row in rows] == [
        ("Angkatan I", 2, 1, False),
        ("Angkatan II", 2, 0, True),
    ]


def test_a_class_restricted_to_a_unit_above_the_employee_is_listed(employee, opd_admin, org):
    programme = ProgrammeFactory.create()
    TrainingClassFactory.create(programme=programme, name="Dinkes", work_unit=org.dinkes)
    TrainingClassFactory.create(programme=programme, name="Yankes", work_unit=org.dinkes_division)
    TrainingClassFactory.create(programme=programme, name="Disdik", work_unit=org.disdik)

    for user in (employee, opd_admin):
        visible = names(selectors.list_open_classes(programme=programme, user=user))
        assert sorted(visible) == ["Dinkes", "Yankes"]


def test_a_supervisor_also_sees_the_classes_of_the_units_below(employee, supervisor, org):
    section = WorkUnitFactory.create(name="Seksi Gizi", parent=org.dinkes_division)
    programme = ProgrammeFactory.create()
    TrainingClassFactory.create(programme=programme, name="Seksi", work_unit=section)
    TrainingClassFactory.create(programme=programme, name="Semua")

    assert sorted(names(selectors.list_open_classes(programme=programme, user=supervisor))) == [
        "Seksi",
        "Semua",
    ]
    assert names(selectors.list_open_classes(programme=programme, user=employee)) == ["Semua"]
    assert selectors.list_programmes(user=supervisor).get().open_class_count == 2
    assert selectors.list_programmes(user=employee).get().open_class_count == 1


@pytest.mark.parametrize(
    "persona", ["employee", "supervisor", "opd_admin", "other_opd_employee_user", "auditor"]
)
def test_every_listed_class_is_one_the_class_page_opens(request, persona, org):
    """The catalogue and the class page apply the one rule (permissions.class_reach): each
    class the catalogue links to is in permissions.classes_visible_to."""
    user = request.getfixturevalue(persona)
    section = WorkUnitFactory.create(name="Seksi Gizi", parent=org.dinkes_division)
    programme = ProgrammeFactory.create()
    for unit in (None, org.root, org.dinkes, org.dinkes_division, section, org.disdik):
        TrainingClassFactory.create(programme=programme, work_unit=unit)
    for status in ("draft", "closed", "cancelled"):
        TrainingClassFactory.create(programme=programme, status=status)

    listed = {row.pk for row in selectors.list_open_classes(programme=programme, user=user)}

    assert listed
    assert listed <= set(permissions.classes_visible_to(user).values_list("pk", flat=True))
    assert selectors.list_programmes(user=user).get().open_class_count == len(listed)


def test_competency_profile_lines_up_required_and_assessed_levels(employee):
    person = Employee.objects.get(user=employee)
    position = PositionFactory.create()
    Employee.objects.filter(pk=person.pk).update(position=position)
    person.refresh_from_db()
    required = CompetencyFactory.create(code="K001", kind=Competency.Kind.MANAGERIAL)
    missing = CompetencyFactory.create(code="K002", kind=Competency.Kind.TECHNICAL)
    extra = CompetencyFactory.create(code="K003", kind=Competency.Kind.SOCIOCULTURAL)
    PositionCompetency.objects.create(position=position, competency=required, required_level=3)
    PositionCompetency.objects.create(position=position, competency=missing, required_level=2)
    assess(person, required, level=2, on=TODAY)
    assess(person, extra, level=4, on=TODAY)

    lines = selectors.competency_profile(person)

    assert [
        (line.competency.code, line.required_level, line.level, line.gap) for line in lines
    ] == [
        ("K001", 3, 2, 1),
        ("K003", None, 4, 0),
        ("K002", 2, None, 2),
    ]


def test_list_competencies_counts_where_each_is_used(employee):
    used = CompetencyFactory.create(code="K001")
    CompetencyFactory.create(code="K002")
    for _ in range(2):
        PositionCompetency.objects.create(
            position=PositionFactory.create(), competency=used, required_level=2
        )
    assess(Employee.objects.get(user=employee), used, level=1, on=TODAY)
    ProgrammeFactory.create().competencies.add(used)

    rows = {
        row.code: (row.position_count, row.assessment_count, row.programme_count)
        for row in selectors.list_competencies()
    }

    assert rows == {"K001": (2, 1, 1), "K002": (0, 0, 0)}
    assert [row.code for row in selectors.list_competencies(search="002")] == ["K002"]


def test_assessable_employees_follow_the_training_visibility(
    employee, supervisor, opd_admin, hr_admin, other_opd_employee
):
    own = Employee.objects.get(user=employee)
    boss = Employee.objects.get(user=supervisor)

    def ids(user) -> set[int]:
        return set(selectors.list_assessable_employees(user=user).values_list("pk", flat=True))

    assert ids(employee) == {own.pk}
    assert ids(supervisor) == {own.pk, boss.pk}
    assert ids(opd_admin) == {own.pk, boss.pk}
    assert ids(hr_admin) == {own.pk, boss.pk, other_opd_employee.pk}
    with pytest.raises(Http404):
        selectors.get_visible_employee(user=supervisor, employee_id=other_opd_employee.pk)
