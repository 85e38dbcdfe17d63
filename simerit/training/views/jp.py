"""JP tracking pages (the issue's item 4): the employee's own JP of a year against the minimum, the
same page for staff who may see the employee, the unit compliance dashboard with its chart, the
employee list of a unit, and the audited Excel export."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_GET

from simerit.core.paging import query_without_page
from simerit.core.spreadsheets.writing import XLSX_CONTENT_TYPE
from simerit.core.types import AuthenticatedHttpRequest
from simerit.employees.models import Employee
from simerit.organization.models import WorkUnit
from simerit.training.forms.jp import JpFilterForm
from simerit.training.permissions import can_view_employee_training, employee_of
from simerit.training.selectors import jp as selectors
from simerit.training.services.jp import DENIED, export_compliance

PER_PAGE = 25


def _filters(request: AuthenticatedHttpRequest) -> tuple[JpFilterForm, int]:
    form = JpFilterForm(request.GET)
    current = timezone.localdate().year
    return form, form.year(default=current)


def _employee_page(
    request: AuthenticatedHttpRequest, employee: Employee | None, *, own: bool
) -> HttpResponse:
    form, year = _filters(request)
    report = selectors.employee_jp(employee, year=year) if employee else None
    history = [item.year for item in report.history] if report else []
    context = {
        "form": form,
        "year": year,
        "years": selectors.year_choices(current=timezone.localdate().year, extra=[year, *history]),
        "own": own,
        "report": report,
    }
    return render(request, "training/jp/my_training.html", context)


@login_required
@require_GET
def my_training(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _employee_page(request, employee_of(request.user), own=True)


@login_required
@require_GET
def employee_jp(request: AuthenticatedHttpRequest, employee_id: int) -> HttpResponse:
    """An employee's JP for staff who may see the employee (404 for anyone else)."""
    employee = get_object_or_404(
        Employee.objects.select_related("work_unit", "position"), pk=employee_id
    )
    if not can_view_employee_training(request.user, employee):
        raise Http404
    return _employee_page(request, employee, own=employee.user_id == request.user.pk)


def _access(request: AuthenticatedHttpRequest) -> selectors.DashboardAccess:
    access = selectors.dashboard_access(request.user)
    if access is None:
        raise PermissionDenied(DENIED)
    return access


def _unit(
    request: AuthenticatedHttpRequest, access: selectors.DashboardAccess, unit_id: int
) -> WorkUnit:
    """The unit asked for, 404 when it is outside what the account may open."""
    unit = get_object_or_404(WorkUnit, pk=unit_id)
    if not access.may_open(request.user, unit):
        raise Http404
    return unit


@login_required
@require_GET
def jp_dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    access = _access(request)
    form, year = _filters(request)
    unit_id = form.unit_id()
    node = _unit(request, access, unit_id) if unit_id else access.home
    target = selectors.year_target(year)
    report = selectors.unit_compliance(employees=access.employees, target=target, unit=node)
    context = {
        "form": form,
        "year": year,
        "years": selectors.year_choices(current=timezone.localdate().year),
        "report": report,
        "trail": selectors.breadcrumbs(node, access.home),
        "export_query": urlencode({"tahun": year, **({"unit": node.pk} if node else {})}),
    }
    return render(request, "training/jp/dashboard.html", context)


@login_required
@require_GET
def jp_unit_employees(request: AuthenticatedHttpRequest, unit_id: int) -> HttpResponse:
    access = _access(request)
    unit = _unit(request, access, unit_id)
    form, year = _filters(request)
    target = selectors.year_target(year)
    rows = selectors.unit_employees(
        employees=access.employees,
        target=target,
        unit=unit,
        direct_only=form.flag("langsung"),
        below_only=form.flag("kurang"),
    )
    context = {
        "form": form,
        "year": year,
        "unit": unit,
        "target": target,
        "trail": selectors.breadcrumbs(unit, access.home),
        "page_obj": Paginator(rows, PER_PAGE).get_page(request.GET.get("page")),
        "query_string": query_without_page(request),
    }
    return render(request, "training/jp/unit_employees.html", context)


@login_required
@require_GET
def jp_dashboard_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The dashboard's unit as .xlsx (per unit, per employee); the download is audited."""
    access = _access(request)
    form, year = _filters(request)
    unit_id = form.unit_id()
    unit = _unit(request, access, unit_id) if unit_id else None
    content = export_compliance(actor=request.user, year=year, unit=unit)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    suffix = f"-unit-{unit.pk}" if unit else ""
    response["Content-Disposition"] = f'attachment; filename="rekap-jp-{year}{suffix}.xlsx"'
    # Personal data (names, NIP, JP): no copy in a shared or browser cache.
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns: list[URLPattern] = [
    path("saya/", my_training, name="my-training"),
    path("pegawai/<int:employee_id>/jp/", employee_jp, name="employee-jp"),
    path("jp/", jp_dashboard, name="jp-dashboard"),
    path("jp/unit/<int:unit_id>/", jp_unit_employees, name="jp-unit-employees"),
    path("jp/unduh/", jp_dashboard_export, name="jp-dashboard-export"),
]
