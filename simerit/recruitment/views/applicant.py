"""The applicant's road: register, confirm the e-mail, choose a formasi, upload, submit, receipt.

Every page of an application looks it up among the signed-in applicant's own applications, so a
guessed id is a 404. Documents are streamed through `document_file`, which checks
permissions.can_view_document: there is no public URL of any uploaded file.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, URLResolver, path
from django.views.decorators.http import require_POST

from simerit.accounts.client_ip import client_ip
from simerit.core.dates import format_datetime_wib
from simerit.core.exceptions import DomainError, InvalidInputError
from simerit.core.paging import query_without_page
from simerit.core.permissions import role_required
from simerit.core.roles import Role
from simerit.core.types import AuthenticatedHttpRequest
from simerit.employees.rules import mask_nik
from simerit.recruitment import downloads, receipts, uploads
from simerit.recruitment.forms.applicant import (
    ApplyForm,
    DocumentUploadForm,
    FormasiSearchForm,
    RegistrationForm,
)
from simerit.recruitment.models import Applicant, Application, DocumentKind
from simerit.recruitment.permissions import can_view_document, is_staff_reader
from simerit.recruitment.rules import TRACKS_WITHOUT_CLAIM, mask_name
from simerit.recruitment.selectors import applications as selectors
from simerit.recruitment.selectors.eligibility import check_applicant
from simerit.recruitment.services import applicants as applicant_services
from simerit.recruitment.services import applications as application_services
from simerit.recruitment.services import documents as document_services

T = TypeVar("T")
# An uploaded document opened in the browser: nothing in it may run scripts or fetch anything,
# while the browser's own PDF viewer may still embed it (the site-wide object-src 'none' stops
# Chromium's viewer).
DOCUMENT_CSP = (
    "default-src 'none'; object-src 'self'; img-src 'self'; style-src 'unsafe-inline'; "
    "frame-ancestors 'none'"
)
PER_PAGE = 20
# Formats shown inline on request: images, which are re-encoded on upload.
PREVIEW_FORMATS = frozenset({"jpg", "png"})
# Django's own login backend: django-axes' backend needs the request, which login() does not pass.
LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"


def register(request: HttpRequest) -> HttpResponse:
    """Public sign-up; on success the new applicant is signed in and asked to confirm the e-mail."""
    form = RegistrationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        try:
            applicant_services.check_registration_rate(client_address=client_ip(request))
            applicant = _register(form)
        except applicant_services.RegistrationRateLimitError as error:
            form.add_error(None, error.message)
            applicant, status = None, 429
        if applicant is not None:
            login(request, applicant.user, backend=LOGIN_BACKEND)
            messages.success(
                request,
                f"Pendaftaran berhasil. Buka tautan yang kami kirim ke {applicant.email} "
                "untuk mengonfirmasi e-mail.",
            )
            return redirect("recruitment:my-application")
    context = {"form": form, "consent": applicant_services.CONSENT_PARAGRAPHS}
    return render(request, "recruitment/applicant_register.html", context, status=status)


def _register(form: RegistrationForm) -> Applicant | None:
    if not form.is_valid():
        return None
    try:
        return applicant_services.register_applicant(data=form.to_input())
    except InvalidInputError as error:
        form.add_service_errors(error.errors)
    except DomainError as error:
        form.add_service_errors({error.field or "": [error.message]})
    return None


def confirm_email(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (mail scanners only GET); POST confirms."""
    try:
        applicant = applicant_services.applicant_for_token(token)
        if request.method == "POST":
            applicant_services.confirm_email(token=token)
            messages.success(request, "Alamat e-mail Anda sudah dikonfirmasi. Anda dapat melamar.")
            return redirect("recruitment:my-application")
    except InvalidInputError as error:
        failed = {"error": error.message}
        return render(request, "recruitment/applicant_confirm_email.html", failed, status=400)
    context = {"confirmed": applicant.email_confirmed_at is not None, "token": token}
    return render(request, "recruitment/applicant_confirm_email.html", context)


@require_POST
@role_required(Role.PELAMAR)
def resend_confirmation(request: AuthenticatedHttpRequest) -> HttpResponse:
    applicant = _own_applicant(request)
    try:
        applicant_services.check_registration_rate(client_address=f"resend:{request.user.pk}")
        applicant_services.send_confirmation_email(applicant=applicant)
        messages.success(request, f"Tautan konfirmasi baru dikirim ke {applicant.email}.")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("recruitment:my-application")


