"""Kenaikan pangkat pages (§8.1): the list of a period (`?period=YYYY-MM-01`, default the next
period on or after today), eligible employees and, on the other tab, the others with their
reasons; filtered by unit; and its audited Excel export. Admin BKPSDM and the Auditor see every
active PNS, an Admin OPD its subtree, a supervisor their team."""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from simerit.career import permissions
from simerit.career.rules.promotion import format_day
from simerit.career.selectors import promotion as selectors
from simerit.career.services.promotion import READ_DENIED, export_period
from simerit.core.paging import query_without_page
from simerit.core.spreadsheets.writing import XLSX_CONTENT_TYPE
from simerit.core.types import AuthenticatedHttpRequest
from simerit.organization.models import WorkUnit

PER_PAGE = 25
TABS = {"memenuhi": "Memenuhi syarat", "belum": "Belum memenuhi syarat"}


@dataclass(frozen=True)
class Filters:
    period: dt.date | None
    period_error: str
    unit: WorkUnit | None
    units: list[WorkUnit]


def units_filter(request: AuthenticatedHttpRequest) -> tuple[WorkUnit | None, list[WorkUnit]]:
    """The `unit` asked for among those the account may filter on (404 outside them), and them."""
    if not permissions.reads_lists(request.user):
        raise PermissionDenied(READ_DENIED)
    units = selectors.unit_choices(request.user)
    raw = request.GET.get("unit", "")
    if not raw:
        return None, units
    unit = next((item for item in units if str(item.pk) == raw), None)
    if unit is None:
        raise Http404
    return unit, units


def _period(raw: str) -> tuple[dt.date | None, str]:
    default = selectors.default_period()
    if not raw:
        return default, ""
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        return default, "Periode tidak dikenali: gunakan format TTTT-BB-01, mis. 2026-12-01."
    if not selectors.is_period(day):
        return default, f"Tanggal {format_day(day)} bukan periode kenaikan pangkat."
    return day, ""


def query_with(request: AuthenticatedHttpRequest, **changes: str) -> str:
    """The request's query string without `page`, with `changes` ("" removes a key)."""
    query = request.GET.copy()
    query.pop("page", None)
    for key, value in changes.items():
        query.pop(key, None)
        if value:
            query[key] = value
    return query.urlencode()


def filters(request: AuthenticatedHttpRequest) -> Filters:
    unit, units = units_filter(request)
    period, error = _period(request.GET.get("period", ""))
    return Filters(period=period, period_error=error, unit=unit, units=units)


@login_required
@require_GET
def promotion(request: AuthenticatedHttpRequest) -> HttpResponse:
    chosen = filters(request)
    tab = request.GET.get("daftar", "memenuhi")
    tab = tab if tab in TABS else "memenuhi"
    listing = (
        selectors.period_list(request.user, period=chosen.period, unit=chosen.unit)
        if chosen.period
        else None
    )
    rows = (listing.eligible if tab == "memenuhi" else listing.ineligible) if listing else []
    periods = selectors.period_choices()
    context = {
        "filters": chosen,
        "periods": sorted({*periods, *([chosen.period] if chosen.period else [])}),
        "listing": listing,
        "tab": tab,
        "tabs": [(key, label, query_with(request, daftar=key)) for key, label in TABS.items()],
        "export_query": query_with(request, daftar="", period=f"{chosen.period}"),
        "page_obj": Paginator(rows, PER_PAGE).get_page(request.GET.get("page")),
        "query_string": query_without_page(request),
    }
    return render(request, "career/promotion/period_list.html", context)


@login_required
@require_GET
def promotion_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    chosen = filters(request)
    if chosen.period is None or chosen.period_error:
        raise Http404
    content = export_period(actor=request.user, period=chosen.period, unit=chosen.unit)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    suffix = f"-unit-{chosen.unit.pk}" if chosen.unit else ""
    name = f"kenaikan-pangkat-{chosen.period:%Y-%m-%d}{suffix}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    # Personal data (names, NIP, reasons): no copy in a shared or browser cache.
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns: list[URLPattern] = [
    path("kenaikan-pangkat/", promotion, name="promotion"),
    path("kenaikan-pangkat/unduh/", promotion_export, name="promotion_export"),
]
