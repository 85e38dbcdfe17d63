"""The yearly JP rule (PP 11/2017 Pasal 203(4)) as pure functions."""

import datetime as dt
from decimal import Decimal

import pytest

from simerit.training.rules import jp as rules

D = Decimal


@pytest.mark.parametrize(
    ("jp", "expected"), [("19.9", False), ("20.0", True), ("20", True), ("35.5", True)]
)
def test_is_compliant_counts_reaching_the_minimum_exactly(jp, expected):
    assert rules.is_compliant(jp=D(jp), minimum=D("20.0")) is expected


@pytest.mark.parametrize(
    ("jp", "expected"), [("0", "20.0"), ("12.5", "7.5"), ("20.0", "0"), ("31", "0")]
)
def test_shortfall_is_never_negative(jp, expected):
    assert rules.shortfall(jp=D(jp), minimum=D("20.0")) == D(expected)


@pytest.mark.parametrize(
    ("jp", "expected"), [("0", 0), ("15.5", 78), ("19.9", 100), ("20", 100), ("45", 100)]
)
def test_progress_percent_is_capped_at_100(jp, expected):
    # 19.9 / 20 = 99.5 %, rounded half up
    assert rules.progress_percent(jp=D(jp), minimum=D("20.0")) == expected


def test_compliance_percent_and_average_are_one_decimal_and_none_for_nobody():
    assert rules.compliance_percent(compliant=1, employees=3) == D("33.3")
    assert rules.compliance_percent(compliant=2, employees=3) == D("66.7")
    assert rules.compliance_percent(compliant=0, employees=0) is None
    assert rules.average_jp(total=D("62.5"), employees=3) == D("20.8")
    assert rules.average_jp(total=D("0"), employees=0) is None


def test_reminders_are_due_from_the_day_set_until_the_end_of_the_year():
    start = dt.date(2026, 10, 1)

    assert rules.reminder_refusal(today=dt.date(2026, 10, 1), year=2026, reminders_from=start) == ""
    assert (
        rules.reminder_refusal(today=dt.date(2026, 12, 31), year=2026, reminders_from=start) == ""
    )
    assert (
        rules.reminder_refusal(today=dt.date(2026, 9, 30), year=2026, reminders_from=start)
        == "Pengingat JP tahun 2026 baru dikirim mulai 1 Oktober 2026."
    )
    assert (
        rules.reminder_refusal(today=dt.date(2027, 1, 2), year=2026, reminders_from=start)
        == "Tanggal 2 Januari 2027 tidak berada dalam tahun 2026."
    )
    assert rules.default_reminders_from(2026) == start


@pytest.mark.parametrize(
    ("value", "text"), [("20.0", "20"), ("12.5", "12,5"), ("0", "0"), ("3.20000000000000", "3,2")]
)
def test_format_jp_uses_the_indonesian_decimal_comma(value, text):
    assert rules.format_jp(D(value)) == text


def test_reminder_text_states_the_jp_and_the_shortfall():
    title, body = rules.reminder_text(year=2026, jp=D("12.5"), minimum=D("20.0"))

    assert title == "Pengingat: JP pengembangan kompetensi tahun 2026 belum terpenuhi"
    assert body.startswith(
        "JP pengembangan kompetensi Anda tahun 2026 sampai hari ini 12,5 JP, kurang 7,5 JP dari "
        "minimum 20 JP (PP 11/2017 Pasal 203 ayat 4)."
    )
