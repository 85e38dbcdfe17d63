"""Pages of the 9-box (§8.2): the grid with its counts and the people of a box or without one,
its audited Excel export, and the potential scores behind it (Admin BKPSDM records, removes and
imports them; whoever sees the 9-box reads them for their scope)."""

from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from simerit.career import importing
from simerit.career.forms.talent import (
    PotentialForm,
    PotentialImportForm,
    ReasonForm,
    SearchForm,
    ServiceErrorsMixin,
    UnitFilterForm,
)
from simerit.career.models import PotentialAssessment
from simerit.career.permissions import HR_ONLY, is_hr
from simerit.career.rules import talent as rules
from simerit.career.selectors import talent as selectors
from simerit.career.selectors.succession import may_open as may_open_succession
from simerit.career.services import talent as services
from simerit.core.exceptions import DomainError, InvalidInputError
from simerit.core.paging import query_without_page
from simerit.core.spreadsheets.writing import XLSX_CONTENT_TYPE
from simerit.core.types import AuthenticatedHttpRequest
from simerit.organization.models import WorkUnit

PER_PAGE = 25
T = TypeVar("T")


# --- shared by the part's pages (succession and retirement import these)


def run_form(form: forms.Form, call: Callable[[], T]) -> T | None:
    """Validate the form, then call one service; its refusal lands on the form's fields (or above
    the form). The outcome, or None when the form or the service refused."""
    if not form.is_valid():
        return None
    try:
        return call()
    except InvalidInputError as error:
        if isinstance(form, ServiceErrorsMixin):
            form.add_service_errors(error.errors)
        else:
            form.add_error(None, error.message)
    except DomainError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
    return None


def status_of(form: forms.Form) -> int:
    return 422 if form.errors else 200


def form_problems(form: forms.Form) -> str:
    return " ".join(str(message) for messages_ in form.errors.values() for message in messages_)


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Personal data (names, NIP, talent decisions): no copy in a shared or browser cache.
    response["Cache-Control"] = "private, no-store"
    return response


# --- the 9-box


def _access(request: AuthenticatedHttpRequest) -> selectors.Access:
    access = selectors.access_of(request.user)
    if access is None:
        raise PermissionDenied(selectors.DENIED)
    return access


def _unit(access: selectors.Access, unit_id: int | None) -> WorkUnit | None:
    """The unit asked for (404 outside what the account may open), or None."""
    if unit_id is None:
        return None
    unit = get_object_or_404(WorkUnit, pk=unit_id)
    if not access.may_open(unit):
        raise Http404
    return unit


@login_required
@require_GET
def talent(request: AuthenticatedHttpRequest) -> HttpResponse:
    access = _access(request)
    form = UnitFilterForm(request.GET)
    unit = _unit(access, form.unit_id())
    chosen = form.box()
    result = selectors.grid(access.within(unit), on=timezone.localdate())
    listed = result.in_box(chosen) if isinstance(chosen, int) else result.unplaced
    context = {
        "result": result,
        "legend": selectors.legend(),
        "unit": unit,
        "units": access.unit_choices(),
        "chosen": chosen,
        "chosen_label": rules.box_label(chosen) if isinstance(chosen, int) else "",
        "page_obj": Paginator(listed, PER_PAGE).get_page(request.GET.get("page")),
        "query_string": query_without_page(request),
        "unit_query": f"unit={unit.pk}&" if unit else "",
        "can_record": is_hr(request.user),
        "can_see_succession": may_open_succession(request.user),
    }
    return render(request, "career/talent/grid.html", context)


@login_required
@require_GET
def talent_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    access = _access(request)
    unit = _unit(access, UnitFilterForm(request.GET).unit_id())
    today = timezone.localdate()
    content = services.export_talent(actor=request.user, unit=unit, on=today)
    suffix = f"-unit-{unit.pk}" if unit else ""
    return xlsx_response(content, f"9-box-{today:%Y%m%d}{suffix}.xlsx")


@login_required
def potential_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The scores of the account's scope; Admin BKPSDM records one here (POST)."""
    access = _access(request)
    form = PotentialForm(request.POST or None)
    if request.method == "POST":
        if not is_hr(request.user):
            raise PermissionDenied(HR_ONLY)
        saved = run_form(
            form,
            lambda: services.record_potential(
                employee=form.cleaned_data["nip"],
                data=services.PotentialInput(**form.input_data()),
                actor=request.user,
            ),
        )
        if saved is not None:
            messages.success(
                request,
                f"Hasil asesmen potensial {saved.employee.display_name} "
                f"({str(saved.score).replace('.', ',')}) tercatat.",
            )
            return redirect("career:potential_list")
    search = SearchForm(request.GET)
    rows = selectors.list_assessments(access.employees, search=search.search())
    context = {
        "form": form,
        "search": search,
        "page_obj": Paginator(rows, PER_PAGE).get_page(request.GET.get("page")),
        "query_string": query_without_page(request),
        "can_record": is_hr(request.user),
        "can_see_succession": may_open_succession(request.user),
        "remove_form": ReasonForm(),
    }
    return render(request, "career/talent/potential_list.html", context, status=status_of(form))


@login_required
@require_POST
def potential_remove(request: AuthenticatedHttpRequest, assessment_id: int) -> HttpResponse:
    access = _access(request)
    assessment = get_object_or_404(
        PotentialAssessment.objects.filter(employee__in=access.employees).select_related(
            "employee"
        ),
        pk=assessment_id,
    )
    if not is_hr(request.user):
        raise PermissionDenied(HR_ONLY)
    form = ReasonForm(request.POST)
    name = assessment.employee.display_name
    done = run_form(
        form,
        lambda: (
            services.remove_potential(
                assessment=assessment, reason=form.cleaned_data["reason"], actor=request.user
            )
            or True
        ),
    )
    if done:
        messages.success(request, f"Hasil asesmen potensial {name} dihapus.")
    else:
        messages.error(request, form_problems(form))
    return redirect("career:potential_list")


@login_required
def potential_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Upload a workbook: every row is recorded, or none and the page lists each problem."""
    if not is_hr(request.user):
        raise PermissionDenied(HR_ONLY)
    form = PotentialImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = importing.import_potentials(
                form.cleaned_data["file"].read(), actor=request.user
            )
        except DomainError as error:
            form.add_error("file", error.message)
        if result is not None and not result.errors:
            messages.success(request, f"{result.created} hasil asesmen potensial diimpor.")
            return redirect("career:potential_list")
    failed = form.errors or (result is not None and result.errors)
    context = {
        "form": form,
        "result": result,
        "columns": importing.COLUMNS,
        "can_record": True,
        "can_see_succession": True,
    }
    return render(
        request, "career/talent/potential_import.html", context, status=422 if failed else 200
    )


@login_required
@require_GET
def potential_import_template(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not is_hr(request.user):
        raise PermissionDenied(HR_ONLY)
    return xlsx_response(importing.template_workbook(), "templat-impor-asesmen-potensial.xlsx")


urlpatterns: list[URLPattern] = [
    path("talenta/", talent, name="talent"),
    path("talenta/ekspor/", talent_export, name="talent_export"),
    path("talenta/potensial/", potential_list, name="potential_list"),
    path(
        "talenta/potensial/<int:assessment_id>/hapus/",
        potential_remove,
        name="potential_remove",
    ),
    path("talenta/potensial/impor/", potential_import, name="potential_import"),
    path(
        "talenta/potensial/impor/templat/",
        potential_import_template,
        name="potential_import_template",
    ),
]
