"""Driving wrk: the Lua script, the command line, reading its result and the BENCH line.

wrk's Lua `done(summary, latency, requests)` hook prints one machine-readable line,
`WRK_RESULT key=value ...`, with latencies in microseconds; everything else wrk prints is ignored.
"""

import json
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

RESULT_MARKER = "WRK_RESULT"
INSTALL_HINT = "wrk tidak ditemukan. Pasang dari paket Debian: sudo apt-get install wrk"

# Printed by every scenario's script when wrk finishes.
DONE_HOOK = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "%s requests=%d duration_us=%d bytes=%d p50_us=%.1f p99_us=%.1f mean_us=%.1f "
      .. "max_us=%.1f connect=%d read=%d write=%d status=%d timeout=%d\\n",
    "WRK_RESULT", summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(99), latency.mean, latency.max,
    e.connect, e.read, e.write, e.status, e.timeout))
end
"""


@dataclass(frozen=True)
class WrkResult:
    """What one wrk run measured. `errors` counts socket errors, timeouts and non-2xx/3xx answers."""

    requests: int
    duration_us: int
    p50_us: float
    p99_us: float
    connect: int
    read: int
    write: int
    status: int
    timeout: int

    @property
    def errors(self) -> int:
        return self.connect + self.read + self.write + self.status + self.timeout

    @property
    def requests_per_second(self) -> float:
        return self.requests / (self.duration_us / 1_000_000) if self.duration_us else 0.0


def lua_script(
    *,
    method: str = "GET",
    body: str = "",
    paged_path: str = "",
    pages: int = 1,
    paths: Sequence[str] = (),
) -> str:
    """The Lua script for one scenario.

    `paged_path` (e.g. "/api/v1/employees/?page=") makes every request ask for the next page,
    1..`pages`, each wrk thread starting at a different page. `paths` makes the requests walk
    through that list in turn, each thread starting at a different place. A Bearer token, when
    the scenario needs one, is read from the BENCH_TOKEN environment variable so that it is never
    written to disk.
    """
    lines = [f'wrk.method = "{method}"']
    if body:
        lines.append(f"wrk.body = [[{body}]]")
        lines.append('wrk.headers["Content-Type"] = "application/json"')
    lines.append('local token = os.getenv("BENCH_TOKEN")')
    lines.append('if token then wrk.headers["Authorization"] = "Bearer " .. token end')
    if paths:
        for path in paths:
            if not path.startswith("/") or any(char in path for char in '"\\\n\r'):
                raise ValueError(f"Jalur {path!r} tidak dapat dipakai dalam skrip wrk.")
        table = ",\n".join(f'  "{path}"' for path in paths)
        lines.append(
            f"""
local paths = {{
{table}
}}
local threads = 0
setup = function(thread)
  thread:set("offset", threads * 37)
  threads = threads + 1
end
offset = 0
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, paths[(offset + counter) % #paths + 1])
end"""
        )
    elif paged_path:
        lines.append(
            f"""
local threads = 0
setup = function(thread)
  thread:set("offset", threads * 37)
  threads = threads + 1
end
offset = 0
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, "{paged_path}" .. ((offset + counter) % {pages} + 1))
end"""
        )
    return "\n".join(lines) + "\n" + DONE_HOOK


def wrk_command(
    *, url: str, script_path: str, duration_s: int, connections: int, threads: int
) -> list[str]:
    executable = shutil.which("wrk")
    if executable is None:
        raise FileNotFoundError(INSTALL_HINT)
    return [
        executable,
        f"--threads={max(1, min(threads, connections))}",
        f"--connections={connections}",
        f"--duration={duration_s}s",
        "--timeout=5s",
        f"--script={script_path}",
        url,
    ]


def parse_output(output: str) -> WrkResult:
    """Read the WRK_RESULT line; raise ValueError when wrk did not print one."""
    for line in output.splitlines():
        if line.startswith(RESULT_MARKER + " "):
            values = dict(item.split("=", 1) for item in line.split()[1:])
            return WrkResult(
                requests=int(values["requests"]),
                duration_us=int(values["duration_us"]),
                p50_us=float(values["p50_us"]),
                p99_us=float(values["p99_us"]),
                connect=int(values["connect"]),
                read=int(values["read"]),
                write=int(values["write"]),
                status=int(values["status"]),
                timeout=int(values["timeout"]),
            )
    raise ValueError(f"wrk tidak mencetak baris {RESULT_MARKER}; keluarannya:\n{output}")


def bench_line(
    *, scenario: str, db: str, result: WrkResult, connections: int, **extra: object
) -> str:
    """`BENCH <scenario> db=... req_s=... p50_ms=... p99_ms=... errors=... conns=... duration_s=...`."""
    fields: dict[str, object] = {
        "db": db,
        "req_s": f"{result.requests_per_second:.1f}",
        "p50_ms": f"{result.p50_us / 1000:.2f}",
        "p99_ms": f"{result.p99_us / 1000:.2f}",
        "errors": result.errors,
        "conns": connections,
        "duration_s": f"{result.duration_us / 1_000_000:.1f}",
        "requests": result.requests,
        "non2xx": result.status,
        "timeouts": result.timeout,
        **extra,
    }
    return format_line(scenario, fields)


def failed_line(*, scenario: str, db: str, connections: int, reason: str) -> str:
    """The BENCH line of a scenario that could not run: same keys, zero figures, `failed=<reason>`."""
    fields: dict[str, object] = {
        "db": db,
        "req_s": "0.0",
        "p50_ms": "0.00",
        "p99_ms": "0.00",
        "errors": 1,
        "conns": connections,
        "duration_s": "0.0",
        "failed": reason,
    }
    return format_line(scenario, fields)


def marked_values(output: str, marker: str, *, what: str) -> dict[str, Any]:
    """The JSON object a measuring child process printed after `marker` ("MARKER {...}"), or
    ValueError("<what> tidak mencetak baris <marker>.") when no line carries it."""
    for line in output.splitlines():
        if line.startswith(marker + " "):
            values: dict[str, Any] = json.loads(line.split(" ", 1)[1])
            return values
    raise ValueError(f"{what} tidak mencetak baris {marker}.")


def format_line(scenario: str, fields: dict[str, object]) -> str:
    parts = []
    for key, value in fields.items():
        text = str(value)
        if not text or any(char.isspace() or char == "=" for char in text):
            raise ValueError(f"Nilai {key}={text!r} harus satu kata tanpa spasi atau '='.")
        parts.append(f"{key}={text}")
    return f"BENCH {scenario} " + " ".join(parts)
