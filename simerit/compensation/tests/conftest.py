"""The TPP tests run on a fixed day: a run may not be computed for a month after the current one,
the fixture month (October 2026) is "last month", and a predikat counts when it is final on the
month's first day, so the suite must not change its answers as the calendar moves.

`django.utils.timezone.now` (which `localdate()` and `auto_now` fields call) starts at TODAY and
runs on with the real clock, so timestamps still increase. A test that needs another moment patches
`timezone.now` itself (its patch is applied after this one)."""

import datetime as dt
import time

import pytest
from django.utils import timezone

# 28 November 2026, 10.00 WIB: the current month is November 2026; October is the last month.
TODAY = dt.datetime(2026, 11, 28, 3, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    started = time.monotonic()

    def now() -> dt.datetime:
        return TODAY + dt.timedelta(seconds=time.monotonic() - started)

    monkeypatch.setattr(timezone, "now", now)
