"""Managing selection periods (Admin BKPSDM) and formasi (Admin BKPSDM; Admin OPD in its subtree)."""

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, URLResolver, path
from django.utils import timezone
from django.views.decorators.http import require_POST

from simerit.core.exceptions import DomainError, InvalidInputError
from simerit.core.paging import query_without_page
from simerit.core.permissions import role_required
from simerit.core.roles import Role
from simerit.core.spreadsheets.writing import XLSX_CONTENT_TYPE
from simerit.core.types import AuthenticatedHttpRequest
from simerit.organization import selectors as org_selectors
from simerit.organization.permissions import opd_scope
from simerit.recruitment import downloads
from simerit.recruitment import formasi_import as importing
from simerit.recruitment.forms.formasi import (
    FormasiFilterForm,
    FormasiForm,
    FormasiImportForm,
    PeriodForm,
    ScheduleForm,
)
from simerit.recruitment.models import Formasi, SelectionPeriod
from simerit.recruitment.selectors import board as board_selectors
from simerit.recruitment.selectors import formasi as selectors
from simerit.recruitment.services import formasi as formasi_services
from simerit.recruitment.services import periods as period_services

MANAGERS = (Role.ADMIN_BKPSDM, Role.ADMIN_OPD)
PER_PAGE = 25
T = TypeVar("T")

# --- periods (Admin BKPSDM)


@role_required(Role.ADMIN_BKPSDM)
def period_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    page_obj = Paginator(selectors.list_periods(), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "recruitment/period_list.html", {"page_obj": page_obj})


@role_required(Role.ADMIN_BKPSDM)
def period_detail(request: AuthenticatedHttpRequest, period_id: int) -> HttpResponse:
    try:
        row = selectors.get_period_row(period_id=period_id)
    except SelectionPeriod.DoesNotExist:
        raise Http404("Periode seleksi tidak ditemukan.") from None
    timeline = board_selectors.stage_timeline(row.period.windows.all(), now=timezone.now())
    return render(request, "recruitment/period_detail.html", {"row": row, "timeline": timeline})


@role_required(Role.ADMIN_BKPSDM)
def period_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PeriodForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        period = _attempt(
            form, lambda: period_services.create_period(data=form.to_input(), actor=request.user)
        )
        if period is not None:
            messages.success(request, f"Periode {period.name} tersimpan sebagai draf.")
            return redirect("recruitment:period-detail", period_id=period.pk)
    return render(request, "recruitment/period_form.html", {"form": form, "period": None})


@role_required(Role.ADMIN_BKPSDM)
def period_edit(request: AuthenticatedHttpRequest, period_id: int) -> HttpResponse:
    period = get_object_or_404(SelectionPeriod, pk=period_id)
    form = PeriodForm(request.POST or None, period=period)
    if request.method == "POST" and form.is_valid():
        saved = _attempt(
            form,
            lambda: period_services.update_period(
                period=period, data=form.to_input(), actor=request.user
            ),
        )
        if saved is not None:
            messages.success(request, f"Perubahan periode {saved.name} tersimpan.")
            return redirect("recruitment:period-detail", period_id=saved.pk)
    return render(request, "recruitment/period_form.html", {"form": form, "period": period})


@role_required(Role.ADMIN_BKPSDM)
def period_schedule(request: AuthenticatedHttpRequest, period_id: int) -> HttpResponse:
    """All stage windows on one page; times are typed and shown in WIB (Asia/Jakarta)."""
    period = get_object_or_404(SelectionPeriod.objects.prefetch_related("windows"), pk=period_id)
    form = ScheduleForm(request.POST or None, period=period)
    if request.method == "POST" and form.is_valid():
        saved = _attempt(
            form,
            lambda: period_services.set_schedule(
                period=period, windows=form.windows(), actor=request.user
            ),
        )
        if saved is not None:
            messages.success(request, f"Jadwal {period.name} tersimpan.")
            return redirect("recruitment:period-detail", period_id=period.pk)
    return render(request, "recruitment/period_schedule.html", {"form": form, "period": period})


@require_POST
@role_required(Role.ADMIN_BKPSDM)
def period_publish(request: AuthenticatedHttpRequest, period_id: int) -> HttpResponse:
    period = get_object_or_404(SelectionPeriod, pk=period_id)
    if _act(request, lambda: period_services.publish_period(period=period, actor=request.user)):
        messages.success(request, f"Periode {period.name} diumumkan di papan formasi.")
    return redirect("recruitment:period-detail", period_id=period.pk)


