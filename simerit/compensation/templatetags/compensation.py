"""Template filters of the TPP pages: rupiah, percentages and months as Indonesians write them, and
a line's case number as the reader may see it."""

import datetime as dt
from decimal import Decimal

from django import template

from simerit.accounts.models import User
from simerit.compensation.exporting import predikat_label
from simerit.compensation.models import Line
from simerit.compensation.permissions import case_number_for
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


@register.filter
def case_number(line: Line, user: User) -> str:
    """The line's discipline case number for `user`: "" unless they may see the case."""
    return case_number_for(user, line)
