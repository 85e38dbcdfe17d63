"""Template filters of the training pages: `{% load training %}`."""

from decimal import Decimal

from django import template

from simerit.training.rules.jp import format_jp

register = template.Library()


@register.filter(name="jp")
def jp(value: Decimal | int | float | str | None) -> str:
    """A JP amount as every training page writes it: "12", "12,5" (see rules.jp.format_jp); an
    empty value as "–"."""
    if value is None or value == "":
        return "–"
    return format_jp(Decimal(str(value)))
