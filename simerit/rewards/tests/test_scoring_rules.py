"""Committee scoring arithmetic and the other rules of awards (pure)."""

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

from simerit.discipline.models import Level
from simerit.rewards.rules import grants as numbers
from simerit.rewards.rules import scoring
from simerit.rewards.rules.conditions import SanctionFact
from simerit.rewards.rules.eligibility import award_conditions, meets_predikat

CRITERIA = [
    scoring.CriterionSpec(id=1, name="Kinerja", weight=Decimal("60"), max_score=100),
    scoring.CriterionSpec(id=2, name="Integritas", weight=Decimal("40"), max_score=50),
]


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        (["50", "40"], "Jumlah bobot kriteria harus 100%; saat ini 90%."),
        (["50", "42.50"], "Jumlah bobot kriteria harus 100%; saat ini 92,5%."),
        (["60", "50"], "Jumlah bobot kriteria harus 100%; saat ini 110%."),
        ([], "Jumlah bobot kriteria harus 100%; saat ini 0%."),
        (["60.00", "40.00"], None),
    ],
)
def test_weights_must_sum_to_100(weights, message):
    assert scoring.weights_error(Decimal(weight) for weight in weights) == message


@pytest.mark.parametrize(
    ("score", "message"),
    [
        ("-1", "Nilai Integritas harus antara 0 dan 50."),
        ("50.01", "Nilai Integritas harus antara 0 dan 50."),
        ("NaN", "Nilai Integritas harus antara 0 dan 50."),
        ("12.345", "Nilai Integritas paling banyak 2 angka desimal."),
        ("0", None),
        ("50", None),
        ("12.50", None),
    ],
)
def test_score_out_of_range_is_refused(score, message):
    assert scoring.score_error(CRITERIA[1], Decimal(score)) == message


def test_member_total_is_exact_weighted_sum():
    total = scoring.member_total(CRITERIA, {1: Decimal("80"), 2: Decimal("45")})

    # 80/100 × 60 + 45/50 × 40 = 48 + 36 = 84
    assert total == Fraction(84)


def test_final_score_is_the_mean_rounded_half_up_once():
    first = scoring.member_total(CRITERIA, {1: Decimal("80"), 2: Decimal("45")})  # 84
    second = scoring.member_total(CRITERIA, {1: Decimal("77.5"), 2: Decimal("40.01")})
    # 77.5/100 × 60 = 46.5; 40.01/50 × 40 = 32.008; total 78.508
    assert second == Fraction("78.508")
    # mean (84 + 78.508) / 2 = 81.254 → 81.25
    assert scoring.final_score([first, second]) == Decimal("81.25")


def test_final_score_rounds_a_half_cent_up():
    assert scoring.final_score([Fraction("80.005")]) == Decimal("80.01")
    assert scoring.final_score([Fraction(1, 3), Fraction(0)]) == Decimal("0.17")


def test_final_score_needs_a_member_total():
    with pytest.raises(ValueError, match="Belum ada nilai"):
        scoring.final_score([])


def test_predikat_order():
    assert meets_predikat("sangat_baik", "baik") is True
    assert meets_predikat("baik", "baik") is True
    assert meets_predikat("butuh_perbaikan", "baik") is False


def conditions(**changes: object):
    facts: dict[str, object] = {
        "is_active": True,
        "tmt": dt.date(2020, 3, 1),
        "on": dt.date(2026, 11, 28),
        "min_service_years": 5,
        "min_predikat": "baik",
        "latest_predikat": (2025, "sangat_baik"),
        "clean_record_years": 3,
        "sanctions": [],
    }
    facts.update(changes)
    return award_conditions(**facts)  # type: ignore[arg-type]


def test_award_conditions_all_met():
    found = conditions()

    assert [(item.requirement, item.met, item.note) for item in found] == [
        ("Pegawai aktif", True, "Pegawai aktif."),
        ("Masa kerja minimal 5 tahun", True, "Masa kerja pada 28/11/2026: 6 tahun 8 bulan."),
        ("Predikat kinerja terakhir minimal Baik", True, "Predikat 2025: Sangat Baik."),
        (
            "Tidak pernah dijatuhi hukuman disiplin tingkat sedang atau berat dalam 3 tahun "
            "terakhir",
            True,
            "Tidak ada hukuman disiplin tingkat sedang atau berat sejak 28/11/2023.",
        ),
    ]


def test_award_conditions_unmet_reasons():
    sanction = SanctionFact("HD-2025-0007", Level.BERAT, dt.date(2025, 6, 2))
    old = SanctionFact("HD-2022-0001", Level.SEDANG, dt.date(2023, 11, 27))
    found = conditions(
        tmt=dt.date(2022, 1, 1),
        latest_predikat=(2025, "butuh_perbaikan"),
        sanctions=[sanction, old],
    )

    assert [item.note for item in found if not item.met] == [
        "Masa kerja pada 28/11/2026: 4 tahun 10 bulan; minimal 5 tahun.",
        "Predikat 2025: Butuh Perbaikan; minimal Baik.",
        "Pernah dijatuhi hukuman disiplin tingkat berat (HD-2025-0007, 02/06/2025).",
    ]


def test_award_conditions_without_predikat_or_tmt():
    found = conditions(tmt=None, latest_predikat=None, is_active=False)

    assert [item.note for item in found if not item.met] == [
        "Pegawai tidak aktif.",
        "TMT CPNS/PPPK belum dicatat; masa kerja tidak dapat dihitung.",
        "Belum ada predikat kinerja final; minimal Baik.",
    ]


def test_conditions_not_set_are_not_listed():
    found = conditions(min_service_years=0, min_predikat="", clean_record_years=0)

    assert [item.requirement for item in found] == ["Pegawai aktif"]


def test_grant_numbers():
    number = numbers.grant_number(year=2026, sequence=12, random="7KQ4PX")

    assert number == "PGH-2026-000012-7KQ4PX"
    assert numbers.is_well_formed(number)
    assert numbers.sequence_of(number) == 12
    assert numbers.normalise_number(" pgh-2026-000012-7kq4px ") == number
    assert not numbers.is_well_formed("PGH-2026-000012-0OOOOO")
    assert len(numbers.random_part()) == 6
    with pytest.raises(ValueError, match="Nomor urut piagam"):
        numbers.grant_number(year=2026, sequence=0, random="7KQ4PX")
