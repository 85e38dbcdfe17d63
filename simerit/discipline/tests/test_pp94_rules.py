"""The PP 94/2021 table (Pasal 8) and the date arithmetic of a sanction (rules.pp94)."""

import datetime as dt

import pytest

from simerit.discipline.models import Level, SanctionType
from simerit.discipline.rules import pp94

D = dt.date


@pytest.mark.parametrize(
    ("sanction_type", "level", "months", "cut", "permanent"),
    [
        (SanctionType.TEGURAN_LISAN, Level.RINGAN, 0, 0, False),
        (SanctionType.TEGURAN_TERTULIS, Level.RINGAN, 0, 0, False),
        (SanctionType.PERNYATAAN_TIDAK_PUAS, Level.RINGAN, 0, 0, False),
        (SanctionType.POTONG_6, Level.SEDANG, 6, 25, False),
        (SanctionType.POTONG_9, Level.SEDANG, 9, 25, False),
        (SanctionType.POTONG_12, Level.SEDANG, 12, 25, False),
        (SanctionType.PENURUNAN_JABATAN, Level.BERAT, 12, 0, False),
        (SanctionType.PEMBEBASAN_JABATAN, Level.BERAT, 12, 0, False),
        (SanctionType.PDHTAPS, Level.BERAT, 0, 0, True),
    ],
)
def test_every_type_has_its_level_duration_and_cut(
    sanction_type: str, level: str, months: int, cut: int, permanent: bool
) -> None:
    spec = pp94.spec_for(sanction_type, level)
    assert (spec.level, spec.months, spec.tpp_cut_percent, spec.permanent) == (
        level,
        months,
        cut,
        permanent,
    )


def test_the_table_covers_every_type_exactly_once() -> None:
    assert sorted(pp94.TABLE) == sorted(SanctionType.values)
    assert [spec.type for spec in pp94.types_of_level(Level.SEDANG)] == [
        "potong_tpp_6",
        "potong_tpp_9",
        "potong_tpp_12",
    ]


def test_a_type_outside_its_level_is_refused_with_the_exact_message() -> None:
    with pytest.raises(pp94.SanctionTableError) as error:
        pp94.spec_for(SanctionType.POTONG_6, Level.RINGAN)
    assert str(error.value) == (
        "Jenis hukuman “Pemotongan tunjangan kinerja/TPP 25% selama 6 bulan” bukan hukuman "
        "disiplin tingkat ringan: jenis ini termasuk tingkat sedang (PP 94/2021 Pasal 8)."
    )


def test_a_berat_type_given_as_sedang_is_refused() -> None:
    with pytest.raises(pp94.SanctionTableError) as error:
        pp94.spec_for(SanctionType.PDHTAPS, Level.SEDANG)
    assert str(error.value) == (
        "Jenis hukuman “Pemberhentian dengan hormat tidak atas permintaan sendiri sebagai PNS” "
        "bukan hukuman disiplin tingkat sedang: jenis ini termasuk tingkat berat (PP 94/2021 "
        "Pasal 8)."
    )


def test_an_unknown_type_is_refused() -> None:
    with pytest.raises(pp94.SanctionTableError) as error:
        pp94.spec_for("skorsing")
    assert str(error.value) == "Jenis hukuman disiplin tidak dikenal dalam PP 94/2021."


@pytest.mark.parametrize(
    ("sanction_type", "starts_on", "ends_on"),
    [
        (SanctionType.POTONG_6, D(2026, 12, 1), D(2027, 5, 31)),
        (SanctionType.POTONG_9, D(2026, 12, 1), D(2027, 8, 31)),
        (SanctionType.POTONG_12, D(2026, 12, 1), D(2027, 11, 30)),
        (SanctionType.POTONG_6, D(2027, 3, 1), D(2027, 8, 31)),
        (SanctionType.PENURUNAN_JABATAN, D(2026, 11, 20), D(2027, 11, 19)),
        (SanctionType.PEMBEBASAN_JABATAN, D(2024, 2, 29), D(2025, 2, 27)),
        # 31 January + 1 month is clamped to the last day of February, minus one day.
        (SanctionType.PENURUNAN_JABATAN, D(2027, 1, 31), D(2028, 1, 30)),
    ],
)
def test_end_dates(sanction_type: str, starts_on: dt.date, ends_on: dt.date) -> None:
    assert pp94.end_date(sanction_type, starts_on) == ends_on


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2027, 1, 31), 1, D(2027, 2, 28)),
        (D(2028, 1, 31), 1, D(2028, 2, 29)),
        (D(2026, 8, 31), 1, D(2026, 9, 30)),
        (D(2026, 12, 15), 1, D(2027, 1, 15)),
        (D(2026, 3, 31), 11, D(2027, 2, 28)),
    ],
)
def test_add_months_clamps_to_the_last_day_of_the_month(
    day: dt.date, months: int, expected: dt.date
) -> None:
    assert pp94.add_months(day, months) == expected


@pytest.mark.parametrize(
    "sanction_type",
    [SanctionType.TEGURAN_LISAN, SanctionType.TEGURAN_TERTULIS, SanctionType.PDHTAPS],
)
def test_ringan_and_pdhtaps_have_no_end_date(sanction_type: str) -> None:
    assert pp94.end_date(sanction_type, D(2026, 12, 1)) is None


