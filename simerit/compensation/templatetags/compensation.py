"""Template filters of the TPP pages: rupiah, percentages and months as Indonesians write them."""

import datetime as dt
from decimal import Decimal

from django import template

from simerit.compensation.exporting import predikat_label
from simerit.compensation.models import Line
from simerit.compensation.rules import tpp as rules

register = template.Library()


@register.filter
def rupiah(amount: int | None) -> str:
    return "—" if amount is None else rules.format_rupiah(amount)


@register.filter
def percent(value: Decimal | int | None) -> str:
    return "—" if value is None else rules.format_percent(value)


@register.filter
def month_id(month: dt.date) -> str:
    return rules.month_label(month)


@register.filter
def line_predikat(line: Line) -> str:
    return predikat_label(line)
