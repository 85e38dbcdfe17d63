"""The yearly Satyalancana Karya Satya list: Admin BKPSDM and the Auditor see everyone (with the
case numbers that exclude), an Admin OPD its subtree (without them); the Excel export for the
Keppres proposal (audited); Admin BKPSDM proposes every eligible employee in one action."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_GET, require_POST

from simerit.core.exceptions import DomainError
from simerit.core.paging import query_without_page
from simerit.core.permissions import role_required
from simerit.core.roles import Role
from simerit.core.spreadsheets.writing import XLSX_CONTENT_TYPE
from simerit.core.types import AuthenticatedHttpRequest
from simerit.recruitment.downloads import attachment
from simerit.rewards import permissions
from simerit.rewards.forms.nominations import YearForm
from simerit.rewards.selectors.satyalancana import yearly_list
from simerit.rewards.services import exports as export_services
from simerit.rewards.services import nominations as services
from simerit.rewards.views.common import PER_PAGE, year_param

READERS = (Role.ADMIN_BKPSDM, Role.AUDITOR, Role.ADMIN_OPD)


@role_required(*READERS)
@require_GET
def satyalancana(request: AuthenticatedHttpRequest) -> HttpResponse:
    """`?year=` (default this year) and `?show=excluded` for the excluded list."""
    year = year_param(request)
    listing = yearly_list(permissions.scope_employees(request.user), year=year)
    show = "excluded" if request.GET.get("show") == "excluded" else "eligible"
    rows = listing.excluded if show == "excluded" else listing.eligible
    context = {
        "year": year,
        "show": show,
        "listing": listing,
        "page_obj": Paginator(rows, PER_PAGE).get_page(request.GET.get("page")),
        "query_string": query_without_page(request),
        "with_case_numbers": permissions.shows_case_numbers(request.user),
        "can_propose": permissions.is_hr(request.user),
        "to_propose": sum(1 for row in listing.eligible if row.nomination is None),
    }
    return render(request, "rewards/satyalancana/list.html", context)


@role_required(*READERS)
@require_GET
def satyalancana_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    year = year_param(request)
    content = export_services.export_satyalancana(year=year, actor=request.user)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = attachment(f"satyalancana-{year}.xlsx")
    response["Cache-Control"] = "private, no-store"
    return response


@role_required(Role.ADMIN_BKPSDM)
@require_POST
def satyalancana_propose(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = YearForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Tahun usulan tidak valid.")
        return redirect("rewards:satyalancana")
    year = form.cleaned_data["year"]
    try:
        proposal = services.propose_satyalancana(year=year, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if proposal.created:
            messages.success(request, f"{len(proposal.created)} usulan Satyalancana dibuat.")
        else:
            messages.info(request, "Semua pegawai yang memenuhi syarat sudah diusulkan.")
        if proposal.own_skipped:
            messages.warning(request, services.OWN_SKIPPED)
    return redirect(f"{reverse('rewards:satyalancana')}?year={year}")


urlpatterns: list[URLPattern] = [
    path("satyalancana/", satyalancana, name="satyalancana"),
    path("satyalancana/unduh/", satyalancana_export, name="satyalancana_export"),
    path("satyalancana/usulkan/", satyalancana_propose, name="satyalancana_propose"),
]
