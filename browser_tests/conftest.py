"""Browser tests: Playwright's sync API driving Debian's chromium against pytest-django's live_server.

One browser for the whole session, a fresh context (cookies, storage) per test. Each test module
declares `pytestmark = BROWSER`. See docs/decisions/0005-browser-tests-on-debian-chromium.md.
"""

import importlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, connections
from playwright.sync_api import Browser, Page, sync_playwright
from pytest_django.live_server_helper import LiveServer
from pytest_django.plugin import DjangoDbBlocker

from simerit.accounts.models import User
from simerit.accounts.tests.factories import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 15_000
# Every browser test: the marker, and a transactional database (the live server runs in another
# thread) whose migrated reference data (role groups, golongan) is restored before each test.
BROWSER = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# The append-only tables' trigger migrations: the audit log and the exam answer-event log.
_TRIGGER_MODULES = [
    importlib.import_module("simerit.audit.migrations.0002_append_only_trigger"),
    importlib.import_module("simerit.exams.migrations.0002_answer_event_append_only"),
]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the browser tests after every other test (after pytest-django's own ordering).

    From the first browser test on, Playwright's event loop counts as running in this thread,
    which would change how later tests see asyncio and Django's connections.
    """
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(scope="session")
def browser(django_db_setup: None) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"Uji peramban memerlukan Debian chromium di {CHROMIUM}, tetapi berkas itu tidak ada. "
            "Pasang dengan `sudo apt-get install chromium` atau jalankan `make chromium`.",
            pytrace=False,
        )
    serialized = {
        alias: getattr(connections[alias], "_test_serialized_contents", None)
        for alias in connections
    }
    # Playwright's sync API runs an event loop in the test thread, and Django refuses ORM calls
    # from a thread with a running loop; fixtures and factories run in that thread. Allowed only
    # while the browser tests run (they run last), so the rest of the suite keeps Django's check.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            # From here on an asyncio loop counts as running in this thread, so Django's connection
            # handler (an asgiref Local) hands out new connection objects for the same test
            # database. They lack the migrated data that serialized_rollback restores; give it.
            for alias, contents in serialized.items():
                if contents is not None:
                    # Set by Django's test-database creation; not declared on the connection class.
                    connections[alias]._test_serialized_contents = contents  # type: ignore[attr-defined]
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
            # Close the second set of connections too, or PostgreSQL refuses to drop the test
            # database.
            for conn in connections.all(initialized_only=True):
                conn.close()


@pytest.fixture
def page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    context = browser.new_context(
        base_url=live_server.url, locale="id-ID", viewport={"width": 1280, "height": 800}
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def log_in(page: Page) -> Callable[[User], Page]:
    """Log in through the login form, as a person would; returns the page on the dashboard."""

    def log_in_as(user: User) -> Page:
        page.goto("/akun/masuk/")
        page.get_by_label("Nama pengguna").fill(user.username)
        page.get_by_label("Kata sandi").fill(PASSWORD)
        page.get_by_role("button", name="Masuk").click()
        page.wait_for_url("/")
        return page

    return log_in_as


def _run(statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _triggers(kind: str) -> list[str]:
    vendor = "POSTGRESQL" if connection.vendor == "postgresql" else "SQLITE"
    statements: list[str] = []
    for module in _TRIGGER_MODULES:
        statements += getattr(module, f"{vendor}_{kind}")
    return statements


@pytest.fixture(autouse=True)
def _audit_triggers_off_for_flush(transactional_db: None) -> Iterator[None]:
    """Let the flush after each transactional test empty the append-only tables.

    The triggers of audit/0002 and exams/0002 reject DELETE (SQLite) and TRUNCATE (PostgreSQL), which is how
    Django empties tables between transactional tests. They are active during the test and
    dropped just before the flush.
    """
    _run(_triggers("DROP") + _triggers("CREATE"))
    yield
    _run(_triggers("DROP"))


@pytest.fixture(autouse=True, scope="module")
def _database_restored_after_module(django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    """Leave the database as the migrations made it: triggers back, reference data reloaded."""
    yield
    with django_db_blocker.unblock():
        _run(_triggers("DROP") + _triggers("CREATE"))
        serialized: Any = getattr(connection, "_test_serialized_contents", None)
        if serialized:
            connection.creation.deserialize_db_from_string(serialized)
