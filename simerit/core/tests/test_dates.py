import datetime as dt

import pytest

from simerit.core.dates import format_date_id, format_datetime_wib, format_time_wib


def test_dates_are_indonesian():
    assert format_date_id(dt.date(2026, 8, 1)) == "1 Agustus 2026"
    assert format_date_id(dt.date(2026, 1, 31)) == "31 Januari 2026"
    assert format_date_id(dt.date(2026, 12, 9)) == "9 Desember 2026"


def test_an_aware_datetime_is_shown_in_wib():
    utc = dt.datetime(2026, 8, 12, 7, 5, tzinfo=dt.UTC)
    assert format_datetime_wib(utc) == "12 Agustus 2026 pukul 14.05 WIB"
    assert format_time_wib(utc) == "pukul 14.05 WIB"


def test_the_wib_date_is_the_local_one_across_midnight():
    utc = dt.datetime(2026, 12, 31, 17, 30, tzinfo=dt.UTC)
    assert format_datetime_wib(utc) == "1 Januari 2027 pukul 00.30 WIB"


def test_the_wib_format_does_not_depend_on_the_active_time_zone(settings):
    settings.TIME_ZONE = "UTC"
    assert format_datetime_wib(dt.datetime(2026, 8, 12, 0, 0, tzinfo=dt.UTC)) == (
        "12 Agustus 2026 pukul 07.00 WIB"
    )


def test_a_naive_datetime_is_refused():
    with pytest.raises(ValueError, match="naive"):
        format_datetime_wib(dt.datetime(2026, 8, 12, 7, 5))  # noqa: DTZ001
