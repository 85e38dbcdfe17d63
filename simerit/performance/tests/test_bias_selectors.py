"""Rater statistics and normalised scores on a fixture small enough to compute by hand, the
query count (it does not grow with the data) and the pseudonym."""

import math

import pytest
from django.test import override_settings
from django.utils.crypto import salted_hmac

from simerit.employees.tests.factories import EmployeeFactory
from simerit.performance.models import RaterGroup
from simerit.performance.selectors.bias import normalised_scores, pseudonym, rater_statistics
from simerit.performance.tests.factories import PerformanceYearFactory
from simerit.performance.tests.factories_bias import answer, answer_all, make_unit

pytestmark = pytest.mark.django_db


def tiny():
    """Two SKPs; rater P gives [4, 4] and [2, 2], Q [5, 5] and [3, 3], R only [4, 4] on the
    first; the first employee rates themself [3, 3] (self: excluded from rater statistics)."""
    year = PerformanceYearFactory.create()
    unit = make_unit(year=year, size=2, prefix="T")
    p, q, r = (EmployeeFactory.create(name=name, work_unit=unit.unit) for name in "PQR")
    first, second = unit.skps
    answer(first, p, RaterGroup.PEER, [4, 4])
    answer(second, p, RaterGroup.PEER, [2, 2])
    answer(first, q, RaterGroup.SUBORDINATE, [5, 5])
    answer(second, q, RaterGroup.PEER, [3, 3])
    answer(first, r, RaterGroup.PEER, [4, 4])
    answer(first, unit.staff[0], RaterGroup.SELF, [3, 3])
    return year, unit, p, q, r


def test_rater_statistics_exact_values():
    year, *_ = tiny()

    stats = {item.rater_name: item for item in rater_statistics(year=year)}

    # Self answers alone make no rater: the employee who rated themself is not listed.
    assert set(stats) == {"P", "Q", "R"}
    assert (stats["P"].answers, stats["P"].ratings, stats["P"].mean, stats["P"].sd) == (2, 4, 3, 1)
    assert (stats["Q"].mean, stats["Q"].sd) == (4, 1)
    assert (stats["R"].mean, stats["R"].sd, stats["R"].answers) == (4, 0, 1)
    # Relative to the other raters of the same SKP (self excluded): on the first SKP P gave 4
    # against Q's and R's mean 4.5, Q 5 against 4, R 4 against 4.5; on the second P gave 2
    # against Q's 3 and Q 3 against P's 2.
    assert (stats["P"].relative_mean, stats["P"].compared_ratings) == (-0.75, 4)
    assert (stats["Q"].relative_mean, stats["Q"].compared_ratings) == (1.0, 4)
    assert (stats["R"].relative_mean, stats["R"].compared_ratings) == (-0.5, 2)
    # Relative means −3/4, 1, −1/2: mean −1/12, population sd √86/12.
    sd = math.sqrt(86) / 12
    assert stats["P"].z_organisation == pytest.approx((-0.75 + 1 / 12) / sd)
    assert stats["Q"].z_organisation == pytest.approx((1 + 1 / 12) / sd)
    assert stats["R"].z_organisation == pytest.approx((-0.5 + 1 / 12) / sd)
    assert stats["P"].z_unit == pytest.approx(stats["P"].z_organisation)
    # Every answer here has one score throughout: halo share 1; R also has no spread.
    assert stats["P"].halo_share == 1.0
    assert stats["R"].flags.central_tendency is True
    assert stats["P"].flags.central_tendency is False


def test_normalised_scores_exact_values():
    year, unit, *_ = tiny()
    # Others' ratings 4,4,2,2,5,5,3,3,4,4: reference mean 3.6, population sd √1.04.
    ref_mean, ref_sd = 3.6, math.sqrt(1.04)

    scores = {item.skp_id: item for item in normalised_scores(year=year)}

    first, second = (scores[skp.pk] for skp in unit.skps)
    assert first.answers == 3
    assert first.raw_mean == pytest.approx(26 / 6)
    # P and Q each gave one sd above their own mean (+1 sd × 2 ratings each); R has no spread and
    # gave their own mean (score − mean + reference mean = 3.6).
    assert first.normalised_mean == pytest.approx(ref_mean + 4 * ref_sd / 6)
    assert first.self_mean == 3
    assert first.self_other_gap == pytest.approx(3 - 26 / 6)
    assert second.raw_mean == 2.5
    assert second.normalised_mean == pytest.approx(ref_mean - ref_sd)
    assert second.self_mean is None
    assert second.self_other_gap is None


def test_unit_scope_leaves_out_other_units():
    year, unit, *_ = tiny()
    other = make_unit(year=year, size=2, name="Dinas Lain", prefix="L")
    answer(other.skps[0], other.staff[1], RaterGroup.PEER, [1, 1])

    assert {s.rater_name for s in rater_statistics(year=year, unit=unit.unit)} == {"P", "Q", "R"}
    assert "L Pegawai 01" in {s.rater_name for s in rater_statistics(year=year)}
    assert len(normalised_scores(year=year, unit=other.unit)) == 1


def test_query_count_does_not_grow_with_the_ratings(django_assert_num_queries):
    year, *_ = tiny()
    with django_assert_num_queries(2):
        rater_statistics(year=year)
    with django_assert_num_queries(2):
        normalised_scores(year=year)
    more = make_unit(year=year, size=6, name="Dinas Besar", prefix="B")
    answer_all(
        [
            (skp, rater, RaterGroup.PEER, [1 + (i + j) % 5] * 21)
            for i, skp in enumerate(more.skps)
            for j, rater in enumerate(more.staff)
            if skp.employee_id != rater.pk
        ]
    )
    with django_assert_num_queries(2):
        assert len(rater_statistics(year=year)) == 9
    with django_assert_num_queries(2):
        assert len(normalised_scores(year=year)) == 8


def test_pseudonym_is_stable_per_year_and_hides_the_id():
    year = PerformanceYearFactory.create(year=2026)
    other_year = PerformanceYearFactory.create(year=2027)

    label = pseudonym(rater_id=42, year=year)

    assert label == pseudonym(rater_id=42, year=year)
    assert label.startswith("Penilai R-")
    assert len(label) == len("Penilai R-") + 12
    # A key derived for this purpose alone (not the raw SECRET_KEY), 48 bits.
    digest = salted_hmac("simerit.performance.rater-pseudonym", "2026:42").hexdigest()
    assert label == f"Penilai R-{digest[:12].upper()}"
    assert label != pseudonym(rater_id=43, year=year)
    assert label != pseudonym(rater_id=42, year=other_year)
    with override_settings(SECRET_KEY="another-secret-key-for-the-test-only"):
        assert label != pseudonym(rater_id=42, year=year)
