"""services/decisions.py: annulling items, withdrawing decisions, deterministic rescoring."""

import datetime as dt

import pytest
from django.utils import timezone

from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError, DomainError, InvalidInputError
from simerit.exams.models import Attempt, BlueprintItem, ItemDecision
from simerit.exams.services import decisions
from simerit.exams.tests.factories import add_passing_rule, make_question
from simerit.exams.tests.factories_analysis import single_answer_blueprint, take


@pytest.fixture
def blueprint(db):
    """Three TWK items keyed A (5/0); passing TWK ≥ 10."""
    blueprint = single_answer_blueprint(3)
    add_passing_rule(blueprint, minimums={"TWK": 10})
    return blueprint


NOW = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)


def version(blueprint, order):
    return BlueprintItem.objects.get(blueprint=blueprint, order=order).question_version


def results():
    return list(
        Attempt.objects.order_by("id").values_list("scores", "total", "passed", "result_reason")
    )


def test_annul_item_records_the_decision_and_an_audit_row(blueprint, hr_admin):
    decision = decisions.annul_item(
        blueprint=blueprint,
        question_version=version(blueprint, 2),
        mode=ItemDecision.Mode.DROP,
        reason="  Dua pilihan sama benar.  ",
        actor=hr_admin,
    )
    assert (decision.mode, decision.reason, decision.decided_by) == (
        "drop",
        "Dua pilihan sama benar.",
        hr_admin,
    )
    event = AuditEvent.objects.get()
    assert (event.action, event.target_id) == ("exams.item.annulled", str(decision.pk))
    assert event.changes == {
        "blueprint": blueprint.pk,
        "question_version": version(blueprint, 2).pk,
        "question_code": "TWK-002",
        "item_order": 2,
        "mode": "drop",
        "reason": "Dua pilihan sama benar.",
    }


@pytest.mark.parametrize(
    ("mode", "reason", "field"),
    [("drop", "   ", "reason"), ("drop", "x" * 501, "reason"), ("remove", "Salah kunci.", "mode")],
)
def test_annul_item_refuses_bad_input_and_stores_nothing(blueprint, hr_admin, mode, reason, field):
    with pytest.raises(InvalidInputError) as caught:
        decisions.annul_item(
            blueprint=blueprint,
            question_version=version(blueprint, 1),
            mode=mode,
            reason=reason,
            actor=hr_admin,
        )
    assert list(caught.value.errors) == [field]
    assert not ItemDecision.objects.exists()
    assert not AuditEvent.objects.exists()


def test_annul_item_refuses_a_question_outside_the_blueprint(blueprint, hr_admin):
    outsider = make_question(bank=blueprint.bank, code="LAIN-1").current_version
    assert outsider is not None
    with pytest.raises(InvalidInputError) as caught:
        decisions.annul_item(
            blueprint=blueprint,
            question_version=outsider,
            mode="drop",
            reason="Salah kunci.",
            actor=hr_admin,
        )
    assert caught.value.errors == {
        "question_version": ["Soal ini bukan bagian dari kisi-kisi ini."]
    }
    assert not ItemDecision.objects.exists()


def test_a_second_decision_on_the_same_item_is_refused(blueprint, hr_admin):
    item = version(blueprint, 1)
    decisions.annul_item(
        blueprint=blueprint, question_version=item, mode="drop", reason="A.", actor=hr_admin
    )
    with pytest.raises(ConflictError, match="sudah memiliki keputusan"):
        decisions.annul_item(
            blueprint=blueprint,
            question_version=item,
            mode="credit_all",
            reason="B.",
            actor=hr_admin,
        )
    assert list(ItemDecision.objects.values_list("mode", flat=True)) == ["drop"]
    assert AuditEvent.objects.count() == 1


def test_withdrawing_a_decision_allows_a_new_one(blueprint, hr_admin):
    item = version(blueprint, 1)
    first = decisions.annul_item(
        blueprint=blueprint, question_version=item, mode="drop", reason="A.", actor=hr_admin
    )
    decisions.withdraw_decision(
        decision=first, reason="Salah pilih keputusan.", actor=hr_admin, now=NOW
    )
    assert not ItemDecision.objects.exists()
    withdrawn = AuditEvent.objects.get(action="exams.item_decision.withdrawn")
    assert withdrawn.changes == {
        "blueprint": blueprint.pk,
        "question_version": item.pk,
        "mode": "drop",
        "decision_reason": "A.",
        "reason": "Salah pilih keputusan.",
        "withdrawn_at": "2026-03-02T09:30:00Z",
    }
    again = decisions.annul_item(
        blueprint=blueprint, question_version=item, mode="credit_all", reason="B.", actor=hr_admin
    )
    assert again.mode == "credit_all"


