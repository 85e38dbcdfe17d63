"""The Auditor's page of one SKP's rater identities with their answers (403 for every other role);
each reading is recorded in the audit log."""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path

from simerit.core.permissions import role_required
from simerit.core.roles import Role
from simerit.core.types import AuthenticatedHttpRequest
from simerit.performance.models import BehaviourIndicator
from simerit.performance.permissions import visible_skps
from simerit.performance.services.feedback360_identities import read_rater_identities

PER_PAGE = 25


@role_required(Role.AUDITOR)
def rater_identities(request: AuthenticatedHttpRequest, skp_id: int) -> HttpResponse:
    skp = get_object_or_404(
        visible_skps(request.user).select_related("year", "employee", "evaluator", "position"),
        pk=skp_id,
    )
    assignments = read_rater_identities(skp=skp, actor=request.user)
    page_obj = Paginator(assignments, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "skp": skp,
        "page_obj": page_obj,
        "codes": list(BehaviourIndicator.objects.values_list("code", flat=True)),
        "query_string": "",
    }
    return render(request, "performance/feedback360/rater_identities.html", context)


urlpatterns: list[URLPattern] = [
    path("skp/<int:skp_id>/penilai/", rater_identities, name="rater-identities"),
]
