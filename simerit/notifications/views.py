from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from simerit.core.types import AuthenticatedHttpRequest
from simerit.notifications import services
from simerit.notifications.models import Notification


@login_required
def inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    notifications = Notification.objects.filter(user=request.user)
    page_obj = Paginator(notifications, 25).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page_obj": page_obj, "query_string": ""})


@login_required
@require_POST
def mark_all_read(request: AuthenticatedHttpRequest) -> HttpResponse:
    services.mark_read(user=request.user)
    return redirect("notifications:inbox")
