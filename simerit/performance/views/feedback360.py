"""Pages of the 360 behaviour input: the rater's tasks and form, the SKP's aggregated evidence with
the invitation list and HR's adjustments; the Auditor's identities page lives in
feedback360_identities."""

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_POST

from simerit.core.exceptions import DomainError, InvalidInputError
from simerit.core.types import AuthenticatedHttpRequest
from simerit.performance.forms.feedback360 import AddRaterForm, RatingForm, RemoveRaterForm
from simerit.performance.models import SCORE_LABELS, RaterAssignment, Skp
from simerit.performance.permissions import employee_of, is_auditor, visible_skps
from simerit.performance.selectors import feedback360 as selectors
from simerit.performance.services import feedback360 as services
from simerit.performance.services.feedback360_identities import can_read_identities
from simerit.performance.views import feedback360_identities

PER_PAGE = 25
T = TypeVar("T")


def _act(request: HttpRequest, call: Callable[[], T], success: Callable[[T], str]) -> None:
    """Run one service: a refusal becomes an error message, the outcome a success message."""
    try:
        outcome = call()
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success(outcome))


@login_required
def my_ratings(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The account's rating tasks: pending first; answered ones show no scores."""
    employee = employee_of(request.user)
    assignments = selectors.my_assignments(employee) if employee else RaterAssignment.objects.none()
    page_obj = Paginator(assignments, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "performance/feedback360/my_ratings.html",
        {"page_obj": page_obj, "query_string": ""},
    )


@login_required
def rating_form(request: AuthenticatedHttpRequest, assignment_id: int) -> HttpResponse:
    """The 21 panduan perilaku with the pejabat penilai's expectations; POST sends the answer."""
    assignment = selectors.get_my_assignment(employee_of(request.user), assignment_id)
    if assignment is None:
        raise Http404("Penugasan penilaian tidak ditemukan.")
    form = RatingForm(request.POST or None, guides=selectors.value_guides(assignment.skp))
    if request.method == "POST" and form.is_valid() and _submit(request, form, assignment):
        messages.success(request, "Penilaian Anda terkirim. Terima kasih.")
        return redirect("performance:my-ratings")
    context = {"assignment": assignment, "form": form, "score_labels": SCORE_LABELS}
    status = 422 if form.errors else 200
    return render(request, "performance/feedback360/rating_form.html", context, status=status)


def _submit(request: AuthenticatedHttpRequest, form: RatingForm, assignment: Any) -> bool:
    try:
        services.submit_ratings(
            assignment=assignment,
            scores=form.scores(),
            comment=form.cleaned_data["comment"],
            actor=request.user,
        )
    except InvalidInputError as error:
        for field, field_messages in error.errors.items():
            for message in field_messages:
                form.add_error(field if field in form.fields else None, message)
        return False
    except DomainError as error:
        form.add_error(None, error.message)
        return False
    return True


@login_required
def skp_feedback360(request: AuthenticatedHttpRequest, skp_id: int) -> HttpResponse:
    """The SKP's behaviour tab: aggregated evidence, the invitations, HR's adjustments."""
    skp = get_object_or_404(
        visible_skps(request.user).select_related("year", "employee", "evaluator", "position"),
        pk=skp_id,
    )
    return render(request, "performance/feedback360/skp.html", _skp_context(request, skp))


def _skp_context(request: AuthenticatedHttpRequest, skp: Skp) -> dict[str, Any]:
    user = request.user
    window_open = skp.year.feedback_open(on=timezone.localdate())
    context: dict[str, Any] = {
        "skp": skp,
        "can_view_evidence": services.can_view_evidence(user, skp),
        "can_view_invitations": services.can_view_invitations(user, skp),
        # The forms are offered only while the collection is open (the services refuse after).
        "can_propose": window_open and services.can_propose_raters(user, skp),
        "can_adjust": window_open and services.can_adjust_raters(user, skp),
        "can_read_identities": is_auditor(user) and can_read_identities(user, skp),
        "counts": selectors.invitation_counts(skp),
        "min_raters": skp.year.min_group_raters,
    }
    if context["can_view_evidence"]:
        summary = selectors.evidence_summary(skp)
        context["summary"] = summary
        context["unpublished_reason"] = selectors.unpublished_reason(skp.year)
        context["value_means"] = selectors.value_means(skp, summary)
    if context["can_view_invitations"]:
        context["invitations"] = selectors.invitations(skp)
        context["add_form"] = AddRaterForm()
        context["remove_form"] = RemoveRaterForm()
    return context


@require_POST
@login_required
def propose(request: AuthenticatedHttpRequest, skp_id: int) -> HttpResponse:
    skp = get_object_or_404(visible_skps(request.user), pk=skp_id)
    _act(
        request,
        lambda: services.propose_raters(skp=skp, actor=request.user),
        lambda added: f"{len(added)} penilai baru diundang.",
    )
    return redirect("performance:skp-feedback360", skp_id=skp.pk)


@require_POST
@login_required
def add(request: AuthenticatedHttpRequest, skp_id: int) -> HttpResponse:
    skp = get_object_or_404(visible_skps(request.user), pk=skp_id)
    if not services.can_adjust_raters(request.user, skp):
        raise PermissionDenied("Hanya Admin BKPSDM yang dapat menambah penilai SKP pegawai lain.")
    form = AddRaterForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        _act(
            request,
            lambda: services.add_rater(
                skp=skp,
                rater=form.cleaned_data["nip"],
                group=form.cleaned_data["group"],
                actor=request.user,
            ),
            lambda added: f"{added.rater.name} ditambahkan sebagai penilai.",
        )
    return redirect("performance:skp-feedback360", skp_id=skp.pk)


@require_POST
@login_required
def remove(request: AuthenticatedHttpRequest, skp_id: int, assignment_id: int) -> HttpResponse:
    skp = get_object_or_404(visible_skps(request.user), pk=skp_id)
    assignment = get_object_or_404(RaterAssignment.objects.filter(skp=skp), pk=assignment_id)
    form = RemoveRaterForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    _act(
        request,
        lambda: services.remove_rater(assignment=assignment, reason=reason, actor=request.user),
        lambda removed: f"{removed.rater.name} dikeluarkan dari daftar penilai.",
    )
    return redirect("performance:skp-feedback360", skp_id=skp.pk)


urlpatterns: list[URLPattern] = [
    path("penilaian-360/", my_ratings, name="my-ratings"),
    path("penilaian-360/<int:assignment_id>/", rating_form, name="rating-form"),
    path("skp/<int:skp_id>/perilaku/", skp_feedback360, name="skp-feedback360"),
    path("skp/<int:skp_id>/perilaku/usulkan/", propose, name="skp-raters-propose"),
    path("skp/<int:skp_id>/perilaku/tambah/", add, name="skp-rater-add"),
    path(
        "skp/<int:skp_id>/perilaku/<int:assignment_id>/keluarkan/",
        remove,
        name="skp-rater-remove",
    ),
    *feedback360_identities.urlpatterns,
]
