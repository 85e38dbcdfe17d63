"""Pages of the competency dictionary: the competencies (Admin BKPSDM manages; the Auditor and an
Admin OPD read), each position's required levels, and one employee's assessed levels next to
what their position requires (entered by Admin BKPSDM or the Admin OPD of the employee's subtree;
seen by the employee, their supervisors and whoever sees their record), with the Excel import."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_POST

from simerit.core.exceptions import DomainError
from simerit.core.paging import query_without_page
from simerit.core.permissions import role_required
from simerit.core.roles import Role
from simerit.core.spreadsheets.writing import XLSX_CONTENT_TYPE
from simerit.core.types import AuthenticatedHttpRequest
from simerit.organization.models import Position
from simerit.training import permissions
from simerit.training.forms.catalogue import (
    AssessmentForm,
    AssessmentImportForm,
    CompetencyFilterForm,
    CompetencyForm,
    RequirementForm,
    SearchForm,
    competency_initial,
)
from simerit.training.models import Competency, EmployeeCompetency, PositionCompetency
from simerit.training.selectors import catalogue as selectors
from simerit.training.services import catalogue as services
from simerit.training.services import catalogue_import
from simerit.training.services import catalogue_levels as level_services
from simerit.training.views.catalogue_helpers import act, run_form, status_of

PER_PAGE = 25
READERS = selectors.DICTIONARY_READERS


@role_required(*READERS)
def competency_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The dictionary; Admin BKPSDM adds a competency here (POST)."""
    can_manage = selectors.can_manage_catalogue(request.user)
    form = CompetencyForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied(services.HR_ONLY)
        created = run_form(
            form, lambda: services.create_competency(data=form.to_input(), actor=request.user)
        )
        if created is not None:
            messages.success(request, f"Kompetensi {created.code} ditambahkan.")
            return redirect("training:competency-list")
    filters = CompetencyFilterForm(request.GET)
    competencies = selectors.list_competencies(search=filters.search(), kind=filters.kind_filter())
    context = {
        "form": form,
        "filters": filters,
        "page_obj": Paginator(competencies, PER_PAGE).get_page(request.GET.get("page")),
        "query_string": query_without_page(request),
        "can_manage": can_manage,
        "can_import": selectors.may_import_assessments(request.user),
    }
    return render(
        request, "training/catalogue/competency_list.html", context, status=status_of(form)
    )


@role_required(*READERS)
def competency_edit(request: AuthenticatedHttpRequest, competency_id: int) -> HttpResponse:
    competency = get_object_or_404(Competency, pk=competency_id)
    if not selectors.can_manage_catalogue(request.user):
        raise PermissionDenied(services.HR_ONLY)
    form = CompetencyForm(request.POST or None, initial=competency_initial(competency))
    if request.method == "POST":
        changed = run_form(
            form,
            lambda: services.update_competency(
                competency=competency, data=form.to_input(), actor=request.user
            ),
        )
        if changed is not None:
            messages.success(request, f"Kompetensi {changed.code} tersimpan.")
            return redirect("training:competency-list")
    context = {"form": form, "competency": competency}
    return render(
        request, "training/catalogue/competency_form.html", context, status=status_of(form)
    )


@require_POST
@role_required(*READERS)
def competency_delete(request: AuthenticatedHttpRequest, competency_id: int) -> HttpResponse:
    competency = get_object_or_404(Competency, pk=competency_id)
    act(
        request,
        lambda: services.delete_competency(competency=competency, actor=request.user),
        f"Kompetensi {competency.code} dihapus.",
    )
    return redirect("training:competency-list")


# --- the positions' standards


@role_required(*READERS)
def position_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    positions = selectors.list_positions(search=form.search())
    context = {
        "form": form,
        "page_obj": Paginator(positions, PER_PAGE).get_page(request.GET.get("page")),
        "query_string": query_without_page(request),
        "can_import": selectors.may_import_assessments(request.user),
    }
    return render(request, "training/catalogue/position_list.html", context)


@role_required(*READERS)
def position_requirements(request: AuthenticatedHttpRequest, position_id: int) -> HttpResponse:
    """A position's required levels; Admin BKPSDM adds a competency or changes its level (POST)."""
    position = get_object_or_404(Position.objects.select_related("work_unit"), pk=position_id)
    can_manage = selectors.can_manage_catalogue(request.user)
    form = RequirementForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied(services.HR_ONLY)
        saved = run_form(
            form,
            lambda: level_services.set_requirement(
                position=position,
                competency=form.cleaned_data["competency"],
                required_level=form.cleaned_data["required_level"],
                actor=request.user,
            ),
        )
        if saved is not None:
            messages.success(
                request,
                f"{saved.competency.code} level {saved.required_level} tercatat untuk jabatan "
                f"{position.name}.",
            )
            return redirect("training:position-competencies", position_id=position.pk)
    context = {
        "position": position,
        "requirements": selectors.list_requirements(position),
        "form": form,
        "can_manage": can_manage,
    }
    return render(
        request, "training/catalogue/position_competencies.html", context, status=status_of(form)
    )


@require_POST
@role_required(*READERS)
def requirement_delete(request: AuthenticatedHttpRequest, requirement_id: int) -> HttpResponse:
    requirement = get_object_or_404(
        PositionCompetency.objects.select_related("competency"), pk=requirement_id
    )
    act(
        request,
        lambda: level_services.remove_requirement(requirement=requirement, actor=request.user),
        f"{requirement.competency.code} dihapus dari standar jabatan.",
    )
    return redirect("training:position-competencies", position_id=requirement.position_id)


