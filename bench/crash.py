"""`make crash` (`python -m bench.crash`): no acknowledged answer is lost when the server dies.

Against gunicorn on PostgreSQL (DATABASE_URL, a database whose name contains "bench"; it is
dropped and recreated as `make bench` does): CRASH_CLIENTS simulated participants (threads, 50),
each with an active exam attempt of 110 questions, send answers with rising `seq` to the real
endpoint (POST /api/v1/exams/attempts/{id}/answers, X-Exam-Token). A participant resends the SAME
event (same seq, position and option) after a connection error, a timeout, a 5xx or a 409
`retry`, as the exam page does, until the server acknowledges it; then it sends the next one.

Meanwhile, over CRASH_SECONDS (30), every gunicorn worker is killed with SIGKILL several times
(the master starts new ones), and once the master and its workers are all killed with SIGKILL
and gunicorn is started again on the same port. Every process is signalled by its own id; they
are all this script's gunicorn (the master it started and the master's children).

When the time is up each participant finishes the event it is sending (until it is acknowledged,
at most CRASH_DRAIN_SECONDS), the server is stopped and the table is read:

    CRASH acknowledged=N stored=N lost=0 stored_unacknowledged=0 mismatched=0 ...

`lost`: acknowledged (attempt, seq) missing from exams_answerevent. `stored_unacknowledged`: stored
events no participant saw acknowledged (0 unless a participant gave up). `mismatched`: stored
events whose position or option differ from what was sent. Finally every attempt is finished
(services.finishing), and its sealed chain must hold every stored event (`sealed_ok`).

Exit code 0 when nothing was lost, nothing differs, every chain is sound and no participant got
an unexpected answer (4xx); 1 otherwise; 2 when the setup failed.
"""

import http.client
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from bench import exams
from bench.database import POSTGRESQL, describe, prepare, recreate
from bench.server import ROOT, free_port, gunicorn_command
from bench.wrk import format_line

OUT = ROOT / "bench" / "out"
SOCKET_TIMEOUT_S = 10
STARTUP_TIMEOUT_S = 60
FIRST_BACKOFF_S = 0.05
MAX_BACKOFF_S = 1.0
# The share of the run after which each kill happens; "all" is the master and its workers.
KILL_PLAN = (
    (0.12, "workers"),
    (0.25, "workers"),
    (0.40, "all"),
    (0.58, "workers"),
    (0.72, "workers"),
    (0.86, "workers"),
)
# Between two kills the server answers for at least this long (booting workers are not killed).
MIN_SERVING_S = 2.0
# 409 "retry": the attempt's state changed under the write; the page sends it again.
RETRY_CODES = frozenset({"retry"})


# --- The participants


@dataclass(frozen=True)
class Sent:
    seq: int
    position: int
    option: str


@dataclass
class Tally:
    """What one participant saw."""

    acked: list[Sent] = field(default_factory=list)
    duplicates: int = 0  # acknowledged as already stored (a resend after a lost answer)
    retries: int = 0
    gave_up: list[Sent] = field(default_factory=list)
    failures: Counter[str] = field(default_factory=Counter)  # why requests were resent
    unexpected: Counter[str] = field(default_factory=Counter)  # answers that are a bug here
    requests: int = 0


def classify(status: int, body: bytes) -> str:
    """ "ack", "retry" (resend the same event) or "unexpected" for one HTTP answer."""
    if status == 200:
        return "ack"
    if status >= 500:
        return "retry"
    if status == 409:
        try:
            code = json.loads(body).get("code", "")
        except (ValueError, AttributeError):
            code = ""
        if code in RETRY_CODES:
            return "retry"
    return "unexpected"


