"""selectors/setup.py: component_problems (the contract the integration relies on), its set-based
form problems_by_formasi, the formasi index, the rubric's anchor table and who may see a rubric."""

from decimal import Decimal

import pytest

from simerit.accounts.tests.factories import UserFactory
from simerit.core.roles import Role
from simerit.recruitment.tests.factories import FormasiFactory, SelectionPeriodFactory
from simerit.selection.models import Method, SkbComponent
from simerit.selection.selectors import setup as selectors
from simerit.selection.tests.factories import (
    SelectionSetupFactory,
    make_components,
    make_rubric,
)
from simerit.selection.tests.factories_setup import assign, cat_result


@pytest.fixture
def period(db):
    return SelectionPeriodFactory.create()


@pytest.fixture
def formasi(period):
    return FormasiFactory.create(period=period, code="F-01")


def component(formasi, order, method, weight, rubric=None):
    """A component written directly (the service would refuse the invalid sets tested here)."""
    cat = method == Method.CAT
    return SkbComponent.objects.create(
        formasi=formasi,
        order=order,
        method=method,
        name=f"Komponen {order}",
        weight=Decimal(weight),
        cat_max_score=500 if cat else None,
        rubric=None if cat else rubric or make_rubric(period=formasi.period, method=method),
    )


def test_a_valid_composition_has_no_problems(formasi):
    make_components(formasi)

    assert selectors.component_problems(formasi) == []


def test_a_formasi_without_components(formasi):
    assert selectors.component_problems(formasi) == ["Belum ada komponen SKB."]


def test_weights_not_summing_to_100(formasi):
    component(formasi, 1, Method.CAT, "60")
    component(formasi, 2, Method.PRACTICAL, "30")

    assert selectors.component_problems(formasi) == [
        "Jumlah bobot komponen 90 %; harus tepat 100 %."
    ]


def test_cat_weight_below_the_minimum(formasi):
    component(formasi, 1, Method.CAT, "55.5")
    component(formasi, 2, Method.PRACTICAL, "44.5")

    assert selectors.component_problems(formasi) == [
        "Bobot SKB-CAT 55,5 % di bawah batas minimal 60 %."
    ]


def test_no_cat_component_and_too_many_additional(formasi):
    component(formasi, 1, Method.CASE_SIMULATION, "50")
    component(formasi, 2, Method.PRACTICAL, "50")

    assert selectors.component_problems(formasi) == [
        "Belum ada komponen SKB-CAT.",
        "Ada 2 komponen SKB tambahan; paling banyak 1.",
    ]


def test_two_cat_components(formasi):
    component(formasi, 1, Method.CAT, "50")
    component(formasi, 2, Method.CAT, "50")

    assert selectors.component_problems(formasi) == ["Ada 2 komponen SKB-CAT; harus tepat satu."]


def test_problems_follow_a_later_change_of_the_setup(formasi):
    make_components(formasi)
    setup = selectors.get_setup(formasi.period)
    setup.min_cat_weight = Decimal(70)
    setup.max_additional_components = 0
    setup.save()

    assert selectors.component_problems(formasi) == [
        "Bobot SKB-CAT 60 % di bawah batas minimal 70 %.",
        "Ada 1 komponen SKB tambahan; paling banyak 0.",
    ]


def test_an_interview_is_refused_when_the_period_does_not_allow_it(formasi):
    component(formasi, 1, Method.CAT, "90")
    component(formasi, 2, Method.INTERVIEW, "10")

    assert selectors.component_problems(formasi) == [
        "Wawancara tidak boleh menjadi SKB tambahan untuk instansi ini (pengaturan periode)."
    ]


def test_an_allowed_interview_within_its_maximum_weight_is_valid(formasi):
    SelectionSetupFactory.create(period=formasi.period, allow_interview=True)
    component(formasi, 1, Method.CAT, "90")
    component(formasi, 2, Method.INTERVIEW, "10")

    assert selectors.component_problems(formasi) == []


def test_an_allowed_interview_above_its_maximum_weight(formasi):
    SelectionSetupFactory.create(
        period=formasi.period, allow_interview=True, max_interview_weight=Decimal("12.5")
    )
    component(formasi, 1, Method.CAT, "85")
    component(formasi, 2, Method.INTERVIEW, "15")

    assert selectors.component_problems(formasi) == [
        "Bobot wawancara 15 % melebihi batas maksimal 12,5 % (pengaturan periode)."
    ]


def test_problems_by_formasi_applies_the_interview_rule(period, formasi):
    allowed_weight = FormasiFactory.create(period=period, code="F-02")
    component(formasi, 1, Method.CAT, "70")
    component(formasi, 2, Method.INTERVIEW, "30")
    component(allowed_weight, 1, Method.CAT, "90")
    component(allowed_weight, 2, Method.INTERVIEW, "10")

    forbidden = selectors.problems_by_formasi(period)
    SelectionSetupFactory.create(period=period, allow_interview=True)
    too_heavy = selectors.problems_by_formasi(period)

    assert forbidden == {
        formasi.pk: [
            "Wawancara tidak boleh menjadi SKB tambahan untuk instansi ini (pengaturan periode)."
        ],
        allowed_weight.pk: [
            "Wawancara tidak boleh menjadi SKB tambahan untuk instansi ini (pengaturan periode)."
        ],
    }
    assert too_heavy == {
        formasi.pk: ["Bobot wawancara 30 % melebihi batas maksimal 10 % (pengaturan periode)."]
    }


