"""One SKP's plan page (tab "Rencana") and its writes: the employee's RHK and indicators and
submission, the pejabat penilai's approval, return and expectations. Each write calls one service;
a refusal is shown on the page (form errors, status 422) or as a message; a denied write is 403."""

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_POST

from simerit.core.exceptions import DomainError
from simerit.core.types import AuthenticatedHttpRequest
from simerit.performance import permissions
from simerit.performance.forms.planning import (
    ExpectationForm,
    IndicatorForm,
    ResultForm,
    ReturnForm,
)
from simerit.performance.models import BehaviourValue, PerformanceYear, Skp
from simerit.performance.selectors import planning as selectors
from simerit.performance.services import planning as services
from simerit.performance.services import planning_results as result_services
from simerit.performance.services.planning_results import JPT_KINDS

T = TypeVar("T")


def act(request: HttpRequest, call: Callable[[], T], success: Callable[[T], str]) -> T | None:
    """Run one state change: a refusal becomes an error message (None), otherwise
    `success(outcome)` becomes a success message and the outcome is returned."""
    try:
        outcome = call()
    except DomainError as error:
        messages.error(request, error.message)
        return None
    messages.success(request, success(outcome))
    return outcome


def run_form(form: forms.Form, call: Callable[[], object]) -> bool:
    """Validate the form, then call one service; its refusal becomes the form's error. True
    when both succeeded (`call` reads the cleaned data only then)."""
    if not form.is_valid():
        return False
    try:
        call()
    except DomainError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
    return not form.errors


def _skp(request: AuthenticatedHttpRequest, skp_id: int) -> Skp:
    """The SKP if the account may see it (404 otherwise, as if it did not exist)."""
    visible = selectors.skps_with_header(permissions.visible_skps(request.user))
    return get_object_or_404(visible.select_related("evaluator_superior"), pk=skp_id)


def _result_form(skp: Skp, data: Any = None, **kwargs: Any) -> ResultForm:
    jpt = skp.position.kind in JPT_KINDS
    return ResultForm(data, parents=selectors.parent_choices(skp), jpt=jpt, **kwargs)


def _detail(
    request: AuthenticatedHttpRequest, skp: Skp, bound: dict[str, forms.Form] | None = None
) -> HttpResponse:
    """The plan page; `bound` holds a refused form (key "result", "indicator-<id>", "return",
    "expectation-<value id>") shown with its errors."""
    bound = bound or {}
    user = request.user
    year_open = skp.year.status != PerformanceYear.Status.CLOSED
    appraised = selectors.has_appraisal(skp)
    results = [
        {
            "result": result,
            "form": bound.get(f"indicator-{result.pk}")
            or IndicatorForm(prefix=f"indicator-{result.pk}"),
        }
        for result in selectors.results_of(skp)
    ]
    values = [
        {
            "row": row,
            "form": bound.get(f"expectation-{row.value.pk}")
            or ExpectationForm(
                prefix=f"expectation-{row.value.pk}",
                initial={"text": row.expectation.text if row.expectation else ""},
            ),
        }
        for row in selectors.behaviour_rows(skp)
    ]
    context = {
        "skp": skp,
        "results": results,
        "values": values,
        "can_edit": permissions.is_owner(user, skp) and skp.is_editable and year_open,
        "can_decide": permissions.is_evaluator(user, skp)
        and skp.status == Skp.Status.SUBMITTED
        and year_open,
        "can_expect": permissions.is_evaluator(user, skp) and not appraised and year_open,
        "result_form": bound.get("result") or _result_form(skp),
        "return_form": bound.get("return") or ReturnForm(),
        "submission_problem": services.submission_problem(skp) if skp.is_editable else None,
    }
    return render(
        request, "performance/planning/skp_detail.html", context, status=422 if bound else 200
    )


@login_required
def skp_detail(request: AuthenticatedHttpRequest, skp_id: int) -> HttpResponse:
    return _detail(request, _skp(request, skp_id))


