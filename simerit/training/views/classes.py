"""Class pages: the list (Admin BKPSDM, Auditor), a class's page (every employee it is open to:
details, meetings, the enrolment panel of views/enrolment.py), Admin BKPSDM's writes (create,
edit, open, close, cancel, complete), and the roster with results and its export. The meeting
pages are views/attendance.py.

A class the account may not see is a 404; a write refused to an account that sees the class is a
403 (the service decides). A refused form is shown again with its errors (422); a refused state
change becomes a message."""

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_POST

from simerit.core.exceptions import DomainError, InvalidInputError
from simerit.core.paging import query_without_page
from simerit.core.permissions import role_required
from simerit.core.roles import Role
from simerit.core.spreadsheets.writing import XLSX_CONTENT_TYPE
from simerit.core.types import AuthenticatedHttpRequest
from simerit.training.documents_classes import roster_workbook
from simerit.training.forms.classes import (
    ClassFilterForm,
    ClassForm,
    ReasonForm,
    ResultForm,
)
from simerit.training.models import Enrolment, Programme, TrainingClass
from simerit.training.permissions import is_hr, reads_everything
from simerit.training.rules import classes as rules
from simerit.training.selectors import classes as selectors
from simerit.training.selectors.enrolment import enrol_panel
from simerit.training.services import classes as services
from simerit.training.services import completion

T = TypeVar("T")
READERS = (Role.ADMIN_BKPSDM, Role.AUDITOR)
PER_PAGE = 25
ROSTER_PER_PAGE = 50


def add_errors(form: forms.Form, error: DomainError) -> None:
    """A service's refusal on the form: by field where the form has it, above the form otherwise."""
    errors: dict[str | None, list[str]] = {error.field: [error.message]}
    if isinstance(error, InvalidInputError):
        errors = {field: list(found) for field, found in error.errors.items()}
    for field, messages_ in errors.items():
        for message in messages_:
            form.add_error(field if field in form.fields else None, message)


def run_form(form: forms.Form, call: Callable[[], T]) -> T | None:
    """Validate the form, then call one service; the outcome, or None (errors on the form)."""
    if not form.is_valid():
        return None
    try:
        return call()
    except DomainError as error:
        add_errors(form, error)
    return None


def act(request: HttpRequest, call: Callable[[], T], success: Callable[[T], str]) -> T | None:
    """Run one state change: a refusal becomes an error message, success a success message."""
    try:
        outcome = call()
    except DomainError as error:
        messages.error(request, error.message)
        return None
    messages.success(request, success(outcome))
    return outcome


def form_error_message(request: HttpRequest, form: forms.Form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))


def visible_class(request: AuthenticatedHttpRequest, class_id: int) -> TrainingClass:
    training_class = selectors.get_visible_class(request.user, class_id)
    if training_class is None:
        raise Http404("Kelas tidak ditemukan.")
    return training_class


def detail_url(training_class: TrainingClass) -> str:
    return reverse("training:class-detail", args=[training_class.pk])


# --- List and detail


@role_required(*READERS)
def class_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ClassFilterForm(request.GET or None, years=selectors.class_years())
    classes = selectors.list_classes(request.user, form.filters())
    context = {
        "form": form,
        "page_obj": Paginator(classes, PER_PAGE).get_page(request.GET.get("page")),
        "query_string": query_without_page(request),
        "can_manage": is_hr(request.user),
    }
    template = "training/classes/class_list.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#results"
    return render(request, template, context)


@login_required
def class_detail(request: AuthenticatedHttpRequest, class_id: int) -> HttpResponse:
    training_class = visible_class(request, class_id)
    seat = selectors.my_enrolment(request.user, training_class)
    meetings = list(selectors.meetings_of(training_class))
    attended_ids = selectors.attended_meeting_ids(seat)
    context = {
        "training_class": training_class,
        "meetings": meetings,
        "seat": seat,
        "attended_ids": attended_ids,
        "my_attendance": selectors.seat_attendance(meetings, attended_ids) if seat else None,
        "show_online_url": selectors.may_see_online_url(request.user, training_class, seat),
        "actions": selectors.class_actions(request.user, training_class),
        "is_hr": is_hr(request.user),
        "reads_everything": reads_everything(request.user),
        "cancel_form": ReasonForm(prefix="batal"),
        "enrol_panel": enrol_panel(request.user, training_class),
    }
    return render(request, "training/classes/class_detail.html", context)


# --- Admin BKPSDM's writes on a class


def _programmes() -> QuerySet[Programme]:
    return Programme.objects.filter(is_active=True).order_by("name")


