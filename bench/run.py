"""`make bench`: load scenarios against gunicorn; prints one BENCH line per scenario.

    python -m bench.run

Environment: DATABASE_URL (default: SQLite file bench/out/bench.sqlite3; its database name must
contain "bench", since it is recreated), BENCH_DURATION seconds per scenario (10, after a
2-second unmeasured warm-up), BENCH_CONNECTIONS (64), BENCH_THREADS (2), BENCH_WORKERS gunicorn
sync workers (3), BENCH_EMPLOYEES (10000), BENCH_FORMASI (5000) and BENCH_APPLICATIONS (200000)
for the recruitment scenarios, BENCH_FLOW_CLIENTS apply-flow's concurrent applicants (2 per
worker), BENCH_FLOWS_MAX the most flows apply-flow starts (5000), BENCH_EXAM_ATTEMPTS the active
attempts exam-answer-save walks through (1000), BENCH_SCORING_ATTEMPTS the finished attempts
scoring rescores (10000), BENCH_RANKING_APPLICATIONS (1000000) and BENCH_RANKING_FORMASI (20000)
for ranking, BENCH_CALIBRATION_EMPLOYEES (15000) and BENCH_CALIBRATION_RATERS (8) for
calibration, BENCH_SCENARIOS comma-separated names (all).
Progress goes to stderr, BENCH lines to stdout. Exit code 1 when a scenario could not run, 2 when
the setup failed.
"""

import contextlib
import itertools
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

import psycopg

from bench import calibration, exams, flow, ranking
from bench.database import Database, Prepared, describe, prepare, recreate
from bench.recruitment import Board, flow_applicant
from bench.scenarios import ANSWERS, CALIBRATE, FLOW, RANK, SCORE, Scenario, select
from bench.server import ROOT, gunicorn
from bench.wrk import INSTALL_HINT, bench_line, failed_line, parse_output, wrk_command

OUT = ROOT / "bench" / "out"
# Uploaded documents of apply-flow (private storage), emptied at the start of every run.
MEDIA = OUT / "private-media"
DEFAULT_DATABASE_URL = f"sqlite:///{OUT / 'bench.sqlite3'}"
WARMUP_S = 2


