"""The scoreboard cache: a second call within the interval makes no query, one computation per
interval however many viewers, stale boards served while one request recomputes, closed boards
cached, unknown keys remembered apart so that they never push real boards out."""

import time
from typing import Any

import pytest

from simerit.exams.selectors import scoreboard as selectors
from simerit.exams.selectors.scoreboard import cache, misses
from simerit.exams.tests.factories_proctor import T0, event, make_participant, start
from simerit.exams.tests.factories_proctor import sitting as make_sitting

CLOCK = 1_000_000.0


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    misses.clear()
    yield
    cache.clear()
    misses.clear()


@pytest.fixture
def room(db):
    sitting = make_sitting()
    attempt = start(make_participant(sitting, registration_number="R-1"), at=T0)
    event(attempt, 1, "A", at=T0)
    return sitting


@pytest.fixture
def computations(monkeypatch):
    """Counts calls of compute_scoreboard (still computing for real)."""
    calls = []
    real = selectors.compute_scoreboard

    def counting(key, **kwargs):
        calls.append(key)
        return real(key, **kwargs)

    monkeypatch.setattr(selectors, "compute_scoreboard", counting)
    return calls


def total(board):
    return board["rows"][0]["total"]


def test_a_second_call_within_the_interval_makes_no_query(room, django_assert_num_queries):
    first = selectors.get_scoreboard(room.scoreboard_key, clock=CLOCK)
    with django_assert_num_queries(0):
        second = selectors.get_scoreboard(room.scoreboard_key, clock=CLOCK + 4.9)
    assert second == first
    assert total(second) == 5


def test_a_thousand_viewers_cause_one_computation_per_interval(room, computations):
    for viewer in range(1000):
        selectors.get_scoreboard(room.scoreboard_key, clock=CLOCK + viewer * 0.004)
    assert len(computations) == 1
    for viewer in range(1000):
        selectors.get_scoreboard(room.scoreboard_key, clock=CLOCK + 5 + viewer * 0.004)
    assert len(computations) == 2


def test_after_the_interval_the_board_is_recomputed_with_new_answers(room):
    key = room.scoreboard_key
    assert total(selectors.get_scoreboard(key, clock=CLOCK)) == 5
    attempt = room.participants.get().attempt
    event(attempt, 2, "A", at=T0)
    assert total(selectors.get_scoreboard(key, clock=CLOCK + 4)) == 5  # still cached
    assert total(selectors.get_scoreboard(key, clock=CLOCK + 5)) == 10


def test_the_interval_follows_the_setting(room, settings, computations):
    settings.SIMERIT_SCOREBOARD_CACHE_SECONDS = 30
    selectors.get_scoreboard(room.scoreboard_key, clock=CLOCK)
    selectors.get_scoreboard(room.scoreboard_key, clock=CLOCK + 29)
    assert len(computations) == 1
    board = selectors.get_scoreboard(room.scoreboard_key, clock=CLOCK + 30)
    assert len(computations) == 2
    assert board is not None
    assert board["refresh_seconds"] == 30


def test_while_one_request_recomputes_the_others_serve_the_stale_board(
    room, computations, django_assert_num_queries
):
    key = room.scoreboard_key
    stale = selectors.get_scoreboard(key, clock=CLOCK)
    assert cache.add(selectors.CACHE_PREFIX + key + ":lock", "1")  # another request holds it
    with django_assert_num_queries(0):
        served = selectors.get_scoreboard(key, clock=CLOCK + 60)
    assert served == stale
    assert len(computations) == 1


def test_the_lock_is_released_after_a_computation(room):
    selectors.get_scoreboard(room.scoreboard_key, clock=CLOCK)
    assert cache.get(selectors.CACHE_PREFIX + room.scoreboard_key + ":lock") is None


