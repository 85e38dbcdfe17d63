"""Pemeringkatan & integrasi pages (/seleksi-kompetensi/periode/<id>/pemeringkatan/): the SKD → SKB
cut, the SKB-CAT import, what the integration still misses, the runs and their ranked results per
formasi, the optimalisasi (open formasi next to the P/L applicants of the same position), the
Excel export (audited) and the withdrawal of a candidate. Admin BKPSDM writes; the Auditor reads
(and sees no button). Large periods run the same services from a shell: `manage.py selection_cut`,
`selection_import_cat`, `selection_integrate`."""

from typing import Any

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_POST

from simerit.core.dates import format_datetime_wib
from simerit.core.exceptions import DomainError, InvalidInputError
from simerit.core.paging import query_without_page
from simerit.core.permissions import role_required
from simerit.core.roles import Role
from simerit.core.spreadsheets.writing import XLSX_CONTENT_TYPE
from simerit.core.types import AuthenticatedHttpRequest
from simerit.recruitment.models import Formasi, SelectionPeriod
from simerit.recruitment.rules import mask_name
from simerit.selection import permissions
from simerit.selection.forms.integration import FormasiSearchForm, WithdrawalForm
from simerit.selection.models import FinalResult, IntegrationRun, SkbCandidate, SkbComponent
from simerit.selection.rules import FinalStatus
from simerit.selection.selectors import ranking as selectors
from simerit.selection.selectors import ranking_digest as digest_selectors
from simerit.selection.selectors import ranking_optimalisasi as optimalisasi_selectors
from simerit.selection.selectors import ranking_readiness as readiness_selectors
from simerit.selection.selectors.setup import get_setup
from simerit.selection.services import cat_scores, cut, integration, withdrawals
from simerit.selection.views.actions import act

READERS = (Role.ADMIN_BKPSDM, Role.AUDITOR)
PER_PAGE = 50
# Optimalisasi on the page: positions per page, P/L applicants shown per position (all of them
# in the Excel export); its own page parameter, next to the formasi list's `page`.
OPTIMALISASI_PER_PAGE = 10
OPTIMALISASI_SHOWN = 10
OPTIMALISASI_PAGE = "halaman_optimalisasi"


@role_required(*READERS)
def ranking(request: AuthenticatedHttpRequest, period_id: int) -> HttpResponse:
    period = get_object_or_404(SelectionPeriod, pk=period_id)
    setup = get_setup(period)
    form = FormasiSearchForm(request.GET or None)
    page_obj = Paginator(
        readiness_selectors.cut_counts(period, search=form.search()), PER_PAGE
    ).get_page(request.GET.get("page"))
    run = selectors.latest_run(period)
    durations = digest_selectors.durations(setup, run)
    optimalisasi_page = None
    if run is not None:
        optimalisasi_page = Paginator(
            optimalisasi_selectors.optimalisasi(run, limit=OPTIMALISASI_SHOWN),
            OPTIMALISASI_PER_PAGE,
        ).get_page(request.GET.get(OPTIMALISASI_PAGE))
    context = {
        "period": period,
        "setup": setup,
        "cut_at": format_datetime_wib(setup.cut_at) if setup.cut_at else None,
        "form": form,
        "page_obj": page_obj,
        "rows": _formasi_rows(page_obj.object_list, run),
        "query_string": query_without_page(request),
        "durations": {
            name: digest_selectors.seconds_text(value) if value is not None else None
            for name, value in (
                ("cut", durations.cut_ms),
                ("cat_import", durations.cat_import_ms),
                ("run", durations.run_ms),
            )
        },
        "optimalisasi_page": optimalisasi_page,
        "optimalisasi_rows": _optimalisasi_rows(optimalisasi_page),
        "optimalisasi_shown": OPTIMALISASI_SHOWN,
        "optimalisasi_param": OPTIMALISASI_PAGE,
        "optimalisasi_query": _query_without(request, OPTIMALISASI_PAGE),
        "readiness": readiness_selectors.readiness(period, setup=setup),
        "cat": readiness_selectors.cat_import_counts(period),
        "run": run,
        "totals": selectors.run_totals(run) if run else None,
        "runs": [_run_row(item) for item in selectors.list_runs(period)[:10]],
        "can_manage": permissions.can_manage(request.user),
        "cut_refusal": cut.cut_refusal(period),
    }
    return render(request, "selection/integration/period.html", context)


