"""Reading nominations: the list as the reader may see it, and one nomination with its scores.

Scores are blind until a member has submitted their own: a committee member sees the other
members' scores only after scoring every criterion; Admin BKPSDM and the Auditor see them all;
an Admin OPD and the nominee see the final score only."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet

from simerit.accounts.models import User
from simerit.rewards import permissions
from simerit.rewards.models import Award, CommitteeMember, Criterion, Nomination, Score
from simerit.rewards.rules import scoring as rules

RELATED = ("award", "employee__work_unit", "employee__position", "nominated_by")


def visible_nominations(user: User) -> QuerySet[Nomination]:
    return permissions.visible_nominations(user).select_related(*RELATED)


def list_nominations(
    user: User,
    *,
    year: int | None = None,
    award_id: int | None = None,
    status: str = "",
    search: str = "",
) -> QuerySet[Nomination]:
    found = visible_nominations(user)
    if year:
        found = found.filter(year=year)
    if award_id:
        found = found.filter(award_id=award_id)
    if status:
        found = found.filter(status=status)
    search = search.strip()
    if search:
        found = found.filter(
            Q(employee__name__icontains=search) | Q(employee__nip__startswith=search)
        )
    return found.order_by("-year", "award__name", "employee__name", "pk")


@dataclass(frozen=True)
class MemberScores:
    """One member's scores of the nomination (criterion id → score), their total out of 100
    when complete, and whether they are waiting (not all criteria scored)."""

    user: User
    scores: dict[int, Decimal]
    total: Decimal | None
    is_nominee: bool


@dataclass(frozen=True)
class NominationView:
    nomination: Nomination
    criteria: list[Criterion]
    weights_error: str | None
    members: list[MemberScores]
    own_scores: dict[int, Decimal]
    is_member: bool
    may_score: bool
    sees_all_scores: bool
    may_decide: bool
    may_withdraw: bool

    @property
    def scored_members(self) -> int:
        return sum(1 for member in self.members if member.total is not None)

    @property
    def scoring_members(self) -> int:
        return sum(1 for member in self.members if not member.is_nominee)


def nomination_view(nomination: Nomination, *, user: User) -> NominationView:
    """Everything the detail page and the API show of one (visible) nomination to `user`."""
    award: Award = nomination.award
    criteria = list(Criterion.objects.filter(award=award).order_by("order", "pk"))
    specs = [
        rules.CriterionSpec(
            id=item.pk, name=item.name, weight=item.weight, max_score=item.max_score
        )
        for item in criteria
    ]
    seats = list(
        CommitteeMember.objects.filter(award=award, year=nomination.year)
        .select_related("user")
        .order_by("user__full_name", "pk")
    )
    by_member: dict[int, dict[int, Decimal]] = {}
    for score in Score.objects.filter(nomination=nomination):
        by_member.setdefault(score.member_id, {})[score.criterion_id] = score.score
    nominee_user = nomination.employee.user_id
    members = []
    for seat in seats:
        scores = by_member.get(seat.user_id, {})
        complete = bool(specs) and all(spec.id in scores for spec in specs)
        total = rules.round_half_up(rules.member_total(specs, scores)) if complete else None
        members.append(
            MemberScores(
                user=seat.user, scores=scores, total=total, is_nominee=seat.user_id == nominee_user
            )
        )
    own = by_member.get(user.pk, {})
    is_member = any(seat.user_id == user.pk for seat in seats)
    own_complete = bool(specs) and all(spec.id in own for spec in specs)
    is_open = nomination.status in (Nomination.Status.NOMINATED, Nomination.Status.SCORED)
    return NominationView(
        nomination=nomination,
        criteria=criteria,
        weights_error=rules.weights_error(item.weight for item in criteria),
        members=members,
        own_scores=own,
        is_member=is_member,
        may_score=(
            is_member
            and is_open
            and award.kind == Award.Kind.OTHER
            and not permissions.is_own(user, nomination.employee)
        ),
        sees_all_scores=permissions.reads_everything(user) or (is_member and own_complete),
        may_decide=(
            permissions.is_hr(user)
            and is_open
            and not permissions.is_own(user, nomination.employee)
        ),
        may_withdraw=is_open and permissions.can_withdraw(user, nomination),
    )
