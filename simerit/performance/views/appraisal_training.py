"""Evaluation → training for HR: training needs per unit kerja of a year, and the export (Admin
BKPSDM and the Auditor)."""

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path

from simerit.core.paging import query_without_page
from simerit.core.permissions import role_required
from simerit.core.roles import Role
from simerit.core.spreadsheets.writing import XLSX_CONTENT_TYPE
from simerit.core.types import AuthenticatedHttpRequest
from simerit.performance import documents_appraisal
from simerit.performance.forms.appraisal import YearForm
from simerit.performance.models import PerformanceYear
from simerit.performance.selectors import appraisal_training as selectors
from simerit.performance.services.training_needs import record_export

READERS = (Role.ADMIN_BKPSDM, Role.AUDITOR)
PER_PAGE = 25


def _year(request: AuthenticatedHttpRequest) -> PerformanceYear | None:
    form = YearForm(request.GET)
    chosen = form.cleaned_data.get("tahun") if form.is_valid() else None
    if chosen:
        return PerformanceYear.objects.filter(year=chosen).first()
    return selectors.default_year()


@role_required(*READERS)
def training_needs(request: AuthenticatedHttpRequest) -> HttpResponse:
    year = _year(request)
    totals = list(selectors.unit_totals(year=year)) if year else []
    page_obj: Page[dict[str, Any]] = Paginator(totals, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "year": year,
        "years": PerformanceYear.objects.values_list("year", flat=True),
        "page_obj": page_obj,
        "query_string": query_without_page(request),
    }
    return render(request, "performance/appraisal/training_needs.html", context)


@role_required(*READERS)
def training_needs_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Per unit and per employee, as .xlsx; the download is written to the audit log."""
    year = _year(request)
    if year is None:
        return HttpResponse("Belum ada periode penilaian.", status=404)
    needs = list(selectors.needs_of_year(year=year))
    content = documents_appraisal.training_needs_workbook(
        totals=list(selectors.unit_totals(year=year)), needs=needs
    )
    record_export(actor=request.user, year_label=str(year.year), count=len(needs))
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    filename = f"kebutuhan-pengembangan-{year.year}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


urlpatterns: list[URLPattern] = [
    path("kebutuhan-pengembangan/", training_needs, name="training-needs"),
    path("kebutuhan-pengembangan/unduh/", training_needs_export, name="training-needs-export"),
]