@require_POST
@role_required(Role.ADMIN_BKPSDM)
def ranking_cut(request: AuthenticatedHttpRequest, period_id: int) -> HttpResponse:
    period = get_object_or_404(SelectionPeriod, pk=period_id)
    act(
        request,
        lambda: cut.run_cut(period=period, actor=request.user),
        lambda count: f"Pemeringkatan SKD selesai: {count} peserta lolos ke SKB.",
    )
    return redirect("selection:ranking", period_id=period.pk)


@require_POST
@role_required(Role.ADMIN_BKPSDM)
def ranking_cat_import(request: AuthenticatedHttpRequest, period_id: int) -> HttpResponse:
    period = get_object_or_404(SelectionPeriod, pk=period_id)
    act(
        request,
        lambda: cat_scores.import_cat_scores(period=period, actor=request.user),
        lambda count: f"Nilai SKB-CAT diimpor: {count} nilai komponen.",
    )
    return redirect("selection:ranking", period_id=period.pk)


@require_POST
@role_required(Role.ADMIN_BKPSDM)
def ranking_integrate(request: AuthenticatedHttpRequest, period_id: int) -> HttpResponse:
    period = get_object_or_404(SelectionPeriod, pk=period_id)
    act(
        request,
        lambda: integration.run_integration(period=period, actor=request.user),
        lambda run: (
            f"Integrasi nilai selesai: {run.result_count} peserta di "
            f"{run.formasi_count} formasi diperingkat."
        ),
    )
    return redirect("selection:ranking", period_id=period.pk)


@role_required(*READERS)
def ranking_formasi(
    request: AuthenticatedHttpRequest, run_id: int, formasi_id: int
) -> HttpResponse:
    run = get_object_or_404(IntegrationRun.objects.select_related("period", "run_by"), pk=run_id)
    formasi = get_object_or_404(
        Formasi.objects.select_related("position", "work_unit"), pk=formasi_id, period=run.period
    )
    page_obj = Paginator(selectors.results_of(run, formasi), PER_PAGE).get_page(
        request.GET.get("page")
    )
    components = selectors.formasi_components(formasi)
    latest = selectors.latest_run(run.period)
    context = {
        "run": run,
        "run_at": format_datetime_wib(run.run_at),
        "period": run.period,
        "formasi": formasi,
        "components": components,
        "page_obj": page_obj,
        "rows": _result_rows(run, formasi, list(page_obj.object_list), components),
        "query_string": query_without_page(request),
        "is_latest": latest is not None and latest.pk == run.pk,
        "can_manage": permissions.can_manage(request.user),
    }
    return render(request, "selection/integration/formasi.html", context)


@role_required(*READERS)
def ranking_export(request: AuthenticatedHttpRequest, run_id: int) -> HttpResponse:
    """The run's ranking as .xlsx (one formasi with ?formasi=<id>); each download is audited:
    before publication it is the unpublished ranking, with registration numbers."""
    run = get_object_or_404(IntegrationRun, pk=run_id)
    formasi = None
    if request.GET.get("formasi", "").isdigit():
        formasi = get_object_or_404(Formasi, pk=int(request.GET["formasi"]), period=run.period_id)
    export = selectors.results_workbook(run=run, formasi=formasi)
    integration.record_ranking_export(
        run=run, formasi=formasi, rows=export.rows, actor=request.user
    )
    response = HttpResponse(export.content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@role_required(Role.ADMIN_BKPSDM)
def candidate_withdraw(request: AuthenticatedHttpRequest, candidate_id: int) -> HttpResponse:
    candidate = get_object_or_404(
        SkbCandidate.objects.select_related("application__applicant", "formasi", "period"),
        pk=candidate_id,
    )
    form = WithdrawalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            withdrawals.withdraw(
                candidate=candidate, reason=form.cleaned_data["reason"], actor=request.user
            )
        except InvalidInputError as error:
            for message in error.errors.get("reason", [error.message]):
                form.add_error("reason", message)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _withdrawn_message(candidate))
            return redirect("selection:ranking", period_id=candidate.period_id)
    context = {
        "candidate": candidate,
        "masked_name": mask_name(candidate.application.applicant.name),
        "period": candidate.period,
        "form": form,
    }
    return render(request, "selection/integration/withdraw.html", context)


