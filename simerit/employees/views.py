from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from simerit.accounts.models import User
from simerit.core.exceptions import DomainError, InvalidInputError
from simerit.core.paging import query_without_page
from simerit.core.permissions import role_required
from simerit.core.roles import Role
from simerit.core.spreadsheets.rows import RowError
from simerit.core.spreadsheets.writing import XLSX_CONTENT_TYPE
from simerit.core.types import AuthenticatedHttpRequest
from simerit.employees import exporting, selectors, services
from simerit.employees.forms import EmployeeFilterForm, EmployeeForm, EmployeeImportForm
from simerit.employees.importing import columns, planning, template
from simerit.employees.models import Employee
from simerit.employees.permissions import (
    can_manage_employee,
    can_see_full_nik,
    can_view_employee,
)
from simerit.employees.rules import mask_nik
from simerit.organization import selectors as org_selectors
from simerit.organization.permissions import opd_scope

LIST_READERS = (Role.ADMIN_BKPSDM, Role.ADMIN_OPD, Role.AUDITOR)
MANAGERS = (Role.ADMIN_BKPSDM, Role.ADMIN_OPD)
PER_PAGE = 25


@role_required(*LIST_READERS)
def employee_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Search and filter the employees the account may see (Admin OPD: its own subtree)."""
    form = _filter_form(request)
    employees = selectors.list_employees(user=request.user, **form.filters())
    page_obj = Paginator(employees, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page_obj,
        "query_string": query_without_page(request),
        "can_manage": request.user.has_role(*MANAGERS),
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "employees/employee_list.html#results", context)
    return render(request, "employees/employee_list.html", context)


@role_required(*LIST_READERS)
def employee_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The filtered list as .xlsx; the download itself is written to the audit log."""
    filters = _filter_form(request).filters()
    employees = list(selectors.list_employees(user=request.user, **filters))
    content = exporting.employees_workbook(employees, user=request.user)
    unit = filters["work_unit"]
    logged = {
        **filters,
        "work_unit": unit.code if unit else "",
        "nik_needs_review": "ya" if filters["nik_needs_review"] else "",
    }
    services.record_employee_export(actor=request.user, count=len(employees), filters=logged)
    return _xlsx(content, f"pegawai-{timezone.localdate():%Y%m%d}.xlsx")


@login_required
def employee_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The profile; an employee outside the account's reach is a 403, not a 404."""
    try:
        employee = selectors.get_employee_profile(employee_id=pk)
    except Employee.DoesNotExist:
        raise Http404("Pegawai tidak ditemukan.") from None
    if not can_view_employee(request.user, employee):
        raise PermissionDenied
    return render(request, "employees/employee_detail.html", _profile(request.user, employee))


@login_required
def my_profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    own = selectors.get_own_employee(user=request.user)
    if own is None:
        return render(request, "employees/profile_unlinked.html")
    employee = selectors.get_employee_profile(employee_id=own.pk)
    return render(request, "employees/employee_detail.html", _profile(request.user, employee))


@role_required(Role.ATASAN)
def team(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The supervisor's direct subordinates."""
    employees = selectors.list_team(supervisor=request.user)
    page_obj = Paginator(employees, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "employees/team_list.html", {"page_obj": page_obj})


@role_required(*MANAGERS)
def employee_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not _may_add(request.user):
        raise PermissionDenied
    units = org_selectors.manageable_units(request.user)
    form = EmployeeForm(request.POST or None, user=request.user, units=units)
    if request.method == "POST" and form.is_valid():
        employee = _save(form, actor=request.user)
        if employee is not None:
            messages.success(request, f"Data pegawai {employee.display_name} tersimpan.")
            _warn_nik_review(request, employee)
            return redirect("employees:detail", pk=employee.pk)
    return render(request, "employees/employee_form.html", {"form": form, "employee": None})


@role_required(*MANAGERS)
def employee_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    employee = get_object_or_404(
        Employee.objects.select_related("work_unit", "supervisor", "position"), pk=pk
    )
    if not can_manage_employee(request.user, employee):
        raise PermissionDenied
    units = org_selectors.manageable_units(request.user)
    form = EmployeeForm(request.POST or None, user=request.user, units=units, employee=employee)
    if request.method == "POST" and form.is_valid():
        saved = _save(form, actor=request.user, employee=employee)
        if saved is not None:
            messages.success(request, f"Perubahan data {saved.display_name} tersimpan.")
            _warn_nik_review(request, saved)
            return redirect("employees:detail", pk=saved.pk)
    return render(request, "employees/employee_form.html", {"form": form, "employee": employee})


@role_required(*MANAGERS)
def employee_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Upload a workbook: every row is written, or none and the page lists each problem."""
    form = EmployeeImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = planning.import_employees(form.cleaned_data["file"].read(), user=request.user)
        except DomainError as error:
            form.add_error("file", error.message)
        if result is not None and not result.errors:
            messages.success(request, f"{result.created} pegawai berhasil diimpor.")
            if result.nik_review:
                messages.warning(request, _import_review_message(result.nik_review))
            return redirect("employees:import")
    context = {"form": form, "result": result, "columns": columns.COLUMNS}
    return render(request, "employees/employee_import.html", context)


@role_required(*MANAGERS)
def import_template(request: AuthenticatedHttpRequest) -> HttpResponse:
    content = template.template_workbook(user=request.user)
    return _xlsx(content, "templat-impor-pegawai.xlsx")


def _filter_form(request: AuthenticatedHttpRequest) -> EmployeeFilterForm:
    return EmployeeFilterForm(request.GET, units=org_selectors.visible_units(request.user))


def _may_add(user: User) -> bool:
    return user.has_role(Role.ADMIN_BKPSDM) or opd_scope(user) is not None


def _save(form: EmployeeForm, *, actor: User, employee: Employee | None = None) -> Employee | None:
    """Call the service; its refusals become form errors and nothing is saved."""
    try:
        if employee is None:
            return services.create_employee(data=form.to_input(), actor=actor)
        return services.update_employee(employee=employee, data=form.to_input(), actor=actor)
    except InvalidInputError as error:
        form.add_service_errors(error.errors)
    except DomainError as error:
        form.add_service_errors({error.field or "": [error.message]})
    return None


def _warn_nik_review(request: AuthenticatedHttpRequest, employee: Employee) -> None:
    if employee.nik_needs_review:
        messages.warning(
            request, f"Data tersimpan, tetapi NIK perlu diperiksa: {employee.nik_review_note}"
        )


def _import_review_message(rows: list[RowError]) -> str:
    numbers = ", ".join(str(row.row) for row in rows)
    return (
        f"NIK {len(rows)} pegawai perlu diperiksa (baris {numbers}): tanggal lahir atau jenis "
        "kelamin pada NIK berbeda dengan NIP. Data tetap disimpan; saring daftar pegawai dengan "
        "“NIK perlu diperiksa”."
    )


def _profile(user: User, employee: Employee) -> dict[str, Any]:
    subordinates = list(selectors.list_subordinates(employee=employee))
    linked = [e.pk for e in subordinates] + (
        [employee.supervisor_id] if employee.supervisor_id else []
    )
    return {
        "employee": employee,
        "nik": employee.nik if can_see_full_nik(user, employee) else mask_nik(employee.nik),
        "subordinates": subordinates,
        "openable": selectors.filter_visible_ids(user=user, ids=linked),
        "can_edit": can_manage_employee(user, employee),
    }


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
