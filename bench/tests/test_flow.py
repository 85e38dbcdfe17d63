"""apply-flow's client against a small fake server on 127.0.0.1 that answers like SiMerit."""

import itertools
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench.flow import (
    Applicant,
    Client,
    FlowResult,
    LoadResult,
    Tally,
    flow_line,
    multipart,
    percentile,
    run_flow,
    run_load,
    sample_jpeg,
    sample_pdf,
)

API = "/api/v1/recruitment/applicant"


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class FakeSimerit:
    """Answers each step as SiMerit does; `refuse` makes one path answer 422."""

    seen: list[Seen] = field(default_factory=list)
    refuse: str = ""
    ids: "itertools.count[int]" = field(default_factory=lambda: itertools.count(7))

    def answer(self, method: str, path: str) -> tuple[int, dict[str, str], bytes]:
        if path == self.refuse:
            return 422, {}, b'{"detail": "Tidak memenuhi syarat.", "code": "invalid_input"}'
        if (method, path) == ("POST", f"{API}/register"):
            body = {"id": next(self.ids), "email": "siti@contoh.id"}
            return 201, {}, json.dumps(body).encode()
        if (method, path) == ("POST", f"{API}/confirm-email"):
            return 200, {}, b'{"detail": "ok"}'
        if (method, path) == ("GET", "/akun/masuk/"):
            return 200, {"Set-Cookie": "csrftoken=form123; Path=/; HttpOnly"}, b"<form>"
        if (method, path) == ("POST", "/akun/masuk/"):
            return 302, {"Set-Cookie": "sessionid=sesi9; Path=/; HttpOnly"}, b""
        if (method, path) == ("POST", f"{API}/applications"):
            return 201, {}, b'{"id": 42}'
        if path.startswith(f"{API}/applications/42/documents/"):
            return 201, {}, b'{"id": 1}'
        if (method, path) == ("POST", f"{API}/applications/42/submit"):
            return 200, {}, b'{"id": 42}'
        return 404, {}, b"{}"


@pytest.fixture
def fake() -> Iterator[tuple[FakeSimerit, int]]:
    state = FakeSimerit()
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            with lock:
                state.seen.append(Seen(self.command, self.path, dict(self.headers), body))
            status, headers, data = state.answer(self.command, self.path)
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = _handle  # noqa: N815 (http.server's names)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state, server.server_address[1]
    server.shutdown()
    server.server_close()


def applicant(number: int = 0) -> Applicant:
    return Applicant(
        nik="1671105405980001",
        kk_number="1671100000000001",
        name="Siti Aminah",
        birth_date="1998-05-14",
        gender="P",
        phone="081300000000",
        email=f"siti{number}@contoh.id",
        password="Melati-Palembang-2026",
        education_level="S1",
        education_major="Keperawatan",
        formasi_id=5,
    )


def flow_kwargs() -> dict[str, object]:
    return {
        "mint_token": lambda applicant_id, email: f"token-{applicant_id}-{email}",
        "consent_version": "2026.1",
        "jpeg": b"\xff\xd8\xffjpeg",
        "pdf": b"%PDF-1.7 pdf",
    }


def test_one_flow_walks_the_eight_steps_with_session_and_csrf(fake):
    state, port = fake

    result = run_flow(Client("127.0.0.1", port), applicant(), **flow_kwargs())  # type: ignore[arg-type]

    assert result.ok is True
    assert [(seen.method, seen.path) for seen in state.seen] == [
        ("POST", f"{API}/register"),
        ("POST", f"{API}/confirm-email"),
        ("GET", "/akun/masuk/"),
        ("POST", "/akun/masuk/"),
        ("POST", f"{API}/applications"),
        ("POST", f"{API}/applications/42/documents/ktp"),
        ("POST", f"{API}/applications/42/documents/ijazah"),
        ("POST", f"{API}/applications/42/submit"),
    ]
    register = json.loads(state.seen[0].body)
    assert {key: register[key] for key in ("nik", "consent", "consent_version")} == {
        "nik": "1671105405980001",
        "consent": True,
        "consent_version": "2026.1",
    }
    assert json.loads(state.seen[1].body) == {"token": "token-7-siti@contoh.id"}
    assert state.seen[3].body == (
        b"username=siti0%40contoh.id&password=Melati-Palembang-2026&csrfmiddlewaretoken=form123"
    )
    apply = state.seen[4]
    assert (apply.headers["X-CSRFToken"], apply.headers["Cookie"]) == (
        "form123",
        "csrftoken=form123; sessionid=sesi9",
    )
    assert json.loads(apply.body) == {"formasi_id": 5}
    upload = state.seen[5]
    assert upload.headers["Content-Type"].startswith("multipart/form-data; boundary=bench")
    assert (
        b'name="file"; filename="ktp.jpg"\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8\xffjpeg\r\n'
        in (upload.body)
    )


