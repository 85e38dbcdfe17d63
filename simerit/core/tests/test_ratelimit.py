from unittest import mock

import pytest
from django.core.cache import cache

from simerit.core.ratelimit import address_key, count_hit


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def test_the_address_is_hashed_into_the_key():
    # The first 32 hex digits of SHA-256("203.0.113.7").
    assert address_key("portal:lookups", "203.0.113.7") == (
        "portal:lookups:fec52565aa0cf18f57d7cf5b3ac72850"
    )


def test_each_hit_is_counted_in_its_own_key():
    assert [count_hit("a", window_seconds=60) for _ in range(3)] == [1, 2, 3]
    assert count_hit("b", window_seconds=60) == 1


def test_a_key_that_expired_between_add_and_incr_starts_again_at_one():
    with mock.patch.object(cache, "incr", side_effect=ValueError("expired")):
        assert count_hit("c", window_seconds=60) == 1
    assert cache.get("c") == 1