def test_a_ringan_sanction_is_never_active() -> None:
    assert not pp94.is_active(
        sanction_type=SanctionType.TEGURAN_TERTULIS,
        starts_on=D(2026, 12, 1),
        ends_on=None,
        on=D(2026, 12, 1),
    )


@pytest.mark.parametrize(
    ("on", "active"),
    [
        (D(2026, 11, 30), False),
        (D(2026, 12, 1), True),
        (D(2027, 5, 31), True),
        (D(2027, 6, 1), False),
    ],
)
def test_a_timed_sanction_is_active_between_its_dates(on: dt.date, active: bool) -> None:
    assert (
        pp94.is_active(
            sanction_type=SanctionType.POTONG_6,
            starts_on=D(2026, 12, 1),
            ends_on=D(2027, 5, 31),
            on=on,
        )
        is active
    )


@pytest.mark.parametrize(
    ("on", "active"), [(D(2026, 11, 30), False), (D(2026, 12, 1), True), (D(2060, 1, 1), True)]
)
def test_pdhtaps_is_active_from_its_start_for_ever(on: dt.date, active: bool) -> None:
    assert (
        pp94.is_active(
            sanction_type=SanctionType.PDHTAPS, starts_on=D(2026, 12, 1), ends_on=None, on=on
        )
        is active
    )


@pytest.mark.parametrize(
    ("month", "cuts"),
    [
        (D(2026, 11, 1), False),
        (D(2026, 12, 1), True),
        (D(2027, 5, 1), True),
        (D(2027, 6, 1), False),
    ],
)
def test_a_sedang_sanction_cuts_exactly_its_months(month: dt.date, cuts: bool) -> None:
    assert (
        pp94.cuts_tpp_in_month(
            sanction_type=SanctionType.POTONG_6,
            starts_on=D(2026, 12, 1),
            ends_on=D(2027, 5, 31),
            month=month,
        )
        is cuts
    )


@pytest.mark.parametrize(
    "sanction_type", [SanctionType.PENURUNAN_JABATAN, SanctionType.TEGURAN_LISAN]
)
def test_other_types_never_cut_the_tpp(sanction_type: str) -> None:
    starts_on = D(2026, 12, 1)
    assert not pp94.cuts_tpp_in_month(
        sanction_type=sanction_type,
        starts_on=starts_on,
        ends_on=pp94.end_date(sanction_type, starts_on),
        month=D(2027, 1, 1),
    )


@pytest.mark.parametrize(
    ("day", "count", "expected"),
    [
        (D(2026, 11, 3), 7, D(2026, 11, 12)),  # Tuesday + 7 → Thursday of the next week
        (D(2026, 11, 27), 1, D(2026, 11, 30)),  # Friday + 1 → Monday
        (D(2026, 11, 28), 1, D(2026, 11, 30)),  # Saturday + 1 → Monday
        (D(2026, 11, 12), 0, D(2026, 11, 12)),
    ],
)
def test_add_working_days_skips_weekends(day: dt.date, count: int, expected: dt.date) -> None:
    assert pp94.add_working_days(day, count) == expected


@pytest.mark.parametrize(
    ("start", "end", "count"),
    [
        (D(2026, 11, 3), D(2026, 11, 12), 7),
        (D(2026, 11, 27), D(2026, 11, 30), 1),
        (D(2026, 11, 12), D(2026, 11, 12), 0),
        (D(2026, 11, 12), D(2026, 11, 3), 0),
    ],
)
def test_working_days_between(start: dt.date, end: dt.date, count: int) -> None:
    assert pp94.working_days_between(start, end) == count


# Thursday 24 December 2026 (cuti bersama) and Friday 25 December 2026 (Natal).
CHRISTMAS = frozenset({D(2026, 12, 24), D(2026, 12, 25)})


@pytest.mark.parametrize(
    ("day", "count", "holidays", "expected"),
    [
        (D(2026, 12, 21), 5, frozenset(), D(2026, 12, 28)),  # Monday + 5, no holidays
        (D(2026, 12, 21), 5, CHRISTMAS, D(2026, 12, 30)),  # two holidays inside: two days later
        (D(2026, 12, 21), 2, CHRISTMAS, D(2026, 12, 23)),  # the holidays after the window
        (D(2026, 12, 23), 1, CHRISTMAS, D(2026, 12, 28)),  # the next day is a holiday
        (D(2026, 12, 24), 1, CHRISTMAS, D(2026, 12, 28)),  # counted from a holiday
        (D(2026, 12, 21), 5, frozenset({D(2026, 12, 26)}), D(2026, 12, 28)),  # Saturday: no effect
    ],
)
def test_add_working_days_skips_holidays(
    day: dt.date, count: int, holidays: frozenset[dt.date], expected: dt.date
) -> None:
    assert pp94.add_working_days(day, count, holidays) == expected


@pytest.mark.parametrize(
    ("start", "end", "holidays", "count"),
    [
        (D(2026, 12, 21), D(2026, 12, 31), frozenset(), 8),
        (D(2026, 12, 21), D(2026, 12, 31), CHRISTMAS, 6),
        (D(2026, 12, 23), D(2026, 12, 25), CHRISTMAS, 0),
        (D(2026, 12, 21), D(2026, 12, 31), frozenset({D(2026, 12, 26)}), 8),
    ],
)
def test_working_days_between_skips_holidays(
    start: dt.date, end: dt.date, holidays: frozenset[dt.date], count: int
) -> None:
    assert pp94.working_days_between(start, end, holidays) == count
