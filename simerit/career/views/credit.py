"""Angka kredit pages (§5.8): the list of employees in a jabatan fungsional with their total
against the next rank's requirement, its audited Excel export, one employee's detail (opening
balance and the credit of each final appraisal), and the opening balance Admin BKPSDM records
(POST, never for their own record). Visibility as the promotion list."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from simerit.career import permissions
from simerit.career.models import CreditOpening
from simerit.career.rules.credit import format_credit
from simerit.career.selectors import credit as selectors
from simerit.career.selectors.succession import may_open as may_open_succession
from simerit.career.services import credit as services
from simerit.career.views.promotion import units_filter
from simerit.core.exceptions import DomainError, InvalidInputError
from simerit.core.paging import query_without_page
from simerit.core.spreadsheets.writing import XLSX_CONTENT_TYPE
from simerit.core.types import AuthenticatedHttpRequest
from simerit.employees.models import Employee

PER_PAGE = 25


class OpeningForm(forms.Form):
    as_of = forms.DateField(
        label="Per tanggal", widget=forms.DateInput(attrs={"type": "date", "class": "form-control"})
    )
    amount = forms.CharField(
        label="Angka kredit",
        max_length=20,
        help_text="Mis. 42,5 atau 42.500; paling banyak tiga angka di belakang koma.",
        widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "decimal"}),
    )
    note = forms.CharField(
        label="Keterangan",
        required=False,
        max_length=services.NOTE_MAX,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )

    def clean_amount(self) -> Decimal:
        text = self.cleaned_data["amount"].strip().replace(",", ".")
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise forms.ValidationError("Angka kredit harus berupa angka.") from None
        if not value.is_finite():
            raise forms.ValidationError("Angka kredit harus berupa angka.")
        return value


def _initial(opening: CreditOpening | None) -> dict[str, object]:
    if opening is None:
        return {}
    return {"as_of": opening.as_of, "amount": format_credit(opening.amount), "note": opening.note}


@login_required
@require_GET
def credit(request: AuthenticatedHttpRequest) -> HttpResponse:
    unit, units = units_filter(request)
    search = request.GET.get("q", "")
    employees = selectors.functional_employees(request.user, unit=unit, search=search)
    page_obj = Paginator(employees, PER_PAGE).get_page(request.GET.get("page"))
    reports = selectors.reports(page_obj.object_list, on=timezone.localdate())
    context = {
        "unit": unit,
        "units": units,
        "search": search,
        "page_obj": page_obj,
        "rows": [(employee, reports[employee.pk]) for employee in page_obj.object_list],
        "requirements": selectors.requirements(),
        "query_string": query_without_page(request),
        "can_record": permissions.is_hr(request.user),
        "can_see_succession": may_open_succession(request.user),
    }
    return render(request, "career/credit/credit_list.html", context)


@login_required
@require_GET
def credit_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    unit, _units = units_filter(request)
    content = services.export_list(actor=request.user, unit=unit, search=request.GET.get("q", ""))
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    suffix = f"-unit-{unit.pk}" if unit else ""
    response["Content-Disposition"] = f'attachment; filename="angka-kredit{suffix}.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response


def _employee(request: AuthenticatedHttpRequest, employee_id: int) -> Employee:
    """The employee if the account may see them (404 otherwise)."""
    return get_object_or_404(
        permissions.visible_employees(request.user).select_related(
            "work_unit", "position", "golongan"
        ),
        pk=employee_id,
    )


def _detail(
    request: AuthenticatedHttpRequest, employee: Employee, form: OpeningForm | None, status: int
) -> HttpResponse:
    report = selectors.report_for(employee, on=timezone.localdate())
    can_change = permissions.can_change_for(request.user, employee) and report is not None
    if form is None and can_change:
        form = OpeningForm(initial=_initial(report.opening if report else None))
    context = {
        "employee": employee,
        "report": report,
        "form": form if can_change else None,
        "can_list": permissions.reads_lists(request.user),
    }
    return render(request, "career/credit/credit_detail.html", context, status=status)


@login_required
@require_GET
def credit_detail(request: AuthenticatedHttpRequest, employee_id: int) -> HttpResponse:
    return _detail(request, _employee(request, employee_id), None, 200)


@login_required
@require_POST
def credit_opening(request: AuthenticatedHttpRequest, employee_id: int) -> HttpResponse:
    employee = _employee(request, employee_id)
    if not permissions.can_change_for(request.user, employee):
        raise PermissionDenied(
            permissions.OWN_RECORD if permissions.is_hr(request.user) else permissions.HR_ONLY
        )
    form = OpeningForm(request.POST)
    if form.is_valid():
        try:
            services.record_opening(employee=employee, actor=request.user, **form.cleaned_data)
        except InvalidInputError as error:
            for name, problems in error.errors.items():
                for problem in problems:
                    form.add_error(name if name in form.fields else None, problem)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Saldo awal angka kredit {employee.display_name} tersimpan.")
            return redirect("career:credit_detail", employee_id=employee.pk)
    return _detail(request, employee, form, 422)


urlpatterns: list[URLPattern] = [
    path("angka-kredit/", credit, name="credit"),
    path("angka-kredit/unduh/", credit_export, name="credit_export"),
    path("angka-kredit/pegawai/<int:employee_id>/", credit_detail, name="credit_detail"),
    path(
        "angka-kredit/pegawai/<int:employee_id>/saldo-awal/",
        credit_opening,
        name="credit_opening",
    ),
]
