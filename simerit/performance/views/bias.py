"""Bias control pages (the issue's items 4 and 7): the calibration page (outlying raters with raw
and normalised scores; Admin BKPSDM calibrates an appraisal) and the unit dashboard (predikat
distribution against the curve, SKP completion, the unit's rater-bias report)."""

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_GET, require_POST

from simerit.core.exceptions import DomainError
from simerit.core.paging import query_without_page
from simerit.core.types import AuthenticatedHttpRequest
from simerit.organization.models import WorkUnit
from simerit.performance import permissions
from simerit.performance.forms.bias import BiasFilterForm, CalibrationForm, UnitPredikatForm
from simerit.performance.models import Appraisal, OrganisationPredikat, PerformanceYear, Rating
from simerit.performance.selectors import bias_access as access
from simerit.performance.selectors.bias import rater_statistics
from simerit.performance.selectors.bias_calibration import calibration_report, rater_rows
from simerit.performance.selectors.distribution import unit_distribution
from simerit.performance.services.calibration import calibrate_appraisal
from simerit.performance.services.unit_predikat import set_unit_predikat

PER_PAGE = 20
DENIED = "Halaman ini untuk Admin BKPSDM, Auditor dan pimpinan unit kerja."


def _filters(
    request: HttpRequest, *, opd_admin: bool, unit_required: bool
) -> tuple[BiasFilterForm, PerformanceYear | None, WorkUnit | None]:
    """The year and unit asked for (the latest year and the leader's own unit by default)."""
    user = request.user
    if not access.may_read_bias(user, include_opd_admin=opd_admin):  # type: ignore[arg-type]
        raise PermissionDenied(DENIED)
    units = access.readable_units(user, include_opd_admin=opd_admin)  # type: ignore[arg-type]
    required = unit_required or not access.sees_all_units(user)  # type: ignore[arg-type]
    data: dict[str, Any] = request.GET.dict()
    latest = PerformanceYear.objects.order_by("-year").first()
    if "year" not in data and latest is not None:
        data["year"] = latest.year
    root = access.leadership_root(user, include_opd_admin=opd_admin)  # type: ignore[arg-type]
    if required and not data.get("unit") and root is not None:
        data["unit"] = root.pk
    form = BiasFilterForm(data, units=units, unit_required=required)
    if not form.is_valid():
        return form, None, None
    return form, form.cleaned_data["year"], form.cleaned_data["unit"]


def _back(view: str, post: Any) -> HttpResponse:
    """Back to the page with its filter (only the two numbers are carried, nothing else)."""
    query = {key: post[key] for key in ("year", "unit") if str(post.get(key, "")).isdigit()}
    return redirect(f"{reverse(view)}?{urlencode(query)}")


def _first_error(form: Any) -> str:
    return str(next(iter(form.errors.values()))[0])


def _act(request: HttpRequest, call: Callable[[], object], success: str) -> None:
    try:
        call()
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)


@login_required
@require_GET
def calibration(request: AuthenticatedHttpRequest) -> HttpResponse:
    form, year, unit = _filters(request, opd_admin=False, unit_required=False)
    report = []
    if year is not None:
        reveal = access.reveals_rater_names(request.user)
        report = calibration_report(year=year, unit=unit, reveal=reveal)
    page_obj = Paginator(report, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "year": year,
        "unit": unit,
        "page_obj": page_obj,
        "query_string": query_without_page(request),
        "can_calibrate": permissions.is_hr(request.user),
        "ratings": Rating.choices,
    }
    return render(request, "performance/bias/calibration.html", context)


@login_required
@require_POST
def calibration_appraisal(request: AuthenticatedHttpRequest, appraisal_id: int) -> HttpResponse:
    if not permissions.is_hr(request.user):
        raise PermissionDenied("Hanya Admin BKPSDM yang dapat melakukan kalibrasi penilaian.")
    appraisal = get_object_or_404(Appraisal, pk=appraisal_id)
    form = CalibrationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _first_error(form))
        return _back("performance:calibration", request.POST)
    data = form.cleaned_data
    _act(
        request,
        lambda: calibrate_appraisal(
            appraisal=appraisal,
            result_rating=Rating(data["result_rating"]),
            behaviour_rating=Rating(data["behaviour_rating"]),
            reason=data["reason"],
            actor=request.user,
        ),
        f"Penilaian {appraisal.skp.employee.name} telah dikalibrasi.",
    )
    return _back("performance:calibration", request.POST)


@login_required
@require_GET
def unit_dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    form, year, unit = _filters(request, opd_admin=True, unit_required=True)
    distribution = raters = None
    if year is not None and unit is not None:
        distribution = unit_distribution(year=year, unit=unit)
        reveal = access.reveals_rater_names(request.user)
        raters = rater_rows(rater_statistics(year=year, unit=unit), reveal=reveal)
    page_obj = Paginator(raters or [], PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "distribution": distribution,
        "page_obj": page_obj,
        "query_string": query_without_page(request),
        "predikat_form": UnitPredikatForm() if permissions.is_hr(request.user) else None,
    }
    return render(request, "performance/bias/unit_dashboard.html", context)


@login_required
@require_POST
def unit_predikat(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not permissions.is_hr(request.user):
        raise PermissionDenied("Hanya Admin BKPSDM yang dapat menetapkan predikat kinerja unit.")
    year = get_object_or_404(PerformanceYear, year=request.POST.get("year") or 0)
    unit = get_object_or_404(WorkUnit, pk=request.POST.get("unit") or 0)
    form = UnitPredikatForm(request.POST)
    if not form.is_valid():
        messages.error(request, _first_error(form))
        return _back("performance:unit-dashboard", request.POST)
    _act(
        request,
        lambda: set_unit_predikat(
            year=year,
            work_unit=unit,
            predikat=OrganisationPredikat(form.cleaned_data["predikat"]),
            note=form.cleaned_data["note"],
            actor=request.user,
        ),
        f"Predikat kinerja {unit.name} tahun {year.year} telah ditetapkan.",
    )
    return _back("performance:unit-dashboard", request.POST)


urlpatterns: list[URLPattern] = [
    path("kalibrasi/", calibration, name="calibration"),
    path(
        "kalibrasi/penilaian/<int:appraisal_id>/",
        calibration_appraisal,
        name="calibration-appraisal",
    ),
    path("unit/", unit_dashboard, name="unit-dashboard"),
    path("unit/predikat/", unit_predikat, name="unit-predikat"),
]
