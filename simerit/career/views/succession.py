"""Pages of the succession pools (Kelompok Rencana Suksesi): the managerial positions with their
pools, and one position's holders, pool, removals and the candidates proposed from boxes 7–9.
Admin BKPSDM adds and removes candidates (POST); the Auditor and an Admin OPD read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from simerit.career.forms.talent import CandidateForm, ReasonForm, SearchForm
from simerit.career.models import SuccessionCandidate
from simerit.career.permissions import HR_ONLY, is_hr
from simerit.career.selectors import succession as selectors
from simerit.career.selectors.talent import Access
from simerit.career.services import succession as services
from simerit.career.views.talent import form_problems, run_form, status_of
from simerit.core.paging import query_without_page
from simerit.core.types import AuthenticatedHttpRequest
from simerit.organization.models import Position

PER_PAGE = 25


def _access(request: AuthenticatedHttpRequest) -> Access:
    access = selectors.succession_access(request.user)
    if access is None:
        raise PermissionDenied(selectors.DENIED)
    return access


def _position(access: Access, position_id: int) -> Position:
    position = selectors.visible_position(access, position_id)
    if position is None:
        raise Http404
    return position


@login_required
@require_GET
def succession(request: AuthenticatedHttpRequest) -> HttpResponse:
    access = _access(request)
    search = SearchForm(request.GET)
    positions = selectors.managerial_positions(access, search=search.search())
    context = {
        "search": search,
        "page_obj": Paginator(positions, PER_PAGE).get_page(request.GET.get("page")),
        "query_string": query_without_page(request),
        "can_record": is_hr(request.user),
    }
    return render(request, "career/succession/position_list.html", context)


@login_required
def succession_position(request: AuthenticatedHttpRequest, position_id: int) -> HttpResponse:
    """One position's pool; Admin BKPSDM adds a proposed candidate here (POST)."""
    access = _access(request)
    position = _position(access, position_id)
    form = CandidateForm(request.POST or None)
    if request.method == "POST":
        if not is_hr(request.user):
            raise PermissionDenied(HR_ONLY)
        if form.is_valid():
            employee = get_object_or_404(access.employees, pk=form.cleaned_data["employee"])
            added = run_form(
                form,
                lambda: services.add_candidate(
                    position=position,
                    employee=employee,
                    note=form.cleaned_data["note"],
                    actor=request.user,
                ),
            )
            if added is not None:
                messages.success(
                    request,
                    f"{employee.display_name} masuk kelompok rencana suksesi {position.name} "
                    f"(kotak {added.box}).",
                )
                return redirect("career:succession_position", position_id=position.pk)
    pool = selectors.position_pool(access, position, on=timezone.localdate())
    context = {
        "pool": pool,
        "proposals_page": Paginator(pool.proposals, PER_PAGE).get_page(request.GET.get("page")),
        "query_string": query_without_page(request),
        "form": form,
        "can_change": is_hr(request.user),
        "remove_form": ReasonForm(),
    }
    return render(
        request, "career/succession/position_detail.html", context, status=status_of(form)
    )


@login_required
@require_POST
def succession_remove(request: AuthenticatedHttpRequest, candidate_id: int) -> HttpResponse:
    access = _access(request)
    candidate = get_object_or_404(
        SuccessionCandidate.objects.select_related("employee", "position"), pk=candidate_id
    )
    _position(access, candidate.position_id)
    if not is_hr(request.user):
        raise PermissionDenied(HR_ONLY)
    form = ReasonForm(request.POST)
    done = run_form(
        form,
        lambda: services.remove_candidate(
            candidate=candidate, reason=form.cleaned_data["reason"], actor=request.user
        ),
    )
    if done is not None:
        messages.success(
            request,
            f"{candidate.employee.display_name} dikeluarkan dari kelompok rencana suksesi.",
        )
    else:
        messages.error(request, form_problems(form))
    return redirect("career:succession_position", position_id=candidate.position_id)


urlpatterns: list[URLPattern] = [
    path("suksesi/", succession, name="succession"),
    path("suksesi/<int:position_id>/", succession_position, name="succession_position"),
    path(
        "suksesi/kandidat/<int:candidate_id>/keluarkan/",
        succession_remove,
        name="succession_remove",
    ),
]
