import datetime as dt
import json
import random
import re
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bench import exams, recruitment
from bench.database import _bench_units
from bench.exams import (
    AnswerStatuses,
    ExamAttempt,
    LaidOut,
    Served,
    answer_body,
    answer_line,
    answer_script,
    answer_sheet,
    lay_out,
    parse_scoring,
    parse_statuses,
    read_acks,
    reconcile,
    scoring_line,
)
from bench.scenarios import ANSWERS, SCENARIOS, SCORE
from bench.wrk import WrkResult, parse_output, wrk_command

TODAY = dt.date(2026, 11, 28)
TOKEN_A = "a" * 20 + "-_" + "B" * 21
TOKEN_B = "x1" * 21 + "z"


def wrk_result(**changes: int | float) -> WrkResult:
    values: dict[str, int | float] = {
        "requests": 9000,
        "duration_us": 10_000_000,
        "p50_us": 61_250.0,
        "p99_us": 150_500.0,
        "connect": 0,
        "read": 0,
        "write": 0,
        "status": 0,
        "timeout": 0,
        **changes,
    }
    return WrkResult(**values)  # type: ignore[arg-type]


# --- layout and answer sheets


def sections() -> list[list[Served]]:
    return [
        [Served(version, 1, exams.OPTION_KEYS) for version in (11, 12, 13)],
        [Served(version, 2, exams.OPTION_KEYS) for version in (21, 22)],
    ]


def test_lay_out_keeps_sections_in_order_and_shuffles_inside_each():
    laid = lay_out(sections(), random.Random(7))

    assert [item.position for item in laid] == [1, 2, 3, 4, 5]
    assert [item.section_id for item in laid] == [1, 1, 1, 2, 2]
    assert sorted(item.version_id for item in laid[:3]) == [11, 12, 13]
    assert sorted(item.version_id for item in laid[3:]) == [21, 22]
    assert all(sorted(item.option_order) == list(exams.OPTION_KEYS) for item in laid)
    assert lay_out(sections(), random.Random(7)) == laid


def test_lay_out_without_shuffling_is_the_blueprint_order():
    laid = lay_out(sections(), random.Random(7), shuffle=False)

    assert [(item.version_id, item.option_order) for item in laid] == [
        (version, exams.OPTION_KEYS) for version in (11, 12, 13, 21, 22)
    ]


def test_answer_sheet_takes_the_best_option_with_the_ability_as_probability():
    laid = lay_out(sections(), random.Random(1))
    best = {11: "A", 12: "B", 13: "C", 21: "D", 22: "E"}

    always = answer_sheet(laid, best, random.Random(2), ability=1.0)
    never = answer_sheet(laid, best, random.Random(2), ability=0.0)

    assert always == [(item.position, best[item.version_id]) for item in laid]
    assert [position for position, _ in never] == [1, 2, 3, 4, 5]
    assert all(
        option != best[item.version_id] for item, (_, option) in zip(laid, never, strict=True)
    )


def test_answer_body_is_the_json_the_exam_page_posts():
    assert json.loads(answer_body(seq=7, position=110, option="E")) == {
        "seq": 7,
        "position": 110,
        "kind": "a",
        "option": "E",
    }


# --- the Lua script


def test_answer_script_holds_the_attempts_and_the_walk():
    script = answer_script(
        [ExamAttempt(101, TOKEN_A), ExamAttempt(102, TOKEN_B)], threads=2, positions=110
    )

    assert script.startswith("local THREADS = 2\nlocal POSITIONS = 110\n")
    assert f'{{101, "{TOKEN_A}"}},\n  {{102, "{TOKEN_B}"}}' in script
    assert 'local OPTIONS = {"A", "B", "C", "D", "E"}' in script
    assert "local seq = base + k * THREADS + index + 1" in script
    assert '"/api/v1/exams/attempts/" .. attempt[1] .. "/answers"' in script
    assert '["X-Exam-Token"] = attempt[2]' in script
    # The standard result line first, then the acknowledged seqs and the status counts.
    assert script.index("WRK_RESULT") < script.index("local print_result = done")
    assert 'os.getenv("BENCH_ACKS_FILE")' in script


