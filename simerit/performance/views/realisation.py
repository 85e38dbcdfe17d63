"""The realisation tab of one SKP: indicators × periods with capaian and bukti dukung, the pejabat
penilai's feedback per result and period, and coaching notes with the employee's feedback.

Every URL looks the SKP up among `visible_skps(user)` (404 otherwise); each write is a POST that
calls one service (which checks who may act: 403 for a reader such as the Auditor) and redirects
back with a message."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.forms import Form
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from simerit.core.exceptions import DomainError
from simerit.core.paging import query_without_page
from simerit.core.types import AuthenticatedHttpRequest
from simerit.performance import permissions
from simerit.performance.forms.realisation import (
    CoachingFeedbackForm,
    CoachingNoteForm,
    EvidenceForm,
    RealisationForm,
    ResultFeedbackForm,
)
from simerit.performance.models import CoachingNote, PerformanceYear, Realisation, Skp
from simerit.performance.selectors import realisation as selectors
from simerit.performance.services import coaching as coaching_services
from simerit.performance.services import realisation as services
from simerit.recruitment import uploads

NOTES_PER_PAGE = 10
# A bukti dukung is always a download; nothing in it may run or load anything.
EVIDENCE_CSP = "default-src 'none'; frame-ancestors 'none'"


def _skps(request: AuthenticatedHttpRequest) -> QuerySet[Skp]:
    return permissions.visible_skps(request.user).select_related(
        "year", "employee", "evaluator", "position", "work_unit"
    )


def _feedback_prefix(note: CoachingNote) -> str:
    return f"bimbingan-{note.pk}"


def _back(skp: Skp, anchor: str = "") -> HttpResponse:
    response = redirect("performance:skp-realisation", skp_id=skp.pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def _run(request: AuthenticatedHttpRequest, form: Form, call: Callable[[], Any], done: str) -> None:
    """Call one service when the form is valid; refusals and form errors become messages."""
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return
    try:
        call()
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)


@login_required
@require_GET
def skp_realisation(request: AuthenticatedHttpRequest, skp_id: int) -> HttpResponse:
    skp = get_object_or_404(_skps(request), pk=skp_id)
    user, today = request.user, timezone.localdate()
    periods = selectors.periods(skp.year, today=today)
    open_ = skp.year.status != PerformanceYear.Status.CLOSED
    approved = skp.status == Skp.Status.APPROVED
    is_owner, is_evaluator = permissions.is_owner(user, skp), permissions.is_evaluator(user, skp)
    notes = Paginator(selectors.list_coaching_notes(skp), NOTES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "skp": skp,
        "periods": periods,
        "blocks": selectors.realisation_board(skp, today=today),
        "can_record": is_owner and approved and open_,
        "can_feedback": is_evaluator and approved and open_,
        "can_coach": is_evaluator and open_,
        "can_answer": is_owner and open_,
        "year_open": open_,
        "max_evidence": services.MAX_EVIDENCE,
        "record_form": RealisationForm(skp=skp, periods=periods),
        "evidence_form": EvidenceForm(),
        "coaching_form": CoachingNoteForm(initial={"held_on": min(today, skp.year.ends_on)}),
        "page_obj": notes,
        "notes": [_note_row(note, answer=is_owner and open_) for note in notes.object_list],
        "query_string": query_without_page(request),
    }
    return render(request, "performance/realisation/page.html", context)


def _note_row(note: CoachingNote, *, answer: bool) -> dict[str, Any]:
    lines = selectors.feedback_lines(note)
    form = CoachingFeedbackForm(prefix=_feedback_prefix(note)) if answer and not lines else None
    return {"note": note, "lines": lines, "form": form}


@login_required
@require_POST
def realisation_record(request: AuthenticatedHttpRequest, skp_id: int) -> HttpResponse:
    skp = get_object_or_404(_skps(request), pk=skp_id)
    periods = selectors.periods(skp.year, today=timezone.localdate())
    form = RealisationForm(request.POST, skp=skp, periods=periods)
    _run(
        request,
        form,
        lambda: services.record_realisation(
            indicator=form.cleaned_data["indicator"],
            period_index=form.cleaned_data["period_index"],
            value=form.cleaned_data["value"],
            note=form.cleaned_data["note"],
            actor=request.user,
        ),
        "Realisasi tersimpan.",
    )
    return _back(skp, "realisasi")


@login_required
@require_POST
def evidence_add(
    request: AuthenticatedHttpRequest, skp_id: int, realisation_id: int
) -> HttpResponse:
    skp = get_object_or_404(_skps(request), pk=skp_id)
    realisation = get_object_or_404(Realisation, pk=realisation_id, indicator__result__skp=skp)
    form = EvidenceForm(request.POST, request.FILES)
    _run(
        request,
        form,
        lambda: services.add_evidence(
            realisation=realisation, upload=form.cleaned_data["file"], actor=request.user
        ),
        "Bukti dukung tersimpan.",
    )
    return _back(skp, f"indikator-{realisation.indicator_id}")


@login_required
@require_POST
def evidence_remove(
    request: AuthenticatedHttpRequest, skp_id: int, evidence_id: int
) -> HttpResponse:
    skp = get_object_or_404(_skps(request), pk=skp_id)
    evidence = selectors.get_evidence(skp, evidence_id)
    if evidence is None:
        raise Http404
    _run(
        request,
        Form({}),
        lambda: services.remove_evidence(evidence=evidence, actor=request.user),
        "Bukti dukung dihapus.",
    )
    return _back(skp, f"indikator-{evidence.realisation.indicator_id}")


@login_required
@require_GET
def evidence_file(request: AuthenticatedHttpRequest, skp_id: int, evidence_id: int) -> FileResponse:
    """Stream a bukti dukung as a download, named by year and number only (never a NIK)."""
    skp = get_object_or_404(_skps(request), pk=skp_id)
    evidence = selectors.get_evidence(skp, evidence_id)
    if evidence is None:
        raise Http404
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=f"bukti-dukung-{skp.year.year}-{evidence.pk}.{evidence.file_format}",
        content_type=uploads.CONTENT_TYPES.get(evidence.file_format, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = EVIDENCE_CSP
    return response


@login_required
@require_POST
def result_feedback_add(request: AuthenticatedHttpRequest, skp_id: int) -> HttpResponse:
    skp = get_object_or_404(_skps(request), pk=skp_id)
    periods = selectors.periods(skp.year, today=timezone.localdate())
    form = ResultFeedbackForm(request.POST, skp=skp, periods=periods)
    _run(
        request,
        form,
        lambda: services.add_result_feedback(
            result=form.cleaned_data["result"],
            period_index=form.cleaned_data["period_index"],
            text=form.cleaned_data["text"],
            actor=request.user,
        ),
        "Umpan balik tersimpan.",
    )
    result = form.cleaned_data.get("result") if form.is_valid() else None
    return _back(skp, f"rhk-{result.pk}" if result else "")


@login_required
@require_POST
def coaching_note_add(request: AuthenticatedHttpRequest, skp_id: int) -> HttpResponse:
    skp = get_object_or_404(_skps(request), pk=skp_id)
    form = CoachingNoteForm(request.POST)
    _run(
        request,
        form,
        lambda: coaching_services.add_coaching_note(
            skp=skp, actor=request.user, **form.cleaned_data
        ),
        "Catatan bimbingan tersimpan.",
    )
    return _back(skp, "bimbingan")


@login_required
@require_POST
def coaching_feedback_give(
    request: AuthenticatedHttpRequest, skp_id: int, note_id: int
) -> HttpResponse:
    skp = get_object_or_404(_skps(request), pk=skp_id)
    note = get_object_or_404(CoachingNote, pk=note_id, skp=skp)
    form = CoachingFeedbackForm(request.POST, prefix=_feedback_prefix(note))
    _run(
        request,
        form,
        lambda: coaching_services.give_coaching_feedback(
            note=note,
            answers=form.answers(),
            comment=form.cleaned_data["comment"],
            actor=request.user,
        ),
        "Terima kasih, umpan balik atas bimbingan tersimpan.",
    )
    return _back(skp, f"bimbingan-{note.pk}")


PREFIX = "skp/<int:skp_id>/realisasi/"
urlpatterns: list[URLPattern] = [
    path(PREFIX, skp_realisation, name="skp-realisation"),
    path(f"{PREFIX}catat/", realisation_record, name="skp-realisation-record"),
    path(f"{PREFIX}<int:realisation_id>/bukti/", evidence_add, name="skp-evidence-add"),
    path(f"{PREFIX}bukti/<int:evidence_id>/", evidence_file, name="skp-evidence-file"),
    path(f"{PREFIX}bukti/<int:evidence_id>/hapus/", evidence_remove, name="skp-evidence-remove"),
    path(f"{PREFIX}umpan-balik/", result_feedback_add, name="skp-result-feedback"),
    path(f"{PREFIX}bimbingan/", coaching_note_add, name="skp-coaching-add"),
    path(
        f"{PREFIX}bimbingan/<int:note_id>/umpan-balik/",
        coaching_feedback_give,
        name="skp-coaching-feedback",
    ),
]
