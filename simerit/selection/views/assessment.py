"""Assessment pages (/seleksi-kompetensi/penilaian/): the assessor's own queue and score sheets
(Asesor: the candidate's code only, never another assessor's score), and HR's progress, flagged
cases, resolutions and statistics (Admin BKPSDM; the Auditor reads)."""

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_POST

from simerit.accounts.models import User
from simerit.core.dates import format_datetime_wib
from simerit.core.exceptions import DomainError, InvalidInputError
from simerit.core.paging import query_without_page
from simerit.core.permissions import role_required
from simerit.core.roles import Role
from simerit.core.types import AuthenticatedHttpRequest
from simerit.recruitment.models import SelectionPeriod
from simerit.selection import permissions
from simerit.selection.forms.assessment import (
    PanelDecisionForm,
    QueueFilterForm,
    RevisionForm,
    ScoreSheetForm,
    level_field,
    note_field,
)
from simerit.selection.models import (
    AssessorAssignment,
    ComponentResult,
    Method,
    ResultSanggah,
    SkbCandidate,
    SkbComponent,
)
from simerit.selection.rules import display
from simerit.selection.selectors import assessment as selectors
from simerit.selection.selectors.sanggah import get_sanggah
from simerit.selection.services import assessment as services
from simerit.selection.services import assessment_resolution as resolution_services
from simerit.selection.services import assessment_scoring as scoring_services
from simerit.selection.views.actions import act

READERS = (Role.ADMIN_BKPSDM, Role.AUDITOR)
PER_PAGE = 50


def _score(value: Decimal | None) -> str:
    return display(value) if value is not None else "—"


def _when(value: Any) -> str:
    return format_datetime_wib(value) if value else "—"


def _name(user: User) -> str:
    return user.full_name or user.username


def _assessed(component_id: int) -> SkbComponent:
    return get_object_or_404(
        SkbComponent.objects.exclude(method=Method.CAT).select_related(
            "formasi__period", "formasi__position", "rubric"
        ),
        pk=component_id,
    )


# --- Asesor


@role_required(Role.ASESOR)
def my_assessments(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET or None)
    assignments = selectors.list_my_assignments(assessor=request.user, status=form.status_value())
    page_obj = Paginator(assignments, PER_PAGE).get_page(request.GET.get("page"))
    rows = [
        {
            "assignment": item,
            "label": selectors.candidate_label(item.candidate, is_blind=item.component.is_blind),
            "deadline": _when(item.component.scoring_closes_at),
            "submitted": _when(item.submitted_at),
            "score": _score(item.score),
        }
        for item in page_obj.object_list
    ]
    context = {
        "form": form,
        "page_obj": page_obj,
        "rows": rows,
        "query_string": query_without_page(request),
    }
    return render(request, "selection/assessment/my_assessments.html", context)


@role_required(Role.ASESOR)
def score_sheet(request: AuthenticatedHttpRequest, assignment_id: int) -> HttpResponse:
    assignment = selectors.get_my_assignment(assessor=request.user, assignment_id=assignment_id)
    if assignment is None:
        raise Http404
    sheet = selectors.score_sheet(assignment)
    criteria = [item.criterion for item in sheet.criteria]
    form = ScoreSheetForm(request.POST or None, criteria=criteria)
    if request.method == "POST" and form.is_valid():
        try:
            scoring_services.submit_scores(
                assignment=assignment,
                levels=form.levels(),
                notes=form.notes(),
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except InvalidInputError as error:
            form.add_service_errors(error.errors)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"Nilai untuk peserta {sheet.candidate_label} terkirim.")
            return redirect("selection:my-assessments")
    context = {
        "sheet": sheet,
        "form": form,
        "component": assignment.component,
        "rubric": assignment.component.rubric,
        "refusal": scoring_services.scoring_refusal(assignment.component, timezone.now()),
        "deadline": _when(assignment.component.scoring_closes_at),
        "submitted": _when(assignment.submitted_at),
        "score": _score(assignment.score),
        "rows": _sheet_rows(sheet, form),
    }
    return render(request, "selection/assessment/score_sheet.html", context)