@pytest.mark.parametrize(
    ("attempts", "threads", "message"),
    [
        ([ExamAttempt(1, TOKEN_A)], 2, "paling sedikit satu pengerjaan per thread"),
        ([ExamAttempt(1, 'x"; os.exit() --')], 1, "tidak dapat dipakai"),
    ],
)
def test_answer_script_refuses_what_would_break_the_walk(attempts, threads, message):
    with pytest.raises(ValueError, match=message):
        answer_script(attempts, threads=threads)


def test_parse_statuses_and_read_acks():
    output = "WRK_RESULT requests=3 ...\nANSWER_STATUSES statuses=200*2,409*1 duplicates=1\n"

    assert parse_statuses(output) == AnswerStatuses("200*2,409*1", 1)
    assert read_acks("1000000001\n1000000003\n") == [1000000001, 1000000003]
    with pytest.raises(ValueError, match="ANSWER_STATUSES"):
        parse_statuses("WRK_RESULT requests=3\n")


class FakeAnswers(BaseHTTPRequestHandler):
    """Answers like the exam API: 200 {"seq", "saved", "duplicate"}; every 7th request a 409."""

    protocol_version = "HTTP/1.1"
    received: list[tuple[str, str, dict[str, object]]] = []
    lock = threading.Lock()

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        with self.lock:
            self.received.append((self.path, self.headers[exams.TOKEN_HEADER], body))
            refused = len(self.received) % 7 == 0
        payload: dict[str, object]
        if refused:
            status, payload = 409, {"code": "paused", "message": "Dijeda."}
        else:
            status, payload = 200, {"seq": body["seq"], "saved": True, "duplicate": False}
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


def test_the_walk_runs_in_wrk_and_acknowledges_exactly_the_new_answers(tmp_path: Path):
    attempts = [ExamAttempt(500 + n, f"token{n:02d}" + "x" * 36) for n in range(6)]
    FakeAnswers.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeAnswers)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    script = tmp_path / "walk.lua"
    script.write_text(answer_script(attempts, threads=2, positions=110))
    acks = tmp_path / "acks.txt"
    try:
        completed = subprocess.run(
            wrk_command(
                url=f"http://127.0.0.1:{server.server_address[1]}/",
                script_path=str(script),
                duration_s=1,
                connections=4,
                threads=2,
            ),
            env={"BENCH_SEQ_BASE": "1000", "BENCH_ACKS_FILE": str(acks), "PATH": "/usr/bin"},
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        )
    finally:
        server.shutdown()

    result = parse_output(completed.stdout)
    statuses = parse_statuses(completed.stdout)
    acked = read_acks(acks.read_text())
    received = list(FakeAnswers.received)
    tokens = {attempt.id: attempt.token for attempt in attempts}
    answered = {}
    for path, token, body in received:
        attempt_id = int(re.fullmatch(r"/api/v1/exams/attempts/(\d+)/answers", path)[1])  # type: ignore[index]
        assert token == tokens[attempt_id]
        assert body["kind"] == "a"
        assert body["option"] in exams.OPTION_KEYS
        assert 1 <= int(body["position"]) <= 110  # type: ignore[call-overload]
        answered[int(body["seq"])] = attempt_id  # type: ignore[call-overload]
    # Every request was a new event: no seq twice, all above the base.
    assert len(answered) == len(received) > 10
    assert min(answered) > 1000
    # Thread 0 walks attempts 500-502 (seqs base + 1, 3, 5, ...), thread 1 attempts 503-505.
    assert {answered[seq] for seq in answered if seq % 2 == 1} <= {500, 501, 502}
    assert {answered[seq] for seq in answered if seq % 2 == 0} <= {503, 504, 505}
    # The acknowledged seqs are exactly the 200s wrk counted (requests answered 409 are not).
    assert len(acked) == len(set(acked)) == result.requests - result.status
    assert set(acked) <= set(answered)
    assert statuses.statuses == f"200*{len(acked)},409*{result.status}"
    assert statuses.duplicates == 0


