"""TPP run pages: the list with the compute form (Admin BKPSDM computes; the Auditor and an Admin
OPD read), one run with its lines, warnings and the employees without a base amount, Admin
BKPSDM's actions (recompute a draft, finalise it, correct a final run), the payroll export, and
the employee's own lines of final runs.

A run the account may not open is a 404; an employee opening a final run sees only their own
line. A refused action becomes an error message and changes nothing."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_GET, require_POST

from simerit.compensation.forms.runs import ComputeForm, LineFilterForm
from simerit.compensation.models import Run
from simerit.compensation.permissions import NOT_VISIBLE, employee_of, is_hr, reads_runs
from simerit.compensation.rules import tpp as rules
from simerit.compensation.selectors import runs as selectors
from simerit.compensation.selectors.tpp import lines_of
from simerit.compensation.services import runs as services
from simerit.core.exceptions import DomainError
from simerit.core.paging import query_without_page
from simerit.core.permissions import role_required
from simerit.core.roles import Role
from simerit.core.spreadsheets.writing import XLSX_CONTENT_TYPE
from simerit.core.types import AuthenticatedHttpRequest

PER_PAGE = 25
DENIED = "Halaman perhitungan TPP hanya untuk Admin BKPSDM, Auditor, dan Admin OPD."


def _run(request: AuthenticatedHttpRequest, run_id: int) -> Run:
    run = selectors.get_run(request.user, run_id)
    if run is None:
        raise Http404(NOT_VISIBLE)
    return run


def _to_run(run: Run) -> HttpResponse:
    return redirect(reverse("compensation:run_detail", args=[run.pk]))


@login_required
@require_GET
def run_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not reads_runs(request.user):
        raise PermissionDenied(DENIED)
    context = {
        "page_obj": Paginator(selectors.list_runs(request.user), PER_PAGE).get_page(
            request.GET.get("page")
        ),
        "query_string": query_without_page(request),
        "can_manage": is_hr(request.user),
        "form": ComputeForm(),
    }
    return render(request, "compensation/runs/list.html", context)


@require_POST
@role_required(Role.ADMIN_BKPSDM)
def run_compute(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ComputeForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(error) for error in form.errors["month"]))
        return redirect("compensation:run_list")
    try:
        run = services.compute_run(actor=request.user, month=form.cleaned_data["month"])
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("compensation:run_list")
    messages.success(
        request,
        f"TPP bulan {rules.month_label(run.month)} dihitung untuk {run.employees} pegawai (draf).",
    )
    return _to_run(run)


@login_required
@require_GET
def run_detail(request: AuthenticatedHttpRequest, run_id: int) -> HttpResponse:
    run = _run(request, run_id)
    filters = LineFilterForm(request.GET)
    page = selectors.run_page(
        request.user, run, search=filters.search(), staff=reads_runs(request.user)
    )
    context = {
        "run": run,
        "page": page,
        "can_manage": is_hr(request.user),
        "filters": filters,
        "page_obj": Paginator(page.lines, PER_PAGE).get_page(request.GET.get("page")),
        "query_string": query_without_page(request),
        "method": rules.METHOD,
    }
    return render(request, "compensation/runs/detail.html", context)


def _act(
    request: AuthenticatedHttpRequest,
    run_id: int,
    call: Callable[[Run], Run],
    success: Callable[[Run], str],
) -> HttpResponse:
    run = _run(request, run_id)
    try:
        outcome = call(run)
    except DomainError as error:
        messages.error(request, error.message)
        return _to_run(run)
    messages.success(request, success(outcome))
    return _to_run(outcome)


@require_POST
@role_required(Role.ADMIN_BKPSDM)
def run_recompute(request: AuthenticatedHttpRequest, run_id: int) -> HttpResponse:
    return _act(
        request,
        run_id,
        lambda run: services.recompute_run(actor=request.user, run=run),
        lambda run: f"Draf TPP bulan {rules.month_label(run.month)} dihitung ulang.",
    )


@require_POST
@role_required(Role.ADMIN_BKPSDM)
def run_finalise(request: AuthenticatedHttpRequest, run_id: int) -> HttpResponse:
    return _act(
        request,
        run_id,
        lambda run: services.finalise_run(actor=request.user, run=run),
        lambda run: (
            f"TPP bulan {rules.month_label(run.month)} final dan siap dikirim ke penggajian."
        ),
    )


@require_POST
@role_required(Role.ADMIN_BKPSDM)
def run_correct(request: AuthenticatedHttpRequest, run_id: int) -> HttpResponse:
    return _act(
        request,
        run_id,
        lambda run: services.start_correction(actor=request.user, run=run),
        lambda run: (
            f"Draf pengganti TPP bulan {rules.month_label(run.month)} dihitung; finalkan untuk "
            "menggantikan perhitungan final sebelumnya."
        ),
    )


@login_required
@require_GET
def run_export(request: AuthenticatedHttpRequest, run_id: int) -> HttpResponse:
    run = _run(request, run_id)
    content = services.export_run(actor=request.user, run=run)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    name = f"tpp-{run.month:%Y-%m}-{run.status}-{run.pk}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    # Personal data (names, NIP, amounts): no copy in a shared or browser cache.
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def my_lines(request: AuthenticatedHttpRequest) -> HttpResponse:
    employee = employee_of(request.user)
    lines = lines_of(employee.pk) if employee is not None else None
    page_obj = Paginator(lines, 12).get_page(request.GET.get("page")) if lines is not None else None
    context = {
        "employee": employee,
        "page_obj": page_obj,
        "query_string": query_without_page(request),
    }
    return render(request, "compensation/runs/my_lines.html", context)


urlpatterns: list[URLPattern] = [
    path("", run_list, name="run_list"),
    path("hitung/", run_compute, name="run_compute"),
    path("saya/", my_lines, name="my_lines"),
    path("<int:run_id>/", run_detail, name="run_detail"),
    path("<int:run_id>/hitung-ulang/", run_recompute, name="run_recompute"),
    path("<int:run_id>/finalkan/", run_finalise, name="run_finalise"),
    path("<int:run_id>/koreksi/", run_correct, name="run_correct"),
    path("<int:run_id>/unduh/", run_export, name="run_export"),
]
