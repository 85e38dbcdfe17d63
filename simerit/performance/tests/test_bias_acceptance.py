"""The issue's acceptance test of bias control: a synthetic organisation with fair raters, one
lenient rater (+1 level on everyone), one harsh rater (−1) and one halo rater (one score on all 21
indicators); the bias report flags exactly those three and no fair one. Deterministic: the
"noise" of every rater is a fixed rotation of +1, 0, −1 over the indicators (zero on average)."""

import pytest

from simerit.performance.models import RaterGroup
from simerit.performance.selectors.bias import normalised_scores, rater_statistics
from simerit.performance.tests.factories import PerformanceYearFactory
from simerit.performance.tests.factories_bias import answer_all, make_unit

pytestmark = pytest.mark.django_db

SIZE = 12
LENIENT, HARSH, HALO = 0, 1, 2
NOISE = (1, 0, -1)


def known(value: float | None) -> float:
    assert value is not None
    return value


def true_level(ratee: int) -> int:
    """Each ratee's own level of behaviour: 2, 3 or 4."""
    return 2 + ratee % 3


def scores(*, rater: int, ratee: int, shift: int = 0, halo: bool = False) -> list[int]:
    level = true_level(ratee) + shift
    if halo:
        return [level] * 21
    return [min(5, max(1, level + NOISE[(rater + ratee + k) % 3])) for k in range(21)]


def build_organisation():
    year = PerformanceYearFactory.create()
    unit = make_unit(year=year, size=SIZE)
    answers = []
    for ratee, skp in enumerate(unit.skps):
        # Self-assessment: always 5 everywhere; it must not count as anyone's rater behaviour.
        answers.append((skp, unit.staff[ratee], RaterGroup.SELF, [5] * 21))
        answers.append((skp, unit.chief, RaterGroup.SUPERVISOR, scores(rater=SIZE, ratee=ratee)))
        for rater in range(SIZE):
            if rater == ratee:
                continue
            shift = {LENIENT: 1, HARSH: -1}.get(rater, 0)
            given = scores(rater=rater, ratee=ratee, shift=shift, halo=rater == HALO)
            answers.append((skp, unit.staff[rater], RaterGroup.PEER, given))
    answer_all(answers)
    return year, unit


def test_bias_report_flags_exactly_the_lenient_the_harsh_and_the_halo_rater():
    # given
    year, unit = build_organisation()
    # when
    statistics = {item.rater_id: item for item in rater_statistics(year=year)}
    # then
    lenient, harsh, halo = (unit.staff[i].pk for i in (LENIENT, HARSH, HALO))
    flagged = {
        rater_id: (
            item.flags.lenient,
            item.flags.severe,
            item.flags.central_tendency,
            item.flags.halo,
        )
        for rater_id, item in statistics.items()
        if item.flags.any
    }
    assert flagged == {
        lenient: (True, False, False, False),
        harsh: (False, True, False, False),
        halo: (False, False, False, True),
    }
    # Every staff member rated 11 peers (self excluded); the chief rated all 12 as supervisor.
    assert len(statistics) == SIZE + 1
    assert {item.answers for pk, item in statistics.items() if pk != unit.chief.pk} == {11}
    assert {
        item.self_answers_excluded for pk, item in statistics.items() if pk != unit.chief.pk
    } == {1}
    assert statistics[unit.chief.pk].answers == 12
    assert statistics[unit.chief.pk].supervisor_only is True
    assert statistics[halo].halo_share == 1.0
    assert max(item.halo_share for pk, item in statistics.items() if pk != halo) == 0.0
    assert known(statistics[lenient].z_organisation) > 1.5
    assert known(statistics[harsh].z_organisation) < -1.5


def test_bias_report_is_the_same_when_asked_for_the_unit():
    year, unit = build_organisation()

    whole = rater_statistics(year=year)
    scoped = rater_statistics(year=year, unit=unit.unit)

    assert [(s.rater_id, s.flags) for s in scoped] == [(s.rater_id, s.flags) for s in whole]


def test_normalisation_takes_the_lenient_and_harsh_rater_out_of_the_ranking():
    """Raw means carry the lenient and harsh raters' shift; ratees of the same true level end
    closer together after normalisation."""
    year, unit = build_organisation()

    scores_by_skp = {item.skp_id: item for item in normalised_scores(year=year)}

    assert len(scores_by_skp) == SIZE
    same_level = [scores_by_skp[unit.skps[i].pk] for i in (0, 3, 6, 9)]  # true level 2
    raw = [known(item.raw_mean) for item in same_level]
    normalised = [known(item.normalised_mean) for item in same_level]
    assert max(normalised) - min(normalised) < max(raw) - min(raw)
    # Self gave 5 everywhere: the gap is positive for everybody.
    assert all(known(item.self_other_gap) > 0 for item in scores_by_skp.values())
