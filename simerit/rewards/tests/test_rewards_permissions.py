"""Who may read the discipline case behind a condition not met, and who sees a final score."""

import pytest

from simerit.employees.models import Employee
from simerit.rewards.permissions import case_readable, sees_cases_of, sees_final_score
from simerit.rewards.tests.factories import NominationFactory, staff

pytestmark = pytest.mark.django_db


def test_cases_are_read_by_hr_the_auditor_the_chain_and_the_employee(
    hr_admin, auditor, opd_admin, supervisor, employee, other_opd_employee
):
    own = Employee.objects.get(user=employee)
    boss = Employee.objects.get(user=supervisor)
    below = staff(supervisor=own)
    ids = [own.pk, boss.pk, below.pk, other_opd_employee.pk]

    assert case_readable(hr_admin, ids) == set(ids)
    assert case_readable(auditor, ids) == set(ids)
    # Two levels down the chain; not a colleague in another OPD.
    assert case_readable(supervisor, ids) == {own.pk, boss.pk, below.pk}
    # A Pegawai without the Atasan role reads only their own.
    assert case_readable(employee, ids) == {own.pk}
    # An Admin OPD reads no case, even of its own subtree.
    assert case_readable(opd_admin, ids) == set()
    assert (sees_cases_of(opd_admin, own), sees_cases_of(supervisor, own)) == (False, True)


def test_only_the_nominee_does_not_see_the_final_score(hr_admin, opd_admin, employee):
    nomination = NominationFactory.create(employee=Employee.objects.get(user=employee))

    assert [sees_final_score(user, nomination) for user in (hr_admin, opd_admin, employee)] == [
        True,
        True,
        False,
    ]
