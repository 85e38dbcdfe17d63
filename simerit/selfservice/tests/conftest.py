"""The self-service tests run on a fixed day: the page reads "final on today", the next promotion
period, this year's JP and Satyalancana class and the sanctions running today, so the suite must
not change its answers as the calendar moves.

`django.utils.timezone.now` (which `localdate()` and `auto_now` fields call) starts at TODAY and
runs on with the real clock, so timestamps still increase. A test that needs another moment patches
`timezone.now` itself (its patch is applied after this one)."""

import datetime as dt
import time

import pytest
from django.utils import timezone

# 28 November 2026, 10.00 WIB: the next KP period on or after today is 1 December 2026.
TODAY = dt.datetime(2026, 11, 28, 3, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    started = time.monotonic()

    def now() -> dt.datetime:
        return TODAY + dt.timedelta(seconds=time.monotonic() - started)

    monkeypatch.setattr(timezone, "now", now)
