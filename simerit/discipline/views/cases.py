"""Case pages: the list (everyone sees the cases `visible_cases` allows) and its audited Excel
export, the report form (Admin
BKPSDM; a supervisor for their team), the case page with its whole file, and the dismissal.
The procedure's writes are views/procedure.py, the decision's views/decisions.py.

A case the account may not see is a 404; a write refused to an account that sees it is a 403
(the service decides). A refused form is shown again with its errors (422)."""

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from simerit.core.exceptions import DomainError, InvalidInputError
from simerit.core.paging import query_without_page
from simerit.core.permissions import role_required
from simerit.core.roles import Role
from simerit.core.spreadsheets.writing import XLSX_CONTENT_TYPE
from simerit.core.types import AuthenticatedHttpRequest
from simerit.discipline import exporting, permissions
from simerit.discipline.forms.cases import CaseFilterForm, CaseForm, DismissForm
from simerit.discipline.forms.decisions import DeliveryForm
from simerit.discipline.forms.procedure import AttendanceForm, SummonsForm, TeamMemberForm
from simerit.discipline.models import DisciplineCase
from simerit.discipline.selectors import cases as selectors
from simerit.discipline.services import cases as services

T = TypeVar("T")
PER_PAGE = 25
# A supervisor's team is small enough to offer as suggestions; Admin BKPSDM types a NIP.
SUGGESTIONS_MAX = 200


def add_errors(form: forms.Form, error: DomainError) -> None:
    """A service's refusal on the form: by field where the form has it, above the form otherwise."""
    errors: dict[str | None, list[str]] = {error.field: [error.message]}
    if isinstance(error, InvalidInputError):
        errors = {key: list(found) for key, found in error.errors.items()}
    for key, found in errors.items():
        for message in found:
            form.add_error(key if key in form.fields else None, message)


def run_form(form: forms.Form, call: Callable[[], T]) -> T | None:
    """Validate the form, then call one service; the outcome, or None (errors on the form)."""
    if not form.is_valid():
        return None
    try:
        return call()
    except DomainError as error:
        add_errors(form, error)
    return None


def act(request: HttpRequest, call: Callable[[], T], success: str) -> T | None:
    """One state change without a form: a refusal becomes an error message."""
    try:
        outcome = call()
    except DomainError as error:
        messages.error(request, error.message)
        return None
    messages.success(request, success)
    return outcome


def visible_case(request: AuthenticatedHttpRequest, case_id: int) -> DisciplineCase:
    case = selectors.get_visible_case(request.user, case_id)
    if case is None:
        raise Http404(permissions.NOT_VISIBLE)
    return case


def detail_url(case: DisciplineCase) -> str:
    return reverse("discipline:case_detail", args=[case.pk])


def render_detail(
    request: AuthenticatedHttpRequest, case: DisciplineCase, **forms_: Any
) -> HttpResponse:
    """The case page; `forms_` replaces a blank form with a refused one (then 422)."""
    sanction = selectors.sanction_of(case)
    context: dict[str, Any] = {
        "case": case,
        "summonses": list(case.summonses.all()),
        "team": list(case.team.all()),
        "examination": selectors.examination_of(case),
        "sanction": sanction,
        "appeals": list(sanction.appeals.all()) if sanction else [],
        "articles": list(case.articles.all()),
        "actions": selectors.case_actions(request.user, case),
        "warning": selectors.decision_warning(sanction.sanction_type) if sanction else "",
        "is_hr": permissions.is_hr(request.user),
        "reads_everything": permissions.reads_everything(request.user),
        "sees_reporter": permissions.sees_reporter(request.user, case),
        "summons_form": SummonsForm(prefix="panggilan"),
        "attendance_form": AttendanceForm(prefix="kehadiran"),
        "team_form": TeamMemberForm(prefix="tim"),
        "dismiss_form": DismissForm(prefix="hentikan"),
        "delivery_form": DeliveryForm(prefix="diterima"),
        "today": timezone.localdate(),
    }
    context.update(forms_)
    status = 422 if forms_ else 200
    return render(request, "discipline/cases/case_detail.html", context, status=status)


# --- List, report, detail


@login_required
def case_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = CaseFilterForm(request.GET or None, years=selectors.case_years(request.user))
    cases = selectors.list_cases(request.user, form.filters())
    context = {
        "form": form,
        "page_obj": Paginator(cases, PER_PAGE).get_page(request.GET.get("page")),
        "query_string": query_without_page(request),
        "can_report": permissions.is_hr(request.user) or request.user.has_role(Role.ATASAN),
    }
    return render(request, "discipline/cases/case_list.html", context)


@login_required
@require_GET
def case_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The list with the page's filters as .xlsx (no NIK); the download is audited."""
    form = CaseFilterForm(request.GET or None, years=selectors.case_years(request.user))
    content = exporting.export_case_list(actor=request.user, filters=form.filters())
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="kasus-disiplin-{timezone.localdate():%Y%m%d}.xlsx"'
    )
    # Personal data (names, NIP, cases): no copy in a shared or browser cache.
    response["Cache-Control"] = "private, no-store"
    return response


@role_required(Role.ADMIN_BKPSDM, Role.ATASAN)
@require_http_methods(["GET", "POST"])
def case_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The report; `?employee=<id>` (from an employee's page) fills in the NIP."""
    employees = selectors.reportable_employees(request.user)
    chosen = request.GET.get("employee", "")
    preset = employees.filter(pk=int(chosen)).first() if chosen.isdigit() else None
    initial = {"reported_on": timezone.localdate(), "nip": preset.nip if preset else ""}
    form = CaseForm(request.POST or None, employees=employees, initial=initial)
    if request.method == "POST":
        case = run_form(form, lambda: services.open_case(data=form.to_input(), actor=request.user))
        if case is not None:
            messages.success(request, f"Kasus {case.number} dicatat.")
            return redirect(detail_url(case))
    suggestions = [] if permissions.is_hr(request.user) else list(employees[:SUGGESTIONS_MAX])
    context = {"form": form, "preset": preset, "suggestions": suggestions}
    status = 422 if form.errors else 200
    return render(request, "discipline/cases/case_form.html", context, status=status)


@login_required
def case_detail(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    return render_detail(request, visible_case(request, case_id))


@require_POST
@login_required
def case_dismiss(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    case = visible_case(request, case_id)
    form = DismissForm(request.POST, prefix="hentikan")
    done = run_form(
        form,
        lambda: services.dismiss_case(
            case=case, reason=form.cleaned_data["reason"], actor=request.user
        ),
    )
    if done is None:
        return render_detail(request, case, dismiss_form=form)
    messages.success(request, f"Kasus {case.number} dihentikan.")
    return redirect(detail_url(case))


urlpatterns: list[URLPattern] = [
    path("kasus/", case_list, name="case_list"),
    path("kasus/unduh/", case_export, name="case_export"),
    path("kasus/baru/", case_new, name="case_new"),
    path("kasus/<int:case_id>/", case_detail, name="case_detail"),
    path("kasus/<int:case_id>/hentikan/", case_dismiss, name="case_dismiss"),
]
