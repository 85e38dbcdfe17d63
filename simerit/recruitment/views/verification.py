"""Verification pages: the verifier's queue and review, four-eyes confirmation, sanggah decisions,
conflict-of-interest declarations, and HR's assignment run and workload.

Every write goes through one service, which also checks that the actor holds the assignment:
a verifier acting on an application assigned to someone else gets 403 and nothing changes.
"""

from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, URLResolver, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from simerit.core.exceptions import DomainError, InvalidInputError
from simerit.core.paging import query_without_page
from simerit.core.permissions import role_required
from simerit.core.roles import Role
from simerit.core.types import AuthenticatedHttpRequest
from simerit.recruitment.forms.verification import (
    AssignmentRunForm,
    ConflictDeclarationForm,
    DocumentReviewForm,
    FamilyCardForm,
    OpenAssignmentFilterForm,
    PeriodFilterForm,
    QueueFilterForm,
    ReturnForm,
    SanggahDecisionForm,
)
from simerit.recruitment.models import (
    Application,
    ConflictDeclaration,
    SelectionPeriod,
    Stage,
    VerificationAssignment,
)
from simerit.recruitment.permissions import is_assigned_verifier, verifier_refusal
from simerit.recruitment.selectors import verification as selectors
from simerit.recruitment.selectors.windows import stage_refusal
from simerit.recruitment.services import assignments
from simerit.recruitment.services import conflicts as conflict_services
from simerit.recruitment.services import sanggah as sanggah_services
from simerit.recruitment.services import verification as services

PER_PAGE = 25
AssignmentRole = VerificationAssignment.Role
STAFF_DECLARERS = (Role.VERIFIKATOR, Role.ASESOR)


# --- Queue and review (verifier)


@role_required(Role.VERIFIKATOR)
def queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The verifier's own assignments with filters, progress and pages."""
    form = QueueFilterForm(request.GET, formasi=selectors.queue_formasi(verifier=request.user))
    assignments = selectors.list_queue(verifier=request.user, **form.filters())
    page_obj = Paginator(assignments, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page_obj,
        "query_string": query_without_page(request),
        "progress": selectors.queue_progress(verifier=request.user),
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "recruitment/verification_queue.html#results", context)
    return render(request, "recruitment/verification_queue.html", context)


@role_required(Role.VERIFIKATOR)
def review(request: AuthenticatedHttpRequest, application_id: int) -> HttpResponse:
    application = _assigned_application(request, application_id)
    return render(
        request, "recruitment/verification_review.html", _review_context(request, application)
    )


@require_POST
@role_required(Role.VERIFIKATOR)
def review_document(
    request: AuthenticatedHttpRequest, application_id: int, document_id: int
) -> HttpResponse:
    """One document's verdict; HTMX gets the refreshed panel, a plain POST a redirect."""
    application = _assigned_application(request, application_id)
    document = get_object_or_404(application.documents.select_related("kind"), pk=document_id)
    form = DocumentReviewForm(request.POST, auto_id=f"dok{document.pk}_%s")
    if form.is_valid():
        run_service(
            form,
            lambda: services.review_document(
                application=application,
                document=document,
                is_valid=form.cleaned_data["verdict"] == "valid",
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                actor=request.user,
            ),
        )
    if request.htmx:  # type: ignore[attr-defined]
        bound = {document.pk: form} if form.errors else {}
        context = _review_context(request, application, bound=bound)
        return render(request, "recruitment/verification_review.html#panel", context)
    if form.errors:
        messages.error(request, f"{document.kind.name}: {_first_error(form)}")
    return redirect("recruitment:verification-review", application_id=application.pk)