# --- counting and the BENCH lines


def test_reconcile_names_lost_unacknowledged_and_repeated_answers():
    check = reconcile([(1, 1), (1, 2), (2, 1), (2, 1)], [(1, 1), (2, 1), (2, 2)])

    assert check == exams.Reconciliation(
        acknowledged=3,
        stored=3,
        lost=frozenset({(1, 2)}),
        unacknowledged=frozenset({(2, 2)}),
        repeated=1,
    )


def test_answer_line_has_the_agreed_keys():
    check = reconcile(range(8900), range(8964))

    line = answer_line(
        db="sqlite",
        result=wrk_result(),
        check=check,
        statuses=AnswerStatuses("200*8900", 0),
        ratio="0.712",
        connections=64,
        workers=3,
        attempts=1000,
        warmup=10240,
    )

    assert line == (
        "BENCH exam-answer-save db=sqlite answers_s=890.0 p50_ms=61.25 p99_ms=150.50 errors=0 "
        "non2xx=0 ratio=0.712 conns=64 duration_s=10.0 requests=9000 answers=8900 stored=8964 "
        "lost=0 unacked_stored=64 timeouts=0 statuses=200*8900 attempts=1000 items=110 "
        "warmup_answers=10240 workers=3"
    )


def test_answer_line_counts_refusals_duplicates_and_lost_answers_as_errors():
    line = answer_line(
        db="postgresql",
        result=wrk_result(status=5, timeout=1),
        check=reconcile([1, 2, 3], [1, 2]),
        statuses=AnswerStatuses("200*4,409*5", 1),
        ratio="na",
        connections=64,
        workers=3,
        attempts=1000,
        warmup=0,
    )

    assert " errors=8 non2xx=5 ratio=na " in line
    assert " lost=1 " in line


def test_scoring_line_says_how_memory_was_measured():
    measured = {
        "attempts": 10000,
        "answers": 110,
        "seconds": 12.3456,
        "changed": 10000,
        "rerun_s": 9.87,
        "rerun_changed": 0,
        "peak_mb": 412.25,
        "rss_mb": 640.0,
        "py_peak_mb": 380.04,
    }

    assert scoring_line(db="sqlite", measured=measured) == (
        "BENCH scoring db=sqlite attempts=10000 answers=110 seconds=12.35 peak_mb=412.2 "
        "mem=rss_hwm_delta changed=10000 rerun_s=9.87 rerun_changed=0 attempts_s=810 rss_mb=640.0 "
        "py_peak_mb=380.0 path=decisions.rescore_blueprint"
    )
    assert parse_scoring(f"noise\nSCORING_RESULT {json.dumps(measured)}\n") == measured


def test_the_exam_scenarios_and_their_drivers():
    by_name = {scenario.name: scenario for scenario in SCENARIOS}

    assert (by_name["exam-answer-save"].driver, by_name["exam-answer-save"].ratio_to) == (
        ANSWERS,
        "limit-upsert",
    )
    assert by_name["scoring"].driver == SCORE


# --- the data, against the real engine