@role_required(Role.ADMIN_BKPSDM)
def class_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A new class (DRAFT); `?program=<id>` preselects the programme (from the catalogue)."""
    chosen = request.GET.get("program", "")
    initial = {"programme": int(chosen)} if chosen.isdigit() else {}
    programmes = _programmes()
    form = ClassForm(request.POST or None, programmes=programmes, initial=initial)
    if request.method == "POST":
        created = run_form(
            form,
            lambda: services.create_class(
                programme=form.cleaned_data["programme"], data=form.to_input(), actor=request.user
            ),
        )
        if created is not None:
            messages.success(
                request, "Kelas dibuat sebagai draf. Tambahkan pertemuan, lalu buka pendaftaran."
            )
            return redirect(detail_url(created))
    context = {"form": form, "training_class": None, "has_programmes": programmes.exists()}
    status = 422 if form.errors else 200
    return render(request, "training/classes/class_form.html", context, status=status)


@role_required(Role.ADMIN_BKPSDM)
def class_edit(request: AuthenticatedHttpRequest, class_id: int) -> HttpResponse:
    training_class = get_object_or_404(
        TrainingClass.objects.select_related("programme"), pk=class_id
    )
    form = ClassForm(request.POST or None, training_class=training_class)
    if request.method == "POST":
        updated = run_form(
            form,
            lambda: services.update_class(
                training_class=training_class, data=form.to_input(), actor=request.user
            ),
        )
        if updated is not None:
            messages.success(request, "Perubahan kelas tersimpan.")
            return redirect(detail_url(updated))
    context = {"form": form, "training_class": training_class}
    status = 422 if form.errors else 200
    return render(request, "training/classes/class_form.html", context, status=status)


@require_POST
@login_required
def class_open(request: AuthenticatedHttpRequest, class_id: int) -> HttpResponse:
    training_class = visible_class(request, class_id)
    act(
        request,
        lambda: services.open_class(training_class=training_class, actor=request.user),
        lambda _: "Pendaftaran kelas dibuka.",
    )
    return redirect(detail_url(training_class))


@require_POST
@login_required
def class_close(request: AuthenticatedHttpRequest, class_id: int) -> HttpResponse:
    training_class = visible_class(request, class_id)
    act(
        request,
        lambda: services.close_enrolment(training_class=training_class, actor=request.user),
        lambda _: "Pendaftaran kelas ditutup.",
    )
    return redirect(detail_url(training_class))


@require_POST
@login_required
def class_cancel(request: AuthenticatedHttpRequest, class_id: int) -> HttpResponse:
    training_class = visible_class(request, class_id)
    form = ReasonForm(request.POST, prefix="batal")
    if not form.is_valid():
        services.require_hr(request.user)
        form_error_message(request, form)
        return redirect(detail_url(training_class))
    act(
        request,
        lambda: services.cancel_class(
            training_class=training_class,
            reason=form.cleaned_data["reason"],
            actor=request.user,
        ),
        lambda _: "Kelas dibatalkan; peserta dan pendaftar telah diberi tahu.",
    )
    return redirect(detail_url(training_class))


@require_POST
@login_required
def class_complete(request: AuthenticatedHttpRequest, class_id: int) -> HttpResponse:
    training_class = visible_class(request, class_id)
    act(
        request,
        lambda: completion.complete_class(training_class=training_class, actor=request.user),
        lambda _: "Kelas dinyatakan selesai.",
    )
    return redirect(detail_url(training_class))


# --- Roster and results


def _roster_context(
    request: AuthenticatedHttpRequest,
    training_class: TrainingClass,
    *,
    bound: ResultForm | None = None,
) -> dict[str, Any]:
    page_obj = Paginator(selectors.roster(training_class), ROSTER_PER_PAGE).get_page(
        request.POST.get("page") or request.GET.get("page")
    )
    held = selectors.held_meetings(training_class)
    roster_url = reverse("training:class-roster", args=[training_class.pk])
    editable = is_hr(request.user) and training_class.status in selectors.RUNNING_STATUSES
    rows = []
    for enrolment in page_obj.object_list:
        form = None
        # Nobody grades themselves (services.completion refuses it): no form on one's own row.
        own = services.is_own(request.user, enrolment.employee)
        if editable and not own:
            form = bound if bound is not None and bound.enrolment.pk == enrolment.pk else None
            form = form or ResultForm(enrolment=enrolment)
        rows.append(
            {
                "enrolment": enrolment,
                "percent": rules.attendance_percent(attended=enrolment.attended, held=held),
                "meets": rules.meets_attendance(
                    attended=enrolment.attended,
                    held=held,
                    minimum_percent=training_class.min_attendance_percent,
                ),
                "form": form,
                "own": own,
            }
        )
    return {
        "training_class": training_class,
        "page_obj": page_obj,
        "query_string": "",
        "rows": rows,
        "held": held,
        "editable": editable,
        "waiting": selectors.waiting_list(training_class)[:200],
        "actions": selectors.class_actions(request.user, training_class),
        "is_hr": is_hr(request.user),
        # Where the cancel forms of the roster (training:enrolment-cancel) come back to.
        "roster_url": roster_url,
        "roster_page_url": f"{roster_url}?page={page_obj.number}",
    }


def _roster_class(request: AuthenticatedHttpRequest, class_id: int) -> TrainingClass:
    training_class = visible_class(request, class_id)
    if not reads_everything(request.user):
        raise PermissionDenied("Daftar peserta hanya untuk Admin BKPSDM dan Auditor.")
    return training_class


@login_required
def class_roster(request: AuthenticatedHttpRequest, class_id: int) -> HttpResponse:
    training_class = _roster_class(request, class_id)
    context = _roster_context(request, training_class)
    return render(request, "training/classes/roster.html", context)


def _roster_url(training_class: TrainingClass, page: str, enrolment: Enrolment) -> str:
    url = reverse("training:class-roster", args=[training_class.pk])
    query = f"?page={page}" if page.isdigit() else ""
    return f"{url}{query}#peserta-{enrolment.pk}"


def _roster_enrolment(
    request: AuthenticatedHttpRequest, class_id: int, enrolment_id: int
) -> Enrolment:
    training_class = visible_class(request, class_id)
    return get_object_or_404(training_class.enrolments.select_related("employee"), pk=enrolment_id)


@require_POST
@login_required
def enrolment_result(
    request: AuthenticatedHttpRequest, class_id: int, enrolment_id: int
) -> HttpResponse:
    """One participant's scores and, optionally, the pass/fail decision."""
    enrolment = _roster_enrolment(request, class_id, enrolment_id)
    form = ResultForm(request.POST, enrolment=enrolment)
    saved = run_form(
        form,
        lambda: completion.record_result(
            enrolment=enrolment,
            scores=form.scores(),
            outcome=form.chosen_outcome(),
            actor=request.user,
        ),
    )
    training_class = enrolment.training_class
    if saved is not None:
        messages.success(request, f"Hasil {enrolment.employee.display_name} tersimpan.")
        return redirect(_roster_url(training_class, request.POST.get("page", ""), enrolment))
    if not is_hr(request.user):
        raise PermissionDenied
    training_class = _roster_class(request, class_id)
    context = _roster_context(request, training_class, bound=form)
    return render(request, "training/classes/roster.html", context, status=422)


