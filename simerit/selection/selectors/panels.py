"""Small counts for the landing page's panels (dashboard reads them)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Min, Q

from simerit.accounts.models import User
from simerit.selection.models import AssessorAssignment


@dataclass(frozen=True)
class AssessorWork:
    open: int
    submitted: int
    # The earliest scoring deadline among the open assignments that have one and are not past.
    next_deadline: dt.datetime | None


def assessor_work(*, user: User, now: dt.datetime) -> AssessorWork:
    """One query: the assessor's open and submitted assignments and the nearest open deadline."""
    totals = AssessorAssignment.objects.filter(assessor=user).aggregate(
        open=Count("pk", filter=Q(submitted_at__isnull=True)),
        submitted=Count("pk", filter=Q(submitted_at__isnull=False)),
        next_deadline=Min(
            "component__scoring_closes_at",
            filter=Q(submitted_at__isnull=True, component__scoring_closes_at__gte=now),
        ),
    )
    return AssessorWork(totals["open"], totals["submitted"], totals["next_deadline"])
