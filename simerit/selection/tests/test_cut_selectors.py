import random

import pytest

from simerit.exams.models import Blueprint, ExamKind, ExamResult
from simerit.recruitment.models import Application, Formasi, SelectionPeriod
from simerit.recruitment.tests.factories import (
    ApplicationFactory,
    FormasiFactory,
    SelectionPeriodFactory,
)
from simerit.selection import rules
from simerit.selection.selectors import cut as selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def period() -> SelectionPeriod:
    return SelectionPeriodFactory.create()


@pytest.fixture
def blueprint(period) -> Blueprint:
    return Blueprint.objects.create(
        name="SKD CPNS (CAT BKN)",
        kind=ExamKind.SKD,
        period=period,
        delivery=Blueprint.Delivery.BKN,
        duration_minutes=100,
    )


def result(blueprint, formasi, name, *, tkp, tiu, twk, passed=True) -> ExamResult:
    application = ApplicationFactory.create(
        formasi=formasi, status=Application.Status.MS, registration_number=name
    )
    return ExamResult.objects.create(
        application=application,
        blueprint=blueprint,
        kind=ExamKind.SKD,
        source=ExamResult.Source.BKN,
        scores={"TWK": twk, "TIU": tiu, "TKP": tkp},
        total=twk + tiu + tkp,
        passed=passed,
    )


def test_bkn_worked_example_in_the_database(period, blueprint):
    # domain reference §2.3: one formasi, three slots; C wins the 367 tie on TKP 147
    formasi = FormasiFactory.create(period=period, quota=1)
    for name, tkp, tiu, twk in [
        ("A", 150, 110, 135),
        ("B", 148, 125, 115),
        ("D", 145, 105, 117),
        ("C", 147, 115, 105),
        ("E", 146, 112, 109),
    ]:
        result(blueprint, formasi, name, tkp=tkp, tiu=tiu, twk=twk)

    ranking = selectors.skd_ranking(period=period)
    cut = selectors.skd_cut(period=period, multiplier=3)

    assert [(r.application.registration_number, r.cut_rank) for r in ranking] == [
        ("A", 1),
        ("B", 2),
        ("C", 3),
        ("E", 4),
        ("D", 5),
    ]
    assert [r.application.registration_number for r in cut] == ["A", "B", "C"]


def test_everyone_tied_with_the_last_slot_proceeds_and_a_failed_grade_never_does(period, blueprint):
    formasi = FormasiFactory.create(period=period, quota=1)
    result(blueprint, formasi, "top", tkp=200, tiu=150, twk=120)
    result(blueprint, formasi, "tie-1", tkp=150, tiu=100, twk=100)
    result(blueprint, formasi, "tie-2", tkp=150, tiu=100, twk=100)
    result(blueprint, formasi, "below-grade", tkp=225, tiu=175, twk=10, passed=False)

    cut = selectors.skd_cut(period=period, multiplier=2)

    assert sorted(r.application.registration_number for r in cut) == ["tie-1", "tie-2", "top"]


def test_each_formasi_is_ranked_on_its_own_in_one_query(
    period, blueprint, django_assert_num_queries
):
    first, second = FormasiFactory.create_batch(2, period=period, quota=1)
    result(blueprint, first, "F1-high", tkp=200, tiu=100, twk=100)
    result(blueprint, first, "F1-low", tkp=100, tiu=100, twk=100)
    result(blueprint, second, "F2-only", tkp=90, tiu=90, twk=90)

    with django_assert_num_queries(1):
        rows = [(r.formasi_id, r.cut_rank, r.quota) for r in selectors.skd_ranking(period=period)]

    assert rows == [(first.pk, 1, 1), (first.pk, 2, 1), (second.pk, 1, 1)]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_database_cut_equals_the_rule_in_python(period, blueprint, seed):
    # given: random scores (with deliberate ties) over three formasi of different quotas
    draw = random.Random(seed)  # noqa: S311 (reproducible test data, not secrets)
    formasi = [FormasiFactory.create(period=period, quota=quota) for quota in (1, 2, 3)]
    candidates: dict[int, list[rules.SkdCandidate[str]]] = {f.pk: [] for f in formasi}
    for number in range(36):
        target: Formasi = draw.choice(formasi)
        tkp, tiu, twk = draw.choice([150, 160]), draw.choice([100, 110]), draw.choice([90, 100])
        row = result(blueprint, target, f"R{seed}-{number:02d}", tkp=tkp, tiu=tiu, twk=twk)
        candidates[target.pk].append(
            rules.SkdCandidate(
                row.application.registration_number, rules.SkdScore(twk=twk, tiu=tiu, tkp=tkp)
            )
        )

    # when
    cut = selectors.skd_cut(period=period, multiplier=3)

    # then
    in_database = {r.application.registration_number for r in cut}
    in_python = {
        key for f in formasi for key in rules.skd_cut(candidates[f.pk], quota=f.quota, multiplier=3)
    }
    assert in_database == in_python