def main() -> int:
    try:
        duration = _env_int("BENCH_DURATION", 10)
        connections = _env_int("BENCH_CONNECTIONS", 64)
        threads = _env_int("BENCH_THREADS", 2)
        workers = _env_int("BENCH_WORKERS", 3)
        employees = _env_int("BENCH_EMPLOYEES", 10_000)
        formasi = _env_int("BENCH_FORMASI", 5_000)
        applications = _env_int("BENCH_APPLICATIONS", 200_000)
        flow_clients = _env_int("BENCH_FLOW_CLIENTS", 2 * workers)
        flows_max = _env_int("BENCH_FLOWS_MAX", 5_000)
        exam_attempts = _env_int("BENCH_EXAM_ATTEMPTS", 1_000)
        scoring_attempts = _env_int("BENCH_SCORING_ATTEMPTS", 10_000)
        ranking_applications = _env_int("BENCH_RANKING_APPLICATIONS", 1_000_000)
        ranking_formasi = _env_int("BENCH_RANKING_FORMASI", 20_000)
        calibration_employees = _env_int("BENCH_CALIBRATION_EMPLOYEES", 15_000)
        calibration_raters = _env_int("BENCH_CALIBRATION_RATERS", 8)
        scenarios = select(os.environ.get("BENCH_SCENARIOS", ""))
        database = describe(os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL)
    except ValueError as error:
        _say(str(error))
        return 2
    # ranking and calibration need no server: they run after the others, with gunicorn stopped.
    served = tuple(scenario for scenario in scenarios if scenario.driver not in (RANK, CALIBRATE))
    if served and shutil.which("wrk") is None:
        _say(INSTALL_HINT)
        return 2
    (OUT / "static").mkdir(parents=True, exist_ok=True)
    shutil.rmtree(MEDIA, ignore_errors=True)
    MEDIA.mkdir(parents=True)
    env = server_env(database)
    _say(f"Basis data {database.engine} dibuat ulang ...")
    try:
        recreate(database)
    except psycopg.Error as error:
        _say(f"Basis data bench tidak dapat dibuat ulang: {error}")
        return 2
    # The setup below runs in this process with exactly the settings gunicorn will use.
    os.environ.update(env)
    import django

    django.setup()
    from django.utils import timezone

    needed = employees if any(scenario.needs_employees for scenario in scenarios) else 0
    drivers = {scenario.driver for scenario in scenarios}
    exam_attempts = exam_attempts if ANSWERS in drivers else 0
    scoring_attempts = scoring_attempts if SCORE in drivers else 0
    # The exam participants are submitted applications of the bench period (one per attempt).
    participants = max(exam_attempts, scoring_attempts)
    if any(scenario.needs_recruitment for scenario in scenarios):
        applications = max(applications, exams.applications_for(participants))
    elif participants:
        formasi, applications = exams.EXAM_FORMASI, exams.applications_for(participants)
    else:
        formasi = applications = 0
    _say(f"Migrasi, {needed} pegawai, {formasi} formasi dan {applications} lamaran ...")
    started = time.monotonic()
    prepared = prepare(
        employees=needed, today=timezone.localdate(), formasi=formasi, applications=applications
    )
    if any(scenario.needs_recruitment for scenario in scenarios):
        # The board and the login page are HTML: their CSS and JS come from the manifest.
        from django.core.management import call_command

        call_command("collectstatic", interactive=False, verbosity=0)
    _say(f"Persiapan data selesai dalam {time.monotonic() - started:.1f} detik.")
    if prepared.board is not None:
        _say(
            f"Data rekrutmen ({formasi} formasi, {applications} lamaran) dibuat dalam "
            f"{prepared.board.setup_s:.1f} detik."
        )
    exam_setup = None
    if participants:
        _say(
            f"Ujian: {exam_attempts} pengerjaan aktif dan {scoring_attempts} pengerjaan selesai "
            f"({exam_attempts * exams.ITEMS + scoring_attempts * exams.ITEMS * 2} soal dan "
            "jawaban) ..."
        )
        exam_setup = build_exams(
            prepared, answer_attempts=exam_attempts, scoring_attempts=scoring_attempts
        )
        _say(f"Data ujian dibuat dalam {exam_setup.setup_s:.1f} detik.")
    from django.db import connections as django_connections

    django_connections.close_all()
    failures = 0
    log_path = OUT / f"gunicorn-{database.engine}.log"
    if served:
        _say(
            f"gunicorn: {workers} worker sync; wrk: {connections} koneksi, {duration} detik per "
            "skenario"
        )
    rates: dict[str, float] = {}
    try:
        with contextlib.ExitStack() as stack:
            if served:
                base_url = stack.enter_context(
                    gunicorn(env=env, workers=workers, log_path=log_path)
                )
            for scenario in served:
                if scenario.driver == ANSWERS:
                    line, ok, rate = run_answer_save(
                        base_url=base_url,
                        database=database,
                        setup=exam_setup,
                        duration=duration,
                        connections=connections,
                        threads=threads,
                        workers=workers,
                        reference=rates.get(scenario.ratio_to),
                    )
                    rates[scenario.name] = rate
                elif scenario.driver == SCORE:
                    line, ok = run_scoring(env=env, database=database, setup=exam_setup)
                elif scenario.driver == FLOW:
                    line, ok = run_apply_flow(
                        base_url=base_url,
                        database=database,
                        prepared=prepared,
                        duration=duration,
                        clients=flow_clients,
                        flows_max=flows_max,
                        workers=workers,
                    )
                else:
                    line, ok, rate = run_scenario(
                        scenario,
                        base_url=base_url,
                        database=database,
                        token=prepared.token,
                        employees=needed,
                        board=prepared.board,
                        duration=duration,
                        connections=connections,
                        threads=threads,
                        workers=workers,
                        reference=rates.get(scenario.ratio_to),
                    )
                    rates[scenario.name] = rate
                print(line, flush=True)
                failures += 0 if ok else 1
    except RuntimeError as error:
        _say(str(error))
        return 2
    for scenario in scenarios:
        if scenario.driver == RANK:
            line, ok = run_ranking(
                env=env,
                database=database,
                applications=ranking_applications,
                formasi=ranking_formasi,
            )
            print(line, flush=True)
            failures += 0 if ok else 1
        elif scenario.driver == CALIBRATE:
            line, ok = run_calibration(
                env=env,
                database=database,
                employees=calibration_employees,
                raters=calibration_raters,
            )
            print(line, flush=True)
            failures += 0 if ok else 1
    return 1 if failures else 0


