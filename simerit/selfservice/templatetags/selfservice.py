"""Template filters of Karier Saya: `{% load selfservice %}`."""

from decimal import Decimal

from django import template

from simerit.career.rules.credit import format_credit

register = template.Library()


@register.filter(name="rupiah")
def rupiah(value: int | None) -> str:
    """Whole rupiah as payslips write them: 5000000 → "Rp5.000.000"; an empty value as "–"."""
    if value is None:
        return "–"
    return f"Rp{value:,}".replace(",", ".")


@register.filter(name="angka_kredit")
def angka_kredit(value: Decimal | None) -> str:
    """An angka kredit as it is written: 42.5 → "42,500"; an empty value as "–"."""
    if value is None:
        return "–"
    return format_credit(value)
