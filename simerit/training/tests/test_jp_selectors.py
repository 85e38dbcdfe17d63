"""JP totals per year (classes completed + external training validated, each in the year it
ended), the unit compliance figures and the dashboard's scope."""

import datetime as dt
from decimal import Decimal

import pytest

from simerit.employees.models import Employee
from simerit.organization.models import WorkUnit
from simerit.organization.tests.factories import WorkUnitFactory
from simerit.training.models import Enrolment, ExternalTraining
from simerit.training.selectors import jp as selectors
from simerit.training.tests.factories import TrainingYearFactory
from simerit.training.tests.factories_jp import completed, external, staff

pytestmark = pytest.mark.django_db


def _jp(employee: Employee, year: int) -> tuple[Decimal, Decimal, Decimal]:
    row = selectors.with_jp(Employee.objects.filter(pk=employee.pk), year=year).get()
    return row.jp_classes, row.jp_external, row.jp_total  # type: ignore[attr-defined]


def test_jp_of_a_year_adds_completed_classes_and_validated_external_training(org):
    # given
    person = staff(org.dinkes, name="Siti")
    completed(person, jp="12.5", ends_on=dt.date(2026, 3, 4))
    completed(person, jp="4.0", ends_on=dt.date(2026, 12, 31))
    external(person, jp="3.5", ends_on=dt.date(2026, 1, 1))
    # not counted: another year, not passed, still enrolled, not validated
    completed(person, jp="30.0", ends_on=dt.date(2025, 12, 31))
    completed(person, jp="8.0", ends_on=dt.date(2027, 1, 1))
    completed(person, jp="9.0", ends_on=dt.date(2026, 6, 1), status=Enrolment.Status.NOT_COMPLETED)
    completed(person, jp="9.0", ends_on=dt.date(2026, 6, 1), status=Enrolment.Status.ENROLLED)
    external(
        person, jp="6.0", ends_on=dt.date(2026, 5, 1), status=ExternalTraining.Status.SUBMITTED
    )
    external(person, jp="6.0", ends_on=dt.date(2026, 5, 1), status=ExternalTraining.Status.REJECTED)
    external(person, jp="2.0", ends_on=dt.date(2025, 12, 31))

    # then
    assert _jp(person, 2026) == (Decimal("16.5"), Decimal("3.5"), Decimal("20.0"))
    assert _jp(person, 2025) == (Decimal("30.0"), Decimal("2.0"), Decimal("32.0"))
    assert _jp(person, 2024) == (Decimal("0.0"), Decimal("0.0"), Decimal("0.0"))
    assert selectors.jp_of(person, year=2026) == Decimal("20.0")


def test_jp_sums_stay_exact_decimals(org):
    person = staff(org.dinkes, name="Siti")
    for _ in range(3):
        completed(person, jp="0.6", ends_on=dt.date(2026, 2, 1))
    external(person, jp="0.7", ends_on=dt.date(2026, 2, 1))
    external(person, jp="0.7", ends_on=dt.date(2026, 2, 1))

    classes, externals, total = _jp(person, 2026)

    # 0.6 × 3 is 1.7999999999999998 in binary floating point
    assert (classes, externals, total) == (Decimal("1.8"), Decimal("1.4"), Decimal("3.2"))