def test_composition_rules_say_what_the_setup_allows(period):
    setup = SelectionSetupFactory.create(period=period)
    forbidden = selectors.composition_rules(setup)
    setup.allow_interview = True
    setup.max_interview_weight = Decimal("12.5")

    assert forbidden == (
        "Pengaturan periode: tepat satu SKB-CAT dengan bobot paling sedikit 60 %; paling banyak "
        "1 SKB tambahan; wawancara tidak boleh menjadi SKB tambahan."
    )
    assert selectors.composition_rules(setup) == (
        "Pengaturan periode: tepat satu SKB-CAT dengan bobot paling sedikit 60 %; paling banyak "
        "1 SKB tambahan; wawancara boleh menjadi SKB tambahan dengan bobot paling banyak 12,5 %."
    )


def test_setup_rows_show_the_interview_rule(period):
    setup = SelectionSetupFactory.create(period=period, allow_interview=True)
    setup.refresh_from_db()

    assert selectors.setup_rows(setup)[-3:] == [
        ("Wawancara sebagai SKB tambahan", "Boleh"),
        ("Bobot maksimal wawancara di dalam SKB", "10 %"),
        ("Lama masa sanggah hasil akhir", "3 hari kalender"),
    ]


def test_problems_by_formasi_lists_only_formasi_with_problems_in_few_queries(
    period, formasi, django_assert_num_queries
):
    empty = FormasiFactory.create(period=period, code="F-02")
    short = FormasiFactory.create(period=period, code="F-03")
    make_components(formasi)
    component(short, 1, Method.CAT, "90")
    FormasiFactory.create(code="X-01")  # another period: never listed
    selectors.get_setup(period)

    with django_assert_num_queries(3):
        problems = selectors.problems_by_formasi(period)

    assert problems == {
        empty.pk: ["Belum ada komponen SKB."],
        short.pk: ["Jumlah bobot komponen 90 %; harus tepat 100 %."],
    }
    assert selectors.problems_by_formasi(period, formasi_ids=[formasi.pk, short.pk]) == {
        short.pk: ["Jumlah bobot komponen 90 %; harus tepat 100 %."]
    }


def test_formasi_rows_of_a_page_need_no_query_per_formasi(period, django_assert_num_queries):
    rubric = make_rubric(period=period)
    for code in ("F-03", "F-01", "F-02"):
        make_components(FormasiFactory.create(period=period, code=code), rubric=rubric)
    setup = selectors.get_setup(period)

    with django_assert_num_queries(2):
        rows = selectors.formasi_rows(selectors.list_formasi(period), setup)

    assert [(row.formasi.code, row.summary, row.problems) for row in rows] == [
        ("F-01", "SKB-CAT 60 % + Simulasi kasus klinis 40 %", []),
        ("F-02", "SKB-CAT 60 % + Simulasi kasus klinis 40 %", []),
        ("F-03", "SKB-CAT 60 % + Simulasi kasus klinis 40 %", []),
    ]
    assert [item.code for item in selectors.list_formasi(period, search="f-0")] == [
        "F-01",
        "F-02",
        "F-03",
    ]
    assert [item.code for item in selectors.list_formasi(period, search="02")] == ["F-02"]


def test_components_locked_names_formasi_whose_scoring_began(period, formasi):
    other = FormasiFactory.create(period=period)
    idle = FormasiFactory.create(period=period)
    _, simulation = make_components(formasi)
    make_components(other)
    make_components(idle)
    assign(simulation)
    cat_result(other.skb_components.get(order=1))

    assert selectors.components_locked([formasi.pk, other.pk, idle.pk]) == {formasi.pk, other.pk}


@pytest.mark.parametrize(
    ("value", "text"),
    [("60.00", "60 %"), ("62.50", "62,5 %"), ("0.05", "0,05 %"), ("100", "100 %")],
)
def test_percent(value, text):
    assert selectors.percent(Decimal(value)) == text


def test_anchor_table_has_one_row_per_level_highest_first(period):
    rubric = make_rubric(
        period=period,
        criteria=(("Klinis", Decimal(50)), ("Komunikasi", Decimal(50))),
        min_level=1,
        max_level=3,
    )
    rubric = selectors.get_rubric(rubric.pk)

    rows = selectors.anchor_table(rubric)

    assert [(row.level, row.descriptions) for row in rows] == [
        (3, ["Klinis: perilaku tingkat 3", "Komunikasi: perilaku tingkat 3"]),
        (2, ["Klinis: perilaku tingkat 2", "Komunikasi: perilaku tingkat 2"]),
        (1, ["Klinis: perilaku tingkat 1", "Komunikasi: perilaku tingkat 1"]),
    ]


def test_who_may_view_a_rubric(period, formasi, hr_admin, auditor, assessor, applicant):
    rubric = make_rubric(period=period)
    _, simulation = make_components(formasi, rubric=rubric)
    assign(simulation, assessor=assessor)
    other_assessor = UserFactory.create(roles=[Role.ASESOR])

    assert [
        selectors.can_view_rubric(user, rubric)
        for user in (hr_admin, auditor, assessor, other_assessor, applicant)
    ] == [True, True, True, False, False]
