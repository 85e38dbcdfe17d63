"""apply-flow: an applicant's whole road through the API, many applicants at once.

One flow: register (POST /api/v1/recruitment/applicant/register) → confirm the e-mail
(POST .../applicant/confirm-email) → log in (GET and POST /akun/masuk/, the session the API
accepts with its CSRF header) → apply (POST .../applicant/applications) → upload the KTP (JPEG)
and the ijazah (PDF) (POST .../applications/{id}/documents/{kind}, multipart) → submit
(POST .../applications/{id}/submit). Eight requests; a flow counts as completed when the submit
answers 200.

Why not wrk: every step needs what the one before answered (the applicant's id, the session and
CSRF cookies, the application's id), and two steps send multipart files. wrk's Lua could chain
that only as a hand-written state machine per connection. This client is plain Python:
`clients` threads, each running whole flows one after another over http.client to 127.0.0.1
until `seconds` have passed and never more than `max_flows` in all (bounded in count and time;
a flow under way when time is up is finished, each request with a socket timeout). The threads
mostly wait on their sockets; the server's work per flow (two Argon2 password hashes, checking
and storing two files, nine audit rows) is far larger than the client's.

The confirmation token: the e-mail's link carries a token signed with the server's SECRET_KEY.
bench/run.py runs this client with the very settings gunicorn runs with, so `mint_token` (the
harness passes services.applicants.make_email_token) signs it from the id and e-mail the
registration answered: nothing new is exposed by the server, the harness reads nothing from the
database, and the confirmation stays inside the measured flow (confirming in bulk between phases
would take it out).
"""

import http.client
import io
import itertools
import json
import secrets
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import quote

from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped]
from reportlab.pdfgen import canvas  # type: ignore[import-untyped]

from bench.wrk import format_line

API = "/api/v1/recruitment/applicant"
LOGIN = "/akun/masuk/"
SOCKET_TIMEOUT_S = 30
STEPS = ("register", "confirm", "login_form", "login", "apply", "ktp", "ijazah", "submit")


@dataclass(frozen=True)
class Applicant:
    """What one flow registers with (bench.recruitment makes it valid and unique)."""

    nik: str
    kk_number: str
    name: str
    birth_date: str  # ISO 8601
    gender: str
    phone: str
    email: str
    password: str
    education_level: str
    education_major: str
    formasi_id: int


@dataclass
class FlowResult:
    ok: bool
    seconds: float
    step: str = ""  # where a failed flow stopped
    status: int = 0
    detail: str = ""


@dataclass
class Tally:
    """Completed flows with their durations, and failures by step and HTTP status."""

    durations: list[float] = field(default_factory=list)
    failures: Counter[str] = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)
    requests: int = 0

    def add(self, result: FlowResult, requests: int) -> None:
        self.requests += requests
        if result.ok:
            self.durations.append(result.seconds)
            return
        key = f"{result.step}:{result.status}"
        self.failures[key] += 1
        self.examples.setdefault(key, result.detail[:300])

    @property
    def completed(self) -> int:
        return len(self.durations)

    @property
    def errors(self) -> int:
        return sum(self.failures.values())


def percentile(values: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile (0 < fraction ≤ 1) of `values`; 0.0 when there are none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * fraction // 1))
    return ordered[int(rank) - 1]


class Cookies:
    """The few cookies the flow needs (sessionid, csrftoken), as a browser would keep them."""

    def __init__(self) -> None:
        self.values: dict[str, str] = {}

    def update(self, response: http.client.HTTPResponse) -> None:
        for header in response.headers.get_all("Set-Cookie") or []:
            parsed: SimpleCookie = SimpleCookie()
            parsed.load(header)
            for name, morsel in parsed.items():
                self.values[name] = morsel.value

    def header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.values.items())


def multipart(field_name: str, filename: str, content_type: str, data: bytes) -> tuple[str, bytes]:
    """A multipart/form-data body with one file; returns (Content-Type header, body)."""
    boundary = f"bench{secrets.token_hex(12)}"
    head = (
        f"--{boundary}\r\n"
        f'Content-Disposition: form-data; name="{field_name}"; filename="{filename}"\r\n'
        f"Content-Type: {content_type}\r\n\r\n"
    ).encode()
    return (
        f"multipart/form-data; boundary={boundary}",
        head + data + f"\r\n--{boundary}--\r\n".encode(),
    )


