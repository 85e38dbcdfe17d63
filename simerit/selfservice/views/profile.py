"""Karier Saya (`/saya/`): the logged-in employee's own record, read-only."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from simerit.core.types import AuthenticatedHttpRequest
from simerit.selfservice import selectors


@login_required
@require_GET
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every section of the account's own employee record; a plain message for an account
    without one (an applicant, an auditor from outside the civil service)."""
    employee = selectors.get_own_employee(request.user)
    if employee is None:
        return render(request, "selfservice/profile/unlinked.html")
    career = selectors.career_of(employee)
    return render(request, "selfservice/profile/career.html", {"career": career})


urlpatterns: list[URLPattern] = [
    path("", profile, name="profile"),
]
