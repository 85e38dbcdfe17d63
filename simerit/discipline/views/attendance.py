"""Attendance pages: the monthly recap (everyone sees what `visible_attendance` allows), its Excel
import and template (Admin BKPSDM), and the absence ladder (§7.2; Admin BKPSDM and the Auditor)
with its audited Excel export and the one-click opening of a case from a proposal (Admin BKPSDM)."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from simerit.core.exceptions import DomainError
from simerit.core.forms import BootstrapFormMixin
from simerit.core.paging import query_without_page
from simerit.core.permissions import role_required
from simerit.core.roles import Role
from simerit.core.spreadsheets.text import megabytes, thousands
from simerit.core.spreadsheets.writing import XLSX_CONTENT_TYPE
from simerit.core.types import AuthenticatedHttpRequest
from simerit.discipline import exporting, importing, permissions
from simerit.discipline.selectors import attendance as selectors
from simerit.discipline.services import attendance as services
from simerit.discipline.views.cases import detail_url
from simerit.employees.models import Employee
from simerit.organization.models import WorkUnit

PER_PAGE = 25


class AttendanceFilterForm(BootstrapFormMixin, forms.Form):
    bulan = forms.ChoiceField(label="Bulan", required=False, choices=[])
    unit = forms.ModelChoiceField(
        label="Perangkat daerah", required=False, queryset=WorkUnit.objects.none()
    )
    q = forms.CharField(label="Cari nama atau NIP", required=False, max_length=100)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        months = selectors.months_of(user)
        self.months = {f"{month:%Y-%m}": month for month in months}
        self.fields["bulan"].choices = [("", "Semua bulan"), *[(key, key) for key in self.months]]  # type: ignore[attr-defined]
        self.fields["unit"].queryset = selectors.unit_choices()  # type: ignore[attr-defined]
        self.fields["unit"].empty_label = "Semua perangkat daerah"  # type: ignore[attr-defined]

    def value(self, name: str) -> Any:
        return self.cleaned_data.get(name) if self.is_valid() else None


class ImportForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label="Berkas Excel (.xlsx)",
        help_text=(
            f"Gunakan templat. Maksimal {importing.MAX_FILE_BYTES // 1024 // 1024} MB dan "
            f"{thousands(importing.MAX_ROWS)} baris data."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX_CONTENT_TYPE}"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > importing.MAX_FILE_BYTES:
            raise forms.ValidationError(
                f"Berkas terlalu besar ({megabytes(upload.size)} MB); batasnya "
                f"{importing.MAX_FILE_BYTES // 1024 // 1024} MB. Bagi data menjadi beberapa berkas."
            )
        return upload


class LadderFilterForm(BootstrapFormMixin, forms.Form):
    tahun = forms.TypedChoiceField(label="Tahun", coerce=int, required=False, choices=[])
    q = forms.CharField(label="Cari nama atau NIP", required=False, max_length=100)
    belum = forms.BooleanField(label="Hanya yang belum ditindaklanjuti", required=False)

    def __init__(self, *args: Any, current: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        years = selectors.year_choices(current=current)
        self.fields["tahun"].choices = [(year, str(year)) for year in years]  # type: ignore[attr-defined]
        self.current = current

    def year(self) -> int:
        return (self.cleaned_data.get("tahun") if self.is_valid() else None) or self.current


@login_required
@require_GET
def attendance_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = AttendanceFilterForm(request.GET or None, user=request.user)
    month_key = form.value("bulan") or ""
    rows = selectors.list_attendance(
        user=request.user,
        month=form.months.get(month_key),
        unit=form.value("unit"),
        search=form.value("q") or "",
    )
    context = {
        "form": form,
        "page_obj": Paginator(rows, PER_PAGE).get_page(request.GET.get("page")),
        "query_string": query_without_page(request),
        "can_import": permissions.is_hr(request.user),
        "reads_ladder": selectors.reads_ladder(request.user),
    }
    return render(request, "discipline/attendance/attendance_list.html", context)


@role_required(Role.ADMIN_BKPSDM)
@require_http_methods(["GET", "POST"])
def attendance_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Upload a workbook: every row is stored, or none and the page lists each problem."""
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = importing.import_attendance(
                upload.read(), file_name=upload.name or "", actor=request.user
            )
        except DomainError as error:
            form.add_error("file", error.message)
        if result is not None and result.stored:
            messages.success(
                request,
                f"Rekap kehadiran diimpor: {result.created} baris baru, {result.replaced} "
                f"diganti, {result.unchanged} tidak berubah.",
            )
            return redirect("discipline:attendance_list")
    context = {"form": form, "result": result, "columns": importing.COLUMNS}
    failed = form.errors or (result is not None and result.errors)
    status = 422 if failed else 200
    return render(request, "discipline/attendance/attendance_import.html", context, status=status)