@pytest.mark.django_db
def test_build_makes_attempts_the_engine_accepts_and_scores():
    from simerit.accounts.tests.factories import UserFactory
    from simerit.core.roles import Role
    from simerit.exams.models import AnswerEvent, Attempt, AttemptItem, Blueprint, Participant
    from simerit.exams.services.answers import save_answer
    from simerit.exams.services.decisions import rescore_blueprint
    from simerit.exams.services.integrity import verify_attempt_chain
    from simerit.exams.services.scoring import score_attempt
    from simerit.recruitment.models import Formasi

    actor = UserFactory.create(roles=[Role.ADMIN_BKPSDM])
    board = recruitment.build(
        formasi=3,
        applications=exams.applications_for(3),
        today=TODAY,
        units=_bench_units(),
        actor=actor,
    )
    period = Formasi.objects.get(pk=board.targets[0].formasi_id).period

    setup = exams.build(period=period, actor=actor, answer_attempts=2, scoring_attempts=3)
    assert setup.answer_blueprint_id is not None
    assert setup.scoring_blueprint_id is not None

    active = Attempt.objects.filter(blueprint_id=setup.answer_blueprint_id)
    assert [a.status for a in active] == ["active", "active"]
    assert {a.browser_token for a in active} == {a.token for a in setup.attempts}
    assert Blueprint.objects.get(pk=setup.answer_blueprint_id).locked_at is not None
    assert Participant.objects.filter(blueprint_id=setup.answer_blueprint_id).count() == 2
    items = AttemptItem.objects.filter(attempt__blueprint_id=setup.answer_blueprint_id)
    assert items.count() == 2 * exams.ITEMS
    first = setup.attempts[0]
    # The hot path takes these attempts as start_attempt would have made them.
    saved = save_answer(
        attempt_id=first.id, token=first.token, seq=1, position=exams.ITEMS, kind="a", option="C"
    )
    assert (saved.seq, saved.duplicate) == (1, False)
    finished = list(Attempt.objects.filter(blueprint_id=setup.scoring_blueprint_id))
    assert [(a.status, a.event_count, a.scores) for a in finished] == [("finished", 110, {})] * 3
    assert all(verify_attempt_chain(attempt) for attempt in finished)
    assert AnswerEvent.objects.filter(attempt__in=finished).count() == 3 * exams.ITEMS
    blueprint = Blueprint.objects.get(pk=setup.scoring_blueprint_id)
    report = rescore_blueprint(blueprint=blueprint, actor=actor)
    assert (report.attempts, report.changed) == (3, 3)
    for attempt in Attempt.objects.filter(blueprint=blueprint):
        sheet, verdict = score_attempt(attempt)
        assert (attempt.scores, attempt.total, attempt.passed) == (
            sheet.scores,
            sheet.total,
            verdict.passed,
        )
        assert set(attempt.scores) == {"TWK", "TIU", "TKP"}


def test_laid_out_item_keys_are_json_for_the_bulk_insert():
    item = LaidOut(1, 11, 1, ("C", "A", "E", "B", "D"))

    assert exams._keys(item) == '["C", "A", "E", "B", "D"]'


def test_peak_memory_is_measured_from_the_reset_resident_set():
    baseline = exams._reset_peak_rss()
    block = bytearray(64 * 2**20)  # touched: resident
    block[::4096] = b"x" * len(block[::4096])

    grown = exams._memory_mb("VmHWM") - baseline

    assert 60 <= grown < 200
    del block


@pytest.mark.parametrize("participants", [1, 9, 50, 89, 90, 91, 1000, 10_000])
def test_applications_for_is_the_fewest_with_that_many_submitted(participants):
    def submitted(count: int) -> int:
        return sum(1 for index in range(count) if index % 100 >= recruitment.DRAFT_SHARE_PERCENT)

    count = exams.applications_for(participants)

    assert submitted(count) == participants
    assert submitted(count - 1) == participants - 1


def test_warm_up_loads_until_enough_answers_were_given():
    from bench.run import WARMUP_S, warm_up

    chunks = []

    def load(chunk: int) -> subprocess.CompletedProcess[str]:
        chunks.append(chunk)
        stdout = (
            "WRK_RESULT requests=4000 duration_us=2000000 bytes=1 p50_us=1.0 p99_us=2.0 "
            "mean_us=1.0 max_us=3.0 connect=0 read=0 write=0 status=0 timeout=0\n"
        )
        return subprocess.CompletedProcess([], 0, stdout=stdout, stderr="")

    assert warm_up(load, wanted=10_000) == 12_000
    assert chunks == [0, 1, 2]
    # The most chunks in 60 seconds never reach the preflight's seq.
    assert (
        exams.WARMUP_SEQ_BASE + (60 // WARMUP_S + 1) * exams.WARMUP_SEQ_STEP < exams.PREFLIGHT_SEQ
    )