class Participant:
    """One simulated participant: one attempt, rising seqs, each resent until acknowledged."""

    def __init__(self, attempt: exams.ExamAttempt, *, port: int, seed: int) -> None:
        self.attempt = attempt
        self.port = port
        self.rng = random.Random(seed)
        self.tally = Tally()
        self.path = exams.ANSWER_PATH.format(attempt_id=attempt.id)

    def run(self, stop: threading.Event, drain_until: Callable[[], float]) -> None:
        seq = 0
        while not stop.is_set():
            seq += 1
            sent = Sent(seq, self.rng.randint(1, exams.ITEMS), self.rng.choice(exams.OPTION_KEYS))
            if not self.send_until_acked(sent, stop, drain_until):
                return
            # A participant reads the next question; short, so that the server stays busy.
            time.sleep(self.rng.uniform(0.0, 0.02))

    def send_until_acked(
        self, sent: Sent, stop: threading.Event, drain_until: Callable[[], float]
    ) -> bool:
        body = exams.answer_body(seq=sent.seq, position=sent.position, option=sent.option)
        backoff = FIRST_BACKOFF_S
        while True:
            verdict, detail = self.post(body.encode())
            if verdict == "ack":
                self.tally.acked.append(sent)
                self.tally.duplicates += detail == "duplicate"
                return True
            if verdict == "unexpected":
                self.tally.unexpected[detail] += 1
                self.tally.gave_up.append(sent)
                return False
            self.tally.failures[detail] += 1
            if stop.is_set() and time.monotonic() > drain_until():
                self.tally.gave_up.append(sent)
                return False
            self.tally.retries += 1
            time.sleep(backoff * self.rng.uniform(0.5, 1.0))
            backoff = min(MAX_BACKOFF_S, backoff * 2)

    def post(self, body: bytes) -> tuple[str, str]:
        """(verdict, detail): detail is "duplicate"/"new" for an ack, else the failure."""
        self.tally.requests += 1
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=SOCKET_TIMEOUT_S)
        try:
            connection.request(
                "POST",
                self.path,
                body=body,
                headers={
                    "Host": "127.0.0.1",
                    "Content-Type": "application/json",
                    exams.TOKEN_HEADER: self.attempt.token,
                },
            )
            response = connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as error:
            return "retry", type(error).__name__
        finally:
            connection.close()
        verdict = classify(response.status, data)
        if verdict == "ack":
            return verdict, "duplicate" if json.loads(data).get("duplicate") else "new"
        return verdict, f"http_{response.status}"


# --- The server, killed and restarted


def children(pid: int) -> list[int]:
    """The ids of the processes whose parent is `pid` (from /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        # "pid (comm) state ppid ...": comm may hold spaces and parentheses.
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry))
    return found


class Server:
    """gunicorn on a fixed port, started again after a kill."""

    def __init__(self, *, env: dict[str, str], workers: int, port: int, log_path: Path) -> None:
        self.env, self.workers, self.port, self.log_path = env, workers, port, log_path
        self.process: subprocess.Popen[bytes] | None = None
        self.killed_workers = 0
        self.restarts = 0

    def start(self) -> None:
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                gunicorn_command(port=self.port, workers=self.workers),
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.wait_healthy()

    def wait_healthy(self) -> None:
        url = f"http://127.0.0.1:{self.port}/healthz"
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"gunicorn berhenti saat mulai; lihat {self.log_path}.")
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.1)
        raise RuntimeError(f"{url} tidak menjawab 200 dalam {STARTUP_TIMEOUT_S} detik.")

    def worker_ids(self) -> list[int]:
        return children(self.process.pid) if self.process is not None else []

    def kill_workers(self) -> int:
        """SIGKILL every worker, one id at a time; the master starts new ones."""
        killed = sum(_kill(pid) for pid in self.worker_ids())
        self.killed_workers += killed
        return killed

    def kill_all_and_restart(self) -> None:
        """SIGKILL the master, then each of its workers; start gunicorn again on the port."""
        if self.process is None:
            raise RuntimeError("gunicorn belum berjalan.")
        workers = self.worker_ids()
        _kill(self.process.pid)
        self.killed_workers += sum(_kill(pid) for pid in workers)
        self.process.wait()
        # The listening socket closes with its last holder (the workers, once they are gone).
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.02)
        self.restarts += 1
        self.start()

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            for pid in [*self.worker_ids(), self.process.pid]:
                _kill(pid)
            self.process.wait()


def _kill(pid: int) -> bool:
    """SIGKILL one process by its id; False when it was already gone."""
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return False
    return True


def _alive(pid: int) -> bool:
    """True while the process exists and is not a zombie (a zombie holds no socket)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def run_kills(server: Server, *, started: float, seconds: int) -> None:
    """Kill as KILL_PLAN says; a kill waits until the server has answered again for
    MIN_SERVING_S since the previous one, and the run lasts as long after the last kill."""
    ready = started
    for share, what in KILL_PLAN:
        time.sleep(max(0.0, started + share * seconds - time.monotonic(), ready - time.monotonic()))
        at = time.monotonic() - started
        if what == "all":
            server.kill_all_and_restart()
            _say(f"{at:5.1f} s: master dan semua worker dibunuh (SIGKILL); gunicorn dimulai lagi.")
        else:
            killed = server.kill_workers()
            _say(f"{at:5.1f} s: {killed} worker dibunuh (SIGKILL); master memulai yang baru.")
        server.wait_healthy()
        ready = time.monotonic() + MIN_SERVING_S
    time.sleep(max(0.0, started + seconds - time.monotonic(), ready - time.monotonic()))


