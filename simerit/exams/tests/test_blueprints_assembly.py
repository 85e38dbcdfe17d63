"""Assembling a blueprint's items from its bank, and the national SKD defaults as data."""

import pytest

from simerit.audit.models import AuditEvent
from simerit.core.exceptions import DomainError
from simerit.exams import defaults
from simerit.exams.models import (
    Blueprint,
    BlueprintItem,
    ExamKind,
    PassingRule,
    Question,
    QuestionBank,
    QuestionVersion,
)
from simerit.exams.services import blueprint_sections as parts
from simerit.exams.services import blueprints as services
from simerit.exams.tests.factories import QuestionBankFactory, make_question
from simerit.exams.tests.factories_blueprints import fill_bank, make_blueprint


def drawn(blueprint):
    return list(
        BlueprintItem.objects.filter(blueprint=blueprint)
        .order_by("order")
        .values_list("section__category__code", "question_version_id", "order")
    )


@pytest.fixture
def stocked(db):
    """An SKD blueprint (TWK 3, TIU 2) on a bank with 8 TWK and 6 TIU questions."""
    blueprint = make_blueprint(sections=(("TWK", 3), ("TIU", 2)))
    fill_bank(blueprint.bank, "TWK", 8)
    fill_bank(blueprint.bank, "TIU", 6)
    return blueprint


# --- assembly


def test_assembly_draws_each_sections_count_from_its_category(stocked, hr_admin):
    items = services.assemble_items(blueprint=stocked, actor=hr_admin, seed=42)

    assert [item.order for item in items] == [1, 2, 3, 4, 5]
    rows = drawn(stocked)
    assert [code for code, _, _ in rows] == ["TWK", "TWK", "TWK", "TIU", "TIU"]
    for code, version_id, _ in rows:
        version = QuestionVersion.objects.select_related("question__category").get(pk=version_id)
        assert version.question.category.code == code
        assert version.question.bank_id == stocked.bank_id
        assert version.question.current_version_id == version_id
    assert len({version_id for _, version_id, _ in rows}) == 5


def test_the_same_seed_draws_the_same_items_and_another_seed_differs(stocked, hr_admin):
    services.assemble_items(blueprint=stocked, actor=hr_admin, seed=7)
    first = drawn(stocked)
    services.assemble_items(blueprint=stocked, actor=hr_admin, seed=7)
    assert drawn(stocked) == first
    draws = set()
    for seed in range(8):
        services.assemble_items(blueprint=stocked, actor=hr_admin, seed=seed)
        draws.add(tuple(drawn(stocked)))
    assert len(draws) > 1


def test_assembly_replaces_the_previous_items_and_is_audited(stocked, hr_admin):
    services.assemble_items(blueprint=stocked, actor=hr_admin, seed=1)
    services.assemble_items(blueprint=stocked, actor=hr_admin)

    assert BlueprintItem.objects.filter(blueprint=stocked).count() == 5
    first, second = AuditEvent.objects.filter(action="exams.blueprint.assembled").order_by("seq")
    assert first.changes["seed"] == 1
    assert first.changes["sections"] == {"TWK": 3, "TIU": 2}
    assert first.changes["replaced"] == 0
    assert len(first.changes["question_versions"]) == 5
    assert second.changes["seed"] is None
    assert second.changes["replaced"] == 5
    assert second.changes["question_versions"] == [v for _, v, _ in drawn(stocked)]


def test_assembly_never_takes_other_banks_inactive_or_other_categories(hr_admin):
    blueprint = make_blueprint(sections=(("TWK", 2),))
    mine = fill_bank(blueprint.bank, "TWK", 2)
    assert blueprint.bank is not None
    retired = make_question(bank=blueprint.bank, category_code="TWK")
    retired.is_active = False
    retired.save()
    fill_bank(blueprint.bank, "TIU", 5)
    fill_bank(QuestionBankFactory.create(), "TWK", 5)
    fill_bank(QuestionBankFactory.create(purpose=QuestionBank.Purpose.PRACTICE), "TWK", 5)

    for seed in range(5):
        services.assemble_items(blueprint=blueprint, actor=hr_admin, seed=seed)
        assert {v for _, v, _ in drawn(blueprint)} == {q.current_version_id for q in mine}