def server_env(database: Database) -> dict[str, str]:
    """Production-like settings (DEBUG off, no demo app) plus the bench endpoints, on 127.0.0.1."""
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": database.url,
            "DJANGO_DEBUG": "false",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_STATIC_ROOT": str(OUT / "static"),
            "DJANGO_LOG_LEVEL": "WARNING",
            "SIMERIT_DEMO": "false",
            "SIMERIT_BENCH_ENDPOINTS": "true",
            # apply-flow registers many applicants from one address: the limit is off.
            "SIMERIT_REGISTRATIONS_PER_HOUR": "0",
            # No mail server here: confirmation and notification e-mails go nowhere.
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "SIMERIT_PRIVATE_MEDIA_ROOT": str(MEDIA),
        }
    )
    return env


def run_scenario(
    scenario: Scenario,
    *,
    base_url: str,
    database: Database,
    token: str,
    employees: int,
    board: Board | None,
    duration: int,
    connections: int,
    threads: int,
    workers: int,
    reference: float | None = None,
) -> tuple[str, bool, float]:
    """Check one request by hand, then load the endpoint with wrk.

    Returns the BENCH line, whether it ran, and its req/s. With `scenario.ratio_to`, the line
    also has ratio_to_<that scenario> = this req/s ÷ `reference` (that scenario's req/s in this
    run; "na" when it did not run).
    """
    headers = {"Authorization": f"Bearer {token}"} if scenario.needs_token else {}
    status = preflight(f"{base_url}{scenario.path}", method=scenario.method, headers=headers)
    if status != 200:
        _say(f"{scenario.name}: {scenario.method} {scenario.path} menjawab {status}, bukan 200.")
        reason = f"preflight_http_{status}"
        return (
            failed_line(
                scenario=scenario.name, db=database.engine, connections=connections, reason=reason
            ),
            False,
            0.0,
        )
    wrk_env = dict(os.environ)
    if scenario.needs_token:
        wrk_env["BENCH_TOKEN"] = token
    with tempfile.TemporaryDirectory(prefix="simerit-bench-") as tmp:
        script = Path(tmp) / f"{scenario.name}.lua"
        script.write_text(scenario.script(employees=employees, board=board), encoding="utf-8")

        def load(seconds: int) -> subprocess.CompletedProcess[str]:
            command = wrk_command(
                url=f"{base_url}{scenario.path}",
                script_path=str(script),
                duration_s=seconds,
                connections=connections,
                threads=threads,
            )
            return subprocess.run(
                command,
                env=wrk_env,
                capture_output=True,
                text=True,
                timeout=seconds + 60,
                check=False,
            )

        # Unmeasured warm-up: every worker imports its code and opens its database connection.
        load(WARMUP_S)
        # Let the workers finish the requests wrk abandoned when the warm-up stopped.
        time.sleep(1)
        completed = load(duration)
    try:
        result = parse_output(completed.stdout)
    except ValueError as error:
        _say(f"{scenario.name}: {error}\n{completed.stderr}")
        return (
            failed_line(
                scenario=scenario.name,
                db=database.engine,
                connections=connections,
                reason="wrk_output",
            ),
            False,
            0.0,
        )
    if result.requests == 0:
        _say(f"{scenario.name}: tidak ada jawaban yang selesai dalam {duration} detik.")
        return (
            failed_line(
                scenario=scenario.name,
                db=database.engine,
                connections=connections,
                reason="no_responses",
            ),
            False,
            0.0,
        )
    extra: dict[str, object] = {"workers": workers}
    if scenario.ratio_to:
        key = "ratio_to_" + scenario.ratio_to.replace("-", "_")
        extra[key] = ratio_text(result.requests_per_second, reference)
    line = bench_line(
        scenario=scenario.name,
        db=database.engine,
        result=result,
        connections=connections,
        **extra,
    )
    return line, True, result.requests_per_second