# --- Counting


@dataclass(frozen=True)
class Outcome:
    check: exams.Reconciliation
    mismatched: int


def compare(
    acked: Iterable[tuple[int, Sent]], stored: Iterable[tuple[int, int, int, str, str]]
) -> Outcome:
    """Acknowledged (attempt id, Sent) against stored (attempt id, seq, position, kind, option)."""
    sent = {(attempt_id, item.seq): item for attempt_id, item in acked}
    rows = {
        (attempt_id, seq): (position, kind, option)
        for attempt_id, seq, position, kind, option in stored
    }
    check = exams.reconcile(sent, rows)
    mismatched = sum(
        1
        for key, item in sent.items()
        if key in rows and rows[key] != (item.position, "a", item.option)
    )
    return Outcome(check, mismatched)


def crash_line(
    *,
    outcome: Outcome,
    tallies: Sequence[Tally],
    server: Server,
    clients: int,
    seconds: float,
    sealed_ok: int,
) -> str:
    failures: Counter[str] = Counter()
    unexpected: Counter[str] = Counter()
    for tally in tallies:
        failures.update(tally.failures)
        unexpected.update(tally.unexpected)
    fields: dict[str, object] = {
        "acknowledged": outcome.check.acknowledged,
        "stored": outcome.check.stored,
        "lost": len(outcome.check.lost),
        "stored_unacknowledged": len(outcome.check.unacknowledged),
        "mismatched": outcome.mismatched,
        "duplicates_acked": sum(tally.duplicates for tally in tallies),
        "requests": sum(tally.requests for tally in tallies),
        "retries": sum(tally.retries for tally in tallies),
        "gave_up": sum(len(tally.gave_up) for tally in tallies),
        "resent_because": _counts(failures),
        "unexpected": _counts(unexpected),
        "workers_killed": server.killed_workers,
        "restarts": server.restarts,
        "clients": clients,
        "seconds": f"{seconds:.1f}",
        "sealed_ok": f"{sealed_ok}/{clients}",
        "db": POSTGRESQL,
    }
    return format_line("CRASH", fields).removeprefix("BENCH ")


def _counts(counter: Counter[str]) -> str:
    return ",".join(f"{key}*{count}" for key, count in sorted(counter.items())) or "none"


# --- The run


