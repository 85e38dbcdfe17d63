"""The pure checks of the catalogue: a programme's JP, a competency level, an assessment date."""

import datetime as dt
from decimal import Decimal

import pytest

from simerit.training.rules import catalogue as rules

TODAY = dt.date(2026, 11, 28)


@pytest.mark.parametrize(
    ("jp", "message"),
    [
        (None, "JP wajib diisi."),
        (Decimal("NaN"), "JP harus berupa angka, mis. 12,5."),
        (Decimal("-4"), "JP tidak boleh negatif; isi 0,5 sampai 999,9 JP."),
        (Decimal("0"), "JP tidak boleh nol; isi 0,5 sampai 999,9 JP."),
        (Decimal("0.4"), "JP paling sedikit 0,5 JP."),
        (
            Decimal("1000"),
            "JP sebesar itu tidak masuk akal; paling banyak 999,9 JP (1 JP = 45 menit). "
            "Periksa kembali isiannya.",
        ),
        (Decimal("1E+30"), rules.jp_problem(Decimal("1000"))),
        (Decimal("12.25"), "JP paling banyak satu angka di belakang koma, mis. 12,5."),
    ],
)
def test_jp_problem_names_what_is_wrong(jp, message):
    assert rules.jp_problem(jp) == message


@pytest.mark.parametrize("jp", ["0.5", "1", "12.5", "999.9", "24.0"])
def test_jp_problem_accepts_the_range(jp):
    assert rules.jp_problem(Decimal(jp)) is None


@pytest.mark.parametrize(
    ("level", "message"),
    [
        (None, "Level wajib diisi."),
        (0, "Level harus bilangan bulat 1 sampai 5."),
        (6, "Level harus bilangan bulat 1 sampai 5."),
        (-1, "Level harus bilangan bulat 1 sampai 5."),
        (True, "Level harus bilangan bulat 1 sampai 5."),
        (1, None),
        (5, None),
    ],
)
def test_level_problem(level, message):
    assert rules.level_problem(level) == message


@pytest.mark.parametrize(
    ("assessed_on", "message"),
    [
        (None, "Tanggal asesmen wajib diisi."),
        (
            dt.date(2026, 11, 29),
            "Tanggal asesmen tidak boleh di masa depan (hari ini 28 November 2026).",
        ),
        (dt.date(1999, 12, 31), "Tanggal asesmen tidak boleh sebelum 1 Januari 2000."),
        (TODAY, None),
        (dt.date(2000, 1, 1), None),
    ],
)
def test_assessed_on_problem(assessed_on, message):
    assert rules.assessed_on_problem(assessed_on, today=TODAY) == message


def test_an_older_assessment_does_not_replace_a_newer_one():
    assert rules.older_assessment_problem(
        dt.date(2025, 1, 1), current_on=dt.date(2026, 3, 3), current_level=3
    ) == (
        "Sudah tercatat asesmen yang lebih baru (3 Maret 2026, level 3); asesmen yang lebih "
        "lama tidak menggantikannya. Hapus asesmen itu lebih dahulu bila tanggalnya salah."
    )
    assert (
        rules.older_assessment_problem(
            dt.date(2026, 3, 3), current_on=dt.date(2026, 3, 3), current_level=3
        )
        is None
    )
    assert rules.older_assessment_problem(TODAY, current_on=None, current_level=None) is None


@pytest.mark.parametrize(
    ("required", "level", "gap"),
    [(3, 2, 1), (3, None, 3), (2, 4, 0), (None, 4, 0), (None, None, 0), (5, 5, 0)],
)
def test_gap_counts_a_missing_assessment_as_level_zero(required, level, gap):
    assert rules.gap(required_level=required, level=level) == gap
