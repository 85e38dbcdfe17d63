"""Pages of the programme catalogue: every logged-in account browses it (list with filters, a
programme with its classes open for enrolment); Admin BKPSDM adds, edits, deactivates and
reactivates programmes. The competency pages are in `views.catalogue_competencies`, the
configuration in `views.catalogue_settings`; their routes are added to `urlpatterns` here."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_POST

from simerit.core.paging import query_without_page
from simerit.core.permissions import role_required
from simerit.core.roles import Role
from simerit.core.types import AuthenticatedHttpRequest
from simerit.training.forms.catalogue import (
    ProgrammeFilterForm,
    ProgrammeForm,
    programme_initial,
)
from simerit.training.models import Programme
from simerit.training.selectors import catalogue as selectors
from simerit.training.services import catalogue as services
from simerit.training.views import catalogue_competencies, catalogue_settings
from simerit.training.views.catalogue_helpers import act, run_form, status_of

PER_PAGE = 20


@login_required
def catalogue(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    form = ProgrammeFilterForm(request.GET, show_active=selectors.sees_inactive(user))
    programmes = selectors.list_programmes(user=user, **form.filters())
    context = {
        "form": form,
        "page_obj": Paginator(programmes, PER_PAGE).get_page(request.GET.get("page")),
        "query_string": query_without_page(request),
        "can_manage": selectors.can_manage_catalogue(user),
        "filtered": any(request.GET.get(name) for name in ("q", "kind", "active")),
    }
    return render(request, "training/catalogue/programme_list.html", context)


@role_required(Role.ADMIN_BKPSDM)
def programme_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST":
        created = run_form(
            form, lambda: services.create_programme(data=form.to_input(), actor=request.user)
        )
        if created is not None:
            messages.success(request, f"Program {created.code} ditambahkan ke katalog.")
            return redirect("training:programme-detail", programme_id=created.pk)
    context = {"form": form, "programme": None}
    return render(
        request, "training/catalogue/programme_form.html", context, status=status_of(form)
    )


@login_required
def programme_detail(request: AuthenticatedHttpRequest, programme_id: int) -> HttpResponse:
    programme = selectors.get_programme(user=request.user, programme_id=programme_id)
    context = {
        "programme": programme,
        "classes": selectors.list_open_classes(programme=programme, user=request.user),
        "can_manage": selectors.can_manage_catalogue(request.user),
        "today": timezone.localdate(),
    }
    return render(request, "training/catalogue/programme_detail.html", context)


def _managed(request: AuthenticatedHttpRequest, programme_id: int) -> Programme:
    """A programme the account sees (404 otherwise) and may change (403 otherwise)."""
    programme = selectors.get_programme(user=request.user, programme_id=programme_id)
    if not selectors.can_manage_catalogue(request.user):
        raise PermissionDenied(services.HR_ONLY)
    return programme


@login_required
def programme_edit(request: AuthenticatedHttpRequest, programme_id: int) -> HttpResponse:
    programme = _managed(request, programme_id)
    form = ProgrammeForm(request.POST or None, initial=programme_initial(programme))
    if request.method == "POST":
        changed = run_form(
            form,
            lambda: services.update_programme(
                programme=programme, data=form.to_input(), actor=request.user
            ),
        )
        if changed is not None:
            messages.success(request, f"Program {changed.code} tersimpan.")
            return redirect("training:programme-detail", programme_id=changed.pk)
    context = {"form": form, "programme": programme}
    return render(
        request, "training/catalogue/programme_form.html", context, status=status_of(form)
    )


@require_POST
@login_required
def programme_deactivate(request: AuthenticatedHttpRequest, programme_id: int) -> HttpResponse:
    programme = _managed(request, programme_id)
    act(
        request,
        lambda: services.deactivate_programme(programme=programme, actor=request.user),
        f"Program {programme.code} dinonaktifkan; program tidak lagi tampil di katalog pegawai.",
    )
    return redirect("training:programme-detail", programme_id=programme.pk)


@require_POST
@login_required
def programme_activate(request: AuthenticatedHttpRequest, programme_id: int) -> HttpResponse:
    programme = _managed(request, programme_id)
    act(
        request,
        lambda: services.activate_programme(programme=programme, actor=request.user),
        f"Program {programme.code} diaktifkan kembali.",
    )
    return redirect("training:programme-detail", programme_id=programme.pk)


urlpatterns: list[URLPattern] = [
    path("katalog/", catalogue, name="catalogue"),
    path("katalog/baru/", programme_create, name="programme-create"),
    path("katalog/<int:programme_id>/", programme_detail, name="programme-detail"),
    path("katalog/<int:programme_id>/ubah/", programme_edit, name="programme-edit"),
    path(
        "katalog/<int:programme_id>/nonaktifkan/",
        programme_deactivate,
        name="programme-deactivate",
    ),
    path("katalog/<int:programme_id>/aktifkan/", programme_activate, name="programme-activate"),
    *catalogue_competencies.urlpatterns,
    *catalogue_settings.urlpatterns,
]
