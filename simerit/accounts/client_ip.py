"""The client address used for login lockout (django-axes' AXES_CLIENT_IP_CALLABLE)."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR, or behind SIMERIT_PROXY_COUNT trusted proxies the address they saw.

    Each trusted proxy appends the address it received the request from to X-Forwarded-For, so
    the client is the entry that many places from the right; entries further left were written
    by the client and cannot be trusted. Without this, every login behind nginx would share the
    proxy's address and one attacker could lock everybody out.
    """
    remote = str(request.META.get("REMOTE_ADDR", ""))
    proxies = int(settings.SIMERIT_PROXY_COUNT)
    if proxies <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
        if part.strip()
    ]
    if len(forwarded) < proxies:
        return remote
    return str(forwarded[-proxies])
