"""Pages of the needs analysis (the plan of next year per employee and per unit, its export; an
employee's own proposals) and of the leadership flags (with their export). The plan and the flags
are for Admin BKPSDM and the Auditor (everyone) and an Admin OPD (its subtree); other accounts get
403. A unit outside the account's scope is refused by the filter form (nothing is shown)."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from simerit.core.paging import query_without_page
from simerit.core.spreadsheets.writing import XLSX_CONTENT_TYPE
from simerit.core.types import AuthenticatedHttpRequest
from simerit.organization.models import WorkUnit
from simerit.training.forms.needs import LeadershipFilterForm, PlanFilterForm, PlanYearForm
from simerit.training.permissions import employee_of
from simerit.training.rules.needs import NO_PROGRAMME, NOT_ASSESSED_NOTE
from simerit.training.selectors.leadership import leadership_flags
from simerit.training.selectors.needs import (
    default_plan_year,
    employee_needs,
    may_read_plan,
    plan_employees,
    plan_report,
    plan_units,
)
from simerit.training.services.needs import export_leadership_flags, export_needs

PER_PAGE = 25
DENIED = "Halaman ini untuk Admin BKPSDM, Auditor dan Admin OPD."


def _reader(request: AuthenticatedHttpRequest) -> None:
    if not may_read_plan(request.user):
        raise PermissionDenied(DENIED)


def _with_year(query: QueryDict) -> dict[str, Any]:
    data: dict[str, Any] = query.dict()
    data.setdefault("tahun", default_plan_year(timezone.localdate()))
    return data


def _plan_form(request: AuthenticatedHttpRequest) -> PlanFilterForm:
    return PlanFilterForm(_with_year(request.GET), units=plan_units(request.user))


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"  # personal data: no shared or disk cache
    return response


def _back(view: str, request: AuthenticatedHttpRequest) -> HttpResponse:
    """Back to the page with its filters (only the known keys are carried)."""
    query = {key: request.GET[key] for key in ("tahun", "unit", "terlambat") if key in request.GET}
    return redirect(f"{reverse(view)}?{urlencode(query)}")


@login_required
@require_GET
def needs(request: AuthenticatedHttpRequest) -> HttpResponse:
    _reader(request)
    form = _plan_form(request)
    report = None
    if form.is_valid():
        data = form.cleaned_data
        report = plan_report(request.user, year=data["tahun"], unit=data["unit"])
    rows = report.with_needs if report is not None else []
    context = {
        "form": form,
        "report": report,
        "page_obj": Paginator(rows, PER_PAGE).get_page(request.GET.get("page")),
        "query_string": query_without_page(request),
        "export_query": urlencode({k: v for k, v in form.data.items() if k in ("tahun", "unit")}),
        "not_assessed_note": NOT_ASSESSED_NOTE,
        "no_programme": NO_PROGRAMME,
    }
    return render(request, "training/needs/plan.html", context)


@login_required
@require_GET
def needs_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    _reader(request)
    form = _plan_form(request)
    if not form.is_valid():
        messages.error(request, "Perbaiki filter sebelum mengunduh.")
        return _back("training:needs", request)
    year: int = form.cleaned_data["tahun"]
    unit: WorkUnit | None = form.cleaned_data["unit"]
    content = export_needs(actor=request.user, year=year, unit=unit)
    suffix = f"-unit-{unit.pk}" if unit is not None else ""
    return _xlsx(content, f"analisis-kebutuhan-pelatihan-{year}{suffix}.xlsx")


@login_required
@require_GET
def my_needs(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PlanYearForm(_with_year(request.GET))
    employee = employee_of(request.user)
    row = None
    if employee is not None and form.is_valid():
        row = employee_needs(employee, year=form.cleaned_data["tahun"])
    context = {
        "form": form,
        "employee": employee,
        "row": row,
        "not_assessed_note": NOT_ASSESSED_NOTE,
        "no_programme": NO_PROGRAMME,
    }
    return render(request, "training/needs/my_needs.html", context)


def _leadership_form(request: AuthenticatedHttpRequest) -> LeadershipFilterForm:
    return LeadershipFilterForm(request.GET, units=plan_units(request.user))


@login_required
@require_GET
def leadership(request: AuthenticatedHttpRequest) -> HttpResponse:
    _reader(request)
    form = _leadership_form(request)
    flags = []
    overdue_only = False
    if form.is_valid():
        employees = plan_employees(request.user, unit=form.cleaned_data["unit"])
        flags = leadership_flags(employees, today=timezone.localdate())
        overdue_only = form.cleaned_data["terlambat"]
    shown = [flag for flag in flags if flag.deadline.overdue] if overdue_only else flags
    context = {
        "form": form,
        "flag_count": len(flags),
        "overdue_count": sum(flag.deadline.overdue for flag in flags),
        "overdue_only": overdue_only,
        "page_obj": Paginator(shown, PER_PAGE).get_page(request.GET.get("page")),
        "query_string": query_without_page(request),
        "export_query": urlencode(
            {k: v for k, v in request.GET.items() if k in ("unit", "terlambat")}
        ),
    }
    return render(request, "training/needs/leadership.html", context)


@login_required
@require_GET
def leadership_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    _reader(request)
    form = _leadership_form(request)
    if not form.is_valid():
        messages.error(request, "Perbaiki filter sebelum mengunduh.")
        return _back("training:leadership", request)
    content = export_leadership_flags(
        actor=request.user,
        unit=form.cleaned_data["unit"],
        overdue_only=form.cleaned_data["terlambat"],
        today=timezone.localdate(),
    )
    return _xlsx(content, f"pelatihan-kepemimpinan-{timezone.localdate():%Y%m%d}.xlsx")


urlpatterns: list[URLPattern] = [
    path("analisis-kebutuhan/", needs, name="needs"),
    path("analisis-kebutuhan/unduh/", needs_export, name="needs-export"),
    path("kebutuhan-saya/", my_needs, name="my-needs"),
    path("pelatihan-kepemimpinan/", leadership, name="leadership"),
    path("pelatihan-kepemimpinan/unduh/", leadership_export, name="leadership-export"),
]