def test_the_lock_is_released_when_the_computation_fails(room, monkeypatch):
    def broken(key, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(selectors, "compute_scoreboard", broken)
    with pytest.raises(RuntimeError):
        selectors.get_scoreboard(room.scoreboard_key, clock=CLOCK)
    assert cache.get(selectors.CACHE_PREFIX + room.scoreboard_key + ":lock") is None


def test_a_cold_request_waits_for_the_one_computing_instead_of_stampeding(
    room, monkeypatch, computations
):
    # given: another request holds the lock and no board is cached yet
    key = room.scoreboard_key
    cache.add(selectors.CACHE_PREFIX + key + ":lock", "1")
    board: dict[str, Any] = {"rows": [], "sections": []}

    def other_request_finishes(seconds):
        cache.set(selectors.CACHE_PREFIX + key, {"fresh_until": CLOCK + 5, "board": board})

    monkeypatch.setattr(time, "sleep", other_request_finishes)
    # when
    served = selectors.get_scoreboard(key, clock=CLOCK)
    # then
    assert served == board
    assert computations == []


def test_a_cold_request_computes_if_the_other_takes_too_long(room, monkeypatch, computations):
    key = room.scoreboard_key
    cache.add(selectors.CACHE_PREFIX + key + ":lock", "1")
    monkeypatch.setattr(time, "sleep", lambda seconds: None)
    board = selectors.get_scoreboard(key, clock=CLOCK)
    assert board is not None
    assert computations == [key]


def test_an_unknown_key_is_remembered_for_one_interval_outside_the_board_cache(
    db, django_assert_num_queries
):
    # when
    with django_assert_num_queries(1):
        assert selectors.get_scoreboard("tidak-ada", clock=CLOCK) is None
    # then: not in the board cache (neither the board nor its lock), and no query within the
    # interval; after it, one query again
    assert cache.get(selectors.CACHE_PREFIX + "tidak-ada") is None
    assert cache.get(selectors.CACHE_PREFIX + "tidak-ada:lock") is None
    with django_assert_num_queries(0):
        assert selectors.get_scoreboard("tidak-ada", clock=CLOCK + 4.9) is None
    with django_assert_num_queries(1):
        assert selectors.get_scoreboard("tidak-ada", clock=CLOCK + 5) is None


def test_guessed_keys_never_push_a_real_board_out(room, monkeypatch, django_assert_num_queries):
    # given: a real board is cached, and the memo of unknown keys is small
    monkeypatch.setattr(misses, "slots", 3)
    board = selectors.get_scoreboard(room.scoreboard_key, clock=CLOCK)
    # when: many more guessed keys than the memo holds
    for guess in range(50):
        assert selectors.get_scoreboard(f"tebakan-{guess}", clock=CLOCK + 1) is None
    # then: the board is still served without a query, the memo kept only the last three
    with django_assert_num_queries(0):
        assert selectors.get_scoreboard(room.scoreboard_key, clock=CLOCK + 2) == board
    assert len(misses) == 3
    assert [misses.recent(f"tebakan-{n}", CLOCK + 2) for n in (46, 47, 48, 49)] == [
        False,
        True,
        True,
        True,
    ]


def test_a_closed_board_is_cached_as_closed(db, django_assert_num_queries, computations):
    old = make_sitting(starts_at=T0)  # months ago: closed
    key = old.scoreboard_key
    with pytest.raises(selectors.BoardClosedError):
        selectors.get_scoreboard(key, clock=CLOCK)
    with django_assert_num_queries(0), pytest.raises(selectors.BoardClosedError):
        selectors.get_scoreboard(key, clock=CLOCK + 4)
    assert computations == [key]
    assert cache.get(selectors.CACHE_PREFIX + key)["board"] == selectors.CLOSED


def test_a_board_whose_key_is_gone_is_not_served_stale(room, django_assert_num_queries):
    key = room.scoreboard_key
    assert selectors.get_scoreboard(key, clock=CLOCK) is not None
    # given: the key no longer names a sitting (as when the sitting is deleted)
    room.scoreboard_key = "kunci-baru"
    room.save(update_fields=["scoreboard_key"])
    # when the board is due again: gone, and remembered as unknown for one interval
    assert selectors.get_scoreboard(key, clock=CLOCK + 5) is None
    assert cache.get(selectors.CACHE_PREFIX + key) is None
    with django_assert_num_queries(0):
        assert selectors.get_scoreboard(key, clock=CLOCK + 6) is None


@pytest.mark.parametrize("key", ["a b", "x" * 33, "kunci/../lain", "", "ä"])
def test_a_malformed_key_never_reaches_the_cache_or_the_database(
    db, key, django_assert_num_queries
):
    with django_assert_num_queries(0):
        assert selectors.get_scoreboard(key, clock=CLOCK) is None