@require_POST
@role_required(Role.ADMIN_BKPSDM)
def period_finish(request: AuthenticatedHttpRequest, period_id: int) -> HttpResponse:
    period = get_object_or_404(SelectionPeriod, pk=period_id)
    if _act(request, lambda: period_services.finish_period(period=period, actor=request.user)):
        messages.success(request, f"Periode {period.name} ditandai selesai.")
    return redirect("recruitment:period-detail", period_id=period.pk)


# --- formasi (Admin BKPSDM everywhere; Admin OPD in its own subtree)


@role_required(*MANAGERS)
def formasi_admin_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = FormasiFilterForm(request.GET)
    formasi = selectors.list_manageable_formasi(user=request.user, **form.filters())
    page_obj = Paginator(formasi, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page_obj,
        "query_string": query_without_page(request),
        "is_hr": request.user.has_role(Role.ADMIN_BKPSDM),
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "recruitment/formasi_admin_list.html#results", context)
    return render(request, "recruitment/formasi_admin_list.html", context)


@role_required(*MANAGERS)
def formasi_admin_detail(request: AuthenticatedHttpRequest, formasi_id: int) -> HttpResponse:
    formasi = _formasi_or_404(formasi_id)
    if not selectors.can_view_formasi(request.user, formasi):
        raise PermissionDenied
    is_hr = request.user.has_role(Role.ADMIN_BKPSDM)
    context = {
        "formasi": formasi,
        "requirements": board_selectors.describe_requirements(formasi),
        "counts": board_selectors.formasi_counts(formasi),
        "can_edit": formasi.status == Formasi.Status.DRAFT,
        "can_publish": is_hr and formasi.status == Formasi.Status.DRAFT,
        "can_close": is_hr and formasi.status == Formasi.Status.PUBLISHED,
    }
    return render(request, "recruitment/formasi_admin_detail.html", context)


@role_required(*MANAGERS)
def formasi_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not request.user.has_role(Role.ADMIN_BKPSDM) and opd_scope(request.user) is None:
        raise PermissionDenied  # an Admin OPD account not yet given a unit
    units = org_selectors.manageable_units(request.user)
    initial = {"period": request.GET.get("periode")} if request.GET.get("periode") else {}
    periods = selectors.periods_open_for_formasi()
    form = FormasiForm(request.POST or None, units=units, periods=periods, initial=initial)
    if request.method == "POST" and form.is_valid():
        formasi = _attempt(
            form,
            lambda: formasi_services.create_formasi(
                period=form.cleaned_data["period"], data=form.to_input(), actor=request.user
            ),
        )
        if formasi is not None:
            messages.success(request, f"Formasi {formasi.code} tersimpan sebagai draf.")
            return redirect("recruitment:formasi-admin-detail", formasi_id=formasi.pk)
    return render(request, "recruitment/formasi_form.html", {"form": form, "formasi": None})


@role_required(*MANAGERS)
def formasi_edit(request: AuthenticatedHttpRequest, formasi_id: int) -> HttpResponse:
    formasi = _formasi_or_404(formasi_id)
    if not selectors.can_view_formasi(request.user, formasi):
        raise PermissionDenied
    if formasi.status != Formasi.Status.DRAFT:
        messages.error(request, "Formasi yang sudah diumumkan tidak dapat diubah.")
        return redirect("recruitment:formasi-admin-detail", formasi_id=formasi.pk)
    units = org_selectors.manageable_units(request.user)
    form = FormasiForm(request.POST or None, units=units, formasi=formasi)
    if request.method == "POST" and form.is_valid():
        saved = _attempt(
            form,
            lambda: formasi_services.update_formasi(
                formasi=formasi, data=form.to_input(), actor=request.user
            ),
        )
        if saved is not None:
            messages.success(request, f"Perubahan formasi {saved.code} tersimpan.")
            return redirect("recruitment:formasi-admin-detail", formasi_id=saved.pk)
    return render(request, "recruitment/formasi_form.html", {"form": form, "formasi": formasi})