def _withdrawn_message(candidate: SkbCandidate) -> str:
    text = (
        f"Peserta {candidate.application.registration_number} dicatat mengundurkan diri; "
        "peringkat berikutnya naik pada integrasi berikutnya."
    )
    if selectors.latest_run(candidate.period) is not None:
        text += (
            " Jalankan integrasi ulang; bila hasil formasi ini sudah diumumkan, terbitkan versi "
            "pengumuman yang baru."
        )
    return text


def _formasi_rows(formasi: Any, run: IntegrationRun | None) -> list[dict[str, Any]]:
    """The page's formasi with their cut counts and, when there is a run, its status counts."""
    items = list(formasi)
    summary: dict[int, dict[str, Any]] = {}
    if run is not None:
        summary = {
            row["formasi_id"]: row
            for row in selectors.run_summary(run).filter(formasi_id__in=[f.pk for f in items])
        }
    return [{"formasi": item, "summary": summary.get(item.pk)} for item in items]


def _optimalisasi_rows(
    page: "Page[optimalisasi_selectors.Optimalisasi] | None",
) -> list[dict[str, Any]]:
    """The page's positions: open formasi ("GURU-02 (1)") and the best P/L applicants."""
    if page is None:
        return []
    return [
        {
            "group": group,
            "open_formasi": selectors.open_formasi_text(group),
            "more": group.available - len(group.candidates),
            "candidates": [
                {
                    "result": result,
                    "masked_name": mask_name(result.application.applicant.name),
                    "final": selectors.score_text(result.final_score),
                    "education": selectors.score_text(result.education_score),
                }
                for result in group.candidates
            ],
        }
        for group in page.object_list
    ]


def _query_without(request: HttpRequest, name: str) -> str:
    query = request.GET.copy()
    query.pop(name, None)
    return query.urlencode()


def _run_row(run: IntegrationRun) -> dict[str, Any]:
    return {"run": run, "run_at": format_datetime_wib(run.run_at)}


def _result_rows(
    run: IntegrationRun,
    formasi: Formasi,
    results: list[FinalResult],
    components: list[SkbComponent],
) -> list[dict[str, Any]]:
    settings = selectors.run_settings(run)
    ranked = selectors.ranked_count(run, formasi)
    scores = selectors.component_results(results)
    return [
        {
            "result": result,
            "masked_name": mask_name(result.application.applicant.name),
            "components": selectors.component_cells(
                components, scores.get(result.candidate_id, {})
            ),
            "skb": selectors.score_text(result.skb_score),
            "final": selectors.score_text(result.final_score),
            "status": FinalStatus(result.status).label,
            "explanation": selectors.explain_result(result, settings, ranked, formasi.quota),
            "withdrawn": result.candidate.withdrawn_at is not None,
        }
        for result in results
    ]


urlpatterns: list[URLPattern] = [
    path("periode/<int:period_id>/pemeringkatan/", ranking, name="ranking"),
    path(
        "periode/<int:period_id>/pemeringkatan/pemeringkatan-skd/", ranking_cut, name="ranking-cut"
    ),
    path(
        "periode/<int:period_id>/pemeringkatan/impor-skb-cat/",
        ranking_cat_import,
        name="ranking-cat-import",
    ),
    path(
        "periode/<int:period_id>/pemeringkatan/integrasi/",
        ranking_integrate,
        name="ranking-integrate",
    ),
    path(
        "integrasi/<int:run_id>/formasi/<int:formasi_id>/",
        ranking_formasi,
        name="ranking-formasi",
    ),
    path("integrasi/<int:run_id>/ekspor/", ranking_export, name="ranking-export"),
    path(
        "peserta-skb/<int:candidate_id>/mengundurkan-diri/",
        candidate_withdraw,
        name="candidate-withdraw",
    ),
]
