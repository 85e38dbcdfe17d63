"""The Auditor's page of one SKP's rater identities with their answers (403 for every other role,
and for an Auditor who is the SKP's employee or one of its raters). GET only asks for a
confirmation; the identities are shown in answer to the confirming POST, which is recorded in the
audit log (a link alone records nothing)."""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_http_methods

from simerit.core.permissions import role_required
from simerit.core.roles import Role
from simerit.core.types import AuthenticatedHttpRequest
from simerit.performance.models import BehaviourIndicator
from simerit.performance.permissions import visible_skps
from simerit.performance.services.feedback360_identities import (
    check_can_read_identities,
    read_rater_identities,
)

PER_PAGE = 25


@require_http_methods(["GET", "POST"])
@role_required(Role.AUDITOR)
def rater_identities(request: AuthenticatedHttpRequest, skp_id: int) -> HttpResponse:
    skp = get_object_or_404(
        visible_skps(request.user).select_related("year", "employee", "evaluator", "position"),
        pk=skp_id,
    )
    context: dict[str, object] = {"skp": skp}
    if request.method != "POST":
        check_can_read_identities(request.user, skp)
        return render(request, "performance/feedback360/rater_identities_confirm.html", context)
    assignments = read_rater_identities(skp=skp, actor=request.user)
    context["page_obj"] = Paginator(assignments, PER_PAGE).get_page(request.POST.get("page"))
    context["codes"] = list(BehaviourIndicator.objects.values_list("code", flat=True))
    return render(request, "performance/feedback360/rater_identities.html", context)


urlpatterns: list[URLPattern] = [
    path("skp/<int:skp_id>/penilai/", rater_identities, name="rater-identities"),
]