@require_POST
@login_required
def result_add(request: AuthenticatedHttpRequest, skp_id: int) -> HttpResponse:
    skp = _skp(request, skp_id)
    form = _result_form(skp, request.POST)
    if run_form(
        form,
        lambda: result_services.add_result(skp=skp, data=form.result_input(), actor=request.user),
    ):
        messages.success(request, "Rencana hasil kerja ditambahkan.")
        return redirect("performance:skp-detail", skp_id=skp.pk)
    return _detail(request, skp, {"result": form})


@login_required
def result_edit(request: AuthenticatedHttpRequest, skp_id: int, result_id: int) -> HttpResponse:
    skp = _skp(request, skp_id)
    result = selectors.get_result(skp, result_id)
    if result is None:
        raise Http404("RHK tidak ditemukan.")
    if not permissions.is_owner(request.user, skp):
        raise PermissionDenied(services.OWNER_ONLY)
    initial = {
        "kind": result.kind,
        "text": result.text,
        "parent": result.parent_id,
        "perspective": result.perspective,
    }
    form = _result_form(skp, request.POST or None, initial=initial)
    if request.method == "POST" and run_form(
        form,
        lambda: result_services.update_result(
            result=result, data=form.result_input(), actor=request.user
        ),
    ):
        messages.success(request, "Rencana hasil kerja diubah.")
        return redirect("performance:skp-detail", skp_id=skp.pk)
    context = {"skp": skp, "result": result, "form": form}
    return render(
        request,
        "performance/planning/result_form.html",
        context,
        status=422 if form.errors else 200,
    )


@require_POST
@login_required
def result_delete(request: AuthenticatedHttpRequest, skp_id: int, result_id: int) -> HttpResponse:
    skp = _skp(request, skp_id)
    result = selectors.get_result(skp, result_id)
    if result is None:
        raise Http404("RHK tidak ditemukan.")
    act(
        request,
        lambda: result_services.delete_result(result=result, actor=request.user),
        lambda _: "Rencana hasil kerja dihapus.",
    )
    return redirect("performance:skp-detail", skp_id=skp.pk)


@require_POST
@login_required
def indicator_add(request: AuthenticatedHttpRequest, skp_id: int, result_id: int) -> HttpResponse:
    skp = _skp(request, skp_id)
    result = selectors.get_result(skp, result_id)
    if result is None:
        raise Http404("RHK tidak ditemukan.")
    form = IndicatorForm(request.POST, prefix=f"indicator-{result.pk}")
    if run_form(
        form,
        lambda: result_services.add_indicator(
            result=result, data=form.indicator_input(), actor=request.user
        ),
    ):
        messages.success(request, "Indikator kinerja ditambahkan.")
        return redirect("performance:skp-detail", skp_id=skp.pk)
    return _detail(request, skp, {f"indicator-{result.pk}": form})


@login_required
def indicator_edit(
    request: AuthenticatedHttpRequest, skp_id: int, indicator_id: int
) -> HttpResponse:
    skp = _skp(request, skp_id)
    indicator = selectors.get_indicator(skp, indicator_id)
    if indicator is None:
        raise Http404("Indikator tidak ditemukan.")
    if not permissions.is_owner(request.user, skp):
        raise PermissionDenied(services.OWNER_ONLY)
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and run_form(
        form,
        lambda: result_services.update_indicator(
            indicator=indicator, data=form.indicator_input(), actor=request.user
        ),
    ):
        messages.success(request, "Indikator kinerja diubah.")
        return redirect("performance:skp-detail", skp_id=skp.pk)
    context = {"skp": skp, "indicator": indicator, "form": form}
    return render(
        request,
        "performance/planning/indicator_form.html",
        context,
        status=422 if form.errors else 200,
    )


