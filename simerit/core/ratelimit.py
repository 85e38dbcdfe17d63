"""Hourly counters in the cache: modest protection per cache, without a table.

Used where abuse is cheap (registration, tryout starts, exam start tries, public lookups and
verifications): each attempt is counted, refused or not, before any work is done. Client addresses
are hashed before they become cache keys (no address is stored).
"""

import hashlib

from django.core.cache import cache


def address_key(prefix: str, client_address: str) -> str:
    """`prefix:` + a short SHA-256 of the address."""
    digest = hashlib.sha256(client_address.encode("utf-8")).hexdigest()[:32]
    return f"{prefix}:{digest}"


def count_hit(key: str, *, window_seconds: int) -> int:
    """Count one attempt under `key`; the number in the current window, this one included.

    The window starts at the first attempt and is not extended by later ones.
    """
    cache.add(key, 0, timeout=window_seconds)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window_seconds)
        return 1
