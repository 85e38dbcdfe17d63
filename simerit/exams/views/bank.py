"""The question bank pages: banks, questions with filters, create and revise (a new version),
version history, activation, images, import with its row report, and export.

Question writers (penulis soal) and Admin BKPSDM only; everyone else gets 403.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from simerit.core.exceptions import DomainError, InvalidInputError
from simerit.core.paging import query_without_page
from simerit.core.permissions import role_required
from simerit.core.spreadsheets.writing import XLSX_CONTENT_TYPE
from simerit.core.types import AuthenticatedHttpRequest
from simerit.exams import permissions
from simerit.exams.forms.bank import BankForm, BankImportForm, QuestionFilterForm, QuestionForm
from simerit.exams.models import Question, QuestionBank, QuestionVersion
from simerit.exams.question_io import columns as bank_columns
from simerit.exams.question_io import exporting, importing
from simerit.exams.selectors import questions as selectors
from simerit.exams.services import question_revisions as revisions
from simerit.exams.services import questions as services
from simerit.recruitment import uploads

PER_PAGE = 25
T = TypeVar("T")
# A question image opened on its own: nothing in it may run or fetch anything.
IMAGE_CSP = "default-src 'none'; img-src 'self'; frame-ancestors 'none'"
bank_roles = role_required(*permissions.BANK_ROLES)


@bank_roles
def bank_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    page_obj = Paginator(selectors.list_banks(), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "exams/bank_list.html", {"page_obj": page_obj})


@bank_roles
def bank_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = BankForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        bank = _attempt(form, lambda: services.create_bank(**form.cleaned_data, actor=request.user))
        if bank is not None:
            messages.success(request, f"Bank soal {bank.name} dibuat.")
            return redirect("exams:bank-detail", bank_id=bank.pk)
    return render(request, "exams/bank_form.html", {"form": form})


@bank_roles
def bank_detail(request: AuthenticatedHttpRequest, bank_id: int) -> HttpResponse:
    """The bank's questions, filtered and paginated (HTMX swaps only the results)."""
    bank = _bank_or_404(bank_id)
    form = QuestionFilterForm(request.GET)
    questions = selectors.list_questions(bank=bank, **form.filters())
    page_obj = Paginator(questions, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "bank": bank,
        "form": form,
        "page_obj": page_obj,
        "query_string": query_without_page(request),
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "exams/bank_detail.html#results", context)
    return render(request, "exams/bank_detail.html", context)


@bank_roles
def question_create(request: AuthenticatedHttpRequest, bank_id: int) -> HttpResponse:
    bank = _bank_or_404(bank_id)
    form = QuestionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        question = _attempt(
            form,
            lambda: services.create_question(
                bank=bank,
                data=form.to_input(),
                image=form.cleaned_data.get("image"),
                actor=request.user,
            ),
        )
        if question is not None:
            messages.success(request, f"Soal {question.code} tersimpan sebagai versi 1.")
            return redirect("exams:bank-question-detail", question_id=question.pk)
    context = {"form": form, "bank": bank, "question": None}
    return render(request, "exams/bank_question_form.html", context)


@bank_roles
def question_edit(request: AuthenticatedHttpRequest, question_id: int) -> HttpResponse:
    """Revise a question: changed content becomes a new version; earlier ones stay as served."""
    question = _question_or_404(question_id)
    form = QuestionForm(request.POST or None, request.FILES or None, question=question)
    if request.method == "POST" and form.is_valid():
        saved = _attempt(
            form,
            lambda: revisions.revise_question(
                question=question,
                data=form.to_input(),
                image=form.cleaned_data.get("image"),
                remove_image=bool(form.cleaned_data.get("remove_image")),
                actor=request.user,
            ),
        )
        if saved is not None:
            number = saved.current_version.number if saved.current_version else 1
            messages.success(request, f"Soal {saved.code} tersimpan (versi {number}).")
            return redirect("exams:bank-question-detail", question_id=saved.pk)
    context = {"form": form, "bank": question.bank, "question": question}
    return render(request, "exams/bank_question_form.html", context)


@bank_roles
def question_detail(request: AuthenticatedHttpRequest, question_id: int) -> HttpResponse:
    """The question and its version history: each version's text, options, author and time."""
    question = _question_or_404(question_id)
    return render(request, "exams/bank_question_detail.html", {"question": question})


@require_POST
@bank_roles
def question_activate(request: AuthenticatedHttpRequest, question_id: int) -> HttpResponse:
    return _set_active(request, question_id, is_active=True)


@require_POST
@bank_roles
def question_deactivate(request: AuthenticatedHttpRequest, question_id: int) -> HttpResponse:
    return _set_active(request, question_id, is_active=False)