# --- employees' assessed levels


@login_required
def employee_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The employees whose competencies the account may see, with how many are assessed."""
    form = SearchForm(request.GET)
    employees = selectors.list_assessable_employees(user=request.user, search=form.search())
    context = {
        "form": form,
        "page_obj": Paginator(employees, PER_PAGE).get_page(request.GET.get("page")),
        "query_string": query_without_page(request),
        "can_import": selectors.may_import_assessments(request.user),
        "show_dictionary": selectors.reads_dictionary(request.user),
    }
    return render(request, "training/catalogue/employee_list.html", context)


@login_required
def employee_competencies(request: AuthenticatedHttpRequest, employee_id: int) -> HttpResponse:
    """An employee's profile; Admin BKPSDM or the employee's Admin OPD records a level (POST)."""
    employee = selectors.get_visible_employee(user=request.user, employee_id=employee_id)
    refusal = selectors.assessment_refusal(request.user, employee)
    form = AssessmentForm(request.POST or None)
    if request.method == "POST":
        if refusal is not None:
            raise PermissionDenied(refusal)
        saved = run_form(
            form,
            lambda: level_services.record_assessment(
                employee=employee, data=form.to_input(), actor=request.user
            ),
        )
        if saved is not None:
            messages.success(
                request, f"Level {saved.competency.code} {employee.display_name} tercatat."
            )
            return redirect("training:employee-competencies", employee_id=employee.pk)
    context = {
        "employee": employee,
        "lines": selectors.competency_profile(employee),
        "form": form,
        "can_assess": refusal is None,
        "is_own": selectors.is_own(request.user, employee),
        "own_refusal": refusal if refusal == selectors.OWN_LEVELS else "",
    }
    return render(
        request, "training/catalogue/employee_competencies.html", context, status=status_of(form)
    )


@require_POST
@login_required
def assessment_delete(request: AuthenticatedHttpRequest, assessment_id: int) -> HttpResponse:
    assessment = get_object_or_404(
        EmployeeCompetency.objects.filter(
            employee__in=permissions.visible_employees(request.user)
        ).select_related("competency"),
        pk=assessment_id,
    )
    employee = assessment.employee
    refusal = selectors.assessment_refusal(request.user, employee)
    if refusal is not None:
        raise PermissionDenied(refusal)
    act(
        request,
        lambda: level_services.remove_assessment(assessment=assessment, actor=request.user),
        f"Asesmen {assessment.competency.code} dihapus.",
    )
    return redirect("training:employee-competencies", employee_id=employee.pk)


@login_required
def my_competencies(request: AuthenticatedHttpRequest) -> HttpResponse:
    employee = permissions.employee_of(request.user)
    if employee is None:
        raise Http404("Akun ini tidak terhubung dengan data pegawai.")
    return redirect("training:employee-competencies", employee_id=employee.pk)


@role_required(Role.ADMIN_BKPSDM, Role.ADMIN_OPD)
def assessment_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Upload a workbook: every row is recorded, or none and the page lists each problem."""
    if not selectors.may_import_assessments(request.user):
        raise PermissionDenied(catalogue_import.NOT_ALLOWED)
    form = AssessmentImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = catalogue_import.import_assessments(
                form.cleaned_data["file"].read(), actor=request.user
            )
        except DomainError as error:
            form.add_error("file", error.message)
        if result is not None and not result.errors:
            messages.success(
                request,
                f"{result.created + result.updated} level kompetensi diimpor ({result.created} "
                f"baru, {result.updated} diperbarui).",
            )
            return redirect("training:assessment-import")
    context = {
        "form": form,
        "result": result,
        "columns": catalogue_import.COLUMNS,
        "show_dictionary": selectors.reads_dictionary(request.user),
    }
    failed = form.errors or (result is not None and result.errors)
    return render(
        request,
        "training/catalogue/assessment_import.html",
        context,
        status=422 if failed else 200,
    )


@role_required(Role.ADMIN_BKPSDM, Role.ADMIN_OPD)
def assessment_import_template(request: AuthenticatedHttpRequest) -> HttpResponse:
    response = HttpResponse(catalogue_import.template_workbook(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="templat-impor-level-kompetensi.xlsx"'
    return response


urlpatterns: list[URLPattern] = [
    path("kompetensi/", competency_list, name="competency-list"),
    path("kompetensi/<int:competency_id>/ubah/", competency_edit, name="competency-edit"),
    path("kompetensi/<int:competency_id>/hapus/", competency_delete, name="competency-delete"),
    path("kompetensi/jabatan/", position_list, name="position-list"),
    path(
        "kompetensi/jabatan/<int:position_id>/",
        position_requirements,
        name="position-competencies",
    ),
    path(
        "kompetensi/standar/<int:requirement_id>/hapus/",
        requirement_delete,
        name="position-competency-delete",
    ),
    path("kompetensi/pegawai/", employee_list, name="competency-employees"),
    path(
        "kompetensi/pegawai/<int:employee_id>/",
        employee_competencies,
        name="employee-competencies",
    ),
    path(
        "kompetensi/asesmen/<int:assessment_id>/hapus/",
        assessment_delete,
        name="assessment-delete",
    ),
    path("kompetensi/saya/", my_competencies, name="my-competencies"),
    path("kompetensi/impor/", assessment_import, name="assessment-import"),
    path(
        "kompetensi/impor/templat/",
        assessment_import_template,
        name="assessment-import-template",
    ),
]