@require_POST
@role_required(Role.VERIFIKATOR)
def decide(request: AuthenticatedHttpRequest, application_id: int) -> HttpResponse:
    application = _assigned_application(request, application_id)
    try:
        decided = services.decide_application(application=application, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("recruitment:verification-review", application_id=application.pk)
    messages.success(
        request, f"Lamaran {decided.registration_number}: {decided.get_status_display()}."
    )
    return redirect("recruitment:verification-queue")


@require_POST
@role_required(Role.VERIFIKATOR)
def confirm(request: AuthenticatedHttpRequest, application_id: int) -> HttpResponse:
    """The second verifier confirms the TMS."""
    application = _assigned_application(request, application_id)
    try:
        services.confirm_tms(application=application, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("recruitment:verification-review", application_id=application.pk)
    messages.success(request, f"TMS lamaran {application.registration_number} dikonfirmasi.")
    return redirect("recruitment:verification-queue")


@require_POST
@role_required(Role.VERIFIKATOR)
def return_for_review(request: AuthenticatedHttpRequest, application_id: int) -> HttpResponse:
    """The second verifier sends the TMS back to the first verifier with a note."""
    application = _assigned_application(request, application_id)
    form = ReturnForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    action = partial(services.return_tms, application=application, note=note, actor=request.user)
    if form.errors or not run_service(form, action):
        context = _review_context(request, application, return_form=form)
        return render(request, "recruitment/verification_review.html", context, status=422)
    messages.success(request, f"Lamaran {application.registration_number} dikembalikan.")
    return redirect("recruitment:verification-queue")


def _assigned_application(request: AuthenticatedHttpRequest, application_id: int) -> Application:
    """404 when the application does not exist, 403 when this verifier may not read it
    (not assigned, in conflict with the applicant, or a finished period's completed work)."""
    application = selectors.get_application_for_review(application_id)
    if application is None:
        raise Http404("Lamaran tidak ditemukan.")
    refusal = verifier_refusal(request.user, application)
    if refusal is not None:
        raise PermissionDenied(refusal)
    return application


def _review_context(
    request: AuthenticatedHttpRequest,
    application: Application,
    *,
    bound: dict[int, DocumentReviewForm] | None = None,
    return_form: ReturnForm | None = None,
) -> dict[str, Any]:
    mine = selectors.user_assignments(application=application, user=request.user)
    first = selectors.get_assignment(application=application, role=AssignmentRole.FIRST)
    outcome = selectors.compute_outcome(application, first)
    mode = "read"
    own_first = mine.get(AssignmentRole.FIRST)
    own_confirmation = mine.get(AssignmentRole.CONFIRMATION)
    if (
        own_first
        and own_first.completed_at is None
        and application.status == Application.Status.SUBMITTED
    ):
        mode = "review"
    elif own_confirmation and own_confirmation.completed_at is None:
        mode = "confirm" if application.status == Application.Status.TMS_PENDING else "read"
    items = []
    for row in outcome.rows:
        form = None
        if row.document is not None:
            form = (bound or {}).get(row.document.pk) or _review_form(row)
        items.append({"row": row, "form": form})
    return {
        "application": application,
        "applicant": application.applicant,
        "masked_nik": conflict_services.mask_number(application.applicant.nik),
        "outcome": outcome,
        "items": items,
        "mode": mode,
        "first": first,
        "snapshot_failures": selectors.snapshot_failures(application),
        "return_note": selectors.latest_return_note(application)
        if application.status == Application.Status.SUBMITTED
        else "",
        "return_form": return_form or ReturnForm(),
        "window_refusal": stage_refusal(application.period, Stage.VERIFICATION, timezone.now())
        if mode != "read"
        else None,
    }


def _review_form(row: selectors.DocumentRow) -> DocumentReviewForm:
    assert row.document is not None  # noqa: S101 (only rows with a document get a form)
    initial: dict[str, Any] = {}
    if row.review is not None:
        initial = {
            "verdict": "valid" if row.review.is_valid else "invalid",
            "reason": row.review.reason,
            "note": row.review.note,
        }
    return DocumentReviewForm(initial=initial, auto_id=f"dok{row.document.pk}_%s")


def run_service(form: Any, action: Callable[[], object]) -> bool:
    """Call one service; its refusal becomes the form's errors. True when it succeeded."""
    try:
        action()
    except InvalidInputError as error:
        for field, messages_ in error.errors.items():
            for message in messages_:
                form.add_error(field if field in form.fields else None, message)
    except DomainError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
    return not form.errors


def _first_error(form: Any) -> str:
    return str(next(iter(form.errors.values()))[0])


# --- Sanggah decision (verifier)


@role_required(Role.VERIFIKATOR)
def sanggah_review(request: AuthenticatedHttpRequest, sanggah_id: int) -> HttpResponse:
    """The sanggah, the TMS reasons and the referenced documents; POST decides it."""
    sanggah = selectors.get_sanggah_for_review(sanggah_id)
    if sanggah is None:
        raise Http404("Sanggah tidak ditemukan.")
    assignment = selectors.get_assignment(
        application=sanggah.application, role=AssignmentRole.SANGGAH, verifier=request.user
    )
    if assignment is None or not is_assigned_verifier(request.user, sanggah.application):
        raise PermissionDenied("Sanggah ini tidak ditugaskan kepada Anda.")
    form = SanggahDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision = partial(
            sanggah_services.decide_sanggah,
            sanggah=sanggah,
            grant=form.cleaned_data["decision"] == "grant",
            note=form.cleaned_data["note"],
            actor=request.user,
        )
        if run_service(form, decision):
            number = sanggah.application.registration_number
            messages.success(request, f"Sanggah {number} diputuskan.")
            return redirect("recruitment:verification-queue")
    context = _sanggah_context(sanggah, assignment, form)
    return render(
        request, "recruitment/sanggah_review.html", context, status=422 if form.errors else 200
    )


def _sanggah_context(
    sanggah: Any, assignment: VerificationAssignment, form: SanggahDecisionForm
) -> dict[str, Any]:
    application = sanggah.application
    first = selectors.get_assignment(application=application, role=AssignmentRole.FIRST)
    return {
        "sanggah": sanggah,
        "application": application,
        "masked_nik": conflict_services.mask_number(application.applicant.nik),
        "outcome": selectors.compute_outcome(application, first),
        "assignment": assignment,
        "form": form,
    }


# --- Conflict of interest (verifier, assessor)


@role_required(*STAFF_DECLARERS)
def conflict_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The account's own declarations and KK; POST adds a relative."""
    form = ConflictDeclarationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        declare = partial(
            conflict_services.declare_relative,
            user=request.user,
            actor=request.user,
            **form.cleaned_data,
        )
        if run_service(form, declare):
            messages.success(request, "Pernyataan kerabat tersimpan.")
            return redirect("recruitment:conflict-list")
    return _conflict_page(request, form=form, card_form=FamilyCardForm())


@require_POST
@role_required(*STAFF_DECLARERS)
def conflict_delete(request: AuthenticatedHttpRequest, declaration_id: int) -> HttpResponse:
    declaration = get_object_or_404(ConflictDeclaration, pk=declaration_id, user=request.user)
    conflict_services.withdraw_declaration(declaration=declaration, actor=request.user)
    messages.success(request, "Pernyataan kerabat dihapus.")
    return redirect("recruitment:conflict-list")


@require_POST
@role_required(*STAFF_DECLARERS)
def family_card(request: AuthenticatedHttpRequest) -> HttpResponse:
    card_form = FamilyCardForm(request.POST)
    if card_form.is_valid():
        save = partial(
            conflict_services.set_family_card,
            user=request.user,
            kk_number=card_form.cleaned_data["kk_number"],
            actor=request.user,
        )
        if run_service(card_form, save):
            messages.success(request, "Nomor KK tersimpan.")
            return redirect("recruitment:conflict-list")
    return _conflict_page(request, form=ConflictDeclarationForm(), card_form=card_form)


def _conflict_page(
    request: AuthenticatedHttpRequest, *, form: ConflictDeclarationForm, card_form: FamilyCardForm
) -> HttpResponse:
    declarations = [
        (declaration, conflict_services.mask_number(declaration.relative_nik))
        for declaration in selectors.list_declarations(user=request.user)
    ]
    card = selectors.get_family_card(user=request.user)
    context = {
        "form": form,
        "card_form": card_form,
        "declarations": declarations,
        "masked_kk": conflict_services.mask_number(card.kk_number) if card else "",
    }
    status = 422 if form.errors or card_form.errors else 200
    return render(request, "recruitment/conflict_list.html", context, status=status)


# --- Assignment run and workload (Admin BKPSDM)


@role_required(Role.ADMIN_BKPSDM)
def admin(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Per period: work waiting for a verifier, the run form, workload per verifier and formasi."""
    period_form = PeriodFilterForm(request.GET or None)
    period = _selected_period(period_form)
    context: dict[str, Any] = {"period_form": period_form, "period": period}
    if period is not None:
        workload = selectors.verifier_workload(period=period)
        progress = Paginator(selectors.formasi_progress(period=period), PER_PAGE)
        page_obj = progress.get_page(request.GET.get("page"))
        context.update(
            backlog=selectors.assignment_backlog(period=period),
            run_form=AssignmentRunForm(period=period),
            workload=workload,
            page_obj=page_obj,
            query_string=f"period={period.pk}",
            chart=_workload_chart(workload, list(page_obj)),
        )
    return render(request, "recruitment/verification_admin.html", context)


@require_POST
@role_required(Role.ADMIN_BKPSDM)
def assign(request: AuthenticatedHttpRequest, period_id: int) -> HttpResponse:
    period = get_object_or_404(SelectionPeriod, pk=period_id)
    form = AssignmentRunForm(request.POST, period=period)
    if not form.is_valid():
        messages.error(request, _first_error(form))
    else:
        try:
            result = assignments.assign_applications(
                period=period, formasi=form.cleaned_data["formasi"], actor=request.user
            )
            messages.success(request, result.summary())
        except DomainError as error:
            messages.error(request, error.message)
    return redirect(f"{_admin_url()}?period={period.pk}")


@role_required(Role.ADMIN_BKPSDM)
def open_assignments(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Open assignments of a period, flagged when their holder can no longer do them."""
    form = OpenAssignmentFilterForm(request.GET or None)
    period, verifier = form.selection()
    assignments = (
        selectors.open_assignments(period=period, verifier_id=verifier.pk if verifier else None)
        if period is not None
        else VerificationAssignment.objects.none()
    )
    page_obj = Paginator(assignments, PER_PAGE).get_page(request.GET.get("page"))
    problems = selectors.holder_problems(page_obj.object_list)
    context = {
        "form": form,
        "period": period,
        "page_obj": page_obj,
        "rows": [(assignment, problems[assignment.pk]) for assignment in page_obj],
        "query_string": query_without_page(request),
    }
    return render(request, "recruitment/verification_open_assignments.html", context)


@require_POST
@role_required(Role.ADMIN_BKPSDM)
def release(request: AuthenticatedHttpRequest, assignment_id: int) -> HttpResponse:
    """Take an open assignment back and hand it to another verifier at once."""
    assignment = get_object_or_404(
        VerificationAssignment.objects.select_related("application", "verifier"), pk=assignment_id
    )
    number = assignment.application.registration_number
    try:
        successor = assignments.release_assignment(assignment=assignment, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, assignments.release_summary(number, successor))
    query = QueryDict(mutable=True)
    query["period"] = str(assignment.application.period_id)
    return redirect(f"{reverse('recruitment:verification-open-assignments')}?{query.urlencode()}")


def _admin_url() -> str:
    return reverse("recruitment:verification-admin")


def _selected_period(form: PeriodFilterForm) -> SelectionPeriod | None:
    if form.is_bound and form.is_valid() and form.cleaned_data.get("period"):
        chosen: SelectionPeriod = form.cleaned_data["period"]
        return chosen
    fallback = selectors.default_period()
    form.initial = {"period": fallback.pk} if fallback else {}
    return fallback


def _workload_chart(
    workload: list[selectors.VerifierWorkload], formasi: list[Any]
) -> dict[str, Any]:
    return {
        "verifiers": {
            "labels": [row.verifier.full_name or row.verifier.username for row in workload],
            "done": [row.done for row in workload],
            "open": [row.open for row in workload],
        },
        "formasi": {
            "labels": [item.code for item in formasi],
            "ms": [item.n_ms for item in formasi],
            "tms": [item.n_tms for item in formasi],
            "pending": [item.n_pending for item in formasi],
        },
    }


urlpatterns: list[URLPattern | URLResolver] = [
    path("verifikasi/", queue, name="verification-queue"),
    path("verifikasi/lamaran/<int:application_id>/", review, name="verification-review"),
    path(
        "verifikasi/lamaran/<int:application_id>/dokumen/<int:document_id>/",
        review_document,
        name="verification-document-review",
    ),
    path("verifikasi/lamaran/<int:application_id>/putuskan/", decide, name="verification-decide"),
    path(
        "verifikasi/lamaran/<int:application_id>/konfirmasi/",
        confirm,
        name="verification-confirm",
    ),
    path(
        "verifikasi/lamaran/<int:application_id>/kembalikan/",
        return_for_review,
        name="verification-return",
    ),
    path("verifikasi/sanggah/<int:sanggah_id>/", sanggah_review, name="sanggah-review"),
    path("verifikasi/kelola/", admin, name="verification-admin"),
    path("verifikasi/kelola/<int:period_id>/tugaskan/", assign, name="verification-assign"),
    path(
        "verifikasi/kelola/tugas-terbuka/",
        open_assignments,
        name="verification-open-assignments",
    ),
    path(
        "verifikasi/kelola/tugas/<int:assignment_id>/lepas/",
        release,
        name="verification-release",
    ),
    path("konflik-kepentingan/", conflict_list, name="conflict-list"),
    path(
        "konflik-kepentingan/<int:declaration_id>/hapus/",
        conflict_delete,
        name="conflict-delete",
    ),
    path("konflik-kepentingan/kk/", family_card, name="conflict-family-card"),
]
