"""Exam results pages (/ujian/hasil-ujian/): the results of a blueprint (one row per placed
participant, "Tidak hadir" for one who never came), their publication as official results (Admin
BKPSDM) and the Excel export; the Auditor reads. No GET here replays answer events."""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_POST

from simerit.core.exceptions import DomainError
from simerit.core.permissions import role_required
from simerit.core.roles import Role
from simerit.core.spreadsheets.writing import XLSX_CONTENT_TYPE
from simerit.core.types import AuthenticatedHttpRequest
from simerit.exams import permissions
from simerit.exams.models import Blueprint
from simerit.exams.selectors import results as selectors
from simerit.exams.services import results as services
from simerit.recruitment.models import Track

READERS = (Role.ADMIN_BKPSDM, Role.AUDITOR)
PER_PAGE = 50


class ResultFilterForm(forms.Form):
    hasil = forms.ChoiceField(
        label="Hasil",
        required=False,
        choices=[("", "Semua hasil"), *selectors.FILTER_CHOICES.items()],
    )
    jalur = forms.ChoiceField(
        label="Jalur", required=False, choices=[("", "Semua jalur"), *Track.choices]
    )

    def filters(self) -> selectors.ResultFilters:
        if not self.is_valid():
            return selectors.ResultFilters()
        return selectors.ResultFilters(
            verdict=self.cleaned_data["hasil"], track=self.cleaned_data["jalur"]
        )


@role_required(*READERS)
def results_blueprints(request: HttpRequest) -> HttpResponse:
    blueprints = selectors.list_blueprints()
    page_obj = Paginator(blueprints, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "exams/results_blueprints.html", {"page_obj": page_obj})


@role_required(*READERS)
def results_list(request: AuthenticatedHttpRequest, blueprint_id: int) -> HttpResponse:
    blueprint = get_object_or_404(Blueprint, pk=blueprint_id)
    form = ResultFilterForm(request.GET or None)
    ended = selectors.ended_sitting_ids(blueprint)
    participants = selectors.list_results(
        blueprint=blueprint, ended_sittings=ended, filters=form.filters()
    )
    page_obj = Paginator(participants, PER_PAGE).get_page(request.GET.get("page"))
    categories = selectors.score_categories(blueprint)
    can_manage = permissions.can_manage_exams(request.user)
    rows = selectors.result_rows(page_obj.object_list, ended_sittings=ended)
    context = {
        "blueprint": blueprint,
        "form": form,
        "page_obj": page_obj,
        "rows": [_row(row, categories) for row in rows],
        "categories": categories,
        "counts": selectors.result_counts(blueprint, ended_sittings=ended),
        "query_string": _query(form),
        "can_manage": can_manage,
        "refusal": services.publication_refusal(blueprint) if can_manage else None,
    }
    return render(request, "exams/results_list.html", context)


@require_POST
@role_required(Role.ADMIN_BKPSDM)
def results_publish(request: AuthenticatedHttpRequest, blueprint_id: int) -> HttpResponse:
    blueprint = get_object_or_404(Blueprint, pk=blueprint_id)
    try:
        report = services.publish_results(blueprint=blueprint, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"Hasil resmi diumumkan: {report.results} peserta ({report.absent} tidak hadir, "
            f"{report.stopped} dihentikan pengawas). Digest SHA-256: {report.digest}.",
        )
    return redirect("exams:results-list", blueprint_id=blueprint.pk)


@role_required(*READERS)
def results_export(request: HttpRequest, blueprint_id: int) -> HttpResponse:
    blueprint = get_object_or_404(Blueprint, pk=blueprint_id)
    form = ResultFilterForm(request.GET or None)
    ended = selectors.ended_sitting_ids(blueprint)
    participants = selectors.list_results(
        blueprint=blueprint, ended_sittings=ended, filters=form.filters()
    )
    content, filename = selectors.results_workbook(
        blueprint=blueprint,
        rows=selectors.result_rows(participants, ended_sittings=ended),
        categories=selectors.score_categories(blueprint),
    )
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _row(row: selectors.ResultRow, categories: list[str]) -> dict[str, Any]:
    scores = row.attempt.scores if row.attempt else {}
    return {
        "row": row,
        "attempt": row.attempt,
        "application": row.participant.application,
        "scores": [scores.get(code, "—") for code in categories],
        "verdict": row.verdict,
    }


def _query(form: ResultFilterForm) -> str:
    """The filters for the pagination and export links, every value encoded."""
    query = QueryDict(mutable=True)
    if form.is_bound and form.is_valid():
        for name, value in form.cleaned_data.items():
            if value:
                query[name] = value
    return query.urlencode()


urlpatterns: list[URLPattern] = [
    path("hasil-ujian/", results_blueprints, name="results-blueprints"),
    path("hasil-ujian/<int:blueprint_id>/", results_list, name="results-list"),
    path("hasil-ujian/<int:blueprint_id>/umumkan/", results_publish, name="results-publish"),
    path("hasil-ujian/<int:blueprint_id>/ekspor/", results_export, name="results-export"),
]
