"""The unit's predikat distribution: counts of the subtree's appraisals, SKP completion, and the
findings of rules.check_distribution for the unit's organisation predikat."""

import pytest

from simerit.organization.models import WorkUnit
from simerit.organization.tests.factories import WorkUnitFactory
from simerit.performance.models import OrganisationPredikat, Rating, Skp, UnitPredikat
from simerit.performance.selectors.distribution import unit_distribution
from simerit.performance.tests.factories import PerformanceYearFactory
from simerit.performance.tests.factories_bias import make_appraisal, make_unit

pytestmark = pytest.mark.django_db


def test_counts_status_and_findings(hr_admin, django_assert_num_queries):
    # given: 10 staff, 8 Baik and 2 Butuh Perbaikan, in a unit rated Baik (max 70 % Baik)
    year = PerformanceYearFactory.create()
    unit = make_unit(year=year, size=11)
    for skp in unit.skps[:8]:
        make_appraisal(skp)
    for skp in unit.skps[8:10]:
        make_appraisal(skp, result=Rating.BELOW)
    Skp.objects.filter(pk=unit.skps[10].pk).update(status=Skp.Status.SUBMITTED)
    UnitPredikat.objects.create(
        year=year, work_unit=unit.unit, predikat=OrganisationPredikat.BAIK, set_by=hr_admin
    )
    # when
    with django_assert_num_queries(3):
        result = unit_distribution(year=year, unit=unit.unit)
    # then
    assert result.counts == {
        "sangat_baik": 0,
        "baik": 8,
        "butuh_perbaikan": 2,
        "kurang": 0,
        "sangat_kurang": 0,
    }
    assert result.appraised == 10
    assert {value: n for value, _, n in result.skp_status} == {
        "draft": 0,
        "submitted": 1,
        "returned": 0,
        "approved": 10,
    }
    assert [f.message for f in result.findings] == [
        "8 dari 10 pegawai (80,0 %) berpredikat Baik; paling banyak 70 % untuk unit berpredikat "
        "Baik."
    ]
    assert result.chart()["counts"] == [0, 8, 2, 0, 0]


def test_a_sub_unit_is_counted_and_no_predikat_means_no_finding():
    year = PerformanceYearFactory.create()
    unit = make_unit(year=year, size=1)
    section = WorkUnitFactory.create(parent=unit.unit, kind=WorkUnit.Kind.SECTION)
    Skp.objects.filter(pk=unit.skps[0].pk).update(work_unit=section)
    make_appraisal(unit.skps[0], result=Rating.ABOVE, behaviour=Rating.ABOVE)

    result = unit_distribution(year=year, unit=unit.unit)

    assert result.counts["sangat_baik"] == 1
    assert result.unit_predikat is None
    assert result.findings == []
    assert unit_distribution(year=year, unit=section).counts["sangat_baik"] == 1
