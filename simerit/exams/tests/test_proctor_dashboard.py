"""The proctor dashboard selector: states, answered counts, last activity, idleness, flags,
remaining time, the sitting summary, and a fixed number of queries."""

import datetime as dt

import pytest

from simerit.exams.models import AnswerEvent, IntegrityEvent
from simerit.exams.rules.scoring import fold_events
from simerit.exams.selectors import proctor as selectors
from simerit.exams.tests.factories import SittingFactory
from simerit.exams.tests.factories_proctor import (
    T0,
    event,
    flag,
    make_participant,
    start,
)
from simerit.exams.tests.factories_proctor import sitting as make_sitting

MIN = dt.timedelta(minutes=1)
A, C, F, U = (AnswerEvent.Kind.ANSWER, AnswerEvent.Kind.CLEAR, AnswerEvent.Kind.FLAG,
              AnswerEvent.Kind.UNFLAG)  # fmt: skip
Kind = IntegrityEvent.Kind


@pytest.fixture
def room(db):
    return make_sitting()


def rows_by_seat(board):
    return {row.seat_number: row for row in board.rows}


def test_states_and_summary(room):
    # given
    make_participant(room, seat_number=1)
    present = make_participant(room, seat_number=2)
    present.checked_in_at = T0 - 20 * MIN
    present.save()
    start(make_participant(room, seat_number=3), at=T0)
    start(make_participant(room, seat_number=4), at=T0, status="paused", paused_at=T0 + MIN)
    start(make_participant(room, seat_number=5), at=T0, status="finished", finished_at=T0)
    # when
    board = selectors.dashboard(room, now=T0 + 2 * MIN)
    # then
    assert [(row.seat_number, row.state, row.state_label) for row in board.rows] == [
        (1, "belum_hadir", "Belum hadir"),
        (2, "hadir", "Hadir"),
        (3, "mengerjakan", "Mengerjakan"),
        (4, "dijeda", "Dijeda"),
        (5, "selesai", "Selesai"),
    ]
    assert board.summary.total == 5
    assert board.summary.states == {
        "belum_hadir": 1,
        "hadir": 1,
        "mengerjakan": 1,
        "dijeda": 1,
        "selesai": 1,
        "tidak_hadir": 0,
    }
    assert (board.summary.idle, board.summary.flagged) == (0, 0)


@pytest.fixture
def held(db):
    """A sitting at T0 (100 minutes, START PINs valid 30): seat 1 never came, seat 2 came but
    never started, seat 3 finished."""
    sitting = make_sitting(starts_at=T0)
    make_participant(sitting, seat_number=1)
    make_participant(sitting, seat_number=2, checked_in_at=T0 - 20 * MIN)
    start(make_participant(sitting, seat_number=3), at=T0, status="finished", finished_at=T0)
    return sitting


@pytest.mark.parametrize(
    ("after", "states"),
    [
        (100 * MIN - dt.timedelta(seconds=1), ["belum_hadir", "hadir", "selesai"]),
        (100 * MIN, ["tidak_hadir", "tidak_hadir", "selesai"]),
    ],
)
def test_who_never_started_is_absent_once_the_sitting_has_ended(held, after, states):
    board = selectors.dashboard(held, now=T0 + after)
    assert [row.state for row in board.rows] == states
    if states[0] == "tidak_hadir":
        assert [row.state_label for row in board.rows] == ["Tidak hadir", "Tidak hadir", "Selesai"]
        assert board.summary.states["tidak_hadir"] == 2
        assert board.summary.state_list[-1] == ("tidak_hadir", "Tidak hadir", 2)


def test_an_attempt_still_running_keeps_the_sitting_open(held):
    # seat 4 has 30 extra minutes and is still working at minute 120
    start(make_participant(held, seat_number=4, extra_minutes=30), at=T0)
    board = selectors.dashboard(held, now=T0 + 120 * MIN)
    assert [row.state for row in board.rows] == ["belum_hadir", "hadir", "selesai", "mengerjakan"]


def test_one_participants_row_reads_the_whole_sitting_to_judge_its_end(
    held, django_assert_num_queries
):
    # given: another participant still working although this one's time is long over
    absent = held.participants.get(seat_number=1)
    attempt = start(make_participant(held, seat_number=4, extra_minutes=30), at=T0)
    # when: the detail page's one-row dashboard (one more query: the whole sitting)
    with django_assert_num_queries(4):
        board = selectors.dashboard(held, now=T0 + 120 * MIN, participant_ids=[absent.pk])
    # then: judged like the full dashboard, until the last attempt is over and its time too
    assert [row.state for row in board.rows] == ["belum_hadir"]
    attempt.status = "finished"
    attempt.save(update_fields=["status"])
    states = [
        selectors.dashboard(held, now=T0 + minutes * MIN, participant_ids=[absent.pk]).rows[0].state
        for minutes in (129, 130)
    ]
    assert states == ["belum_hadir", "tidak_hadir"]


