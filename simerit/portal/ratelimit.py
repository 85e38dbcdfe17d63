"""Guarding the public result lookup: one client address may look up only a limited number of
registration numbers per hour, so that the numbers cannot be walked through (like applicant
registration and the tryout start: a counter in the cache, no table)."""

from django.conf import settings

from simerit.core.exceptions import DomainError
from simerit.core.ratelimit import address_key, count_hit

RATE_LIMIT_WINDOW_SECONDS = 60 * 60
DEFAULT_LOOKUPS_PER_HOUR = 30


class LookupRateLimitError(DomainError):
    """Too many lookups from one address (answered as 429)."""


def lookups_per_hour() -> int:
    """SIMERIT_PORTAL_LOOKUPS_PER_HOUR (30 by default); 0 switches the limit off (load tests)."""
    return int(getattr(settings, "SIMERIT_PORTAL_LOOKUPS_PER_HOUR", DEFAULT_LOOKUPS_PER_HOUR))


def _rate_key(client_address: str) -> str:
    return address_key("portal:lookups", client_address)


def check_lookup_rate(*, client_address: str, limit: int | None = None) -> None:
    """Count a lookup from this address; refuse it past `limit` per hour (the setting by default).

    Counted per attempt (a refused or empty lookup counts too), before anything is looked up.
    """
    limit = lookups_per_hour() if limit is None else limit
    if limit <= 0:
        return
    if count_hit(_rate_key(client_address), window_seconds=RATE_LIMIT_WINDOW_SECONDS) > limit:
        raise LookupRateLimitError(
            "Terlalu banyak pencarian hasil dari jaringan Anda. Coba lagi dalam satu jam."
        )
