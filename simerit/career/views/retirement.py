"""Pages of the retirement (BUP) forecast: per unit, how many employees retire in each of the next
five years (with a bar chart), the people behind a figure, and the audited Excel export."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_GET

from simerit.career.forms.talent import UnitFilterForm
from simerit.career.selectors import retirement as selectors
from simerit.career.selectors.talent import Access
from simerit.career.services import talent as services
from simerit.career.views.talent import xlsx_response
from simerit.core.paging import query_without_page
from simerit.core.types import AuthenticatedHttpRequest
from simerit.organization.models import WorkUnit

PER_PAGE = 25


def _access(request: AuthenticatedHttpRequest) -> Access:
    access = selectors.retirement_access(request.user)
    if access is None:
        raise PermissionDenied(selectors.DENIED)
    return access


def _unit(access: Access, unit_id: int | None) -> WorkUnit | None:
    """The unit asked for (404 outside what the account may open), else the default unit."""
    if unit_id is None:
        return selectors.default_unit(access)
    unit = get_object_or_404(WorkUnit, pk=unit_id)
    if not access.may_open(unit):
        raise Http404
    return unit


@login_required
@require_GET
def retirement(request: AuthenticatedHttpRequest) -> HttpResponse:
    access = _access(request)
    form = UnitFilterForm(request.GET)
    unit = _unit(access, form.unit_id())
    today = timezone.localdate()
    which = selectors.choice_of(form.year(), today=today)
    direct_only = form.direct_only() and unit is not None
    lines = (
        selectors.drill_down(
            access.employees, unit=unit, which=which, today=today, direct_only=direct_only
        )
        if which
        else []
    )
    context = {
        "report": selectors.forecast(access.employees, unit=unit, today=today),
        "unit": unit,
        "trail": selectors.trail(unit, access),
        "which": which,
        "direct_only": direct_only,
        "overdue": selectors.OVERDUE,
        "unknown": selectors.UNKNOWN,
        "page_obj": Paginator(lines, PER_PAGE).get_page(request.GET.get("page")),
        "query_string": query_without_page(request),
    }
    return render(request, "career/retirement/forecast.html", context)


@login_required
@require_GET
def retirement_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    access = _access(request)
    unit = _unit(access, UnitFilterForm(request.GET).unit_id())
    today = timezone.localdate()
    content = services.export_retirement(actor=request.user, unit=unit, today=today)
    suffix = f"-unit-{unit.pk}" if unit else ""
    return xlsx_response(content, f"proyeksi-pensiun-{today:%Y%m%d}{suffix}.xlsx")


urlpatterns: list[URLPattern] = [
    path("pensiun/", retirement, name="retirement"),
    path("pensiun/ekspor/", retirement_export, name="retirement_export"),
]
