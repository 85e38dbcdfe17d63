"""Fixtures of the appraisal tests: an approved SKP in the standard team (its 360 collection closed,
so the evidence is published and a decision may be taken), 360 answers written straight to the
tables (the 360 services are another part's), and a decided appraisal."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils import timezone

from simerit.accounts.models import User
from simerit.performance.models import (
    Appraisal,
    BehaviourIndicator,
    BehaviourRating,
    BehaviourResponse,
    PerformanceYear,
    Rating,
    Skp,
)
from simerit.performance.services.appraisal import decide_appraisal
from simerit.performance.tests.factories import Team, make_skp, make_team


@dataclass
class Case:
    """Staf B's approved SKP: Kabid Layan (team.chief) is the pejabat penilai and Kadis Sehat
    (team.head) the atasan pejabat penilai."""

    team: Team
    skp: Skp
    employee: User
    evaluator: User
    superior: User


def approved_case(*, feedback_closed: bool = True) -> Case:
    """`feedback_closed`: HR has closed the 360 collection (the default: the evidence is published
    and the pejabat penilai may decide); False leaves it open until the year's
    feedback_closes_on."""
    team = make_team()
    skp = make_skp(team.staff[1], status=Skp.Status.APPROVED)
    if feedback_closed:
        close_feedback(skp.year)
    return Case(
        team=team,
        skp=skp,
        employee=team.user(team.staff[1]),
        evaluator=team.user(team.chief),
        superior=team.user(team.head),
    )


def close_feedback(year: PerformanceYear) -> None:
    """HR closed the 360 collection now (as services.planning_years.close_feedback records it)."""
    year.feedback_closed_at = timezone.now()
    year.save(update_fields=["feedback_closed_at", "updated_at"])


def reopen_feedback(year: PerformanceYear, *, until: dt.date) -> None:
    """The 360 collection open until `until` (nobody closed it early)."""
    year.feedback_closed_at = None
    year.feedback_closes_on = until
    year.save(update_fields=["feedback_closed_at", "feedback_closes_on", "updated_at"])


def add_answers(
    skp: Skp,
    *,
    group: str,
    score: int,
    count: int = 1,
    overrides: Mapping[str, int] | None = None,
) -> None:
    """`count` answers of `group`, each scoring every indicator `score` except the indicator
    codes in `overrides`."""
    indicators = list(BehaviourIndicator.objects.all())
    for _ in range(count):
        response = BehaviourResponse.objects.create(
            skp=skp, group=group, submitted_at=timezone.now()
        )
        BehaviourRating.objects.bulk_create(
            BehaviourRating(
                response=response,
                indicator=indicator,
                score=(overrides or {}).get(indicator.code, score),
            )
            for indicator in indicators
        )


def decided(
    case: Case,
    *,
    result: str = Rating.AS_EXPECTED,
    behaviour: str = Rating.AS_EXPECTED,
    justification: str = "",
) -> Appraisal:
    return decide_appraisal(
        skp=case.skp,
        result_rating=result,
        behaviour_rating=behaviour,
        justification=justification,
        actor=case.evaluator,
    )


def delivered_days_ago(appraisal: Appraisal, days: int) -> Appraisal:
    """Move the delivery back `days` days (same time of day), as if received then."""
    delivered = timezone.now() - dt.timedelta(days=days)
    Appraisal.objects.filter(pk=appraisal.pk).update(delivered_at=delivered, decided_at=delivered)
    appraisal.refresh_from_db()
    return appraisal
