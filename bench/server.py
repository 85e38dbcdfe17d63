"""gunicorn for the bench: started on a free 127.0.0.1 port, stopped (with its workers) even on failure."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STARTUP_TIMEOUT_S = 30
STOP_TIMEOUT_S = 15


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def gunicorn_command(*, port: int, workers: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        f"--workers={workers}",
        "--worker-class=sync",
        f"--bind=127.0.0.1:{port}",
        "--log-level=warning",
        "--graceful-timeout=5",
    ]


@contextmanager
def gunicorn(*, env: dict[str, str], workers: int, log_path: Path) -> Iterator[str]:
    """Run gunicorn while the block runs; yield its base URL once /healthz answers 200."""
    port = free_port()
    with log_path.open("wb") as log:
        # A session of its own: stopping it signals the master and its workers, nothing else.
        process = subprocess.Popen(
            gunicorn_command(port=port, workers=workers),
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            base_url = f"http://127.0.0.1:{port}"
            _wait_until_healthy(process, f"{base_url}/healthz", log_path=log_path)
            yield base_url
        finally:
            _stop(process)


def _wait_until_healthy(process: subprocess.Popen[bytes], url: str, *, log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"gunicorn berhenti saat mulai (kode {process.returncode}); lihat {log_path}."
            )
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (http://127.0.0.1)
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise RuntimeError(
        f"{url} tidak menjawab 200 dalam {STARTUP_TIMEOUT_S} detik; lihat {log_path}."
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    # Workers that outlived a crashed master are in the same process group.
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