def test_a_flow_stops_at_the_first_refusal_and_says_where(fake):
    state, port = fake
    state.refuse = f"{API}/applications"

    result = run_flow(Client("127.0.0.1", port), applicant(), **flow_kwargs())  # type: ignore[arg-type]

    assert (result.ok, result.step, result.status) == (False, "apply", 422)
    assert "Tidak memenuhi syarat." in result.detail
    assert len(state.seen) == 5


def test_run_load_is_bounded_by_the_number_of_flows(fake):
    state, port = fake

    load = run_load(
        host="127.0.0.1",
        port=port,
        clients=2,
        seconds=30,
        max_flows=3,
        applicants=applicant,
        numbers=itertools.count(),
        **flow_kwargs(),
    )

    assert (load.tally.completed, load.tally.errors, load.tally.requests) == (3, 0, 24)
    assert sorted(
        {json.loads(s.body)["email"] for s in state.seen if s.path.endswith("register")}
    ) == [
        "siti0@contoh.id",
        "siti1@contoh.id",
        "siti2@contoh.id",
    ]
    assert load.elapsed_s < 30


def test_run_load_refuses_any_host_but_this_machine():
    with pytest.raises(ValueError, match=r"127\.0\.0\.1"):
        run_load(
            host="10.0.0.5",
            port=80,
            clients=1,
            seconds=1,
            max_flows=1,
            applicants=applicant,
            numbers=itertools.count(),
            **flow_kwargs(),
        )


@pytest.mark.parametrize(
    ("values", "fraction", "expected"),
    [([], 0.5, 0.0), ([3.0], 0.99, 3.0), ([float(n) for n in range(1, 101)], 0.5, 50.0)],
)
def test_percentile_is_nearest_rank(values, fraction, expected):
    assert percentile(values, fraction) == expected


def test_percentile_99_of_a_hundred_is_the_99th():
    assert percentile([float(n) for n in range(100, 0, -1)], 0.99) == 99.0


def test_multipart_body_has_one_file_part():
    content_type, body = multipart("file", "ijazah.pdf", "application/pdf", b"%PDF-data")

    boundary = content_type.removeprefix("multipart/form-data; boundary=")
    assert (
        body
        == (
            f"--{boundary}\r\n"
            'Content-Disposition: form-data; name="file"; filename="ijazah.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
            "%PDF-data\r\n"
            f"--{boundary}--\r\n"
        ).encode()
    )


def test_flow_line_names_the_database_the_rate_and_where_flows_failed():
    tally = Tally()
    for seconds in (1.2, 1.5, 2.0):
        tally.add(FlowResult(ok=True, seconds=seconds), requests=8)
    tally.add(FlowResult(ok=False, seconds=0.4, step="apply", status=500), requests=5)
    tally.add(FlowResult(ok=False, seconds=0.3, step="apply", status=500), requests=5)

    line = flow_line(db="postgresql", load=LoadResult(tally, elapsed_s=2.0, clients=6), workers=3)

    assert line == (
        "BENCH apply-flow db=postgresql completed_per_s=1.50 p50_ms=1500.0 p99_ms=2000.0 "
        "errors=2 clients=6 duration_s=2.0 completed=3 requests=34 error_steps=apply:500*2 "
        "workers=3"
    )


def test_flow_line_without_failures_says_none():
    line = flow_line(db="sqlite", load=LoadResult(Tally(), elapsed_s=1.0, clients=2), workers=3)

    assert " errors=0 " in line
    assert " error_steps=none " in line


def test_sample_files_pass_the_upload_checks():
    from simerit.recruitment import uploads

    for data, formats, max_kb in ((sample_jpeg(), ["jpg"], 200), (sample_pdf(), ["pdf"], 800)):
        checked = uploads.check_upload(
            data, size=len(data), allowed_formats=formats, max_kb=max_kb, label="Uji"
        )
        assert checked.file_format == formats[0]