@role_required(Role.PELAMAR)
def my_application(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The applicant's home: profile, e-mail status and each application with its checklist."""
    applicant = selectors.get_applicant(user=request.user)
    if applicant is None:
        return render(request, "recruitment/applicant_home.html", {"applicant": None})
    applications = [_application_context(app) for app in selectors.applications_of(applicant)]
    context = {
        "applicant": applicant,
        "masked_nik": mask_nik(applicant.nik),
        "applications": applications,
        "can_apply": all(item["registration_closed"] for item in applications),
    }
    return render(request, "recruitment/applicant_home.html", context)


@role_required(Role.PELAMAR)
def formasi_picker(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Formasi open for registration now, each marked with the applicant's eligibility."""
    applicant = _own_applicant(request)
    form = FormasiSearchForm(request.GET)
    formasi = selectors.list_open_formasi(search=form.search())
    page_obj = Paginator(formasi, PER_PAGE).get_page(request.GET.get("page"))
    rows = [(item, check_applicant(applicant, item)) for item in page_obj]
    context = {
        "form": form,
        "page_obj": page_obj,
        "rows": rows,
        "query_string": query_without_page(request),
    }
    return render(request, "recruitment/applicant_formasi_picker.html", context)


@role_required(Role.PELAMAR)
def apply(request: AuthenticatedHttpRequest, formasi_id: int) -> HttpResponse:
    """Apply to a formasi, or move the draft of that period to it (POST)."""
    applicant = _own_applicant(request)
    formasi = _get(selectors.get_formasi_for_application, formasi_id=formasi_id)
    draft = selectors.applications_of(applicant).filter(period=formasi.period).first()
    if request.method == "POST":
        claim = ApplyForm(request.POST).claim()
        try:
            if draft is None:
                draft = application_services.create_application(
                    applicant=applicant, formasi=formasi, actor=request.user, track_claim=claim
                )
            else:
                application_services.change_formasi(
                    application=draft, formasi=formasi, actor=request.user, track_claim=claim
                )
            messages.success(
                request,
                f"Lamaran {draft.registration_number}: formasi {formasi.code} dipilih. "
                "Unggah dokumen yang diminta.",
            )
            return redirect("recruitment:application-detail", application_id=draft.pk)
        except (DomainError, PermissionDenied) as error:
            _show_error(request, error)
    context = {
        "formasi": formasi,
        "eligibility": check_applicant(applicant, formasi),
        "current": draft,
        "special_track": formasi.track not in TRACKS_WITHOUT_CLAIM,
    }
    return render(request, "recruitment/applicant_apply.html", context)


@role_required(Role.PELAMAR)
def application_detail(request: AuthenticatedHttpRequest, application_id: int) -> HttpResponse:
    application = _own_application(request, application_id)
    context = _application_context(application)
    return render(request, "recruitment/applicant_application.html", context)


@require_POST
@role_required(Role.PELAMAR)
def document_upload(
    request: AuthenticatedHttpRequest, application_id: int, kind_code: str
) -> HttpResponse:
    application = _own_application(request, application_id)
    kind = get_object_or_404(DocumentKind, code=kind_code)
    form = DocumentUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, f"{kind.name}: pilih berkas yang akan diunggah.")
        return redirect("recruitment:application-detail", application_id=application.pk)
    try:
        document_services.upload_document(
            application=application, kind=kind, upload=form.uploaded(), actor=request.user
        )
        messages.success(request, f"{kind.name} tersimpan.")
    except DomainError as error:
        _show_error(request, error)
    return redirect("recruitment:application-detail", application_id=application.pk)


@require_POST
@role_required(Role.PELAMAR)
def application_submit(request: AuthenticatedHttpRequest, application_id: int) -> HttpResponse:
    application = _own_application(request, application_id)
    try:
        application_services.submit_application(application=application, actor=request.user)
        messages.success(request, "Lamaran terkirim dan dikunci. Unduh bukti pendaftaran Anda.")
    except (DomainError, PermissionDenied) as error:
        _show_error(request, error)
    return redirect("recruitment:application-detail", application_id=application.pk)


@role_required(Role.PELAMAR)
def application_receipt(request: AuthenticatedHttpRequest, application_id: int) -> HttpResponse:
    application = _own_application(request, application_id)
    if application.submitted_at is None:
        raise Http404("Bukti pendaftaran ada setelah lamaran dikirim.")
    documents = [item.document for item in selectors.checklist(application) if item.document]
    response = HttpResponse(
        receipts.render_receipt(application, documents), content_type="application/pdf"
    )
    response["Content-Disposition"] = downloads.attachment(receipts.receipt_filename(application))
    return response


@login_required
def document_file(request: AuthenticatedHttpRequest, document_id: int) -> FileResponse:
    """Stream one uploaded document to someone allowed to read it, as a download.

    An image may be shown in the browser with `?pratinjau=1` (it was re-encoded on upload); a
    PDF is always a download, so that it never opens inside SiMerit's own pages.
    """
    document = _get(selectors.get_document, document_id=document_id)
    if not can_view_document(request.user, document):
        if is_staff_reader(request.user):
            raise PermissionDenied
        raise Http404
    filename = (
        f"{document.application.registration_number}-{document.kind.code}.{document.file_format}"
    )
    preview = request.GET.get("pratinjau") == "1" and document.file_format in PREVIEW_FORMATS
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=not preview,
        filename=filename,
        content_type=uploads.CONTENT_TYPES.get(document.file_format, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = DOCUMENT_CSP
    return response


def receipt_verify(request: HttpRequest, receipt_key: str) -> HttpResponse:
    """Public: confirms that a receipt is genuine, showing nothing personal beyond a masked name."""
    try:
        application = selectors.get_application_by_receipt_key(receipt_key=receipt_key)
    except Application.DoesNotExist:
        return render(request, "recruitment/receipt_verify.html", {"application": None}, status=404)
    context = {
        "application": application,
        "masked_name": mask_name(application.applicant.name),
        "submitted": format_datetime_wib(application.submitted_at)
        if application.submitted_at
        else "",
    }
    return render(request, "recruitment/receipt_verify.html", context)


# --- helpers


def _own_applicant(request: AuthenticatedHttpRequest) -> Applicant:
    applicant = selectors.get_applicant(user=request.user)
    if applicant is None:
        raise Http404("Akun ini belum terdaftar sebagai pelamar.")
    return applicant


def _own_application(request: AuthenticatedHttpRequest, application_id: int) -> Application:
    return _get(
        selectors.get_own_application,
        applicant=_own_applicant(request),
        application_id=application_id,
    )


def _get(selector: Callable[..., T], **kwargs: Any) -> T:
    """Call a get_ selector; a missing row is a 404."""
    try:
        return selector(**kwargs)
    except ObjectDoesNotExist:
        raise Http404 from None


def _show_error(request: HttpRequest, error: Exception) -> None:
    if isinstance(error, InvalidInputError):
        for field_messages in error.errors.values():
            for message in field_messages:
                messages.error(request, message)
    else:
        messages.error(request, str(error) or "Anda tidak berwenang melakukan tindakan ini.")


def _application_context(application: Application) -> dict[str, Any]:
    items = selectors.checklist(application)
    closed = selectors.registration_closed_message(application.period)
    return {
        "application": application,
        "checklist": items,
        "missing": [item.spec for item in items if item.is_missing],
        "is_draft": application.status == Application.Status.DRAFT,
        "registration_closed": closed,
    }


urlpatterns: list[URLPattern | URLResolver] = [
    path("daftar/", register, name="applicant-register"),
    path("daftar/konfirmasi/<str:token>/", confirm_email, name="applicant-confirm-email"),
    path("daftar/kirim-ulang/", resend_confirmation, name="applicant-resend-confirmation"),
    path("lamaran-saya/", my_application, name="my-application"),
    path("lamaran/pilih-formasi/", formasi_picker, name="formasi-picker"),
    path("lamaran/formasi/<int:formasi_id>/", apply, name="application-apply"),
    path("lamaran/<int:application_id>/", application_detail, name="application-detail"),
    path(
        "lamaran/<int:application_id>/dokumen/<slug:kind_code>/",
        document_upload,
        name="document-upload",
    ),
    path("lamaran/<int:application_id>/kirim/", application_submit, name="application-submit"),
    path("lamaran/<int:application_id>/bukti.pdf", application_receipt, name="application-receipt"),
    path("dokumen/<int:document_id>/berkas/", document_file, name="document-file"),
    path("bukti/<str:receipt_key>/", receipt_verify, name="receipt-verify"),
]