@login_required
def question_image(request: AuthenticatedHttpRequest, version_id: int) -> FileResponse:
    """A version's image, shown inline to bank users only (it was re-encoded on upload)."""
    if not permissions.can_manage_bank(request.user):
        raise PermissionDenied
    try:
        version = selectors.get_version(version_id=version_id)
    except QuestionVersion.DoesNotExist:
        raise Http404("Gambar tidak ditemukan.") from None
    if not version.image:
        raise Http404("Versi soal ini tidak bergambar.")
    file_format = version.image.name.rsplit(".", 1)[-1]
    response = FileResponse(
        version.image.open("rb"),
        content_type=uploads.CONTENT_TYPES.get(file_format, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = IMAGE_CSP
    return response


@bank_roles
def bank_import(request: AuthenticatedHttpRequest, bank_id: int) -> HttpResponse:
    """Upload an .xlsx or JSON file: every row is written, or none and each problem is listed."""
    bank = _bank_or_404(bank_id)
    form = BankImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = importing.import_bank(
                upload.read(bank_columns.MAX_FILE_BYTES + 1),
                bank=bank,
                user=request.user,
                file_name=upload.name or "",
                size=upload.size,
            )
        except DomainError as error:
            form.add_error("file", error.message)
        if report is not None and report.stored:
            messages.success(request, report.summary)
    context = {"form": form, "bank": bank, "report": report, "columns": bank_columns.COLUMNS}
    return render(request, "exams/bank_import.html", context)


@bank_roles
def import_template(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _download(
        exporting.template_workbook(),
        XLSX_CONTENT_TYPE,
        "templat-impor-bank-soal.xlsx",
    )


@bank_roles
def export_xlsx(request: AuthenticatedHttpRequest, bank_id: int) -> HttpResponse:
    bank = _bank_or_404(bank_id)
    return _download(exporting.export_xlsx(bank), XLSX_CONTENT_TYPE, _export_name(bank, "xlsx"))


@bank_roles
def export_json(request: AuthenticatedHttpRequest, bank_id: int) -> HttpResponse:
    bank = _bank_or_404(bank_id)
    return _download(
        exporting.export_json(bank), "application/json; charset=utf-8", _export_name(bank, "json")
    )


# --- helpers


def _bank_or_404(bank_id: int) -> QuestionBank:
    try:
        return selectors.get_bank(bank_id=bank_id)
    except QuestionBank.DoesNotExist:
        raise Http404("Bank soal tidak ditemukan.") from None


def _question_or_404(question_id: int) -> Question:
    try:
        return selectors.get_question(question_id=question_id)
    except Question.DoesNotExist:
        raise Http404("Soal tidak ditemukan.") from None


def _set_active(
    request: AuthenticatedHttpRequest, question_id: int, *, is_active: bool
) -> HttpResponse:
    question = _question_or_404(question_id)
    try:
        revisions.set_question_active(question=question, is_active=is_active, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        state = "diaktifkan" if is_active else "dinonaktifkan"
        messages.success(request, f"Soal {question.code} {state}.")
    return redirect("exams:bank-question-detail", question_id=question.pk)


def _attempt(form: Any, call: Callable[[], T]) -> T | None:
    """Call the service; its refusals become form errors and nothing is saved."""
    try:
        return call()
    except InvalidInputError as error:
        form.add_service_errors(error.errors)
    except DomainError as error:
        form.add_service_errors({error.field or "": [error.message]})
    return None


def _export_name(bank: QuestionBank, extension: str) -> str:
    return f"bank-soal-{slugify(bank.name) or bank.pk}.{extension}"


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = (
        content_disposition_header(as_attachment=True, filename=filename) or "attachment"
    )
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns: list[URLPattern] = [
    path("bank-soal/", bank_list, name="bank-list"),
    path("bank-soal/baru/", bank_create, name="bank-create"),
    path("bank-soal/templat-impor/", import_template, name="bank-import-template"),
    path("bank-soal/<int:bank_id>/", bank_detail, name="bank-detail"),
    path("bank-soal/<int:bank_id>/soal/baru/", question_create, name="bank-question-create"),
    path("bank-soal/<int:bank_id>/impor/", bank_import, name="bank-import"),
    path("bank-soal/<int:bank_id>/ekspor.xlsx", export_xlsx, name="bank-export-xlsx"),
    path("bank-soal/<int:bank_id>/ekspor.json", export_json, name="bank-export-json"),
    path("bank-soal/soal/<int:question_id>/", question_detail, name="bank-question-detail"),
    path("bank-soal/soal/<int:question_id>/ubah/", question_edit, name="bank-question-edit"),
    path(
        "bank-soal/soal/<int:question_id>/aktifkan/",
        question_activate,
        name="bank-question-activate",
    ),
    path(
        "bank-soal/soal/<int:question_id>/nonaktifkan/",
        question_deactivate,
        name="bank-question-deactivate",
    ),
    path("bank-soal/gambar/<int:version_id>/", question_image, name="bank-question-image"),
]
