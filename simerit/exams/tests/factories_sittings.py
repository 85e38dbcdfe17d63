"""Helpers for the sittings and check-in tests: MS applications, sittings, proctors, attempts."""

import datetime as dt
import secrets
from typing import Any

from django.utils import timezone

from simerit.accounts.models import User
from simerit.accounts.tests.factories import UserFactory
from simerit.audit.models import AuditEvent
from simerit.core.roles import Role
from simerit.exams.models import Attempt, Blueprint, Participant, Sitting, SittingProctor
from simerit.exams.tests.factories import ParticipantFactory, SittingFactory, make_skd_blueprint
from simerit.recruitment.models import Application, Formasi
from simerit.recruitment.tests.factories import ApplicationFactory, FormasiFactory

START = dt.datetime(2026, 8, 12, 8, 0, tzinfo=dt.UTC)  # 15.00 WIB


def blueprint_with_formasi(**kwargs: Any) -> tuple[Blueprint, Formasi]:
    blueprint = make_skd_blueprint(counts=(1, 1, 1), **kwargs)
    return blueprint, FormasiFactory.create(period=blueprint.period)


def ms_applications(formasi: Formasi, count: int, **kwargs: Any) -> list[Application]:
    return [
        ApplicationFactory.create(formasi=formasi, status=Application.Status.MS, **kwargs)
        for _ in range(count)
    ]


def sitting(blueprint: Blueprint, **kwargs: Any) -> Sitting:
    kwargs.setdefault("starts_at", timezone.now() + dt.timedelta(days=2))
    return SittingFactory.create(blueprint=blueprint, **kwargs)


def make_proctor(*sittings: Sitting, **kwargs: Any) -> User:
    user = UserFactory.create(roles=[Role.PENGAWAS_UJIAN], **kwargs)
    for item in sittings:
        SittingProctor.objects.create(sitting=item, user=user)
    return user


def participant(sitting_: Sitting, *, disabled: bool = False, **kwargs: Any) -> Participant:
    if disabled:
        kwargs["application"] = ApplicationFactory.create(
            status=Application.Status.MS,
            formasi__period=sitting_.blueprint.period,
            applicant__is_disabled=True,
        )
    if "seat_number" not in kwargs:
        # The next seat of this sitting (the factory's global sequence would pass the capacity).
        kwargs["seat_number"] = Participant.objects.filter(sitting=sitting_).count() + 1
    return ParticipantFactory.create(sitting=sitting_, **kwargs)


def start_attempt(participant_: Participant, *, status: str = Attempt.Status.ACTIVE) -> Attempt:
    started = participant_.sitting.starts_at
    return Attempt.objects.create(
        blueprint=participant_.blueprint,
        participant=participant_,
        status=status,
        started_at=started,
        deadline=started + dt.timedelta(minutes=100),
        browser_token=secrets.token_urlsafe(32),
    )


def exam_audit() -> list[str]:
    """The exams.* audit actions, oldest first (factories of other apps write their own)."""
    return list(
        AuditEvent.objects.filter(action__startswith="exams.")
        .order_by("seq")
        .values_list("action", flat=True)
    )
