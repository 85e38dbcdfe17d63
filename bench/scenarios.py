"""The load scenarios of `make bench`: what each one requests and how it checks a first answer."""

from dataclasses import dataclass

from bench.wrk import lua_script

# 10,000 employees at the API's default page size of 50.
EMPLOYEE_PAGE_SIZE = 50


@dataclass(frozen=True)
class Scenario:
    name: str
    method: str
    path: str
    needs_token: bool = False
    needs_employees: bool = False
    # The list's path without the page number: wrk walks through the pages.
    paged_path: str = ""

    def script(self, *, employees: int) -> str:
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
)


def select(names: str) -> tuple[Scenario, ...]:
    """The scenarios named in a comma-separated list (all when empty), in the standard order."""
    wanted = {name.strip() for name in names.split(",") if name.strip()}
    unknown = wanted - {scenario.name for scenario in SCENARIOS}
    if unknown:
        known = ", ".join(scenario.name for scenario in SCENARIOS)
        raise ValueError(f"Skenario tidak dikenal: {', '.join(sorted(unknown))}. Pilihan: {known}.")
    return tuple(scenario for scenario in SCENARIOS if not wanted or scenario.name in wanted)
