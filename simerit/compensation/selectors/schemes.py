"""Reads of the TPP schemes: the list, one scheme with its rates and base amounts, the scheme in
force for a month (the latest `effective_from` on or before it), and whether a scheme is frozen
(a run used it)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Max, Prefetch, QuerySet

from simerit.compensation.models import BaseAmount, PredikatRate, Run, Scheme
from simerit.organization.models import Position
from simerit.performance.models import Predikat


def list_schemes() -> QuerySet[Scheme]:
    """Newest first, each with `run_count`."""
    return Scheme.objects.annotate(run_count=Count("runs")).order_by("-effective_from")


def get_scheme(scheme_id: int) -> Scheme | None:
    return (
        Scheme.objects.annotate(run_count=Count("runs"))
        .prefetch_related(
            Prefetch("predikat_rates", queryset=PredikatRate.objects.order_by("pk")),
            Prefetch(
                "base_amounts",
                queryset=BaseAmount.objects.select_related("position__work_unit").order_by(
                    "position_kind", "position__name", "pk"
                ),
            ),
        )
        .filter(pk=scheme_id)
        .first()
    )


def scheme_in_force(month: dt.date) -> Scheme | None:
    return Scheme.objects.filter(effective_from__lte=month).order_by("-effective_from").first()


def is_frozen(scheme: Scheme) -> bool:
    """A scheme a run used is never changed: a change is a new scheme from a later month."""
    return Run.objects.filter(scheme=scheme).exists()


def last_run_month() -> dt.date | None:
    month: dt.date | None = Run.objects.aggregate(last=Max("month"))["last"]
    return month


@dataclass(frozen=True)
class RateRow:
    predikat: str
    label: str
    rate: Decimal | None


def rate_rows(scheme: Scheme) -> list[RateRow]:
    """The five predikat, best first, with the scheme's rate (from the prefetched rates)."""
    rates = {rate.predikat: rate.rate for rate in scheme.predikat_rates.all()}
    return [RateRow(value, str(label), rates.get(value)) for value, label in Predikat.choices]


@dataclass(frozen=True)
class KindRow:
    kind: str
    label: str
    amount: int | None


def kind_rows(scheme: Scheme) -> list[KindRow]:
    """Every position kind with the scheme's base amount for it (None: no row)."""
    amounts = {
        base.position_kind: base.amount
        for base in scheme.base_amounts.all()
        if base.position_id is None
    }
    return [
        KindRow(value, str(label), amounts.get(value)) for value, label in Position.Kind.choices
    ]


def position_amounts(scheme: Scheme) -> list[BaseAmount]:
    return [base for base in scheme.base_amounts.all() if base.position_id is not None]
