import json
import os
import subprocess
import sys
import threading
from collections import Counter

import pytest

from bench import crash
from bench.crash import Outcome, Sent, Server, Tally, children, classify, compare, crash_line
from bench.exams import ExamAttempt, reconcile


@pytest.mark.parametrize(
    ("status", "body", "verdict"),
    [
        (200, b'{"seq": 3, "saved": true, "duplicate": false}', "ack"),
        (500, b"<h1>Server Error</h1>", "retry"),
        (502, b"", "retry"),
        (409, b'{"code": "retry", "message": "..."}', "retry"),
        (409, b'{"code": "seq_conflict", "message": "..."}', "unexpected"),
        (409, b"not json", "unexpected"),
        (403, b'{"code": "invalid_token"}', "unexpected"),
        (422, b'{"code": "invalid_option"}', "unexpected"),
    ],
)
def test_classify_resends_only_what_may_not_have_been_stored(status, body, verdict):
    assert classify(status, body) == verdict


def test_compare_counts_lost_unacknowledged_and_mismatched_events():
    acked = [(1, Sent(1, 5, "A")), (1, Sent(2, 6, "B")), (2, Sent(1, 7, "C"))]
    stored = [(1, 1, 5, "a", "A"), (2, 1, 7, "a", "D"), (2, 2, 9, "a", "E")]

    outcome = compare(acked, stored)

    assert outcome.check.lost == frozenset({(1, 2)})
    assert outcome.check.unacknowledged == frozenset({(2, 2)})
    assert (outcome.check.acknowledged, outcome.check.stored, outcome.mismatched) == (3, 3, 1)


def test_crash_line_starts_with_the_three_numbers_the_issue_asks_for():
    tallies = [
        Tally(
            acked=[Sent(1, 1, "A")],
            duplicates=1,
            retries=3,
            failures=Counter({"ConnectionResetError": 2, "ConnectionRefusedError": 1}),
            requests=4,
        ),
        Tally(acked=[Sent(1, 2, "B")], requests=1),
    ]
    server = Server(env={}, workers=3, port=1, log_path=crash.OUT / "x.log")
    server.killed_workers, server.restarts = 18, 1
    outcome = Outcome(reconcile([(1, 1), (2, 1)], [(1, 1), (2, 1)]), 0)

    line = crash_line(
        outcome=outcome, tallies=tallies, server=server, clients=2, seconds=30.04, sealed_ok=2
    )

    assert line == (
        "CRASH acknowledged=2 stored=2 lost=0 stored_unacknowledged=0 mismatched=0 "
        "duplicates_acked=1 requests=5 retries=3 gave_up=0 "
        "resent_because=ConnectionRefusedError*1,ConnectionResetError*2 unexpected=none "
        "workers_killed=18 restarts=1 clients=2 seconds=30.0 sealed_ok=2/2 db=postgresql"
    )


def test_children_finds_the_processes_this_one_started():
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        assert child.pid in children(os.getpid())
        assert child.pid not in children(child.pid)
    finally:
        crash._kill(child.pid)
        child.wait()
    assert crash._alive(child.pid) is False


def test_a_participant_resends_the_same_event_until_it_is_acknowledged(monkeypatch):
    answers = iter([("retry", "ConnectionResetError"), ("retry", "http_500"), ("ack", "duplicate")])
    sent_bodies = []
    participant = crash.Participant(ExamAttempt(9, "t" * 43), port=1, seed=1)

    def post(body: bytes) -> tuple[str, str]:
        sent_bodies.append(json.loads(body))
        return next(answers)

    monkeypatch.setattr(participant, "post", post)
    monkeypatch.setattr("time.sleep", lambda seconds: None)

    acked = participant.send_until_acked(Sent(4, 17, "D"), threading.Event(), lambda: 0.0)

    assert acked is True
    assert sent_bodies == [{"seq": 4, "position": 17, "kind": "a", "option": "D"}] * 3
    assert participant.tally.acked == [Sent(4, 17, "D")]
    assert (participant.tally.retries, participant.tally.duplicates) == (2, 1)
    assert participant.tally.failures == Counter({"ConnectionResetError": 1, "http_500": 1})


def test_a_participant_stops_resending_after_the_drain_deadline(monkeypatch):
    participant = crash.Participant(ExamAttempt(9, "t" * 43), port=1, seed=1)
    monkeypatch.setattr(participant, "post", lambda body: ("retry", "ConnectionRefusedError"))
    stop = threading.Event()
    stop.set()

    acked = participant.send_until_acked(Sent(5, 1, "A"), stop, lambda: 0.0)

    assert acked is False
    assert participant.tally.gave_up == [Sent(5, 1, "A")]
