"""Helpers the rewards pages share: the page size and the year of a page. (Forms handed to one
service: core/form_views.py.)"""

from django.http import HttpRequest
from django.utils import timezone

PER_PAGE = 25


def year_param(request: HttpRequest) -> int:
    """`?year=` when it is a plausible year, else the current year."""
    text = request.GET.get("year", "")
    if text.isdigit() and 2000 <= int(text) <= 9999:
        return int(text)
    return timezone.localdate().year
