"""The 9-box rules (§8.2): the two axes with their thresholds, the nine boxes of the grid
4 7 9 / 2 5 8 / 1 3 6 with their actions, unknown axes, and the validity of an assessment."""

import datetime as dt
from decimal import Decimal

import pytest

from simerit.career.rules import talent as rules

THRESHOLDS = rules.Thresholds(
    medium_from=Decimal("60"),
    high_from=Decimal("80"),
    above=["sangat_baik"],
    as_expected=["baik"],
    valid_years=3,
)
SCORES = {rules.LOW: Decimal("45"), rules.MEDIUM: Decimal("70"), rules.HIGH: Decimal("90")}
PREDIKATS = {rules.ABOVE: "sangat_baik", rules.AS_EXPECTED: "baik", rules.BELOW: "kurang"}


@pytest.mark.parametrize(
    ("performance", "potential", "number", "actions"),
    [
        (
            "above",
            "high",
            9,
            [
                "Dipromosikan dan dipertahankan",
                "Masuk Kelompok Rencana Suksesi Instansi/Nasional",
                "Penghargaan",
            ],
        ),
        (
            "as_expected",
            "high",
            8,
            [
                "Dipertahankan",
                "Masuk Kelompok Rencana Suksesi Instansi",
                "Rotasi/perluasan jabatan",
                "Bimbingan kinerja",
            ],
        ),
        (
            "above",
            "medium",
            7,
            [
                "Dipertahankan",
                "Masuk Kelompok Rencana Suksesi Instansi",
                "Rotasi/pengayaan jabatan",
                "Pengembangan kompetensi",
                "Tugas belajar",
            ],
        ),
        ("below", "high", 6, ["Penempatan yang sesuai", "Bimbingan kinerja", "Konseling kinerja"]),
        (
            "as_expected",
            "medium",
            5,
            ["Penempatan yang sesuai", "Bimbingan kinerja", "Pengembangan kompetensi"],
        ),
        ("above", "low", 4, ["Rotasi", "Pengembangan kompetensi"]),
        (
            "below",
            "medium",
            3,
            [
                "Bimbingan kinerja",
                "Konseling kinerja",
                "Pengembangan kompetensi",
                "Penempatan yang sesuai",
            ],
        ),
        (
            "as_expected",
            "low",
            2,
            ["Bimbingan kinerja", "Pengembangan kompetensi", "Penempatan yang sesuai"],
        ),
        ("below", "low", 1, ["Diproses sesuai ketentuan peraturan perundang-undangan"]),
    ],
)
def test_each_combination_of_the_axes_lands_in_its_box_with_its_actions(
    performance, potential, number, actions
):
    placement = rules.place(
        predikat=PREDIKATS[performance], score=SCORES[potential], thresholds=THRESHOLDS
    )

    assert placement == rules.Placement(
        performance=performance, potential=potential, box=number, actions=actions, reason=""
    )


def test_the_grid_reads_4_7_9_over_2_5_8_over_1_3_6():
    rows = [
        [rules.box(performance, potential) for potential in rules.POTENTIAL_ORDER]
        for performance in rules.PERFORMANCE_ORDER
    ]

    assert rows == [[4, 7, 9], [2, 5, 8], [1, 3, 6]]


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        ("0", "low"),
        ("59.99", "low"),
        ("60", "medium"),
        ("60.00", "medium"),
        ("79.99", "medium"),
        ("80", "high"),
        ("100", "high"),
    ],
)
def test_potential_thresholds_belong_to_the_higher_band(score, expected):
    assert (
        rules.potential_axis(Decimal(score), medium_from=Decimal("60"), high_from=Decimal("80"))
        == expected
    )


@pytest.mark.parametrize(
    ("predikat", "expected"),
    [
        ("sangat_baik", "above"),
        ("baik", "as_expected"),
        ("butuh_perbaikan", "below"),
        ("kurang", "below"),
        ("sangat_kurang", "below"),
    ],
)
def test_performance_follows_the_settings_lists_and_every_other_predikat_is_below(
    predikat, expected
):
    assert rules.performance_axis(predikat, above=["sangat_baik"], as_expected=["baik"]) == expected


def test_performance_lists_are_configuration():
    assert rules.performance_axis("baik", above=["sangat_baik", "baik"], as_expected=[]) == "above"


def test_no_final_predikat_gives_no_box_and_says_so():
    placement = rules.place(predikat=None, score=Decimal("90"), thresholds=THRESHOLDS)

    assert placement == rules.Placement(
        performance="", potential="high", box=None, actions=[], reason="Belum ada predikat final."
    )


def test_no_valid_assessment_gives_no_box_and_says_so():
    placement = rules.place(predikat="baik", score=None, thresholds=THRESHOLDS)

    assert placement == rules.Placement(
        performance="as_expected",
        potential="",
        box=None,
        actions=[],
        reason="Belum ada hasil asesmen potensial yang berlaku.",
    )


def test_both_axes_unknown_gives_both_reasons():
    placement = rules.place(predikat="", score=None, thresholds=THRESHOLDS)

    assert placement.box is None
    assert placement.reason == (
        "Belum ada predikat final. Belum ada hasil asesmen potensial yang berlaku."
    )


@pytest.mark.parametrize(
    ("assessed_on", "valid"),
    [
        (dt.date(2023, 11, 27), False),  # one day older than three years
        (dt.date(2023, 11, 28), True),  # exactly three years: the anniversary counts
        (dt.date(2026, 11, 28), True),  # today
        (dt.date(2026, 11, 29), False),  # after the day asked about
    ],
)
def test_an_assessment_is_valid_for_the_configured_years_anniversary_included(assessed_on, valid):
    assert rules.is_valid_assessment(assessed_on, on=dt.date(2026, 11, 28), valid_years=3) is valid


def test_validity_from_a_leap_day_falls_back_to_the_28th():
    assert rules.valid_from(dt.date(2028, 2, 29), valid_years=3) == dt.date(2025, 2, 28)


def test_box_labels_name_both_axes():
    assert rules.box_label(7) == "Kotak 7: kinerja di atas ekspektasi, potensial menengah"
    assert rules.box_label(1) == "Kotak 1: kinerja di bawah ekspektasi, potensial rendah"