def ratio_text(rate: float, reference: float | None) -> str:
    """`rate` ÷ `reference` with three decimals; "na" without a reference rate."""
    if not reference:
        return "na"
    return f"{rate / reference:.3f}"


def run_apply_flow(
    *,
    base_url: str,
    database: Database,
    prepared: Prepared,
    duration: int,
    clients: int,
    flows_max: int,
    workers: int,
) -> tuple[str, bool]:
    """Run whole applicant flows (bench/flow.py) for a warm-up, then for `duration` seconds."""
    from django.utils import timezone

    from simerit.recruitment.models import Applicant
    from simerit.recruitment.services.applicants import CONSENT_VERSION, make_email_token

    board = prepared.board
    if board is None or not board.targets:
        raise RuntimeError("apply-flow memerlukan formasi bench (BENCH_FORMASI).")
    address = urllib.parse.urlsplit(base_url)
    today = timezone.localdate()
    run = secrets.token_hex(3)
    numbers = itertools.count()
    jpeg, pdf = flow.sample_jpeg(), flow.sample_pdf()

    def mint_token(applicant_id: int, email: str) -> str:
        # Signed like the e-mail's link, from what the registration answered; no query.
        return make_email_token(Applicant(pk=applicant_id, email=email))

    def load(seconds: float) -> flow.LoadResult:
        return flow.run_load(
            host=address.hostname or "127.0.0.1",
            port=address.port or 80,
            clients=clients,
            seconds=seconds,
            max_flows=flows_max,
            applicants=lambda number: flow_applicant(
                number, targets=board.targets, today=today, run=run
            ),
            numbers=numbers,
            mint_token=mint_token,
            consent_version=CONSENT_VERSION,
            jpeg=jpeg,
            pdf=pdf,
        )

    warmup = load(WARMUP_S)
    if warmup.tally.errors:
        _say(f"apply-flow pemanasan: {dict(warmup.tally.failures)} {warmup.tally.examples}")
    time.sleep(1)
    result = load(duration)
    if result.tally.errors:
        _say(f"apply-flow: {dict(result.tally.failures)} {result.tally.examples}")
    line = flow.flow_line(db=database.engine, load=result, workers=workers)
    return line, result.tally.completed > 0


def build_exams(
    prepared: Prepared, *, answer_attempts: int, scoring_attempts: int
) -> "exams.ExamSetup":
    """The exam scenarios' data, on the bench period that `prepare` made."""
    from simerit.accounts.models import User
    from simerit.recruitment.models import Formasi

    if prepared.board is None or not prepared.board.targets:
        raise RuntimeError("Skenario ujian memerlukan periode seleksi bench.")
    period = Formasi.objects.get(pk=prepared.board.targets[0].formasi_id).period
    return exams.build(
        period=period,
        actor=User.objects.get(username="bench.admin"),
        answer_attempts=answer_attempts,
        scoring_attempts=scoring_attempts,
    )