class Client:
    """One simulated person: an HTTP/1.1 connection to the server and a cookie jar."""

    def __init__(self, host: str, port: int) -> None:
        self.connection = http.client.HTTPConnection(host, port, timeout=SOCKET_TIMEOUT_S)
        self.cookies = Cookies()
        self.requests = 0

    def request(
        self,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        content_type: str = "",
        csrf: bool = False,
    ) -> tuple[int, bytes, http.client.HTTPResponse]:
        headers = {"Host": "127.0.0.1"}
        if content_type:
            headers["Content-Type"] = content_type
        if self.cookies.values:
            headers["Cookie"] = self.cookies.header()
        if csrf:
            headers["X-CSRFToken"] = self.cookies.values.get("csrftoken", "")
        self.requests += 1
        # Never retried: a POST sent twice would register twice. A connection error fails the flow.
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        data = response.read()
        self.cookies.update(response)
        if response.will_close:
            # gunicorn's sync workers close after each answer; the next request reconnects.
            self.connection.close()
        return response.status, data, response

    def json(
        self, method: str, path: str, payload: dict[str, Any] | None = None, *, csrf: bool = False
    ) -> tuple[int, bytes]:
        body = json.dumps(payload).encode() if payload is not None else b""
        status, data, _ = self.request(
            method, path, body=body, content_type="application/json", csrf=csrf
        )
        return status, data

    def close(self) -> None:
        self.connection.close()


class StepFailedError(Exception):
    def __init__(self, step: str, status: int, body: bytes) -> None:
        super().__init__(step)
        self.step, self.status, self.body = step, status, body


def _expect(step: str, status: int, body: bytes, wanted: int) -> bytes:
    if status != wanted:
        raise StepFailedError(step, status, body)
    return body


def run_flow(
    client: Client,
    applicant: Applicant,
    *,
    mint_token: Callable[[int, str], str],
    consent_version: str,
    jpeg: bytes,
    pdf: bytes,
) -> FlowResult:
    """One applicant from registration to a submitted application; stops at the first refusal."""
    started = time.perf_counter()
    try:
        status, body = client.json(
            "POST",
            f"{API}/register",
            {
                "nik": applicant.nik,
                "kk_number": applicant.kk_number,
                "name": applicant.name,
                "birth_place": "Palembang",
                "birth_date": applicant.birth_date,
                "gender": applicant.gender,
                "phone": applicant.phone,
                "email": applicant.email,
                "password": applicant.password,
                "consent": True,
                "consent_version": consent_version,
                "education_level": applicant.education_level,
                "education_major": applicant.education_major,
            },
        )
        registered = json.loads(_expect("register", status, body, 201))
        token = mint_token(int(registered["id"]), str(registered["email"]))
        status, body = client.json("POST", f"{API}/confirm-email", {"token": token})
        _expect("confirm", status, body, 200)
        status, body, _ = client.request("GET", LOGIN)
        _expect("login_form", status, body, 200)
        form = (
            f"username={_quote(applicant.email)}&password={_quote(applicant.password)}"
            f"&csrfmiddlewaretoken={client.cookies.values.get('csrftoken', '')}"
        )
        status, body, _ = client.request(
            "POST",
            LOGIN,
            body=form.encode(),
            content_type="application/x-www-form-urlencoded",
        )
        # A good login redirects; a refused one answers the form again with 200.
        _expect("login", status, body, 302)
        status, body = client.json(
            "POST", f"{API}/applications", {"formasi_id": applicant.formasi_id}, csrf=True
        )
        application = json.loads(_expect("apply", status, body, 201))["id"]
        for kind, filename, content_type, data in (
            ("ktp", "ktp.jpg", "image/jpeg", jpeg),
            ("ijazah", "ijazah.pdf", "application/pdf", pdf),
        ):
            header, payload = multipart("file", filename, content_type, data)
            status, body, _ = client.request(
                "POST",
                f"{API}/applications/{application}/documents/{kind}",
                body=payload,
                content_type=header,
                csrf=True,
            )
            _expect(kind, status, body, 201)
        status, body = client.json("POST", f"{API}/applications/{application}/submit", csrf=True)
        _expect("submit", status, body, 200)
    except StepFailedError as failure:
        return FlowResult(
            False,
            time.perf_counter() - started,
            failure.step,
            failure.status,
            failure.body.decode(errors="replace"),
        )
    except (OSError, http.client.HTTPException, ValueError, KeyError) as error:
        return FlowResult(False, time.perf_counter() - started, "connection", 0, repr(error))
    return FlowResult(True, time.perf_counter() - started)