def test_assembly_takes_the_current_version_of_a_question(hr_admin):
    blueprint = make_blueprint(sections=(("TWK", 1),))
    question = fill_bank(blueprint.bank, "TWK", 1)[0]
    newer = QuestionVersion.objects.create(
        question=question, number=2, text="Versi baru?", options=[], sha256="0" * 64
    )
    question.current_version = newer
    question.save()

    services.assemble_items(blueprint=blueprint, actor=hr_admin, seed=0)

    assert drawn(blueprint) == [("TWK", newer.pk, 1)]


def test_a_bank_short_of_questions_is_named_in_indonesian(hr_admin):
    blueprint = make_blueprint(sections=(("TWK", 3), ("TIU", 35)))
    fill_bank(blueprint.bank, "TWK", 3)
    fill_bank(blueprint.bank, "TIU", 12)

    with pytest.raises(DomainError) as caught:
        services.assemble_items(blueprint=blueprint, actor=hr_admin, seed=1)

    assert caught.value.message == (
        "Bank soal hanya memiliki 12 soal TIU aktif; kisi-kisi memerlukan 35."
    )
    assert BlueprintItem.objects.exists() is False
    assert AuditEvent.objects.exists() is False


def test_a_failed_assembly_keeps_the_previous_items(stocked, hr_admin):
    services.assemble_items(blueprint=stocked, actor=hr_admin, seed=1)
    before = drawn(stocked)
    stocked.sections.filter(category__code="TIU").update(question_count=20)

    with pytest.raises(DomainError):
        services.assemble_items(blueprint=stocked, actor=hr_admin, seed=2)

    assert drawn(stocked) == before


def test_bkn_blueprints_and_blueprints_without_sections_are_not_assembled(hr_admin):
    bkn = make_blueprint(delivery=Blueprint.Delivery.BKN, sections=(("TWK", 1),))
    with pytest.raises(DomainError) as caught:
        services.assemble_items(blueprint=bkn, actor=hr_admin)
    assert caught.value.message == (
        "Kisi-kisi CAT BKN tidak dirakit; nilainya diimpor dari berkas BKN."
    )
    with pytest.raises(DomainError) as caught:
        services.assemble_items(blueprint=make_blueprint(), actor=hr_admin)
    assert caught.value.message == "Kisi-kisi belum memiliki bagian; tambahkan bagian lebih dulu."


def test_assembly_is_refused_to_others(stocked, auditor):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.assemble_items(blueprint=stocked, actor=auditor, seed=1)
    assert BlueprintItem.objects.exists() is False


# --- the national SKD configuration


def test_skd_defaults_are_the_2024_national_values():
    assert defaults.SKD_LEGAL_BASIS == "KepmenPANRB 321/2024"
    assert defaults.SKD_DURATION_MINUTES == 100
    assert [
        (s.category_code, s.question_count, s.correct_points, s.wrong_points, s.blank_points)
        for s in defaults.SKD_SECTIONS
    ] == [("TWK", 30, 5, 0, 0), ("TIU", 35, 5, 0, 0), ("TKP", 45, 5, 0, 0)]
    assert [
        (r.track, r.category_minimums, r.total_minimum) for r in defaults.SKD_PASSING_RULES
    ] == [
        ("", {"TWK": 65, "TIU": 80, "TKP": 166}, None),
        ("cumlaude", {"TIU": 85}, 311),
        ("diaspora", {"TIU": 85}, 311),
        ("disabilitas", {"TIU": 60}, 286),
        ("putra_putri_daerah", {"TIU": 60}, 286),
    ]