def test_answered_counts_distinct_positions_with_a_current_answer(room):
    # given
    attempt = start(make_participant(room), at=T0)
    script = [
        (1, A, "A"),
        (2, A, "B"),
        (2, C, ""),  # cleared: not answered
        (3, A, "C"),
        (3, A, "D"),  # changed: still one position
        (4, F, ""),  # flag only
        (5, A, "E"),
        (5, C, ""),
        (5, A, "A"),  # answered again after a clear
        (6, A, "B"),
        (6, U, ""),
    ]
    for index, (position, kind, option) in enumerate(script):
        event(attempt, position, option, kind=kind, at=T0 + index * MIN)
    # when
    row = selectors.dashboard(room, now=T0 + 20 * MIN).rows[0]
    # then
    answers, _ = fold_events((p, k, o) for p, k, o in script)
    assert row.answered == len(answers) == 4
    assert row.question_count == 6
    assert row.last_activity == T0 + 10 * MIN


def test_idle_after_the_configured_minutes_without_activity(room, settings):
    # given
    settings.SIMERIT_EXAM_IDLE_MINUTES = 3
    quiet = start(make_participant(room, seat_number=1), at=T0)
    busy = start(make_participant(room, seat_number=2), at=T0)
    event(quiet, 1, "A", at=T0 + 2 * MIN)
    event(busy, 1, "A", at=T0 + 4 * MIN)
    start(make_participant(room, seat_number=3), at=T0 + 2 * MIN)  # no answer yet
    start(make_participant(room, seat_number=4), at=T0, status="paused", paused_at=T0)
    # when
    board = selectors.dashboard(room, now=T0 + 5 * MIN)
    rows = rows_by_seat(board)
    # then
    assert board.idle_minutes == 3
    assert (rows[1].idle, rows[1].idle_seconds, rows[1].idle_display) == (True, 180, "03:00")
    assert (rows[2].idle, rows[2].idle_seconds) == (False, 60)
    assert (rows[3].idle, rows[3].idle_seconds) == (True, 180)  # counted from the start
    assert (rows[4].idle, rows[4].idle_seconds) == (False, None)
    assert board.summary.idle == 2


def test_idle_boundary_is_exact(room):
    attempt = start(make_participant(room), at=T0)
    event(attempt, 1, "A", at=T0 + MIN)
    just_before = selectors.dashboard(room, now=T0 + 6 * MIN - dt.timedelta(seconds=1))
    at_limit = selectors.dashboard(room, now=T0 + 6 * MIN)
    assert (just_before.rows[0].idle, at_limit.rows[0].idle) == (False, True)


def test_an_expired_attempt_is_not_idle_and_has_no_time_left(room):
    start(make_participant(room), at=T0, minutes=100)
    row = selectors.dashboard(room, now=T0 + 101 * MIN).rows[0]
    assert (row.state, row.idle, row.remaining_seconds, row.can_pause, row.can_stop) == (
        "mengerjakan",
        False,
        0,
        False,
        True,
    )


def test_remaining_seconds_by_state(room):
    make_participant(room, seat_number=1)
    start(make_participant(room, seat_number=2), at=T0, minutes=100)
    start(
        make_participant(room, seat_number=3),
        at=T0,
        minutes=100,
        status="paused",
        paused_at=T0 + 30 * MIN,
    )
    start(make_participant(room, seat_number=4), at=T0, status="finished")
    start(make_participant(room, seat_number=5, extra_minutes=30), at=T0, minutes=100)
    rows = rows_by_seat(selectors.dashboard(room, now=T0 + 40 * MIN + dt.timedelta(seconds=5)))
    assert {seat: row.remaining_seconds for seat, row in rows.items()} == {
        1: None,
        2: 60 * 60 - 5,
        3: 70 * 60,  # the clock stood still at the pause
        4: 0,
        5: 90 * 60 - 5,
    }
    assert rows[2].remaining_display == "59:55"
    assert rows[5].remaining_display == "1:29:55"