def _quote(value: str) -> str:
    return quote(value, safe="")


def sample_jpeg() -> bytes:
    """A small scan-like JPEG (the KTP), well under the 200 KB limit."""
    image = Image.new("RGB", (640, 400), (236, 240, 246))
    ImageDraw.Draw(image).text((24, 24), "KARTU TANDA PENDUDUK", fill=(30, 30, 30))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return out.getvalue()


def sample_pdf() -> bytes:
    """A one-page PDF (the ijazah) that opens, well under the 800 KB limit."""
    out = io.BytesIO()
    document = canvas.Canvas(out, pagesize=A4)
    document.drawString(72, 760, "IJAZAH SARJANA")
    document.showPage()
    document.save()
    return out.getvalue()


@dataclass(frozen=True)
class LoadResult:
    tally: Tally
    elapsed_s: float
    clients: int

    @property
    def completed_per_s(self) -> float:
        return self.tally.completed / self.elapsed_s if self.elapsed_s else 0.0


def run_load(
    *,
    host: str,
    port: int,
    clients: int,
    seconds: float,
    max_flows: int,
    applicants: Callable[[int], Applicant],
    numbers: "itertools.count[int]",
    **flow_kwargs: Any,
) -> LoadResult:
    """`clients` threads run flows until `seconds` have passed or `max_flows` have started.

    `applicants(n)` makes the n-th applicant; `numbers` hands out n across threads and phases
    (the warm-up and the measured run share it, so nobody registers twice).
    """
    if host not in {"127.0.0.1", "localhost", "::1"}:
        raise ValueError("apply-flow hanya membebani server di mesin ini (127.0.0.1).")
    tally = Tally()
    lock = threading.Lock()
    started_flows = itertools.count()
    started = time.perf_counter()
    deadline = started + seconds

    def work() -> None:
        client = Client(host, port)
        try:
            while time.perf_counter() < deadline and next(started_flows) < max_flows:
                with lock:
                    number = next(numbers)
                before = client.requests
                result = run_flow(client, applicants(number), **flow_kwargs)
                with lock:
                    tally.add(result, client.requests - before)
                # A new person: a new connection and an empty cookie jar.
                client.close()
                client = Client(host, port)
        finally:
            client.close()

    threads = [threading.Thread(target=work, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 4 * SOCKET_TIMEOUT_S * len(STEPS))
    return LoadResult(tally=tally, elapsed_s=time.perf_counter() - started, clients=clients)


def flow_line(*, db: str, load: LoadResult, workers: int) -> str:
    """`BENCH apply-flow db=... completed_per_s=... p50_ms=... p99_ms=... errors=... ...`.

    p50/p99 are of whole completed flows (eight requests each); `error_steps` names where failed
    flows stopped, as step:status*count ("none" without failures).
    """
    tally = load.tally
    steps = ",".join(f"{key}*{count}" for key, count in sorted(tally.failures.items()))
    fields: dict[str, object] = {
        "db": db,
        "completed_per_s": f"{load.completed_per_s:.2f}",
        "p50_ms": f"{percentile(tally.durations, 0.50) * 1000:.1f}",
        "p99_ms": f"{percentile(tally.durations, 0.99) * 1000:.1f}",
        "errors": tally.errors,
        "clients": load.clients,
        "duration_s": f"{load.elapsed_s:.1f}",
        "completed": tally.completed,
        "requests": tally.requests,
        "error_steps": steps or "none",
        "workers": workers,
    }
    return format_line("apply-flow", fields)