def test_withdrawing_needs_a_reason(blueprint, hr_admin):
    decision = decisions.annul_item(
        blueprint=blueprint,
        question_version=version(blueprint, 1),
        mode="drop",
        reason="A.",
        actor=hr_admin,
    )
    with pytest.raises(InvalidInputError):
        decisions.withdraw_decision(decision=decision, reason="", actor=hr_admin)
    assert ItemDecision.objects.count() == 1


def test_rescoring_applies_drop_and_credit_all_and_writes_only_what_changed(blueprint, hr_admin):
    # given: before any decision  #1 #2 #3
    p1 = take(blueprint, {1: "A", 2: "A", 3: "A"}, seed=1)  # 5 5 5 = 15
    p2 = take(blueprint, {1: "A", 2: "B", 3: "B"}, seed=2)  # 5 0 0 = 5
    take(blueprint, {1: "A", 2: "A", 3: "C"}, seed=3)  #      5 5 0 = 10
    take(blueprint, {1: "B", 2: "A"}, seed=4)  #              0 5 - = 5
    decisions.annul_item(
        blueprint=blueprint,
        question_version=version(blueprint, 2),
        mode="drop",
        reason="Dua jawaban benar.",
        actor=hr_admin,
    )
    decisions.annul_item(
        blueprint=blueprint,
        question_version=version(blueprint, 3),
        mode="credit_all",
        reason="Gambar tidak terbaca.",
        actor=hr_admin,
    )
    # when
    report = decisions.rescore_blueprint(blueprint=blueprint, actor=hr_admin)
    # then: #2 counts for no one, #3 gives everyone 5: 10, 10, 10, 5
    assert (report.attempts, report.changed, report.changed_ids) == (4, 2, [p1.pk, p2.pk])
    assert results() == [
        ({"TWK": 10}, 10, True, "Memenuhi nilai ambang batas."),
        ({"TWK": 10}, 10, True, "Memenuhi nilai ambang batas."),
        ({"TWK": 10}, 10, True, "Memenuhi nilai ambang batas."),
        ({"TWK": 5}, 5, False, "Tidak memenuhi nilai ambang batas: TWK 5 < 10."),
    ]


def test_withdrawing_and_rescoring_restores_the_original_digest(blueprint, hr_admin):
    take(blueprint, {1: "A", 2: "B", 3: "A"}, seed=1)
    take(blueprint, {1: "C", 3: "A"}, seed=2)
    original = results()
    baseline = decisions.rescore_blueprint(blueprint=blueprint, actor=hr_admin)
    assert baseline.changed == 0
    decision = decisions.annul_item(
        blueprint=blueprint,
        question_version=version(blueprint, 1),
        mode="credit_all",
        reason="Kunci salah.",
        actor=hr_admin,
    )
    changed = decisions.rescore_blueprint(blueprint=blueprint, actor=hr_admin)
    assert (changed.changed, changed.digest != baseline.digest) == (1, True)
    decisions.withdraw_decision(decision=decision, reason="Kunci ternyata benar.", actor=hr_admin)
    restored = decisions.rescore_blueprint(blueprint=blueprint, actor=hr_admin)
    assert (restored.changed, restored.digest) == (1, baseline.digest)
    assert results() == original


def test_annul_item_takes_the_demo_clock(blueprint, hr_admin):
    decision = decisions.annul_item(
        blueprint=blueprint,
        question_version=version(blueprint, 1),
        mode="drop",
        reason="A.",
        actor=hr_admin,
        now=NOW,
    )
    assert ItemDecision.objects.get(pk=decision.pk).decided_at == NOW


