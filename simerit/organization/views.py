from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from simerit.core.paging import query_without_page
from simerit.core.permissions import role_required
from simerit.core.roles import Role
from simerit.core.types import AuthenticatedHttpRequest
from simerit.organization import selectors
from simerit.organization.forms import UnitSearchForm
from simerit.organization.models import WorkUnit
from simerit.organization.permissions import can_view_unit

UNIT_READERS = (Role.ADMIN_BKPSDM, Role.ADMIN_OPD, Role.AUDITOR)
UNITS_PER_PAGE = 100


@role_required(*UNIT_READERS)
def unit_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The work-unit tree the account may see, with employee counts."""
    form = UnitSearchForm(request.GET or None)
    search = form.cleaned_data["q"] if form.is_valid() else ""
    rows = selectors.list_unit_tree(user=request.user, search=search)
    page_obj = Paginator(rows, UNITS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"form": form, "page_obj": page_obj, "query_string": query_without_page(request)}
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "organization/unit_list.html#results", context)
    return render(request, "organization/unit_list.html", context)


@role_required(*UNIT_READERS)
def unit_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(WorkUnit.objects.select_related("parent", "region"), pk=pk)
    if not can_view_unit(request.user, unit):
        raise PermissionDenied
    detail = selectors.get_unit_detail(unit=unit, user=request.user)
    return render(request, "organization/unit_detail.html", {"detail": detail})
