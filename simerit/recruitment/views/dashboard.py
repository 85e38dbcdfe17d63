"""HR dashboard of a selection period: progress per formasi, with charts and an Excel export."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, URLResolver, path

from simerit.core.permissions import role_required
from simerit.core.roles import Role
from simerit.core.types import AuthenticatedHttpRequest
from simerit.recruitment import exporting
from simerit.recruitment.models import SelectionPeriod
from simerit.recruitment.selectors import dashboard as selectors

READERS = (Role.ADMIN_BKPSDM, Role.ADMIN_OPD, Role.AUDITOR)
TOTALS = {
    "quota": "Kuota",
    "registered": "Pendaftar",
    "submitted": "Lamaran dikirim",
    "ms": "MS",
    "tms": "TMS",
    "sanggah_filed": "Sanggah diajukan",
    "sanggah_granted": "Sanggah diterima",
}


@role_required(*READERS)
def period_dashboard_list(request: HttpRequest) -> HttpResponse:
    periods = selectors.periods_for_dashboard()
    return render(request, "recruitment/dashboard_periods.html", {"periods": periods})


@role_required(*READERS)
def period_dashboard(request: AuthenticatedHttpRequest, period_id: int) -> HttpResponse:
    period = get_object_or_404(SelectionPeriod, pk=period_id)
    numbers = selectors.period_numbers(user=request.user, period=period)
    chart = {
        "labels": [row.code for row in numbers.rows],
        "submitted": [row.submitted for row in numbers.rows],
        "ms": [row.ms for row in numbers.rows],
        "tms": [row.tms for row in numbers.rows],
    }
    totals = {name: numbers.total(name) for name in TOTALS}
    cards = [(label, totals[name]) for name, label in TOTALS.items() if name != "quota"]
    context = {
        "period": period,
        "numbers": numbers,
        "chart": chart,
        "totals": totals,
        "total_cards": cards,
    }
    return render(request, "recruitment/dashboard_period.html", context)


@role_required(*READERS)
def period_dashboard_export(request: AuthenticatedHttpRequest, period_id: int) -> HttpResponse:
    period = get_object_or_404(SelectionPeriod, pk=period_id)
    numbers = selectors.period_numbers(user=request.user, period=period)
    return exporting.dashboard_workbook_response(period=period, numbers=numbers)


urlpatterns: list[URLPattern | URLResolver] = [
    path("dasbor/", period_dashboard_list, name="dashboard-periods"),
    path("dasbor/<int:period_id>/", period_dashboard, name="dashboard-period"),
    path("dasbor/<int:period_id>/ekspor/", period_dashboard_export, name="dashboard-export"),
]
