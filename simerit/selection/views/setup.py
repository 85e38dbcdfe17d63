"""Configuration of the competency selection (/seleksi-kompetensi/): the periods, each period's
setup (cut, weights, SKB limits), its rubrics, and the SKB components of each formasi.

Admin BKPSDM writes; the Auditor reads every page and is refused every write (403). A rubric is
also shown to an assessor assigned to a component scored on it; anyone else gets 404 for it.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path

from simerit.core.dates import format_datetime_wib
from simerit.core.exceptions import DomainError, InvalidInputError
from simerit.core.paging import query_without_page
from simerit.core.permissions import role_required
from simerit.core.roles import Role
from simerit.core.types import AuthenticatedHttpRequest
from simerit.recruitment.models import Formasi, SelectionPeriod
from simerit.selection.forms.setup import (
    CopyForm,
    FormasiSearchForm,
    RubricForm,
    SetupForm,
    component_formset,
    criterion_formset,
    posted_levels,
    rubric_input,
)
from simerit.selection.models import Rubric
from simerit.selection.permissions import can_manage, can_read
from simerit.selection.selectors import setup as selectors
from simerit.selection.services import components as component_services
from simerit.selection.services import rubrics as rubric_services
from simerit.selection.services import setup as setup_services

READERS = (Role.ADMIN_BKPSDM, Role.AUDITOR)
PER_PAGE = 25
T = TypeVar("T")

# --- periods and their setup


@role_required(*READERS)
def period_list(request: HttpRequest) -> HttpResponse:
    page_obj = Paginator(selectors.list_periods(), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "selection/setup/period_list.html", {"page_obj": page_obj})


@role_required(*READERS)
def setup_detail(request: AuthenticatedHttpRequest, period_id: int) -> HttpResponse:
    period = get_object_or_404(SelectionPeriod, pk=period_id)
    setup = selectors.get_setup(period)
    run = selectors.latest_integration(period)
    context = {
        "period": period,
        "rows": selectors.setup_rows(setup),
        "cut_multiplier": setup.cut_multiplier,
        "integrated_at": format_datetime_wib(run.run_at) if run else None,
        "rubric_count": period.rubrics.count(),
        "formasi_count": period.formasi.count(),
        "problem_count": len(selectors.problems_by_formasi(period)),
        "can_manage": can_manage(request.user),
    }
    return render(request, "selection/setup/setup_detail.html", context)


@role_required(Role.ADMIN_BKPSDM)
def setup_edit(request: AuthenticatedHttpRequest, period_id: int) -> HttpResponse:
    period = get_object_or_404(SelectionPeriod, pk=period_id)
    form = SetupForm(request.POST or None, setup=selectors.get_setup(period))
    if request.method == "POST" and form.is_valid():
        saved = _attempt(
            form,
            lambda: setup_services.update_setup(
                period=period, data=form.to_input(), actor=request.user
            ),
        )
        if saved is not None:
            messages.success(request, "Pengaturan seleksi kompetensi tersimpan.")
            return redirect("selection:setup", period_id=period.pk)
    return render(request, "selection/setup/setup_form.html", {"period": period, "form": form})


# --- rubrics


@role_required(*READERS)
def rubric_list(request: AuthenticatedHttpRequest, period_id: int) -> HttpResponse:
    period = get_object_or_404(SelectionPeriod, pk=period_id)
    rubrics = selectors.list_rubrics(period)
    page_obj = Paginator(rubrics, PER_PAGE).get_page(request.GET.get("page"))
    context = {"period": period, "page_obj": page_obj, "can_manage": can_manage(request.user)}
    return render(request, "selection/setup/rubric_list.html", context)


@role_required(Role.ADMIN_BKPSDM)
def rubric_create(request: AuthenticatedHttpRequest, period_id: int) -> HttpResponse:
    period = get_object_or_404(SelectionPeriod, pk=period_id)
    return _rubric_form(request, period=period, rubric=None)


@role_required(Role.ADMIN_BKPSDM)
def rubric_edit(request: AuthenticatedHttpRequest, rubric_id: int) -> HttpResponse:
    rubric = _rubric_or_404(rubric_id)
    refusal = rubric_services.edit_refusal(rubric)
    if refusal:
        messages.error(request, refusal)
        return redirect("selection:rubric-detail", rubric_id=rubric.pk)
    return _rubric_form(request, period=rubric.period, rubric=rubric)


@role_required(Role.ADMIN_BKPSDM)
def rubric_delete(request: AuthenticatedHttpRequest, rubric_id: int) -> HttpResponse:
    rubric = _rubric_or_404(rubric_id)
    if request.method == "POST":
        period_id = rubric.period_id
        try:
            rubric_services.delete_rubric(rubric=rubric, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("selection:rubric-detail", rubric_id=rubric.pk)
        messages.success(request, f"Rubrik {rubric.name} dihapus.")
        return redirect("selection:rubric-list", period_id=period_id)
    context = {
        "rubric": rubric,
        "refusal": rubric_services.edit_refusal(rubric),
        "used_by": selectors.rubric_in_use(rubric),
    }
    return render(request, "selection/setup/rubric_delete.html", context)


@login_required
def rubric_detail(request: AuthenticatedHttpRequest, rubric_id: int) -> HttpResponse:
    rubric = _rubric_or_404(rubric_id)
    if not selectors.can_view_rubric(request.user, rubric):
        raise Http404("Rubrik tidak ditemukan.")
    reader = can_read(request.user)
    context = {
        "rubric": rubric,
        "criteria": [(item, selectors.percent(item.weight)) for item in rubric.criteria.all()],
        "anchor_rows": selectors.anchor_table(rubric),
        "reader": reader,
        "can_manage": can_manage(request.user),
        "refusal": rubric_services.edit_refusal(rubric) if reader else None,
        "used_by": selectors.rubric_in_use(rubric) if reader else [],
    }
    return render(request, "selection/setup/rubric_detail.html", context)


def _rubric_form(
    request: AuthenticatedHttpRequest, *, period: SelectionPeriod, rubric: Rubric | None
) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = RubricForm(data, rubric=rubric)
    formset = criterion_formset(data, rubric=rubric, levels=posted_levels(data, rubric))
    if data is not None and form.is_valid() & formset.is_valid():
        payload = rubric_input(form, formset)
        saved = _attempt(
            _Both(form, formset),
            lambda: (
                rubric_services.update_rubric(rubric=rubric, data=payload, actor=request.user)
                if rubric
                else rubric_services.create_rubric(period=period, data=payload, actor=request.user)
            ),
        )
        if saved is not None:
            messages.success(request, f"Rubrik {saved.name} tersimpan.")
            return redirect("selection:rubric-detail", rubric_id=saved.pk)
    context = {"period": period, "rubric": rubric, "form": form, "formset": formset}
    return render(request, "selection/setup/rubric_form.html", context)


# --- formasi and their SKB components


@role_required(*READERS)
def formasi_list(request: HttpRequest, period_id: int) -> HttpResponse:
    period = get_object_or_404(SelectionPeriod, pk=period_id)
    form = FormasiSearchForm(request.GET)
    formasi = selectors.list_formasi(period, search=form.search())
    page_obj = Paginator(formasi, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "period": period,
        "form": form,
        "page_obj": page_obj,
        "rows": selectors.formasi_rows(page_obj.object_list, selectors.get_setup(period)),
        "query_string": query_without_page(request),
    }
    return render(request, "selection/setup/formasi_list.html", context)


@role_required(*READERS)
def components(request: AuthenticatedHttpRequest, formasi_id: int) -> HttpResponse:
    formasi = _formasi_or_404(formasi_id)
    manager = can_manage(request.user)
    if request.method == "POST" and not manager:
        raise PermissionDenied
    refusal = component_services.edit_refusal(formasi)
    if request.method == "POST" and refusal:
        messages.error(request, refusal)
        return redirect("selection:components", formasi_id=formasi.pk)
    current = selectors.list_components(formasi)
    data = request.POST if request.method == "POST" else None
    rubrics = formasi.period.rubrics.order_by("name", "pk")
    formset = component_formset(data, components=current, rubrics=rubrics)
    if data is not None and formset.is_valid():
        inputs = formset.to_inputs()
        saved = _attempt(
            formset,
            lambda: component_services.save_components(
                formasi=formasi, components=inputs, actor=request.user
            ),
        )
        if saved is not None:
            messages.success(request, f"Komponen SKB formasi {formasi.code} tersimpan.")
            return redirect("selection:components", formasi_id=formasi.pk)
    setup = selectors.get_setup(formasi.period)
    context = {
        "formasi": formasi,
        "rows": selectors.component_rows(current),
        "problems": selectors.component_problems(formasi, setup=setup),
        "composition_rules": selectors.composition_rules(setup),
        "formset": formset if manager and not refusal else None,
        "refusal": refusal,
        "can_manage": manager,
    }
    return render(request, "selection/setup/components.html", context)


@role_required(Role.ADMIN_BKPSDM)
def components_copy(request: AuthenticatedHttpRequest, formasi_id: int) -> HttpResponse:
    formasi = _formasi_or_404(formasi_id)
    form = CopyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        targets, missing = selectors.copy_targets(formasi, **form.targets_query())
        if missing:
            form.add_error("codes", f"Kode tidak ditemukan di periode ini: {', '.join(missing)}.")
        elif not targets:
            form.add_error(None, "Tidak ada formasi lain yang cocok di periode ini.")
        else:
            count = _attempt(
                form,
                lambda: component_services.copy_components(
                    source=formasi, targets=targets, actor=request.user
                ),
            )
            if count is not None:
                messages.success(request, f"Komponen SKB disalin ke {count} formasi.")
                return redirect("selection:formasi-list", period_id=formasi.period_id)
    components = selectors.list_components(formasi)
    context = {
        "formasi": formasi,
        "form": form,
        "summary": selectors.component_summary(components),
        "problems": selectors.component_problems(formasi),
    }
    return render(request, "selection/setup/components_copy.html", context)


# --- helpers


def _rubric_or_404(rubric_id: int) -> Rubric:
    try:
        return selectors.get_rubric(rubric_id)
    except Rubric.DoesNotExist:
        raise Http404("Rubrik tidak ditemukan.") from None


def _formasi_or_404(formasi_id: int) -> Formasi:
    return get_object_or_404(
        Formasi.objects.select_related("period", "position", "work_unit"), pk=formasi_id
    )


class _Both:
    """Service errors for a rubric: the criteria's go to the formset, the rest to the form."""

    def __init__(self, form: RubricForm, formset: Any) -> None:
        self.form, self.formset = form, formset

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        own = {key: value for key, value in errors.items() if not key.startswith("criteria")}
        self.form.add_service_errors(own)
        self.formset.add_service_errors(
            {key: value for key, value in errors.items() if key.startswith("criteria")}
        )


