"""Certificates: Admin BKPSDM issues and revokes them per class (the Auditor reads), the holder and
the staff who may see the holder's training download the PDF, and anyone verifies a number
without logging in.

Public verification answers an unknown number and an ill-formed one with the same message, "Nomor
sertifikat tidak ditemukan": HTTP 200 on the form (the form itself worked), 404 on the address
of a number (the QR code's target: that address names nothing). Every verification counts toward
an hourly limit per client address (429 past it), before anything is looked up.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from simerit.accounts.client_ip import client_ip
from simerit.core.downloads import pdf_download
from simerit.core.exceptions import DomainError
from simerit.core.paging import query_without_page
from simerit.core.permissions import role_required
from simerit.core.roles import Role
from simerit.core.types import AuthenticatedHttpRequest
from simerit.training import documents, permissions
from simerit.training.forms.records import VERIFY_FILE_MAX_KB, RevokeForm, VerifyForm
from simerit.training.models import TrainingClass
from simerit.training.selectors import records as selectors
from simerit.training.services import certificates as services

READERS = (Role.ADMIN_BKPSDM, Role.AUDITOR)
PER_PAGE = 50
VERIFY_TEMPLATE = "training/records/certificate_verify.html"
NOT_FOUND = "Nomor sertifikat tidak ditemukan."
# Multipart overhead on top of the largest file the verification form reads.
MAX_VERIFY_REQUEST_BYTES = VERIFY_FILE_MAX_KB * 1024 + 64 * 1024
TOO_LARGE = "Berkas terlalu besar: paling besar 2 MB. Sertifikat asli jauh lebih kecil."


# --- Public verification (no login)


def _verify_page(request: HttpRequest, *, status: int = 200, **context: Any) -> HttpResponse:
    context.setdefault("form", VerifyForm())
    context.setdefault("searched", False)
    context.setdefault("not_found_message", NOT_FOUND)
    return render(request, VERIFY_TEMPLATE, context, status=status)


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _refusal(request: HttpRequest) -> HttpResponse | None:
    """429 past the hourly limit of the address; 413 for a body larger than any certificate."""
    try:
        services.check_verify_rate(client_address=client_ip(request))
    except services.VerifyRateLimitError as error:
        return _verify_page(request, status=429, refusal=error.message)
    if _declared_length(request) > MAX_VERIFY_REQUEST_BYTES:
        return _verify_page(request, status=413, refusal=TOO_LARGE)
    return None


# The CSRF middleware would read the whole multipart body to find its token, so the view is exempt
# and `_verify_post` runs the same check itself, after the rate and size checks (which read none).
@never_cache
@csrf_exempt
@require_http_methods(["GET", "POST"])
def certificate_verify(request: HttpRequest) -> HttpResponse:
    """GET: the form. POST: a number (and optionally the PDF to compare), and the verdict."""
    if request.method != "POST":
        return _verify_page(request)
    refusal = _refusal(request)
    if refusal is not None:
        return refusal
    return _verify_post(request)


@csrf_protect
def _verify_post(request: HttpRequest) -> HttpResponse:
    form = VerifyForm(request.POST, request.FILES)
    if not form.is_valid():
        return _verify_page(request, status=422, form=form)
    certificate = selectors.find_certificate(form.cleaned_data["number"])
    upload = form.cleaned_data.get("file")
    file_match = None
    if certificate is not None and upload is not None:
        file_match = selectors.file_matches(certificate, upload.read())
    return _verify_page(
        request,
        form=VerifyForm(initial={"number": certificate.number if certificate else ""}),
        searched=True,
        verification=selectors.verification_of(certificate) if certificate else None,
        file_checked=upload is not None,
        file_match=file_match,
    )


@never_cache
@require_GET
def certificate_verify_number(request: HttpRequest, number: str) -> HttpResponse:
    """The QR code's target: the verdict for the number in the address."""
    refusal = _refusal(request)
    if refusal is not None:
        return refusal
    verification = selectors.verify_certificate(number)
    form = VerifyForm(initial={"number": verification.number if verification else ""})
    return _verify_page(
        request,
        status=200 if verification else 404,
        form=form,
        searched=True,
        verification=verification,
    )


