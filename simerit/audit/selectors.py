from datetime import date, datetime, time

from django.db.models import QuerySet
from django.utils import timezone

from simerit.audit.models import AuditChainHead, AuditEvent


def list_events(
    *,
    actor: str = "",
    action: str = "",
    target_type: str = "",
    target_id: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEvent]:
    """Audit rows, newest first, filtered by actor name, action prefix, object and local dates."""
    events = AuditEvent.objects.all()
    if actor:
        events = events.filter(actor_label__icontains=actor)
    if action:
        events = events.filter(action__startswith=action)
    if target_type:
        events = events.filter(target_type=target_type)
    if target_id:
        events = events.filter(target_id=target_id)
    tz = timezone.get_current_timezone()
    if date_from:
        events = events.filter(created_at__gte=datetime.combine(date_from, time.min, tzinfo=tz))
    if date_to:
        events = events.filter(created_at__lte=datetime.combine(date_to, time.max, tzinfo=tz))
    return events.order_by("-seq")


def list_target_types() -> list[str]:
    return list(
        AuditEvent.objects.order_by("target_type")
        .values_list("target_type", flat=True)
        .distinct()
        .exclude(target_type="")
    )


def chain_length() -> int:
    """Rows in the audit chain, read from the chain head (no COUNT over the whole table)."""
    head = AuditChainHead.objects.filter(id=1).values_list("last_seq", flat=True).first()
    return head or 0
