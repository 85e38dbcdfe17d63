import pytest

from simerit.accounts.tests.factories import UserFactory
from simerit.core.roles import Role
from simerit.employees.tests.factories import EmployeeFactory
from simerit.organization import selectors
from simerit.organization.models import WorkUnit


@pytest.fixture
def staffed(org, supervisor, employee, other_opd_employee):
    """Dinkes: 1 in the OPD itself, 2 in its division (+1 inactive); Disdik: 1."""
    EmployeeFactory.create(work_unit=org.dinkes)
    EmployeeFactory.create(work_unit=org.dinkes_division, is_active=False)
    return org


def tree(rows):
    return [(row.unit.code, row.direct_count, row.subtree_count) for row in rows]


def test_list_unit_tree_counts_active_employees_directly_and_with_sub_units(hr_admin, staffed):
    assert tree(selectors.list_unit_tree(user=hr_admin)) == [
        ("PEMKOT", 0, 4),
        ("DINKES", 1, 3),
        ("DINKES-YANKES", 2, 2),
        ("DISDIK", 1, 1),
    ]


def test_list_unit_tree_for_admin_opd_is_its_subtree(opd_admin, staffed):
    assert tree(selectors.list_unit_tree(user=opd_admin)) == [
        ("DINKES", 1, 3),
        ("DINKES-YANKES", 2, 2),
    ]


@pytest.mark.parametrize("persona", ["supervisor", "employee", "applicant"])
def test_list_unit_tree_is_empty_for_other_roles(request, staffed, persona):
    assert selectors.list_unit_tree(user=request.getfixturevalue(persona)) == []


def test_list_unit_tree_search_matches_name_or_code_but_keeps_subtree_totals(hr_admin, staffed):
    assert tree(selectors.list_unit_tree(user=hr_admin, search="yankes")) == [
        ("DINKES-YANKES", 2, 2)
    ]
    assert tree(selectors.list_unit_tree(user=hr_admin, search="dinas kes")) == [("DINKES", 1, 3)]


def test_list_unit_tree_uses_two_queries(hr_admin, staffed, django_assert_num_queries):
    _ = hr_admin.roles
    with django_assert_num_queries(2):
        selectors.list_unit_tree(user=hr_admin)


def test_get_unit_detail_lists_children_and_marks_which_ancestors_open(opd_admin, staffed):
    detail = selectors.get_unit_detail(unit=staffed.dinkes_division, user=opd_admin)

    assert [(a.unit.code, a.can_open) for a in detail.ancestors] == [
        ("PEMKOT", False),
        ("DINKES", True),
    ]
    assert (detail.direct_count, detail.subtree_count, detail.children) == (2, 2, [])
    parent = selectors.get_unit_detail(unit=staffed.dinkes, user=opd_admin)
    assert tree(parent.children) == [("DINKES-YANKES", 2, 2)]


def test_manageable_units_are_active_units_in_reach(hr_admin, opd_admin, org):
    WorkUnit.objects.filter(pk=org.dinkes_division.pk).update(is_active=False)
    no_scope = UserFactory.create(roles=[Role.ADMIN_OPD])

    assert list(selectors.manageable_units(opd_admin).values_list("code", flat=True)) == ["DINKES"]
    assert selectors.manageable_units(hr_admin).count() == 3
    assert selectors.manageable_units(no_scope).exists() is False
    assert selectors.count_active_units() == 3
