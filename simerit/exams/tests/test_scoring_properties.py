"""Property tests of scoring (issue #4 acceptance): any answer sheet scores exactly by the rules and
shuffling never changes a score (rules/scoring.py, pure and fast); an annulment rescoring through
the real services.decisions.rescore_blueprint, on the database (few examples), scores exactly by
hand, writes and audits only what changed, is idempotent and is undone by withdrawing."""

from collections.abc import Mapping, Sequence
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simerit.audit.models import AuditEvent
from simerit.exams.models import Attempt, BlueprintItem, ItemDecision, QuestionVersion
from simerit.exams.rules.analysis import score_digest
from simerit.exams.rules.scoring import (
    CREDIT_ALL,
    DROP,
    SINGLE,
    WEIGHTED,
    ItemKey,
    PassRule,
    SheetScore,
    item_score,
    judge,
    score_sheet,
)
from simerit.exams.services import decisions
from simerit.exams.tests.factories import add_passing_rule, make_skd_blueprint
from simerit.exams.tests.factories_analysis import take

KEYS = ["A", "B", "C", "D", "E"]
CATEGORIES = ["TWK", "TIU", "TKP"]


@st.composite
def item_keys(draw: st.DrawFn, position: int) -> ItemKey:
    """A served item as a blueprint section configures it: single (one key, section points) or
    weighted (every option its own points); maybe annulled."""
    kind = draw(st.sampled_from([SINGLE, WEIGHTED]))
    option_keys = KEYS[: draw(st.integers(2, 5))]
    if kind == SINGLE:
        correct = draw(st.sampled_from(option_keys))
        points = {key: (1 if key == correct else 0) for key in option_keys}
    else:
        points = {key: draw(st.integers(0, 5)) for key in option_keys}
    return ItemKey(
        position=position,
        category=draw(st.sampled_from(CATEGORIES)),
        kind=kind,
        option_points=points,
        correct_points=draw(st.integers(1, 10)),
        wrong_points=draw(st.integers(-2, 0)),
        blank_points=draw(st.integers(-1, 1)),
        decision=draw(st.sampled_from([None, None, CREDIT_ALL, DROP])),
    )


@st.composite
def sheets(draw: st.DrawFn) -> tuple[list[ItemKey], dict[int, str]]:
    """Items at positions 1..n and an answer sheet (blank items are absent)."""
    count = draw(st.integers(1, 12))
    items = [draw(item_keys(position)) for position in range(1, count + 1)]
    answers = {}
    for item in items:
        chosen = draw(st.sampled_from(["", *item.option_points]))
        if chosen:
            answers[item.position] = chosen
    return items, answers


def by_the_rules(items: Sequence[ItemKey], answers: Mapping[int, str]) -> SheetScore:
    """A straightforward reading of the section configuration, written independently."""
    scores: dict[str, int] = {}
    for item in items:
        scores.setdefault(item.category, 0)
        if item.decision == DROP:
            continue
        chosen = answers.get(item.position, "")
        best = item.correct_points if item.kind == SINGLE else max(item.option_points.values())
        if item.decision == CREDIT_ALL:
            gained = best
        elif chosen == "":
            gained = item.blank_points
        elif item.kind == SINGLE:
            key = next(key for key, points in item.option_points.items() if points > 0)
            gained = item.correct_points if chosen == key else item.wrong_points
        else:
            gained = item.option_points[chosen]
        scores[item.category] += gained
    return SheetScore(scores=scores, total=sum(scores.values()))


@given(sheets())
def test_any_answer_sheet_scores_exactly_by_the_rules(sheet):
    items, answers = sheet
    scored = score_sheet(items, answers)
    assert scored == by_the_rules(items, answers)
    assert scored.total == sum(scored.scores.values())
    assert set(scored.scores) == {item.category for item in items}


@given(sheets())
def test_a_blank_item_scores_the_blank_points(sheet):
    items, _ = sheet
    for item in items:
        if item.decision is None:
            assert item_score(item, None) == item.blank_points
            assert item_score(item, "") == item.blank_points


@given(sheets(), st.randoms(use_true_random=False))
def test_shuffling_positions_and_options_never_changes_a_score(sheet, rng):
    # given: a new position for every item and a new letter for every option, applied to the
    # items and the answers alike (a participant answers by key, whatever order they see)
    items, answers = sheet
    positions = [item.position for item in items]
    shuffled = positions[:]
    rng.shuffle(shuffled)
    moved = dict(zip(positions, shuffled, strict=True))
    new_items, new_answers = [], {}
    for item in items:
        letters = list(item.option_points)
        relabelled = letters[:]
        rng.shuffle(relabelled)
        rename = dict(zip(letters, relabelled, strict=True))
        new_items.append(
            replace(
                item,
                position=moved[item.position],
                option_points={rename[key]: points for key, points in item.option_points.items()},
            )
        )
        if item.position in answers:
            new_answers[moved[item.position]] = rename[answers[item.position]]
    rng.shuffle(new_items)
    # then
    assert score_sheet(new_items, new_answers) == score_sheet(items, answers)


