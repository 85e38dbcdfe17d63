"""Helpers for the engine tests: a participant whose sitting has begun, started attempts, and
ways to find an attempt's items by what they are rather than where this participant sees them."""

import datetime as dt
from typing import Any

from django.utils import timezone

from simerit.accounts.models import User
from simerit.exams.models import Attempt, AttemptItem, Blueprint, ExamPin, Participant, Sitting
from simerit.exams.services import pins
from simerit.exams.services.attempts import start_attempt
from simerit.exams.tests.factories import ParticipantFactory, SittingFactory, make_skd_blueprint


def begun_sitting(*, blueprint: Blueprint | None = None, minutes_ago: int = 5) -> Sitting:
    return SittingFactory.create(
        blueprint=blueprint or make_skd_blueprint(),
        starts_at=timezone.now() - dt.timedelta(minutes=minutes_ago),
    )


def begun_participant(**kwargs: Any) -> Participant:
    """A participant of a sitting that started a few minutes ago."""
    sitting = kwargs.pop("sitting", None) or begun_sitting()
    return ParticipantFactory.create(sitting=sitting, **kwargs)


def owner(participant: Participant) -> User:
    user: User = participant.application.applicant.user
    return user


def start(
    participant: Participant, proctor: User, *, now: dt.datetime | None = None
) -> tuple[Attempt, str]:
    """Issue a START PIN and start the attempt as the participant's own account."""
    pin = pins.issue_pin(
        participant=participant, purpose=ExamPin.Purpose.START, actor=proctor, now=now
    )
    return start_attempt(participant=participant, pin=pin, user=owner(participant), now=now)


def take_over(
    participant: Participant, proctor: User, *, now: dt.datetime | None = None
) -> tuple[Attempt, str]:
    pin = pins.issue_pin(
        participant=participant, purpose=ExamPin.Purpose.TAKEOVER, actor=proctor, now=now
    )
    return start_attempt(participant=participant, pin=pin, user=owner(participant), now=now)


def items_by_code(attempt: Attempt) -> dict[str, AttemptItem]:
    """The attempt's items by question code (stable across participants)."""
    items = attempt.items.select_related("question_version__question")
    return {item.question_version.question.code: item for item in items}


def position_of(attempt: Attempt, code: str) -> int:
    return items_by_code(attempt)[code].position
