from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import CharField, F, IntegerField, Value, Window
from django.db.models.functions import Concat, RowNumber

from simerit.recruitment.tests.factories import SelectionPeriodFactory
from simerit.selection.bulk import ScaledDecimal, bulk_settings, insert_select, insert_select_sql
from simerit.selection.models import RubricAnchor, RubricCriterion
from simerit.selection.tests.factories import make_rubric

pytestmark = pytest.mark.django_db


@pytest.fixture
def criteria() -> list[RubricCriterion]:
    rubric = make_rubric(period=SelectionPeriodFactory.create())
    return list(rubric.criteria.order_by("order"))


def _new_anchors(criteria: list[RubricCriterion]) -> list[tuple[str, int, str]]:
    return list(
        RubricAnchor.objects.filter(criterion__in=criteria, level__gte=9)
        .order_by("criterion__order", "level")
        .values_list("criterion__name", "level", "description")
    )


def test_insert_select_writes_one_row_per_selected_row_in_the_named_column_order(criteria):
    # given: the SELECT's columns are (criterion, description, level), aliases free
    rows = RubricCriterion.objects.filter(pk__in=[c.pk for c in criteria]).values(
        _criterion=F("pk"),
        _text=Concat(Value("Tingkat 9: "), F("name"), output_field=CharField()),
        _level=Value(9, output_field=IntegerField()),
    )

    # when
    written = insert_select(RubricAnchor, ("criterion_id", "description", "level"), rows)

    # then
    assert written == 3
    assert _new_anchors(criteria) == [
        ("Penilaian klinis", 9, "Tingkat 9: Penilaian klinis"),
        ("Tindakan keperawatan", 9, "Tingkat 9: Tindakan keperawatan"),
        ("Komunikasi dengan pasien", 9, "Tingkat 9: Komunikasi dengan pasien"),
    ]


def test_insert_select_refuses_a_column_count_that_differs_from_the_select(criteria):
    rows = RubricCriterion.objects.values(_criterion=F("pk"), _level=Value(9))
    before = RubricAnchor.objects.count()

    with pytest.raises(ValueError, match="The SELECT has 2 columns but 3 were named"):
        insert_select(RubricAnchor, ("criterion_id", "level", "description"), rows)

    assert RubricAnchor.objects.count() == before


def test_insert_select_keeps_the_ordering_of_the_queryset_out_of_the_insert(criteria):
    rows = (
        RubricCriterion.objects.filter(pk=criteria[0].pk)
        .order_by("-name")
        .values(_criterion=F("pk"), _level=Value(10), _text=Value("urutan tidak berpengaruh"))
    )

    assert insert_select(RubricAnchor, ("criterion_id", "level", "description"), rows) == 1
    assert _new_anchors(criteria) == [("Penilaian klinis", 10, "urutan tidak berpengaruh")]


def test_insert_select_sql_binds_values_instead_of_formatting_them(criteria):
    hostile = "O'Brien'); DELETE FROM selection_rubricanchor; --"

    written = insert_select_sql(
        RubricAnchor,
        ("criterion_id", "level", "description"),
        "SELECT %s, %s, %s",
        [criteria[1].pk, 11, hostile],
    )

    assert written == 1
    assert _new_anchors(criteria) == [("Tindakan keperawatan", 11, hostile)]
    assert RubricAnchor.objects.filter(criterion__in=criteria, level__lte=5).count() == 15


@pytest.mark.parametrize(
    ("units", "expected"),
    [(724000, Decimal("72.4000")), (333333, Decimal("33.3333")), (0, Decimal("0.0000"))],
)
def test_scaled_decimal_reads_an_integer_count_of_ten_thousandths_as_a_decimal(
    criteria, units, expected
):
    value = (
        RubricCriterion.objects.filter(pk=criteria[0].pk)
        .annotate(scaled=ScaledDecimal(Value(units), places=4))
        .values_list("scaled", flat=True)
        .get()
    )

    assert value == expected


def test_insert_select_refuses_a_window_filtered_select_that_repeats_an_expression(criteria):
    # Django selects equal expressions once around a window filter: the columns would shift.
    rows = (
        RubricCriterion.objects.annotate(position=Window(RowNumber(), order_by=F("pk").asc()))
        .filter(position__lte=2)
        .values(_criterion=F("pk"), _level=Value(12), _text=Value("x"), _again=Value(12))
    )
    before = RubricAnchor.objects.count()

    with pytest.raises(ValueError, match=r"The SELECT repeats an expression \(_again\)"):
        insert_select(RubricAnchor, ("criterion_id", "level", "description", "level"), rows)

    assert RubricAnchor.objects.count() == before


def test_insert_select_accepts_a_window_filter_with_distinct_expressions(criteria):
    rows = (
        RubricCriterion.objects.filter(pk__in=[c.pk for c in criteria])
        .annotate(position=Window(RowNumber(), order_by=F("order").asc()))
        .filter(position__lte=2)
        .values(_criterion=F("pk"), _level=F("position") + 20, _text=Value("dua teratas"))
    )

    assert insert_select(RubricAnchor, ("criterion_id", "level", "description"), rows) == 2
    assert _new_anchors(criteria) == [
        ("Penilaian klinis", 21, "dua teratas"),
        ("Tindakan keperawatan", 22, "dua teratas"),
    ]


def _settings() -> tuple[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('work_mem'), current_setting('jit')")
        row = cursor.fetchone()
    return row[0], row[1]


def test_two_inserts_in_one_transaction_each_write_their_own_rows(criteria):
    # On PostgreSQL both go through the staging table: the second must not find the first's.
    with transaction.atomic():
        first = insert_select_sql(
            RubricAnchor,
            ("criterion_id", "level", "description"),
            "SELECT %s, 13, %s",
            [criteria[0].pk, "pertama"],
        )
        second = insert_select_sql(
            RubricAnchor,
            ("criterion_id", "level", "description"),
            "SELECT %s, 14, %s",
            [criteria[2].pk, "kedua"],
        )

    assert (first, second) == (1, 1)
    assert _new_anchors(criteria) == [
        ("Penilaian klinis", 13, "pertama"),
        ("Komunikasi dengan pasien", 14, "kedua"),
    ]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="settings of PostgreSQL only")
def test_the_bulk_settings_hold_for_the_statement_only(criteria):
    with transaction.atomic():
        before = _settings()
        with bulk_settings(connection):
            during = _settings()
        after = _settings()

    assert during == ("64MB", "off")
    assert after == before
    assert before != during


@pytest.mark.skipif(connection.vendor != "postgresql", reason="settings of PostgreSQL only")
def test_a_refused_insert_leaves_the_settings_and_the_table_as_they_were(criteria):
    before = _settings()
    count = RubricAnchor.objects.count()

    with transaction.atomic():
        with pytest.raises(IntegrityError):
            # level 1, which the criterion already has: the anchor's unique constraint.
            insert_select_sql(
                RubricAnchor,
                ("criterion_id", "level", "description"),
                "SELECT %s, %s, %s",
                [criteria[0].pk, 1, "duplikat"],
            )
        assert _settings() == before

    assert RubricAnchor.objects.count() == count
