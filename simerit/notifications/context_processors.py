from typing import Any

from django.http import HttpRequest

from simerit.notifications.models import Notification


def unread_count(request: HttpRequest) -> dict[str, Any]:
    """The number on the navbar's notification button (one COUNT per page)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    return {"unread_notifications": Notification.objects.filter(user=user).unread().count()}
