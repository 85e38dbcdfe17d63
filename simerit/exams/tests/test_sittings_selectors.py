"""selectors/sittings.py: when a sitting has ended, and the lookups by id that answer a missing
id like a forbidden one (403) except to those who see every sitting (404)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from simerit.exams.models import Attempt, Participant
from simerit.exams.selectors import sittings as selectors
from simerit.exams.tests.factories import make_skd_blueprint
from simerit.exams.tests.factories_sittings import (
    START,
    make_proctor,
    participant,
    sitting,
    start_attempt,
)

MINUTE = dt.timedelta(minutes=1)


@pytest.fixture
def room(db):
    """100 minutes from START; START PINs valid 30 minutes (the default)."""
    return sitting(make_skd_blueprint(duration_minutes=100), starts_at=START)


def ended(room, minutes, **kwargs):
    return selectors.sitting_has_ended(room, now=START + minutes * MINUTE, **kwargs)


def test_an_empty_sitting_ends_with_its_duration(room):
    assert (ended(room, 99.99), ended(room, 100)) == (False, True)


def test_a_short_exam_ends_when_the_start_pins_expire(db, settings):
    short = sitting(make_skd_blueprint(duration_minutes=20), starts_at=START)
    participant(short)
    assert (ended(short, 29.99), ended(short, 30)) == (False, True)
    settings.SIMERIT_EXAM_PIN_VALID_MINUTES = 45
    assert (ended(short, 44.99), ended(short, 45)) == (False, True)


def test_extra_minutes_and_extensions_move_the_end(room):
    participant(room, extra_minutes=30)
    attempt = start_attempt(participant(room, extra_minutes=10))
    Attempt.objects.filter(pk=attempt.pk).update(status="finished", extended_minutes=25)
    # the longest participant: 10 extra + 25 extended = 35 > 30
    assert (ended(room, 134.99), ended(room, 135)) == (False, True)


@pytest.mark.parametrize("status", [Attempt.Status.ACTIVE, Attempt.Status.PAUSED])
def test_an_attempt_not_finished_keeps_the_sitting_open(room, status):
    start_attempt(participant(room), status=status)
    assert ended(room, 60 * 24) is False


def test_nothing_is_read_before_the_duration_has_passed(room, django_assert_num_queries):
    participant(room)
    with django_assert_num_queries(0):
        assert ended(room, 99) is False
    with django_assert_num_queries(1):
        assert ended(room, 100) is True


def test_the_participants_given_are_used_without_a_query(room, django_assert_num_queries):
    start_attempt(participant(room))
    people = list(Participant.objects.filter(sitting=room).select_related("attempt"))
    with django_assert_num_queries(0):
        assert ended(room, 200, people=people) is False


# --- lookups


@pytest.fixture
def seat(room):
    return participant(room)


def test_a_proctor_gets_their_own_sitting_and_participant(room, seat):
    guard = make_proctor(room)
    assert selectors.proctored(guard, room, refusal="x") == room
    assert selectors.proctored(guard, seat, refusal="x") == seat


def test_a_missing_or_foreign_row_is_the_same_403_to_a_proctor(room, seat):
    other = make_proctor(sitting(make_skd_blueprint()))
    for found in (room, seat, None):
        with pytest.raises(PermissionDenied) as refused:
            selectors.proctored(other, found, refusal="Bukan sesi Anda.")
        assert str(refused.value) == "Bukan sesi Anda."


def test_admin_gets_every_row_and_a_404_for_a_missing_one(room, seat, hr_admin):
    assert selectors.proctored(hr_admin, seat, refusal="x") == seat
    with pytest.raises(Http404):
        selectors.proctored(hr_admin, None, refusal="x")


def test_readers_get_every_sitting_and_a_404_for_a_missing_one(room, auditor):
    assert selectors.readable(auditor, room, refusal="x") == room
    with pytest.raises(Http404):
        selectors.readable(auditor, None, refusal="x")
    # the Auditor reads sittings but does not proctor them
    with pytest.raises(PermissionDenied):
        selectors.proctored(auditor, None, refusal="x")
