"""services/analysis.py: the matrix from finished attempts, exact statistics, query count, export."""

import math
from io import BytesIO

import pytest
from openpyxl import load_workbook

from simerit.exams.rules import analysis as rules
from simerit.exams.services import analysis as services
from simerit.exams.tests.factories import SittingFactory
from simerit.exams.tests.factories_analysis import (
    answer,
    finish,
    single_answer_blueprint,
    start,
    take,
)

# The hand-computed matrix of test_analysis_rules.py: three TWK items keyed A, five examinees.
#         i1  i2  i3   number correct
#   P1    A   A   A    3
#   P2    A   A   B    2
#   P3    A   C   A    2
#   P4    B   A   -    1
#   P5    C   -   B    0
# p = (0.6, 0.6, 0.4); r_pb = (√(5/12), 0, √(3/28)); KR-20 = 6/13.
SMALL = [
    {1: "A", 2: "A", 3: "A"},
    {1: "A", 2: "A", 3: "B"},
    {1: "A", 2: "C", 3: "A"},
    {1: "B", 2: "A"},
    {1: "C", 3: "B"},
]


@pytest.fixture
def blueprint(db):
    blueprint = single_answer_blueprint(3)
    for seed, answers in enumerate(SMALL):
        take(blueprint, answers, seed=seed)  # each participant sees the items in another order
    return blueprint


def test_the_matrix_of_finished_attempts_gives_the_hand_computed_statistics(blueprint):
    report = services.analyse_blueprint(blueprint=blueprint)
    assert report.examinees == 5
    assert [item.stats.difficulty for item in report.items] == [0.6, 0.6, 0.4]
    first, second, third = (item.stats.discrimination for item in report.items)
    assert first == pytest.approx(math.sqrt(5 / 12))
    assert second == pytest.approx(0.0)
    assert third == pytest.approx(math.sqrt(3 / 28))
    assert report.reliability.method == rules.KR20
    assert report.reliability.value == pytest.approx(6 / 13)
    assert report.mean_total == 8.0
    assert [item.flag_labels for item in report.items] == [
        [],
        [rules.FLAG_LABELS[rules.LOW_DISCRIMINATION]],
        [],
    ]
    assert report.flagged_count == 1


def test_each_item_carries_its_question_code_version_and_category(blueprint):
    report = services.analyse_blueprint(blueprint=blueprint)
    assert [
        (item.column.order, item.column.code, item.column.version, item.column.category)
        for item in report.items
    ] == [(1, "TWK-001", 1, "TWK"), (2, "TWK-002", 1, "TWK"), (3, "TWK-003", 1, "TWK")]
    third = report.items[2].stats
    assert [(option.key, option.count) for option in third.options] == [
        ("A", 2),
        ("B", 2),
        ("C", 0),
        ("D", 0),
        ("E", 0),
    ]
    assert third.blanks == 1


def test_the_last_answer_event_counts_and_a_cleared_answer_is_blank(db):
    blueprint = single_answer_blueprint(2)
    attempt = start(blueprint)
    answer(attempt, {1: "B", 2: "A"})
    answer(attempt, {1: "A", 2: ""})  # changes item 1 to the key, clears item 2
    take(blueprint, {1: "B", 2: "A"}, seed=4)
    finish(attempt)
    report = services.analyse_blueprint(blueprint=blueprint)
    assert [item.stats.difficulty for item in report.items] == [0.5, 0.5]
    assert [item.stats.blanks for item in report.items] == [0, 1]


def test_unfinished_attempts_are_left_out_and_a_sitting_can_be_chosen(blueprint):
    start(blueprint)  # still active
    other = SittingFactory.create(blueprint=blueprint)
    take(blueprint, {1: "A", 2: "A", 3: "A"}, sitting=other)
    assert services.analyse_blueprint(blueprint=blueprint).examinees == 6
    only_other = services.analyse_blueprint(blueprint=blueprint, sitting=other)
    assert only_other.examinees == 1
    assert [item.stats.difficulty for item in only_other.items] == [1.0, 1.0, 1.0]


def test_reading_the_matrix_is_a_fixed_number_of_queries(blueprint, django_assert_num_queries):
    # columns, decisions, attempt ids, served items, answer events
    with django_assert_num_queries(5):
        services.analyse_blueprint(blueprint=blueprint)
    for seed in range(5):
        take(blueprint, {1: "A"}, seed=seed)
    with django_assert_num_queries(5):
        services.analyse_blueprint(blueprint=blueprint)


def test_a_blueprint_without_attempts_has_empty_statistics(db):
    report = services.analyse_blueprint(blueprint=single_answer_blueprint(2))
    assert report.examinees == 0
    assert report.reliability.value is None
    assert [item.stats.difficulty for item in report.items] == [None, None]


def test_sorting_by_difficulty_and_discrimination(blueprint):
    items = services.analyse_blueprint(blueprint=blueprint).items
    assert [i.column.order for i in services.sorted_items(items, "p")] == [3, 1, 2]
    assert [i.column.order for i in services.sorted_items(items, "-d")] == [1, 3, 2]
    assert [i.column.order for i in services.sorted_items(items, "bogus")] == [1, 2, 3]


def test_the_workbook_holds_the_summary_and_the_item_table(blueprint):
    content, filename = services.analysis_workbook(services.analyse_blueprint(blueprint=blueprint))
    workbook = load_workbook(BytesIO(content))
    assert workbook.sheetnames == ["Ringkasan", "Analisis butir"]
    summary = {row[0]: row[1] for row in workbook["Ringkasan"].iter_rows(values_only=True)}
    assert summary["Peserta selesai"] == 5
    assert summary["Reliabilitas (KR-20)"] == round(6 / 13, 4)
    rows = list(workbook["Analisis butir"].iter_rows(values_only=True))
    assert list(rows[0]) == services.ITEM_HEADERS
    assert rows[1] == (
        1,
        "TWK-001",
        1,
        "TWK",
        "single",
        5,
        0.6,
        round(math.sqrt(5 / 12), 4),
        3,
        1,
        1,
        0,
        0,
        0,
        None,
        None,
    )
    assert filename.startswith("analisis-butir-twk-uji-")