# --- The holder and the staff


@login_required
@require_GET
def certificate_pdf(request: AuthenticatedHttpRequest, certificate_id: int) -> HttpResponse:
    """The PDF of a certificate the account may see (404 otherwise); a revoked one is gone (410)."""
    certificate = get_object_or_404(selectors.visible_certificates(request.user), pk=certificate_id)
    if certificate.revoked_at is not None:
        context = {"verification": selectors.verification_of(certificate)}
        return render(request, "training/records/certificate_revoked.html", context, status=410)
    return pdf_download(
        documents.certificate_pdf(certificate),
        filename=documents.certificate_filename(certificate),
    )


# --- Admin BKPSDM (the Auditor reads)


def _issue_messages(
    request: AuthenticatedHttpRequest, training_class: TrainingClass, *, issued: int
) -> None:
    own_skipped = selectors.own_missing_certificate(training_class, request.user) is not None
    if issued:
        messages.success(request, f"{issued} sertifikat diterbitkan.")
    elif not own_skipped:
        messages.info(request, "Semua peserta yang lulus sudah memiliki sertifikat.")
    if own_skipped:
        messages.warning(request, services.OWN_SKIPPED)


@role_required(*READERS)
@require_http_methods(["GET", "POST"])
def class_certificates(request: AuthenticatedHttpRequest, class_id: int) -> HttpResponse:
    """GET: the class's passed participants and their certificates. POST: issue the missing ones
    (Admin BKPSDM; 403 for the Auditor)."""
    training_class = get_object_or_404(
        TrainingClass.objects.select_related("programme"), pk=class_id
    )
    if request.method == "POST":
        try:
            issued = services.issue_certificates(training_class=training_class, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            _issue_messages(request, training_class, issued=len(issued))
        return redirect("training:class-certificates", class_id=training_class.pk)
    page_obj = Paginator(selectors.class_certificate_enrolments(training_class), PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "training_class": training_class,
        "page_obj": page_obj,
        "query_string": query_without_page(request),
        "rows": selectors.participant_rows(page_obj.object_list),
        "missing": selectors.missing_certificate_count(training_class, issuer=request.user),
        "own_missing": selectors.own_missing_certificate(training_class, request.user),
        "can_manage": permissions.is_hr(request.user),
        "revoke_form": RevokeForm(),
    }
    return render(request, "training/records/class_certificates.html", context)


@login_required
@require_POST
def certificate_revoke(request: AuthenticatedHttpRequest, certificate_id: int) -> HttpResponse:
    certificate = get_object_or_404(selectors.visible_certificates(request.user), pk=certificate_id)
    if not permissions.is_hr(request.user):
        raise PermissionDenied(permissions.HR_ONLY)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    else:
        try:
            services.revoke_certificate(
                certificate=certificate, reason=form.cleaned_data["reason"], actor=request.user
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"Sertifikat {certificate.number} dicabut.")
    return redirect("training:class-certificates", class_id=certificate.enrolment.training_class_id)


urlpatterns: list[URLPattern] = [
    path("sertifikat/verifikasi/", certificate_verify, name="certificate-verify"),
    path(
        "sertifikat/verifikasi/<str:number>/",
        certificate_verify_number,
        name="certificate-verify-number",
    ),
    path("sertifikat/<int:certificate_id>/unduh/", certificate_pdf, name="certificate-pdf"),
    path("sertifikat/<int:certificate_id>/cabut/", certificate_revoke, name="certificate-revoke"),
    path("kelas/<int:class_id>/sertifikat/", class_certificates, name="class-certificates"),
]