def test_apply_skd_defaults_writes_the_values_as_rows(hr_admin):
    blueprint = make_blueprint(sections=(("TWK", 5),))
    blueprint.duration_minutes = 90
    blueprint.save()

    services.apply_skd_defaults(blueprint=blueprint, actor=hr_admin)

    blueprint.refresh_from_db()
    assert (blueprint.duration_minutes, blueprint.legal_basis) == (100, "KepmenPANRB 321/2024")
    sections = blueprint.sections.select_related("category").order_by("order")
    assert [
        (s.category.code, s.question_count, s.correct_points, s.wrong_points, s.blank_points)
        for s in sections
    ] == [("TWK", 30, 5, 0, 0), ("TIU", 35, 5, 0, 0), ("TKP", 45, 5, 0, 0)]
    rules = PassingRule.objects.filter(blueprint=blueprint).order_by("track")
    assert [(r.track, r.category_minimums, r.total_minimum, r.legal_basis) for r in rules] == [
        ("", {"TWK": 65, "TIU": 80, "TKP": 166}, None, "KepmenPANRB 321/2024"),
        ("cumlaude", {"TIU": 85}, 311, "KepmenPANRB 321/2024"),
        ("diaspora", {"TIU": 85}, 311, "KepmenPANRB 321/2024"),
        ("disabilitas", {"TIU": 60}, 286, "KepmenPANRB 321/2024"),
        ("putra_putri_daerah", {"TIU": 60}, 286, "KepmenPANRB 321/2024"),
    ]
    event = AuditEvent.objects.get()
    assert event.action == "exams.blueprint.skd_defaults_applied"
    assert event.changes["blueprint"] == {
        "duration_minutes": [90, 100],
        "legal_basis": ["", "KepmenPANRB 321/2024"],
    }
    assert len(event.changes["passing_rules"]) == 5


def test_skd_defaults_stay_editable_data(hr_admin):
    blueprint = make_blueprint()
    services.apply_skd_defaults(blueprint=blueprint, actor=hr_admin)

    parts.set_passing_rules(
        blueprint=blueprint,
        rules=[parts.RuleInput("", {"TWK": 70, "TIU": 80, "TKP": 166})],
        actor=hr_admin,
    )

    rule = PassingRule.objects.get(blueprint=blueprint)
    assert rule.category_minimums == {"TWK": 70, "TIU": 80, "TKP": 166}
    assert defaults.SKD_PASSING_RULES[0].category_minimums["TWK"] == 65


def test_skd_defaults_are_refused_for_skb_and_pppk(hr_admin):
    blueprint = make_blueprint(kind=ExamKind.SKB)
    with pytest.raises(DomainError) as caught:
        services.apply_skd_defaults(blueprint=blueprint, actor=hr_admin)
    assert caught.value.message == (
        "Ketentuan SKD nasional hanya dapat diisikan pada kisi-kisi SKD atau tryout."
    )
    assert AuditEvent.objects.exists() is False


def test_skd_defaults_fit_a_tryout_too(hr_admin):
    blueprint = make_blueprint(kind=ExamKind.TRYOUT)
    services.apply_skd_defaults(blueprint=blueprint, actor=hr_admin)
    assert blueprint.sections.count() == 3


def test_a_question_of_another_type_than_its_category_scores_with_is_never_drawn(hr_admin):
    # given: a TKP question written as single-answer before the category named its type
    blueprint = make_blueprint(sections=(("TKP", 2),))
    weighted = fill_bank(blueprint.bank, "TKP", 2)
    assert blueprint.bank is not None
    make_question(bank=blueprint.bank, category_code="TKP", kind=Question.Kind.SINGLE)

    services.assemble_items(blueprint=blueprint, actor=hr_admin, seed=3)

    expected = {question.current_version_id for question in weighted}
    assert {version for _, version, _ in drawn(blueprint)} == expected
