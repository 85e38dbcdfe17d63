"""axe-core finds no serious or critical accessibility violation on the main pages."""

from collections.abc import Callable
from typing import Any

from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import Page

from browser_tests.conftest import BROWSER
from simerit.accounts.models import User
from simerit.employees.models import Employee

pytestmark = BROWSER

BLOCKING_IMPACTS = frozenset({"serious", "critical"})


def _blocking_violations(page: Page) -> list[dict[str, Any]]:
    results = Axe().run(page)
    violations: list[dict[str, Any]] = results.response["violations"]
    return [v for v in violations if v["impact"] in BLOCKING_IMPACTS]


def _describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"    {node['target']}: {node['html']}")
            lines.append(f"        {node.get('failureSummary', '')}".replace("\n", " "))
    return "\n".join(lines)


def test_login_page_has_no_serious_accessibility_violation(page: Page) -> None:
    page.goto(reverse("accounts:login"))

    violations = _blocking_violations(page)

    assert violations == [], _describe(violations)


def test_dashboard_has_no_serious_accessibility_violation(
    hr_admin: User, log_in: Callable[[User], Page]
) -> None:
    page = log_in(hr_admin)

    violations = _blocking_violations(page)

    assert violations == [], _describe(violations)


def test_employee_list_has_no_serious_accessibility_violation(
    hr_admin: User,
    employee: User,
    other_opd_employee: Employee,
    log_in: Callable[[User], Page],
) -> None:
    page = log_in(hr_admin)
    page.goto(reverse("employees:list"))
    # The list shows the persona employees (Kepala Bidang, Pegawai Uji, Guru Lain).
    assert page.get_by_role("link", name="Pegawai Uji").count() == 1

    violations = _blocking_violations(page)

    assert violations == [], _describe(violations)
