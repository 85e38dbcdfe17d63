"""Test data of the 360 part: an approved SKP on `make_team()`, full score sheets, answers
written directly (assignment + response + 21 ratings, as `submit_ratings` leaves them), the 360
collection closed (as `close_feedback` leaves it) and an extra role for a team member."""

import datetime as dt

from django.contrib.auth.models import Group

from simerit.accounts.models import User
from simerit.core.roles import Role
from simerit.employees.models import Employee
from simerit.performance.models import (
    BehaviourIndicator,
    BehaviourRating,
    BehaviourResponse,
    RaterAssignment,
    Skp,
)
from simerit.performance.tests.factories import make_skp

SUBMITTED_AT = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
# 20 November 2026, 10.00 WIB.
CLOSED_AT = dt.datetime(2026, 11, 20, 3, 0, tzinfo=dt.UTC)


def codes() -> list[str]:
    """The 21 panduan perilaku codes, "1a" … "7c"."""
    return list(BehaviourIndicator.objects.values_list("code", flat=True))


def sheet(score: int = 3, **overrides: int) -> dict[str, int]:
    """A score for every indicator code; keyword arguments change single codes (`_1a=5`)."""
    scores = dict.fromkeys(codes(), score)
    scores.update({name.lstrip("_"): value for name, value in overrides.items()})
    return scores


def approved_skp(employee: Employee) -> Skp:
    return make_skp(employee, status=Skp.Status.APPROVED)


def invite(skp: Skp, rater: Employee, group: str) -> RaterAssignment:
    return RaterAssignment.objects.create(skp=skp, rater=rater, group=group)


def answered(skp: Skp, rater: Employee, group: str, score: int) -> RaterAssignment:
    """An assignment already answered with `score` on every indicator."""
    response = BehaviourResponse.objects.create(skp=skp, group=group, submitted_at=SUBMITTED_AT)
    BehaviourRating.objects.bulk_create(
        BehaviourRating(response=response, indicator=indicator, score=score)
        for indicator in BehaviourIndicator.objects.all()
    )
    return RaterAssignment.objects.create(
        skp=skp,
        rater=rater,
        group=group,
        status=RaterAssignment.Status.ANSWERED,
        response=response,
    )


def publish(skp: Skp) -> None:
    """Close the year's 360 collection (HR closed it on CLOSED_AT): the aggregates are shown."""
    year = skp.year
    year.feedback_closed_at = CLOSED_AT
    year.save(update_fields=["feedback_closed_at", "updated_at"])


def with_role(employee: Employee, role: Role) -> User:
    """The employee's account, freshly read, with `role` added."""
    assert employee.user is not None
    employee.user.groups.add(Group.objects.get(name=str(role)))
    return User.objects.get(pk=employee.user.pk)
