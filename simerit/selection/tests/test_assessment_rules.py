"""rules/assessment.py: rubric scores, aggregation, spread, ICC(1) — worked examples and properties."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simerit.selection.models import Aggregation
from simerit.selection.rules import assessment as rules

D = Decimal
WEIGHTS = {1: D(50), 2: D(30), 3: D(20)}
RULES = [Aggregation.MEAN, Aggregation.MEDIAN, Aggregation.TRIMMED_MEAN]

# Scores as stored: 0–100 with at most 4 decimals.
scores_st = st.decimals(min_value=0, max_value=100, places=4, allow_nan=False, allow_infinity=False)


def ds(*values: str | int) -> list[Decimal]:
    return [D(value) for value in values]


# --- rubric_score


def test_rubric_score_is_the_weighted_share_of_the_top_level():
    # 50 × 4/5 + 30 × 3/5 + 20 × 5/5 = 40 + 18 + 20
    assert rules.rubric_score({1: 4, 2: 3, 3: 5}, WEIGHTS, 5) == D("78.0000")


def test_rubric_score_top_level_everywhere_is_100_and_rounds_half_up_to_4_places():
    assert rules.rubric_score({1: 5, 2: 5, 3: 5}, WEIGHTS, 5) == D("100.0000")
    # 100 × 2/3 = 66.66666… → 66.6667; 100 × 1/3 → 33.3333
    assert rules.rubric_score({1: 2}, {1: D(100)}, 3) == D("66.6667")
    assert rules.rubric_score({1: 1}, {1: D(100)}, 3) == D("33.3333")


def test_rubric_score_refuses_levels_for_other_criteria():
    with pytest.raises(ValueError, match="same criteria"):
        rules.rubric_score({1: 4, 2: 3}, WEIGHTS, 5)


# --- aggregate


def test_mean_median_and_trimmed_mean_worked_examples():
    scores = ds("70", "80", "75.5")
    assert rules.aggregate(Aggregation.MEAN, scores) == D("75.1667")  # 225.5 / 3
    assert rules.aggregate(Aggregation.MEDIAN, scores) == D("75.5000")
    assert rules.aggregate(Aggregation.TRIMMED_MEAN, scores) == D("75.5000")  # 70 and 80 dropped
    four = ds("10", "60", "70", "100")
    assert rules.aggregate(Aggregation.MEDIAN, four) == D("65.0000")
    assert rules.aggregate(Aggregation.TRIMMED_MEAN, four) == D("65.0000")  # (60 + 70) / 2
    assert rules.aggregate(Aggregation.MEAN, four) == D("60.0000")


def test_aggregate_refuses_an_unknown_rule_and_no_scores():
    with pytest.raises(ValueError, match="unknown aggregation rule"):
        rules.aggregate("consensus", ds(1, 2))
    with pytest.raises(ValueError, match="at least one score"):
        rules.aggregate(Aggregation.MEAN, [])


@pytest.mark.parametrize("rule", RULES)
@given(scores=st.lists(scores_st, min_size=1, max_size=7))
def test_aggregate_lies_between_the_lowest_and_the_highest_score(rule, scores):
    assert min(scores) <= rules.aggregate(rule, scores) <= max(scores)


@pytest.mark.parametrize("rule", RULES)
@given(scores=st.lists(scores_st, min_size=1, max_size=7), data=st.data())
def test_aggregate_does_not_depend_on_the_order_of_the_scores(rule, scores, data):
    shuffled = data.draw(st.permutations(scores))
    assert rules.aggregate(rule, shuffled) == rules.aggregate(rule, scores)


@given(first=scores_st, second=scores_st)
def test_trimmed_mean_of_two_scores_is_their_mean(first, second):
    pair = [first, second]
    assert rules.aggregate(Aggregation.TRIMMED_MEAN, pair) == rules.aggregate(
        Aggregation.MEAN, pair
    )


# --- spread and resolution


def test_spread_and_the_limit_itself_is_not_flagged():
    assert rules.spread(ds("78", "63")) == D("15")
    assert rules.needs_resolution(ds("78", "63"), D(15)) is False
    assert rules.needs_resolution(ds("78", "62.9999"), D(15)) is True


# --- mean and sample SD (assessor statistics)


def test_mean_and_sample_standard_deviation():
    assert rules.mean(ds(60, 70, 80)) == D("70.0000")
    assert rules.sample_sd(ds(60, 70, 80)) == D("10.0000")  # √((100 + 0 + 100) / 2)
    assert rules.sample_sd(ds(2, 4, 4, 4, 5, 5, 7, 9)) == D("2.1381")  # √(32 / 7)
    assert rules.sample_sd(ds(60)) is None


# --- ICC(1)


def test_icc1_shrout_and_fleiss_1979_example():
    # Shrout & Fleiss (1979), Table 2: 6 targets × 4 judges; ICC(1,1) = 0.17 (448/2703 exactly).
    cases = [
        ds(9, 2, 5, 8),
        ds(6, 1, 3, 2),
        ds(8, 4, 6, 8),
        ds(7, 1, 2, 6),
        ds(10, 5, 6, 9),
        ds(6, 2, 4, 7),
    ]
    assert rules.icc1(cases) == D("0.1657")


def test_icc1_hand_computed_with_two_assessors():
    # Case means 1.5, 3.5, 5.5, grand mean 3.5: MSB = 2 × (4 + 0 + 4) / 2 = 8;
    # MSW = (3 × 2 × 0.25) / (3 × 1) = 0.5; ICC = (8 − 0.5) / (8 + 0.5) = 15/17 = 0.88235…
    assert rules.icc1([ds(1, 2), ds(3, 4), ds(5, 6)]) == D("0.8824")


def test_icc1_perfect_agreement_disagreement_and_undefined_cases():
    assert rules.icc1([ds(60, 60), ds(80, 80), ds(70, 70)]) == D("1.0000")
    assert rules.icc1([ds(1, 5), ds(5, 1)]) == D("-1.0000")
    assert rules.icc1([ds(70, 80)]) is None  # one case
    assert rules.icc1([ds(70, 70), ds(70, 70)]) is None  # no variance at all
    with pytest.raises(ValueError, match="same number"):
        rules.icc1([ds(1, 2), ds(3, 4, 5)])


@given(
    cases=st.lists(st.lists(scores_st, min_size=2, max_size=2), min_size=2, max_size=8),
    data=st.data(),
)
def test_icc1_does_not_depend_on_the_order_of_cases_or_of_ratings(cases, data):
    shuffled = [data.draw(st.permutations(case)) for case in data.draw(st.permutations(cases))]
    value = rules.icc1(cases)
    assert rules.icc1(shuffled) == value
    assert value is None or D(-1) <= value <= D(1)


def test_icc_reading_in_plain_indonesian():
    assert [
        rules.icc_reading(D(value)) for value in ("0.4999", "0.5", "0.75", "0.8999", "0.9", "0.95")
    ] == ["rendah", "sedang", "baik", "baik", "sangat baik", "sangat baik"]
    assert rules.icc_reading(None).startswith("belum dapat dihitung")