@given(sheets(), st.data())
def test_credit_all_gives_everyone_the_items_full_points(sheet, data):
    items, answers = sheet
    target = data.draw(st.sampled_from(items))
    credited = [replace(item, decision=CREDIT_ALL) if item is target else item for item in items]
    others = [item for item in items if item is not target]
    full = target.correct_points if target.kind == SINGLE else max(target.option_points.values())
    for chosen in ["", *target.option_points]:
        sheet_answers = {**answers, target.position: chosen}
        assert item_score(credited[items.index(target)], chosen) == full
        with_credit = score_sheet(credited, sheet_answers)
        without = score_sheet(others, sheet_answers)
        assert with_credit.total == without.total + full
        assert with_credit.scores[target.category] == without.scores.get(target.category, 0) + full


@given(sheets(), st.data())
def test_drop_removes_the_item_from_scoring(sheet, data):
    items, answers = sheet
    target = data.draw(st.sampled_from(items))
    dropped = [replace(item, decision=DROP) if item is target else item for item in items]
    without = score_sheet([item for item in items if item is not target], answers)
    scored = score_sheet(dropped, answers)
    assert scored.total == without.total
    assert scored.scores == {target.category: 0, **without.scores}


# --- annulment rescoring, on the real service and the database


SKD_ORDERS = range(
    1, 7
)  # make_skd_blueprint: TWK 1-2, TIU 3-4 single keyed A (5/0); TKP 5-6 A..E 1..5
CATEGORY_OF = {1: "TWK", 2: "TWK", 3: "TIU", 4: "TIU", 5: "TKP", 6: "TKP"}
answer_sheets = st.fixed_dictionaries(
    {order: st.sampled_from(["", "A", "B", "C", "D", "E"]) for order in SKD_ORDERS}
)


def expected_scores(sheet: Mapping[int, str], chosen: Mapping[int, str]) -> dict[str, int]:
    """The SKD test blueprint scored by hand: {order: option} with {order: decision}."""
    scores = {"TWK": 0, "TIU": 0, "TKP": 0}
    for order, option in sheet.items():
        decision = chosen.get(order)
        if decision == DROP:
            gained = 0
        elif decision == CREDIT_ALL:
            gained = 5
        elif CATEGORY_OF[order] == "TKP":
            gained = KEYS.index(option) + 1 if option else 0
        else:
            gained = 5 if option == "A" else 0
        scores[CATEGORY_OF[order]] += gained
    return scores


Result = tuple[dict[str, int], int | None, bool | None]


def stored(attempts: Sequence[Attempt]) -> list[Result]:
    rows = Attempt.objects.filter(pk__in=[a.pk for a in attempts]).order_by("id")
    return list(rows.values_list("scores", "total", "passed"))


def expected(sheets_: Sequence[Mapping[int, str]], chosen: Mapping[int, str]) -> list[Result]:
    rows: list[Result] = []
    for sheet in sheets_:
        scores = expected_scores(sheet, chosen)
        rows.append((scores, sum(scores.values()), scores["TWK"] >= 10))  # the rule: TWK >= 10
    return rows


@pytest.mark.django_db
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    sheets_=st.lists(answer_sheets, min_size=1, max_size=4),
    chosen=st.dictionaries(
        st.sampled_from(list(SKD_ORDERS)), st.sampled_from([CREDIT_ALL, DROP]), max_size=3
    ),
)
def test_rescore_blueprint_is_exact_idempotent_and_reversible(hr_admin, sheets_, chosen):
    # given: a fresh blueprint per example and one finished attempt per answer sheet ("" is a
    # clear event), scored at finish as the engine does
    blueprint = make_skd_blueprint()
    add_passing_rule(blueprint, minimums={"TWK": 10})
    attempts = [take(blueprint, sheet, seed=seed) for seed, sheet in enumerate(sheets_)]
    assert stored(attempts) == expected(sheets_, {})
    baseline = decisions.results_digest(decisions.compute_results(blueprint))
    versions = dict(
        BlueprintItem.objects.filter(blueprint=blueprint).values_list("order", "question_version")
    )
    made = []
    for order, mode in sorted(chosen.items()):
        made.append(
            decisions.annul_item(
                blueprint=blueprint,
                question_version=QuestionVersion.objects.get(pk=versions[order]),
                mode=mode,
                reason="Soal bermasalah.",
                actor=hr_admin,
            )
        )
    before = stored(attempts)
    # when
    first = decisions.rescore_blueprint(blueprint=blueprint, actor=hr_admin)
    second = decisions.rescore_blueprint(blueprint=blueprint, actor=hr_admin)
    # then: exact by hand, only what changed was written and audited, and once is enough
    after = stored(attempts)
    assert after == expected(sheets_, chosen)
    changed = [a.pk for a, old, new in zip(attempts, before, after, strict=True) if old != new]
    assert first.changed_ids == changed
    assert first.changes == [
        [a.pk, old[1], new[1], old[2], new[2]]
        for a, old, new in zip(attempts, before, after, strict=True)
        if old != new
    ]
    audited = AuditEvent.objects.filter(
        action="exams.blueprint.rescored", target_id=str(blueprint.pk)
    ).order_by("seq")
    assert [row.changes["changed_attempts"] for row in audited] == [first.changes, []]
    assert (second.changed, second.digest) == (0, first.digest)
    assert stored(attempts) == after
    assert decisions.needs_rescoring(blueprint) is False
    # withdrawing every decision and rescoring restores the scores at finish and their digest
    for decision in made:
        decisions.withdraw_decision(decision=decision, reason="Ditarik.", actor=hr_admin)
    restored = decisions.rescore_blueprint(blueprint=blueprint, actor=hr_admin)
    assert stored(attempts) == expected(sheets_, {})
    assert restored.digest == baseline


