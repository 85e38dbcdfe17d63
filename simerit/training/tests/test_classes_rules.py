import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from simerit.core.exceptions import InvalidInputError
from simerit.training.rules import classes as rules

WIB = dt.timezone(dt.timedelta(hours=7))
START = dt.datetime(2026, 11, 28, 9, 30, tzinfo=WIB)
END = dt.datetime(2026, 11, 28, 12, 0, tzinfo=WIB)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (dt.datetime(2026, 11, 28, 8, 59, tzinfo=WIB), "not_yet"),
        (dt.datetime(2026, 11, 28, 9, 0, tzinfo=WIB), "open"),
        (dt.datetime(2026, 11, 28, 12, 0, tzinfo=WIB), "open"),
        (dt.datetime(2026, 11, 28, 12, 0, 1, tzinfo=WIB), "closed"),
    ],
)
def test_checkin_window_opens_30_minutes_before_and_closes_at_the_end(now, expected):
    assert rules.checkin_window(now=now, starts_at=START, ends_at=END) == expected


def test_checkin_refusals_in_order():
    facts: dict[str, Any] = {
        "meeting_cancelled": False,
        "class_running": True,
        "enrolled": True,
        "already_present": False,
        "decided": False,
        "window": rules.CheckinWindow.OPEN,
        "starts_at": START,
    }
    assert rules.checkin_refusal(**facts) is None
    assert rules.checkin_refusal(**{**facts, "meeting_cancelled": True, "enrolled": False}) == (
        rules.MEETING_CANCELLED
    )
    assert rules.checkin_refusal(**{**facts, "class_running": False}) == rules.CLASS_NOT_RUNNING
    assert rules.checkin_refusal(**{**facts, "enrolled": False, "window": "closed"}) == (
        "Anda tidak terdaftar di kelas ini."
    )
    assert rules.checkin_refusal(**{**facts, "window": "not_yet"}) == (
        "Presensi pertemuan ini belum dibuka; presensi dibuka 28 November 2026 pukul 09.00 WIB."
    )
    assert rules.checkin_refusal(**{**facts, "window": "closed"}) == (
        "Presensi pertemuan ini sudah ditutup."
    )
    # Already present: no refusal whatever the time (the caller says so kindly).
    assert rules.checkin_refusal(**{**facts, "already_present": True, "window": "closed"}) is None
    # Decided (passed or not): no new attendance, even within the window.
    assert rules.checkin_refusal(**{**facts, "decided": True}) == (
        "Kelulusan Anda di kelas ini sudah diputuskan; kehadiran tidak dapat ditambahkan lagi."
    )
    assert rules.checkin_refusal(**{**facts, "decided": True, "already_present": True}) is None


@pytest.mark.parametrize(
    ("value", "required", "expected"),
    [
        ("  Bentrok dinas luar  ", True, "Bentrok dinas luar"),
        ("   ", False, ""),
        ("x" * 500, True, "x" * 500),
    ],
)
def test_clean_text_strips_the_text(value, required, expected):
    assert rules.clean_text(value, label="Alasan", required=required) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("  ", "Alasan pembatalan wajib diisi."),
        ("x" * 501, "Alasan pembatalan paling banyak 500 karakter."),
    ],
)
def test_clean_text_refuses_an_empty_or_long_text(value, message):
    with pytest.raises(InvalidInputError) as refused:
        rules.clean_text(value, label="Alasan pembatalan")
    assert refused.value.errors == {"reason": [message]}


@pytest.mark.parametrize(
    ("attended", "held", "percent", "meets"),
    [
        (4, 5, Decimal("80.00"), True),
        (2, 3, Decimal("66.66"), False),  # cut, never rounded up toward the minimum
        (0, 3, Decimal("0.00"), False),
        (3, 3, Decimal("100.00"), True),
        (0, 0, None, True),  # a class without meetings requires no attendance
    ],
)
def test_attendance_share_against_an_80_percent_minimum(attended, held, percent, meets):
    assert rules.attendance_percent(attended=attended, held=held) == percent
    assert rules.meets_attendance(attended=attended, held=held, minimum_percent=80) is meets


def test_attendance_comparison_is_exact_near_the_minimum():
    # 79 of 99 meetings is 79.79 %, 80 of 100 exactly 80 %.
    assert rules.meets_attendance(attended=79, held=99, minimum_percent=80) is False
    assert rules.meets_attendance(attended=80, held=100, minimum_percent=80) is True


