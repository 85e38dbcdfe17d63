from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from simerit.core.types import AuthenticatedHttpRequest
from simerit.dashboard import selectors


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The landing page: one panel per role the account holds."""
    panels = selectors.panels_for(request.user)
    return render(request, "dashboard/home.html", {"panels": panels})
