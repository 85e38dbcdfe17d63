"""Admin BKPSDM's pages of the public preparation (under /pelatihan/, namespace `training`):
information sessions with their registrants (and the Excel export, audited), and the reading
materials. The Auditor reads every page; each change is a POST calling one service, which refuses
anyone but Admin BKPSDM (403)."""

from collections.abc import Callable
from typing import Any

import openpyxl
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from openpyxl.utils import get_column_letter

from simerit.core.exceptions import DomainError, InvalidInputError
from simerit.core.paging import query_without_page
from simerit.core.permissions import role_required
from simerit.core.roles import Role
from simerit.core.spreadsheets.writing import (
    XLSX_CONTENT_TYPE,
    header_cells,
    safe_row,
    text_cell,
    workbook_bytes,
)
from simerit.core.types import AuthenticatedHttpRequest
from simerit.training import permissions
from simerit.training.forms.public import (
    MaterialForm,
    ReasonForm,
    RegistrantFilterForm,
    SessionFilterForm,
    SessionForm,
    add_service_errors,
)
from simerit.training.models import InformationSession, ReadingMaterial, SessionRegistration
from simerit.training.selectors import public as selectors
from simerit.training.services import public as services
from simerit.training.services import public_materials as material_services
from simerit.training.services import public_sessions as session_services
from simerit.training.views.public import pdf_download

READERS = (Role.ADMIN_BKPSDM, Role.AUDITOR)
PER_PAGE = 25
REGISTRANT_HEADERS = (
    "Kode",
    "Nama",
    "E-mail",
    "Nomor HP",
    "Status",
    "Mendaftar pada",
    "Masuk daftar tunggu",
)
REGISTRANT_WIDTHS = (16, 32, 32, 18, 16, 20, 20)


def _require_hr(request: AuthenticatedHttpRequest) -> None:
    """Forms that only lead to a change: the Auditor reads the data elsewhere."""
    if not permissions.is_hr(request.user):
        raise PermissionDenied(services.HR_ONLY)


def _session_or_404(session_id: int) -> InformationSession:
    try:
        return selectors.get_admin_session(session_id=session_id)
    except InformationSession.DoesNotExist as error:
        raise Http404 from error


def _run_form(form: SessionForm | MaterialForm, call: Callable[[], Any]) -> Any:
    """Call one service with a valid form; its refusals become the form's errors."""
    if not form.is_valid():
        return None
    try:
        return call()
    except InvalidInputError as error:
        add_service_errors(form, error.errors)
    except DomainError as error:
        add_service_errors(form, {error.field or "": [error.message]})
    return None


# --- Sessions


@role_required(*READERS)
@require_GET
def session_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = SessionFilterForm(request.GET)
    page_obj = Paginator(selectors.list_admin_sessions(**form.filters()), PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "form": form,
        "page_obj": page_obj,
        "query_string": query_without_page(request),
        "can_manage": permissions.is_hr(request.user),
    }
    return render(request, "training/public/admin/session_list.html", context)


@role_required(*READERS)
@require_http_methods(["GET", "POST"])
def session_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_hr(request)
    form = SessionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        created = _run_form(
            form, lambda: session_services.create_session(data=form.to_input(), actor=request.user)
        )
        if isinstance(created, InformationSession):
            messages.success(request, "Sesi tersimpan sebagai draf. Umumkan bila sudah siap.")
            return redirect("training:session-admin-detail", session_id=created.pk)
    return render(request, "training/public/admin/session_form.html", {"form": form})


@role_required(*READERS)
@require_http_methods(["GET", "POST"])
def session_edit(request: AuthenticatedHttpRequest, session_id: int) -> HttpResponse:
    _require_hr(request)
    session = _session_or_404(session_id)
    data = request.POST if request.method == "POST" else None
    form = SessionForm(data, instance=session)
    if request.method == "POST":
        updated = _run_form(
            form,
            lambda: session_services.update_session(
                session=session, data=form.to_input(), actor=request.user
            ),
        )
        if updated is not None:
            messages.success(request, "Perubahan sesi tersimpan.")
            return redirect("training:session-admin-detail", session_id=session.pk)
    context = {"form": form, "session": session}
    return render(request, "training/public/admin/session_form.html", context)


