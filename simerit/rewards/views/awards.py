"""The award catalogue: every logged-in account reads it; Admin BKPSDM creates and edits the
awards other than the Satyalancana classes, their criteria and the committee of each year."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from simerit.core.exceptions import DomainError
from simerit.core.form_views import form_messages, run_form
from simerit.core.paging import query_without_page
from simerit.core.permissions import role_required
from simerit.core.roles import Role
from simerit.core.types import AuthenticatedHttpRequest
from simerit.rewards import permissions
from simerit.rewards.forms.awards import AwardForm, CommitteeMemberForm, CriterionForm
from simerit.rewards.models import Award, CommitteeMember, Criterion
from simerit.rewards.selectors.awards import award_view, list_awards
from simerit.rewards.services import awards as services
from simerit.rewards.services import committee as committee_services
from simerit.rewards.views.common import PER_PAGE, year_param


@login_required
@require_GET
def award_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    page_obj = Paginator(list_awards(), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page_obj,
        "query_string": query_without_page(request),
        "can_manage": permissions.is_hr(request.user),
    }
    return render(request, "rewards/awards/award_list.html", context)


@role_required(Role.ADMIN_BKPSDM)
@require_http_methods(["GET", "POST"])
def award_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = AwardForm(request.POST if request.method == "POST" else None)
    created: list[Award] = []
    if request.method == "POST" and run_form(
        form,
        lambda: created.append(services.create_award(data=form.to_input(), actor=request.user)),
    ):
        messages.success(request, f"Penghargaan {created[0].name} ditambahkan.")
        return redirect("rewards:award_detail", award_id=created[0].pk)
    status = 422 if form.errors else 200
    context = {"form": form, "award": None}
    return render(request, "rewards/awards/award_form.html", context, status=status)


@login_required
@require_GET
def award_detail(request: AuthenticatedHttpRequest, award_id: int) -> HttpResponse:
    award = get_object_or_404(Award, pk=award_id)
    year = year_param(request)
    context = {
        "view": award_view(award, year=year),
        "can_manage": permissions.is_hr(request.user),
        "sees_committee": permissions.reads_everything(request.user),
        "criterion_form": CriterionForm(),
        "member_form": CommitteeMemberForm(initial={"year": year}),
    }
    return render(request, "rewards/awards/award_detail.html", context)


@role_required(Role.ADMIN_BKPSDM)
@require_http_methods(["GET", "POST"])
def award_edit(request: AuthenticatedHttpRequest, award_id: int) -> HttpResponse:
    award = get_object_or_404(Award, pk=award_id, kind=Award.Kind.OTHER)
    posted = request.method == "POST"
    form = AwardForm(request.POST if posted else None, initial=AwardForm.initial_of(award))
    if posted and run_form(
        form, lambda: services.update_award(award=award, data=form.to_input(), actor=request.user)
    ):
        messages.success(request, "Perubahan penghargaan tersimpan.")
        return redirect("rewards:award_detail", award_id=award.pk)
    status = 422 if form.errors else 200
    context = {"form": form, "award": award}
    return render(request, "rewards/awards/award_form.html", context, status=status)


@role_required(Role.ADMIN_BKPSDM)
@require_POST
def criterion_add(request: AuthenticatedHttpRequest, award_id: int) -> HttpResponse:
    award = get_object_or_404(Award, pk=award_id)
    form = CriterionForm(request.POST)
    if run_form(
        form, lambda: services.add_criterion(award=award, data=form.to_input(), actor=request.user)
    ):
        messages.success(request, "Kriteria ditambahkan.")
    else:
        form_messages(request, form)
    return redirect("rewards:award_detail", award_id=award.pk)


@role_required(Role.ADMIN_BKPSDM)
@require_http_methods(["GET", "POST"])
def criterion_edit(request: AuthenticatedHttpRequest, criterion_id: int) -> HttpResponse:
    criterion = get_object_or_404(Criterion.objects.select_related("award"), pk=criterion_id)
    posted = request.method == "POST"
    initial = CriterionForm.initial_of(criterion)
    form = CriterionForm(request.POST if posted else None, initial=initial)
    if posted and run_form(
        form,
        lambda: services.update_criterion(
            criterion=criterion, data=form.to_input(), actor=request.user
        ),
    ):
        messages.success(request, "Perubahan kriteria tersimpan.")
        return redirect("rewards:award_detail", award_id=criterion.award_id)
    status = 422 if form.errors else 200
    context = {"form": form, "criterion": criterion}
    return render(request, "rewards/awards/criterion_form.html", context, status=status)


@role_required(Role.ADMIN_BKPSDM)
@require_POST
def criterion_delete(request: AuthenticatedHttpRequest, criterion_id: int) -> HttpResponse:
    criterion = get_object_or_404(Criterion, pk=criterion_id)
    try:
        services.delete_criterion(criterion=criterion, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Kriteria {criterion.name} dihapus.")
    return redirect("rewards:award_detail", award_id=criterion.award_id)


def _committee_anchor(award_id: int, year: int) -> str:
    return f"{reverse('rewards:award_detail', args=[award_id])}?year={year}#tim-penilai"


@role_required(Role.ADMIN_BKPSDM)
@require_POST
def committee_add(request: AuthenticatedHttpRequest, award_id: int) -> HttpResponse:
    award = get_object_or_404(Award, pk=award_id)
    form = CommitteeMemberForm(request.POST)
    if run_form(
        form,
        lambda: committee_services.add_member(
            award=award,
            year=form.cleaned_data["year"],
            user=form.cleaned_data["username"],
            actor=request.user,
        ),
    ):
        messages.success(request, "Anggota tim penilai ditambahkan.")
    else:
        form_messages(request, form)
    year = getattr(form, "cleaned_data", {}).get("year")
    return redirect(_committee_anchor(award.pk, year or timezone.localdate().year))


@role_required(Role.ADMIN_BKPSDM)
@require_POST
def committee_remove(request: AuthenticatedHttpRequest, member_id: int) -> HttpResponse:
    member = get_object_or_404(CommitteeMember, pk=member_id)
    try:
        committee_services.remove_member(member=member, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Anggota tim penilai dikeluarkan.")
    return redirect(_committee_anchor(member.award_id, member.year))


urlpatterns: list[URLPattern] = [
    path("", award_list, name="award_list"),
    path("baru/", award_new, name="award_new"),
    path("<int:award_id>/", award_detail, name="award_detail"),
    path("<int:award_id>/ubah/", award_edit, name="award_edit"),
    path("<int:award_id>/kriteria/", criterion_add, name="criterion_add"),
    path("kriteria/<int:criterion_id>/ubah/", criterion_edit, name="criterion_edit"),
    path("kriteria/<int:criterion_id>/hapus/", criterion_delete, name="criterion_delete"),
    path("<int:award_id>/tim-penilai/", committee_add, name="committee_add"),
    path("tim-penilai/<int:member_id>/hapus/", committee_remove, name="committee_remove"),
]
