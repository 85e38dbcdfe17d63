from typing import Any

from django.conf import settings
from django.http import HttpRequest

from simerit.accounts.navigation import items_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    context: dict[str, Any] = {
        "instansi_name": settings.INSTANSI_NAME,
        "nav_items": [],
    }
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        context["nav_items"] = items_for(user)
    return context