def _attempt(form: Any, call: Callable[[], T]) -> T | None:
    """Call the service; its refusals become form errors and nothing is saved."""
    try:
        return call()
    except InvalidInputError as error:
        form.add_service_errors(error.errors)
    except DomainError as error:
        form.add_service_errors({error.field or "": [error.message]})
    return None


urlpatterns: list[URLPattern] = [
    path("periode/", period_list, name="period-list"),
    path("periode/<int:period_id>/pengaturan/", setup_detail, name="setup"),
    path("periode/<int:period_id>/pengaturan/ubah/", setup_edit, name="setup-edit"),
    path("periode/<int:period_id>/rubrik/", rubric_list, name="rubric-list"),
    path("periode/<int:period_id>/rubrik/baru/", rubric_create, name="rubric-create"),
    path("periode/<int:period_id>/formasi/", formasi_list, name="formasi-list"),
    path("rubrik/<int:rubric_id>/", rubric_detail, name="rubric-detail"),
    path("rubrik/<int:rubric_id>/ubah/", rubric_edit, name="rubric-edit"),
    path("rubrik/<int:rubric_id>/hapus/", rubric_delete, name="rubric-delete"),
    path("formasi/<int:formasi_id>/komponen/", components, name="components"),
    path("formasi/<int:formasi_id>/komponen/salin/", components_copy, name="components-copy"),
]
