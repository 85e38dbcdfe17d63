"""Template filters of the rewards pages: predikat labels, Indonesian numbers, and a
nomination's final score as the reader may see it."""

from decimal import Decimal

from django import template

from simerit.accounts.models import User
from simerit.performance.models import Predikat
from simerit.rewards.models import Nomination
from simerit.rewards.rules.scoring import format_number
from simerit.rewards.selectors import nominations as nomination_selectors

register = template.Library()


@register.filter
def predikat_label(value: str) -> str:
    """ "baik" → "Baik"; empty or unknown values unchanged."""
    return str(Predikat(value).label) if value in Predikat.values else value


@register.filter
def number_id(value: Decimal | int | None) -> str:
    """92.50 → "92,5"; None → "—"."""
    if value is None:
        return "—"
    return format_number(Decimal(value))


@register.filter
def get_item(mapping: dict[int, object], key: int) -> object:
    """`scores|get_item:criterion.pk` (None when absent)."""
    return mapping.get(key)


@register.filter
def final_score_for(nomination: Nomination, user: User) -> Decimal | None:
    """`nomination|final_score_for:user`: None for the nominee (selectors/nominations.py)."""
    return nomination_selectors.final_score_for(nomination, user)
