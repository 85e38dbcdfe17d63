import pytest

from bench.recruitment import Board
from bench.scenarios import SCENARIOS, select
from bench.wrk import (
    WrkResult,
    bench_line,
    failed_line,
    format_line,
    lua_script,
    parse_output,
)

# What wrk prints with the bench script: its own summary, then the done() hook's line.
WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:40123/bench/limit-get/
  2 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    24.51ms    6.12ms  80.33ms   75.00%
  26305 requests in 10.01s, 7.12MB read
Requests/sec:   2627.97
Transfer/sec:    728.41KB
WRK_RESULT requests=26305 duration_us=10010000 bytes=7465984 p50_us=21300.0 p99_us=45250.5 \
mean_us=24510.2 max_us=80330.0 connect=0 read=3 write=0 status=2 timeout=1
"""


def result(**changes: int | float) -> WrkResult:
    values: dict[str, int | float] = {
        "requests": 26305,
        "duration_us": 10_010_000,
        "p50_us": 21300.0,
        "p99_us": 45250.5,
        "connect": 0,
        "read": 0,
        "write": 0,
        "status": 0,
        "timeout": 0,
        **changes,
    }
    return WrkResult(**values)  # type: ignore[arg-type]


def test_parse_output_reads_the_done_hook_line():
    parsed = parse_output(WRK_OUTPUT)

    assert parsed == WrkResult(
        requests=26305,
        duration_us=10_010_000,
        p50_us=21300.0,
        p99_us=45250.5,
        connect=0,
        read=3,
        write=0,
        status=2,
        timeout=1,
    )
    assert parsed.errors == 6
    assert parsed.requests_per_second == pytest.approx(2627.8721, abs=1e-4)


def test_parse_output_without_the_result_line_says_what_wrk_printed():
    with pytest.raises(ValueError, match="tidak mencetak baris WRK_RESULT") as error:
        parse_output("unable to connect to 127.0.0.1:1 Connection refused\n")

    assert "Connection refused" in str(error.value)


def test_bench_line_has_the_agreed_keys_in_order():
    line = bench_line(scenario="limit-get", db="sqlite", result=result(), connections=64, workers=3)

    assert line == (
        "BENCH limit-get db=sqlite req_s=2627.9 p50_ms=21.30 p99_ms=45.25 errors=0 conns=64 "
        "duration_s=10.0 requests=26305 non2xx=0 timeouts=0 workers=3"
    )


def test_bench_line_counts_every_kind_of_error():
    line = bench_line(
        scenario="limit-upsert",
        db="postgresql",
        result=result(connect=1, read=2, write=3, status=4, timeout=5),
        connections=64,
    )

    assert " errors=15 " in line
    assert " non2xx=4 timeouts=5" in line


def test_failed_line_keeps_the_keys_and_names_the_reason():
    line = failed_line(
        scenario="employee-list", db="sqlite", connections=64, reason="preflight_http_404"
    )

    assert line == (
        "BENCH employee-list db=sqlite req_s=0.0 p50_ms=0.00 p99_ms=0.00 errors=1 conns=64 "
        "duration_s=0.0 failed=preflight_http_404"
    )


@pytest.mark.parametrize("value", ["two words", "a=b", ""])
def test_format_line_refuses_values_that_would_break_key_value_parsing(value):
    with pytest.raises(ValueError, match="harus satu kata"):
        format_line("limit-get", {"db": value})


def test_every_bench_line_parses_back_into_key_values():
    line = bench_line(scenario="employee-list", db="sqlite", result=result(), connections=32)

    marker, scenario, *pairs = line.split()
    values = dict(pair.split("=") for pair in pairs)
    assert (marker, scenario) == ("BENCH", "employee-list")
    assert {key: values[key] for key in ("db", "errors", "conns")} == {
        "db": "sqlite",
        "errors": "0",
        "conns": "32",
    }


def test_lua_script_for_post_sets_the_method_and_prints_the_result():
    script = lua_script(method="POST")

    assert script.startswith('wrk.method = "POST"\n')
    assert "done = function(summary, latency, requests)" in script
    assert "latency:percentile(50)" in script
    assert "latency:percentile(99)" in script
    assert "request = function()" not in script


def test_lua_script_reads_the_token_from_the_environment_only():
    script = lua_script()

    assert 'os.getenv("BENCH_TOKEN")' in script
    assert "smr_" not in script


def test_employee_list_script_walks_through_every_page():
    employee_list = next(scenario for scenario in SCENARIOS if scenario.name == "employee-list")

    script = employee_list.script(employees=10_000)

    assert '"/api/v1/employees/?page=" .. ((offset + counter) % 200 + 1)' in script
    assert employee_list.needs_token is True


def test_select_keeps_the_standard_order_and_refuses_unknown_names():
    assert [scenario.name for scenario in select("")] == [
        "limit-get",
        "limit-upsert",
        "employee-list",
        "job-board",
        "job-board-api",
        "exam-answer-save",
        "scoring",
        "apply-flow",
        "calibration",
        "ranking",
    ]
    assert [scenario.name for scenario in select("employee-list, limit-get")] == [
        "limit-get",
        "employee-list",
    ]
    with pytest.raises(ValueError, match="Skenario tidak dikenal: limit-put"):
        select("limit-put")


def test_lua_script_walks_a_list_of_paths_from_a_different_place_per_thread():
    script = lua_script(paths=["/seleksi/formasi/?page=1", "/seleksi/formasi/?q=guru&page=1"])

    assert (
        'local paths = {\n  "/seleksi/formasi/?page=1",\n  "/seleksi/formasi/?q=guru&page=1"\n}'
        in script
    )
    assert 'thread:set("offset", threads * 37)' in script
    assert "return wrk.format(nil, paths[(offset + counter) % #paths + 1])" in script


@pytest.mark.parametrize("path", ['/a"b', "/a\\b", "relative", "/a\nb"])
def test_lua_script_refuses_paths_that_would_break_the_script(path):
    with pytest.raises(ValueError, match="tidak dapat dipakai"):
        lua_script(paths=[path])


def test_job_board_scripts_walk_the_board_the_setup_built():
    board = Board(formasi=40, applications=0, searches={"perawat": 20}, targets=(), setup_s=0.0)
    job_board, job_board_api = (
        next(scenario for scenario in SCENARIOS if scenario.name == name)
        for name in ("job-board", "job-board-api")
    )

    html = job_board.script(employees=0, board=board)
    api = job_board_api.script(employees=0, board=board)

    assert '"/seleksi/formasi/?q=perawat&page=1"' in html
    assert '"/seleksi/formasi/?page=2"' in html
    assert '"/api/v1/recruitment/formasi/?search=perawat&page=1"' in api
    assert (job_board.ratio_to, job_board.needs_recruitment) == ("limit-get", True)
    with pytest.raises(ValueError, match="memerlukan data rekrutmen"):
        job_board.script(employees=0, board=None)
