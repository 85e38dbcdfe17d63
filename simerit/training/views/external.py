"""External training: the employee's own records (add, correct or withdraw while waiting), Admin
BKPSDM's validation queue (the Auditor reads it) and the permission-checked certificate file.

A record the account may not see is a 404; a visible one it may not change is a 403 (the
services decide)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from simerit.core.downloads import DOWNLOAD_CSP
from simerit.core.exceptions import DomainError
from simerit.core.form_views import form_messages, run_form
from simerit.core.paging import query_without_page
from simerit.core.permissions import role_required
from simerit.core.roles import Role
from simerit.core.types import AuthenticatedHttpRequest
from simerit.recruitment import uploads
from simerit.training import permissions
from simerit.training.forms.records import (
    ExternalTrainingForm,
    RejectForm,
    ReviewFilterForm,
    ValidateForm,
)
from simerit.training.models import ExternalTraining
from simerit.training.rules.jp import training_year
from simerit.training.selectors import records as selectors
from simerit.training.services import external as services
from simerit.training.services.classes import max_jp_per_day

PER_PAGE = 20
READERS = (Role.ADMIN_BKPSDM, Role.AUDITOR)


def _visible(request: AuthenticatedHttpRequest) -> QuerySet[ExternalTraining]:
    return selectors.visible_external_trainings(request.user)


# --- The employee


@login_required
@require_http_methods(["GET", "POST"])
def external_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """GET: my records and the form. POST: record a course (re-shown with errors if refused)."""
    employee = permissions.employee_of(request.user)
    form = ExternalTrainingForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if request.method == "POST" and run_form(
        form,
        lambda: services.submit_external_training(
            data=form.to_input(), upload=form.cleaned_data["file"], actor=request.user
        ),
    ):
        messages.success(request, "Pelatihan tercatat dan menunggu validasi BKPSDM.")
        return redirect("training:external-list")
    today = timezone.localdate()
    page_obj = Paginator(selectors.list_my_external_trainings(request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "employee": employee,
        "form": form,
        "page_obj": page_obj,
        "query_string": query_without_page(request),
        "year": training_year(today),
        "max_jp_per_day": max_jp_per_day(training_year(today)),
    }
    status = 422 if form.errors else 200
    return render(request, "training/records/external_list.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def external_edit(request: AuthenticatedHttpRequest, external_id: int) -> HttpResponse:
    """Correct a record still waiting for validation (its owner only: 403 for other readers)."""
    record = get_object_or_404(_visible(request), pk=external_id)
    if record.employee.user_id != request.user.pk:
        raise PermissionDenied(services.OWNER_ONLY)
    if record.status != ExternalTraining.Status.SUBMITTED:
        messages.error(request, "Hanya pelatihan yang menunggu validasi yang dapat diubah.")
        return redirect("training:external-list")
    posted = request.method == "POST"
    form = ExternalTrainingForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        initial=ExternalTrainingForm.initial_of(record),
        file_required=False,
    )
    if posted and run_form(
        form,
        lambda: services.update_external_training(
            external=record,
            data=form.to_input(),
            upload=form.cleaned_data.get("file"),
            actor=request.user,
        ),
    ):
        messages.success(request, "Perubahan tersimpan.")
        return redirect("training:external-list")
    context = {"record": record, "form": form}
    status = 422 if form.errors else 200
    return render(request, "training/records/external_edit.html", context, status=status)


@login_required
@require_POST
def external_withdraw(request: AuthenticatedHttpRequest, external_id: int) -> HttpResponse:
    record = get_object_or_404(_visible(request), pk=external_id)
    try:
        services.withdraw_external_training(external=record, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Catatan {record.title} ditarik.")
    return redirect("training:external-list")


@login_required
@require_GET
def external_file(request: AuthenticatedHttpRequest, external_id: int) -> FileResponse:
    """The certificate file as a download, named by the record's number only."""
    record = get_object_or_404(_visible(request), pk=external_id)
    response = FileResponse(
        record.certificate_file.open("rb"),
        as_attachment=True,
        filename=f"sertifikat-eksternal-{record.pk}.{record.file_format}",
        content_type=uploads.CONTENT_TYPES.get(record.file_format, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = DOWNLOAD_CSP
    return response


# --- Admin BKPSDM (the Auditor reads)


@role_required(*READERS)
@require_GET
def external_review(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The queue: waiting records first by default, any status on request."""
    form = ReviewFilterForm(request.GET if request.GET else {"status": "submitted"})
    status, search = "", ""
    if form.is_valid():
        status, search = form.cleaned_data["status"], form.cleaned_data["q"]
    records = selectors.list_external_reviews(status=status, search=search)
    page_obj = Paginator(records, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page_obj,
        "query_string": query_without_page(request),
        "can_manage": permissions.is_hr(request.user),
    }
    return render(request, "training/records/external_review.html", context)


def _back_to_queue(record: ExternalTraining) -> HttpResponse:
    response = redirect("training:external-review")
    response["Location"] += f"#eksternal-{record.pk}"
    return response


@role_required(*READERS)
@require_POST
def external_validate(request: AuthenticatedHttpRequest, external_id: int) -> HttpResponse:
    record = get_object_or_404(selectors.external_trainings(), pk=external_id)
    if not permissions.is_hr(request.user):
        raise PermissionDenied(permissions.HR_ONLY)
    form = ValidateForm(request.POST)
    if run_form(
        form,
        lambda: services.validate_external_training(
            external=record,
            jp_validated=form.cleaned_data["jp_validated"],
            note=form.cleaned_data["note"],
            actor=request.user,
        ),
    ):
        messages.success(request, f"{record.title} ({record.employee.display_name}) divalidasi.")
    else:
        form_messages(request, form)
    return _back_to_queue(record)


@role_required(*READERS)
@require_POST
def external_reject(request: AuthenticatedHttpRequest, external_id: int) -> HttpResponse:
    record = get_object_or_404(selectors.external_trainings(), pk=external_id)
    if not permissions.is_hr(request.user):
        raise PermissionDenied(permissions.HR_ONLY)
    form = RejectForm(request.POST)
    if run_form(
        form,
        lambda: services.reject_external_training(
            external=record, reason=form.cleaned_data["reason"], actor=request.user
        ),
    ):
        messages.success(request, f"{record.title} ({record.employee.display_name}) ditolak.")
    else:
        form_messages(request, form)
    return _back_to_queue(record)


urlpatterns: list[URLPattern] = [
    path("eksternal/", external_list, name="external-list"),
    path("eksternal/validasi/", external_review, name="external-review"),
    path("eksternal/<int:external_id>/ubah/", external_edit, name="external-edit"),
    path("eksternal/<int:external_id>/tarik/", external_withdraw, name="external-withdraw"),
    path("eksternal/<int:external_id>/berkas/", external_file, name="external-file"),
    path("eksternal/<int:external_id>/validasi/", external_validate, name="external-validate"),
    path("eksternal/<int:external_id>/tolak/", external_reject, name="external-reject"),
]
