"""Blueprints (kisi-kisi) and BKN score imports: Admin BKPSDM writes, the Auditor reads.

Question texts (the assembled items) are shown to Admin BKPSDM only: the bank is seen by
question writers and Admin BKPSDM (issue #4 item 1), not by readers of the configuration.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from simerit.core.exceptions import DomainError, InvalidInputError
from simerit.core.paging import query_without_page
from simerit.core.permissions import role_required
from simerit.core.roles import Role
from simerit.core.spreadsheets.writing import XLSX_CONTENT_TYPE
from simerit.core.types import AuthenticatedHttpRequest
from simerit.exams.forms.blueprints import (
    AssembleForm,
    BlueprintFilterForm,
    BlueprintForm,
    ScoreImportForm,
    rule_formset,
    section_formset,
)
from simerit.exams.models import Blueprint, BlueprintItem, ScoreImport
from simerit.exams.permissions import EXAM_READ_ROLES
from simerit.exams.selectors import blueprints as selectors
from simerit.exams.services import blueprint_sections as parts
from simerit.exams.services import blueprints as services
from simerit.exams.services import score_files
from simerit.exams.services import score_import as importing

PER_PAGE = 25
T = TypeVar("T")

# --- reading (Admin BKPSDM, Auditor)


@role_required(*EXAM_READ_ROLES)
def blueprint_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = BlueprintFilterForm(request.GET)
    blueprints = selectors.list_blueprints(**form.filters())
    page_obj = Paginator(blueprints, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page_obj,
        "query_string": query_without_page(request),
        "can_manage": request.user.has_role(Role.ADMIN_BKPSDM),
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "exams/blueprint_list.html#results", context)
    return render(request, "exams/blueprint_list.html", context)


@role_required(*EXAM_READ_ROLES)
def blueprint_detail(request: AuthenticatedHttpRequest, blueprint_id: int) -> HttpResponse:
    overview = selectors.blueprint_overview(_blueprint_or_404(blueprint_id))
    context = {
        "overview": overview,
        "blueprint": overview.blueprint,
        "can_manage": request.user.has_role(Role.ADMIN_BKPSDM),
        "assemble_form": AssembleForm(),
    }
    return render(request, "exams/blueprint_detail.html", context)


@role_required(Role.ADMIN_BKPSDM)
def blueprint_item(
    request: AuthenticatedHttpRequest, blueprint_id: int, item_id: int
) -> HttpResponse:
    blueprint = _blueprint_or_404(blueprint_id)
    try:
        item = selectors.get_item(blueprint, item_id)
    except BlueprintItem.DoesNotExist:
        raise Http404("Soal kisi-kisi tidak ditemukan.") from None
    context = {"blueprint": blueprint, "item": item, "version": item.question_version}
    return render(request, "exams/blueprint_item.html", context)


# --- writing (Admin BKPSDM)


@role_required(Role.ADMIN_BKPSDM)
def blueprint_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = BlueprintForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        blueprint = _attempt(
            form, lambda: services.create_blueprint(data=form.to_input(), actor=request.user)
        )
        if blueprint is not None:
            messages.success(request, f"Kisi-kisi {blueprint.name} tersimpan.")
            return redirect("exams:blueprint-detail", blueprint_id=blueprint.pk)
    return render(request, "exams/blueprint_form.html", {"form": form, "blueprint": None})


@role_required(Role.ADMIN_BKPSDM)
def blueprint_edit(request: AuthenticatedHttpRequest, blueprint_id: int) -> HttpResponse:
    blueprint = _blueprint_or_404(blueprint_id)
    form = BlueprintForm(request.POST or None, blueprint=blueprint)
    if request.method == "POST" and form.is_valid():
        saved = _attempt(
            form,
            lambda: services.update_blueprint(
                blueprint=blueprint, data=form.to_input(), actor=request.user
            ),
        )
        if saved is not None:
            messages.success(request, f"Perubahan kisi-kisi {saved.name} tersimpan.")
            return redirect("exams:blueprint-detail", blueprint_id=saved.pk)
    return render(request, "exams/blueprint_form.html", {"form": form, "blueprint": blueprint})


@role_required(Role.ADMIN_BKPSDM)
def blueprint_sections(request: AuthenticatedHttpRequest, blueprint_id: int) -> HttpResponse:
    blueprint = _blueprint_or_404(blueprint_id)
    sections = list(blueprint.sections.select_related("category").order_by("order"))
    formset = section_formset(request.POST or None, blueprint=blueprint, sections=sections)
    if request.method == "POST" and formset.is_valid():
        saved = _attempt(
            formset,
            lambda: parts.set_sections(
                blueprint=blueprint, sections=formset.to_inputs(), actor=request.user
            ),
        )
        if saved is not None:
            messages.success(request, "Bagian kisi-kisi tersimpan.")
            return redirect("exams:blueprint-detail", blueprint_id=blueprint.pk)
    context = {"blueprint": blueprint, "formset": formset}
    return render(request, "exams/blueprint_sections.html", context)


@role_required(Role.ADMIN_BKPSDM)
def blueprint_rules(request: AuthenticatedHttpRequest, blueprint_id: int) -> HttpResponse:
    blueprint = _blueprint_or_404(blueprint_id)
    codes = [s.category.code for s in blueprint.sections.select_related("category")]
    rules = list(blueprint.passing_rules.order_by("track"))
    formset = rule_formset(request.POST or None, codes=codes, rules=rules)
    if request.method == "POST" and formset.is_valid():
        saved = _attempt(
            formset,
            lambda: parts.set_passing_rules(
                blueprint=blueprint, rules=formset.to_inputs(), actor=request.user
            ),
        )
        if saved is not None:
            messages.success(request, "Nilai ambang batas tersimpan.")
            return redirect("exams:blueprint-detail", blueprint_id=blueprint.pk)
    context = {"blueprint": blueprint, "formset": formset, "codes": codes}
    return render(request, "exams/blueprint_rules.html", context)


@require_POST
@role_required(Role.ADMIN_BKPSDM)
def blueprint_skd_defaults(request: AuthenticatedHttpRequest, blueprint_id: int) -> HttpResponse:
    blueprint = _blueprint_or_404(blueprint_id)
    if _act(request, lambda: services.apply_skd_defaults(blueprint=blueprint, actor=request.user)):
        messages.success(
            request,
            "Ketentuan SKD nasional (KepmenPANRB 321/2024) terisi: TWK 30, TIU 35, TKP 45 soal, "
            "100 menit, dan nilai ambang batas per jalur. Periksa lalu ubah bila perlu.",
        )
    return redirect("exams:blueprint-detail", blueprint_id=blueprint.pk)


@require_POST
@role_required(Role.ADMIN_BKPSDM)
def blueprint_assemble(request: AuthenticatedHttpRequest, blueprint_id: int) -> HttpResponse:
    blueprint = _blueprint_or_404(blueprint_id)
    form = AssembleForm(request.POST)
    seed = form.cleaned_data.get("seed") if form.is_valid() else None
    if not form.is_valid():
        messages.error(request, "Benih acak harus bilangan bulat 0 atau lebih.")
    elif _act(
        request,
        lambda: services.assemble_items(blueprint=blueprint, actor=request.user, seed=seed),
    ):
        messages.success(request, "Soal kisi-kisi telah dirakit dari bank soal.")
    return redirect("exams:blueprint-detail", blueprint_id=blueprint.pk)


# --- BKN score files


@role_required(*EXAM_READ_ROLES)
def blueprint_import(request: AuthenticatedHttpRequest, blueprint_id: int) -> HttpResponse:
    """The import history; Admin BKPSDM also uploads a file here."""
    blueprint = _blueprint_or_404(blueprint_id)
    can_manage = request.user.has_role(Role.ADMIN_BKPSDM)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied
    form = ScoreImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        outcome = _import(request, form, blueprint)
        if outcome is not None:
            return redirect(
                "exams:blueprint-import-detail", blueprint_id=blueprint.pk, import_id=outcome.pk
            )
    imports = selectors.list_score_imports(blueprint)
    context = {
        "blueprint": blueprint,
        "form": form,
        "can_manage": can_manage,
        "columns": score_files.template_columns(blueprint),
        "page_obj": Paginator(imports, PER_PAGE).get_page(request.GET.get("page")),
    }
    return render(request, "exams/blueprint_import.html", context)


@role_required(*EXAM_READ_ROLES)
def blueprint_import_detail(
    request: AuthenticatedHttpRequest, blueprint_id: int, import_id: int
) -> HttpResponse:
    blueprint = _blueprint_or_404(blueprint_id)
    try:
        score_import = selectors.get_score_import(blueprint, import_id)
    except ScoreImport.DoesNotExist:
        raise Http404("Impor nilai tidak ditemukan.") from None
    context = {"blueprint": blueprint, "score_import": score_import}
    return render(request, "exams/blueprint_import_detail.html", context)


@role_required(Role.ADMIN_BKPSDM)
def blueprint_import_template(request: AuthenticatedHttpRequest, blueprint_id: int) -> HttpResponse:
    blueprint = _blueprint_or_404(blueprint_id)
    content = score_files.template_workbook(blueprint=blueprint)
    return _xlsx(content, f"templat-nilai-bkn-{blueprint.pk}")


@role_required(*EXAM_READ_ROLES)
def blueprint_results_export(request: AuthenticatedHttpRequest, blueprint_id: int) -> HttpResponse:
    blueprint = _blueprint_or_404(blueprint_id)
    content = score_files.results_workbook(blueprint=blueprint)
    return _xlsx(content, f"hasil-{slugify(blueprint.name) or blueprint.pk}")


# --- helpers


def _blueprint_or_404(blueprint_id: int) -> Blueprint:
    try:
        return selectors.get_blueprint(blueprint_id)
    except Blueprint.DoesNotExist:
        raise Http404("Kisi-kisi tidak ditemukan.") from None


def _import(
    request: AuthenticatedHttpRequest, form: ScoreImportForm, blueprint: Blueprint
) -> ScoreImport | None:
    """Run the import; an unreadable file becomes a form error (nothing stored but its record)."""
    upload = form.cleaned_data["file"]
    try:
        outcome = importing.import_scores(
            blueprint=blueprint,
            content=score_files.upload_bytes(upload),
            file_name=upload.name,
            actor=request.user,
            size=upload.size,
        )
    except DomainError as error:
        form.add_error("file", error.message)
        return None
    if outcome.accepted:
        absent = f", {outcome.absent} peserta tidak hadir" if outcome.absent else ""
        messages.success(request, f"{outcome.scored} nilai diimpor{absent}.")
    else:
        messages.error(
            request,
            f"Ditemukan {len(outcome.errors)} masalah; tidak ada nilai yang disimpan. "
            "Perbaiki baris yang dilaporkan lalu unggah ulang seluruh berkas.",
        )
    return outcome.score_import


def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        content_disposition_header(as_attachment=True, filename=f"{name}.xlsx") or "attachment"
    )
    return response


def _attempt(form: Any, call: Callable[[], T]) -> T | None:
    """Call the service; its refusals become form errors and nothing is saved."""
    try:
        return call()
    except InvalidInputError as error:
        form.add_service_errors(error.errors)
    except DomainError as error:
        form.add_service_errors({error.field or "": [error.message]})
    return None


def _act(request: AuthenticatedHttpRequest, call: Callable[[], object]) -> bool:
    """Run a state change; a refusal becomes an error message on the next page."""
    try:
        call()
    except DomainError as error:
        messages.error(request, error.message)
        return False
    return True


urlpatterns: list[URLPattern] = [
    path("kisi-kisi/", blueprint_list, name="blueprint-list"),
    path("kisi-kisi/baru/", blueprint_create, name="blueprint-create"),
    path("kisi-kisi/<int:blueprint_id>/", blueprint_detail, name="blueprint-detail"),
    path("kisi-kisi/<int:blueprint_id>/ubah/", blueprint_edit, name="blueprint-edit"),
    path("kisi-kisi/<int:blueprint_id>/bagian/", blueprint_sections, name="blueprint-sections"),
    path("kisi-kisi/<int:blueprint_id>/ambang-batas/", blueprint_rules, name="blueprint-rules"),
    path(
        "kisi-kisi/<int:blueprint_id>/ketentuan-skd/",
        blueprint_skd_defaults,
        name="blueprint-skd-defaults",
    ),
    path("kisi-kisi/<int:blueprint_id>/rakit/", blueprint_assemble, name="blueprint-assemble"),
    path("kisi-kisi/<int:blueprint_id>/soal/<int:item_id>/", blueprint_item, name="blueprint-item"),
    path("kisi-kisi/<int:blueprint_id>/impor-nilai/", blueprint_import, name="blueprint-import"),
    path(
        "kisi-kisi/<int:blueprint_id>/impor-nilai/templat/",
        blueprint_import_template,
        name="blueprint-import-template",
    ),
    path(
        "kisi-kisi/<int:blueprint_id>/impor-nilai/<int:import_id>/",
        blueprint_import_detail,
        name="blueprint-import-detail",
    ),
    path(
        "kisi-kisi/<int:blueprint_id>/hasil.xlsx",
        blueprint_results_export,
        name="blueprint-results-export",
    ),
]
