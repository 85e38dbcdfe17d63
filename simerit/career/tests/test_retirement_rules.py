"""BUP rules: the age per kind of jabatan or jenjang, the first day of the month after the month
the age is reached, and the yearly counts of the forecast."""

import datetime as dt

import pytest

from simerit.career.rules import retirement as rules

# As seeded by career migration 0002.
AGES = {
    ("jpt_pratama", ""): 60,
    ("administrator", ""): 58,
    ("pengawas", ""): 58,
    ("pelaksana", ""): 58,
    ("fungsional", ""): 58,
    ("fungsional", "ahli_utama"): 65,
}


@pytest.mark.parametrize(
    ("birth_date", "expected"),
    [
        (dt.date(1968, 3, 1), dt.date(2026, 4, 1)),  # born on the 1st
        (dt.date(1968, 3, 31), dt.date(2026, 4, 1)),  # born on the 31st: same month, same day
        (dt.date(1968, 12, 15), dt.date(2027, 1, 1)),  # December rolls into January
    ],
)
def test_bup_date_is_the_first_of_the_month_after_reaching_the_age(birth_date, expected):
    assert rules.retirement_date(birth_date, 58) == expected


def test_a_leap_day_birthday_reaches_its_age_in_february():
    # 2026 has no 29 February: the employee still turns 58 in February.
    assert rules.retirement_date(dt.date(1968, 2, 29), 58) == dt.date(2026, 3, 1)
    assert rules.retirement_date(dt.date(1964, 2, 29), 64) == dt.date(2028, 3, 1)


@pytest.mark.parametrize(
    ("kind", "level", "age", "retires_on"),
    [
        ("pelaksana", "", 58, dt.date(2028, 6, 1)),
        ("administrator", "", 58, dt.date(2028, 6, 1)),
        ("jpt_pratama", "", 60, dt.date(2030, 6, 1)),
        ("fungsional", "ahli_madya", 58, dt.date(2028, 6, 1)),  # no jenjang row: the kind's
        ("fungsional", "ahli_utama", 65, dt.date(2035, 6, 1)),  # the jenjang's row wins
    ],
)
def test_58_vs_60_vs_ahli_utama_65(kind, level, age, retires_on):
    retirement = rules.retirement_of(
        AGES, birth_date=dt.date(1970, 5, 20), position_kind=kind, functional_level=level
    )

    assert retirement == rules.Retirement(age=age, retires_on=retires_on, reason="")


def test_a_kind_without_an_age_says_so():
    retirement = rules.retirement_of(
        AGES, birth_date=dt.date(1970, 5, 20), position_kind="jpt_madya", functional_level=""
    )

    assert retirement == rules.Retirement(
        age=None, retires_on=None, reason="Batas usia pensiun jabatan ini belum diatur."
    )


def test_a_jenjang_row_without_a_kind_row_still_applies():
    ages = {("fungsional", "ahli_utama"): 65}

    assert rules.age_for(ages, position_kind="fungsional", functional_level="ahli_utama") == 65
    assert rules.age_for(ages, position_kind="fungsional", functional_level="ahli_muda") is None


def test_forecast_covers_this_year_and_the_next_four():
    assert rules.forecast_years(dt.date(2026, 11, 28)) == [2026, 2027, 2028, 2029, 2030]


def test_counts_per_year_skip_dates_on_or_before_today_and_outside_the_years():
    dates = [
        dt.date(2026, 11, 1),  # already past: overdue, not forecast
        dt.date(2026, 11, 28),  # today: already retired
        dt.date(2026, 12, 1),
        dt.date(2027, 1, 1),
        dt.date(2027, 7, 1),
        dt.date(2031, 1, 1),  # beyond the forecast
    ]

    counts = rules.count_per_year(
        dates, today=dt.date(2026, 11, 28), years=[2026, 2027, 2028, 2029, 2030]
    )

    assert counts == {2026: 1, 2027: 2, 2028: 0, 2029: 0, 2030: 0}


def test_overdue_is_on_or_after_the_bup_date():
    today = dt.date(2026, 11, 28)
    assert rules.is_overdue(dt.date(2026, 11, 1), today=today) is True
    assert rules.is_overdue(dt.date(2026, 12, 1), today=today) is False
