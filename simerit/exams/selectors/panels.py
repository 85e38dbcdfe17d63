"""Small reads for the landing-page panels (simerit.dashboard): the applicant's next exam, the
proctor's agenda and the number of sittings on a day. Each takes a fixed number of queries."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from simerit.accounts.models import User
from simerit.exams.models import Attempt, Participant, QuestionBank, Sitting


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The start of `day` and of the next day in the local time zone (WIB)."""
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))
    return start, end


def next_placement(*, user: User, now: dt.datetime | None = None) -> Participant | None:
    """The user's soonest seat in a sitting that starts today (WIB) or later and whose attempt is
    not finished, with its sitting and blueprint: one query. None when there is none."""
    start, _ = day_bounds(timezone.localdate(now or timezone.now()))
    return (
        Participant.objects.filter(application__applicant__user=user, sitting__starts_at__gte=start)
        .exclude(attempt__status=Attempt.Status.FINISHED)
        .select_related("sitting", "blueprint")
        .order_by("sitting__starts_at", "pk")
        .first()
    )


@dataclass(frozen=True)
class ProctorAgenda:
    """The sittings a proctor is assigned to: today's (WIB date, started or not), those not yet
    started (today's later ones included), and the soonest of the latter."""

    today: int
    upcoming: int
    next_sitting: Sitting | None


def proctor_agenda(*, user: User, now: dt.datetime | None = None) -> ProctorAgenda:
    """Two queries: the counts, then the next sitting with its blueprint."""
    now = now or timezone.now()
    start, end = day_bounds(timezone.localdate(now))
    own = Sitting.objects.filter(proctors__user=user)
    counts = own.aggregate(
        today=Count("pk", filter=Q(starts_at__gte=start, starts_at__lt=end)),
        upcoming=Count("pk", filter=Q(starts_at__gte=now)),
    )
    next_sitting = (
        own.filter(starts_at__gte=now).select_related("blueprint").order_by("starts_at", "code")
    ).first()
    return ProctorAgenda(
        today=counts["today"], upcoming=counts["upcoming"], next_sitting=next_sitting
    )


def count_sittings_on(day: dt.date) -> int:
    """Sittings starting on `day` (WIB): one query."""
    start, end = day_bounds(day)
    return Sitting.objects.filter(starts_at__gte=start, starts_at__lt=end).count()


@dataclass(frozen=True)
class BankCount:
    bank_id: int
    name: str
    active: int


def active_questions_per_bank() -> list[BankCount]:
    """Every bank by name with its number of active questions: one query."""
    rows = (
        QuestionBank.objects.annotate(
            active=Count("questions", filter=Q(questions__is_active=True))
        )
        .order_by("name")
        .values_list("pk", "name", "active")
    )
    return [BankCount(bank_id=pk, name=name, active=active) for pk, name, active in rows]