def main() -> int:
    from bench.run import build_exams, server_env

    try:
        clients = _env_int("CRASH_CLIENTS", 50)
        seconds = _env_int("CRASH_SECONDS", 30)
        drain = _env_int("CRASH_DRAIN_SECONDS", 60)
        workers = _env_int("CRASH_WORKERS", 3)
        url = os.environ.get("DATABASE_URL", "")
        if not url:
            raise ValueError(
                "DATABASE_URL wajib diisi: basis data PostgreSQL bench, mis. "
                "postgres://postgres@127.0.0.1:5432/simerit_bench"
            )
        database = describe(url)
        if database.engine != POSTGRESQL:
            raise ValueError("Uji crash berjalan pada PostgreSQL (DATABASE_URL=postgres://...).")
    except ValueError as error:
        _say(str(error))
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "static").mkdir(exist_ok=True)
    env = server_env(database)
    _say(f"Basis data {database.name} dibuat ulang ...")
    try:
        recreate(database)
    except psycopg.Error as error:
        _say(f"Basis data bench tidak dapat dibuat ulang: {error}")
        return 2
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connections
    from django.utils import timezone

    _say(f"Migrasi dan {clients} peserta dengan pengerjaan aktif ...")
    prepared = prepare(
        employees=0,
        today=timezone.localdate(),
        formasi=10,
        applications=exams.applications_for(clients),
    )
    setup = build_exams(prepared, answer_attempts=clients, scoring_attempts=0)
    connections.close_all()
    log_path = OUT / "gunicorn-crash.log"
    log_path.unlink(missing_ok=True)
    server = Server(env=env, workers=workers, port=free_port(), log_path=log_path)
    try:
        server.start()
    except RuntimeError as error:
        _say(str(error))
        return 2
    participants = [
        Participant(attempt, port=server.port, seed=exams.SEED + index)
        for index, attempt in enumerate(setup.attempts)
    ]
    stop = threading.Event()
    drain_deadline = [float("inf")]
    threads = [
        threading.Thread(target=p.run, args=(stop, lambda: drain_deadline[0]), daemon=True)
        for p in participants
    ]
    _say(
        f"{clients} peserta menjawab selama {seconds} detik; gunicorn dibunuh {len(KILL_PLAN)} kali."
    )
    started = time.monotonic()
    try:
        for thread in threads:
            thread.start()
        run_kills(server, started=started, seconds=seconds)
        drain_deadline[0] = time.monotonic() + drain
        stop.set()
        for thread in threads:
            thread.join(drain + 2 * SOCKET_TIMEOUT_S)
        elapsed = time.monotonic() - started
    finally:
        stop.set()
        server.stop()
    sealed_ok, outcome = _count_and_seal(participants)
    line = crash_line(
        outcome=outcome,
        tallies=[p.tally for p in participants],
        server=server,
        clients=clients,
        seconds=elapsed,
        sealed_ok=sealed_ok,
    )
    print(line, flush=True)
    unexpected = sum(sum(p.tally.unexpected.values()) for p in participants)
    failed = outcome.check.lost or outcome.mismatched or sealed_ok != clients or unexpected
    return 1 if failed else 0


def _count_and_seal(participants: Sequence[Participant]) -> tuple[int, Outcome]:
    """Compare the table with what was acknowledged, then finish every attempt and check that
    its sealed chain holds every stored event."""
    from simerit.exams.models import AnswerEvent, Attempt
    from simerit.exams.services.finishing import finish_attempt
    from simerit.exams.services.integrity import verify_attempt_chain

    ids = [p.attempt.id for p in participants]
    stored = list(
        AnswerEvent.objects.filter(attempt_id__in=ids).values_list(
            "attempt_id", "client_seq", "position", "kind", "option"
        )
    )
    outcome = compare(
        ((p.attempt.id, sent) for p in participants for sent in p.tally.acked), stored
    )
    per_attempt = Counter(row[0] for row in stored)
    sealed_ok = 0
    for attempt in Attempt.objects.filter(pk__in=ids):
        finished = finish_attempt(attempt=attempt, reason=Attempt.FinishReason.SUBMITTED)
        if finished.event_count == per_attempt[attempt.pk] and verify_attempt_chain(finished):
            sealed_ok += 1
    return sealed_ok, outcome


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise ValueError(f"{name} harus bilangan bulat positif; yang diisi {raw!r}.")
    return int(raw)


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
