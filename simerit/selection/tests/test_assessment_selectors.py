"""selectors/assessment.py: reliability over the first two independent scores, assessor
statistics, and the queries of the lists."""

from decimal import Decimal

import pytest

from simerit.selection.models import AssessorAssignment
from simerit.selection.selectors import assessment as selectors
from simerit.selection.tests.factories import SkbCandidateFactory
from simerit.selection.tests.factories_assessment import give, make_assessors, make_setup, submit

pytestmark = pytest.mark.django_db

# Weights 50/30/20 on levels 1–5: (1,1,1) → 20, (2,2,2) → 40, (3,3,3) → 60, (4,4,4) → 80,
# (5,5,5) → 100.


@pytest.fixture
def scored(db):
    """Three cases scored by a+b, a+c and b+c (spread limit 50: nothing flagged)."""
    setup = make_setup(candidates=3, max_spread=50)
    a, b, c = make_assessors("asesor.a", "asesor.b", "asesor.c")
    first, second, third = setup.candidates
    plan = [
        (first, [(a, 1), (b, 2)]),  # 20, 40
        (second, [(a, 3), (c, 4)]),  # 60, 80
        (third, [(b, 5), (c, 4)]),  # 100, 80
    ]
    for candidate, pairs in plan:
        for assignment, (_, level) in zip(
            give(setup.component, candidate, [user for user, _ in pairs]), pairs, strict=True
        ):
            submit(assignment, level, level, level)
    return setup


def test_icc_over_the_first_two_independent_scores(scored):
    # Cases (20, 40), (60, 80), (100, 80): MSB = 5600/3, MSW = 200,
    # ICC = (5600/3 − 200) / (5600/3 + 200) = 5000/6200 = 0.80645…
    reliability = selectors.reliability(scored.component)
    assert (reliability.icc, reliability.cases, reliability.reading) == (
        Decimal("0.8065"),
        3,
        "baik",
    )


def test_a_third_assessors_score_and_an_incomplete_case_stay_out_of_the_icc(scored):
    # given: a fourth candidate scored by one assessor only, and a third assessor on case 1
    (d,) = make_assessors("asesor.d")
    fourth = SkbCandidateFactory.create(application__formasi=scored.formasi)
    (alone,) = give(scored.component, fourth, [d])
    submit(alone, 3, 3, 3)
    first = scored.candidates[0]
    (third,) = give(scored.component, first, [d], kind=AssessorAssignment.Kind.THIRD)
    AssessorAssignment.objects.filter(pk=third.pk).update(
        score=Decimal(100), submitted_at=third.created_at
    )
    # then
    assert selectors.icc_cases(scored.component) == [
        [Decimal("20.0000"), Decimal("40.0000")],
        [Decimal("60.0000"), Decimal("80.0000")],
        [Decimal("100.0000"), Decimal("80.0000")],
    ]


def test_assessor_statistics_mean_sd_and_lean_against_co_assessors(scored):
    rows = [
        (stat.assessor.username, stat.scored, stat.mean, stat.sd, stat.mean_difference)
        for stat in selectors.assessor_stats(scored.component)
    ]
    assert rows == [
        # a: 20 (b 40) and 60 (c 80): mean 40, SD √800 = 28.2843, lean (−20 − 20) / 2 = −20
        ("asesor.a", 2, Decimal("40.0000"), Decimal("28.2843"), Decimal("-20.0000")),
        # b: 40 (a 20) and 100 (c 80): mean 70, SD √1800 = 42.4264, lean +20
        ("asesor.b", 2, Decimal("70.0000"), Decimal("42.4264"), Decimal("20.0000")),
        # c: 80 (a 60) and 80 (b 100): mean 80, SD 0, lean (20 − 20) / 2 = 0
        ("asesor.c", 2, Decimal("80.0000"), Decimal("0.0000"), Decimal("0.0000")),
    ]


def test_the_progress_counts(scored):
    assert selectors.component_progress(scored.component) == {
        "candidates": 3,
        "cases_assigned": 3,
        "assigned": 6,
        "submitted": 6,
        "final": 3,
        "flagged": 0,
        "absent": 0,
    }
    counts = [
        [vars(component)[key] for key in ("id", "assigned", "submitted", "final", "flagged")]
        for component in selectors.assessed_components(scored.formasi.period)
    ]
    assert counts == [[scored.component.pk, 6, 6, 3, 0]]


def test_the_queue_is_one_query_whatever_its_length(db, django_assert_num_queries):
    setup = make_setup(candidates=4, is_blind=False)
    (assessor,) = make_assessors("asesor.a")
    for candidate in setup.candidates:
        give(setup.component, candidate, [assessor])
    with django_assert_num_queries(1):
        labels = [
            selectors.candidate_label(item.candidate, is_blind=item.component.is_blind)
            for item in selectors.list_my_assignments(assessor=assessor)
        ]
    assert len(labels) == 4


def test_the_queue_is_sorted_by_code_not_by_skd_rank_or_id(db):
    # given: assignments made (so numbered) in SKD rank order, codes running the other way
    setup = make_setup(candidates=0)
    (assessor,) = make_assessors("asesor.a")
    for rank, code in [(1, "K-ZZZZZZ"), (2, "K-MMMMMM"), (3, "K-AAAAAA")]:
        candidate = SkbCandidateFactory.create(
            application__formasi=setup.formasi, cut_rank=rank, code=code
        )
        give(setup.component, candidate, [assessor])
    # when
    queue = selectors.list_my_assignments(assessor=assessor)
    # then
    assert [(item.candidate.code, item.candidate.cut_rank) for item in queue] == [
        ("K-AAAAAA", 3),
        ("K-MMMMMM", 2),
        ("K-ZZZZZZ", 1),
    ]


def test_the_case_list_reads_a_page_in_a_fixed_number_of_queries(scored, django_assert_num_queries):
    with django_assert_num_queries(3):
        cases = list(selectors.list_cases(scored.component))
        assignments = [len(vars(case)["case_assignments"]) for case in cases]
    assert assignments == [2, 2, 2]