@require_POST
@login_required
def indicator_delete(
    request: AuthenticatedHttpRequest, skp_id: int, indicator_id: int
) -> HttpResponse:
    skp = _skp(request, skp_id)
    indicator = selectors.get_indicator(skp, indicator_id)
    if indicator is None:
        raise Http404("Indikator tidak ditemukan.")
    act(
        request,
        lambda: result_services.delete_indicator(indicator=indicator, actor=request.user),
        lambda _: "Indikator kinerja dihapus.",
    )
    return redirect("performance:skp-detail", skp_id=skp.pk)


@require_POST
@login_required
def skp_submit(request: AuthenticatedHttpRequest, skp_id: int) -> HttpResponse:
    skp = _skp(request, skp_id)
    act(
        request,
        lambda: services.submit_skp(skp=skp, actor=request.user),
        lambda _: "SKP diajukan kepada pejabat penilai kinerja.",
    )
    return redirect("performance:skp-detail", skp_id=skp.pk)


@require_POST
@login_required
def skp_approve(request: AuthenticatedHttpRequest, skp_id: int) -> HttpResponse:
    skp = _skp(request, skp_id)
    act(
        request,
        lambda: services.approve_skp(skp=skp, actor=request.user),
        lambda _: "SKP disetujui.",
    )
    return redirect("performance:skp-detail", skp_id=skp.pk)


@require_POST
@login_required
def skp_return(request: AuthenticatedHttpRequest, skp_id: int) -> HttpResponse:
    skp = _skp(request, skp_id)
    form = ReturnForm(request.POST)
    if not permissions.is_evaluator(request.user, skp):
        raise PermissionDenied(services.EVALUATOR_ONLY)
    if run_form(
        form,
        lambda: services.return_skp(skp=skp, note=form.cleaned_data["note"], actor=request.user),
    ):
        messages.success(request, "SKP dikembalikan kepada pegawai untuk diperbaiki.")
        return redirect("performance:skp-detail", skp_id=skp.pk)
    return _detail(request, skp, {"return": form})


@require_POST
@login_required
def expectation_set(request: AuthenticatedHttpRequest, skp_id: int, value_id: int) -> HttpResponse:
    skp = _skp(request, skp_id)
    value = get_object_or_404(BehaviourValue, pk=value_id)
    form = ExpectationForm(request.POST, prefix=f"expectation-{value.pk}")
    if not permissions.is_evaluator(request.user, skp):
        raise PermissionDenied(services.EVALUATOR_ONLY)
    if run_form(
        form,
        lambda: services.set_expectation(
            skp=skp, value=value, text=form.cleaned_data["text"], actor=request.user
        ),
    ):
        messages.success(request, f"Ekspektasi untuk nilai {value.name} tersimpan.")
        return redirect("performance:skp-detail", skp_id=skp.pk)
    return _detail(request, skp, {f"expectation-{value.pk}": form})


SKP = "skp/<int:skp_id>/"
urlpatterns: list[URLPattern] = [
    path(SKP, skp_detail, name="skp-detail"),
    path(f"{SKP}rhk/tambah/", result_add, name="skp-result-add"),
    path(f"{SKP}rhk/<int:result_id>/ubah/", result_edit, name="skp-result-edit"),
    path(f"{SKP}rhk/<int:result_id>/hapus/", result_delete, name="skp-result-delete"),
    path(f"{SKP}rhk/<int:result_id>/indikator/tambah/", indicator_add, name="skp-indicator-add"),
    path(f"{SKP}indikator/<int:indicator_id>/ubah/", indicator_edit, name="skp-indicator-edit"),
    path(
        f"{SKP}indikator/<int:indicator_id>/hapus/", indicator_delete, name="skp-indicator-delete"
    ),
    path(f"{SKP}ajukan/", skp_submit, name="skp-submit"),
    path(f"{SKP}setujui/", skp_approve, name="skp-approve"),
    path(f"{SKP}kembalikan/", skp_return, name="skp-return"),
    path(f"{SKP}ekspektasi/<int:value_id>/", expectation_set, name="skp-expectation"),
]
