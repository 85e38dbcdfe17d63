"""Helpers for the proctor and scoreboard tests: attempts, items and events written directly, so
that these tests do not depend on the engine (services/attempts.py, services/answers.py)."""

import datetime as dt
import secrets
from typing import Any

from django.utils import timezone

from simerit.accounts.models import User
from simerit.accounts.tests.factories import UserFactory
from simerit.core.roles import Role
from simerit.exams.models import (
    AnswerEvent,
    Attempt,
    AttemptItem,
    BlueprintItem,
    IntegrityEvent,
    Participant,
    Sitting,
    SittingProctor,
)
from simerit.exams.tests.factories import ParticipantFactory, SittingFactory

T0 = dt.datetime(2026, 8, 10, 1, 0, tzinfo=dt.UTC)  # 08.00 WIB


def make_proctor(sitting: Sitting, **kwargs: Any) -> User:
    user = UserFactory.create(roles=[Role.PENGAWAS_UJIAN], **kwargs)
    SittingProctor.objects.create(sitting=sitting, user=user)
    return user


def assign(sitting: Sitting, user: User) -> None:
    SittingProctor.objects.create(sitting=sitting, user=user)


def make_participant(
    sitting: Sitting,
    *,
    name: str | None = None,
    registration_number: str | None = None,
    **kwargs: Any,
) -> Participant:
    """A participant of the sitting; `name` sets the applicant's name (as on the KTP)."""
    participant = ParticipantFactory.create(sitting=sitting, **kwargs)
    if name is not None:
        applicant = participant.application.applicant
        applicant.name = name
        applicant.save(update_fields=["name"])
    if registration_number is not None:
        application = participant.application
        application.registration_number = registration_number
        application.save(update_fields=["registration_number"])
    return participant


def start(
    participant: Participant,
    *,
    at: dt.datetime = T0,
    minutes: int = 100,
    status: str = Attempt.Status.ACTIVE,
    reverse: bool = False,
    **fields: Any,
) -> Attempt:
    """An attempt with the blueprint's items at positions 1..n (reversed order with `reverse`,
    as a shuffle would), options in key order."""
    if participant.checked_in_at is None:
        participant.checked_in_at = at - dt.timedelta(minutes=10)
        participant.save(update_fields=["checked_in_at"])
    attempt = Attempt.objects.create(
        blueprint=participant.blueprint,
        participant=participant,
        status=status,
        started_at=at,
        deadline=at + dt.timedelta(minutes=minutes + participant.extra_minutes),
        browser_token=secrets.token_urlsafe(32),
        **fields,
    )
    items = list(
        BlueprintItem.objects.filter(blueprint=participant.blueprint)
        .select_related("question_version")
        .order_by("order")
    )
    if reverse:
        items.reverse()
    AttemptItem.objects.bulk_create(
        AttemptItem(
            attempt=attempt,
            position=position,
            question_version=item.question_version,
            section_id=item.section_id,
            option_order=[option["key"] for option in item.question_version.options],
        )
        for position, item in enumerate(items, start=1)
    )
    return attempt


def event(
    attempt: Attempt,
    position: int,
    option: str = "",
    *,
    kind: str = AnswerEvent.Kind.ANSWER,
    at: dt.datetime | None = None,
) -> AnswerEvent:
    """The attempt's next answer event (client_seq follows the last one)."""
    last = AnswerEvent.objects.filter(attempt=attempt).order_by("-client_seq").first()
    return AnswerEvent.objects.create(
        attempt=attempt,
        client_seq=(last.client_seq + 1) if last else 1,
        position=position,
        kind=kind,
        option=option,
        server_at=at or timezone.now(),
    )


def flag(
    participant: Participant,
    kind: str,
    *,
    attempt: Attempt | None = None,
    with_participant: bool = True,
    at: dt.datetime = T0,
) -> IntegrityEvent:
    return IntegrityEvent.objects.create(
        participant=participant if with_participant else None,
        attempt=attempt,
        kind=kind,
        detail={},
        server_at=at,
    )


def correct_option(attempt: Attempt, position: int) -> str:
    """The option with the most points at a position (the correct one of a SINGLE item)."""
    item = AttemptItem.objects.select_related("question_version").get(
        attempt=attempt, position=position
    )
    best = max(item.question_version.options, key=lambda option: int(option["points"]))
    return str(best["key"])


def sitting(**kwargs: Any) -> Sitting:
    return SittingFactory.create(**kwargs)
