"""Grants: the register as the reader may see it (with its audited Excel export), the piagam PDF,
revocation by Admin BKPSDM, and the public check of a piagam number without login.

The public check answers an unknown number and an ill-formed one with the same message, "Nomor
piagam tidak ditemukan.": HTTP 200 on the form, 404 on the address of a number (the QR code's
target). Every check counts toward an hourly limit per client address (429 past it), before
anything is looked up. The public page shows no NIP."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from simerit.accounts.client_ip import client_ip
from simerit.core.downloads import pdf_download
from simerit.core.exceptions import DomainError
from simerit.core.form_views import form_messages
from simerit.core.paging import query_without_page
from simerit.core.spreadsheets.writing import XLSX_CONTENT_TYPE
from simerit.core.types import AuthenticatedHttpRequest
from simerit.recruitment.downloads import attachment
from simerit.rewards import documents, permissions
from simerit.rewards.forms.grants import GrantFilterForm, RevokeForm, VerifyForm
from simerit.rewards.selectors import grants as selectors
from simerit.rewards.services import exports as export_services
from simerit.rewards.services import grants as services
from simerit.rewards.views.common import PER_PAGE

VERIFY_TEMPLATE = "rewards/grants/verify.html"
NOT_FOUND = "Nomor piagam tidak ditemukan."


def _filters(form: GrantFilterForm) -> export_services.GrantFilters:
    if not form.is_valid():
        return export_services.GrantFilters()
    award = form.cleaned_data["award"]
    return export_services.GrantFilters(
        year=form.cleaned_data["year"],
        award_id=award.pk if award else None,
        search=form.cleaned_data["q"],
    )


def _filtered(request: AuthenticatedHttpRequest, form: GrantFilterForm) -> Any:
    filters = _filters(form)
    return selectors.list_grants(
        request.user, year=filters.year, award_id=filters.award_id, search=filters.search
    )


@login_required
@require_GET
def grant_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = GrantFilterForm(request.GET or None)
    context = {
        "form": form,
        "page_obj": Paginator(_filtered(request, form), PER_PAGE).get_page(request.GET.get("page")),
        "query_string": query_without_page(request),
        "can_manage": permissions.is_hr(request.user),
        "revoke_form": RevokeForm(),
    }
    return render(request, "rewards/grants/list.html", context)


@login_required
@require_GET
def grant_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    filters = _filters(GrantFilterForm(request.GET or None))
    content = export_services.export_grants(filters=filters, actor=request.user)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = attachment("penghargaan.xlsx")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def grant_pdf(request: AuthenticatedHttpRequest, grant_id: int) -> HttpResponse:
    """The piagam of a grant the account may see (404 otherwise); a revoked one is gone (410)."""
    grant = get_object_or_404(selectors.visible_grants(request.user), pk=grant_id)
    if grant.revoked_at is not None:
        context = {"verification": selectors.verification_of(grant)}
        return render(request, "rewards/grants/revoked.html", context, status=410)
    return pdf_download(documents.grant_pdf(grant), filename=documents.grant_filename(grant))


@login_required
@require_POST
def grant_revoke(request: AuthenticatedHttpRequest, grant_id: int) -> HttpResponse:
    grant = get_object_or_404(selectors.visible_grants(request.user), pk=grant_id)
    if not permissions.is_hr(request.user):
        raise PermissionDenied(permissions.HR_ONLY)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        form_messages(request, form)
        return redirect("rewards:grant_list")
    try:
        services.revoke_grant(grant=grant, reason=form.cleaned_data["reason"], actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Piagam {grant.number} dicabut.")
    return redirect("rewards:grant_list")


# --- Public check (no login)


def _verify_page(request: HttpRequest, *, status: int = 200, **context: Any) -> HttpResponse:
    context.setdefault("form", VerifyForm())
    context.setdefault("searched", False)
    context.setdefault("not_found_message", NOT_FOUND)
    return render(request, VERIFY_TEMPLATE, context, status=status)


def _rate_refusal(request: HttpRequest) -> HttpResponse | None:
    try:
        services.check_verify_rate(client_address=client_ip(request))
    except services.VerifyRateLimitError as error:
        return _verify_page(request, status=429, refusal=error.message)
    return None


@never_cache
@require_GET
def grant_verify(request: HttpRequest) -> HttpResponse:
    """The form; with `?nomor=`, the verdict for that number."""
    if "nomor" not in request.GET:
        return _verify_page(request)
    refusal = _rate_refusal(request)
    if refusal is not None:
        return refusal
    form = VerifyForm(request.GET)
    if not form.is_valid():
        return _verify_page(request, status=422, form=form)
    verification = selectors.verify_grant(form.cleaned_data["nomor"])
    return _verify_page(request, form=form, searched=True, verification=verification)


@never_cache
@require_GET
def grant_verify_number(request: HttpRequest, number: str) -> HttpResponse:
    """The QR code's target: the verdict for the number in the address."""
    refusal = _rate_refusal(request)
    if refusal is not None:
        return refusal
    verification = selectors.verify_grant(number)
    form = VerifyForm(initial={"nomor": verification.number if verification else ""})
    status = 200 if verification else 404
    return _verify_page(request, status=status, form=form, searched=True, verification=verification)


urlpatterns: list[URLPattern] = [
    path("piagam/", grant_list, name="grant_list"),
    path("piagam/unduh/", grant_export, name="grant_export"),
    path("piagam/<int:grant_id>/pdf/", grant_pdf, name="grant_pdf"),
    path("piagam/<int:grant_id>/cabut/", grant_revoke, name="grant_revoke"),
    path("cek/", grant_verify, name="grant_verify"),
    path("cek/<str:number>/", grant_verify_number, name="grant_verify_number"),
]
