"""Item analysis pages (/ujian/analisis/): Admin BKPSDM acts (annul, withdraw, rescore); the
Auditor reads, but sees counts only until every sitting of the blueprint has ended or the results
are published (services/analysis.content_access). Every number comes from services/analysis.py;
every write from services/decisions.py. No GET replays answer events to detect a pending
rescoring (decisions.needs_rescoring)."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_POST

from simerit.core.exceptions import DomainError, InvalidInputError
from simerit.core.permissions import role_required
from simerit.core.roles import Role
from simerit.core.spreadsheets.writing import XLSX_CONTENT_TYPE
from simerit.core.types import AuthenticatedHttpRequest
from simerit.exams import permissions
from simerit.exams.models import Blueprint, ItemDecision, QuestionVersion, Sitting
from simerit.exams.selectors import results as selectors
from simerit.exams.services import analysis as services
from simerit.exams.services import decisions

READERS = (Role.ADMIN_BKPSDM, Role.AUDITOR)
PER_PAGE = 25


class AnnulForm(forms.Form):
    mode = forms.ChoiceField(
        label="Keputusan",
        choices=ItemDecision.Mode.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    reason = forms.CharField(
        label="Alasan keputusan",
        max_length=decisions.REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Dicatat di jejak audit, mis. kunci jawaban salah atau dua pilihan sama benar.",
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="Alasan penarikan", max_length=decisions.REASON_MAX_LENGTH)


@role_required(*READERS)
def analysis_blueprints(request: HttpRequest) -> HttpResponse:
    blueprints = selectors.list_blueprints(include_tryouts=True)
    page_obj = Paginator(blueprints, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "exams/analysis_blueprints.html", {"page_obj": page_obj})


@role_required(*READERS)
def analysis_detail(request: AuthenticatedHttpRequest, blueprint_id: int) -> HttpResponse:
    blueprint = get_object_or_404(Blueprint, pk=blueprint_id)
    sitting = _sitting(request, blueprint)
    access = services.content_access(blueprint, user=request.user)
    context = {**_common(request, blueprint, sitting), "access": access}
    if not access.visible:
        context["counts"] = services.analysis_counts(blueprint, sitting)
        return render(request, "exams/analysis_hidden.html", context)
    report = services.analyse_blueprint(blueprint=blueprint, sitting=sitting)
    order = request.GET.get("urut", "urutan")
    context |= {
        "report": report,
        "items": services.sorted_items(report.items, order),
        "order": order if order in services.SORT_ORDERS else "urutan",
        "sort_orders": services.SORT_ORDERS,
        "decisions": ItemDecision.objects.filter(blueprint=blueprint).select_related(
            "question_version__question", "decided_by"
        ),
        "withdraw_form": WithdrawForm(),
        "needs_rescoring": _needs_rescoring(blueprint, report),
    }
    return render(request, "exams/analysis_detail.html", context)


@role_required(*READERS)
def analysis_item(
    request: AuthenticatedHttpRequest, blueprint_id: int, version_id: int
) -> HttpResponse:
    blueprint = get_object_or_404(Blueprint, pk=blueprint_id)
    sitting = _sitting(request, blueprint)
    _require_content(request, blueprint)
    item = services.analyse_blueprint(blueprint=blueprint, sitting=sitting).item(version_id)
    if item is None:
        raise Http404("Soal ini bukan bagian dari kisi-kisi ini.")
    options = item.stats.options
    chart = {
        "labels": [option.key for option in options] + ["Kosong"],
        "counts": [option.count for option in options] + [item.stats.blanks],
        "upper": [option.upper for option in options] + [None],
        "keys": [option.is_key for option in options] + [False],
    }
    context = {
        **_common(request, blueprint, sitting),
        "item": item,
        "chart": chart,
        "form": AnnulForm(),
    }
    return render(request, "exams/analysis_item.html", context)


@require_POST
@role_required(Role.ADMIN_BKPSDM)
def analysis_annul(
    request: AuthenticatedHttpRequest, blueprint_id: int, version_id: int
) -> HttpResponse:
    blueprint = get_object_or_404(Blueprint, pk=blueprint_id)
    version = get_object_or_404(QuestionVersion, pk=version_id)
    form = AnnulForm(request.POST)
    if _run(
        request,
        form,
        lambda: decisions.annul_item(
            blueprint=blueprint,
            question_version=version,
            mode=form.cleaned_data["mode"],
            reason=form.cleaned_data["reason"],
            actor=request.user,
        ),
    ):
        messages.success(
            request,
            "Keputusan soal tercatat. Jalankan penilaian ulang agar nilai peserta mengikutinya.",
        )
    return redirect("exams:analysis-item", blueprint_id=blueprint.pk, version_id=version.pk)


@require_POST
@role_required(Role.ADMIN_BKPSDM)
def analysis_withdraw(
    request: AuthenticatedHttpRequest, blueprint_id: int, decision_id: int
) -> HttpResponse:
    decision = get_object_or_404(ItemDecision, pk=decision_id, blueprint_id=blueprint_id)
    form = WithdrawForm(request.POST)
    if _run(
        request,
        form,
        lambda: decisions.withdraw_decision(
            decision=decision, reason=form.cleaned_data["reason"], actor=request.user
        ),
    ):
        messages.success(request, "Keputusan ditarik. Jalankan penilaian ulang.")
    return redirect("exams:analysis-detail", blueprint_id=blueprint_id)


@require_POST
@role_required(Role.ADMIN_BKPSDM)
def analysis_rescore(request: AuthenticatedHttpRequest, blueprint_id: int) -> HttpResponse:
    blueprint = get_object_or_404(Blueprint, pk=blueprint_id)
    try:
        report = decisions.rescore_blueprint(blueprint=blueprint, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"Penilaian ulang selesai: {report.attempts} pengerjaan dihitung, {report.changed} "
            f"berubah. Digest SHA-256: {report.digest}.",
        )
    return redirect("exams:analysis-detail", blueprint_id=blueprint.pk)


@role_required(*READERS)
def analysis_export(request: AuthenticatedHttpRequest, blueprint_id: int) -> HttpResponse:
    blueprint = get_object_or_404(Blueprint, pk=blueprint_id)
    sitting = _sitting(request, blueprint)
    _require_content(request, blueprint)
    report = services.analyse_blueprint(blueprint=blueprint, sitting=sitting)
    content, filename = services.analysis_workbook(report)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _sitting(request: HttpRequest, blueprint: Blueprint) -> Sitting | None:
    """The sitting of ?sesi=, which must belong to the blueprint (404 otherwise)."""
    raw = request.GET.get("sesi", "")
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404("Sesi tidak ditemukan.")
    return get_object_or_404(Sitting, pk=int(raw), blueprint=blueprint)


def _common(
    request: AuthenticatedHttpRequest, blueprint: Blueprint, sitting: Sitting | None
) -> dict[str, Any]:
    return {
        "blueprint": blueprint,
        "sitting": sitting,
        "sittings": blueprint.sittings.order_by("starts_at", "code"),
        "sitting_query": f"?sesi={sitting.pk}" if sitting else "",
        "can_manage": permissions.can_manage_exams(request.user),
        "is_published": blueprint.results_published_at is not None,
    }


def _require_content(request: AuthenticatedHttpRequest, blueprint: Blueprint) -> None:
    """403 for a reader who may not see the items' content yet (see content_access)."""
    if not services.content_access(blueprint, user=request.user).visible:
        raise PermissionDenied(services.CONTENT_HIDDEN)


