"""Enrolment pages: the POST actions of the class detail panel (request, nominate, assign), the
employee's own enrolments with cancellation, and the supervisor's approval queue (HTMX rows).

A class or an enrolment the account may not see is a 404; a refusal of a service on something it
sees is a 403 (permission) or a message (a rule of the class: full, closed, duplicate...)."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from simerit.core.exceptions import DomainError
from simerit.core.paging import query_without_page
from simerit.core.types import AuthenticatedHttpRequest
from simerit.training import permissions
from simerit.training.forms.enrolment import (
    ApproveForm,
    AssignForm,
    EnrolForm,
    MyEnrolmentFilterForm,
    NominateForm,
    ReasonForm,
)
from simerit.training.models import Enrolment, TrainingClass
from simerit.training.rules import enrolment as rules
from simerit.training.selectors import enrolment as selectors
from simerit.training.services import enrolment as services

PER_PAGE = 20
APPROVALS_TEMPLATE = "training/enrolment/approvals.html"


def _back(request: AuthenticatedHttpRequest, fallback: str) -> HttpResponse:
    """Back to the page the form was on (`next`, same site only), else to `fallback`."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback)


def _run(request: AuthenticatedHttpRequest, form: Form, call: Callable[[], str]) -> None:
    """Call one service when the form is valid; its message, a refusal or form errors become
    messages. A PermissionDenied propagates (403)."""
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return
    try:
        done = call()
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)


def _class(request: AuthenticatedHttpRequest, class_id: int) -> TrainingClass:
    return get_object_or_404(selectors.classes_for_enrolment(request.user), pk=class_id)


def _class_page(training_class: TrainingClass) -> str:
    return reverse("training:class-detail", kwargs={"class_id": training_class.pk})


@login_required
@require_POST
def class_enrol(request: AuthenticatedHttpRequest, class_id: int) -> HttpResponse:
    training_class = _class(request, class_id)
    form = EnrolForm(request.POST)
    _run(
        request,
        form,
        lambda: selectors.outcome_message(
            services.request_enrolment(
                training_class=training_class,
                motivation=form.cleaned_data["motivation"],
                actor=request.user,
            )
        ),
    )
    return _back(request, _class_page(training_class))


@login_required
@require_POST
def class_nominate(request: AuthenticatedHttpRequest, class_id: int) -> HttpResponse:
    training_class = _class(request, class_id)
    form = NominateForm(request.POST)

    def nominate() -> str:
        placed = services.nominate_employees(
            training_class=training_class,
            employees=list(form.cleaned_data["employees"]),
            actor=request.user,
        )
        return " ".join(selectors.outcome_message(enrolment) for enrolment in placed)

    _run(request, form, nominate)
    return _back(request, _class_page(training_class))


@login_required
@require_POST
def class_assign(request: AuthenticatedHttpRequest, class_id: int) -> HttpResponse:
    training_class = _class(request, class_id)
    form = AssignForm(request.POST)

    def assign() -> str:
        try:
            enrolment = services.assign_employee(
                training_class=training_class, nip=form.cleaned_data["nip"], actor=request.user
            )
        except PermissionDenied as refused:
            # Admin BKPSDM typed their own NIP: say why on the page rather than a bare 403.
            if permissions.is_hr(request.user):
                raise DomainError(str(refused)) from refused
            raise
        return selectors.outcome_message(enrolment)

    _run(request, form, assign)
    return _back(request, _class_page(training_class))


@login_required
@require_POST
def enrolment_cancel(request: AuthenticatedHttpRequest, enrolment_id: int) -> HttpResponse:
    enrolment = get_object_or_404(permissions.visible_enrolments(request.user), pk=enrolment_id)
    form = ReasonForm(request.POST)

    def cancel() -> str:
        services.cancel_enrolment(
            enrolment=enrolment, reason=form.cleaned_data["reason"], actor=request.user
        )
        return "Keikutsertaan dibatalkan."

    _run(request, form, cancel)
    return _back(request, reverse("training:my-enrolments"))


