import datetime as dt

import pytest

from simerit.employees import selectors
from simerit.employees.models import (
    EducationHistory,
    Employee,
    EmployeeKind,
    PositionHistory,
    RankHistory,
)
from simerit.employees.tests.factories import EmployeeFactory
from simerit.organization.models import EducationLevel
from simerit.organization.tests.factories import golongan


@pytest.fixture
def people(supervisor, employee, other_opd_employee):
    """The three persona employees: Kepala Bidang, Pegawai Uji (Dinkes) and Guru Lain (Disdik)."""
    return {e.name: e for e in Employee.objects.all()}


def names(queryset):
    return [e.name for e in queryset]


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("hr_admin", ["Guru Lain", "Kepala Bidang", "Pegawai Uji"]),
        ("auditor", ["Guru Lain", "Kepala Bidang", "Pegawai Uji"]),
        ("opd_admin", ["Kepala Bidang", "Pegawai Uji"]),
        ("supervisor", ["Kepala Bidang", "Pegawai Uji"]),
        ("employee", ["Pegawai Uji"]),
        ("applicant", []),
        ("verifier", []),
    ],
)
def test_list_employees_shows_what_each_persona_may_see(request, people, persona, expected):
    user = request.getfixturevalue(persona)
    assert names(selectors.list_employees(user=user)) == expected


def test_list_employees_searches_the_name(hr_admin, people):
    assert names(selectors.list_employees(user=hr_admin, search="guru")) == ["Guru Lain"]


def test_list_employees_treats_digits_as_a_nip_prefix(hr_admin, people):
    nip = people["Pegawai Uji"].nip
    assert names(selectors.list_employees(user=hr_admin, search=nip[:10])) == ["Pegawai Uji"]
    assert names(selectors.list_employees(user=hr_admin, search=nip[2:12])) == []


def test_list_employees_by_unit_includes_the_units_below_it(hr_admin, org, people):
    assert names(selectors.list_employees(user=hr_admin, work_unit=org.dinkes)) == [
        "Kepala Bidang",
        "Pegawai Uji",
    ]
    assert names(selectors.list_employees(user=hr_admin, work_unit=org.disdik)) == ["Guru Lain"]


def test_list_employees_filters_by_golongan_and_kind(hr_admin, org, people):
    EmployeeFactory.create(name="Penata Dua", work_unit=org.disdik, golongan=golongan("III/c"))
    EmployeeFactory.create(name="Kontrak", kind=EmployeeKind.PPPK, golongan=None)

    assert names(selectors.list_employees(user=hr_admin, golongan_code="III/c")) == ["Penata Dua"]
    assert names(selectors.list_employees(user=hr_admin, kind=EmployeeKind.PPPK)) == ["Kontrak"]


def test_list_employees_leaves_out_inactive_employees(hr_admin, org, people):
    EmployeeFactory.create(name="Pensiunan", work_unit=org.dinkes, is_active=False)

    assert "Pensiunan" not in names(selectors.list_employees(user=hr_admin))
    assert "Pensiunan" in names(selectors.list_employees(user=hr_admin, active_only=False))


def test_list_employees_admin_opd_cannot_widen_its_scope_with_a_unit_filter(opd_admin, org, people):
    assert names(selectors.list_employees(user=opd_admin, work_unit=org.disdik)) == []


def test_list_employees_reads_a_page_in_one_query_for_hr_admin(
    hr_admin, people, django_assert_num_queries
):
    _ = hr_admin.roles
    with django_assert_num_queries(1):
        rows = list(selectors.list_employees(user=hr_admin))
        labels = [(e.work_unit.name, e.position.name, e.golongan and e.golongan.code) for e in rows]
    assert len(labels) == 3


def test_list_employees_for_admin_opd_adds_one_query_for_its_scope(
    opd_admin, people, django_assert_num_queries
):
    _ = opd_admin.roles
    with django_assert_num_queries(2):
        rows = list(selectors.list_employees(user=opd_admin))
        [(e.work_unit.name, e.position.name) for e in rows]


def test_get_employee_profile_loads_everything_the_page_shows_in_eight_queries(
    org, people, django_assert_num_queries
):
    # given one row of each history
    employee = people["Pegawai Uji"]
    EducationHistory.objects.create(
        employee=employee,
        level=EducationLevel.objects.get(code="S1"),
        institution="Universitas Sriwijaya",
        graduation_year=2008,
    )
    RankHistory.objects.create(
        employee=employee, golongan=golongan("III/a"), tmt=dt.date(2010, 3, 1)
    )
    PositionHistory.objects.create(
        employee=employee,
        position=employee.position,
        work_unit=org.dinkes_division,
        tmt=dt.date(2010, 3, 1),
    )
    # when / then: one query for the record, then one per related table
    with django_assert_num_queries(8):
        profile = selectors.get_employee_profile(employee_id=employee.pk)
        shown = (
            [(h.position.name, h.work_unit.name) for h in profile.position_history.all()],
            [h.golongan.code for h in profile.rank_history.all()],
            [e.level.name for e in profile.education.all()],
            profile.supervisor and profile.supervisor.position.name,
        )
    assert shown[0] == [(employee.position.name, "Bidang Pelayanan Kesehatan")]
    assert shown[1:] == (["III/a"], ["Sarjana (S-1)"], people["Kepala Bidang"].position.name)


def test_count_active_by_kind_counts_everyone_or_one_subtree(org, people):
    EmployeeFactory.create(work_unit=org.dinkes, kind=EmployeeKind.PPPK, golongan=None)
    EmployeeFactory.create(work_unit=org.dinkes, is_active=False)

    assert selectors.count_active_by_kind() == {"total": 4, "pns": 3, "cpns": 0, "pppk": 1}
    assert selectors.count_active_by_kind(work_unit=org.dinkes) == {
        "total": 3,
        "pns": 2,
        "cpns": 0,
        "pppk": 1,
    }


def test_list_team_orders_by_name_then_id_so_pages_are_stable(supervisor):
    assert selectors.list_team(supervisor=supervisor).query.order_by == ("name", "pk")


def test_count_team_and_list_team_are_the_direct_subordinates(supervisor, people):
    EmployeeFactory.create(supervisor=people["Pegawai Uji"], name="Cucu Bawahan")

    assert selectors.count_team(supervisor=supervisor) == 1
    assert names(selectors.list_team(supervisor=supervisor)) == ["Pegawai Uji"]
    assert names(selectors.list_subordinates(employee=people["Kepala Bidang"])) == ["Pegawai Uji"]


def test_get_own_employee_is_the_linked_record_or_none(employee, applicant, people):
    assert selectors.get_own_employee(user=employee) == people["Pegawai Uji"]
    assert selectors.get_own_employee(user=applicant) is None


def test_filter_visible_ids_keeps_only_what_the_account_may_open(opd_admin, people):
    ids = [e.pk for e in people.values()]
    expected = {people["Kepala Bidang"].pk, people["Pegawai Uji"].pk}
    assert selectors.filter_visible_ids(user=opd_admin, ids=ids) == expected