@role_required(Role.ADMIN_BKPSDM)
@require_GET
def attendance_template(request: AuthenticatedHttpRequest) -> HttpResponse:
    response = HttpResponse(importing.template_workbook(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="templat-rekap-kehadiran.xlsx"'
    return response


@role_required(Role.ADMIN_BKPSDM, Role.AUDITOR)
@require_GET
def ladder(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = LadderFilterForm(request.GET or None, current=timezone.localdate().year)
    year = form.year()
    rows = selectors.ladder(
        year=year,
        search=(form.cleaned_data.get("q") or "") if form.is_valid() else "",
        open_only=bool(form.is_valid() and form.cleaned_data.get("belum")),
    )
    context = {
        "form": form,
        "year": year,
        "page_obj": Paginator(rows, PER_PAGE).get_page(request.GET.get("page")),
        "query_string": query_without_page(request),
        "can_open": permissions.is_hr(request.user),
    }
    return render(request, "discipline/attendance/ladder.html", context)


@role_required(Role.ADMIN_BKPSDM, Role.AUDITOR)
@require_GET
def ladder_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The ladder of the year with the page's filters as .xlsx (no NIK); audited."""
    form = LadderFilterForm(request.GET or None, current=timezone.localdate().year)
    year = form.year()
    content = exporting.export_ladder(
        actor=request.user,
        year=year,
        search=(form.cleaned_data.get("q") or "") if form.is_valid() else "",
        open_only=bool(form.is_valid() and form.cleaned_data.get("belum")),
    )
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="usulan-jenjang-hukuman-{year}.xlsx"'
    # Personal data (names, NIP, absences): no copy in a shared or browser cache.
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_required
def ladder_open_case(request: AuthenticatedHttpRequest, employee_id: int) -> HttpResponse:
    """Open a case from the proposal of `employee_id` for the posted year (Admin BKPSDM)."""
    if not permissions.is_hr(request.user):
        raise PermissionDenied(services.LADDER_HR_ONLY)
    employee = get_object_or_404(Employee, pk=employee_id)
    year_text = request.POST.get("year", "")
    year = int(year_text) if year_text.isdigit() else timezone.localdate().year
    try:
        case = services.open_case_from_ladder(employee=employee, year=year, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(f"{reverse('discipline:ladder')}?tahun={year}")
    messages.success(request, f"Kasus {case.number} dibuka dari rekap kehadiran.")
    return redirect(detail_url(case))


urlpatterns: list[URLPattern] = [
    path("kehadiran/", attendance_list, name="attendance_list"),
    path("kehadiran/impor/", attendance_import, name="attendance_import"),
    path("kehadiran/impor/templat/", attendance_template, name="attendance_template"),
    path("kehadiran/jenjang/", ladder, name="ladder"),
    path("kehadiran/jenjang/unduh/", ladder_export, name="ladder_export"),
    path(
        "kehadiran/jenjang/<int:employee_id>/buka-kasus/",
        ladder_open_case,
        name="ladder_open_case",
    ),
]
