from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from simerit.audit import selectors
from simerit.audit.forms import AuditFilterForm
from simerit.audit.models import AuditEvent
from simerit.core.paging import query_without_page
from simerit.core.permissions import role_required
from simerit.core.roles import Role

AUDIT_READERS = (Role.AUDITOR, Role.ADMIN_BKPSDM)


@role_required(*AUDIT_READERS)
def event_list(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None, target_types=selectors.list_target_types())
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.list_events(**filters).select_related("actor")
    page_obj = Paginator(events, 50).get_page(request.GET.get("page"))
    context = {"form": form, "page_obj": page_obj, "query_string": query_without_page(request)}
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "audit/event_list.html#results", context)
    return render(request, "audit/event_list.html", context)


@role_required(*AUDIT_READERS)
def event_detail(request: HttpRequest, seq: int) -> HttpResponse:
    event = get_object_or_404(AuditEvent, seq=seq)
    return render(request, "audit/event_detail.html", {"event": event})