def _sheet_rows(sheet: selectors.ScoreSheet, form: ScoreSheetForm) -> list[dict[str, Any]]:
    """Per criterion: one option per level with its anchor, checked as posted or as submitted."""
    rubric = sheet.assignment.component.rubric
    assert rubric is not None  # noqa: S101 (assessed components always have one)
    rows = []
    for item in sheet.criteria:
        level_name, note_name = level_field(item.criterion), note_field(item.criterion)
        chosen = form[level_name].value() if form.is_bound else item.level
        anchors = {anchor.level: anchor.description for anchor in item.anchors}
        rows.append(
            {
                "criterion": item.criterion,
                "level_name": level_name,
                "note_name": note_name,
                "note": form[note_name].value() if form.is_bound else item.note,
                "errors": form[level_name].errors,
                "options": [
                    {
                        "level": level,
                        "anchor": anchors.get(level, ""),
                        "checked": str(chosen) == str(level),
                    }
                    for level in range(rubric.min_level, rubric.max_level + 1)
                ],
            }
        )
    return rows


# --- Admin BKPSDM and Auditor


@role_required(*READERS)
def overview(request: AuthenticatedHttpRequest, period_id: int) -> HttpResponse:
    period = get_object_or_404(SelectionPeriod, pk=period_id)
    components = selectors.assessed_components(period)
    page_obj = Paginator(components, PER_PAGE).get_page(request.GET.get("page"))
    context = {"period": period, "page_obj": page_obj, "query_string": ""}
    return render(request, "selection/assessment/overview.html", context)


@role_required(*READERS)
def component_detail(request: AuthenticatedHttpRequest, component_id: int) -> HttpResponse:
    component = _assessed(component_id)
    cases = selectors.list_cases(component)
    page_obj = Paginator(cases, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "component": component,
        "progress": selectors.component_progress(component),
        "flagged": [_flagged_row(result) for result in selectors.flagged_results(component)],
        "page_obj": page_obj,
        "rows": [_case_row(candidate) for candidate in page_obj.object_list],
        "can_manage": permissions.can_manage(request.user),
        "deadline": _when(component.scoring_closes_at),
        "query_string": "",
    }
    return render(request, "selection/assessment/component.html", context)


def _assignment_row(item: AssessorAssignment) -> dict[str, Any]:
    return {
        "assignment": item,
        "assessor": _name(item.assessor),
        "score": _score(item.score),
        "submitted": _when(item.submitted_at),
    }


def _case_row(candidate: SkbCandidate) -> dict[str, Any]:
    results: list[ComponentResult] = candidate.case_results  # type: ignore[attr-defined]
    assignments: list[AssessorAssignment] = candidate.case_assignments  # type: ignore[attr-defined]
    result = results[0] if results else None
    return {
        "candidate": candidate,
        "assignments": [_assignment_row(item) for item in assignments],
        "result": result,
        "result_score": _score(result.score if result else None),
        "can_mark_absent": result is None
        and all(item.submitted_at is None for item in assignments),
    }


def _flagged_row(result: ComponentResult) -> dict[str, Any]:
    assignments: list[AssessorAssignment] = result.candidate.case_assignments  # type: ignore[attr-defined]
    third = [item for item in assignments if item.kind == AssessorAssignment.Kind.THIRD]
    return {
        "result": result,
        "assignments": [_assignment_row(item) for item in assignments],
        "spread": _score(result.spread),
        "has_third": bool(third),
    }


@role_required(*READERS)
def component_stats(request: AuthenticatedHttpRequest, component_id: int) -> HttpResponse:
    component = _assessed(component_id)
    reliability = selectors.reliability(component)
    rows = [
        {
            **row,
            "mean": _score(row["mean"]),
            "sd": _score(row["sd"]),
            "mean_difference": _signed(row["mean_difference"]),
        }
        for row in selectors.stats_rows(selectors.assessor_stats(component))
    ]
    context = {
        "component": component,
        "rows": rows,
        "reliability": reliability,
        "icc": _score(reliability.icc),
    }
    return render(request, "selection/assessment/stats.html", context)


