"""Bias control pages (the issue's items 4 and 7): the calibration page (outlying raters with raw
and normalised scores; Admin BKPSDM calibrates an appraisal) and the unit dashboard (predikat
distribution against the curve, SKP completion, the unit's rater-bias report). Each counts only
the SKPs the reader may see (bias_access.skp_scope); the 360-based parts wait until the year's
360 collection is closed."""

from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
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
from simerit.performance.selectors.bias_calibration import (
    OutlyingRater,
    RaterRow,
    calibration_report,
    rater_rows,
)
from simerit.performance.selectors.distribution import unit_distribution
from simerit.performance.services.calibration import calibrate_appraisal, calibrated_message
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


T = TypeVar("T")


def _act(request: HttpRequest, call: Callable[[], T], success: Callable[[T], str]) -> None:
    try:
        outcome = call()
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success(outcome))


def _outliers(
    request: AuthenticatedHttpRequest, year: PerformanceYear, unit: WorkUnit | None
) -> list[OutlyingRater]:
    return calibration_report(
        year=year,
        unit=unit,
        reveal=access.reveals_rater_names(request.user),
        skps=access.skp_scope(request.user),
        min_answers=year.min_group_raters,
    )


@login_required
@require_GET
def calibration(request: AuthenticatedHttpRequest) -> HttpResponse:
    form, year, unit = _filters(request, opd_admin=False, unit_required=False)
    withheld = access.feedback_withheld_reason(year, on=timezone.localdate()) if year else ""
    report = _outliers(request, year, unit) if year is not None and not withheld else []
    page_obj = Paginator(report, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "year": year,
        "unit": unit,
        "withheld": withheld,
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
        calibrated_message,
    )
    return _back("performance:calibration", request.POST)


def _rater_rows(
    request: AuthenticatedHttpRequest, year: PerformanceYear, unit: WorkUnit
) -> list[RaterRow]:
    statistics = rater_statistics(
        year=year,
        unit=unit,
        skps=access.skp_scope(request.user, include_opd_admin=True),
        min_answers=year.min_group_raters,
    )
    return rater_rows(statistics, reveal=access.reveals_rater_names(request.user))


@login_required
@require_GET
def unit_dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    form, year, unit = _filters(request, opd_admin=True, unit_required=True)
    distribution, raters, withheld = None, [], ""
    if year is not None and unit is not None:
        scope = access.skp_scope(request.user, include_opd_admin=True)
        distribution = unit_distribution(year=year, unit=unit, skps=scope)
        withheld = access.feedback_withheld_reason(year, on=timezone.localdate())
        raters = [] if withheld else _rater_rows(request, year, unit)
    context = {
        "form": form,
        "distribution": distribution,
        "withheld": withheld,
        "too_few": access.TOO_FEW_ANSWERS,
        "page_obj": Paginator(raters, PER_PAGE).get_page(request.GET.get("page")),
        "query_string": query_without_page(request),
        "predikat_form": UnitPredikatForm() if permissions.is_hr(request.user) else None,
    }
    return render(request, "performance/bias/unit_dashboard.html", context)


def _number(value: Any) -> int:
    """A posted id or year, 0 (found nowhere) when it is not a plain number."""
    text = str(value or "")
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else 0


@login_required
@require_POST
def unit_predikat(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not permissions.is_hr(request.user):
        raise PermissionDenied("Hanya Admin BKPSDM yang dapat menetapkan predikat kinerja unit.")
    year = get_object_or_404(PerformanceYear, year=_number(request.POST.get("year")))
    unit = get_object_or_404(WorkUnit, pk=_number(request.POST.get("unit")))
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
        lambda _: f"Predikat kinerja {unit.name} tahun {year.year} telah ditetapkan.",
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