def test_the_rescore_audit_row_names_counts_digest_decisions_and_each_change(blueprint, hr_admin):
    # given: #1 A is right; p1 (A, A) 10 passes, p2 (A) 5 fails, p3 (B, A) 5 fails
    p1 = take(blueprint, {1: "A", 2: "A"}, seed=1)
    p2 = take(blueprint, {1: "A"}, seed=2)
    take(blueprint, {1: "B", 2: "A"}, seed=3)
    item = version(blueprint, 1)
    decisions.annul_item(
        blueprint=blueprint, question_version=item, mode="drop", reason="X.", actor=hr_admin
    )
    # when: #1 dropped: p1 5 fails, p2 0 fails, p3 unchanged
    report = decisions.rescore_blueprint(blueprint=blueprint, actor=hr_admin, now=NOW)
    # then
    event = AuditEvent.objects.get(action="exams.blueprint.rescored")
    assert event.target_id == str(blueprint.pk)
    assert event.changes == {
        "attempts": 3,
        "changed": 2,
        "digest": report.digest,
        "decisions": {str(item.pk): "drop"},
        "changed_attempts": [[p1.pk, 10, 5, True, False], [p2.pk, 5, 0, False, False]],
        "rescored_at": "2026-03-02T09:30:00Z",
    }
    assert report.changes == [[p1.pk, 10, 5, True, False], [p2.pk, 5, 0, False, False]]


def test_needs_rescoring_follows_the_decisions_against_the_latest_rescoring(blueprint, hr_admin):
    take(blueprint, {1: "A", 2: "A"}, seed=1)
    states = [decisions.needs_rescoring(blueprint)]  # no decision, never rescored
    decision = decisions.annul_item(
        blueprint=blueprint,
        question_version=version(blueprint, 1),
        mode="drop",
        reason="A.",
        actor=hr_admin,
    )
    states.append(decisions.needs_rescoring(blueprint))
    decisions.rescore_blueprint(blueprint=blueprint, actor=hr_admin)
    states.append(decisions.needs_rescoring(blueprint))
    decisions.withdraw_decision(decision=decision, reason="Keliru.", actor=hr_admin)
    states.append(decisions.needs_rescoring(blueprint))
    again = decisions.annul_item(
        blueprint=blueprint,
        question_version=version(blueprint, 1),
        mode="drop",
        reason="Benar juga.",
        actor=hr_admin,
    )
    # the same decision as at the latest rescoring: the scores follow it
    states.append(decisions.needs_rescoring(blueprint))
    decisions.withdraw_decision(decision=again, reason="Keliru lagi.", actor=hr_admin)
    decisions.rescore_blueprint(blueprint=blueprint, actor=hr_admin)
    states.append(decisions.needs_rescoring(blueprint))
    assert states == [False, True, False, True, False, False]


@pytest.mark.parametrize("attempts", [1, 6])
def test_needs_rescoring_reads_no_answer_event(
    blueprint, hr_admin, attempts, django_assert_num_queries
):
    for seed in range(attempts):
        take(blueprint, {1: "A", 2: "B"}, seed=seed)
    decisions.annul_item(
        blueprint=blueprint,
        question_version=version(blueprint, 2),
        mode="credit_all",
        reason="A.",
        actor=hr_admin,
    )
    decisions.rescore_blueprint(blueprint=blueprint, actor=hr_admin)
    with django_assert_num_queries(2):  # the latest rescoring's audit row, the decisions
        assert decisions.needs_rescoring(blueprint) is False


def test_after_publication_no_decision_withdrawal_or_rescoring(blueprint, hr_admin):
    take(blueprint, {1: "A"}, seed=1)
    decision = decisions.annul_item(
        blueprint=blueprint,
        question_version=version(blueprint, 1),
        mode="drop",
        reason="X.",
        actor=hr_admin,
    )
    blueprint.results_published_at = timezone.now()
    blueprint.save(update_fields=["results_published_at"])
    audit_rows, stored = AuditEvent.objects.count(), results()
    with pytest.raises(DomainError, match="sudah diumumkan"):
        decisions.annul_item(
            blueprint=blueprint,
            question_version=version(blueprint, 2),
            mode="drop",
            reason="Y.",
            actor=hr_admin,
        )
    with pytest.raises(DomainError, match="sudah diumumkan"):
        decisions.withdraw_decision(decision=decision, reason="Z.", actor=hr_admin)
    with pytest.raises(DomainError, match="sudah diumumkan"):
        decisions.rescore_blueprint(blueprint=blueprint, actor=hr_admin)
    assert ItemDecision.objects.count() == 1
    assert (AuditEvent.objects.count(), results()) == (audit_rows, stored)


def test_a_stale_in_memory_blueprint_is_still_refused_after_publication(blueprint, hr_admin):
    stale = type(blueprint).objects.get(pk=blueprint.pk)
    blueprint.results_published_at = timezone.now()
    blueprint.save(update_fields=["results_published_at"])
    with pytest.raises(DomainError):
        decisions.rescore_blueprint(blueprint=stale, actor=hr_admin)