def _signed(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return ("+" if value > 0 else "") + display(value)


@require_POST
@role_required(Role.ADMIN_BKPSDM)
def assign(request: AuthenticatedHttpRequest, component_id: int) -> HttpResponse:
    component = _assessed(component_id)
    try:
        created = services.assign_assessors(component=component, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if created:
            messages.success(request, f"{created} penugasan asesor dibuat dan diberitahukan.")
        else:
            messages.info(request, "Semua peserta sudah memiliki asesor; tidak ada yang ditambah.")
    return redirect("selection:assessment-component", component_id=component.pk)


@require_POST
@role_required(Role.ADMIN_BKPSDM)
def reassign(request: AuthenticatedHttpRequest, assignment_id: int) -> HttpResponse:
    assignment = get_object_or_404(AssessorAssignment, pk=assignment_id)
    act(
        request,
        lambda: services.reassign(assignment=assignment, actor=request.user),
        lambda moved: (
            f"Penilaian peserta {moved.candidate.code} dialihkan ke {_name(moved.assessor)}."
        ),
    )
    return redirect("selection:assessment-component", component_id=assignment.component_id)


@require_POST
@role_required(Role.ADMIN_BKPSDM)
def third(request: AuthenticatedHttpRequest, result_id: int) -> HttpResponse:
    result = get_object_or_404(ComponentResult, pk=result_id)
    act(
        request,
        lambda: resolution_services.assign_third_assessor(
            component_result=result, actor=request.user
        ),
        lambda assignment: f"Asesor ketiga ditugaskan: {_name(assignment.assessor)}.",
    )
    return redirect("selection:assessment-component", component_id=result.component_id)


@role_required(Role.ADMIN_BKPSDM)
def panel(request: AuthenticatedHttpRequest, result_id: int) -> HttpResponse:
    result = get_object_or_404(
        ComponentResult.objects.select_related("component__formasi", "candidate"), pk=result_id
    )
    form = PanelDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            resolution_services.record_panel_decision(
                component_result=result, actor=request.user, **form.decision()
            )
        except InvalidInputError as error:
            form.add_service_errors(error.errors)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"Keputusan panel untuk {result.candidate.code} dicatat.")
            return redirect("selection:assessment-component", component_id=result.component_id)
    context = {"result": result, "form": form, "spread": _score(result.spread)}
    return render(request, "selection/assessment/panel.html", context)


@require_POST
@role_required(Role.ADMIN_BKPSDM)
def absent(request: AuthenticatedHttpRequest, component_id: int, candidate_id: int) -> HttpResponse:
    component = _assessed(component_id)
    candidate = get_object_or_404(SkbCandidate, pk=candidate_id, formasi=component.formasi)
    act(
        request,
        lambda: resolution_services.mark_absent(
            component=component, candidate=candidate, actor=request.user
        ),
        lambda _result: f"Peserta {candidate.code} dicatat tidak hadir.",
    )
    return redirect("selection:assessment-component", component_id=component.pk)


# --- Correcting a result after a granted sanggah on the final result


@role_required(*READERS)
def revise(request: AuthenticatedHttpRequest, sanggah_id: int) -> HttpResponse:
    """The components of the candidate whose sanggah this is, each with its result; for a granted
    sanggah, Admin BKPSDM corrects an assessed result here (one form per result). The Auditor
    reads."""
    sanggah = get_sanggah(sanggah_id)
    if sanggah is None:
        raise Http404("Sanggah tidak ditemukan.")
    can_manage = permissions.can_manage(request.user)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied(resolution_services.REVISE_DENIED)
    candidate = (
        SkbCandidate.objects.filter(application_id=sanggah.application_id)
        .select_related("application")
        .first()
    )
    rows = [
        _revision_row(item, sanggah, can_manage=can_manage)
        for item in (selectors.candidate_components(candidate) if candidate else [])
    ]
    if request.method == "POST":
        row = next(
            (
                row
                for row in rows
                if row["result"] and str(row["result"].pk) == request.POST.get("result")
            ),
            None,
        )
        if row is None:
            raise Http404("Nilai komponen tidak ditemukan untuk peserta ini.")
        if _post_revision(request, row, sanggah):
            return redirect("selection:assessment-revise", sanggah_id=sanggah.pk)
    context = {
        "sanggah": sanggah,
        "application": sanggah.application,
        "candidate": candidate,
        "granted": sanggah.status == ResultSanggah.Status.GRANTED,
        "can_manage": can_manage,
        "rows": rows,
    }
    return render(request, "selection/assessment/revise.html", context)


def _revision_row(
    item: selectors.CandidateComponent, sanggah: ResultSanggah, *, can_manage: bool
) -> dict[str, Any]:
    result = item.result
    if result is not None:
        refusal = resolution_services.revision_refusal(component_result=result, sanggah=sanggah)
    elif item.component.is_cat:
        refusal = resolution_services.CAT_REVISION
    else:
        refusal = "Belum ada nilai pada komponen ini."
    return {
        "component": item.component,
        "result": result,
        "score": _score(result.score if result else None),
        "decided": _when(result.decided_at if result else None),
        "refusal": refusal,
        "form": RevisionForm(prefix=f"koreksi-{result.pk}")
        if result is not None and refusal is None and can_manage
        else None,
    }


def _post_revision(
    request: AuthenticatedHttpRequest, row: dict[str, Any], sanggah: ResultSanggah
) -> bool:
    """Send the posted correction to the service; True when it was saved. The row keeps the
    bound form (and its errors) otherwise, so nothing typed is lost."""
    result: ComponentResult = row["result"]
    if row["refusal"] is not None:
        messages.error(request, row["refusal"])
        return False
    form = RevisionForm(request.POST, prefix=f"koreksi-{result.pk}")
    row["form"] = form
    if not form.is_valid():
        return False
    try:
        saved = resolution_services.revise_result(
            component_result=result, sanggah=sanggah, actor=request.user, **form.revision()
        )
    except InvalidInputError as error:
        form.add_service_errors(error.errors)
        return False
    except DomainError as error:
        messages.error(request, error.message)
        return False
    messages.success(
        request,
        f"Nilai {row['component'].name} peserta {saved.candidate.code} dikoreksi menjadi "
        f"{_score(saved.score)}. Jalankan integrasi nilai lagi, lalu terbitkan versi pengumuman "
        "baru.",
    )
    return True


urlpatterns: list[URLPattern] = [
    path("penilaian/saya/", my_assessments, name="my-assessments"),
    path("penilaian/saya/<int:assignment_id>/", score_sheet, name="score-sheet"),
    path("penilaian/periode/<int:period_id>/", overview, name="assessment-overview"),
    path(
        "penilaian/komponen/<int:component_id>/",
        component_detail,
        name="assessment-component",
    ),
    path("penilaian/komponen/<int:component_id>/tugaskan/", assign, name="assessment-assign"),
    path(
        "penilaian/komponen/<int:component_id>/statistik/",
        component_stats,
        name="assessment-stats",
    ),
    path(
        "penilaian/komponen/<int:component_id>/peserta/<int:candidate_id>/tidak-hadir/",
        absent,
        name="assessment-absent",
    ),
    path(
        "penilaian/penugasan/<int:assignment_id>/alihkan/",
        reassign,
        name="assessment-reassign",
    ),
    path("penilaian/hasil/<int:result_id>/asesor-ketiga/", third, name="assessment-third"),
    path("penilaian/hasil/<int:result_id>/panel/", panel, name="assessment-panel"),
    path("penilaian/sanggah/<int:sanggah_id>/koreksi/", revise, name="assessment-revise"),
]