def test_attendance_shortfall_message_gives_the_numbers():
    assert rules.attendance_shortfall_message(attended=2, held=3, minimum_percent=80) == (
        "Kehadiran peserta 2 dari 3 pertemuan (66,66%) kurang dari batas minimum 80%; peserta "
        "tidak dapat dinyatakan lulus."
    )


@pytest.mark.parametrize(
    ("jp", "message"),
    [
        # The range and precision are the catalogue's (rules.catalogue.jp_problem).
        (Decimal("-3"), "JP tidak boleh negatif; isi 0,5 sampai 999,9 JP."),
        (Decimal("0"), "JP tidak boleh nol; isi 0,5 sampai 999,9 JP."),
        (Decimal("0.4"), "JP paling sedikit 0,5 JP."),
        (
            Decimal("1000"),
            "JP sebesar itu tidak masuk akal; paling banyak 999,9 JP (1 JP = 45 menit). Periksa "
            "kembali isiannya.",
        ),
        (Decimal("12.25"), "JP paling banyak satu angka di belakang koma, mis. 12,5."),
        (Decimal("NaN"), "JP harus berupa angka, mis. 12,5."),
        # The daily ceiling is the class's own.
        (
            Decimal("31"),
            "JP 31 tidak masuk akal untuk kelas 3 hari: paling banyak 30 JP (10 JP per hari).",
        ),
        (
            Decimal("30.5"),
            "JP 30,5 tidak masuk akal untuk kelas 3 hari: paling banyak 30 JP (10 JP per hari).",
        ),
        (Decimal("30"), None),
        (Decimal("0.5"), None),
    ],
)
def test_jp_of_a_three_day_class(jp, message):
    assert rules.jp_error(jp, days=3, per_day=Decimal("10.0")) == message


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (Decimal("0"), None),
        (Decimal("100"), None),
        (Decimal("87.25"), None),
        (Decimal("-0.01"), "Nilai harus antara 0 dan 100."),
        (Decimal("100.01"), "Nilai harus antara 0 dan 100."),
        (Decimal("80.125"), "Nilai ditulis dengan paling banyak dua angka desimal."),
        (Decimal("Infinity"), "Nilai harus antara 0 dan 100."),
    ],
)
def test_score_bounds(value, message):
    assert rules.score_error(value) == message


def test_class_dates_errors():
    day = dt.date(2026, 12, 14)
    assert rules.class_dates_errors(starts_on=day, ends_on=day, enrolment_closes_on=day) == {}
    assert rules.class_dates_errors(
        starts_on=day, ends_on=day - dt.timedelta(days=1), enrolment_closes_on=day
    ) == {"ends_on": ["Tanggal selesai tidak boleh sebelum tanggal mulai."]}
    assert rules.class_dates_errors(
        starts_on=day, ends_on=day + dt.timedelta(days=366), enrolment_closes_on=day
    ) == {"ends_on": ["Satu kelas paling lama 366 hari."]}
    assert rules.class_dates_errors(
        starts_on=day, ends_on=day, enrolment_closes_on=day + dt.timedelta(days=1)
    ) == {
        "enrolment_closes_on": ["Pendaftaran harus ditutup paling lambat pada tanggal mulai kelas."]
    }


def test_meeting_must_lie_within_the_class_dates_in_wib():
    first, last = dt.date(2026, 12, 14), dt.date(2026, 12, 16)
    inside = dt.datetime(2026, 12, 14, 8, tzinfo=WIB)
    assert (
        rules.meeting_times_errors(
            starts_at=inside,
            ends_at=inside + dt.timedelta(hours=2),
            class_starts_on=first,
            class_ends_on=last,
            tz=WIB,
        )
        == {}
    )
    # 13 December 23.00 UTC is 14 December 06.00 WIB: inside.
    utc_evening = dt.datetime(2026, 12, 13, 23, tzinfo=dt.UTC)
    assert (
        rules.meeting_times_errors(
            starts_at=utc_evening,
            ends_at=utc_evening + dt.timedelta(hours=1),
            class_starts_on=first,
            class_ends_on=last,
            tz=WIB,
        )
        == {}
    )
    before = dt.datetime(2026, 12, 13, 20, tzinfo=WIB)
    assert rules.meeting_times_errors(
        starts_at=before,
        ends_at=before - dt.timedelta(hours=1),
        class_starts_on=first,
        class_ends_on=last,
        tz=WIB,
    ) == {
        "ends_at": [
            "Waktu selesai harus sesudah waktu mulai.",
            "Pertemuan harus berada di antara tanggal mulai dan selesai kelas.",
        ],
        "starts_at": ["Pertemuan harus berada di antara tanggal mulai dan selesai kelas."],
    }