def test_flags_are_counted_by_kind_for_this_sitting_only(room):
    # given
    first = make_participant(room, seat_number=1)
    attempt = start(first, at=T0)
    flag(first, Kind.FOCUS_LOST, attempt=attempt)
    flag(first, Kind.FOCUS_LOST, attempt=attempt)
    flag(first, Kind.HIDDEN, attempt=attempt, with_participant=False)  # attempt only
    flag(first, Kind.TAKEOVER, attempt=attempt)
    flag(first, Kind.LOCKED_OUT, attempt=attempt)
    flag(first, Kind.PAUSED, attempt=attempt)  # a proctor action, not a flag
    flag(first, Kind.STARTED, attempt=attempt)
    second = make_participant(room, seat_number=2)
    flag(second, Kind.PIN_REFUSED)  # before any attempt
    make_participant(room, seat_number=3)
    elsewhere = make_participant(SittingFactory.create(blueprint=room.blueprint))
    flag(elsewhere, Kind.PASTE, attempt=start(elsewhere))
    # when
    board = selectors.dashboard(room, now=T0 + MIN)
    rows = rows_by_seat(board)
    # then
    assert rows[1].flags == {
        "focus_lost": 2,
        "hidden": 1,
        "paste": 0,
        "takeover": 1,
        "locked_out": 1,
        "late_answer": 0,
        "invalid_answer": 0,
        "pin_refused": 0,
    }
    assert (rows[1].flag_total, rows[1].flagged) == (5, True)
    assert [(f.kind, f.count) for f in rows[1].flag_list] == [
        ("focus_lost", 2),
        ("hidden", 1),
        ("takeover", 1),
        ("locked_out", 1),
    ]
    assert rows[2].flags["pin_refused"] == 1
    assert rows[2].flag_total == 1
    assert (rows[3].flag_total, rows[3].flagged) == (0, False)
    assert board.summary.flagged == 2


def test_the_dashboard_of_one_participant(room):
    start(make_participant(room, seat_number=1))
    second = make_participant(room, seat_number=2)
    flag(second, Kind.PIN_REFUSED)
    board = selectors.dashboard(room, now=T0, participant_ids=[second.pk])
    assert [(row.participant_id, row.flag_total) for row in board.rows] == [(second.pk, 1)]


def populate(room, count):
    for seat in range(1, count + 1):
        participant = make_participant(room, seat_number=seat)
        if seat % 3 == 0:
            continue
        attempt = start(participant, at=T0)
        event(attempt, 1, "A", at=T0 + MIN)
        event(attempt, 2, "B", at=T0 + 2 * MIN)
        flag(participant, Kind.FOCUS_LOST, attempt=attempt)


@pytest.mark.parametrize("count", [2, 9])
def test_the_dashboard_reads_in_five_queries_whatever_the_size(
    room, count, django_assert_num_queries
):
    populate(room, count)
    with django_assert_num_queries(5):
        board = selectors.dashboard(room, now=T0 + 3 * MIN)
        assert len(board.rows) == count
        assert sum(row.answered for row in board.rows) == 2 * (count - count // 3)


def test_list_proctor_sittings_shows_assigned_sittings_or_all_for_admin(room, hr_admin, proctor):
    other = SittingFactory.create(blueprint=room.blueprint)
    room.proctors.create(user=proctor)
    make_participant(room)
    make_participant(room)
    mine = selectors.list_proctor_sittings(proctor)
    # participant_count is an annotation the stubs cannot see through the selector's type
    assert [(s.pk, s.participant_count) for s in mine] == [(room.pk, 2)]  # type: ignore[attr-defined]
    assert {s.pk for s in selectors.list_proctor_sittings(hr_admin)} == {room.pk, other.pk}


def test_list_proctor_sittings_is_empty_for_other_roles(room, auditor):
    room.proctors.create(user=auditor)
    assert list(selectors.list_proctor_sittings(auditor)) == []


def test_integrity_log_includes_events_of_the_participant_and_of_the_attempt(room):
    participant = make_participant(room)
    attempt = start(participant)
    flag(participant, Kind.PIN_REFUSED, at=T0 - MIN)
    flag(participant, Kind.HIDDEN, attempt=attempt, with_participant=False, at=T0 + MIN)
    flag(make_participant(room), Kind.PASTE)
    kinds = [e.kind for e in selectors.integrity_log(participant)]
    assert kinds == ["hidden", "pin_refused"]


def test_clock_display():
    assert [selectors.clock_display(s) for s in (None, 0, 59, 125, 3725)] == [
        "—",
        "00:00",
        "00:59",
        "02:05",
        "1:02:05",
    ]


def test_the_integrity_log_speaks_the_proctors_words():
    assert selectors.detail_items(
        {
            "seq": 12,
            "code": "deadline_passed",
            "reason": "page_without_token",
            "purpose": "takeover",
        }
    ) == [
        ("alasan", "halaman ujian dibuka tanpa token peramban ini"),
        ("keperluan", "pindah komputer"),
        ("sebab", "waktu sudah habis"),
        ("nomor kiriman", "12"),
    ]