def run_answer_save(
    *,
    base_url: str,
    database: Database,
    setup: "exams.ExamSetup | None",
    duration: int,
    connections: int,
    threads: int,
    workers: int,
    reference: float | None,
) -> tuple[str, bool, float]:
    """exam-answer-save: one answer by hand, a warm-up, then `duration` seconds of wrk; then the
    acknowledged answers of the measured run are looked up in the table.

    Returns the BENCH line, whether it ran, and the acknowledged answers per second.
    """
    from django.db import connections as django_connections

    from simerit.exams.models import AnswerEvent

    def failed(reason: str) -> tuple[str, bool, float]:
        line = failed_line(
            scenario=exams.SAVE, db=database.engine, connections=connections, reason=reason
        )
        return line, False, 0.0

    if setup is None or setup.answer_blueprint_id is None:
        return failed("no_attempts")
    threads = max(1, min(threads, connections))  # what wrk_command passes to wrk
    first = setup.attempts[0]
    status = preflight(
        f"{base_url}{exams.ANSWER_PATH.format(attempt_id=first.id)}",
        method="POST",
        headers={exams.TOKEN_HEADER: first.token, "Content-Type": "application/json"},
        body=exams.answer_body(seq=exams.PREFLIGHT_SEQ, position=1, option="A").encode(),
    )
    if status != 200:
        _say(f"{exams.SAVE}: jawaban pertama dijawab {status}, bukan 200.")
        return failed(f"preflight_http_{status}")
    with tempfile.TemporaryDirectory(prefix="simerit-bench-") as tmp:
        script = Path(tmp) / f"{exams.SAVE}.lua"
        script.write_text(exams.answer_script(setup.attempts, threads=threads), encoding="utf-8")
        acks = Path(tmp) / "acks.txt"

        def load(seconds: int, seq_base: int) -> subprocess.CompletedProcess[str]:
            acks.unlink(missing_ok=True)
            command = wrk_command(
                url=f"{base_url}/api/v1/exams/attempts/",
                script_path=str(script),
                duration_s=seconds,
                connections=connections,
                threads=threads,
            )
            env = dict(os.environ, BENCH_SEQ_BASE=str(seq_base), BENCH_ACKS_FILE=str(acks))
            return subprocess.run(
                command, env=env, capture_output=True, text=True, timeout=seconds + 60, check=False
            )

        warmed = warm_up(
            lambda chunk: load(WARMUP_S, exams.WARMUP_SEQ_BASE + chunk * exams.WARMUP_SEQ_STEP),
            wanted=exams.WARMUP_ANSWERS_PER_ATTEMPT * len(setup.attempts),
        )
        time.sleep(1)
        completed = load(duration, exams.MEASURED_SEQ_BASE)
        # The requests wrk abandoned when it stopped are finished by the workers meanwhile.
        time.sleep(1)
        try:
            result = parse_output(completed.stdout)
            statuses = exams.parse_statuses(completed.stdout)
            acknowledged = exams.read_acks(acks.read_text(encoding="utf-8"))
        except (ValueError, OSError) as error:
            _say(f"{exams.SAVE}: {error}\n{completed.stderr}")
            return failed("wrk_output")
    stored = AnswerEvent.objects.filter(
        attempt__blueprint_id=setup.answer_blueprint_id,
        client_seq__gte=exams.MEASURED_SEQ_BASE,
    ).values_list("client_seq", flat=True)
    check = exams.reconcile(acknowledged, stored.iterator())
    django_connections.close_all()
    if result.requests == 0:
        return failed("no_responses")
    rate = check.acknowledged / (result.duration_us / 1_000_000) if result.duration_us else 0.0
    line = exams.answer_line(
        db=database.engine,
        result=result,
        check=check,
        statuses=statuses,
        ratio=ratio_text(rate, reference),
        connections=connections,
        workers=workers,
        attempts=len(setup.attempts),
        warmup=warmed,
    )
    return line, True, rate


def warm_up(
    load: Callable[[int], subprocess.CompletedProcess[str]], *, wanted: int, most_s: int = 60
) -> int:
    """Run `load(chunk)` (a short wrk run) until `wanted` requests were answered or `most_s`
    seconds have passed; returns the requests answered.

    exam-answer-save's workers each keep the attempts' layouts in memory once loaded (one query per
    attempt and worker, then none): in an exam they serve ~110 answers per attempt from it. A
    warm-up of WARMUP_ANSWERS_PER_ATTEMPT answers per attempt leaves few attempts a worker has not
    seen (2/3 ** 10 with 3 workers), so that the measured run is the steady state, not the start.
    """
    answered, chunk, started = 0, 0, time.monotonic()
    while answered < wanted and time.monotonic() - started < most_s:
        try:
            answered += parse_output(load(chunk).stdout).requests
        except ValueError:
            break
        chunk += 1
    return answered


def run_scoring(
    *, env: dict[str, str], database: Database, setup: "exams.ExamSetup | None"
) -> tuple[str, bool]:
    """scoring: `python -m bench.exams score` in a process of its own (its peak memory)."""
    if setup is None or setup.scoring_blueprint_id is None:
        reason = "no_attempts"
    else:
        command = [
            sys.executable,
            "-m",
            "bench.exams",
            "score",
            str(setup.scoring_blueprint_id),
            str(setup.actor_id),
        ]
        completed = subprocess.run(
            command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=3600, check=False
        )
        try:
            measured = exams.parse_scoring(completed.stdout)
        except ValueError as error:
            _say(f"{exams.SCORING}: {error}\n{completed.stderr[-3000:]}")
            reason = "scoring_failed"
        else:
            return exams.scoring_line(db=database.engine, measured=measured), True
    return failed_line(
        scenario=exams.SCORING, db=database.engine, connections=0, reason=reason
    ), False


