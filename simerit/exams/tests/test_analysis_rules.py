"""rules/analysis.py on small matrices computed by hand (the arithmetic is in the comments)."""

import math

import pytest

from simerit.exams.rules import analysis as rules
from simerit.exams.rules.scoring import CREDIT_ALL, SINGLE, WEIGHTED, ItemKey

KEY_A = {"A": 1, "B": 0, "C": 0, "D": 0, "E": 0}
TKP = {"A": 1, "B": 2, "C": 3, "D": 4, "E": 5}


def single(position: int, **kwargs) -> ItemKey:
    return ItemKey(position=position, category="TWK", kind=SINGLE, option_points=KEY_A, **kwargs)


def weighted(position: int) -> ItemKey:
    return ItemKey(position=position, category="TKP", kind=WEIGHTED, option_points=TKP)


# Five examinees, three single-answer items keyed A (5/0 points). Correct = 1:
#         i1  i2  i3   number correct
#   P1    A   A   A    1 1 1 = 3
#   P2    A   A   B    1 1 0 = 2
#   P3    A   C   A    1 0 1 = 2
#   P4    B   A   -    0 1 0 = 1
#   P5    C   -   B    0 0 0 = 0
SMALL = [
    ["A", "A", "A"],
    ["A", "A", "B"],
    ["A", "C", "A"],
    ["B", "A", ""],
    ["C", "", "B"],
]


@pytest.fixture
def small() -> rules.MatrixAnalysis:
    return rules.analyse([single(1), single(2), single(3)], SMALL)


def test_difficulty_is_the_proportion_correct(small):
    # p1 = 3/5, p2 = 3/5, p3 = 2/5
    assert [item.difficulty for item in small.items] == [0.6, 0.6, 0.4]


def test_discrimination_is_the_point_biserial_against_the_rest_score(small):
    # i1 = (1,1,1,0,0), rest = i2+i3 = (2,1,1,1,0): cov = 1.0/5 = 0.2, var(i1) = 0.24,
    #   var(rest) = 2/5 = 0.4 → r = 0.2/√(0.24·0.4) = √(5/12) ≈ 0.6455
    # i2 = (1,1,0,1,0), rest = (2,1,2,0,0): Σ(x−x̄)(y−ȳ) = .4 + 0 − .6 − .4 + .6 = 0 → r = 0
    # i3 = (1,0,1,0,0), rest = (2,2,1,1,0): cov = 0.6/5 = 0.12, var(rest) = 2.8/5 = 0.56
    #   → r = 0.12/√(0.24·0.56) = √(3/28) ≈ 0.3273
    # Points are 5/0, not 1/0: a correlation does not change when an item is scaled.
    first, second, third = (item.discrimination for item in small.items)
    assert first == pytest.approx(math.sqrt(5 / 12))
    assert second == pytest.approx(0.0)
    assert third == pytest.approx(math.sqrt(3 / 28))


def test_kr20_of_an_all_single_answer_test(small):
    # Number-correct totals (3,2,2,1,0): mean 1.6, σ² = (1.96+.16+.16+.36+2.56)/5 = 1.04;
    # Σpq = 3 · 0.24 = 0.72 → KR-20 = 3/2 · (1 − 0.72/1.04) = 3/2 · 4/13 = 6/13 ≈ 0.4615
    assert small.reliability.method == rules.KR20
    assert small.reliability.value == pytest.approx(6 / 13)


def test_total_mean_and_sd_are_in_points(small):
    # Point totals (15,10,10,5,0): mean 8, σ² = 25 · 1.04 = 26
    assert small.examinees == 5
    assert small.mean_total == 8.0
    assert small.sd_total == pytest.approx(math.sqrt(26))


def test_distractor_counts_and_blanks(small):
    third = small.items[2]
    assert [(option.key, option.count, option.is_key) for option in third.options] == [
        ("A", 2, True),
        ("B", 2, False),
        ("C", 0, False),
        ("D", 0, False),
        ("E", 0, False),
    ]
    assert [item.blanks for item in small.items] == [0, 1, 1]


