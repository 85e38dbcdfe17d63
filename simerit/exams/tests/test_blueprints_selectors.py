"""Blueprint reads: filters and a fixed number of queries."""

from simerit.exams.models import ExamKind, PassingRule
from simerit.exams.selectors import blueprints as selectors
from simerit.exams.services.blueprints import assemble_items
from simerit.exams.tests.factories_blueprints import fill_bank, make_blueprint
from simerit.recruitment.tests.factories import SelectionPeriodFactory


def test_list_blueprints_counts_sections_and_items_in_one_query(
    django_assert_num_queries, hr_admin
):
    period = SelectionPeriodFactory.create()
    blueprint = make_blueprint(period=period, sections=(("TWK", 2), ("TIU", 1)))
    fill_bank(blueprint.bank, "TWK", 2)
    fill_bank(blueprint.bank, "TIU", 1)
    assemble_items(blueprint=blueprint, actor=hr_admin, seed=1)
    make_blueprint(kind=ExamKind.TRYOUT)

    with django_assert_num_queries(1):
        rows = [
            (b.kind, getattr(b, "section_count"), getattr(b, "item_count"), b.period.name)  # noqa: B009
            if b.period
            else None
            for b in selectors.list_blueprints(period_id=period.pk, kind="skd")
        ]

    assert rows == [("skd", 2, 3, period.name)]


def test_overview_reads_in_a_fixed_number_of_queries(django_assert_num_queries, hr_admin):
    blueprint = make_blueprint(sections=(("TWK", 3), ("TIU", 2), ("TKP", 1)))
    for code, count in (("TWK", 4), ("TIU", 2), ("TKP", 1)):
        fill_bank(blueprint.bank, code, count)
    assemble_items(blueprint=blueprint, actor=hr_admin, seed=1)
    PassingRule.objects.create(
        blueprint=blueprint, track="", category_minimums={"TKP": 1, "TWK": 5}
    )
    blueprint = selectors.get_blueprint(blueprint.pk)

    with django_assert_num_queries(4):
        overview = selectors.blueprint_overview(blueprint)

    assert [
        (r.section.category.code, r.item_count, r.available, r.maximum) for r in overview.sections
    ] == [
        ("TWK", 3, 4, 15),
        ("TIU", 2, 2, 10),
        ("TKP", 1, 1, 5),
    ]
    assert overview.rules[0].minimums == [("TWK", 5), ("TKP", 1)]
    assert (overview.item_count, overview.question_count, overview.maximum_total) == (6, 6, 30)
    assert overview.is_assembled is True
    assert overview.is_changeable is True
