"""Question bank reads: filters, counts, and a fixed number of queries whatever the row count."""

from typing import Any

import pytest

from simerit.exams.selectors import questions as selectors
from simerit.exams.services import question_revisions as revisions
from simerit.exams.services import questions as services
from simerit.exams.tests.factories import QuestionBankFactory, category
from simerit.exams.tests.factories_bank import current, make_writer, single_input, weighted_input


@pytest.fixture
def writer(db):
    return make_writer()


@pytest.fixture
def bank(writer):
    bank = QuestionBankFactory.create()
    services.create_question(
        bank=bank, data=single_input(code="TWK-01", topic="Pancasila"), actor=writer
    )
    services.create_question(
        bank=bank,
        data=single_input(
            code="TIU-01", category_code="TIU", topic="Deret angka", difficulty="hard"
        ),
        actor=writer,
    )
    services.create_question(
        bank=bank, data=weighted_input(code="TKP-01", text="Pelayanan kepada warga"), actor=writer
    )
    inactive = services.create_question(
        bank=bank, data=single_input(code="TWK-02", topic="Bela negara"), actor=writer
    )
    revisions.set_question_active(question=inactive, is_active=False, actor=writer)
    return bank


def codes(queryset):
    return [question.code for question in queryset]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["TIU-01", "TKP-01", "TWK-01", "TWK-02"]),
        ({"category": "TWK"}, ["TWK-01", "TWK-02"]),
        ({"kind": "weighted"}, ["TKP-01"]),
        ({"difficulty": "hard"}, ["TIU-01"]),
        ({"active": True}, ["TIU-01", "TKP-01", "TWK-01"]),
        ({"active": False}, ["TWK-02"]),
        ({"search": "deret"}, ["TIU-01"]),
        ({"search": "twk-0"}, ["TWK-01", "TWK-02"]),
        ({"search": "warga"}, ["TKP-01"]),
        ({"category": "TWK", "active": True}, ["TWK-01"]),
    ],
)
def test_list_questions_filters(bank, filters, expected):
    if "category" in filters:
        filters["category"] = category(filters["category"])
    assert codes(selectors.list_questions(bank=bank, **filters)) == expected


def test_list_questions_reads_each_page_in_one_query(bank, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = [
            (q.code, q.category.code, current(q).number, current(q).text)
            for q in selectors.list_questions(bank=bank)
        ]
    assert len(rows) == 4


def test_list_banks_counts_questions_in_one_query(bank, django_assert_num_queries):
    QuestionBankFactory.create(name="Zona Kosong")
    with django_assert_num_queries(1):
        banks: list[Any] = list(selectors.list_banks())  # annotated rows
        rows = [(b.name, b.question_count, b.active_count) for b in banks]
    assert rows == [(bank.name, 4, 3), ("Zona Kosong", 0, 0)]


def test_get_question_reads_every_version_and_author_in_two_queries(
    bank, writer, django_assert_num_queries
):
    question = selectors.list_questions(bank=bank).get(code="TWK-01")
    for text in ("Versi dua", "Versi tiga"):
        question = revisions.revise_question(
            question=question, data=single_input(code="TWK-01", text=text), actor=writer
        )
    with django_assert_num_queries(2):
        loaded = selectors.get_question(question_id=question.pk)
        versions = [(v.number, v.text, v.created_by) for v in loaded.versions.all()]
        assert (loaded.bank.name, loaded.category.code, current(loaded).number) == (
            bank.name,
            "TWK",
            3,
        )
    assert versions == [
        (3, "Versi tiga", writer),
        (2, "Versi dua", writer),
        (1, "Sila pertama Pancasila adalah ...", writer),
    ]