@require_POST
@role_required(Role.ADMIN_BKPSDM)
def formasi_publish(request: AuthenticatedHttpRequest, formasi_id: int) -> HttpResponse:
    formasi = get_object_or_404(Formasi.objects.select_related("period"), pk=formasi_id)
    if _act(request, lambda: formasi_services.publish_formasi(formasi=formasi, actor=request.user)):
        messages.success(request, f"Formasi {formasi.code} diumumkan di papan formasi.")
    return redirect("recruitment:formasi-admin-detail", formasi_id=formasi.pk)


@require_POST
@role_required(Role.ADMIN_BKPSDM)
def formasi_close(request: AuthenticatedHttpRequest, formasi_id: int) -> HttpResponse:
    formasi = get_object_or_404(Formasi, pk=formasi_id)
    if _act(request, lambda: formasi_services.close_formasi(formasi=formasi, actor=request.user)):
        messages.success(request, f"Formasi {formasi.code} ditutup.")
    return redirect("recruitment:formasi-admin-detail", formasi_id=formasi.pk)


@role_required(*MANAGERS)
def formasi_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Upload a workbook: every row becomes a draft formasi, or none and each problem is listed."""
    periods = selectors.periods_open_for_formasi()
    form = FormasiImportForm(request.POST or None, request.FILES or None, periods=periods)
    result = None
    if request.method == "POST" and form.is_valid():
        content = form.cleaned_data["file"].read()
        period = form.cleaned_data["period"]
        try:
            result = importing.import_formasi(content, period=period, user=request.user)
        except DomainError as error:
            form.add_error("file", error.message)
        if result is not None and not result.errors:
            messages.success(request, f"{result.created} formasi diimpor sebagai draf.")
            return redirect("recruitment:formasi-admin-list")
    context = {"form": form, "result": result, "columns": importing.COLUMNS}
    return render(request, "recruitment/formasi_import.html", context)


@role_required(*MANAGERS)
def formasi_import_template(request: AuthenticatedHttpRequest) -> HttpResponse:
    content = importing.template_workbook(user=request.user)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = downloads.attachment("templat-impor-formasi.xlsx")
    return response


# --- helpers


def _formasi_or_404(formasi_id: int) -> Formasi:
    try:
        return selectors.get_formasi_for_admin(formasi_id=formasi_id)
    except Formasi.DoesNotExist:
        raise Http404("Formasi tidak ditemukan.") from None


def _attempt(form: Any, call: Callable[[], T]) -> T | None:
    """Call the service; its refusals become form errors and nothing is saved."""
    try:
        return call()
    except InvalidInputError as error:
        form.add_service_errors(error.errors)
    except DomainError as error:
        form.add_service_errors({error.field or "": [error.message]})
    except ValidationError as error:
        form.add_service_errors(error.message_dict)
    return None


def _act(request: AuthenticatedHttpRequest, call: Callable[[], object]) -> bool:
    """Run a state change; a refusal becomes an error message on the next page."""
    try:
        call()
    except DomainError as error:
        messages.error(request, error.message)
        return False
    return True


urlpatterns: list[URLPattern | URLResolver] = [
    path("kelola/periode/", period_list, name="period-list"),
    path("kelola/periode/baru/", period_create, name="period-create"),
    path("kelola/periode/<int:period_id>/", period_detail, name="period-detail"),
    path("kelola/periode/<int:period_id>/ubah/", period_edit, name="period-edit"),
    path("kelola/periode/<int:period_id>/jadwal/", period_schedule, name="period-schedule"),
    path("kelola/periode/<int:period_id>/umumkan/", period_publish, name="period-publish"),
    path("kelola/periode/<int:period_id>/selesai/", period_finish, name="period-finish"),
    path("kelola/formasi/", formasi_admin_list, name="formasi-admin-list"),
    path("kelola/formasi/baru/", formasi_create, name="formasi-create"),
    path("kelola/formasi/impor/", formasi_import, name="formasi-import"),
    path("kelola/formasi/impor/templat/", formasi_import_template, name="formasi-import-template"),
    path("kelola/formasi/<int:formasi_id>/", formasi_admin_detail, name="formasi-admin-detail"),
    path("kelola/formasi/<int:formasi_id>/ubah/", formasi_edit, name="formasi-edit"),
    path("kelola/formasi/<int:formasi_id>/umumkan/", formasi_publish, name="formasi-publish"),
    path("kelola/formasi/<int:formasi_id>/tutup/", formasi_close, name="formasi-close"),
]