def run_ranking(
    *, env: dict[str, str], database: Database, applications: int, formasi: int
) -> tuple[str, bool]:
    """ranking: its period and data made here (bench/ranking.py build, not measured), then
    `python -m bench.ranking measure` in a process of its own (its peak memory)."""
    from django.db import DatabaseError
    from django.db import connections as django_connections
    from django.utils import timezone

    from simerit.accounts.models import User

    def failed(reason: str) -> tuple[str, bool]:
        line = failed_line(
            scenario=ranking.RANKING, db=database.engine, connections=0, reason=reason
        )
        return line, False

    _say(f"ranking: {applications} lamaran di {formasi} formasi ...")
    try:
        setup = ranking.build(
            applications=applications,
            formasi=formasi,
            actor=User.objects.get(username="bench.admin"),
            today=timezone.localdate(),
            say=_say,
        )
    except (ValueError, DatabaseError) as error:
        _say(f"ranking: data tidak dapat dibuat: {error}")
        return failed("setup_failed")
    _say(
        f"Data pemeringkatan ({setup.skd_passed} hasil SKD lulus ambang batas) dibuat dalam "
        f"{setup.setup_s:.1f} detik."
    )
    django_connections.close_all()
    command = [
        sys.executable,
        "-m",
        "bench.ranking",
        "measure",
        str(setup.period_id),
        str(setup.actor_id),
    ]
    completed = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=3600, check=False
    )
    try:
        measured = ranking.parse_measured(completed.stdout)
    except ValueError as error:
        _say(f"{ranking.RANKING}: {error}\n{completed.stderr[-3000:]}")
        return failed("ranking_failed")
    line = ranking.ranking_line(
        db=database.engine,
        applications=applications,
        formasi=formasi,
        measured=measured,
        setup_s=setup.setup_s,
    )
    return line, True


def run_calibration(
    *, env: dict[str, str], database: Database, employees: int, raters: int
) -> tuple[str, bool]:
    """calibration: its year and data made here (bench/calibration.py build, not measured), then
    `python -m bench.calibration measure` in a process of its own (its peak memory)."""
    from django.db import DatabaseError
    from django.db import connections as django_connections
    from django.utils import timezone

    def failed(reason: str) -> tuple[str, bool]:
        line = failed_line(
            scenario=calibration.CALIBRATION, db=database.engine, connections=0, reason=reason
        )
        return line, False

    _say(f"calibration: {employees} pegawai, {raters} penilai per SKP ...")
    try:
        setup = calibration.build(
            employees=employees, raters=raters, today=timezone.localdate(), say=_say
        )
    except (ValueError, DatabaseError) as error:
        _say(f"calibration: data tidak dapat dibuat: {error}")
        return failed("setup_failed")
    _say(f"Data kalibrasi ({setup.ratings} nilai) dibuat dalam {setup.setup_s:.1f} detik.")
    django_connections.close_all()
    command = [sys.executable, "-m", "bench.calibration", "measure", str(setup.year_id)]
    completed = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=3600, check=False
    )
    try:
        measured = calibration.parse_measured(completed.stdout)
    except ValueError as error:
        _say(f"{calibration.CALIBRATION}: {error}\n{completed.stderr[-3000:]}")
        return failed("calibration_failed")
    line = calibration.calibration_line(
        db=database.engine,
        employees=employees,
        raters=raters,
        indicators=setup.indicators,
        measured=measured,
        setup_s=setup.setup_s,
    )
    return line, True


def preflight(url: str, *, method: str, headers: dict[str, str], body: bytes = b"") -> int:
    """The HTTP status of one request (0 when the server did not answer)."""
    data = body if method == "POST" else None
    request = urllib.request.Request(url, data=data, method=method, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (127.0.0.1)
            status: int = response.status
            return status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0


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
