"""Sanggah on final results: the applicant files on their own result; HR lists and decides
(four eyes: not the publisher of the disputed version); the Auditor reads."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils import timezone

from simerit.core.exceptions import DomainError, InvalidInputError
from simerit.core.paging import query_without_page
from simerit.core.permissions import role_required
from simerit.core.roles import Role
from simerit.core.types import AuthenticatedHttpRequest
from simerit.recruitment.models import SelectionPeriod
from simerit.selection import permissions
from simerit.selection.forms.sanggah import (
    ResultSanggahDecisionForm,
    ResultSanggahFilingForm,
    ResultSanggahFilterForm,
)
from simerit.selection.models import ResultAnnouncementEntry
from simerit.selection.rules import FinalStatus, display
from simerit.selection.selectors import sanggah as selectors
from simerit.selection.services import sanggah as services

READERS = (Role.ADMIN_BKPSDM, Role.AUDITOR)
PER_PAGE = 25
# HR's list: only the sanggah still waiting after their answer deadline.
OVERDUE_PARAM, OVERDUE_VALUE = "tenggat", "lewat"


@role_required(Role.PELAMAR)
def result_sanggah(request: AuthenticatedHttpRequest, application_id: int) -> HttpResponse:
    """The applicant's own final result line, the sanggah window, the form or the decision."""
    application = selectors.own_application(user_id=request.user.pk, application_id=application_id)
    if application is None:
        raise Http404("Lamaran tidak ditemukan.")
    sanggah = selectors.get_own_sanggah(application)
    form = ResultSanggahFilingForm(request.POST or None)
    if request.method == "POST" and sanggah is None and form.is_valid():
        filed = _run(
            form,
            lambda: services.file_result_sanggah(
                application=application, reason=form.cleaned_data["reason"], actor=request.user
            ),
        )
        if filed:
            messages.success(request, "Sanggah hasil akhir Anda tercatat.")
            return redirect("selection:result-sanggah", application_id=application.pk)
    target = selectors.disputable(application)
    context = {
        "application": application,
        "sanggah": sanggah,
        "form": form,
        "target": target,
        "line": _line(target.entry) if target else None,
        "refusal": selectors.filing_refusal(application, now=timezone.now()),
    }
    return render(
        request, "selection/sanggah/applicant.html", context, status=422 if form.errors else 200
    )


@role_required(Role.PELAMAR)
def my_result_sanggah(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The sanggah page of the applicant's newest application with a published final result."""
    application = selectors.newest_announced_application(user_id=request.user.pk)
    if application is not None:
        return redirect("selection:result-sanggah", application_id=application.pk)
    return render(request, "selection/sanggah/applicant.html", {"application": None})


@role_required(*READERS)
def result_sanggah_list(request: AuthenticatedHttpRequest, period_id: int) -> HttpResponse:
    """The period's sanggah with the answer deadline of each (§1.4); `?tenggat=lewat` keeps only
    the ones still waiting after it."""
    period = get_object_or_404(SelectionPeriod, pk=period_id)
    form = ResultSanggahFilterForm(request.GET or None)
    now = timezone.now()
    overdue_only = request.GET.get(OVERDUE_PARAM) == OVERDUE_VALUE
    sanggah = selectors.sanggah_of(
        period=period, status=form.status_filter(), overdue_at=now if overdue_only else None
    )
    page_obj = Paginator(sanggah, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "period": period,
        "form": form,
        "page_obj": page_obj,
        "rows": selectors.with_deadlines(page_obj.object_list, now=now),
        "overdue_only": overdue_only,
        "overdue_count": selectors.overdue_count(period, now=now),
        "answer_days": selectors.answer_days(),
        "counts": selectors.status_counts(period),
        "query_string": query_without_page(request),
    }
    return render(request, "selection/sanggah/list.html", context)


@role_required(*READERS)
def result_sanggah_decide(request: AuthenticatedHttpRequest, sanggah_id: int) -> HttpResponse:
    """The sanggah with the disputed line; POST (Admin BKPSDM only) decides it."""
    sanggah = selectors.get_sanggah(sanggah_id)
    if sanggah is None:
        raise Http404("Sanggah tidak ditemukan.")
    can_decide = permissions.can_manage(request.user)
    if request.method == "POST" and not can_decide:
        raise PermissionDenied("Auditor hanya membaca sanggah hasil akhir.")
    form = ResultSanggahDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decided = _run(
            form,
            lambda: services.decide_result_sanggah(
                sanggah=sanggah,
                granted=form.cleaned_data["decision"] == "grant",
                note=form.cleaned_data["note"],
                actor=request.user,
            ),
        )
        if decided:
            messages.success(request, "Keputusan sanggah hasil akhir tersimpan.")
            return redirect("selection:result-sanggah-decide", sanggah_id=sanggah.pk)
    entry = selectors.entry_in(sanggah)
    context = {
        "sanggah": sanggah,
        "application": sanggah.application,
        "line": _line(entry) if entry else None,
        "form": form,
        "can_decide": can_decide,
        "is_publisher": sanggah.announcement.published_by_id == request.user.pk,
        "ranking_url": _ranking_url(sanggah.application.period_id),
    }
    return render(
        request, "selection/sanggah/decide.html", context, status=422 if form.errors else 200
    )


def _run(form: Any, action: Callable[[], object]) -> bool:
    """Call one service; its refusal becomes the form's errors. True when it succeeded."""
    try:
        action()
    except InvalidInputError as error:
        for field, field_messages in error.errors.items():
            for message in field_messages:
                form.add_error(field if field in form.fields else None, message)
    except DomainError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
    except PermissionDenied as error:
        form.add_error(None, str(error))
    return not form.errors


def _line(entry: ResultAnnouncementEntry) -> dict[str, Any]:
    """The published line as the pages show it: status label, rank, scores with a comma."""
    return {
        "entry": entry,
        "status": FinalStatus(entry.status).label,
        "final_score": display(entry.final_score) if entry.final_score is not None else "—",
        "skb_score": display(entry.skb_score) if entry.skb_score is not None else "—",
    }


def _ranking_url(period_id: int) -> str:
    """The HR ranking page of the period, when that page exists."""
    try:
        return reverse("selection:ranking", args=[period_id])
    except NoReverseMatch:
        return ""


urlpatterns: list[URLPattern] = [
    # Without an id: the newest application that has a final result (the result page links here).
    path("hasil-akhir/sanggah/", my_result_sanggah, name="result-sanggah"),
    path(
        "hasil-akhir/<int:application_id>/sanggah/",
        result_sanggah,
        name="result-sanggah",
    ),
    path(
        "sanggah-hasil-akhir/periode/<int:period_id>/",
        result_sanggah_list,
        name="result-sanggah-list",
    ),
    path(
        "sanggah-hasil-akhir/<int:sanggah_id>/",
        result_sanggah_decide,
        name="result-sanggah-decide",
    ),
]
