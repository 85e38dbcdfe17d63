"""Leniency and severity relative to the other raters of the same SKP: a fair rater who happened
to rate only strong (or only weak) colleagues is not lenient (or severe); a rater who adds a level
to everybody is, whoever they rated."""

import pytest

from simerit.employees.tests.factories import EmployeeFactory
from simerit.performance.models import RaterGroup
from simerit.performance.selectors.bias import rater_statistics
from simerit.performance.tests.factories import PerformanceYearFactory
from simerit.performance.tests.factories_bias import answer, answer_all, make_unit

pytestmark = pytest.mark.django_db

# Two indicators per answer; a fair rater gives the ratee's level +1 and −1 (mean: the level).
FAIR = {4: [5, 3], 2: [3, 1]}
# The lenient rater adds one level (at most 5).
LENIENT = {4: [5, 4], 2: [4, 2]}


def organisation():
    """Six ratees, the first three strong (level 4), the others weak (level 2). STRONG rates only
    the strong ones and WEAK only the weak ones, both fairly; four fair raters and LENIENT rate
    everybody."""
    year = PerformanceYearFactory.create()
    unit = make_unit(year=year, size=6, prefix="K")
    names = ["STRONG", "WEAK", "LENIENT", "M1", "M2", "M3", "M4"]
    raters = {name: EmployeeFactory.create(name=name, work_unit=unit.unit) for name in names}
    answers = []
    for index, skp in enumerate(unit.skps):
        level = 4 if index < 3 else 2
        chosen = ["M1", "M2", "M3", "M4", "LENIENT", "STRONG" if level == 4 else "WEAK"]
        for name in chosen:
            given = (LENIENT if name == "LENIENT" else FAIR)[level]
            answers.append((skp, raters[name], RaterGroup.PEER, given))
    answer_all(answers)
    return year


def test_a_fair_rater_of_strong_colleagues_is_not_lenient():
    year = organisation()

    stats = {item.rater_name: item for item in rater_statistics(year=year)}

    # By raw means STRONG (4) and WEAK (2) lie furthest from the others (3 and 3.75): a z of the
    # raw means would call WEAK severe (−1.86) and LENIENT fair (1.08).
    assert (stats["STRONG"].mean, stats["WEAK"].mean, stats["M1"].mean) == (4, 2, 3)
    assert stats["LENIENT"].mean == 3.75
    flagged = {name for name, item in stats.items() if item.flags.any}
    assert flagged == {"LENIENT"}
    assert stats["LENIENT"].flags.lenient is True
    # STRONG's ratees got 4 from the four fair raters and 4.5 from LENIENT: 5 others, mean 4.1;
    # every score STRONG gave lies 0.1 under it (and WEAK's 0.2 under 2.2).
    assert stats["STRONG"].relative_mean == pytest.approx(-0.1)
    assert stats["WEAK"].relative_mean == pytest.approx(-0.2)
    assert stats["STRONG"].compared_ratings == 6
    # LENIENT: 0.5 over the other five on a strong ratee (4.5 vs 4), 1 over them on a weak one.
    assert stats["LENIENT"].relative_mean == pytest.approx(0.75)
    lenient_z = stats["LENIENT"].z_organisation
    assert lenient_z is not None
    assert lenient_z > 1.5
    assert all(
        abs(item.z_organisation or 0) <= 1.5 for name, item in stats.items() if name != "LENIENT"
    )


def test_a_rater_without_another_rater_of_the_same_skp_has_no_relative_mean():
    year = PerformanceYearFactory.create()
    unit = make_unit(year=year, size=2, prefix="A")
    alone, pair_one, pair_two = (
        EmployeeFactory.create(name=name, work_unit=unit.unit) for name in ("ALONE", "P1", "P2")
    )
    first, second = unit.skps
    answer(first, alone, RaterGroup.PEER, [5, 5])
    # A self-assessment is no other rater.
    answer(first, unit.staff[0], RaterGroup.SELF, [1, 1])
    answer(second, pair_one, RaterGroup.PEER, [4, 2])
    answer(second, pair_two, RaterGroup.PEER, [2, 2])

    stats = {item.rater_name: item for item in rater_statistics(year=year)}

    assert set(stats) == {"ALONE", "P1", "P2"}
    assert (stats["ALONE"].relative_mean, stats["ALONE"].compared_ratings) == (None, 0)
    assert (stats["ALONE"].z_organisation, stats["ALONE"].z_unit) == (None, None)
    assert stats["ALONE"].flags.lenient is False
    assert stats["ALONE"].mean == 5
    # P1 gave 4 and 2 against P2's 2 and 2: one over on average; P2 one under.
    assert (stats["P1"].relative_mean, stats["P2"].relative_mean) == (1.0, -1.0)
    assert (stats["P1"].z_organisation, stats["P2"].z_organisation) == (1.0, -1.0)
