"""Helpers for the participant-page tests: an applicant placed in a sitting, PINs, answers."""

import datetime as dt

from django.utils import timezone

from simerit.accounts.models import User
from simerit.exams.models import Attempt, Blueprint, ExamPin, Participant
from simerit.exams.services import answers, pins
from simerit.exams.tests.factories import ParticipantFactory, SittingFactory, make_skd_blueprint
from simerit.recruitment.models import Applicant, Application
from simerit.recruitment.tests.factories import ApplicantFactory, ApplicationFactory


def place(
    user: User,
    *,
    blueprint: Blueprint | None = None,
    starts_in_minutes: int = -5,
    checked_in: bool = True,
    **kwargs: object,
) -> Participant:
    """The applicant account `user` placed (MS application) in a sitting starting at now +
    `starts_in_minutes` (already begun by default), checked in."""
    blueprint = blueprint or make_skd_blueprint()
    now = timezone.now()
    sitting = SittingFactory.create(
        blueprint=blueprint, starts_at=now + dt.timedelta(minutes=starts_in_minutes)
    )
    applicant = Applicant.objects.filter(user=user).first() or ApplicantFactory.create(user=user)
    application = ApplicationFactory.create(
        applicant=applicant, status=Application.Status.MS, formasi__period=blueprint.period
    )
    return ParticipantFactory.create(
        sitting=sitting,
        application=application,
        checked_in_at=now if checked_in else None,
        **kwargs,
    )


def start_pin(participant: Participant, proctor: User) -> str:
    return pins.issue_pin(participant=participant, purpose=ExamPin.Purpose.START, actor=proctor)


def takeover_pin(participant: Participant, proctor: User) -> str:
    return pins.issue_pin(participant=participant, purpose=ExamPin.Purpose.TAKEOVER, actor=proctor)


def positions(attempt: Attempt, code: str) -> list[int]:
    """The attempt's positions of one sub-test (TWK, TIU, TKP), in order."""
    return list(
        attempt.items.filter(section__category__code=code)
        .order_by("position")
        .values_list("position", flat=True)
    )


def answer(attempt: Attempt, events: list[tuple[int, str, str]]) -> None:
    """Save (position, kind, option) events through the engine, as the browser would."""
    for seq, (position, kind, option) in enumerate(events, start=1):
        answers.save_answer(
            attempt_id=attempt.pk,
            token=attempt.browser_token,
            seq=seq,
            position=position,
            kind=kind,
            option=option,
        )