@require_POST
@login_required
def enrolment_result_revert(
    request: AuthenticatedHttpRequest, class_id: int, enrolment_id: int
) -> HttpResponse:
    enrolment = _roster_enrolment(request, class_id, enrolment_id)
    form = ReasonForm(request.POST, prefix="koreksi")
    if form.is_valid():
        act(
            request,
            lambda: completion.revert_result(
                enrolment=enrolment, reason=form.cleaned_data["reason"], actor=request.user
            ),
            lambda reverted: f"Keputusan {reverted.employee.display_name} dibatalkan.",
        )
    else:
        services.require_hr(request.user)
        form_error_message(request, form)
    return redirect(_roster_url(enrolment.training_class, request.POST.get("page", ""), enrolment))


@login_required
def class_roster_export(request: AuthenticatedHttpRequest, class_id: int) -> HttpResponse:
    """The roster as .xlsx (personal data: the download is written to the audit log)."""
    training_class = _roster_class(request, class_id)
    rows = selectors.roster_rows(training_class)
    content = roster_workbook(training_class, rows)
    services.record_roster_export(training_class=training_class, rows=len(rows), actor=request.user)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    filename = f"peserta-kelas-{training_class.pk}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns: list[URLPattern] = [
    path("kelas/", class_list, name="class-list"),
    path("kelas/baru/", class_create, name="class-create"),
    path("kelas/<int:class_id>/", class_detail, name="class-detail"),
    path("kelas/<int:class_id>/ubah/", class_edit, name="class-edit"),
    path("kelas/<int:class_id>/buka/", class_open, name="class-open"),
    path("kelas/<int:class_id>/tutup/", class_close, name="class-close"),
    path("kelas/<int:class_id>/batalkan/", class_cancel, name="class-cancel"),
    path("kelas/<int:class_id>/selesaikan/", class_complete, name="class-complete"),
    path("kelas/<int:class_id>/peserta/", class_roster, name="class-roster"),
    path("kelas/<int:class_id>/peserta/unduh/", class_roster_export, name="class-roster-export"),
    path(
        "kelas/<int:class_id>/peserta/<int:enrolment_id>/hasil/",
        enrolment_result,
        name="enrolment-result",
    ),
    path(
        "kelas/<int:class_id>/peserta/<int:enrolment_id>/koreksi/",
        enrolment_result_revert,
        name="enrolment-result-revert",
    ),
]
