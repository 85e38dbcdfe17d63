"""`make bench`: load scenarios against gunicorn; prints one BENCH line per scenario.

    python -m bench.run

Environment: DATABASE_URL (default: SQLite file bench/out/bench.sqlite3; its database name must
contain "bench", since it is recreated), BENCH_DURATION seconds per scenario (10, after a
2-second unmeasured warm-up), BENCH_CONNECTIONS (64), BENCH_THREADS (2), BENCH_WORKERS gunicorn
sync workers (3), BENCH_EMPLOYEES (10000), BENCH_FORMASI (5000) and BENCH_APPLICATIONS (200000)
for the recruitment scenarios, BENCH_FLOW_CLIENTS apply-flow's concurrent applicants (2 per
worker), BENCH_FLOWS_MAX the most flows apply-flow starts (5000), BENCH_SCENARIOS comma-separated
names (all).
Progress goes to stderr, BENCH lines to stdout. Exit code 1 when a scenario could not run, 2 when
the setup failed.
"""

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
from pathlib import Path

import psycopg

from bench import flow
from bench.database import Database, Prepared, describe, prepare, recreate
from bench.recruitment import Board, flow_applicant
from bench.scenarios import FLOW, Scenario, select
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
        scenarios = select(os.environ.get("BENCH_SCENARIOS", ""))
        database = describe(os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL)
    except ValueError as error:
        _say(str(error))
        return 2
    if shutil.which("wrk") is None:
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
    if not any(scenario.needs_recruitment for scenario in scenarios):
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
    from django.db import connections as django_connections

    django_connections.close_all()
    failures = 0
    log_path = OUT / f"gunicorn-{database.engine}.log"
    _say(
        f"gunicorn: {workers} worker sync; wrk: {connections} koneksi, {duration} detik per skenario"
    )
    rates: dict[str, float] = {}
    try:
        with gunicorn(env=env, workers=workers, log_path=log_path) as base_url:
            for scenario in scenarios:
                if scenario.driver == FLOW:
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


def preflight(url: str, *, method: str, headers: dict[str, str]) -> int:
    """The HTTP status of one request (0 when the server did not answer)."""
    body = b"" if method == "POST" else None
    request = urllib.request.Request(url, data=body, method=method, headers=headers)  # noqa: S310
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
