"""The load scenarios of `make bench`: what each one requests and how it checks a first answer."""

from collections.abc import Callable
from dataclasses import dataclass

from bench.recruitment import Board, api_paths, board_paths
from bench.wrk import lua_script

# 10,000 employees at the API's default page size of 50.
EMPLOYEE_PAGE_SIZE = 50
WRK = "wrk"
# A multi-step client in bench/flow.py (why not wrk: see there).
FLOW = "flow"
# wrk walking through the exam attempts bench/exams.py made, each request a new answer event;
# the acknowledged answers are then counted in the table (bench/run.py run_answer_save).
ANSWERS = "answers"
# No HTTP: a process of its own rescores the finished attempts (bench/exams.py measure_scoring).
SCORE = "score"
# No HTTP, no server: the SKD cut, the SKB-CAT import and the integration of a period of its own,
# measured in a process of its own against a bare window query (bench/ranking.py measure).
RANK = "rank"
# No HTTP, no server: the rater statistics and normalised scores of a performance year of its own
# (2.52 million 360 ratings), measured in a process of its own (bench/calibration.py measure).
CALIBRATE = "calibrate"
WALKS: dict[str, Callable[..., list[str]]] = {"board": board_paths, "api": api_paths}


@dataclass(frozen=True)
class Scenario:
    name: str
    method: str
    path: str
    needs_token: bool = False
    needs_employees: bool = False
    # The list's path without the page number: wrk walks through the pages.
    paged_path: str = ""
    # The recruitment period with its formasi and applications (bench.recruitment).
    needs_recruitment: bool = False
    # Requests that walk the public board (a key of WALKS), built from what the setup made.
    walk: str = ""
    # The scenario whose req/s this one's is divided by, in the same run (ratio_to_<name>).
    ratio_to: str = ""
    driver: str = WRK

    def script(self, *, employees: int, board: Board | None = None) -> str:
        if self.walk:
            if board is None:
                raise ValueError(f"{self.name} memerlukan data rekrutmen bench.")
            paths = WALKS[self.walk](formasi=board.formasi, searches=board.searches)
            return lua_script(method=self.method, paths=paths)
        if self.paged_path:
            pages = max(1, -(-employees // EMPLOYEE_PAGE_SIZE))
            return lua_script(method=self.method, paged_path=self.paged_path, pages=pages)
        return lua_script(method=self.method)


SCENARIOS = (
    # The stack's ceiling: routing, middleware and a small JSON, no database.
    Scenario("limit-get", "GET", "/bench/limit-get/"),
    # The write ceiling: one raw UPSERT statement on one hot row.
    Scenario("limit-upsert", "POST", "/bench/limit-upsert/"),
    # A real read: token check, permission filter, count and one page of 50 with three joins.
    Scenario(
        "employee-list",
        "GET",
        "/api/v1/employees/?page=1",
        needs_token=True,
        needs_employees=True,
        paged_path="/api/v1/employees/?page=",
    ),
    # The public board (HTML, anonymous) over 5,000 formasi and 200,000 applications: every
    # page of the list, alternating with the pages of three searches; each answer counts, pages
    # and renders 20 formasi with their live applicant counts and the filters' options.
    Scenario(
        "job-board",
        "GET",
        "/seleksi/formasi/?page=1",
        needs_recruitment=True,
        walk="board",
        ratio_to="limit-get",
    ),
    # The same walk through the board's JSON API (50 formasi a page).
    Scenario(
        "job-board-api",
        "GET",
        "/api/v1/recruitment/formasi/?page=1",
        needs_recruitment=True,
        walk="api",
        ratio_to="limit-get",
    ),
    # The exam's hot path: participants saving answers through the real endpoint (X-Exam-Token,
    # one INSERT ... SELECT), 1,000 active attempts of 110 questions; ratio = answers/s ÷
    # limit-upsert's req/s of the same run.
    Scenario(
        "exam-answer-save",
        "POST",
        "/api/v1/exams/attempts/{id}/answers",
        ratio_to="limit-upsert",
        driver=ANSWERS,
    ),
    # Rescoring 10,000 finished attempts of 110 answers each (services.decisions), not over HTTP.
    Scenario("scoring", "-", "-", driver=SCORE),
    # Writes: register → confirm e-mail → log in → apply → upload two documents → submit, through
    # the API, many applicants at once. Last, so that its new applications do not change what the
    # board scenarios read.
    Scenario(
        "apply-flow",
        "POST",
        "/api/v1/recruitment/applicant/register",
        needs_recruitment=True,
        driver=FLOW,
    ),
    # The performance year's rater-bias control: rater statistics and rater-normalised scores over
    # 15,000 employees × 8 raters × 21 BerAKHLAK indicators (2.52 million ratings), seconds and
    # peak memory. With gunicorn stopped, like ranking (which stays last).
    Scenario("calibration", "-", "-", driver=CALIBRATE),
    # The selection's ranking: cut + CAT import + integration of 1,000,000 applications in
    # 20,000 formasi (set-based services), seconds, peak memory and ratio to a bare
    # ROW_NUMBER() query over the same rows. After the HTTP scenarios, with gunicorn stopped: its
    # period of its own is made then, so the board scenarios never see it.
    Scenario("ranking", "-", "-", driver=RANK),
)


def select(names: str) -> tuple[Scenario, ...]:
    """The scenarios named in a comma-separated list (all when empty), in the standard order."""
    wanted = {name.strip() for name in names.split(",") if name.strip()}
    unknown = wanted - {scenario.name for scenario in SCENARIOS}
    if unknown:
        known = ", ".join(scenario.name for scenario in SCENARIOS)
        raise ValueError(f"Skenario tidak dikenal: {', '.join(sorted(unknown))}. Pilihan: {known}.")
    return tuple(scenario for scenario in SCENARIOS if not wanted or scenario.name in wanted)
