"""TPP scheme pages: the list (Admin BKPSDM, Auditor, Admin OPD read it; it is the Perwali's
formula), one scheme with its rates and base amounts, and Admin BKPSDM's writes: a new scheme
(optionally copied from another, `?dari=<id>`), a change while no run used it, the base amount of
one position. A refused form is shown again with its errors (422)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from simerit.compensation.forms.schemes import (
    DEFAULT_INITIAL,
    PositionAmountForm,
    SchemeForm,
    initial_from,
)
from simerit.compensation.models import BaseAmount, Scheme
from simerit.compensation.permissions import is_hr
from simerit.compensation.selectors import schemes as selectors
from simerit.compensation.services import schemes as services
from simerit.core.exceptions import DomainError, InvalidInputError
from simerit.core.paging import query_without_page
from simerit.core.permissions import role_required
from simerit.core.roles import Role
from simerit.core.types import AuthenticatedHttpRequest

READERS = (Role.ADMIN_BKPSDM, Role.AUDITOR, Role.ADMIN_OPD)
PER_PAGE = 25


def _scheme(scheme_id: int) -> Scheme:
    scheme = selectors.get_scheme(scheme_id)
    if scheme is None:
        raise Http404("Skema TPP tidak ditemukan.")
    return scheme


def _detail(scheme: Scheme) -> HttpResponse:
    return redirect(reverse("compensation:scheme_detail", args=[scheme.pk]))


@role_required(*READERS)
def scheme_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    schemes = selectors.list_schemes()
    in_force = selectors.scheme_in_force(timezone.localdate().replace(day=1))
    context = {
        "page_obj": Paginator(schemes, PER_PAGE).get_page(request.GET.get("page")),
        "query_string": query_without_page(request),
        "in_force": in_force,
        "can_manage": is_hr(request.user),
    }
    return render(request, "compensation/schemes/list.html", context)


@role_required(*READERS)
def scheme_detail(request: AuthenticatedHttpRequest, scheme_id: int) -> HttpResponse:
    scheme = _scheme(scheme_id)
    frozen = scheme.run_count > 0  # type: ignore[attr-defined]
    context = {
        "scheme": scheme,
        "rates": selectors.rate_rows(scheme),
        "kinds": selectors.kind_rows(scheme),
        "positions": selectors.position_amounts(scheme),
        "frozen": frozen,
        "can_manage": is_hr(request.user) and not frozen,
        "can_copy": is_hr(request.user),
        "position_form": PositionAmountForm(),
        "runs": scheme.runs.order_by("-month", "-pk"),
    }
    return render(request, "compensation/schemes/detail.html", context)


def _form_page(
    request: AuthenticatedHttpRequest,
    form: SchemeForm,
    scheme: Scheme | None,
    source: Scheme | None,
) -> HttpResponse:
    context = {"form": form, "scheme": scheme, "source": source}
    status = 422 if form.errors else 200
    return render(request, "compensation/schemes/form.html", context, status=status)


def _source(request: AuthenticatedHttpRequest) -> Scheme | None:
    raw = request.POST.get("copy_from") or request.GET.get("dari")
    return _scheme(int(raw)) if raw and raw.isdigit() else None


@role_required(Role.ADMIN_BKPSDM)
def scheme_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    source = _source(request)
    if request.method != "POST":
        initial = initial_from(source, as_copy=True) if source else DEFAULT_INITIAL
        return _form_page(request, SchemeForm(initial=initial), None, source)
    form = SchemeForm(request.POST)
    if form.is_valid():
        try:
            scheme = services.create_scheme(
                actor=request.user, data=form.data_for_service(), copy_positions_from=source
            )
        except InvalidInputError as error:
            form.add_service_errors(error.errors)
        else:
            messages.success(request, f"Skema TPP “{scheme.name}” tersimpan.")
            return _detail(scheme)
    return _form_page(request, form, None, source)


@role_required(Role.ADMIN_BKPSDM)
def scheme_edit(request: AuthenticatedHttpRequest, scheme_id: int) -> HttpResponse:
    scheme = _scheme(scheme_id)
    if scheme.run_count:  # type: ignore[attr-defined]
        messages.error(request, services.FROZEN)
        return _detail(scheme)
    if request.method != "POST":
        form = SchemeForm(initial=initial_from(scheme, as_copy=False))
        return _form_page(request, form, scheme, None)
    form = SchemeForm(request.POST)
    if form.is_valid():
        try:
            services.update_scheme(actor=request.user, scheme=scheme, data=form.data_for_service())
        except InvalidInputError as error:
            form.add_service_errors(error.errors)
        except DomainError as error:
            messages.error(request, error.message)
            return _detail(scheme)
        else:
            messages.success(request, "Perubahan skema TPP tersimpan.")
            return _detail(scheme)
    return _form_page(request, form, scheme, None)


@require_POST
@role_required(Role.ADMIN_BKPSDM)
def scheme_position_amount(request: AuthenticatedHttpRequest, scheme_id: int) -> HttpResponse:
    scheme = _scheme(scheme_id)
    form = PositionAmountForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(str(error) for error in errors))
        return _detail(scheme)
    position = form.cleaned_data["position"]
    try:
        services.set_position_amount(
            actor=request.user, scheme=scheme, position=position, amount=form.cleaned_data["amount"]
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Pagu jabatan {position.name} tersimpan.")
    return _detail(scheme)


@require_POST
@role_required(Role.ADMIN_BKPSDM)
def scheme_position_remove(
    request: AuthenticatedHttpRequest, scheme_id: int, base_id: int
) -> HttpResponse:
    scheme = _scheme(scheme_id)
    base = BaseAmount.objects.select_related("position", "scheme").filter(
        pk=base_id, scheme=scheme, position__isnull=False
    )
    found = base.first()
    if found is None:
        raise Http404("Pagu tidak ditemukan.")
    try:
        services.remove_position_amount(actor=request.user, base=found)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, "Pagu jabatan dihapus; jabatan itu kembali memakai pagu jenisnya."
        )
    return _detail(scheme)


urlpatterns: list[URLPattern] = [
    path("skema/", scheme_list, name="scheme_list"),
    path("skema/baru/", scheme_new, name="scheme_new"),
    path("skema/<int:scheme_id>/", scheme_detail, name="scheme_detail"),
    path("skema/<int:scheme_id>/ubah/", scheme_edit, name="scheme_edit"),
    path("skema/<int:scheme_id>/pagu/", scheme_position_amount, name="scheme_position_amount"),
    path(
        "skema/<int:scheme_id>/pagu/<int:base_id>/hapus/",
        scheme_position_remove,
        name="scheme_position_remove",
    ),
]