def test_employee_page_lines_match_the_set_based_total(org, django_assert_num_queries):
    person = staff(org.dinkes, name="Siti")
    first = completed(person, jp="12.0", ends_on=dt.date(2026, 3, 4))
    validated = external(person, jp="3.5", ends_on=dt.date(2026, 2, 1))
    external(
        person, jp="6.0", ends_on=dt.date(2026, 5, 1), status=ExternalTraining.Status.SUBMITTED
    )
    completed(person, jp="30.0", ends_on=dt.date(2025, 12, 31))
    external(person, jp="2.0", ends_on=dt.date(2024, 7, 1))
    TrainingYearFactory.create(year=2025, minimum_jp=Decimal("24.0"))

    with django_assert_num_queries(8):
        page = selectors.employee_jp(person, year=2026)

    assert page.classes == [first]
    assert page.externals == [validated]
    assert (page.jp_classes, page.jp_external, page.total) == (
        Decimal("12.0"),
        Decimal("3.5"),
        Decimal("15.5"),
    )
    assert page.total == selectors.jp_of(person, year=2026)
    assert (page.target.minimum_jp, page.target.is_default) == (Decimal("20.0"), True)
    assert (page.shortfall, page.is_compliant, page.progress) == (Decimal("4.5"), False, 78)
    assert page.pending_externals == 1
    assert [(h.year, h.total, h.minimum_jp, h.is_compliant) for h in page.history] == [
        (2025, Decimal("30.0"), Decimal("24.0"), True),
        (2024, Decimal("2.0"), Decimal("20.0"), False),
    ]


def test_year_target_uses_the_configured_year_or_the_model_default():
    TrainingYearFactory.create(
        year=2026, minimum_jp=Decimal("24.0"), reminders_from=dt.date(2026, 9, 1)
    )

    configured = selectors.year_target(2026)
    default = selectors.year_target(2027)

    assert configured == selectors.YearTarget(
        year=2026,
        minimum_jp=Decimal("24.0"),
        reminders_from=dt.date(2026, 9, 1),
        is_default=False,
    )
    assert default == selectors.YearTarget(
        year=2027,
        minimum_jp=Decimal("20.0"),
        reminders_from=dt.date(2027, 10, 1),
        is_default=True,
    )


@pytest.fixture
def city(org):
    """Dinkes: 2 in the OPD itself (one compliant), 3 in its division (two compliant, one of them
    exactly at the minimum); Disdik: 1 below; one inactive compliant employee in Dinkes."""
    people = {
        "kadis": staff(org.dinkes, name="Kadis"),
        "sekretaris": staff(org.dinkes, name="Sekretaris"),
        "a": staff(org.dinkes_division, name="Analis A"),
        "b": staff(org.dinkes_division, name="Analis B"),
        "c": staff(org.dinkes_division, name="Analis C"),
        "guru": staff(org.disdik, name="Guru"),
        "pensiun": staff(org.dinkes, name="Pensiun", active=False),
    }
    day = dt.date(2026, 6, 30)
    completed(people["kadis"], jp="24.0", ends_on=day)
    completed(people["sekretaris"], jp="6.0", ends_on=day)
    completed(people["a"], jp="20.0", ends_on=day)
    completed(people["b"], jp="12.0", ends_on=day)
    external(people["b"], jp="10.5", ends_on=day)
    external(people["c"], jp="19.9", ends_on=day)
    completed(people["guru"], jp="4.0", ends_on=day)
    completed(people["pensiun"], jp="40.0", ends_on=day)
    return people


def _rows(report: selectors.UnitCompliance) -> list[tuple[str, int, int, str, str]]:
    return [
        (row.label, row.employees, row.compliant, str(row.compliance_percent), str(row.average_jp))
        for row in report.rows
    ]


def test_unit_compliance_rolls_subtrees_up_to_the_opds(org, city, django_assert_num_queries):
    target = selectors.year_target(2026)

    with django_assert_num_queries(2):
        report = selectors.unit_compliance(
            employees=Employee.objects.active(), target=target, unit=org.root
        )

    assert _rows(report) == [
        ("Dinas Kesehatan", 5, 3, "60.0", "18.5"),
        ("Dinas Pendidikan", 1, 0, "0.0", "4.0"),
    ]
    assert report.total is not None
    assert (report.total.employees, report.total.compliant, report.total.total_jp) == (
        6,
        3,
        Decimal("96.4"),
    )
    assert report.chart() == {
        "labels": ["Dinas Kesehatan", "Dinas Pendidikan"],
        "percent": [60.0, 0.0],
        "average": [18.5, 4.0],
        "minimum": 20.0,
    }


