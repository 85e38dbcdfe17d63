"""Reading the award catalogue: the list with each award's criteria weight, and one award with its
criteria and the committee of a year."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from simerit.rewards.models import Award, CommitteeMember, Criterion
from simerit.rewards.rules import scoring as rules


def list_awards(*, include_inactive: bool = True) -> QuerySet[Award]:
    awards = Award.objects.annotate(
        criteria_count=Count("criteria", distinct=True),
        weight_total=Coalesce(
            Sum("criteria__weight"),
            Value(Decimal(0)),
            output_field=DecimalField(max_digits=7, decimal_places=2),
        ),
    )
    if not include_inactive:
        awards = awards.filter(is_active=True)
    return awards.order_by("kind", "service_years", "name")


@dataclass(frozen=True)
class AwardView:
    award: Award
    criteria: list[Criterion]
    weight_total: Decimal
    weights_error: str | None
    committee: list[CommitteeMember]
    year: int


def award_view(award: Award, *, year: int) -> AwardView:
    criteria = list(Criterion.objects.filter(award=award).order_by("order", "pk"))
    weights = [item.weight for item in criteria]
    committee = list(
        CommitteeMember.objects.filter(award=award, year=year)
        .select_related("user")
        .order_by("user__full_name", "pk")
    )
    return AwardView(
        award=award,
        criteria=criteria,
        weight_total=rules.weights_total(weights),
        weights_error=(rules.weights_error(weights) if award.kind == Award.Kind.OTHER else None),
        committee=committee,
        year=year,
    )
