"""Test data of the bias part: 360 answers written in bulk (assignment, response and ratings, as
the feedback service leaves them), appraisals, a synthetic organisation of raters, and the
standard team (tests/factories.make_team) with 360 answers following who rates whom (§5.7)."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone

from simerit.accounts.models import User
from simerit.accounts.tests.factories import UserFactory
from simerit.core.roles import Role
from simerit.employees.models import Employee
from simerit.employees.tests.factories import EmployeeFactory
from simerit.organization.models import WorkUnit
from simerit.organization.tests.factories import WorkUnitFactory, root_unit
from simerit.performance import rules
from simerit.performance.models import (
    Appraisal,
    BehaviourIndicator,
    BehaviourRating,
    BehaviourResponse,
    PerformanceYear,
    RaterAssignment,
    RaterGroup,
    Rating,
    Skp,
)
from simerit.performance.tests.factories import (
    PerformanceYearFactory,
    Team,
    make_skp,
    make_team,
    member,
)

SUBMITTED_AT = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def indicators() -> list[BehaviourIndicator]:
    """The 21 panduan perilaku in catalogue order (seeded by the data migration)."""
    return list(BehaviourIndicator.objects.order_by("value__order", "order"))


def answer_all(answers: Sequence[tuple[Skp, Employee, str, Sequence[int]]]) -> None:
    """Write many answers at once: (SKP, rater, group, scores in indicator order; as many scores
    as indicators to rate, from the first)."""
    catalogue = indicators()
    responses = BehaviourResponse.objects.bulk_create(
        [
            BehaviourResponse(skp=skp, group=group, submitted_at=SUBMITTED_AT)
            for skp, _, group, _ in answers
        ]
    )
    BehaviourRating.objects.bulk_create(
        [
            BehaviourRating(response=response, indicator=indicator, score=score)
            for response, (_, _, _, scores) in zip(responses, answers, strict=True)
            for indicator, score in zip(catalogue, scores, strict=False)
        ]
    )
    RaterAssignment.objects.bulk_create(
        [
            RaterAssignment(
                skp=skp,
                rater=rater,
                group=group,
                status=RaterAssignment.Status.ANSWERED,
                response=response,
            )
            for response, (skp, rater, group, _) in zip(responses, answers, strict=True)
        ]
    )


def answer(skp: Skp, rater: Employee, group: str, scores: Sequence[int]) -> None:
    answer_all([(skp, rater, group, scores)])


def make_appraisal(
    skp: Skp,
    *,
    result: Rating = Rating.AS_EXPECTED,
    behaviour: Rating = Rating.AS_EXPECTED,
    status: str = Appraisal.Status.DELIVERED,
) -> Appraisal:
    evaluator_user = skp.evaluator.user or UserFactory.create()
    now = timezone.now()
    return Appraisal.objects.create(
        skp=skp,
        result_rating=result,
        behaviour_rating=behaviour,
        predikat=rules.predikat(result=result, behaviour=behaviour),
        status=status,
        decided_by=evaluator_user,
        decided_at=now,
        delivered_at=None if status == Appraisal.Status.DECIDED else now,
    )


@dataclass
class SyntheticUnit:
    unit: WorkUnit
    chief: Employee
    staff: list[Employee]
    skps: list[Skp]


def make_unit(
    *, year: PerformanceYear, size: int, name: str = "Dinas Sintetis", prefix: str = "S"
) -> SyntheticUnit:
    """One OPD: a chief (role Atasan) and `size` staff under them, each with an approved SKP."""
    unit = WorkUnitFactory.create(name=name, parent=root_unit())
    chief_user = UserFactory.create(
        username=f"{prefix.lower()}.kepala",
        full_name=f"{prefix} Kepala",
        roles=[Role.PEGAWAI, Role.ATASAN],
    )
    chief = EmployeeFactory.create(user=chief_user, name=f"{prefix} Kepala", work_unit=unit)
    staff = [
        EmployeeFactory.create(
            name=f"{prefix} Pegawai {index:02d}",
            work_unit=unit,
            supervisor=chief,
            user=UserFactory.create(
                username=f"{prefix.lower()}.pegawai{index}", roles=[Role.PEGAWAI]
            ),
        )
        for index in range(size)
    ]
    skps = [make_skp(member, year=year, status=Skp.Status.APPROVED) for member in staff]
    return SyntheticUnit(unit=unit, chief=chief, staff=staff, skps=skps)


def user_of(employee: Employee) -> User:
    assert employee.user is not None
    return employee.user


def publish_feedback(year: PerformanceYear) -> None:
    """HR closed the year's 360 collection: its statistics may be shown."""
    year.feedback_closed_at = timezone.now()
    year.save(update_fields=["feedback_closed_at"])


@dataclass
class TeamYear:
    """make_team() plus two more division heads under the kepala dinas (`heads`, Kabid 2 and 3),
    every SKP approved and appraised (the kepala bidang's Sangat Kurang, the others Baik), and 360
    answers on two indicators:

    - Kadis: [1, 1] as supervisor on the SKPs of the three division heads;
    - Kabid 3: [2, 2] as the only peer of Kabid 2;
    - Staf A–D: [5, 5] as subordinates of the kepala bidang;
    - the kepala bidang: [2, 4] as supervisor of Staf A–D;
    - Staf A: [3, 5] as peer of Staf B–D, [2, 4] as supervisor of Junior E and F;
    - Staf B–D: [2, 4] as peers of each other and of Staf A;
    - Junior E, F: [3, 5] as subordinates of Staf A, [2, 4] as each other's peer."""

    year: PerformanceYear
    team: Team
    heads: list[Employee]
    skps: dict[str, Skp]


def make_team_year() -> TeamYear:
    year_obj = PerformanceYearFactory.create()
    team = make_team()
    heads = [
        member(
            name=f"Kabid {n}",
            unit=team.unit,
            position=team.chief.position,
            supervisor=team.head,
            atasan=True,
        )
        for n in (2, 3)
    ]
    people = [team.chief, *heads, *team.staff, *team.juniors]
    skps = {p.name: make_skp(p, year=year_obj, status=Skp.Status.APPROVED) for p in people}
    for person in people:
        below = person == team.chief
        rating = Rating.BELOW if below else Rating.AS_EXPECTED
        make_appraisal(skps[person.name], result=rating, behaviour=rating)
    a, *others = team.staff
    e, f = team.juniors
    peer, sub, sup = RaterGroup.PEER, RaterGroup.SUBORDINATE, RaterGroup.SUPERVISOR
    answers: list[tuple[Skp, Employee, str, Sequence[int]]] = [
        *[(skps[h.name], team.head, sup, [1, 1]) for h in [team.chief, *heads]],
        (skps[heads[0].name], heads[1], peer, [2, 2]),
        *[(skps[team.chief.name], s, sub, [5, 5]) for s in team.staff],
        *[(skps[s.name], team.chief, sup, [2, 4]) for s in team.staff],
        *[(skps[o.name], a, peer, [3, 5]) for o in others],
        *[(skps[j.name], a, sup, [2, 4]) for j in team.juniors],
        *[(skps[o.name], r, peer, [2, 4]) for r in others for o in team.staff if o != r],
        *[(skps[a.name], j, sub, [3, 5]) for j in team.juniors],
        (skps[e.name], f, peer, [2, 4]),
        (skps[f.name], e, peer, [2, 4]),
    ]
    answer_all(answers)
    return TeamYear(year=year_obj, team=team, heads=heads, skps=skps)