def test_unit_compliance_of_an_opd_lists_its_own_staff_and_its_divisions(org, city):
    TrainingYearFactory.create(year=2026, minimum_jp=Decimal("22.5"))

    report = selectors.unit_compliance(
        employees=Employee.objects.active(),
        target=selectors.year_target(2026),
        unit=org.dinkes,
    )

    assert _rows(report) == [
        ("Dinas Kesehatan (langsung)", 2, 1, "50.0", "15.0"),
        ("Bidang Pelayanan Kesehatan", 3, 1, "33.3", "20.8"),
    ]


def test_unit_compliance_counts_only_the_given_employees(org, city):
    team = Employee.objects.filter(pk__in=[city["a"].pk, city["guru"].pk])

    report = selectors.unit_compliance(
        employees=team, target=selectors.year_target(2026), unit=org.root
    )

    assert _rows(report) == [
        ("Dinas Kesehatan", 1, 1, "100.0", "20.0"),
        ("Dinas Pendidikan", 1, 0, "0.0", "4.0"),
    ]


def test_unit_employees_filters_and_marks_compliance(org, city):
    target = selectors.year_target(2026)
    active = Employee.objects.active()

    everyone = selectors.unit_employees(employees=active, target=target, unit=org.dinkes)
    direct = selectors.unit_employees(
        employees=active, target=target, unit=org.dinkes, direct_only=True
    )
    below = selectors.unit_employees(
        employees=active, target=target, unit=org.dinkes, below_only=True
    )

    assert [(e.name, e.jp_total, e.is_compliant) for e in everyone] == [
        ("Analis A", Decimal("20.0"), True),
        ("Analis B", Decimal("22.5"), True),
        ("Analis C", Decimal("19.9"), False),
        ("Kadis", Decimal("24.0"), True),
        ("Sekretaris", Decimal("6.0"), False),
    ]
    assert [e.name for e in direct] == ["Kadis", "Sekretaris"]
    assert [e.name for e in below] == ["Analis C", "Sekretaris"]


def _ids(user) -> set[int]:
    scope = selectors.dashboard_scope(user)
    assert scope is not None
    return set(scope.values_list("pk", flat=True))


def test_dashboard_scope_per_role(org, city, hr_admin, auditor, opd_admin, supervisor, employee):
    subordinate = Employee.objects.get(user=employee)
    in_dinkes = {p.pk for k, p in city.items() if k not in ("guru", "pensiun")}
    all_active = set(Employee.objects.active().values_list("pk", flat=True))

    assert _ids(hr_admin) == all_active
    assert _ids(auditor) == all_active
    assert _ids(opd_admin) == in_dinkes | {subordinate.pk, Employee.objects.get(user=supervisor).pk}
    assert _ids(supervisor) == {subordinate.pk}
    assert selectors.dashboard_scope(employee) is None


def test_home_unit_is_the_root_for_hr_and_the_nearest_common_unit_otherwise(
    org, city, hr_admin, opd_admin, supervisor, employee
):
    assert selectors.home_unit(hr_admin, Employee.objects.active()) == org.root
    opd_access = selectors.dashboard_access(opd_admin)
    team_access = selectors.dashboard_access(supervisor)
    assert opd_access is not None
    assert team_access is not None
    assert opd_access.home == org.dinkes
    assert team_access.home == org.dinkes_division
    assert selectors.may_open_unit(supervisor, org.dinkes_division, org.dinkes_division)
    assert not selectors.may_open_unit(supervisor, org.dinkes, org.dinkes_division)
    assert selectors.may_open_unit(hr_admin, org.disdik, org.root)


def test_breadcrumbs_run_from_the_home_unit(org):
    section = WorkUnitFactory.create(
        name="Seksi Rujukan", kind=WorkUnit.Kind.SECTION, parent=org.dinkes_division
    )

    assert selectors.breadcrumbs(section, org.root) == [
        org.root,
        org.dinkes,
        org.dinkes_division,
        section,
    ]
    assert selectors.breadcrumbs(section, org.dinkes) == [
        org.dinkes,
        org.dinkes_division,
        section,
    ]