@role_required(*READERS)
@require_GET
def session_detail(request: AuthenticatedHttpRequest, session_id: int) -> HttpResponse:
    """The session, its counts, the actions, and the registrants (filter by status; the codes in
    full only for Admin BKPSDM)."""
    session = _session_or_404(session_id)
    filter_form = RegistrantFilterForm(request.GET)
    registrants = selectors.list_registrants(session=session, status=filter_form.status_value())
    page_obj = Paginator(registrants, PER_PAGE).get_page(request.GET.get("page"))
    now = timezone.now()
    is_hr = permissions.is_hr(request.user)
    live = session.status != InformationSession.Status.CANCELLED and now < session.ends_at
    context = {
        "session": session,
        "filter_form": filter_form,
        "page_obj": page_obj,
        "rows": selectors.registrant_rows(page_obj.object_list, full_code=is_hr),
        "full_codes": is_hr,
        "query_string": query_without_page(request),
        "can_edit": is_hr and live,
        "can_publish": is_hr and session.status == InformationSession.Status.DRAFT,
        "can_cancel_registrations": is_hr and live,
        "cancel_form": ReasonForm(auto_id="batal_sesi_%s") if is_hr and live else None,
    }
    return render(request, "training/public/admin/session_detail.html", context)


@role_required(*READERS)
@require_POST
def session_publish(request: AuthenticatedHttpRequest, session_id: int) -> HttpResponse:
    session = _session_or_404(session_id)
    try:
        session_services.publish_session(session=session, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Sesi diumumkan dan terbuka untuk pendaftaran.")
    return redirect("training:session-admin-detail", session_id=session.pk)


@role_required(*READERS)
@require_POST
def session_cancel(request: AuthenticatedHttpRequest, session_id: int) -> HttpResponse:
    session = _session_or_404(session_id)
    reason = str(request.POST.get("reason", ""))
    try:
        session_services.cancel_session(session=session, reason=reason, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Sesi dibatalkan; pendaftar diberi tahu melalui e-mail.")
    return redirect("training:session-admin-detail", session_id=session.pk)


@role_required(*READERS)
@require_POST
def registration_cancel(request: AuthenticatedHttpRequest, registration_id: int) -> HttpResponse:
    registration = get_object_or_404(SessionRegistration, pk=registration_id)
    reason = str(request.POST.get("reason", ""))
    try:
        services.cancel_registration_as_hr(
            registration=registration, reason=reason, actor=request.user
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Pendaftaran {registration.code} dibatalkan.")
    return redirect("training:session-admin-detail", session_id=registration.session_id)


@role_required(*READERS)
@require_GET
def registrants_export(request: AuthenticatedHttpRequest, session_id: int) -> HttpResponse:
    """Every registrant of the session as .xlsx; the download is written to the audit log."""
    session = _session_or_404(session_id)
    registrants = list(selectors.list_registrants(session=session))
    content = registrants_workbook(registrants, full_codes=permissions.is_hr(request.user))
    session_services.record_registrants_export(
        session=session, actor=request.user, rows=len(registrants)
    )
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    filename = f"pendaftar-sesi-{session.pk}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def registrants_workbook(registrants: list[SessionRegistration], *, full_codes: bool) -> bytes:
    """One row per registrant; names typed by visitors never become formulas, phone numbers stay
    text (a leading 0 kept). The codes in full only for Admin BKPSDM (selectors.shown_code)."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Pendaftar")
    for index, width in enumerate(REGISTRANT_WIDTHS):
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    sheet.append(header_cells(sheet, REGISTRANT_HEADERS))
    for registration in registrants:
        waitlisted = registration.waitlisted_at
        sheet.append(
            safe_row(
                sheet,
                [
                    selectors.shown_code(registration.code, full=full_codes),
                    registration.name,
                    registration.email,
                    text_cell(sheet, registration.phone, number_format="@"),
                    registration.get_status_display(),
                    timezone.localtime(registration.created_at).replace(tzinfo=None),
                    timezone.localtime(waitlisted).replace(tzinfo=None) if waitlisted else None,
                ],
            )
        )
    return workbook_bytes(workbook)


# --- Reading materials


@role_required(*READERS)
@require_GET
def material_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    page_obj = Paginator(selectors.list_materials(), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page_obj,
        "query_string": query_without_page(request),
        "can_manage": permissions.is_hr(request.user),
    }
    return render(request, "training/public/admin/material_list.html", context)


@role_required(*READERS)
@require_http_methods(["GET", "POST"])
def material_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_hr(request)
    post = request.method == "POST"
    form = MaterialForm(request.POST if post else None, request.FILES if post else None)
    if post:
        created = _run_form(
            form,
            lambda: material_services.create_material(
                data=form.to_input(), upload=form.upload(), actor=request.user
            ),
        )
        if created is not None:
            messages.success(request, "Bahan bacaan tersimpan (belum diterbitkan).")
            return redirect("training:material-admin-list")
    return render(request, "training/public/admin/material_form.html", {"form": form})


@role_required(*READERS)
@require_http_methods(["GET", "POST"])
def material_edit(request: AuthenticatedHttpRequest, material_id: int) -> HttpResponse:
    _require_hr(request)
    found = get_object_or_404(ReadingMaterial, pk=material_id)
    post = request.method == "POST"
    form = MaterialForm(
        request.POST if post else None, request.FILES if post else None, instance=found
    )
    if post:
        updated = _run_form(
            form,
            lambda: material_services.update_material(
                material=found,
                data=form.to_input(),
                upload=form.upload(),
                remove_file=form.wants_file_removed(),
                actor=request.user,
            ),
        )
        if updated is not None:
            messages.success(request, "Perubahan bahan bacaan tersimpan.")
            return redirect("training:material-admin-list")
    return render(
        request, "training/public/admin/material_form.html", {"form": form, "material": found}
    )


def _set_published(
    request: AuthenticatedHttpRequest, material_id: int, *, published: bool
) -> HttpResponse:
    found = get_object_or_404(ReadingMaterial, pk=material_id)
    try:
        material_services.set_material_published(
            material=found, published=published, actor=request.user
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        done = "diterbitkan" if published else "ditarik dari halaman publik"
        messages.success(request, f"Bahan bacaan {done}.")
    return redirect("training:material-admin-list")


@role_required(*READERS)
@require_POST
def material_publish(request: AuthenticatedHttpRequest, material_id: int) -> HttpResponse:
    return _set_published(request, material_id, published=True)


@role_required(*READERS)
@require_POST
def material_unpublish(request: AuthenticatedHttpRequest, material_id: int) -> HttpResponse:
    return _set_published(request, material_id, published=False)


@login_required
@require_GET
def material_file(request: AuthenticatedHttpRequest, material_id: int) -> FileResponse:
    """The PDF of any material, published or not (to check it before publishing)."""
    if not permissions.reads_everything(request.user):
        raise PermissionDenied
    found = get_object_or_404(ReadingMaterial, pk=material_id)
    if not found.file:
        raise Http404
    return pdf_download(found)


urlpatterns: list[URLPattern] = [
    path("sosialisasi/", session_list, name="session-admin-list"),
    path("sosialisasi/baru/", session_create, name="session-create"),
    path("sosialisasi/<int:session_id>/", session_detail, name="session-admin-detail"),
    path("sosialisasi/<int:session_id>/ubah/", session_edit, name="session-edit"),
    path("sosialisasi/<int:session_id>/umumkan/", session_publish, name="session-publish"),
    path("sosialisasi/<int:session_id>/batalkan/", session_cancel, name="session-cancel"),
    path(
        "sosialisasi/<int:session_id>/unduh/",
        registrants_export,
        name="session-registrants-export",
    ),
    path(
        "sosialisasi/pendaftar/<int:registration_id>/batalkan/",
        registration_cancel,
        name="session-registration-cancel",
    ),
    path("bahan-bacaan/", material_list, name="material-admin-list"),
    path("bahan-bacaan/baru/", material_create, name="material-create"),
    path("bahan-bacaan/<int:material_id>/ubah/", material_edit, name="material-edit"),
    path("bahan-bacaan/<int:material_id>/terbitkan/", material_publish, name="material-publish"),
    path("bahan-bacaan/<int:material_id>/tarik/", material_unpublish, name="material-unpublish"),
    path("bahan-bacaan/<int:material_id>/berkas/", material_file, name="material-admin-file"),
]