def _needs_rescoring(blueprint: Blueprint, report: services.BlueprintAnalysis) -> bool:
    """Whether the decisions changed since the latest rescoring (cheap; False once published)."""
    if blueprint.results_published_at is not None or not report.examinees:
        return False
    return decisions.needs_rescoring(blueprint)


def _run(request: HttpRequest, form: forms.Form, action: Callable[[], object]) -> bool:
    """Validate the form, call one service; any refusal becomes an error message."""
    if not form.is_valid():
        messages.error(request, str(next(iter(form.errors.values()))[0]))
        return False
    try:
        action()
    except InvalidInputError as error:
        messages.error(request, next(iter(error.errors.values()))[0])
        return False
    except DomainError as error:
        messages.error(request, error.message)
        return False
    return True


urlpatterns: list[URLPattern] = [
    path("analisis/", analysis_blueprints, name="analysis-blueprints"),
    path("analisis/<int:blueprint_id>/", analysis_detail, name="analysis-detail"),
    path("analisis/<int:blueprint_id>/ekspor/", analysis_export, name="analysis-export"),
    path(
        "analisis/<int:blueprint_id>/soal/<int:version_id>/",
        analysis_item,
        name="analysis-item",
    ),
    path(
        "analisis/<int:blueprint_id>/soal/<int:version_id>/anulir/",
        analysis_annul,
        name="analysis-annul",
    ),
    path(
        "analisis/<int:blueprint_id>/keputusan/<int:decision_id>/tarik/",
        analysis_withdraw,
        name="analysis-withdraw",
    ),
    path("analisis/<int:blueprint_id>/nilai-ulang/", analysis_rescore, name="analysis-rescore"),
]
