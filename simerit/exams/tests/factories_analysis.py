"""Finished attempts made directly (without the engine) for item analysis, decisions and results.

`take(blueprint, {order: option})` gives a participant of the blueprint an attempt that served
every assembled item (positions shuffled by `seed`, so analysis never relies on positions), with
one answer event per answered item, finished and scored by services.scoring.score_attempt.
"""

import datetime as dt
import random
import secrets
from collections.abc import Mapping

from django.utils import timezone

from simerit.exams.models import (
    AnswerEvent,
    Attempt,
    AttemptItem,
    Blueprint,
    BlueprintItem,
    BlueprintSection,
    ExamKind,
    Participant,
    Sitting,
)
from simerit.exams.services.scoring import score_attempt
from simerit.exams.tests.factories import (
    ParticipantFactory,
    QuestionBankFactory,
    SittingFactory,
    category,
    make_question,
)
from simerit.recruitment.models import Application, Formasi, Track
from simerit.recruitment.tests.factories import (
    ApplicationFactory,
    FormasiFactory,
    SelectionPeriodFactory,
)


def single_answer_blueprint(count: int = 3) -> Blueprint:
    """A blueprint of one TWK section with `count` single-answer items keyed A (5/0 points)."""
    bank = QuestionBankFactory.create()
    blueprint = Blueprint.objects.create(
        name=f"TWK uji {secrets.token_hex(3)}",
        kind=ExamKind.SKD,
        period=SelectionPeriodFactory.create(),
        bank=bank,
        duration_minutes=100,
    )
    section = BlueprintSection.objects.create(
        blueprint=blueprint, category=category("TWK"), question_count=count
    )
    for order in range(1, count + 1):
        question = make_question(bank=bank, category_code="TWK", code=f"TWK-{order:03d}")
        assert question.current_version is not None
        BlueprintItem.objects.create(
            blueprint=blueprint,
            section=section,
            question_version=question.current_version,
            order=order,
        )
    return blueprint


def participant_for(
    blueprint: Blueprint, *, sitting: Sitting | None = None, track: str = Track.UMUM
) -> Participant:
    sitting = sitting or Sitting.objects.filter(blueprint=blueprint).first()
    if sitting is None:
        sitting = SittingFactory.create(
            blueprint=blueprint, starts_at=timezone.now() - dt.timedelta(days=1)
        )
    # One formasi per track of the period keeps the factories fast.
    formasi = Formasi.objects.filter(period=blueprint.period, track=track).first()
    formasi = formasi or FormasiFactory.create(period=blueprint.period, track=track)
    application = ApplicationFactory.create(status=Application.Status.MS, formasi=formasi)
    return ParticipantFactory.create(sitting=sitting, application=application)


def participant_of(attempt: Attempt) -> Participant:
    """The participant of a real-exam attempt (never None there)."""
    assert attempt.participant is not None
    return attempt.participant


def start(
    blueprint: Blueprint,
    *,
    participant: Participant | None = None,
    sitting: Sitting | None = None,
    track: str = Track.UMUM,
    seed: int = 0,
) -> Attempt:
    """An active attempt serving every assembled item in a shuffled order."""
    participant = participant or participant_for(blueprint, sitting=sitting, track=track)
    started = timezone.now() - dt.timedelta(hours=2)
    attempt = Attempt.objects.create(
        blueprint=blueprint,
        participant=participant,
        started_at=started,
        deadline=started + dt.timedelta(minutes=blueprint.duration_minutes),
        browser_token=secrets.token_urlsafe(32),
    )
    items = list(BlueprintItem.objects.filter(blueprint=blueprint).order_by("order"))
    positions = list(range(1, len(items) + 1))
    random.Random(seed).shuffle(positions)  # noqa: S311 (a reproducible test order)
    AttemptItem.objects.bulk_create(
        AttemptItem(
            attempt=attempt,
            position=position,
            question_version_id=item.question_version_id,
            section_id=item.section_id,
            option_order=["A", "B", "C", "D", "E"],
        )
        for item, position in zip(items, positions, strict=True)
    )
    return attempt


def answer(attempt: Attempt, answers: Mapping[int, str]) -> None:
    """Answer events for {blueprint item order: option}; "" clears the item (a clear event)."""
    position_of = dict(
        AttemptItem.objects.filter(attempt=attempt).values_list("question_version_id", "position")
    )
    version_of = dict(
        BlueprintItem.objects.filter(blueprint=attempt.blueprint).values_list(
            "order", "question_version_id"
        )
    )
    seq = AnswerEvent.objects.filter(attempt=attempt).count()
    for order, option in answers.items():
        seq += 1
        AnswerEvent.objects.create(
            attempt=attempt,
            client_seq=seq,
            position=position_of[version_of[order]],
            kind=AnswerEvent.Kind.ANSWER if option else AnswerEvent.Kind.CLEAR,
            option=option,
            server_at=attempt.started_at + dt.timedelta(seconds=seq),
        )


def finish(attempt: Attempt, *, reason: str = Attempt.FinishReason.SUBMITTED) -> Attempt:
    """Finish and score as the engine does (services.scoring.score_attempt); `reason` PROCTOR
    for an attempt a proctor stopped (scored like any other)."""
    sheet, verdict = score_attempt(attempt)
    attempt.status = Attempt.Status.FINISHED
    attempt.finished_at = attempt.started_at + dt.timedelta(minutes=90)
    attempt.finish_reason = reason
    attempt.scores = sheet.scores
    attempt.total = sheet.total
    attempt.passed = verdict.passed
    attempt.result_reason = verdict.reason
    attempt.save()
    return attempt


def take(
    blueprint: Blueprint,
    answers: Mapping[int, str],
    *,
    sitting: Sitting | None = None,
    track: str = Track.UMUM,
    seed: int = 0,
    reason: str = Attempt.FinishReason.SUBMITTED,
) -> Attempt:
    attempt = start(blueprint, sitting=sitting, track=track, seed=seed)
    answer(attempt, answers)
    return finish(attempt, reason=reason)
