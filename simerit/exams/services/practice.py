"""Guarding the public tryout start: every start writes an attempt with its items, so one client
address may start only a limited number per hour (like applicant registration)."""

from django.conf import settings

from simerit.core.exceptions import DomainError
from simerit.core.ratelimit import address_key, count_hit

RATE_LIMIT_WINDOW_SECONDS = 60 * 60


class PracticeRateLimitError(DomainError):
    """Too many tryout starts from one address (answered as 429)."""


def practice_starts_per_hour() -> int:
    """SIMERIT_PRACTICE_STARTS_PER_HOUR; 0 switches the limit off (load tests)."""
    return int(settings.SIMERIT_PRACTICE_STARTS_PER_HOUR)


def _rate_key(client_address: str) -> str:
    return address_key("exams:practice-starts", client_address)


def check_practice_rate(*, client_address: str) -> None:
    """Count a tryout start from this address; refuse it past the hourly limit.

    The count lives in the cache: modest protection, per cache, without a table. Counted per
    attempt (not per success), so that a refused start is counted as well.
    """
    limit = practice_starts_per_hour()
    if limit <= 0:
        return
    if count_hit(_rate_key(client_address), window_seconds=RATE_LIMIT_WINDOW_SECONDS) > limit:
        raise PracticeRateLimitError(
            "Terlalu banyak tryout dimulai dari jaringan Anda. Coba lagi dalam satu jam."
        )
