"""Nominations: the list as the reader may see it (with its audited Excel export), nominating
(Admin BKPSDM; an Admin OPD for its subtree), one nomination with its conditions and scores,
scoring by the committee, the decision by Admin BKPSDM, and withdrawal. A nomination the account
may not see is a 404; a visible one it may not act on is a 403 (the services decide)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from simerit.core.form_views import form_messages, run_form
from simerit.core.paging import query_without_page
from simerit.core.permissions import role_required
from simerit.core.roles import Role
from simerit.core.spreadsheets.writing import XLSX_CONTENT_TYPE
from simerit.core.types import AuthenticatedHttpRequest
from simerit.recruitment.downloads import attachment
from simerit.rewards import permissions
from simerit.rewards.forms.nominations import (
    DecisionForm,
    NominationFilterForm,
    NominationForm,
    ScoreForm,
    WithdrawForm,
)
from simerit.rewards.models import Nomination
from simerit.rewards.selectors import nominations as selectors
from simerit.rewards.services import exports as export_services
from simerit.rewards.services import grants as grant_services
from simerit.rewards.services import nominations as services
from simerit.rewards.services import scoring as scoring_services
from simerit.rewards.views.common import PER_PAGE

NOT_FOUND = "Pegawai dengan NIP ini tidak ditemukan di unit kerja yang Anda kelola."


def _filters(form: NominationFilterForm) -> export_services.NominationFilters:
    if not form.is_valid():
        return export_services.NominationFilters()
    data = form.cleaned_data
    award = data["award"]
    return export_services.NominationFilters(
        year=data["year"],
        award_id=award.pk if award else None,
        status=data["status"],
        search=data["q"],
    )


@login_required
@require_GET
def nomination_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = NominationFilterForm(request.GET or None)
    filters = _filters(form)
    nominations = selectors.list_nominations(
        request.user,
        year=filters.year,
        award_id=filters.award_id,
        status=filters.status,
        search=filters.search,
    )
    context = {
        "form": form,
        "page_obj": Paginator(nominations, PER_PAGE).get_page(request.GET.get("page")),
        "query_string": query_without_page(request),
        "can_nominate": permissions.can_nominate_anyone(request.user),
    }
    return render(request, "rewards/nominations/list.html", context)


@login_required
@require_GET
def nomination_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The list as filtered, as .xlsx (audited)."""
    filters = _filters(NominationFilterForm(request.GET or None))
    content = export_services.export_nominations(filters=filters, actor=request.user)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = attachment("usulan-penghargaan.xlsx")
    response["Cache-Control"] = "private, no-store"
    return response


def _initial(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    initial: dict[str, Any] = {"year": timezone.localdate().year}
    employee_id = request.GET.get("employee", "")
    if employee_id.isdigit():
        employee = permissions.scope_employees(request.user).filter(pk=employee_id).first()
        initial["nip"] = employee.nip if employee else ""
    return initial


@role_required(Role.ADMIN_BKPSDM, Role.ADMIN_OPD)
@require_http_methods(["GET", "POST"])
def nomination_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = NominationForm(request.POST if posted else None, initial=_initial(request))
    created: list[Nomination] = []

    def nominate() -> None:
        nip = form.cleaned_data["nip"].strip()
        employee = permissions.scope_employees(request.user).filter(nip=nip).first()
        if employee is None:
            form.add_error("nip", NOT_FOUND)
            return
        data = form.cleaned_data
        created.append(
            services.nominate(
                award=data["award"],
                employee=employee,
                year=data["year"],
                reason=data["reason"],
                actor=request.user,
            )
        )

    if posted and run_form(form, nominate):
        messages.success(request, "Usulan penghargaan tercatat.")
        return redirect("rewards:nomination_detail", nomination_id=created[0].pk)
    status = 422 if form.errors else 200
    return render(request, "rewards/nominations/form.html", {"form": form}, status=status)


def _visible(request: AuthenticatedHttpRequest, nomination_id: int) -> Nomination:
    return get_object_or_404(selectors.visible_nominations(request.user), pk=nomination_id)


@login_required
@require_GET
def nomination_detail(request: AuthenticatedHttpRequest, nomination_id: int) -> HttpResponse:
    nomination = _visible(request, nomination_id)
    view = selectors.nomination_view(nomination, user=request.user)
    context = {
        "view": view,
        "nomination": nomination,
        "score_form": ScoreForm(criteria=view.criteria, own=view.own_scores),
        "decision_form": DecisionForm(initial={"granted_on": timezone.localdate()}),
        "withdraw_form": WithdrawForm(),
        "reads_everything": permissions.reads_everything(request.user),
    }
    return render(request, "rewards/nominations/detail.html", context)


@login_required
@require_POST
def nomination_score(request: AuthenticatedHttpRequest, nomination_id: int) -> HttpResponse:
    nomination = _visible(request, nomination_id)
    view = selectors.nomination_view(nomination, user=request.user)
    form = ScoreForm(request.POST, criteria=view.criteria, own=view.own_scores)
    if run_form(
        form,
        lambda: scoring_services.submit_scores(
            nomination=nomination, scores=form.scores(), actor=request.user
        ),
    ):
        messages.success(request, "Nilai Anda tersimpan.")
    else:
        form_messages(request, form)
    return redirect("rewards:nomination_detail", nomination_id=nomination.pk)


@login_required
@require_POST
def nomination_decide(request: AuthenticatedHttpRequest, nomination_id: int) -> HttpResponse:
    nomination = _visible(request, nomination_id)
    form = DecisionForm(request.POST)
    if run_form(
        form,
        lambda: grant_services.decide_nomination(
            nomination=nomination, actor=request.user, **form.cleaned_data
        ),
    ):
        granted = form.cleaned_data["granted"]
        messages.success(
            request,
            "Penghargaan diberikan; piagam terbit." if granted else "Usulan tidak diberikan.",
        )
    else:
        form_messages(request, form)
    return redirect("rewards:nomination_detail", nomination_id=nomination.pk)


@login_required
@require_POST
def nomination_withdraw(request: AuthenticatedHttpRequest, nomination_id: int) -> HttpResponse:
    nomination = _visible(request, nomination_id)
    form = WithdrawForm(request.POST)
    if run_form(
        form,
        lambda: services.withdraw_nomination(
            nomination=nomination, reason=form.cleaned_data["reason"], actor=request.user
        ),
    ):
        messages.success(request, "Usulan ditarik.")
    else:
        form_messages(request, form)
    return redirect("rewards:nomination_detail", nomination_id=nomination.pk)


urlpatterns: list[URLPattern] = [
    path("usulan/", nomination_list, name="nomination_list"),
    path("usulan/unduh/", nomination_export, name="nomination_export"),
    path("usulan/baru/", nomination_new, name="nomination_new"),
    path("usulan/<int:nomination_id>/", nomination_detail, name="nomination_detail"),
    path("usulan/<int:nomination_id>/nilai/", nomination_score, name="nomination_score"),
    path("usulan/<int:nomination_id>/putus/", nomination_decide, name="nomination_decide"),
    path("usulan/<int:nomination_id>/tarik/", nomination_withdraw, name="nomination_withdraw"),
]
