"""Reading nominations: the list as the reader may see it, and one nomination with its scores.

Scores are blind until a member has submitted their own: a committee member sees the other
members' scores only after scoring every criterion (their own are then final); Admin BKPSDM and
the Auditor see them all; an Admin OPD sees the final score only; the nominee sees neither the
scores nor the final score, only the status and the decision note. The kept conditions name a
discipline case only to a reader who may see it (`permissions.sees_cases_of`)."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet

from simerit.accounts.models import User
from simerit.rewards import permissions
from simerit.rewards.models import Award, CommitteeMember, Criterion, Nomination, Score
from simerit.rewards.rules import scoring as rules
from simerit.rewards.rules.conditions import shown_eligibility

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


def final_score_for(nomination: Nomination, user: User) -> Decimal | None:
    """The final score as `user` may read it (None for the nominee)."""
    return nomination.final_score if permissions.sees_final_score(user, nomination) else None


def eligibility_for(nomination: Nomination, user: User) -> list[dict[str, object]]:
    """The conditions kept on the nomination as `user` may read them."""
    public = not permissions.sees_cases_of(user, nomination.employee)
    return shown_eligibility(nomination.eligibility, public=public)


def eligibility_of_page(
    nominations: list[Nomination], user: User
) -> dict[int, list[dict[str, object]]]:
    """`eligibility_for` of a page of nominations in one query (nomination id → conditions)."""
    readable = permissions.case_readable(user, {item.employee_id for item in nominations})
    return {
        item.pk: shown_eligibility(item.eligibility, public=item.employee_id not in readable)
        for item in nominations
    }


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
    eligibility: list[dict[str, object]]
    final_score: Decimal | None
    criteria: list[Criterion]
    weights_error: str | None
    members: list[MemberScores]
    own_scores: dict[int, Decimal]
    is_member: bool
    is_nominee: bool
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
    is_nominee = permissions.is_own(user, nomination.employee)
    return NominationView(
        nomination=nomination,
        eligibility=eligibility_for(nomination, user),
        final_score=final_score_for(nomination, user),
        criteria=criteria,
        weights_error=rules.weights_error(item.weight for item in criteria),
        members=members,
        own_scores=own,
        is_member=is_member,
        is_nominee=is_nominee,
        may_score=(
            is_member
            and is_open
            and award.kind == Award.Kind.OTHER
            and not is_nominee
            and not own_complete
        ),
        sees_all_scores=not is_nominee
        and (permissions.reads_everything(user) or (is_member and own_complete)),
        may_decide=permissions.is_hr(user) and is_open and not is_nominee,
        may_withdraw=is_open and permissions.can_withdraw(user, nomination),
    )
