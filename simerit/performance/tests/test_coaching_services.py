import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError, InvalidInputError
from simerit.performance import rules
from simerit.performance.models import CoachingFeedback, CoachingNote, PerformanceYear
from simerit.performance.selectors import realisation as selectors
from simerit.performance.services import coaching as services
from simerit.performance.tests.factories_realisation import (
    plan_fixture,  # noqa: F401
    today_fixture,  # noqa: F401
)

ANSWERS = {"didengar": 5, "data_akurat": 4, "bertanya": 3, "langkah": 4, "bermanfaat": 5}


def note(plan, *, held_on=dt.date(2026, 5, 10), actor=None, kind="bimbingan"):
    return services.add_coaching_note(
        skp=plan.skp,
        kind=kind,
        held_on=held_on,
        notes="Membahas keterlambatan verifikasi rujukan.",
        next_steps="Susun daftar periksa.",
        actor=actor or plan.team.user(plan.team.chief),
    )


def answer(plan, coaching, *, answers=None, actor=None):
    return services.give_coaching_feedback(
        note=coaching,
        answers=ANSWERS if answers is None else answers,
        comment="Jelas.",
        actor=actor or plan.team.user(plan.team.staff[1]),
    )


def counts():
    return (
        CoachingNote.objects.count(),
        CoachingFeedback.objects.count(),
        AuditEvent.objects.filter(action__startswith="performance.").count(),
    )


def test_the_evaluator_records_a_coaching_note(plan):
    coaching = note(plan)

    assert (coaching.kind, coaching.held_on) == ("bimbingan", dt.date(2026, 5, 10))
    event = AuditEvent.objects.get(action="performance.coaching_note.added")
    assert event.changes["held_on"] == "2026-05-10"


def test_today_is_allowed(plan):
    assert note(plan, held_on=dt.date(2026, 5, 15)).held_on == dt.date(2026, 5, 15)


@pytest.mark.parametrize(
    ("held_on", "message"),
    [
        (dt.date(2026, 5, 16), "Tanggal bimbingan tidak boleh di masa depan."),
        (
            dt.date(2025, 12, 31),
            "Tanggal bimbingan harus di dalam periode penilaian 2026 "
            "(1 Januari 2026 – 31 Desember 2026).",
        ),
    ],
)
def test_a_date_in_the_future_or_outside_the_year_is_refused(plan, held_on, message):
    before = counts()
    with pytest.raises(InvalidInputError) as error:
        note(plan, held_on=held_on)
    assert error.value.message == message
    assert counts() == before


@pytest.mark.parametrize("who", ["owner", "peer", "head"])
def test_only_the_evaluator_records_coaching(plan, who):
    team = plan.team
    actor = {"owner": team.staff[1], "peer": team.staff[2], "head": team.head}[who]
    before = counts()
    with pytest.raises(PermissionDenied):
        note(plan, actor=team.user(actor))
    assert counts() == before


def test_the_auditor_cannot_record_coaching(plan, auditor):
    with pytest.raises(PermissionDenied):
        note(plan, actor=auditor)
    assert counts() == (0, 0, 0)


def test_the_employee_answers_the_b18_items_once(plan):
    coaching = note(plan)

    feedback = answer(plan, coaching)

    assert feedback.answers == ANSWERS
    lines = selectors.feedback_lines(selectors.list_coaching_notes(plan.skp).get())
    assert [(line.statement, line.level) for line in lines] == [
        (statement, ANSWERS[code]) for code, statement in rules.COACHING_FEEDBACK_ITEMS
    ]
    before = counts()
    with pytest.raises(ConflictError) as error:
        answer(plan, coaching, answers={**ANSWERS, "didengar": 1})
    assert error.value.message == (
        "Umpan balik atas bimbingan ini sudah diberikan; umpan balik hanya dapat diberikan satu "
        "kali."
    )
    assert counts() == before
    assert CoachingFeedback.objects.get().answers == ANSWERS


@pytest.mark.parametrize(
    "answers",
    [
        {key: value for key, value in ANSWERS.items() if key != "langkah"},
        {**ANSWERS, "lain": 3},
        {**ANSWERS, "didengar": 6},
        {**ANSWERS, "didengar": 0},
        {**ANSWERS, "didengar": "5"},
        {**ANSWERS, "didengar": True},
    ],
)
def test_answers_must_cover_exactly_the_items_with_levels_1_to_5(plan, answers):
    coaching = note(plan)
    before = counts()
    with pytest.raises(InvalidInputError):
        answer(plan, coaching, answers=answers)
    assert counts() == before


@pytest.mark.parametrize("who", ["chief", "peer"])
def test_only_the_employee_gives_coaching_feedback(plan, who):
    coaching = note(plan)
    team = plan.team
    actor = {"chief": team.chief, "peer": team.staff[2]}[who]
    with pytest.raises(PermissionDenied):
        answer(plan, coaching, actor=team.user(actor))
    assert CoachingFeedback.objects.count() == 0


def test_coaching_is_refused_after_the_year_closes(plan):
    coaching = note(plan)
    PerformanceYear.objects.filter(pk=plan.skp.year_id).update(status=PerformanceYear.Status.CLOSED)
    before = counts()
    with pytest.raises(ConflictError):
        note(plan)
    with pytest.raises(ConflictError):
        answer(plan, coaching)
    assert counts() == before