@login_required
@require_GET
def my_enrolments(request: AuthenticatedHttpRequest) -> HttpResponse:
    employee = selectors.self_enrolling_employee(request.user)
    filters = MyEnrolmentFilterForm(request.GET)
    status = filters.cleaned_data["status"] if filters.is_valid() else ""
    enrolments = (
        selectors.list_my_enrolments(employee, status=status)
        if employee is not None
        else Enrolment.objects.none()
    )
    page = Paginator(enrolments, PER_PAGE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = [
        {
            "enrolment": enrolment,
            "can_cancel": rules.may_cancel_own(
                status=enrolment.status,
                starts_on=enrolment.training_class.starts_on,
                today=today,
            ),
        }
        for enrolment in page.object_list
    ]
    context = {
        "employee": employee,
        "filters": filters,
        "rows": rows,
        "page_obj": page,
        "query_string": query_without_page(request),
    }
    return render(request, "training/enrolment/my_enrolments.html", context)


def _ensure_may_decide(request: AuthenticatedHttpRequest) -> None:
    if not selectors.may_decide_requests(request.user):
        raise PermissionDenied(selectors.NOT_A_DECIDER)


@login_required
@require_GET
def approvals(request: AuthenticatedHttpRequest) -> HttpResponse:
    _ensure_may_decide(request)
    page = Paginator(selectors.list_pending_approvals(request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "page_obj": page,
        "query_string": query_without_page(request),
        "is_hr": permissions.is_hr(request.user),
    }
    return render(request, APPROVALS_TEMPLATE, context)


def _decide(
    request: AuthenticatedHttpRequest,
    enrolment_id: int,
    form: Form,
    call: Callable[[Enrolment], str],
) -> HttpResponse:
    """Approve or reject one request; an HTMX request gets its row back with the outcome."""
    _ensure_may_decide(request)
    enrolment = get_object_or_404(permissions.visible_enrolments(request.user), pk=enrolment_id)
    if not request.htmx:  # type: ignore[attr-defined]
        _run(request, form, lambda: call(enrolment))
        return _back(request, reverse("training:approvals"))
    outcome, error = "", ""
    if not form.is_valid():
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
    else:
        try:
            outcome = call(enrolment)
        except DomainError as refusal:
            error = refusal.message
    row = selectors.list_pending_approvals(request.user).filter(pk=enrolment.pk).first()
    context = {
        "item": row or enrolment,
        "outcome": outcome,
        "error": error,
        "decided": not row,
        "is_hr": permissions.is_hr(request.user),
    }
    return render(request, f"{APPROVALS_TEMPLATE}#row", context)


@login_required
@require_POST
def enrolment_approve(request: AuthenticatedHttpRequest, enrolment_id: int) -> HttpResponse:
    form = ApproveForm(request.POST)

    def approve(enrolment: Enrolment) -> str:
        approved = services.approve_enrolment(
            enrolment=enrolment, note=form.cleaned_data["note"], actor=request.user
        )
        return f"Disetujui. {selectors.outcome_message(approved)}"

    return _decide(request, enrolment_id, form, approve)


@login_required
@require_POST
def enrolment_reject(request: AuthenticatedHttpRequest, enrolment_id: int) -> HttpResponse:
    form = ReasonForm(request.POST)

    def reject(enrolment: Enrolment) -> str:
        services.reject_enrolment(
            enrolment=enrolment, reason=form.cleaned_data["reason"], actor=request.user
        )
        return f"Permintaan {enrolment.employee.display_name} ditolak."

    return _decide(request, enrolment_id, form, reject)


urlpatterns: list[URLPattern] = [
    path("kelas/<int:class_id>/daftar/", class_enrol, name="class-enrol"),
    path("kelas/<int:class_id>/usulkan/", class_nominate, name="nominate"),
    path("kelas/<int:class_id>/tugaskan/", class_assign, name="class-assign"),
    path("pendaftaran/", my_enrolments, name="my-enrolments"),
    path("pendaftaran/<int:enrolment_id>/batalkan/", enrolment_cancel, name="enrolment-cancel"),
    path("persetujuan/", approvals, name="approvals"),
    path("persetujuan/<int:enrolment_id>/setujui/", enrolment_approve, name="enrolment-approve"),
    path("persetujuan/<int:enrolment_id>/tolak/", enrolment_reject, name="enrolment-reject"),
]