@st.composite
def verdicts(draw: st.DrawFn) -> tuple[SheetScore, PassRule | None]:
    scores = {code: draw(st.integers(0, 250)) for code in CATEGORIES}
    sheet = SheetScore(scores=scores, total=sum(scores.values()))
    if draw(st.booleans()):
        return sheet, None
    minimums = draw(st.dictionaries(st.sampled_from(CATEGORIES), st.integers(0, 250)))
    total_minimum = draw(st.one_of(st.none(), st.integers(0, 600)))
    return sheet, PassRule(category_minimums=minimums, total_minimum=total_minimum)


@given(verdicts())
def test_judge_passes_iff_every_minimum_and_the_total_minimum_hold(case):
    sheet, rule = case
    verdict = judge(sheet, rule)
    if rule is None or (not rule.category_minimums and rule.total_minimum is None):
        assert verdict.passed is None
        return
    holds = all(sheet.scores[code] >= minimum for code, minimum in rule.category_minimums.items())
    holds = holds and (rule.total_minimum is None or sheet.total >= rule.total_minimum)
    assert verdict.passed is holds
    for code, minimum in rule.category_minimums.items():
        assert (f"{code} {sheet.scores[code]} < {minimum}" in verdict.reason) is (
            sheet.scores[code] < minimum
        )


# --- the same, on the database


@pytest.mark.django_db
def test_rescore_blueprint_twice_gives_the_same_digest_and_changes_nothing(hr_admin):
    # given: an SKD-shaped blueprint (TWK 2, TIU 2 single; TKP 2 weighted), three finished attempts
    blueprint = make_skd_blueprint()
    add_passing_rule(blueprint, minimums={"TWK": 10})
    attempts = [
        take(blueprint, {1: "A", 2: "A", 3: "A", 4: "B", 5: "E", 6: "D"}, seed=1),
        take(blueprint, {1: "B", 2: "A", 3: "C", 5: "A"}, seed=2),
        take(blueprint, {1: "A", 3: "A", 4: "A", 6: "C"}, seed=3),
    ]
    first_twk = BlueprintItem.objects.get(blueprint=blueprint, order=1).question_version
    decisions.annul_item(
        blueprint=blueprint,
        question_version=first_twk,
        mode=ItemDecision.Mode.CREDIT_ALL,
        reason="Kunci jawaban ganda.",
        actor=hr_admin,
    )
    # when
    first = decisions.rescore_blueprint(blueprint=blueprint, actor=hr_admin)
    after_first = list(Attempt.objects.order_by("id").values_list("scores", "total", "passed"))
    second = decisions.rescore_blueprint(blueprint=blueprint, actor=hr_admin)
    # then: only the participant who missed TWK #1 gained 5 points (and now passes TWK 10)
    assert (first.attempts, first.changed, first.changed_ids) == (3, 1, [attempts[1].pk])
    assert after_first[1] == ({"TWK": 10, "TIU": 0, "TKP": 1}, 11, True)
    assert (second.attempts, second.changed, second.digest) == (3, 0, first.digest)
    assert (
        list(Attempt.objects.order_by("id").values_list("scores", "total", "passed")) == after_first
    )
    audited = AuditEvent.objects.filter(action="exams.blueprint.rescored").order_by("seq")
    assert [row.changes["digest"] for row in audited] == [first.digest, first.digest]
    assert [row.changes["changed"] for row in audited] == [1, 0]
    assert first.digest == score_digest(
        (pk, scores, total, passed)
        for pk, scores, total, passed in Attempt.objects.order_by("id").values_list(
            "id", "scores", "total", "passed"
        )
    )
