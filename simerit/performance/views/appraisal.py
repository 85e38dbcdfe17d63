"""The appraisal tab of an SKP (§5.4, §5.7): the 360 evidence, the pejabat penilai's decision,
the result, the keberatan with both sides' statements and the atasan's decision; the keberatan
waiting for an atasan; the evaluation document as PDF. Writes are POSTs to their own URLs that
redirect back (a refusal re-renders the tab with the form's error)."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_POST

from simerit.core.exceptions import DomainError
from simerit.core.paging import query_without_page
from simerit.core.types import AuthenticatedHttpRequest
from simerit.performance import documents_appraisal
from simerit.performance.forms.appraisal import (
    DecisionForm,
    ObjectionDecisionForm,
    ObjectionForm,
    StatementForm,
)
from simerit.performance.models import Objection, Skp
from simerit.performance.permissions import visible_skps
from simerit.performance.selectors import appraisal as selectors
from simerit.performance.services import appraisal as services
from simerit.performance.services import objections
from simerit.performance.views import appraisal_training

PER_PAGE = 25
TAB = "performance:skp-appraisal"


def _skp(request: AuthenticatedHttpRequest, skp_id: int) -> Skp:
    return get_object_or_404(
        visible_skps(request.user).select_related(
            "year", "employee", "evaluator", "evaluator_superior", "position", "work_unit"
        ),
        pk=skp_id,
    )


def _render(
    request: AuthenticatedHttpRequest, skp: Skp, *, status: int = 200, **forms: Form
) -> HttpResponse:
    page = selectors.appraisal_page(skp, user=request.user, today=timezone.localdate())
    context: dict[str, Any] = {
        "skp": skp,
        "page": page,
        "matrix": selectors.predikat_matrix(),
        "decision_form": forms.get("decision_form") or DecisionForm(),
        "objection_form": forms.get("objection_form") or ObjectionForm(),
        "statement_form": forms.get("statement_form") or StatementForm(),
        "objection_decision_form": forms.get("objection_decision_form") or ObjectionDecisionForm(),
    }
    return render(request, "performance/appraisal/skp_appraisal.html", context, status=status)


def _submit(
    request: AuthenticatedHttpRequest,
    skp: Skp,
    form: Form,
    name: str,
    call: Callable[[], object],
    success: str,
) -> HttpResponse:
    """Validate `form`, call one service: success → message and redirect to the tab; a refusal
    (DomainError) → the tab again with the message on the form (422). PermissionDenied → 403."""
    if form.is_valid():
        try:
            call()
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, success)
            return redirect(TAB, skp.pk)
    return _render(request, skp, status=422, **{name: form})


@login_required
def skp_appraisal(request: AuthenticatedHttpRequest, skp_id: int) -> HttpResponse:
    return _render(request, _skp(request, skp_id))


@require_POST
@login_required
def appraisal_decide(request: AuthenticatedHttpRequest, skp_id: int) -> HttpResponse:
    skp = _skp(request, skp_id)
    form = DecisionForm(request.POST)
    return _submit(
        request,
        skp,
        form,
        "decision_form",
        lambda: services.decide_appraisal(skp=skp, **form.cleaned_data, actor=request.user),
        "Penilaian ditetapkan dan disampaikan kepada pegawai.",
    )


@require_POST
@login_required
def objection_file(request: AuthenticatedHttpRequest, skp_id: int) -> HttpResponse:
    skp = _skp(request, skp_id)
    appraisal = selectors.get_appraisal(skp)
    if appraisal is None:
        raise Http404("SKP ini belum dinilai.")
    form = ObjectionForm(request.POST)
    return _submit(
        request,
        skp,
        form,
        "objection_form",
        lambda: objections.file_objection(
            appraisal=appraisal, reasons=form.cleaned_data["reasons"], actor=request.user
        ),
        "Keberatan Anda tercatat dan diteruskan kepada atasan pejabat penilai.",
    )


def _objection(skp: Skp) -> Objection:
    appraisal = selectors.get_appraisal(skp)
    objection = selectors.get_objection(appraisal) if appraisal else None
    if objection is None:
        raise Http404("Belum ada keberatan atas penilaian ini.")
    return objection


@require_POST
@login_required
def objection_statement(request: AuthenticatedHttpRequest, skp_id: int) -> HttpResponse:
    skp = _skp(request, skp_id)
    objection = _objection(skp)
    form = StatementForm(request.POST)
    return _submit(
        request,
        skp,
        form,
        "statement_form",
        lambda: objections.add_objection_statement(
            objection=objection, text=form.cleaned_data["text"], actor=request.user
        ),
        "Penjelasan Anda tersimpan.",
    )


@require_POST
@login_required
def objection_decide(request: AuthenticatedHttpRequest, skp_id: int) -> HttpResponse:
    skp = _skp(request, skp_id)
    objection = _objection(skp)
    form = ObjectionDecisionForm(request.POST)
    return _submit(
        request,
        skp,
        form,
        "objection_decision_form",
        lambda: objections.decide_objection(
            objection=objection,
            outcome=form.cleaned_data["outcome"],
            **form.ratings(),
            reason=form.cleaned_data["reason"],
            actor=request.user,
        ),
        "Keputusan keberatan tersimpan; hasil penilaian kini final.",
    )


@login_required
def appraisal_pdf(request: AuthenticatedHttpRequest, skp_id: int) -> HttpResponse:
    skp = _skp(request, skp_id)
    appraisal = selectors.get_appraisal(skp)
    if appraisal is None:
        raise Http404("SKP ini belum dinilai.")
    objection = selectors.get_objection(appraisal)
    content = documents_appraisal.evaluation_pdf(
        appraisal,
        objection=objection,
        show_evidence=selectors.may_see_stored_evidence(request.user, skp, objection=objection),
    )
    response = HttpResponse(content, content_type="application/pdf")
    filename = documents_appraisal.evaluation_filename(appraisal)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def objection_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Keberatan waiting for the account as atasan pejabat penilai."""
    waiting = selectors.objections_waiting(request.user)
    page_obj = Paginator(waiting, PER_PAGE).get_page(request.GET.get("page"))
    context = {"page_obj": page_obj, "query_string": query_without_page(request)}
    return render(request, "performance/appraisal/objection_list.html", context)


urlpatterns: list[URLPattern] = [
    path("skp/<int:skp_id>/penilaian/", skp_appraisal, name="skp-appraisal"),
    path("skp/<int:skp_id>/penilaian/tetapkan/", appraisal_decide, name="appraisal-decide"),
    path("skp/<int:skp_id>/penilaian/keberatan/", objection_file, name="objection-file"),
    path(
        "skp/<int:skp_id>/penilaian/keberatan/penjelasan/",
        objection_statement,
        name="objection-statement",
    ),
    path(
        "skp/<int:skp_id>/penilaian/keberatan/putusan/",
        objection_decide,
        name="objection-decide",
    ),
    path("skp/<int:skp_id>/penilaian/dokumen.pdf", appraisal_pdf, name="appraisal-pdf"),
    path("keberatan/", objection_list, name="objections"),
    *appraisal_training.urlpatterns,
]
