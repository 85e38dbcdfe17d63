"""`make bench`: load scenarios against gunicorn; prints one BENCH line per scenario.

    python -m bench.run

Environment: DATABASE_URL (default: SQLite file bench/out/bench.sqlite3; its database name must
contain "bench", since it is recreated), BENCH_DURATION seconds per scenario (10, after a
2-second unmeasured warm-up), BENCH_CONNECTIONS (64), BENCH_THREADS (2), BENCH_WORKERS gunicorn
sync workers (3), BENCH_EMPLOYEES (10000), BENCH_SCENARIOS comma-separated names (all).
Progress goes to stderr, BENCH lines to stdout. Exit code 1 when a scenario could not run, 2 when
the setup failed.
"""

import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg

from bench.database import Database, describe, prepare, recreate
from bench.scenarios import Scenario, select
from bench.server import ROOT, gunicorn
from bench.wrk import INSTALL_HINT, bench_line, failed_line, parse_output, wrk_command

OUT = ROOT / "bench" / "out"
DEFAULT_DATABASE_URL = f"sqlite:///{OUT / 'bench.sqlite3'}"
WARMUP_S = 2


def main() -> int:
    try:
        duration = _env_int("BENCH_DURATION", 10)
        connections = _env_int("BENCH_CONNECTIONS", 64)
        threads = _env_int("BENCH_THREADS", 2)
        workers = _env_int("BENCH_WORKERS", 3)
        employees = _env_int("BENCH_EMPLOYEES", 10_000)
        scenarios = select(os.environ.get("BENCH_SCENARIOS", ""))
        database = describe(os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL)
    except ValueError as error:
        _say(str(error))
        return 2
    if shutil.which("wrk") is None:
        _say(INSTALL_HINT)
        return 2
    (OUT / "static").mkdir(parents=True, exist_ok=True)
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
    _say(f"Migrasi dan {needed} pegawai ...")
    token = prepare(employees=needed, today=timezone.localdate())
    from django.db import connections as django_connections

    django_connections.close_all()
    failures = 0
    log_path = OUT / f"gunicorn-{database.engine}.log"
    _say(
        f"gunicorn: {workers} worker sync; wrk: {connections} koneksi, {duration} detik per skenario"
    )
    try:
        with gunicorn(env=env, workers=workers, log_path=log_path) as base_url:
            for scenario in scenarios:
                line, ok = run_scenario(
                    scenario,
                    base_url=base_url,
                    database=database,
                    token=token,
                    employees=needed,
                    duration=duration,
                    connections=connections,
                    threads=threads,
                    workers=workers,
                )
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
    duration: int,
    connections: int,
    threads: int,
    workers: int,
) -> tuple[str, bool]:
    """Check one request by hand, then load the endpoint with wrk; return the BENCH line."""
    headers = {"Authorization": f"Bearer {token}"} if scenario.needs_token else {}
    status = preflight(f"{base_url}{scenario.path}", method=scenario.method, headers=headers)
    if status != 200:
        _say(f"{scenario.name}: {scenario.method} {scenario.path} menjawab {status}, bukan 200.")
        reason = f"preflight_http_{status}"
        return failed_line(
            scenario=scenario.name, db=database.engine, connections=connections, reason=reason
        ), False
    wrk_env = dict(os.environ)
    if scenario.needs_token:
        wrk_env["BENCH_TOKEN"] = token
    with tempfile.TemporaryDirectory(prefix="simerit-bench-") as tmp:
        script = Path(tmp) / f"{scenario.name}.lua"
        script.write_text(scenario.script(employees=employees), encoding="utf-8")

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
        return failed_line(
            scenario=scenario.name, db=database.engine, connections=connections, reason="wrk_output"
        ), False
    if result.requests == 0:
        _say(f"{scenario.name}: tidak ada jawaban yang selesai dalam {duration} detik.")
        return failed_line(
            scenario=scenario.name,
            db=database.engine,
            connections=connections,
            reason="no_responses",
        ), False
    line = bench_line(
        scenario=scenario.name,
        db=database.engine,
        result=result,
        connections=connections,
        workers=workers,
    )
    return line, True


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