def test_the_upper_group_is_the_best_27_percent_ties_by_row_order(small):
    # ⌈5 · 0.27⌉ = 2: P1 (15) and P2 (10; P3 has 10 too but comes later)
    assert rules.upper_group([15, 10, 10, 5, 0]) == {0, 1}
    assert [option.upper for option in small.items[2].options] == [1, 1, 0, 0, 0]


def test_low_discrimination_is_flagged(small):
    assert [item.flags for item in small.items] == [(), (rules.LOW_DISCRIMINATION,), ()]


def test_a_distractor_the_upper_group_prefers_over_the_key_is_flagged():
    # Totals (10,10,10,5) → upper group ⌈4 · 0.27⌉ = 2: P1 and P2, who both chose B on i1.
    matrix = [["B", "A", "A"], ["B", "A", "A"], ["A", "C", "A"], ["A", "", "C"]]
    result = rules.analyse([single(1), single(2), single(3)], matrix)
    assert rules.DISTRACTOR_BEATS_KEY in result.items[0].flags
    assert result.items[0].difficulty == 0.5


def test_too_easy_and_too_hard_items_are_flagged():
    # i1: everybody but one right of 11 → p = 10/11 > 0.9; i2: one right → p = 1/11 < 0.2
    matrix = [["A", "B"]] * 10 + [["B", "A"]]
    result = rules.analyse([single(1), single(2)], matrix)
    assert rules.TOO_EASY in result.items[0].flags
    assert rules.TOO_HARD in result.items[1].flags


def test_cronbach_alpha_and_weighted_difficulty():
    # Two TKP items (points 1–5):       a  b  total
    #   P1 E D                          5  4   9
    #   P2 C C                          3  3   6
    #   P3 D B                          4  2   6
    #   P4 B A                          2  1   3
    # σ²a = σ²b = 5/4 = 1.25, σ²total = 18/4 = 4.5 → α = 2/1 · (1 − 2.5/4.5) = 8/9
    # p(a) = 3.5/5 = 0.7, p(b) = 2.5/5 = 0.5; r(a, rest = b) = 4/√(5·5) = 0.8
    result = rules.analyse(
        [weighted(1), weighted(2)], [["E", "D"], ["C", "C"], ["D", "B"], ["B", "A"]]
    )
    assert result.reliability.method == rules.ALPHA
    assert result.reliability.value == pytest.approx(8 / 9)
    assert [item.difficulty for item in result.items] == [0.7, 0.5]
    assert [item.discrimination for item in result.items] == [pytest.approx(0.8)] * 2
    # weighted items: the key is the best option; no distractor rule
    assert [option.key for option in result.items[0].options if option.is_key] == ["E"]
    assert result.items[0].flags == ()


def test_zero_variance_gives_no_discrimination_and_no_reliability():
    result = rules.analyse([single(1), single(2)], [["A", "A"], ["A", "A"], ["A", "A"]])
    assert [item.discrimination for item in result.items] == [None, None]
    assert result.reliability.value is None
    assert [item.difficulty for item in result.items] == [1.0, 1.0]


def test_reliability_needs_two_items():
    result = rules.analyse([single(1)], [["A"], ["B"]])
    assert result.reliability == rules.Reliability(rules.KR20, None)


def test_an_empty_matrix_has_no_statistics():
    result = rules.analyse([single(1)], [])
    assert result.examinees == 0
    assert (result.items[0].difficulty, result.items[0].discrimination) == (None, None)
    assert (result.mean_total, result.sd_total) == (None, None)


def test_annulment_decisions_do_not_change_the_analysis(small):
    annulled = rules.analyse([single(1, decision=CREDIT_ALL), single(2), single(3)], SMALL)
    assert annulled == small


def test_the_digest_depends_on_every_value_and_the_order():
    rows = [(1, {"TWK": 10, "TIU": 5}, 15, True), (2, {"TWK": 0}, 0, False)]
    digest = rules.score_digest(rows)
    assert digest == rules.score_digest([(1, {"TIU": 5, "TWK": 10}, 15, True), rows[1]])
    assert digest != rules.score_digest([rows[1], rows[0]])
    assert digest != rules.score_digest([(1, {"TWK": 10, "TIU": 5}, 15, None), rows[1]])
    assert len(digest) == 64
